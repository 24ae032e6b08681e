/*
 * "i8254": hw/i8254.c pit_save, version 1 (0.10.6 and 0.11.1). 88 bytes,
 * instance 64 (the I/O base): three channels of 24 bytes, channel 0 with
 * 16 more for its IRQ timer.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field pit_channel[] = {
    /* hw/i8254.c:pit_load_count stores 1..0x10000 (0 means 0x10000);
     * pit_get_count divides by count, so 0 does not load safely */
    { .name = "count", .type = SV_U32, .dflt = 0x10000,
      .bounded = 1, .lo = 1, .hi = 0x10000 },
    { .name = "latched_count", .type = SV_U16 },
    /* the latch and r/w states below are switched on, other values ignored */
    { .name = "count_latched", .type = SV_U8 },
    { .name = "status_latched", .type = SV_U8 },
    { .name = "status", .type = SV_U8 },
    { .name = "read_state", .type = SV_U8 },
    { .name = "write_state", .type = SV_U8 },
    { .name = "write_latch", .type = SV_U8 },
    { .name = "rw_mode", .type = SV_U8 },
    /* hw/i8254.c:pit_ioport_write stores (val >> 1) & 7, so 6 and 7 are real;
     * pit_load: get_byte, used as a switch with a default: any u8 */
    { .name = "mode", .type = SV_U8, .dflt = 3 },
    { .name = "bcd", .type = SV_U8 },
    /* pit_reset: 1 for channels 0 and 1, 0 for channel 2 */
    { .name = "gate", .type = SV_U8, .dflt = 1 },
    { .name = "count_load_time", .type = SV_S64 },
    /* pit_init gives only channel 0 an irq_timer, and pit_save writes these
     * two only for a channel that has one */
    { .name = "next_transition_time", .type = SV_S64,
      .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 0 } },
    /* vl.c:qemu_put_timer: the expiry time, -1 when not pending */
    { .name = "irq_timer", .type = SV_S64, .dflt = -1,
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
