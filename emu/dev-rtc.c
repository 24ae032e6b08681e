/* "mc146818rtc" at 112 (v1, 197 bytes), hw/mc146818rtc.c in 0.11:
 *   u8 cmos_data[128], u8 cmos_index,
 *   be32 tm_sec, tm_min, tm_hour, tm_wday, tm_mday, tm_mon, tm_year,
 *   be64 periodic_timer expiry, be64 next_periodic_time,
 *   be64 next_second_time, be64 second_timer expiry, be64 second_timer2 expiry
 * (timer expiries are -1 when not pending).  The clock starts at
 * 2009-12-03 00:00:00 (like -startdate) so that state is reproducible. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "machine.h"

enum { REG_SEC = 0, REG_MIN = 2, REG_HOUR = 4, REG_WDAY = 6, REG_MDAY = 7, REG_MON = 8,
       REG_YEAR = 9, REG_A = 10, REG_B = 11, REG_C = 12, REG_D = 13,
       REG_IBM_CENTURY = 0x32, REG_PS2_CENTURY = 0x37 };
#define REG_C_UF 0x10

static struct {
    uint8_t cmos_data[128];
    uint8_t cmos_index;
    int32_t tm_sec, tm_min, tm_hour, tm_wday, tm_mday, tm_mon, tm_year;
    int64_t periodic_timer, next_periodic_time, next_second_time, second_timer, second_timer2;
} rtc;

static uint8_t bcd(int v)
{
    return (uint8_t)((v / 10) << 4 | v % 10);
}

/* Register B is 0x02 here (24 hours, BCD), as after the BIOS. */
static void copy_date_to_cmos(void)
{
    int year = rtc.tm_year + 1900;

    rtc.cmos_data[REG_SEC] = bcd(rtc.tm_sec);
    rtc.cmos_data[REG_MIN] = bcd(rtc.tm_min);
    rtc.cmos_data[REG_HOUR] = bcd(rtc.tm_hour);
    rtc.cmos_data[REG_WDAY] = bcd(rtc.tm_wday + 1);
    rtc.cmos_data[REG_MDAY] = bcd(rtc.tm_mday);
    rtc.cmos_data[REG_MON] = bcd(rtc.tm_mon + 1);
    rtc.cmos_data[REG_YEAR] = bcd(year % 100);
    rtc.cmos_data[REG_IBM_CENTURY] = bcd(year / 100 % 100);
    rtc.cmos_data[REG_PS2_CENTURY] = rtc.cmos_data[REG_IBM_CENTURY];
}

static int days_in_month(int mon, int year)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    mon = (mon % 12 + 12) % 12;     /* a loaded month may be anything */
    return mon == 1 ? 28 + leap : days[mon];
}

static void next_second(void)
{
    if (++rtc.tm_sec < 60)
        return;
    rtc.tm_sec = 0;
    if (++rtc.tm_min < 60)
        return;
    rtc.tm_min = 0;
    if (++rtc.tm_hour < 24)
        return;
    rtc.tm_hour = 0;
    rtc.tm_wday = (rtc.tm_wday + 1) % 7;
    if (++rtc.tm_mday <= days_in_month(rtc.tm_mon, rtc.tm_year + 1900))
        return;
    rtc.tm_mday = 1;
    if (++rtc.tm_mon < 12)
        return;
    rtc.tm_mon = 0;
    rtc.tm_year++;
}

static void put_s32(QEMUFile *f, int32_t v)
{
    qemu_put_be32(f, (unsigned int)v);
}

static void rtc_save(QEMUFile *f, void *opaque)
{
    qemu_put_buffer(f, rtc.cmos_data, 128);
    qemu_put_byte(f, rtc.cmos_index);
    put_s32(f, rtc.tm_sec);
    put_s32(f, rtc.tm_min);
    put_s32(f, rtc.tm_hour);
    put_s32(f, rtc.tm_wday);
    put_s32(f, rtc.tm_mday);
    put_s32(f, rtc.tm_mon);
    put_s32(f, rtc.tm_year);
    qemu_put_be64(f, (uint64_t)rtc.periodic_timer);
    qemu_put_be64(f, (uint64_t)rtc.next_periodic_time);
    qemu_put_be64(f, (uint64_t)rtc.next_second_time);
    qemu_put_be64(f, (uint64_t)rtc.second_timer);
    qemu_put_be64(f, (uint64_t)rtc.second_timer2);
}

static int rtc_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 1)
        return -EINVAL;
    qemu_get_buffer(f, rtc.cmos_data, 128);
    rtc.cmos_index = (uint8_t)qemu_get_byte(f);
    rtc.tm_sec = (int32_t)qemu_get_be32(f);
    rtc.tm_min = (int32_t)qemu_get_be32(f);
    rtc.tm_hour = (int32_t)qemu_get_be32(f);
    rtc.tm_wday = (int32_t)qemu_get_be32(f);
    rtc.tm_mday = (int32_t)qemu_get_be32(f);
    rtc.tm_mon = (int32_t)qemu_get_be32(f);
    rtc.tm_year = (int32_t)qemu_get_be32(f);
    rtc.periodic_timer = (int64_t)qemu_get_be64(f);
    rtc.next_periodic_time = (int64_t)qemu_get_be64(f);
    rtc.next_second_time = (int64_t)qemu_get_be64(f);
    rtc.second_timer = (int64_t)qemu_get_be64(f);
    rtc.second_timer2 = (int64_t)qemu_get_be64(f);
    return 0;
}

