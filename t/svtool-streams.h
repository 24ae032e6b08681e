/* Test streams for svtool, built from the golden device vectors. */
#ifndef SV_SVTOOL_STREAMS_H
#define SV_SVTOOL_STREAMS_H

#include <stdint.h>

#include "svtool-util.h"

/* Where the i8254 section's channel[1].count sits in golden_stream's bytes. */
extern size_t su_golden_pit_count_at;

/*
 * A 0.10/0.11 stream: ram START (64 KiB: 15 compressed pages, one full
 * page at 0x3000), timer v2, cpu_common, i8259 x2, mc146818rtc, i8254,
 * serial v3, pckbd, ps2kbd v3, ps2mouse v2, dma x2, fdc, ram END, EOF.
 * ram_seed changes the full page's bytes; pit_count channel 1's count.
 */
void su_golden_stream(struct su_buf *b, uint8_t ram_seed, uint32_t pit_count);
/*
 * The same devices after more RAM: a START of `pages` records (page k in
 * full when k % 3 == 0, else a fill byte), the devices, an END with one
 * fill record.  su_golden_stream_ram_record(k) is where record k starts.
 */
void su_golden_stream_ram(struct su_buf *b, unsigned pages);
size_t su_golden_stream_ram_record(unsigned k);
/* The same with a device no release describes before the end. */
void su_golden_stream_unknown(struct su_buf *b);
/* timer v1 (no cpu_clock_offset) alone, then EOF; with cpu_clock_offset 0 for v2 */
void su_timer_stream(struct su_buf *b, int version, int64_t clock_offset);
/* serial at version 3 with fcr (0.11 and 0.10 share it). */
void su_serial_stream(struct su_buf *b, uint8_t fcr);

/* The sections -vga and -soundhw add, after timer and (on -M pc) PCIBUS. */
enum su_cards {
    SU_VGA_PC,          /* -vga std -M pc: the PCI VGA */
    SU_VGA_ISAPC,       /* -vga std -M isapc: the ISA VGA, no PCIBUS */
    SU_VGA_VMWARE,      /* -vga vmware: its embedded VGA (no PCI part), then vmware_vga */
    SU_ES1370_011,      /* -soundhw es1370 in 0.11.1: es1370, then the empty audio section */
    SU_ES1370_010,      /* in 0.10.6: audio first */
};
void su_card_stream(struct su_buf *b, enum su_cards which);

#endif
