/* "ps2kbd" (v3, 284 bytes) and "ps2mouse" (v2, 291 bytes), hw/ps2.c in 0.11.
 * Both start with the common part:
 *   be32 write_cmd, be32 rptr, be32 wptr, be32 count, u8 data[256]
 * ps2kbd:   be32 scan_enabled, be32 translate, be32 scancode_set (v3)
 * ps2mouse: u8 status, resolution, sample_rate, wrap, type, detect_state,
 *           be32 dx, be32 dy, be32 dz, u8 buttons
 * Ticks: the guest resets each device (ACK, BAT), then "qemu" is typed and
 * the mouse moves; the guest reads one byte from each queue per tick. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define QUEUE_SIZE 256

struct ps2_common {
    int32_t write_cmd;
    int32_t rptr, wptr, count;
    uint8_t data[QUEUE_SIZE];
};

static struct {
    struct ps2_common q;
    int32_t scan_enabled, translate, scancode_set;
} kb;

static struct {
    struct ps2_common q;
    uint8_t status, resolution, sample_rate, wrap, type, detect_state;
    int32_t dx, dy, dz;
    uint8_t buttons;
} mouse;

/* Indexes are masked: a loaded rptr/wptr is not trusted here. */
static void queue_put(struct ps2_common *s, uint8_t b)
{
    if (s->count >= QUEUE_SIZE)
        return;
    s->data[(uint32_t)s->wptr % QUEUE_SIZE] = b;
    s->wptr = (int32_t)(((uint32_t)s->wptr + 1) % QUEUE_SIZE);
    s->count++;
}

static void queue_read(struct ps2_common *s)
{
    if (s->count <= 0)
        return;
    s->rptr = (int32_t)(((uint32_t)s->rptr + 1) % QUEUE_SIZE);
    s->count--;
}

int ps2_kbd_pending(void)
{
    return kb.q.count > 0;
}

int ps2_mouse_pending(void)
{
    return mouse.q.count > 0;
}

static void put_s32(QEMUFile *f, int32_t v)
{
    qemu_put_be32(f, (unsigned int)v);
}

static int32_t get_s32(QEMUFile *f)
{
    return (int32_t)qemu_get_be32(f);
}

static void common_save(QEMUFile *f, const struct ps2_common *s)
{
    put_s32(f, s->write_cmd);
    put_s32(f, s->rptr);
    put_s32(f, s->wptr);
    put_s32(f, s->count);
    qemu_put_buffer(f, s->data, QUEUE_SIZE);
}

static void common_load(QEMUFile *f, struct ps2_common *s)
{
    s->write_cmd = get_s32(f);
    s->rptr = get_s32(f);
    s->wptr = get_s32(f);
    s->count = get_s32(f);
    qemu_get_buffer(f, s->data, QUEUE_SIZE);
}

static void kbd_save(QEMUFile *f, void *opaque)
{
    common_save(f, &kb.q);
    put_s32(f, kb.scan_enabled);
    put_s32(f, kb.translate);
    put_s32(f, kb.scancode_set);
}

static int kbd_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 2 && version_id != 3)
        return -EINVAL;
    common_load(f, &kb.q);
    kb.scan_enabled = get_s32(f);
    kb.translate = get_s32(f);
    kb.scancode_set = version_id == 3 ? get_s32(f) : 2;
    return 0;
}

static void mouse_save(QEMUFile *f, void *opaque)
{
    common_save(f, &mouse.q);
    qemu_put_byte(f, mouse.status);
    qemu_put_byte(f, mouse.resolution);
    qemu_put_byte(f, mouse.sample_rate);
    qemu_put_byte(f, mouse.wrap);
    qemu_put_byte(f, mouse.type);
    qemu_put_byte(f, mouse.detect_state);
    put_s32(f, mouse.dx);
    put_s32(f, mouse.dy);
    put_s32(f, mouse.dz);
    qemu_put_byte(f, mouse.buttons);
}

static int mouse_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 2)
        return -EINVAL;
    common_load(f, &mouse.q);
    mouse.status = (uint8_t)qemu_get_byte(f);
    mouse.resolution = (uint8_t)qemu_get_byte(f);
    mouse.sample_rate = (uint8_t)qemu_get_byte(f);
    mouse.wrap = (uint8_t)qemu_get_byte(f);
    mouse.type = (uint8_t)qemu_get_byte(f);
    mouse.detect_state = (uint8_t)qemu_get_byte(f);
    mouse.dx = get_s32(f);
    mouse.dy = get_s32(f);
    mouse.dz = get_s32(f);
    mouse.buttons = (uint8_t)qemu_get_byte(f);
    return 0;
}

