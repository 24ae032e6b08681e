/* "emu-ring" (v1): a ring of 16 be32 slots in a separately allocated array,
 * with a load that trusts the stream, the way virtio's legacy loads trusted
 * num_queues, queue_sel and config_len (CVE-2013-4151, CVE-2013-6399,
 * CVE-2014-0182).  Wire layout (doc/EMU.md):
 *   be32 used            entries that follow; 0..16 when written by us
 *   be32 head            slot the next tick writes; 0..15 when written by us
 *   be32 slot[used]      slots 0..used-1
 *   be32 total           entries written since power-on
 * The load copies `used` entries into the 16-slot heap array, and the next
 * tick stores into slot `head`, neither checked: a hostile stream writes
 * past the array, which ASan reports as a heap-buffer-overflow.  The 0.12
 * build describes the same bytes with a table (slots: a variable array
 * whose count is `used`), and 0.12's walker trusts the count just as much. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define RING_SLOTS 16

struct ring {
    uint32_t used;              /* 0.12: the count of a VARRAY_INT32, read as int32_t */
    uint32_t head, total;
    uint32_t *slots;            /* RING_SLOTS entries, from malloc */
};

static struct ring ring;

#ifdef EMU_SAVEVM_012
static VMStateField ring_fields[] = {
    VMF_SINGLE(struct ring, used, vmstate_info_uint32, 0),
    VMF_SINGLE(struct ring, head, vmstate_info_uint32, 0),
    VMF_VARRAY_INT32(struct ring, slots, used, vmstate_info_uint32, 0),
    VMF_SINGLE(struct ring, total, vmstate_info_uint32, 0),
    VMF_END
};

static const VMStateDescription vmstate_ring = {
    .name = "emu-ring", .version_id = 1, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .fields = ring_fields,
};
#else
static void ring_save(QEMUFile *f, void *opaque)
{
    qemu_put_be32(f, ring.used);
    qemu_put_be32(f, ring.head);
    for (uint32_t i = 0; i < ring.used; i++)
        qemu_put_be32(f, ring.slots[i]);
    qemu_put_be32(f, ring.total);
}

/* The legacy flaw, kept on purpose: no bounds check on used or head. */
static int ring_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 1)
        return -EINVAL;
    ring.used = qemu_get_be32(f);
    ring.head = qemu_get_be32(f);
    for (uint32_t i = 0; i < ring.used; i++)
        ring.slots[i] = qemu_get_be32(f);
    ring.total = qemu_get_be32(f);
    return 0;
}
#endif

static void ring_init(const struct emu_config *cfg)
{
    ring.slots = calloc(RING_SLOTS, sizeof *ring.slots);
    if (!ring.slots) {
        fprintf(stderr, "legacy-emu: out of memory\n");
        exit(1);
    }
#ifdef EMU_SAVEVM_012
    vmstate_register(0, &vmstate_ring, &ring);
#else
    register_savevm("emu-ring", 0, 1, ring_save, ring_load, &ring);
#endif
}

static void ring_tick(int64_t now)
{
    ring.slots[ring.head] = ring.total * 0x9e3779b1u;
    ring.head = (ring.head + 1) % RING_SLOTS;
    if (ring.used < RING_SLOTS)
        ring.used++;
    ring.total++;
}

static void ring_print(FILE *out)
{
    char name[16];

    print_u(out, "emu-ring", "used", ring.used);
    print_u(out, "emu-ring", "head", ring.head);
    for (uint32_t i = 0; i < ring.used && i < RING_SLOTS; i++) {
        snprintf(name, sizeof name, "slot[%u]", i);
        print_u(out, "emu-ring", name, ring.slots[i]);
    }
    print_u(out, "emu-ring", "total", ring.total);
}

/* The power-on state: an empty ring of zero slots */
static void ring_reset(void)
{
    ring.used = ring.head = ring.total = 0;
    memset(ring.slots, 0, RING_SLOTS * sizeof *ring.slots);
}

static const struct emu_reset ring_resets[] = { { "emu-ring", ring_reset }, { NULL, NULL } };

const struct emu_device dev_emu_ring = { "emu-ring", ring_init, ring_tick, ring_print, ring_resets };
