/*
 * hw/virtio.c virtio_save: the common part every virtio device's section
 * starts with (virtio-net, virtio-blk, virtio-console, virtio-balloon).
 * A device table takes it as its first entry, a group named "virtio":
 *
 *   { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_net_011 },
 *
 * There is one variant per device and release because virtio_load reads
 * config_len bytes into the device's own config buffer, allocated at the
 * device's config size: that bound is the only difference between them.
 *
 * 0.10.6: pci_device_save, then the transport registers, the config, and
 * per queue its size, page frame and last avail index.
 *
 * 0.11.1: the PCI binding's save_config (hw/virtio-pci.c) writes
 * pci_device_save, msix_save and, with MSI-X, the config vector; per queue
 * its physical address replaces the page frame and, with MSI-X, the
 * binding's save_queue adds the queue's vector.  Whether MSI-X is there
 * (virtio_init_pci: the device's nvectors and the interrupt controller)
 * shows in the config space the section carries: the capability pointer at
 * 0x34 is 0x40, where msix_add_config puts the only capability a virtio
 * device has, and the table size is in the capability's flags word at
 * 0x42.  pci_device_load refuses a config whose capability bytes differ
 * from the loading device's (cmask set, wmask clear), so they describe the
 * loader's own layout.  The config space is split there; the conditions
 * below need those bytes as fields of this table, and a condition can only
 * name a field of its own or an enclosing table, so the 0.11.1 PCI part is
 * flat (pci_version, pci_config, ...) where 0.10.6 has the usual "pci"
 * group.
 *
 * Defaults: hw/virtio.c:virtio_reset (registered by virtio_init_pci in
 * 0.10.6; by hw/virtio-pci.c:virtio_pci_reset in 0.11.1, which adds
 * hw/msix.c:msix_reset).  It clears the transport registers and each
 * queue's address and index; the queue sizes, the I/O base, the config
 * bytes (the device's configuration: a MAC address, a capacity) and the
 * PCI config are left: required.
 */
#include <config.h>

#include "devices.h"
#include "bridge.h"

/* 0.10.6 virtio_save, one entry per queue */
static const struct sv_desc_field virtio_queue_010[] = {
    /* virtio_save stops at the first queue of size 0, and virtio_add_queue
     * refuses one above VIRTQUEUE_MAX_SIZE (1024), the size of the
     * VirtQueueElement arrays virtqueue_pop fills up to vring.num entries;
     * virtqueue_get_head takes the index modulo vring.num */
    { .name = "num", .type = SV_U32, .required = 1,
      .bounded = 1, .lo = 1, .hi = 1024 },
    /* the ring's guest page; 0: not set up.  virtio_reset: pfn and
     * last_avail_idx 0 */
    { .name = "pfn", .type = SV_U32 },
    { .name = "last_avail_idx", .type = SV_U16 },
    { .name = NULL },
};

/* 0.11.1 virtio_save and virtio_pci_save_queue, one entry per queue */
static const struct sv_desc_field virtio_queue_011[] = {
    /* as in 0.10.6 */
    { .name = "num", .type = SV_U32, .required = 1,
      .bounded = 1, .lo = 1, .hi = 1024 },
    /* virtio_reset: pa and last_avail_idx 0, vector VIRTIO_NO_VECTOR */
    { .name = "pa", .type = SV_U64 },
    { .name = "last_avail_idx", .type = SV_U16 },
    /* virtio_pci_save_queue, with MSI-X only.  Not bounded: load_queue
     * refuses a vector past the table through msix_vector_use, and
     * msix_notify checks it again; VIRTIO_NO_VECTOR (0xffff) means none */
    { .name = "vector", .type = SV_U16, .dflt = 0xffff,
      .cond = { .kind = SV_IF_FIELD, .field = "pci_cap_list", .op = SV_OP_EQ, .value = 0x40 } },
    { .name = NULL },
};

/* msix_save: vector 1 onwards of the table (vector 0 is table0);
 * msix_reset clears the table page, pending bits included */
static const struct sv_desc_field msix_entry[] = {
    { .name = "entry", .kind = SV_D_BYTES, .n = 16 },
    { .name = NULL },
};

