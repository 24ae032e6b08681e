/* "emu-quirk" (v1), present with --quirk: a device with two flaws real
 * ones had (doc/EMU.md).
 *   be32 counter
 *   u8   check        only when counter is odd: a layout that depends on
 *                     state, which the documented layout (and so its
 *                     descriptor) leaves out
 * Its load takes any version_id without looking at it. */
#include <config.h>

#include "machine.h"

static struct {
    int plugged;
    uint32_t counter;
    uint8_t check;
} quirk;

static void quirk_save(QEMUFile *f, void *opaque)
{
    qemu_put_be32(f, quirk.counter);
    if (quirk.counter & 1)
        qemu_put_byte(f, quirk.check);
}

/* The flaw: version_id is not looked at. */
static int quirk_load(QEMUFile *f, void *opaque, int version_id)
{
    quirk.counter = qemu_get_be32(f);
    quirk.check = quirk.counter & 1 ? (uint8_t)qemu_get_byte(f) : 0;
    return 0;
}

static void quirk_init(const struct emu_config *cfg)
{
    quirk.plugged = cfg->quirk;
    if (quirk.plugged)
        register_savevm("emu-quirk", 0, 1, quirk_save, quirk_load, &quirk);
}

static void quirk_tick(int64_t now)
{
    quirk.counter++;
    quirk.check = (uint8_t)(quirk.counter * 0x5b);
}

static void quirk_print(FILE *out)
{
    if (!quirk.plugged)
        return;
    print_u(out, "emu-quirk", "counter", quirk.counter);
    print_u(out, "emu-quirk", "check", quirk.check);
}

/* The power-on state: counter and check 0 */
static void quirk_reset(void)
{
    quirk.counter = 0;
    quirk.check = 0;
}

static const struct emu_reset quirk_resets[] = { { "emu-quirk", quirk_reset }, { NULL, NULL } };

const struct emu_device dev_emu_quirk = {
    "emu-quirk", quirk_init, quirk_tick, quirk_print, quirk_resets
};
