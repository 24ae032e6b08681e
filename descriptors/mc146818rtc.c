/*
 * "mc146818rtc": hw/mc146818rtc.c rtc_save, version 1 (0.10.6 and 0.11.1).
 * 197 bytes, instance 112 (the I/O base 0x70).
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field rtc_v1[] = {
    { .name = "cmos_data", .kind = SV_D_BYTES, .n = 128 },
    /* hw/mc146818rtc.c:cmos_ioport_write stores data & 0x7f; rtc_load takes
     * any byte and cmos_data[cmos_index] then reads or writes past the array */
    { .name = "cmos_index", .type = SV_U8, .index_of = "cmos_data" },
    /* struct tm from rtc_set_time (from_bcd of guest-written bytes, so any
     * int); get_days_in_month and rtc_next_second guard their own ranges */
    { .name = "tm_sec", .type = SV_S32 },
    { .name = "tm_min", .type = SV_S32 },
    { .name = "tm_hour", .type = SV_S32 },
    { .name = "tm_wday", .type = SV_S32 },
    { .name = "tm_mday", .type = SV_S32 },
    { .name = "tm_mon", .type = SV_S32 },
    { .name = "tm_year", .type = SV_S32 },
    /* vl.c:qemu_put_timer: the expiry time, -1 when not pending */
    { .name = "periodic_timer", .type = SV_S64, .dflt = -1 },
    { .name = "next_periodic_time", .type = SV_S64 },
    { .name = "next_second_time", .type = SV_S64 },
    { .name = "second_timer", .type = SV_S64, .dflt = -1 },
    { .name = "second_timer2", .type = SV_S64, .dflt = -1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_mc146818rtc = {
    .idstr = "mc146818rtc", .min_version = 1, .version = 1, .fields = rtc_v1,
};