/* hw/msix.c msix_save and the config vector of virtio_pci_save_config */
static const struct sv_desc_field virtio_msix_011[] = {
    /* the table: msix_entries_nr entries of MSIX_ENTRY_SIZE (16) bytes;
     * the capability's table size field holds the count minus one */
    { .name = "table0", .kind = SV_D_BYTES, .n = 16 },
    /* msix_init refuses more than MSIX_MAX_ENTRIES (32) vectors */
    { .name = "table", .kind = SV_D_GROUP, .count = "pci_msix_flags", .count_mask = 0x7ff,
      .max_count = 31, .sub = msix_entry },
    /* the pending bits: one byte per 8 vectors */
    { .name = "pending0", .type = SV_U8 },
    { .name = "pending8", .type = SV_U8,
      .cond = { .kind = SV_IF_FIELD, .field = "pci_msix_flags", .mask = 0x7ff,
                .op = SV_OP_GE, .value = 8 } },
    { .name = "pending16", .type = SV_U8,
      .cond = { .kind = SV_IF_FIELD, .field = "pci_msix_flags", .mask = 0x7ff,
                .op = SV_OP_GE, .value = 16 } },
    { .name = "pending24", .type = SV_U8,
      .cond = { .kind = SV_IF_FIELD, .field = "pci_msix_flags", .mask = 0x7ff,
                .op = SV_OP_GE, .value = 24 } },
    /* virtio_pci_load_config: msix_vector_use refuses one past the table.
     * virtio_reset: VIRTIO_NO_VECTOR */
    { .name = "config_vector", .type = SV_U16, .dflt = 0xffff },
    { .name = NULL },
};

/*
 * The transport registers and the queues: the same fields in every variant
 * but for the config size.  One macro per release builds a variant's table.
 */

/* queue_sel: the guest can only select below VIRTIO_PCI_QUEUE_MAX (16), and
 * the queue registers index vq[queue_sel] unchecked.  num_queues: virtio_load
 * fills vq[0..num-1], an array of VIRTIO_PCI_QUEUE_MAX (CVE-2013-4151).
 * config_len: virtio_load reads that many bytes into the config buffer
 * virtio_init_pci / virtio_common_init allocated at the device's size, and
 * virtio_config_read* trust it as that buffer's length (CVE-2014-0182).
 * The console has no config: its bound 0..0 keeps the bytes empty, and the
 * capacity 1 only satisfies the checker's "counted needs a capacity".
 * nq: the queues the device adds; a restored queue beyond them has no
 * handle_output, which virtio_queue_notify then calls. */
#define SV_VIRTIO_TAIL(cfg, nq, queue)                                                          \
    /* virtio_reset: status, isr, queue_sel and features 0 */                                   \
    { .name = "status", .type = SV_U8 },                                       \
    { .name = "isr", .type = SV_U8 },                                          \
    { .name = "queue_sel", .type = SV_U16, .bounded = 1, .lo = 0, .hi = 15 },  \
    { .name = "features", .type = SV_U32 },                                    \
    /* the device's config size (the default) */                                                \
    { .name = "config_len", .type = SV_U32, .dflt = (cfg),                     \
      .bounded = 1, .lo = 0, .hi = (cfg) },                                                      \
    { .name = "config", .kind = SV_D_BYTES, .count = "config_len",                              \
      .max_count = (cfg) ? (cfg) : 1, .required = 1 },                                           \
    /* the queues the device's init adds; reset keeps them (the default) */                     \
    { .name = "num_queues", .type = SV_U32, .dflt = (nq), .bounded = 1, .lo = 0, .hi = (nq) }, \
    { .name = "queue", .kind = SV_D_GROUP, .count = "num_queues", .max_count = 16,               \
      .sub = (queue) },                                                                          \
    { .name = NULL }

/* 0.10.6: pci_device_save, then addr (the I/O base) and the rest */
#define SV_VIRTIO_010(cfg, nq)                                                                   \
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },                           \
    /* the I/O BAR the guest mapped */                                                           \
    { .name = "addr", .type = SV_U32, .required = 1 },                                           \
    SV_VIRTIO_TAIL(cfg, nq, virtio_queue_010)

