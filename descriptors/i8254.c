/*
 * "i8254": hw/i8254.c pit_save, version 1 (0.10.6 and 0.11.1). 88 bytes,
 * instance 64 (the I/O base): three channels of 24 bytes, channel 0 with
 * 16 more for its IRQ timer.
 *
 * Defaults: hw/i8254.c:pit_reset sets only mode, gate and, through
 * pit_load_count(s, 0), count and count_load_time (and channel 0's timer);
 * the latch and read/write state are left as they were: required.
 */
#include <config.h>

#include "devices.h"

#define CHANNEL_2 { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 2 }
#define CHANNEL_0_1 { .kind = SV_IF_INDEX, .op = SV_OP_NE, .value = 2 }

static const struct sv_desc_field pit_channel[] = {
    /* hw/i8254.c:pit_load_count stores 1..0x10000 (0 means 0x10000);
     * pit_get_count divides by count, so 0 does not load safely.
     * pit_reset: pit_load_count(s, 0), 0x10000 */
    { .name = "count", .type = SV_U32, .dflt = 0x10000,
      .bounded = 1, .lo = 1, .hi = 0x10000 },
    { .name = "latched_count", .type = SV_U16, .required = 1 },
    /* the latch and r/w states below are switched on, other values ignored */
    { .name = "count_latched", .type = SV_U8, .required = 1 },
    { .name = "status_latched", .type = SV_U8, .required = 1 },
    { .name = "status", .type = SV_U8, .required = 1 },
    { .name = "read_state", .type = SV_U8, .required = 1 },
    { .name = "write_state", .type = SV_U8, .required = 1 },
    { .name = "write_latch", .type = SV_U8, .required = 1 },
    { .name = "rw_mode", .type = SV_U8, .required = 1 },
    /* hw/i8254.c:pit_ioport_write stores (val >> 1) & 7, so 6 and 7 are real;
     * pit_load: get_byte, used as a switch with a default: any u8.
     * pit_reset: 3 */
    { .name = "mode", .type = SV_U8, .dflt = 3 },
    { .name = "bcd", .type = SV_U8, .required = 1 },
    /* pit_reset: 1 for channels 0 and 1, 0 for channel 2 */
    { .name = "gate", .type = SV_U8, .dflt = 1, .cond = CHANNEL_0_1 },
    { .name = "gate", .type = SV_U8, .cond = CHANNEL_2 },
    /* pit_load_count: the vm_clock at the reset */
    { .name = "count_load_time", .type = SV_S64, .required = 1 },
    /* pit_init gives only channel 0 an irq_timer, and pit_save writes these
     * two only for a channel that has one; pit_irq_timer_update computes
     * both from the clock */
    { .name = "next_transition_time", .type = SV_S64, .required = 1,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 0 } },
    /* vl.c:qemu_put_timer: the expiry time, -1 when not pending */
    { .name = "irq_timer", .type = SV_S64, .required = 1,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 0 } },
    { .name = NULL },
};

static const struct sv_desc_field i8254_v1[] = {
    { .name = "channel", .kind = SV_D_GROUP, .n = 3, .sub = pit_channel },
    { .name = NULL },
};

const struct sv_desc sv_desc_i8254 = {
    .idstr = "i8254", .min_version = 1, .version = 1, .fields = i8254_v1,
};
