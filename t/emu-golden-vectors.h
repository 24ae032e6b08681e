/* Golden section bodies of the shared devices, written from QEMU 0.11.1's
 * published save functions (a comment per field), for two machine states:
 * power-on, and after `--ticks 3` (doc/EMU.md says what each tick does).
 * Zero runs are written as index ranges; every other byte is spelled out.
 *
 * The power-on vectors were compared with the stream of a real QEMU 0.11.1
 * (i386-softmmu, -M pc -S -m 16 -net none, migrate to a file): timer,
 * cpu_common, both i8259, i8254, serial, pckbd, ps2kbd, ps2mouse, both dma
 * and fdc are identical; mc146818rtc has the same layout, differing only
 * in the date (host clock there, -startdate-like 2009-12-03 here) and the
 * extended memory size. */
#ifndef SV_EMU_GOLDEN_VECTORS_H
#define SV_EMU_GOLDEN_VECTORS_H

#include <stdint.h>

#define BE32(v) (uint8_t)((v) >> 24), (uint8_t)((v) >> 16), (uint8_t)((v) >> 8), (uint8_t)(v)
#define BE64(v) BE32((uint64_t)(v) >> 32), BE32((uint64_t)(v) & 0xffffffffu)

/* ---- power-on ---- */

static const uint8_t g0_timer[24] = {
    BE64(0),                            /* cpu_ticks_offset */
    BE64(1000000000),                   /* ticks_per_sec */
    BE64(0),                            /* cpu_clock_offset (v2) */
};

static const uint8_t g0_cpu_common[8] = {
    BE32(0),                            /* halted */
    BE32(2),                            /* interrupt_request: HARD, from IRQ0 */
};

static const uint8_t g0_i8259_master[16] = {
    0x01,                               /* last_irr: the PIT holds IRQ0 high */
    0x01,                               /* irr */
    [2 ... 15] = 0,                     /* imr .. elcr */
};

static const uint8_t g0_i8259_slave[16] = { 0 };        /* every register 0, elcr too */

static const uint8_t g0_rtc[197] = {
    /* cmos_data[128] */
    [0x00] = 0x00,                      /* seconds, BCD */
    [0x02] = 0x00,                      /* minutes */
    [0x04] = 0x00,                      /* hours */
    [0x06] = 0x05,                      /* day of week: Thursday = 5 */
    [0x07] = 0x03,                      /* day of month */
    [0x08] = 0x12,                      /* month */
    [0x09] = 0x09,                      /* year */
    [0x0a] = 0x26,                      /* register A */
    [0x0b] = 0x02,                      /* register B: 24 hours, BCD */
    [0x0c] = 0x00,                      /* register C */
    [0x0d] = 0x80,                      /* register D: valid RAM and time */
    [0x14] = 0x06,                      /* equipment; 0x10 floppy types: none */
    [0x15] = 0x80, [0x16] = 0x02,       /* base memory 640 KiB */
    /* 0x17-0x18, 0x30-0x31 extended memory: 0 KiB with 1 MiB of RAM */
    [0x32] = 0x20,                      /* century (IBM) */
    [0x37] = 0x20,                      /* century (PS/2) */
    [0x38] = 0x30,                      /* third boot device: cdrom */
    [0x3d] = 0x12,                      /* first two boot devices: disk, floppy */
    [128] = 0x00,                       /* cmos_index */
    BE32(0),                            /* tm_sec */
    BE32(0),                            /* tm_min */
    BE32(0),                            /* tm_hour */
    BE32(4),                            /* tm_wday */
    BE32(3),                            /* tm_mday */
    BE32(11),                           /* tm_mon */
    BE32(109),                          /* tm_year */
    BE64(-1),                           /* periodic_timer: not pending */
    BE64(0),                            /* next_periodic_time */
    BE64(990000000),                    /* next_second_time */
    BE64(-1),                           /* second_timer: not pending */
    BE64(990000000),                    /* second_timer2 */
};

#define PIT_CHANNEL(count, mode, gate)                                      \
    BE32(count),                        /* count */                         \
    0x00, 0x00,                         /* latched_count */                 \
    0x00,                               /* count_latched */                 \
    0x00,                               /* status_latched */                \
    0x00,                               /* status */                        \
    0x00,                               /* read_state */                    \
    0x00,                               /* write_state */                   \
    0x00,                               /* write_latch */                   \
    0x00,                               /* rw_mode */                       \
    mode,                               /* mode */                          \
    0x00,                               /* bcd */                           \
    gate,                               /* gate */                          \
    BE64(0)                             /* count_load_time */

