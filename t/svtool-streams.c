/* Test streams from t/desc-golden.h; see svtool-streams.h. */
#include <config.h>

#include "svtool-streams.h"

#include <stdlib.h>
#include <string.h>

#include "sv-ram.h"

/* the header holds every device's vectors; these tests use some */
#pragma GCC diagnostic ignored "-Wunused-const-variable"
#include "desc-golden.h"
#include "desc-golden-cards.h"

size_t su_golden_pit_count_at;

/* The lines of a golden table in `version`, assembled by t/desc-check.c. */
static void items_body(struct su_buf *b, const struct dc_item *it, uint32_t version)
{
    static struct dc_vec g;

    g.len = g.ne = 0;
    dc_put_items(&g, it, version);
    su_buf_put(b, g.b, g.len);
}

static void full_items(struct su_buf *b, uint32_t id, const char *idstr, uint32_t inst, uint32_t ver,
                       const struct dc_item *it)
{
    struct su_buf body = { 0 };

    items_body(&body, it, ver);
    su_full(b, id, idstr, inst, ver, body.b, body.len);
    su_buf_free(&body);
}

static void ram_start(struct su_buf *b, uint8_t ram_seed)
{
    su_ram_start(b, 0, 64 << 10);
    for (uint64_t a = 0; a < (64 << 10); a += SV_RAM_PAGE) {
        if (a == 0x3000)
            su_ram_page(b, a, ram_seed);
        else
            su_ram_fill(b, a, a == 0x5000 ? 0xff : 0);
    }
    su_ram_eos(b);
}

static void devices(struct su_buf *b, uint32_t pit_count)
{
    struct su_buf pit = { 0 };

    full_items(b, 1, "timer", 0, 2, timer_items);
    full_items(b, 2, "cpu_common", 0, 1, cpu_common_v1);
    full_items(b, 3, "i8259", 32, 1, i8259_v1);
    full_items(b, 4, "i8259", 160, 1, i8259_v1);
    full_items(b, 5, "mc146818rtc", 112, 1, rtc_v1);
    items_body(&pit, i8254_v1, 1);
    /* channel[1].count: after channel 0 (40 bytes), be32 */
    pit.b[40] = (uint8_t)(pit_count >> 24);
    pit.b[41] = (uint8_t)(pit_count >> 16);
    pit.b[42] = (uint8_t)(pit_count >> 8);
    pit.b[43] = (uint8_t)pit_count;
    su_full(b, 6, "i8254", 64, 1, pit.b, pit.len);
    su_golden_pit_count_at = b->len - pit.len + 40;
    su_buf_free(&pit);
    full_items(b, 7, "serial", 1016, 3, serial_items);
    full_items(b, 8, "pckbd", 0, 3, pckbd_v3);
    full_items(b, 9, "ps2kbd", 0, 3, ps2kbd_items);
    full_items(b, 10, "ps2mouse", 0, 2, ps2mouse_v2);
    full_items(b, 11, "dma", 0, 1, dma_v1);
    full_items(b, 12, "dma", 1, 1, dma_v1);
    full_items(b, 13, "fdc", 1008, 2, fdc_v2);
}

void su_golden_stream(struct su_buf *b, uint8_t ram_seed, uint32_t pit_count)
{
    su_header(b);
    ram_start(b, ram_seed);
    devices(b, pit_count);
    su_ram_part(b, 0, 3);
    su_ram_eos(b);
    su_eof(b);
}

void su_golden_stream_ram(struct su_buf *b, unsigned pages)
{
    size_t pit_at = su_golden_pit_count_at;    /* golden_stream's, not this one's */

    su_header(b);
    su_ram_start(b, 0, (uint64_t)pages * SV_RAM_PAGE);
    for (unsigned k = 0; k < pages; k++) {
        if (k % 3 == 0)
            su_ram_page(b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
        else
            su_ram_fill(b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    }
    su_ram_eos(b);
    devices(b, 18);
    su_golden_pit_count_at = pit_at;
    su_ram_part(b, 0, 3);
    su_ram_fill(b, 0, 1);
    su_ram_eos(b);
    su_eof(b);
}

size_t su_golden_stream_ram_record(unsigned k)
{
    size_t at = 8 + 17 + 8;

    for (unsigned j = 0; j < k; j++)
        at += j % 3 == 0 ? 8 + SV_RAM_PAGE : 9;
    return at;
}

void su_golden_stream_unknown(struct su_buf *b)
{
    static const uint8_t body[] = { 1, 2, 3, 4 };

    su_header(b);
    ram_start(b, 1);
    devices(b, 18);
    su_full(b, 20, "frobnicator", 0, 1, body, sizeof body);   /* no release has one */
    su_ram_part(b, 0, 3);
    su_ram_eos(b);
    su_eof(b);
}

void su_timer_stream(struct su_buf *b, int version, int64_t clock_offset)
{
    struct su_buf body = { 0 };

    items_body(&body, timer_items, (uint32_t)version);
    if (version == 2)
        for (unsigned i = 0; i < 8; i++)
            body.b[16 + i] = (uint8_t)((uint64_t)clock_offset >> (8 * (7 - i)));
    su_header(b);
    su_full(b, 0, "timer", 0, (uint32_t)version, body.b, body.len);
    su_eof(b);
    su_buf_free(&body);
}

void su_serial_stream(struct su_buf *b, uint8_t fcr)
{
    struct su_buf body = { 0 };

    items_body(&body, serial_items, 3);
    body.b[body.len - 1] = fcr;
    su_header(b);
    su_full(b, 0, "serial", 1016, 3, body.b, body.len);
    su_eof(b);
    su_buf_free(&body);
}

/* A built vector's bytes as a FULL section. */
static void full_vec(struct su_buf *b, uint32_t id, const char *idstr, uint32_t version, const struct dc_vec *g)
{
    su_full(b, id, idstr, 0, version, g->b, g->len);
}

void su_card_stream(struct su_buf *b, enum su_cards which)
{
    static struct dc_vec g;
    int pci = which != SU_VGA_ISAPC;

    su_header(b);
    full_items(b, 0, "timer", 0, 2, timer_items);
    if (pci)
        full_items(b, 1, "PCIBUS", 0, 1, pcibus_v1);
    g.len = g.ne = 0;
    switch (which) {
    case SU_VGA_PC:
    case SU_VGA_ISAPC:
        golden_vga(&g, 2, pci);
        full_vec(b, 2, "vga", 2, &g);
        break;
    case SU_VGA_VMWARE:         /* vmsvga_init registers the embedded VGA first */
        golden_vga(&g, 2, 0);
        full_vec(b, 2, "vga", 2, &g);
        full_items(b, 3, "vmware_vga", 0, 0, golden_vmware_vga_v0);
        break;
    case SU_ES1370_011:         /* es1370_init: register_savevm, then AUD_register_card */
    case SU_ES1370_010:         /* pc.c audio_init: AUD_init, then es1370_init */
        golden_es1370(&g);
        if (which == SU_ES1370_010)
            su_full(b, 2, "audio", 0, 1, "", 0);
        full_vec(b, 3, "es1370", 2, &g);
        if (which == SU_ES1370_011)
            su_full(b, 4, "audio", 0, 1, "", 0);
        break;
    }
    su_eof(b);
}
