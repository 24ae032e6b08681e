/* "i8254" at 64 (v1, 88 bytes), hw/i8254.c in 0.11.  Per channel:
 *   be32 count, be16 latched_count, u8 count_latched, status_latched,
 *   status, read_state, write_state, write_latch, rw_mode, mode, bcd, gate,
 *   be64 count_load_time; channel 0 only (it has the IRQ timer):
 *   be64 next_transition_time, be64 timer expiry (-1 when not pending).
 * Power-on: mode 3, count 65536, gates 1 1 0.  The first tick programs
 * channel 0 as a 1 kHz rate generator; each tick fires its due timer and
 * latches or releases channel 2's counter. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define PIT_FREQ 1193182
#define RW_STATE_WORD0 3

struct pit_channel {
    int32_t count;              /* 1..65536 */
    uint16_t latched_count;
    uint8_t count_latched, status_latched, status, read_state, write_state, write_latch;
    uint8_t rw_mode, mode, bcd, gate;
    int64_t count_load_time;
    int has_timer;              /* wiring: only channel 0 drives an IRQ */
    int64_t next_transition_time;
    int64_t timer_expire;       /* -1: not pending */
};

static struct pit_channel ch[3];

static uint64_t elapsed_pit_ticks(const struct pit_channel *s, int64_t now)
{
    return muldiv64((uint64_t)(now - s->count_load_time), PIT_FREQ, EMU_TICKS_PER_SEC);
}

static int pit_count_now(const struct pit_channel *s, int64_t now)
{
    uint64_t d = elapsed_pit_ticks(s, now);

    switch (s->mode) {
    case 0: case 1: case 4: case 5:
        return (int)((s->count - d) & 0xffff);
    case 3:
        return (int)(s->count - (2 * d) % (uint64_t)s->count);
    default:
        return (int)(s->count - d % (uint64_t)s->count);
    }
}

/* When the output next changes, in ns, or -1 if it never will. */
static int64_t next_transition(const struct pit_channel *s, int64_t now)
{
    uint64_t d = elapsed_pit_ticks(s, now), c = (uint64_t)s->count, base = d / c * c, at;
    int64_t t;

    switch (s->mode) {
    case 2:
        at = d - base == 0 && d != 0 ? base + c : base + c + 1;
        break;
    case 3:
        at = d - base < (c + 1) / 2 ? base + (c + 1) / 2 : base + c;
        break;
    case 4: case 5:
        if (d > c)
            return -1;
        at = d < c ? c : c + 1;
        break;
    default:
        if (d >= c)
            return -1;
        at = c;
        break;
    }
    t = s->count_load_time + (int64_t)muldiv64(at, EMU_TICKS_PER_SEC, PIT_FREQ);
    return t <= now ? now + 1 : t;
}

static void rearm(struct pit_channel *s, int64_t now)
{
    if (!s->has_timer)
        return;
    s->next_transition_time = next_transition(s, now);
    s->timer_expire = s->next_transition_time;
}

static void load_count(struct pit_channel *s, int val, int64_t now)
{
    s->count = val == 0 ? 0x10000 : val;
    s->count_load_time = now;
    rearm(s, now);
}

static void pit_save(QEMUFile *f, void *opaque)
{
    for (int i = 0; i < 3; i++) {
        const struct pit_channel *s = &ch[i];

        qemu_put_be32(f, (unsigned int)s->count);
        qemu_put_be16(f, s->latched_count);
        qemu_put_byte(f, s->count_latched);
        qemu_put_byte(f, s->status_latched);
        qemu_put_byte(f, s->status);
        qemu_put_byte(f, s->read_state);
        qemu_put_byte(f, s->write_state);
        qemu_put_byte(f, s->write_latch);
        qemu_put_byte(f, s->rw_mode);
        qemu_put_byte(f, s->mode);
        qemu_put_byte(f, s->bcd);
        qemu_put_byte(f, s->gate);
        qemu_put_be64(f, (uint64_t)s->count_load_time);
        if (s->has_timer) {
            qemu_put_be64(f, (uint64_t)s->next_transition_time);
            qemu_put_be64(f, (uint64_t)s->timer_expire);
        }
    }
}