static const uint8_t g0_i8254[88] = {
    PIT_CHANNEL(0x10000, 3, 1),
    BE64(27462700),                     /* channel 0 next_transition_time */
    BE64(27462700),                     /* channel 0 irq_timer expiry */
    PIT_CHANNEL(0x10000, 3, 1),
    PIT_CHANNEL(0x10000, 3, 0),
};

static const uint8_t g0_serial[11] = {
    0x00, 0x0c,                         /* divider: 9600 baud */
    0x00,                               /* rbr */
    0x00,                               /* ier */
    0x01,                               /* iir: no interrupt */
    0x00,                               /* lcr */
    0x08,                               /* mcr: OUT2 */
    0x60,                               /* lsr: TEMT | THRE */
    0xb0,                               /* msr: DCD | DSR | CTS */
    0x00,                               /* scr */
    0x00,                               /* fcr (v3) */
};

static const uint8_t g0_pckbd[4] = {
    0x00,                               /* write_cmd */
    0x18,                               /* status: CMD | UNLOCKED */
    0x03,                               /* mode: KBD_INT | MOUSE_INT */
    0x00,                               /* pending */
};

static const uint8_t g0_ps2kbd[284] = {
    BE32(-1),                           /* write_cmd */
    BE32(0),                            /* queue.rptr */
    BE32(0),                            /* queue.wptr */
    BE32(0),                            /* queue.count */
    [16 ... 271] = 0,                   /* queue.data[256] */
    BE32(0),                            /* scan_enabled */
    BE32(0),                            /* translate */
    BE32(0),                            /* scancode_set (v3); reset leaves 0 */
};

static const uint8_t g0_ps2mouse[291] = {
    BE32(-1),                           /* write_cmd */
    BE32(0),                            /* queue.rptr */
    BE32(0),                            /* queue.wptr */
    BE32(0),                            /* queue.count */
    [16 ... 271] = 0,                   /* queue.data[256] */
    0x00,                               /* mouse_status */
    0x00,                               /* mouse_resolution */
    0x00,                               /* mouse_sample_rate */
    0x00,                               /* mouse_wrap */
    0x00,                               /* mouse_type */
    0x00,                               /* mouse_detect_state */
    BE32(0),                            /* mouse_dx */
    BE32(0),                            /* mouse_dy */
    BE32(0),                            /* mouse_dz */
    0x00,                               /* mouse_buttons */
};

/* regs[4] of 17 bytes: be32 now[0], be32 now[1], be16 base[0], be16 base[1],
 * u8 mode, page, pageh, dack, eop */
static const uint8_t g0_dma0[75] = {
    0x00,                               /* command */
    0xff,                               /* mask: all channels masked */
    0x00,                               /* flip_flop */
    BE32(0),                            /* dshift */
    [7 ... 74] = 0,                     /* regs[0..3] */
};

static const uint8_t g0_dma1[75] = {
    0x00, 0xff, 0x00,                   /* command, mask, flip_flop */
    BE32(1),                            /* dshift: 16-bit controller */
    [7 ... 74] = 0,                     /* regs[0..3] */
};

static const uint8_t g0_fdc[545] = {
    0x40,                               /* sra: no drive 1 */
    0xc0,                               /* srb */
    0x0c,                               /* dor: nRESET | DMAEN, drive 0 */
    0x00,                               /* tdr */
    0x00,                               /* dsr */
    0x80,                               /* msr: RQM */
    0x00, 0x00, 0x00,                   /* status0, status1, status2 */
    [9 ... 520] = 0,                    /* fifo[512] */
    BE32(0),                            /* data_pos */
    BE32(0),                            /* data_len */
    0x00,                               /* data_state */
    0x00,                               /* data_dir: write */
    0x00,                               /* eot */
    0x00, 0x00,                         /* timer0, timer1 */
    0x00,                               /* precomp_trk */
    0x60,                               /* config: EIS | EFIFO */
    0x00,                               /* lock */
    0x00,                               /* pwrd */
    0x02,                               /* drive count (MAX_FD) */
    0x00, 0x00, 0x01,                   /* drive 0: head, track, sect */
    0x00, 0x00, 0x01,                   /* drive 1: head, track, sect */
};

/* ---- after --ticks 3 (the clock at 3 ms) ---- */

static const uint8_t g3_timer[24] = {
    BE64(7200000),                      /* cpu_ticks_offset: 3 x 2.4M */
    BE64(1000000000),                   /* ticks_per_sec */
    BE64(3000000),                      /* cpu_clock_offset: 3 ms */
};

static const uint8_t g3_cpu_common[8] = {
    BE32(1),                            /* halted */
    BE32(2),                            /* interrupt_request: HARD */
};

