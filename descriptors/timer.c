/* "timer": vl.c timer_save, version 2 (0.10.6 and 0.11.1). 24 bytes. */
#include <config.h>

#include "devices.h"

/* No reset handler: qemu_system_reset leaves the clocks running.  The two
 * offsets are the virtual clocks themselves (cpu_enable_ticks and
 * cpu_disable_ticks move them by the host clock), not reset state. */
static const struct sv_desc_field timer_v2[] = {
    { .name = "cpu_ticks_offset", .type = SV_S64, .required = 1 },
    /* vl.c:init_timers stores only QEMU_TIMER_BASE (the default); muldiv64 divides by it
     * as a uint32_t, so no other value loads safely */
    { .name = "ticks_per_sec", .type = SV_S64, .dflt = 1000000000,
      .bounded = 1, .lo = 1000000000, .hi = 1000000000 },
    /* vl.c:timer_load reads it only when version_id == 2 */
    { .name = "cpu_clock_offset", .type = SV_S64, .since = 2, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_timer = {
    .idstr = "timer", .min_version = 1, .version = 2, .fields = timer_v2,
};
