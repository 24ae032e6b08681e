/* Test streams from t/desc-golden.h; see svtool-streams.h. */
#include <config.h>

#include "svtool-streams.h"

#include <stdlib.h>
#include <string.h>

#include "sv-ram.h"

/* the header holds every device's vectors; these tests use some */
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "desc-golden.h"

size_t golden_pit_count_at;

static void items_body(struct buf *b, const struct item *it)
{
    for (; it->name; it++) {
        unsigned width = it->w == 0 ? 1 : (unsigned)abs(it->w);
        uint32_t count = it->n ? it->n : 1;

        for (uint32_t k = 0; k < count; k++) {
            uint64_t x = (uint64_t)(it->v + (int64_t)k * it->step);

            for (unsigned i = 0; i < width; i++) {
                unsigned sh = it->w < 0 ? 8 * i : 8 * (width - 1 - i);

                buf_u8(b, (uint8_t)(x >> sh));
            }
        }
    }
}

static void full_items(struct buf *b, uint32_t id, const char *idstr, uint32_t inst, uint32_t ver,
                       const struct item *it)
{
    struct buf body = { 0 };

    items_body(&body, it);
    st_full(b, id, idstr, inst, ver, body.b, body.len);
    buf_free(&body);
}

static void ram_start(struct buf *b, uint8_t ram_seed)
{
    st_ram_start(b, 0, 64 << 10);
    for (uint64_t a = 0; a < (64 << 10); a += SV_RAM_PAGE) {
        if (a == 0x3000)
            st_ram_page(b, a, ram_seed);
        else
            st_ram_fill(b, a, a == 0x5000 ? 0xff : 0);
    }
    st_ram_eos(b);
}

static void devices(struct buf *b, uint32_t pit_count)
{
    struct buf pit = { 0 };

    full_items(b, 1, "timer", 0, 2, timer_v2);
    full_items(b, 2, "cpu_common", 0, 1, cpu_common_v1);
    full_items(b, 3, "i8259", 32, 1, i8259_v1);
    full_items(b, 4, "i8259", 160, 1, i8259_v1);
    full_items(b, 5, "mc146818rtc", 112, 1, rtc_v1);
    items_body(&pit, i8254_v1);
    /* channel[1].count: after channel 0 (40 bytes), be32 */
    pit.b[40] = (uint8_t)(pit_count >> 24);
    pit.b[41] = (uint8_t)(pit_count >> 16);
    pit.b[42] = (uint8_t)(pit_count >> 8);
    pit.b[43] = (uint8_t)pit_count;
    st_full(b, 6, "i8254", 64, 1, pit.b, pit.len);
    golden_pit_count_at = b->len - pit.len + 40;
    buf_free(&pit);
    full_items(b, 7, "serial", 1016, 3, serial_v3);
    full_items(b, 8, "pckbd", 0, 3, pckbd_v3);
    full_items(b, 9, "ps2kbd", 0, 3, ps2kbd_v3);
    full_items(b, 10, "ps2mouse", 0, 2, ps2mouse_v2);
    full_items(b, 11, "dma", 0, 1, dma_v1);
    full_items(b, 12, "dma", 1, 1, dma_v1);
    full_items(b, 13, "fdc", 1008, 2, fdc_v2);
}

void golden_stream(struct buf *b, uint8_t ram_seed, uint32_t pit_count)
{
    st_header(b);
    ram_start(b, ram_seed);
    devices(b, pit_count);
    st_ram_part(b, 0, 3);
    st_ram_eos(b);
    st_eof(b);
}

void golden_stream_ram(struct buf *b, unsigned pages)
{
    size_t pit_at = golden_pit_count_at;    /* golden_stream's, not this one's */

    st_header(b);
    st_ram_start(b, 0, (uint64_t)pages * SV_RAM_PAGE);
    for (unsigned k = 0; k < pages; k++) {
        if (k % 3 == 0)
            st_ram_page(b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
        else
            st_ram_fill(b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    }
    st_ram_eos(b);
    devices(b, 18);
    golden_pit_count_at = pit_at;
    st_ram_part(b, 0, 3);
    st_ram_fill(b, 0, 1);
    st_ram_eos(b);
    st_eof(b);
}

size_t golden_stream_ram_record(unsigned k)
{
    size_t at = 8 + 17 + 8;

    for (unsigned j = 0; j < k; j++)
        at += j % 3 == 0 ? 8 + SV_RAM_PAGE : 9;
    return at;
}

void golden_stream_unknown(struct buf *b)
{
    static const uint8_t body[] = { 1, 2, 3, 4 };

    st_header(b);
    ram_start(b, 1);
    devices(b, 18);
    st_full(b, 20, "frobnicator", 0, 1, body, sizeof body);   /* no release has one */
    st_ram_part(b, 0, 3);
    st_ram_eos(b);
    st_eof(b);
}

void timer_stream(struct buf *b, int version, int64_t clock_offset)
{
    struct buf body = { 0 };

    items_body(&body, version == 1 ? timer_v1 : timer_v2);
    if (version == 2)
        for (unsigned i = 0; i < 8; i++)
            body.b[16 + i] = (uint8_t)((uint64_t)clock_offset >> (8 * (7 - i)));
    st_header(b);
    st_full(b, 0, "timer", 0, (uint32_t)version, body.b, body.len);
    st_eof(b);
    buf_free(&body);
}

void serial_stream(struct buf *b, uint8_t fcr)
{
    struct buf body = { 0 };

    items_body(&body, serial_v3);
    body.b[body.len - 1] = fcr;
    st_header(b);
    st_full(b, 0, "serial", 1016, 3, body.b, body.len);
    st_eof(b);
    buf_free(&body);
}
