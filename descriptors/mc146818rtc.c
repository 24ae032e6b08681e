/*
 * "mc146818rtc": hw/mc146818rtc.c rtc_save, version 1 (0.10.6 and 0.11.1).
 * 197 bytes, instance 112 (the I/O base 0x70).
 *
 * No defaults: 0.11.1's hw/mc146818rtc.c:rtc_reset only clears interrupt
 * bits of registers B and C, keeping the rest of each byte, and 0.10.6 has
 * no reset at all.  The CMOS holds pc.c's configuration (cmos_init), the
 * time comes from the host (rtc_set_date_from_host) and the timers from
 * the clock.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field rtc_v1[] = {
    { .name = "cmos_data", .kind = SV_D_BYTES, .n = 128, .required = 1 },
    /* hw/mc146818rtc.c:cmos_ioport_write stores data & 0x7f; rtc_load takes
     * any byte and cmos_data[cmos_index] then reads or writes past the array */
    { .name = "cmos_index", .type = SV_U8, .index_of = "cmos_data", .required = 1 },
    /* struct tm from rtc_set_time (from_bcd of guest-written bytes, so any
     * int); get_days_in_month and rtc_next_second guard their own ranges */
    { .name = "tm_sec", .type = SV_S32, .required = 1 },
    { .name = "tm_min", .type = SV_S32, .required = 1 },
    { .name = "tm_hour", .type = SV_S32, .required = 1 },
    { .name = "tm_wday", .type = SV_S32, .required = 1 },
    { .name = "tm_mday", .type = SV_S32, .required = 1 },
    { .name = "tm_mon", .type = SV_S32, .required = 1 },
    { .name = "tm_year", .type = SV_S32, .required = 1 },
    /* vl.c:qemu_put_timer: the expiry time, -1 when not pending */
    { .name = "periodic_timer", .type = SV_S64, .required = 1 },
    { .name = "next_periodic_time", .type = SV_S64, .required = 1 },
    { .name = "next_second_time", .type = SV_S64, .required = 1 },
    { .name = "second_timer", .type = SV_S64, .required = 1 },
    { .name = "second_timer2", .type = SV_S64, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_mc146818rtc = {
    .idstr = "mc146818rtc", .min_version = 1, .version = 1, .fields = rtc_v1,
};
