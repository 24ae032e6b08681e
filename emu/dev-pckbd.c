/* "pckbd" (v3, 4 bytes), hw/pckbd.c in 0.11:
 *   u8 write_cmd, u8 status, u8 mode, u8 pending
 * Each tick the controller reports which PS/2 queue has data (pending bit
 * 0 keyboard, bit 1 mouse) in pending and in the status OBF bits. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define STAT_OBF 0x01
#define STAT_CMD 0x08
#define STAT_UNLOCKED 0x10
#define STAT_MOUSE_OBF 0x20
#define MODE_KBD_INT 0x01
#define MODE_MOUSE_INT 0x02

static struct {
    uint8_t write_cmd, status, mode, pending;
} kbd;

static void kbd_save(QEMUFile *f, void *opaque)
{
    qemu_put_byte(f, kbd.write_cmd);
    qemu_put_byte(f, kbd.status);
    qemu_put_byte(f, kbd.mode);
    qemu_put_byte(f, kbd.pending);
}

static int kbd_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 3)
        return -EINVAL;
    kbd.write_cmd = (uint8_t)qemu_get_byte(f);
    kbd.status = (uint8_t)qemu_get_byte(f);
    kbd.mode = (uint8_t)qemu_get_byte(f);
    kbd.pending = (uint8_t)qemu_get_byte(f);
    return 0;
}

/* hw/pckbd.c:kbd_reset sets mode and status only */
static void kbd_reset(void)
{
    kbd.mode = MODE_KBD_INT | MODE_MOUSE_INT;
    kbd.status = STAT_CMD | STAT_UNLOCKED;
}

static void kbd_init(const struct emu_config *cfg)
{
    kbd_reset();
    register_savevm("pckbd", 0, 3, kbd_save, kbd_load, &kbd);
}

static void kbd_tick(int64_t now)
{
    kbd.pending = (uint8_t)(ps2_kbd_pending() | ps2_mouse_pending() << 1);
    kbd.status &= (uint8_t)~(STAT_OBF | STAT_MOUSE_OBF | STAT_CMD);
    if (kbd.pending)
        kbd.status |= STAT_OBF;
    if (kbd.pending == 2)
        kbd.status |= STAT_MOUSE_OBF;
    /* the guest alternates command 0x60 (write mode) and its data byte */
    kbd.write_cmd = kbd.write_cmd ? 0 : 0x60;
}

static void kbd_print(FILE *out)
{
    print_u(out, "pckbd", "write_cmd", kbd.write_cmd);
    print_u(out, "pckbd", "status", kbd.status);
    print_u(out, "pckbd", "mode", kbd.mode);
    print_u(out, "pckbd", "pending", kbd.pending);
}

static const struct emu_reset kbd_resets[] = { { "pckbd", kbd_reset }, { NULL, NULL } };

const struct emu_device dev_pckbd = { "pckbd", kbd_init, kbd_tick, kbd_print, kbd_resets };