/* 0.11.1: pci_device_save with its config split at the MSI-X capability */
#define SV_VIRTIO_011(cfg, nq)                                                                   \
    /* pci_device_save writes 2; pci_device_load refuses more than 2 */                          \
    { .name = "pci_version", .type = SV_U32, .dflt = 2,                        \
      .bounded = 1, .lo = 0, .hi = 2 },                                                          \
    /* the config space, as sv_desc_pci_device's: required */                                   \
    { .name = "pci_config", .kind = SV_D_BYTES, .n = 0x34, .required = 1 },                      \
    /* PCI_CAPABILITY_LIST: 0x40 with MSI-X, 0 without */                                        \
    { .name = "pci_cap_list", .type = SV_U8, .required = 1 },                                    \
    { .name = "pci_config_35", .kind = SV_D_BYTES, .n = 0x40 - 0x35, .required = 1 },            \
    { .name = "pci_cap_id", .type = SV_U8, .required = 1 },                                      \
    { .name = "pci_cap_next", .type = SV_U8, .required = 1 },                                    \
    /* PCI_MSIX_FLAGS, little-endian: table size - 1 in bits 0..10;                             \
     * msix_reset clears the enable bits and keeps the size */                                   \
    { .name = "pci_msix_flags", .type = SV_U16, .le = 1, .required = 1 },                        \
    { .name = "pci_config_44", .kind = SV_D_BYTES, .n = 0x100 - 0x44, .required = 1 },           \
    /* 0.11.1 pci_bus_reset: 0 */                                                                \
    { .name = "pci_irq_state", .type = SV_S32, .n = 4,                         \
      .cond = { .kind = SV_IF_FIELD, .field = "pci_version", .op = SV_OP_GE, .value = 2 } },     \
    { .name = "msix", .kind = SV_D_GROUP, .sub = virtio_msix_011,                                \
      .cond = { .kind = SV_IF_FIELD, .field = "pci_cap_list", .op = SV_OP_EQ, .value = 0x40 } }, \
    SV_VIRTIO_TAIL(cfg, nq, virtio_queue_011)

/* config sizes: struct virtio_net_config (8), struct virtio_blk_config
 * (20 in 0.10.6; 536 in 0.11.1 with the identify words), none for the
 * console, struct virtio_balloon_config (8); queues added by each device's
 * init: net 3 (rx, tx, ctrl), blk 1, console 2, balloon 2 (both releases) */
const struct sv_desc_field sv_desc_virtio_common_net_010[] = { SV_VIRTIO_010(8, 3) };
const struct sv_desc_field sv_desc_virtio_common_blk_010[] = { SV_VIRTIO_010(20, 1) };
const struct sv_desc_field sv_desc_virtio_common_console_010[] = { SV_VIRTIO_010(0, 2) };
const struct sv_desc_field sv_desc_virtio_common_balloon_010[] = { SV_VIRTIO_010(8, 2) };

const struct sv_desc_field sv_desc_virtio_common_net_011[] = { SV_VIRTIO_011(8, 3) };
const struct sv_desc_field sv_desc_virtio_common_blk_011[] = { SV_VIRTIO_011(536, 1) };
const struct sv_desc_field sv_desc_virtio_common_console_011[] = { SV_VIRTIO_011(0, 2) };
const struct sv_desc_field sv_desc_virtio_common_balloon_011[] = { SV_VIRTIO_011(8, 2) };

/*
 * The common part from 0.10.6 to 0.11.1 (doc/BRIDGING.md), the same for
 * every virtio device; the device's own fields follow by name.
 *
 * - addr: the I/O BAR's base.  0.11.1 does not save it: pci_device_load
 *   calls pci_update_mappings (v0.11.1 hw/pci.c:189), whose map callback
 *   sets proxy->addr from BAR 0 (hw/virtio-pci.c:350).
 * - the PCI config space: 0.11.1's table splits it at the MSI-X capability
 *   (above); the bytes are the same.
 * - a queue's page frame becomes its address: 0.10.6 virtio_load computes
 *   pfn << VIRTIO_PCI_QUEUE_ADDR_SHIFT (v0.10.6 hw/virtio.c:810), the 12 of
 *   v0.11.1 hw/virtio-pci.c:76.
 * - where the destination device has MSI-X (the fact "msix_vectors",
 *   bridge.c), pci_device_load refuses a config whose capability bytes
 *   differ from its own (v0.11.1 hw/pci.c:185-187; pci_add_capability makes
 *   them checked and read-only, :976-984): the status register's CAP_LIST
 *   bit, the pointer 0x40 at 0x34, and msix_add_config's capability
 *   (hw/msix.c:92-102): id 0x11, the table size - 1, the table at offset 0
 *   of BAR 1 and the pending bits at MSIX_PAGE_PENDING (0x800, :49).  The
 *   vectors themselves take their reset values (none used: the guest
 *   driver, which never saw MSI-X, keeps using INTx).
 */