static int pit_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 1)
        return -EINVAL;
    for (int i = 0; i < 3; i++) {
        struct pit_channel *s = &ch[i];

        s->count = (int32_t)qemu_get_be32(f);
        s->latched_count = (uint16_t)qemu_get_be16(f);
        s->count_latched = (uint8_t)qemu_get_byte(f);
        s->status_latched = (uint8_t)qemu_get_byte(f);
        s->status = (uint8_t)qemu_get_byte(f);
        s->read_state = (uint8_t)qemu_get_byte(f);
        s->write_state = (uint8_t)qemu_get_byte(f);
        s->write_latch = (uint8_t)qemu_get_byte(f);
        s->rw_mode = (uint8_t)qemu_get_byte(f);
        s->mode = (uint8_t)qemu_get_byte(f);
        s->bcd = (uint8_t)qemu_get_byte(f);
        s->gate = (uint8_t)qemu_get_byte(f);
        s->count_load_time = (int64_t)qemu_get_be64(f);
        if (s->has_timer) {
            s->next_transition_time = (int64_t)qemu_get_be64(f);
            s->timer_expire = (int64_t)qemu_get_be64(f);
        }
    }
    return 0;
}

/* hw/i8254.c:pit_reset: mode 3, gate 1 but on channel 2, and
 * pit_load_count(s, 0) at the clock's time; the latches and read/write
 * state stay as they were */
static void pit_reset(void)
{
    for (int i = 0; i < 3; i++) {
        ch[i].mode = 3;
        ch[i].gate = i != 2;
        load_count(&ch[i], 0, vm_clock_ns());
    }
}

static void pit_init(const struct emu_config *cfg)
{
    ch[0].has_timer = 1;
    ch[0].timer_expire = -1;
    register_savevm("i8254", 0x40, 1, pit_save, pit_load, ch);
    pit_reset();
}

static void pit_tick(int64_t now)
{
    struct pit_channel *s0 = &ch[0], *s2 = &ch[2];

    if (s0->mode != 2) {        /* guest: 0x34 to port 0x43, then 1193 LSB/MSB */
        s0->rw_mode = RW_STATE_WORD0;
        s0->read_state = s0->write_state = RW_STATE_WORD0;
        s0->mode = 2;
        s0->write_latch = 1193 & 0xff;
        load_count(s0, 1193, now);
    }
    /* A loaded count of 0 would divide by zero, as it would in 0.11. */
    if (s0->count <= 0 || s2->count <= 0)
        return;
    for (int n = 0; n < 4096 && s0->timer_expire != -1 && s0->timer_expire <= now; n++)
        rearm(s0, s0->timer_expire);
    if (s2->count_latched) {
        s2->count_latched = 0;
    } else {
        s2->latched_count = (uint16_t)pit_count_now(s2, now);
        s2->count_latched = s2->rw_mode ? s2->rw_mode : RW_STATE_WORD0;
    }
}

static void pit_print(FILE *out)
{
    static const char *const name[3] = { "i8254@64.channel[0]", "i8254@64.channel[1]",
                                         "i8254@64.channel[2]" };

    for (int i = 0; i < 3; i++) {
        const struct pit_channel *s = &ch[i];

        print_s(out, name[i], "count", s->count);
        print_u(out, name[i], "latched_count", s->latched_count);
        print_u(out, name[i], "count_latched", s->count_latched);
        print_u(out, name[i], "status_latched", s->status_latched);
        print_u(out, name[i], "status", s->status);
        print_u(out, name[i], "read_state", s->read_state);
        print_u(out, name[i], "write_state", s->write_state);
        print_u(out, name[i], "write_latch", s->write_latch);
        print_u(out, name[i], "rw_mode", s->rw_mode);
        print_u(out, name[i], "mode", s->mode);
        print_u(out, name[i], "bcd", s->bcd);
        print_u(out, name[i], "gate", s->gate);
        print_s(out, name[i], "count_load_time", s->count_load_time);
        if (s->has_timer) {
            print_s(out, name[i], "next_transition_time", s->next_transition_time);
            print_s(out, name[i], "irq_timer", s->timer_expire);
        }
    }
}

static const struct emu_reset pit_resets[] = { { "i8254", pit_reset }, { NULL, NULL } };

const struct emu_device dev_i8254 = { "i8254", pit_init, pit_tick, pit_print, pit_resets };
