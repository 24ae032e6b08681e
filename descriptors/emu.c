/*
 * The emulator's own devices (doc/EMU.md, emu/dev-emu-*.c), only in the
 * emulator's releases (SV_REL_EMU, SV_REL_EMU_NEXT: devices.c).  All
 * integers big-endian.  Defaults: each device's reset function in
 * emu/dev-emu-*.c (doc/EMU.md).
 */
#include <config.h>

#include "bridge.h"
#include "devices.h"

/* "emu-ring" v1: 12 + 4 x used bytes; ring_reset: all 0 (an empty ring) */
static const struct sv_desc_field emu_ring_v1[] = {
    /* ring_load copies `used` slots into the 16-slot heap array unchecked */
    { .name = "used", .type = SV_U32, .bounded = 1, .lo = 0, .hi = 16 },
    /* ring_load stores it unchecked and the next tick writes slots[head] */
    { .name = "head", .type = SV_U32, .bounded = 1, .lo = 0, .hi = 15 },
    { .name = "slot", .type = SV_U32, .count = "used", .max_count = 16 },
    { .name = "total", .type = SV_U32 },
    { .name = NULL },
};

/* "emu-disk" v1: 13 bytes, 525 once the guest has asked for IDENTIFY */
static const struct sv_desc_field emu_disk_v1[] = {
    /* disk_reset: ready, seek complete (0x50), nsector 1, the rest 0 */
    { .name = "status", .type = SV_U8, .dflt = 0x50 },
    { .name = "error", .type = SV_U8 },
    { .name = "sector", .type = SV_U32 },
    /* the save writes 1..8; the load and the tick take any value */
    { .name = "nsector", .type = SV_U16, .dflt = 1 },
    /* disk_load reads the block for any non-zero value */
    { .name = "identify_set", .type = SV_U8 },
    { .name = "identify", .kind = SV_D_BYTES, .n = 512,
      .cond = { .kind = SV_IF_FIELD, .field = "identify_set", .op = SV_OP_NE, .value = 0 } },
    { .name = "io_count", .type = SV_U32 },
    { .name = NULL },
};

/* "emu-disk" v2 of emu-next (EMU_NEXT in emu/dev-emu-disk.c): v1's state,
 * the IDENTIFY part saved last, after io_count; disk_load takes v2 alone */
static const struct sv_desc_field emu_disk_next_id[] = {
    { .name = "valid", .type = SV_U8 },
    { .name = "data", .kind = SV_D_BYTES, .n = 512,
      .cond = { .kind = SV_IF_FIELD, .field = "valid", .op = SV_OP_NE, .value = 0 } },
    { .name = NULL },
};

static const struct sv_desc_field emu_disk_next_v2[] = {
    { .name = "status", .type = SV_U8, .dflt = 0x50 },
    { .name = "error", .type = SV_U8 },
    { .name = "sector", .type = SV_U32 },
    { .name = "nsector", .type = SV_U16, .dflt = 1 },
    { .name = "io_count", .type = SV_U32 },
    { .name = "id", .kind = SV_D_GROUP, .sub = emu_disk_next_id },
    { .name = NULL },
};

/* The IDENTIFY part moved (emu <-> emu-next: descriptors/bridge.c). */
const struct sv_desc_move sv_desc_emu_disk_moves_emu_next[] = {
    { .from = "identify_set", .to = "id.valid", .op = SV_MV_RENAME },
    { .from = "identify", .to = "id.data", .op = SV_MV_RENAME },
    { .from = NULL, .to = NULL },
};
const struct sv_desc_move sv_desc_emu_disk_moves_next_emu[] = {
    { .from = "id.valid", .to = "identify_set", .op = SV_MV_RENAME },
    { .from = "id.data", .to = "identify", .op = SV_MV_RENAME },
    { .from = NULL, .to = NULL },
};