static void rtc_init(const struct emu_config *cfg)
{
    uint64_t ext_kib = (cfg->ram_bytes >> 10) - 1024;       /* RAM above 1 MiB */
    uint64_t above_16m = cfg->ram_bytes > (16u << 20) ? (cfg->ram_bytes - (16u << 20)) >> 16 : 0;

    memset(&rtc, 0, sizeof rtc);
    rtc.cmos_data[REG_A] = 0x26;
    rtc.cmos_data[REG_B] = 0x02;
    rtc.cmos_data[REG_D] = 0x80;
    /* What pc.c's cmos_init leaves for the BIOS of a default -M pc with no
     * floppy media (checked against a paused 0.11.1): no floppy drives,
     * equipment 0x06, 640K base memory, extended memory in KiB (twice),
     * 64K blocks above 16M, boot order "cad". */
    rtc.cmos_data[0x14] = 0x06;
    rtc.cmos_data[0x15] = 0x80;
    rtc.cmos_data[0x16] = 0x02;
    if (ext_kib > 0xffff)
        ext_kib = 0xffff;
    if (above_16m > 0xffff)
        above_16m = 0xffff;
    rtc.cmos_data[0x17] = rtc.cmos_data[0x30] = (uint8_t)ext_kib;
    rtc.cmos_data[0x18] = rtc.cmos_data[0x31] = (uint8_t)(ext_kib >> 8);
    rtc.cmos_data[0x34] = (uint8_t)above_16m;
    rtc.cmos_data[0x35] = (uint8_t)(above_16m >> 8);
    rtc.cmos_data[0x38] = 0x30;
    rtc.cmos_data[0x3d] = 0x12;
    rtc.tm_year = 109;
    rtc.tm_mon = 11;
    rtc.tm_mday = 3;
    rtc.tm_wday = 4;
    copy_date_to_cmos();
    rtc.periodic_timer = -1;
    rtc.second_timer = -1;
    rtc.next_second_time = vm_clock_ns() + EMU_TICKS_PER_SEC * 99 / 100;
    rtc.second_timer2 = rtc.next_second_time;
    register_savevm("mc146818rtc", 0x70, 1, rtc_save, rtc_load, &rtc);
}

/* The guest polls a register each tick; every virtual second the clock
 * advances and sets the update-ended flag. */
static void rtc_tick(int64_t now)
{
    rtc.cmos_index = (rtc.cmos_index + 1) & 0x7f;
    for (int n = 0; n < 4096 && rtc.second_timer2 != -1 && rtc.second_timer2 <= now; n++) {
        next_second();
        copy_date_to_cmos();
        rtc.cmos_data[REG_C] |= REG_C_UF;
        rtc.next_second_time += EMU_TICKS_PER_SEC;
        rtc.second_timer2 = rtc.next_second_time;
    }
}

static void rtc_print(FILE *out)
{
    const char *d = "mc146818rtc@112";

    print_hex(out, d, "cmos_data", rtc.cmos_data, sizeof rtc.cmos_data);
    print_u(out, d, "cmos_index", rtc.cmos_index);
    print_s(out, d, "tm_sec", rtc.tm_sec);
    print_s(out, d, "tm_min", rtc.tm_min);
    print_s(out, d, "tm_hour", rtc.tm_hour);
    print_s(out, d, "tm_wday", rtc.tm_wday);
    print_s(out, d, "tm_mday", rtc.tm_mday);
    print_s(out, d, "tm_mon", rtc.tm_mon);
    print_s(out, d, "tm_year", rtc.tm_year);
    print_s(out, d, "periodic_timer", rtc.periodic_timer);
    print_s(out, d, "next_periodic_time", rtc.next_periodic_time);
    print_s(out, d, "next_second_time", rtc.next_second_time);
    print_s(out, d, "second_timer", rtc.second_timer);
    print_s(out, d, "second_timer2", rtc.second_timer2);
}

/* hw/mc146818rtc.c:rtc_reset (0.11.1; 0.10.6 has none): clears the
 * interrupt enables of register B (PIE, AIE, SQWE) and the flags of
 * register C (UF, IRQF, PF, AF), and nothing else */
static void rtc_reset(void)
{
    rtc.cmos_data[REG_B] &= (uint8_t)~(0x40 | 0x20 | 0x08);
    rtc.cmos_data[REG_C] &= (uint8_t)~(0x10 | 0x80 | 0x40 | 0x20);
}

static const struct emu_reset rtc_resets[] = { { "mc146818rtc", rtc_reset }, { NULL, NULL } };

const struct emu_device dev_rtc = { "mc146818rtc", rtc_init, rtc_tick, rtc_print, rtc_resets };