/* Reset leaves scancode_set 0 (the BIOS sets it), as 0.11's reset does. */
static void ps2_init(const struct emu_config *cfg)
{
    kb.q.write_cmd = -1;
    register_savevm("ps2kbd", 0, 3, kbd_save, kbd_load, &kb);
    mouse.q.write_cmd = -1;
    register_savevm("ps2mouse", 0, 2, mouse_save, mouse_load, &mouse);
}

static void kbd_tick(void)
{
    /* set-2 make codes of "qemu", typed over and over (make, then break) */
    static const uint8_t keys[] = { 0x15, 0x24, 0x3a, 0x3c };

    if (!kb.scan_enabled) {
        kb.scan_enabled = 1;
        kb.scancode_set = 2;
        kb.translate = 1;
        queue_put(&kb.q, 0xfa);
        queue_put(&kb.q, 0xaa);
        return;
    }
    /* the last byte queued is the previous key's code: type the next one */
    {
        uint8_t last = kb.q.data[((uint32_t)kb.q.wptr + QUEUE_SIZE - 1) % QUEUE_SIZE];
        size_t i = 0;

        while (i < sizeof keys && keys[i] != last)
            i++;
        i = i < sizeof keys ? (i + 1) % sizeof keys : 0;
        queue_put(&kb.q, keys[i]);
        queue_put(&kb.q, 0xf0);
        queue_put(&kb.q, keys[i]);
    }
    queue_read(&kb.q);
    queue_read(&kb.q);
}

static void mouse_tick(void)
{
    if (!(mouse.status & 0x20)) {   /* enable data reporting */
        mouse.status = 0x20;
        mouse.sample_rate = 100;
        mouse.resolution = 2;
        queue_put(&mouse.q, 0xfa);
        return;
    }
    mouse.dx += 3;
    mouse.dy -= 2;
    mouse.dz ^= 1;
    mouse.buttons ^= 1;
    if (!mouse.buttons) {           /* a packet every other tick */
        queue_put(&mouse.q, (uint8_t)(0x08 | (mouse.dy < 0 ? 0x20 : 0) | mouse.buttons));
        queue_put(&mouse.q, (uint8_t)mouse.dx);
        queue_put(&mouse.q, (uint8_t)mouse.dy);
        mouse.dx = mouse.dy = 0;
    }
    queue_read(&mouse.q);
}

static void ps2_tick(int64_t now)
{
    kbd_tick();
    mouse_tick();
}

static void common_print(FILE *out, const char *d, const struct ps2_common *s)
{
    print_s(out, d, "write_cmd", s->write_cmd);
    print_s(out, d, "rptr", s->rptr);
    print_s(out, d, "wptr", s->wptr);
    print_s(out, d, "count", s->count);
    print_hex(out, d, "data", s->data, QUEUE_SIZE);
}

static void ps2_print(FILE *out)
{
    common_print(out, "ps2kbd", &kb.q);
    print_s(out, "ps2kbd", "scan_enabled", kb.scan_enabled);
    print_s(out, "ps2kbd", "translate", kb.translate);
    print_s(out, "ps2kbd", "scancode_set", kb.scancode_set);
    common_print(out, "ps2mouse", &mouse.q);
    print_u(out, "ps2mouse", "status", mouse.status);
    print_u(out, "ps2mouse", "resolution", mouse.resolution);
    print_u(out, "ps2mouse", "sample_rate", mouse.sample_rate);
    print_u(out, "ps2mouse", "wrap", mouse.wrap);
    print_u(out, "ps2mouse", "type", mouse.type);
    print_u(out, "ps2mouse", "detect_state", mouse.detect_state);
    print_s(out, "ps2mouse", "dx", mouse.dx);
    print_s(out, "ps2mouse", "dy", mouse.dy);
    print_s(out, "ps2mouse", "dz", mouse.dz);
    print_u(out, "ps2mouse", "buttons", mouse.buttons);
}

/* hw/ps2.c:ps2_common_reset: no command, an empty queue (its bytes stay) */
static void common_reset(struct ps2_common *s)
{
    s->write_cmd = -1;
    s->rptr = s->wptr = s->count = 0;
}

/* ps2_kbd_reset */
static void kbd_reset(void)
{
    common_reset(&kb.q);
    kb.scan_enabled = kb.translate = kb.scancode_set = 0;
}

/* ps2_mouse_reset: every mouse field 0 */
static void mouse_reset(void)
{
    common_reset(&mouse.q);
    mouse.status = mouse.resolution = mouse.sample_rate = mouse.wrap = 0;
    mouse.type = mouse.detect_state = 0;
    mouse.dx = mouse.dy = mouse.dz = 0;
    mouse.buttons = 0;
}

static const struct emu_reset ps2_resets[] = {
    { "ps2kbd", kbd_reset }, { "ps2mouse", mouse_reset }, { NULL, NULL },
};

const struct emu_device dev_ps2 = { "ps2", ps2_init, ps2_tick, ps2_print, ps2_resets };
