/*
 * "hpet": hw/hpet.c hpet_save, version 1 (0.10.6 and 0.11.1). 150 bytes,
 * instance 0 (registered as -1, the first free).
 *
 * Defaults: hw/hpet.c:hpet_reset.  What it leaves, or what comes from the
 * clock, is required.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field hpet_timer[] = {
    /* hpet_init stores the timer's index, 0..HPET_NUM_TIMERS - 1;
     * hpet_timer_set_irq compares it with 0 and 1.  hpet_reset: tn = i */
    { .name = "tn", .type = SV_U8, .bounded = 1, .lo = 0, .hi = 2,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 0 } },
    { .name = "tn", .type = SV_U8, .dflt = 1, .bounded = 1, .lo = 0, .hi = 2,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 1 } },
    { .name = "tn", .type = SV_U8, .dflt = 2, .bounded = 1, .lo = 0, .hi = 2,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 2 } },
    /* hpet_reset: the capability bits and, in bits 32..63, the interrupt
     * routes, which differ: 0x00000c20 in 0.10.6, 0x00000004 in 0.11.1
     * (this table serves both) */
    { .name = "config", .type = SV_U64, .required = 1 },
    /* hpet_reset: ~0ULL */
    { .name = "cmp", .type = SV_U64, .dflt = -1 },
    { .name = "fsb", .type = SV_U64, .required = 1 },
    /* hpet_reset: 0 */
    { .name = "period", .type = SV_U64 },
    { .name = "wrap_flag", .type = SV_U8 },
    /* hpet_init gives every timer a qemu_timer, so hpet_save always writes
     * it; vl.c:qemu_put_timer: -1 when not pending.  hpet_reset: hpet_del_timer */
    { .name = "qemu_timer", .type = SV_S64, .dflt = -1 },
    { .name = NULL },
};

static const struct sv_desc_field hpet_v1[] = {
    /* hpet_reset: 0 */
    { .name = "config", .type = SV_U64 },
    { .name = "isr", .type = SV_U64, .required = 1 },
    /* hpet_save: hpet_get_ticks, from the vm_clock */
    { .name = "hpet_counter", .type = SV_U64, .required = 1 },
    /* HPET_NUM_TIMERS */
    { .name = "timer", .kind = SV_D_GROUP, .n = 3, .sub = hpet_timer },
    { .name = NULL },
};

const struct sv_desc sv_desc_hpet = {
    .idstr = "hpet", .min_version = 1, .version = 1, .fields = hpet_v1,
};
