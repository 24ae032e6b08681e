/* "emu-versioned" (v3, registered with instance -1, so instance 0): a
 * device whose section grew over three versions; the loader accepts all.
 *   v1: be32 counter, be16 flags
 *   v2: + u8 mode           (loading v1: mode = 1)
 *   v3: + be64 stamp_ns     (loading v1 or v2: stamp_ns = 0)
 * Each tick counts, flips a flag bit, cycles the mode and stamps the time.
 * The 0.12 build: a table from v2 (stamp_ns since v3, pre_load zeroing it
 * for a v2 section), v1 through the device's old loader (load_state_old). */
#include <config.h>

#include <errno.h>

#include "machine.h"

struct versioned {
    uint32_t counter;
    uint16_t flags;
    uint8_t mode;
    int64_t stamp_ns;
};

static struct versioned ver = { .mode = 1 };

#ifdef EMU_SAVEVM_012
static int ver_pre_load(void *opaque)
{
    struct versioned *s = opaque;

    s->stamp_ns = 0;
    return 0;
}

/* v1: counter and flags only */
static int ver_load_old(QEMUFile *f, void *opaque, int version_id)
{
    struct versioned *s = opaque;

    if (version_id != 1)
        return -EINVAL;
    s->counter = qemu_get_be32(f);
    s->flags = (uint16_t)qemu_get_be16(f);
    s->mode = 1;
    s->stamp_ns = 0;
    return 0;
}

static VMStateField ver_fields[] = {
    VMF_SINGLE(struct versioned, counter, vmstate_info_uint32, 0),
    VMF_SINGLE(struct versioned, flags, vmstate_info_uint16, 0),
    VMF_SINGLE(struct versioned, mode, vmstate_info_uint8, 2),
    VMF_SINGLE(struct versioned, stamp_ns, vmstate_info_int64, 3),
    VMF_END
};

static const VMStateDescription vmstate_versioned = {
    .name = "emu-versioned", .version_id = 3, .minimum_version_id = 2, .minimum_version_id_old = 1,
    .load_state_old = ver_load_old, .pre_load = ver_pre_load, .fields = ver_fields,
};
#else
static void ver_save(QEMUFile *f, void *opaque)
{
    qemu_put_be32(f, ver.counter);
    qemu_put_be16(f, ver.flags);
    qemu_put_byte(f, ver.mode);
    qemu_put_be64(f, (uint64_t)ver.stamp_ns);
}

static int ver_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id < 1 || version_id > 3)
        return -EINVAL;
    ver.counter = qemu_get_be32(f);
    ver.flags = (uint16_t)qemu_get_be16(f);
    ver.mode = version_id >= 2 ? (uint8_t)qemu_get_byte(f) : 1;
    ver.stamp_ns = version_id >= 3 ? (int64_t)qemu_get_be64(f) : 0;
    return 0;
}
#endif

/* The power-on state: counter, flags and stamp_ns 0, mode 1 */
static void ver_reset(void)
{
    ver.counter = 0;
    ver.flags = 0;
    ver.mode = 1;
    ver.stamp_ns = 0;
}

static void ver_init(const struct emu_config *cfg)
{
#ifdef EMU_SAVEVM_012
    vmstate_register(-1, &vmstate_versioned, &ver);
#else
    register_savevm("emu-versioned", -1, 3, ver_save, ver_load, &ver);
#endif
}

static void ver_tick(int64_t now)
{
    ver.counter++;
    ver.flags ^= (uint16_t)(1u << (ver.counter % 16));
    ver.mode = (uint8_t)(ver.mode % 3 + 1);
    ver.stamp_ns = now;
}

static void ver_print(FILE *out)
{
    print_u(out, "emu-versioned", "counter", ver.counter);
    print_u(out, "emu-versioned", "flags", ver.flags);
    print_u(out, "emu-versioned", "mode", ver.mode);
    print_s(out, "emu-versioned", "stamp_ns", ver.stamp_ns);
}

static const struct emu_reset ver_resets[] = { { "emu-versioned", ver_reset }, { NULL, NULL } };

const struct emu_device dev_emu_versioned = {
    "emu-versioned", ver_init, ver_tick, ver_print, ver_resets
};