/* one emu-net connection, after its marker */
static const struct sv_desc_field emu_net_conn[] = {
    /* net_load fails (and leaves the stream misaligned, the core ignoring
     * it) on a byte that is neither 0x2a nor the end byte 0 */
    { .name = "marker", .type = SV_U8, .dflt = 0x2a,
      .bounded = 1, .lo = 0x2a, .hi = 0x2a },
    /* net_reset leaves open connections, as a reset leaves slirp's sockets */
    { .name = "remote_ip", .type = SV_U32, .required = 1 },
    { .name = "remote_port", .type = SV_U16, .required = 1 },
    { .name = "local_port", .type = SV_U16, .required = 1 },
    /* 2 SYN sent, 4 established; nothing indexes by it */
    { .name = "state", .type = SV_U8, .required = 1 },
    { .name = "bytes_in", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

/* "emu-net" v1: 3 + 14 x connections bytes */
static const struct sv_desc_field emu_net_v1[] = {
    /* net_reset: 0 */
    { .name = "ip_id", .type = SV_U16 },
    /* net_load allocates one node per record and sets no limit; the save
     * keeps at most 4.  The capacity only stops a hostile list from
     * growing the values without end: a tagged body holds at most 65,536
     * fields (F-22), six per connection. */
    { .name = "conn", .kind = SV_D_LIST, .end = 0, .max_count = 8192, .sub = emu_net_conn },
    { .name = NULL },
};

/* "emu-net" v2 of emu-next (EMU_NEXT in emu/dev-emu-net.c): mtu added
 * after ip_id; net_load takes v2 alone */
static const struct sv_desc_field emu_net_v2[] = {
    { .name = "ip_id", .type = SV_U16 },
    /* net_init and net_reset: 1500 */
    { .name = "mtu", .type = SV_U16, .dflt = 1500 },
    { .name = "conn", .kind = SV_D_LIST, .end = 0, .max_count = 8192, .sub = emu_net_conn },
    { .name = NULL },
};

/* "emu-versioned" v3: 15 bytes (v1: 6, v2: 7); ver_load takes 1..3.
 * ver_reset: the power-on state, counter, flags and stamp_ns 0, mode 1 */
static const struct sv_desc_field emu_versioned_v3[] = {
    { .name = "counter", .type = SV_U32 },
    { .name = "flags", .type = SV_U16 },
    /* added in v2; ver_load sets 1 for a v1 stream */
    { .name = "mode", .type = SV_U8, .since = 2, .dflt = 1 },
    /* added in v3; ver_load sets 0 for older streams */
    { .name = "stamp_ns", .type = SV_S64, .since = 3 },
    { .name = NULL },
};

/* "emu-quirk" v1 (--quirk): the documented layout only.  The save adds a
 * byte when the counter is odd (doc/EMU.md), which this table leaves out
 * on purpose: such a save is one the descriptor cannot reproduce, and the
 * shim keeps it opaque (t/shim-quirk.c). */
static const struct sv_desc_field emu_quirk_v1[] = {
    { .name = "counter", .type = SV_U32 },
    { .name = NULL },
};

const struct sv_desc sv_desc_emu_ring = {
    .idstr = "emu-ring", .min_version = 1, .version = 1, .fields = emu_ring_v1,
};

const struct sv_desc sv_desc_emu_disk = {
    .idstr = "emu-disk", .min_version = 1, .version = 1, .fields = emu_disk_v1,
};

const struct sv_desc sv_desc_emu_net = {
    .idstr = "emu-net", .min_version = 1, .version = 1, .fields = emu_net_v1,
};

const struct sv_desc sv_desc_emu_disk_next = {
    .idstr = "emu-disk", .min_version = 2, .version = 2, .fields = emu_disk_next_v2,
};

const struct sv_desc sv_desc_emu_net_next = {
    .idstr = "emu-net", .min_version = 2, .version = 2, .fields = emu_net_v2,
};

const struct sv_desc sv_desc_emu_versioned = {
    .idstr = "emu-versioned", .min_version = 1, .version = 3, .fields = emu_versioned_v3,
};

const struct sv_desc sv_desc_emu_quirk = {
    .idstr = "emu-quirk", .min_version = 1, .version = 1, .fields = emu_quirk_v1,
};