static const uint8_t g3_i8259_master[16] = {
    0x07,                               /* last_irr */
    0x07,                               /* irr: IRQ0 since reset, 1 and 2 toggled */
    0xb8,                               /* imr */
    0x01,                               /* isr: the lowest unmasked request */
    0x02,                               /* priority_add */
    0x08,                               /* irq_base */
    0x00, 0x00, 0x00, 0x00,             /* read_reg_select, poll, special_mask, init_state */
    0x00, 0x00, 0x00,                   /* auto_eoi, rotate_on_auto_eoi, special_fully_nested_mode */
    0x01,                               /* init4 */
    0x00,                               /* single_mode */
    0x00,                               /* elcr */
};

static const uint8_t g3_i8259_slave[16] = {
    0x06, 0x06,                         /* last_irr, irr */
    0x8f,                               /* imr */
    0x00,                               /* isr: both lines masked */
    0x02,                               /* priority_add */
    0x70,                               /* irq_base */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01,                               /* init4 */
    0x00,                               /* single_mode */
    0x0c,                               /* elcr */
};

static const uint8_t g3_i8254[88] = {
    /* channel 0: programmed at 1 ms as a rate generator, count 1193 */
    BE32(1193),                         /* count */
    0x00, 0x00,                         /* latched_count */
    0x00, 0x00, 0x00,                   /* count_latched, status_latched, status */
    0x03, 0x03,                         /* read_state, write_state: WORD0 */
    0xa9,                               /* write_latch */
    0x03,                               /* rw_mode */
    0x02,                               /* mode */
    0x00,                               /* bcd */
    0x01,                               /* gate */
    BE64(1000000),                      /* count_load_time */
    BE64(3000533),                      /* next_transition_time */
    BE64(3000533),                      /* irq_timer expiry */
    PIT_CHANNEL(0x10000, 3, 1),         /* channel 1 untouched */
    /* channel 2: its counter latched at 3 ms */
    BE32(0x10000),                      /* count */
    0xe4, 0x0a,                         /* latched_count 58378 */
    0x03,                               /* count_latched */
    0x00, 0x00, 0x00, 0x00, 0x00,       /* status_latched .. write_latch */
    0x00,                               /* rw_mode */
    0x03,                               /* mode */
    0x00,                               /* bcd */
    0x00,                               /* gate */
    BE64(0),                            /* count_load_time */
};

static const uint8_t g3_serial[11] = {
    0x00, 0x01,                         /* divider: 115200 baud */
    0x42,                               /* rbr: 'B' */
    0x01,                               /* ier: RDI */
    0xc4,                               /* iir: FIFO on, receive data */
    0x03,                               /* lcr: 8N1 */
    0x08,                               /* mcr */
    0x61,                               /* lsr: TEMT | THRE | DR */
    0xb0,                               /* msr */
    0x02,                               /* scr */
    0xc1,                               /* fcr: FIFO, trigger 14 */
};

static const uint8_t g3_pckbd[4] = {
    0x60,                               /* write_cmd */
    0x11,                               /* status: OBF | UNLOCKED */
    0x03,                               /* mode */
    0x01,                               /* pending: keyboard */
};

static const uint8_t g3_ps2kbd[284] = {
    BE32(-1),                           /* write_cmd */
    BE32(4),                            /* queue.rptr */
    BE32(8),                            /* queue.wptr */
    BE32(4),                            /* queue.count */
    0xfa, 0xaa,                         /* data: ACK, BAT ok */
    0x15, 0xf0, 0x15,                   /* 'q' make, break */
    0x24, 0xf0, 0x24,                   /* 'e' make, break */
    [24 ... 271] = 0,
    BE32(1),                            /* scan_enabled */
    BE32(1),                            /* translate */
    BE32(2),                            /* scancode_set */
};

static const uint8_t g3_ps2mouse[291] = {
    BE32(-1),                           /* write_cmd */
    BE32(2),                            /* queue.rptr */
    BE32(4),                            /* queue.wptr */
    BE32(2),                            /* queue.count */
    0xfa,                               /* data: ACK */
    0x28, 0x06, 0xfc,                   /* packet: dy<0, dx 6, dy -4 */
    [20 ... 271] = 0,
    0x20,                               /* mouse_status: reporting on */
    0x02,                               /* mouse_resolution */
    0x64,                               /* mouse_sample_rate 100 */
    0x00, 0x00, 0x00,                   /* wrap, type, detect_state */
    BE32(0), BE32(0), BE32(0),          /* dx, dy, dz (sent) */
    0x00,                               /* buttons */
};

static const uint8_t g3_dma0[75] = {
    0x00,                               /* command */
    0xfb,                               /* mask: channel 2 unmasked */
    0x00,                               /* flip_flop */
    BE32(0),                            /* dshift */
    [7 ... 40] = 0,                     /* regs[0], regs[1] */
    BE32(0x1080),                       /* regs[2].now[ADDR] */
    BE32(128),                          /* regs[2].now[COUNT] */
    0x10, 0x00,                         /* regs[2].base[ADDR] */
    0x01, 0xff,                         /* regs[2].base[COUNT] */
    0x56,                               /* regs[2].mode */
    0x01,                               /* regs[2].page */
    0x00, 0x00, 0x00,                   /* regs[2].pageh, dack, eop */
    [58 ... 74] = 0,                    /* regs[3] */
};