static const uint8_t msix_table_pba[8] = { 0x01, 0, 0, 0, 0x01, 0x08, 0, 0 };

const struct sv_desc_move sv_desc_virtio_moves_010_011[] = {
    { .from = "virtio.addr", .op = SV_MV_DERIVED },
    { .from = "virtio.pci.version", .to = "virtio.pci_version", .op = SV_MV_RENAME },
    { .from = "virtio.pci.config", .to = "virtio.pci_config", .op = SV_MV_SLICE, .off = 0, .len = 0x34 },
    { .from = "virtio.pci.config", .to = "virtio.pci_cap_list", .op = SV_MV_SLICE, .off = 0x34, .len = 1,
      .as_int = 1 },
    { .from = "virtio.pci.config", .to = "virtio.pci_config_35", .op = SV_MV_SLICE, .off = 0x35, .len = 11 },
    { .from = "virtio.pci.config", .to = "virtio.pci_cap_id", .op = SV_MV_SLICE, .off = 0x40, .len = 1,
      .as_int = 1 },
    { .from = "virtio.pci.config", .to = "virtio.pci_cap_next", .op = SV_MV_SLICE, .off = 0x41, .len = 1,
      .as_int = 1 },
    { .from = "virtio.pci.config", .to = "virtio.pci_msix_flags", .op = SV_MV_SLICE, .off = 0x42, .len = 2,
      .as_int = 1, .le = 1 },
    { .from = "virtio.pci.config", .to = "virtio.pci_config_44", .op = SV_MV_SLICE, .off = 0x44,
      .len = 0x100 - 0x44 },
    { .from = "virtio.pci.irq_state", .to = "virtio.pci_irq_state", .op = SV_MV_RENAME },
    { .from = "virtio.queue[].pfn", .to = "virtio.queue[].pa", .op = SV_MV_SHIFT, .arg = 12 },
    /* PCI_STATUS_CAP_LIST */
    { .to = "virtio.pci_config", .op = SV_MV_OR_BYTE, .off = 6, .arg = 0x10, .when = "msix_vectors" },
    { .to = "virtio.pci_cap_list", .op = SV_MV_SET, .arg = 0x40, .when = "msix_vectors" },
    /* PCI_CAP_ID_MSIX */
    { .to = "virtio.pci_cap_id", .op = SV_MV_SET, .arg = 0x11, .when = "msix_vectors" },
    { .to = "virtio.pci_msix_flags", .op = SV_MV_SET_FACT, .arg = (uint64_t)-1, .when = "msix_vectors" },
    { .to = "virtio.pci_config_44", .op = SV_MV_SET, .off = 0, .len = 8, .bytes = msix_table_pba,
      .when = "msix_vectors" },
    { .from = NULL, .to = NULL },
};

/*
 * And back, 0.11.1 -> 0.10.6 (doc/BRIDGING.md): the config space joined
 * again, each queue's address back to its page frame, and the I/O base
 * 0.10.6 saves taken from the config space.  0.10.6 has no MSI-X: a
 * source device that had it (capability pointer 0x40) must have it unused
 * (as msix_reset and virtio_reset leave it, v0.11.1 hw/msix.c:353-360,
 * hw/virtio.c virtio_reset) else the section is refused naming the field;
 * its capability is then taken out of the config space, which 0.10.6's
 * pci_device_load copies as it is (v0.10.6 hw/pci.c:142).
 *
 * - addr: 0.10.6's virtio_map sets it to the I/O BAR's base when
 *   pci_update_mappings maps BAR 0 (v0.10.6 hw/virtio.c virtio_map), and
 *   virtio_load then overwrites it with the saved one: BAR 0 without its
 *   I/O space bits (0 while the BIOS has not set it: the BAR holds 1).
 * - a queue's address is pfn << VIRTIO_PCI_QUEUE_ADDR_SHIFT (12) in
 *   0.11.1 (hw/virtio-pci.c:76, set only from the guest's page frame).
 */
#define MV_PLACE_CFG(name, at, n)                                                               \
    { .from = "virtio." name, .to = "virtio.pci.config", .op = SV_MV_PLACE, .off = (at), .len = (n), \
      .le = 1, .arg = 256 }
#define MV_IF_MSIX .if_from = "virtio.pci_cap_list", .if_eq = 0x40
static const uint8_t msix_cap_gone[12];

