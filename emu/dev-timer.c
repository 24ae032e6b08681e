/* "timer" (v2, 24 bytes): the paused VM's clocks, vl.c in 0.11.
 *   be64 cpu_ticks_offset   TSC ticks while stopped
 *   be64 ticks_per_sec      always 10^9 (0.12: `dummy`, never set: 0)
 *   be64 cpu_clock_offset   the virtual clock in ns (v2 and later)
 * 0.12 describes it with vmstate_timers (minimum version 1) and registers
 * it with vmstate_register.  Each tick adds one millisecond and 2.4
 * million TSC ticks. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define TSC_PER_TICK 2400000

struct timers {
    int64_t cpu_ticks_offset;
    int64_t ticks_per_sec;
    int64_t cpu_clock_offset;
};

static struct timers tm;

int64_t vm_clock_ns(void)
{
    return tm.cpu_clock_offset;
}

void vm_clock_advance(int64_t ns)
{
    tm.cpu_clock_offset += ns;
}

#ifdef EMU_SAVEVM_012
static VMStateField timer_fields[] = {
    VMF_SINGLE(struct timers, cpu_ticks_offset, vmstate_info_int64, 0),
    { .name = "dummy", .offset = offsetof(struct timers, ticks_per_sec), .size = 8,
      .info = &vmstate_info_int64, .flags = VMS_SINGLE },
    VMF_SINGLE(struct timers, cpu_clock_offset, vmstate_info_int64, 2),
    VMF_END
};

static const VMStateDescription vmstate_timers = {
    .name = "timer", .version_id = 2, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .fields = timer_fields,
};

static void timer_init(const struct emu_config *cfg)
{
    vmstate_register(0, &vmstate_timers, &tm);
}
#else
static void timer_save(QEMUFile *f, void *opaque)
{
    qemu_put_be64(f, (uint64_t)tm.cpu_ticks_offset);
    qemu_put_be64(f, (uint64_t)tm.ticks_per_sec);
    qemu_put_be64(f, (uint64_t)tm.cpu_clock_offset);
}

static int timer_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 1 && version_id != 2)
        return -EINVAL;
    tm.cpu_ticks_offset = (int64_t)qemu_get_be64(f);
    tm.ticks_per_sec = (int64_t)qemu_get_be64(f);
    if (version_id == 2)
        tm.cpu_clock_offset = (int64_t)qemu_get_be64(f);
    return 0;
}

static void timer_init(const struct emu_config *cfg)
{
    tm.ticks_per_sec = EMU_TICKS_PER_SEC;
    register_savevm("timer", 0, 2, timer_save, timer_load, NULL);
}
#endif

/* The clock itself moves in machine_tick(); the TSC follows it here. */
static void timer_tick(int64_t now)
{
    tm.cpu_ticks_offset += TSC_PER_TICK;
}

static void timer_print(FILE *out)
{
    print_s(out, "timer", "cpu_ticks_offset", tm.cpu_ticks_offset);
#ifdef EMU_SAVEVM_012
    print_s(out, "timer", "dummy", tm.ticks_per_sec);
#else
    print_s(out, "timer", "ticks_per_sec", tm.ticks_per_sec);
#endif
    print_s(out, "timer", "cpu_clock_offset", tm.cpu_clock_offset);
}

/* vl.c registers no reset for the clocks: qemu_system_reset leaves them */
static const struct emu_reset timer_resets[] = { { "timer", NULL }, { NULL, NULL } };

const struct emu_device dev_timer = { "timer", timer_init, timer_tick, timer_print, timer_resets };