static const uint8_t g3_dma1[75] = {
    0x00, 0x0e, 0x00,                   /* command, mask, flip_flop */
    BE32(1),                            /* dshift */
    BE32(0), BE32(0), 0, 0, 0, 0,       /* regs[0] now, base */
    0xc0,                               /* regs[0].mode: cascade */
    0x00, 0x00, 0x00, 0x00,
    [24 ... 74] = 0,                    /* regs[1..3] */
};

static const uint8_t g3_fdc[545] = {
    0x40, 0xc0,                         /* sra, srb */
    0x0c,                               /* dor */
    0x00, 0x00,                         /* tdr, dsr */
    0xd0,                               /* msr: RQM | DIO | busy */
    0x20,                               /* status0: seek end, drive 0 */
    0x00, 0x00,                         /* status1, status2 */
    0x01, 0x01, 0x02,                   /* fifo: two data bytes over SPECIFY's third */
    [12 ... 520] = 0,
    BE32(2),                            /* data_pos */
    BE32(512),                          /* data_len */
    0x00,                               /* data_state */
    0x01,                               /* data_dir: read */
    0x12,                               /* eot 18 */
    0x57, 0x01,                         /* timer0, timer1 */
    0x00,                               /* precomp_trk */
    0x60,                               /* config */
    0x00, 0x00,                         /* lock, pwrd */
    0x02,                               /* drive count */
    0x00, 0x00, 0x01,
    0x00, 0x00, 0x01,
};

/* ---- emu-* devices, from doc/EMU.md ---- */

static const uint8_t g0_emu_ring[12] = { BE32(0), BE32(0), BE32(0) };  /* used, head, total */
static const uint8_t g3_emu_ring[24] = {
    BE32(3),                            /* used */
    BE32(3),                            /* head */
    BE32(0), BE32(0x9e3779b1), BE32(0x3c6ef362),        /* slot[0..2] */
    BE32(3),                            /* total */
};

static const uint8_t g0_emu_disk[13] = {
    0x50, 0x00,                         /* status, error */
    BE32(0),                            /* sector */
    0x00, 0x01,                         /* nsector */
    0x00,                               /* identify_set: no block follows */
    BE32(0),                            /* io_count */
};

static const uint8_t g3_emu_disk[525] = {
    0x50, 0x00,                         /* status, error */
    BE32(6),                            /* sector */
    0x00, 0x04,                         /* nsector */
    0x01,                               /* identify_set */
    /* identify[512], little-endian words, strings byte-swapped */
    [9] = 0x40,                         /* word 0: fixed disk */
    [11] = 0x00, 0x04,                  /* word 1: 1024 cylinders */
    [15] = 16,                          /* word 3: heads */
    [21] = 63,                          /* word 6: sectors per track */
    [29] = 'M', 'E', '0', 'U', '0', '0', ' ', '1', [37 ... 48] = ' ',  /* serial */
    [55] = '.', '0', '1', '1', '1', '.', ' ', ' ',                      /* firmware */
    [63] = 'M', 'E', ' ', 'U', 'A', 'H', 'D', 'R', 'I', 'D', 'K', 'S',  /* model */
    [75 ... 102] = ' ',
    [521] = BE32(3),                    /* io_count */
};

static const uint8_t g0_emu_net[3] = {
    0x00, 0x00,                         /* ip_id */
    0x00,                               /* end of list */
};

static const uint8_t g3_emu_net[31] = {
    0x00, 0x03,                         /* ip_id */
    0x2a,                               /* marker */
    BE32(0x0a000202), 0x04, 0x01, 0x00, 0x50,   /* 10.0.2.2:1025 -> :80 */
    0x04,                               /* state: established */
    BE32(2920),                         /* bytes_in */
    0x2a,
    BE32(0x0a000202), 0x04, 0x03, 0x00, 0x50,   /* 10.0.2.2:1027 -> :80 */
    0x02,                               /* state: SYN sent */
    BE32(0),
    0x00,                               /* end of list */
};

static const uint8_t g0_emu_versioned[15] = {
    BE32(0),                            /* counter */
    0x00, 0x00,                         /* flags */
    0x01,                               /* mode (v2) */
    BE64(0),                            /* stamp_ns (v3) */
};

static const uint8_t g3_emu_versioned[15] = {
    BE32(3), 0x00, 0x0e, 0x01, BE64(3000000),
};

#endif