#define SV_VIRTIO_MOVES_011_010                                                                 \
    { .from = "virtio.pci_version", .to = "virtio.pci.version", .op = SV_MV_RENAME },            \
    MV_PLACE_CFG("pci_config", 0, 0x34),                                                          \
    MV_PLACE_CFG("pci_cap_list", 0x34, 1),                                                        \
    MV_PLACE_CFG("pci_config_35", 0x35, 0x40 - 0x35),                                             \
    MV_PLACE_CFG("pci_cap_id", 0x40, 1),                                                          \
    MV_PLACE_CFG("pci_cap_next", 0x41, 1),                                                        \
    MV_PLACE_CFG("pci_msix_flags", 0x42, 2),                                                      \
    MV_PLACE_CFG("pci_config_44", 0x44, 0x100 - 0x44),                                            \
    { .from = "virtio.pci_config", .to = "virtio.addr", .op = SV_MV_SLICE, .off = 0x10, .len = 4,  \
      .as_int = 1, .le = 1, .mask = 0xfffffffc },                                                 \
    { .from = "virtio.pci_irq_state", .to = "virtio.pci.irq_state", .op = SV_MV_RENAME },        \
    { .from = "virtio.queue[].pa", .to = "virtio.queue[].pfn", .op = SV_MV_SHR, .arg = 12 },      \
    /* MSI-X unused: neither enabled nor masked (PCI_MSIX_FLAGS_ENABLE, _MASKALL), */             \
    { .from = "virtio.pci_msix_flags", .op = SV_MV_EXPECT, .mask = 0xc000, .arg = 0, MV_IF_MSIX },\
    /* the table and pending bits as msix_reset clears them, */                                   \
    { .from = "virtio.msix.table0", .op = SV_MV_EXPECT },                                         \
    { .from = "virtio.msix.table[].entry", .op = SV_MV_EXPECT },                                  \
    { .from = "virtio.msix.pending0", .op = SV_MV_EXPECT },                                       \
    { .from = "virtio.msix.pending8", .op = SV_MV_EXPECT },                                       \
    { .from = "virtio.msix.pending16", .op = SV_MV_EXPECT },                                      \
    { .from = "virtio.msix.pending24", .op = SV_MV_EXPECT },                                      \
    /* no vector given: VIRTIO_NO_VECTOR, as virtio_reset sets them, or a queue's 0 from before \
     * the first reset (virtio_common_init allocates the queues zeroed, v0.11.1 hw/virtio.c:695-706; \
     * unused while MSI-X is off: virtio_pci_notify raises INTx, hw/virtio-pci.c:96-103) */       \
    { .from = "virtio.msix.config_vector", .op = SV_MV_EXPECT, .arg = 0xffff },                   \
    { .from = "virtio.queue[].vector", .op = SV_MV_EXPECT, .arg = 0xffff, .or_set = 1, .or_arg = 0 }, \
    /* the capability out: status CAP_LIST, the pointer at 0x34, the 12 bytes at 0x40 */          \
    { .to = "virtio.pci.config", .op = SV_MV_AND_BYTE, .off = 6, .arg = 0xff & ~0x10, MV_IF_MSIX }, \
    { .to = "virtio.pci.config", .op = SV_MV_SET, .off = 0x34, .len = 1, .bytes = msix_cap_gone,   \
      MV_IF_MSIX },                                                                               \
    { .to = "virtio.pci.config", .op = SV_MV_SET, .off = 0x40, .len = 12, .bytes = msix_cap_gone,  \
      MV_IF_MSIX }

const struct sv_desc_move sv_desc_virtio_moves_011_010[] = {
    SV_VIRTIO_MOVES_011_010,
    { .from = NULL, .to = NULL },
};

/*
 * virtio-blk's config: 0.11.1's struct is 536 bytes (the identify words
 * follow), 0.10.6's 20, the size its virtio_load may read into.  Both
 * releases rebuild the buffer from the drive before each guest read
 * (virtio_config_read* call get_config), so its bytes are derived: the
 * first 20 go, with their length.
 */
const struct sv_desc_move sv_desc_virtio_blk_moves_011_010[] = {
    SV_VIRTIO_MOVES_011_010,
    { .from = "virtio.config", .to = "virtio.config", .op = SV_MV_SLICE, .off = 0, .len = 20 },
    { .from = "virtio.config_len", .op = SV_MV_DERIVED },
    { .to = "virtio.config_len", .op = SV_MV_SET, .arg = 20 },
    { .from = NULL, .to = NULL },
};
