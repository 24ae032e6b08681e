/*
 * Golden legacy section bodies, one line per wire field, written from the
 * save functions of QEMU 0.11.1 / 0.10.6 (not from our tables).  A line is
 * { name, width, n, value, step }: width 1/2/4/8 big-endian as qemu_put_be*
 * writes, negative for host order (little-endian), 0 for raw bytes; n 0 for
 * a scalar, else the element (or byte) count, element k being
 * value + k * step.  The test assembles the bytes and expects the decoder
 * to find exactly these fields, in this order, at these offsets.
 */
#ifndef SV_DESC_GOLDEN_H
#define SV_DESC_GOLDEN_H

#include "desc-check.h"            /* struct dc_item */

/* vl.c timer_save, version 2: 24 bytes; timer_load takes 1 and 2 */
static const struct dc_item timer_items[] = {
    { "cpu_ticks_offset", 8, 0, 0x0123456789ab, 0 },
    { "ticks_per_sec", 8, 0, 1000000000, 0 },
    { "cpu_clock_offset", 8, 0, -5000, 0, .since = 2 },    /* version_id == 2 */
    { NULL, 0, 0, 0, 0 },
};

/* exec.c cpu_common_save: 8 bytes */
static const struct dc_item cpu_common_v1[] = {
    { "halted", 4, 0, 1, 0 },
    { "interrupt_request", 4, 0, 0x2, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/i8259.c pic_save: 16 bytes (the master, after the BIOS set it up) */
static const struct dc_item i8259_v1[] = {
    { "last_irr", 1, 0, 0x01, 0 },
    { "irr", 1, 0, 0x00, 0 },
    { "imr", 1, 0, 0xb8, 0 },
    { "isr", 1, 0, 0x00, 0 },
    { "priority_add", 1, 0, 0x01, 0 },
    { "irq_base", 1, 0, 0x08, 0 },
    { "read_reg_select", 1, 0, 0x00, 0 },
    { "poll", 1, 0, 0x00, 0 },
    { "special_mask", 1, 0, 0x00, 0 },
    { "init_state", 1, 0, 0x00, 0 },
    { "auto_eoi", 1, 0, 0x00, 0 },
    { "rotate_on_auto_eoi", 1, 0, 0x00, 0 },
    { "special_fully_nested_mode", 1, 0, 0x00, 0 },
    { "init4", 1, 0, 0x01, 0 },
    { "single_mode", 1, 0, 0x00, 0 },
    { "elcr", 1, 0, 0x00, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/i8254.c pit_save: 88 bytes; channel 0 adds its IRQ timer */
static const struct dc_item i8254_v1[] = {
    { "channel[0].count", 4, 0, 0x10000, 0 },
    { "channel[0].latched_count", 2, 0, 0x1234, 0 },
    { "channel[0].count_latched", 1, 0, 0, 0 },
    { "channel[0].status_latched", 1, 0, 0, 0 },
    { "channel[0].status", 1, 0, 0x36, 0 },
    { "channel[0].read_state", 1, 0, 3, 0 },
    { "channel[0].write_state", 1, 0, 3, 0 },
    { "channel[0].write_latch", 1, 0, 0, 0 },
    { "channel[0].rw_mode", 1, 0, 3, 0 },
    { "channel[0].mode", 1, 0, 3, 0 },
    { "channel[0].bcd", 1, 0, 0, 0 },
    { "channel[0].gate", 1, 0, 1, 0 },
    { "channel[0].count_load_time", 8, 0, 0x1d1a94a2000, 0 },
    { "channel[0].next_transition_time", 8, 0, 0x1d1a9589c40, 0 },
    { "channel[0].irq_timer", 8, 0, 0x1d1a9589c40, 0 },
    { "channel[1].count", 4, 0, 18, 0 },
    { "channel[1].latched_count", 2, 0, 0, 0 },
    { "channel[1].count_latched", 1, 0, 0, 0 },
    { "channel[1].status_latched", 1, 0, 0, 0 },
    { "channel[1].status", 1, 0, 0, 0 },
    { "channel[1].read_state", 1, 0, 1, 0 },
    { "channel[1].write_state", 1, 0, 1, 0 },
    { "channel[1].write_latch", 1, 0, 0, 0 },
    { "channel[1].rw_mode", 1, 0, 1, 0 },
    { "channel[1].mode", 1, 0, 7, 0 },             /* (val >> 1) & 7 stores 6 and 7 */
    { "channel[1].bcd", 1, 0, 0, 0 },
    { "channel[1].gate", 1, 0, 1, 0 },
    { "channel[1].count_load_time", 8, 0, 0, 0 },
    { "channel[2].count", 4, 0, 0x10000, 0 },
    { "channel[2].latched_count", 2, 0, 0, 0 },
    { "channel[2].count_latched", 1, 0, 0, 0 },
    { "channel[2].status_latched", 1, 0, 0, 0 },
    { "channel[2].status", 1, 0, 0, 0 },
    { "channel[2].read_state", 1, 0, 0, 0 },
    { "channel[2].write_state", 1, 0, 0, 0 },
    { "channel[2].write_latch", 1, 0, 0, 0 },
    { "channel[2].rw_mode", 1, 0, 0, 0 },
    { "channel[2].mode", 1, 0, 3, 0 },
    { "channel[2].bcd", 1, 0, 0, 0 },
    { "channel[2].gate", 1, 0, 0, 0 },
    { "channel[2].count_load_time", 8, 0, 0, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/mc146818rtc.c rtc_save: 197 bytes */
static const struct dc_item rtc_v1[] = {
    { "cmos_data", 0, 128, 0x10, 3 },
    { "cmos_index", 1, 0, 0x0f, 0 },
    { "tm_sec", 4, 0, 41, 0 },
    { "tm_min", 4, 0, 7, 0 },
    { "tm_hour", 4, 0, 9, 0 },
    { "tm_wday", 4, 0, 4, 0 },
    { "tm_mday", 4, 0, 26, 0 },
    { "tm_mon", 4, 0, 10, 0 },
    { "tm_year", 4, 0, 126, 0 },
    { "periodic_timer", 8, 0, -1, 0 },              /* not pending */
    { "next_periodic_time", 8, 0, 0, 0 },
    { "next_second_time", 8, 0, 0x2540be400, 0 },
    { "second_timer", 8, 0, -1, 0 },
    { "second_timer2", 8, 0, 0x2540be400 + 24414, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/serial.c serial_save, version 3: 11 bytes; serial_load takes 1..3 */
static const struct dc_item serial_items[] = {
    { "divider", 1, 0, 0x0c, 0, .until = 1 },               /* one byte before 2 */
    { "divider", 2, 0, 0x0c, 0, .since = 2 },
    { "rbr", 1, 0, 0, 0 },
    { "ier", 1, 0, 0x05, 0 },
    { "iir", 1, 0, 0xc1, 0 },
    { "lcr", 1, 0, 0x03, 0 },
    { "mcr", 1, 0, 0x0b, 0 },
    { "lsr", 1, 0, 0x60, 0 },
    { "msr", 1, 0, 0xb0, 0 },
    { "scr", 1, 0, 0, 0 },
    { "fcr", 1, 0, 0xc1, 0, .since = 3 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/pckbd.c kbd_save: 4 bytes */
static const struct dc_item pckbd_v3[] = {
    { "write_cmd", 1, 0, 0x60, 0 },
    { "status", 1, 0, 0x1c, 0 },
    { "mode", 1, 0, 0x47, 0 },
    { "pending", 1, 0, 0, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/ps2.c ps2_kbd_save, version 3: 284 bytes; ps2_kbd_load takes 2 and 3 */
static const struct dc_item ps2kbd_items[] = {
    { "write_cmd", 4, 0, -1, 0 },
    { "queue.rptr", 4, 0, 17, 0 },
    { "queue.wptr", 4, 0, 19, 0 },
    { "queue.count", 4, 0, 2, 0 },
    { "queue.data", 0, 256, 0xfa, 1 },
    { "scan_enabled", 4, 0, 1, 0 },
    { "translate", 4, 0, 1, 0 },
    { "scancode_set", 4, 0, 2, 0, .since = 3 },             /* version_id == 3 */
    { NULL, 0, 0, 0, 0 },
};

/* hw/ps2.c ps2_mouse_save, version 2: 291 bytes */
static const struct dc_item ps2mouse_v2[] = {
    { "write_cmd", 4, 0, -1, 0 },
    { "queue.rptr", 4, 0, 255, 0 },
    { "queue.wptr", 4, 0, 3, 0 },
    { "queue.count", 4, 0, 4, 0 },
    { "queue.data", 0, 256, 0x08, 7 },
    { "mouse_status", 1, 0, 0x20, 0 },
    { "mouse_resolution", 1, 0, 2, 0 },
    { "mouse_sample_rate", 1, 0, 100, 0 },
    { "mouse_wrap", 1, 0, 0, 0 },
    { "mouse_type", 1, 0, 3, 0 },
    { "mouse_detect_state", 1, 0, 0, 0 },
    { "mouse_dx", 4, 0, -3, 0 },
    { "mouse_dy", 4, 0, 12, 0 },
    { "mouse_dz", 4, 0, -1, 0 },
    { "mouse_buttons", 1, 0, 1, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/dma.c dma_save: 75 bytes (controller 1, dshift 1) */
static const struct dc_item dma_v1[] = {
    { "command", 1, 0, 0, 0 },
    { "mask", 1, 0, 0x0e, 0 },
    { "flip_flop", 1, 0, 0, 0 },
    { "dshift", 4, 0, 1, 0 },
    { "regs[0].now", 4, 2, 0x1000, 0x100 },
    { "regs[0].base", 2, 2, 0x0800, 0x10 },
    { "regs[0].mode", 1, 0, 0x44, 0 },
    { "regs[0].page", 1, 0, 0x01, 0 },
    { "regs[0].pageh", 1, 0, 0, 0 },
    { "regs[0].dack", 1, 0, 0, 0 },
    { "regs[0].eop", 1, 0, 0, 0 },
    { "regs[1].now", 4, 2, 0, 0 },
    { "regs[1].base", 2, 2, 0xffff, 0 },
    { "regs[1].mode", 1, 0, 0x41, 0 },
    { "regs[1].page", 1, 0, 0, 0 },
    { "regs[1].pageh", 1, 0, 0, 0 },
    { "regs[1].dack", 1, 0, 0, 0 },
    { "regs[1].eop", 1, 0, 0, 0 },
    { "regs[2].now", 4, 2, -1, 2 },
    { "regs[2].base", 2, 2, 1, 1 },
    { "regs[2].mode", 1, 0, 0x46, 0 },
    { "regs[2].page", 1, 0, 0x0f, 0 },
    { "regs[2].pageh", 1, 0, 0, 0 },
    { "regs[2].dack", 1, 0, 1, 0 },
    { "regs[2].eop", 1, 0, 1, 0 },
    { "regs[3].now", 4, 2, 0, 0 },
    { "regs[3].base", 2, 2, 0, 0 },
    { "regs[3].mode", 1, 0, 0xc3, 0 },
    { "regs[3].page", 1, 0, 0, 0 },
    { "regs[3].pageh", 1, 0, 0, 0 },
    { "regs[3].dack", 1, 0, 0, 0 },
    { "regs[3].eop", 1, 0, 0, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/fdc.c fdc_save with MAX_FD 2: 545 bytes */
static const struct dc_item fdc_v2[] = {
    { "sra", 1, 0, 0x40, 0 },
    { "srb", 1, 0, 0xc0, 0 },
    { "dor", 1, 0, 0x1c, 0 },
    { "tdr", 1, 0, 0, 0 },
    { "dsr", 1, 0, 0, 0 },
    { "msr", 1, 0, 0x80, 0 },
    { "status0", 1, 0, 0x20, 0 },
    { "status1", 1, 0, 0, 0 },
    { "status2", 1, 0, 0, 0 },
    { "fifo", 0, 512, 0, 1 },
    { "data_pos", 4, 0, 0, 0 },
    { "data_len", 4, 0, 7, 0 },
    { "data_state", 1, 0, 0, 0 },
    { "data_dir", 1, 0, 1, 0 },
    { "eot", 1, 0, 18, 0 },
    { "timer0", 1, 0, 0xaf, 0 },
    { "timer1", 1, 0, 0x02, 0 },
    { "precomp_trk", 1, 0, 0, 0 },
    { "config", 1, 0, 0x60, 0 },
    { "lock", 1, 0, 0, 0 },
    { "pwrd", 1, 0, 0, 0 },
    { "num_drives", 1, 0, 2, 0 },                   /* MAX_FD */
    { "drive[0].head", 1, 0, 0, 0 },
    { "drive[0].track", 1, 0, 0, 0 },
    { "drive[0].sect", 1, 0, 1, 0 },
    { "drive[1].head", 1, 0, 1, 0 },
    { "drive[1].track", 1, 0, 79, 0 },
    { "drive[1].sect", 1, 0, 18, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/apic.c apic_save, version 2: 181 bytes (the BSP after Linux boots) */
static const struct dc_item apic_v2[] = {
    { "apicbase", 4, 0, 0xfee00900, 0 },
    { "id", 1, 0, 0, 0 },
    { "arb_id", 1, 0, 0, 0 },
    { "tpr", 1, 0, 0, 0 },
    { "spurious_vec", 4, 0, 0x1ff, 0 },
    { "log_dest", 1, 0, 1, 0 },
    { "dest_mode", 1, 0, 0xf, 0 },
    { "reg[0].isr", 4, 0, 0, 0 },
    { "reg[0].tmr", 4, 0, 0, 0 },
    { "reg[0].irr", 4, 0, 0, 0 },
    { "reg[1].isr", 4, 0, 0, 0 },
    { "reg[1].tmr", 4, 0, 0x200, 0 },
    { "reg[1].irr", 4, 0, 0, 0 },
    { "reg[2].isr", 4, 0, 0, 0 },
    { "reg[2].tmr", 4, 0, 0, 0 },
    { "reg[2].irr", 4, 0, 0, 0 },
    { "reg[3].isr", 4, 0, 0, 0 },
    { "reg[3].tmr", 4, 0, 0, 0 },
    { "reg[3].irr", 4, 0, 0, 0 },
    { "reg[4].isr", 4, 0, 0, 0 },
    { "reg[4].tmr", 4, 0, 0, 0 },
    { "reg[4].irr", 4, 0, 0, 0 },
    { "reg[5].isr", 4, 0, 0, 0 },
    { "reg[5].tmr", 4, 0, 0, 0 },
    { "reg[5].irr", 4, 0, 0, 0 },
    { "reg[6].isr", 4, 0, 0, 0 },
    { "reg[6].tmr", 4, 0, 0, 0 },
    { "reg[6].irr", 4, 0, 0, 0 },
    { "reg[7].isr", 4, 0, 0, 0 },
    { "reg[7].tmr", 4, 0, 0, 0 },
    { "reg[7].irr", 4, 0, 0x80000000, 0 },
    { "lvt", 4, 6, 0x10000, 0x100 },                /* APIC_LVT_NB */
    { "esr", 4, 0, 0, 0 },
    { "icr", 4, 2, 0x000c4500, -0xc4500 },
    { "divide_conf", 4, 0, 3, 0 },
    { "count_shift", 4, 0, 4, 0 },                  /* (v + 1) & 7 */
    { "initial_count", 4, 0, 0x7a12, 0 },
    { "initial_count_load_time", 8, 0, 0x2cb417800, 0 },
    { "next_time", 8, 0, 0x2cb41a000, 0 },
    { "timer", 8, 0, 0x2cb41a000, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* apic_load, version 1: no timer */
static const struct dc_item apic_v1[] = {
    { "apicbase", 4, 0, 0xfee00900, 0 },
    { "id", 1, 0, 0, 0 },
    { "arb_id", 1, 0, 0, 0 },
    { "tpr", 1, 0, 0, 0 },
    { "spurious_vec", 4, 0, 0xff, 0 },
    { "log_dest", 1, 0, 0, 0 },
    { "dest_mode", 1, 0, 0xf, 0 },
    { "reg[0].isr", 4, 0, 0, 0 }, { "reg[0].tmr", 4, 0, 0, 0 }, { "reg[0].irr", 4, 0, 0, 0 },
    { "reg[1].isr", 4, 0, 0, 0 }, { "reg[1].tmr", 4, 0, 0, 0 }, { "reg[1].irr", 4, 0, 0, 0 },
    { "reg[2].isr", 4, 0, 0, 0 }, { "reg[2].tmr", 4, 0, 0, 0 }, { "reg[2].irr", 4, 0, 0, 0 },
    { "reg[3].isr", 4, 0, 0, 0 }, { "reg[3].tmr", 4, 0, 0, 0 }, { "reg[3].irr", 4, 0, 0, 0 },
    { "reg[4].isr", 4, 0, 0, 0 }, { "reg[4].tmr", 4, 0, 0, 0 }, { "reg[4].irr", 4, 0, 0, 0 },
    { "reg[5].isr", 4, 0, 0, 0 }, { "reg[5].tmr", 4, 0, 0, 0 }, { "reg[5].irr", 4, 0, 0, 0 },
    { "reg[6].isr", 4, 0, 0, 0 }, { "reg[6].tmr", 4, 0, 0, 0 }, { "reg[6].irr", 4, 0, 0, 0 },
    { "reg[7].isr", 4, 0, 0, 0 }, { "reg[7].tmr", 4, 0, 0, 0 }, { "reg[7].irr", 4, 0, 0, 0 },
    { "lvt", 4, 6, 0x10000, 0 },
    { "esr", 4, 0, 0, 0 },
    { "icr", 4, 2, 0, 0 },
    { "divide_conf", 4, 0, 0, 0 },
    { "count_shift", 4, 0, 0, 0 },
    { "initial_count", 4, 0, 0, 0 },
    { "initial_count_load_time", 8, 0, 0, 0 },
    { "next_time", 8, 0, 0, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* ioapic_save: 194 bytes */
static const struct dc_item ioapic_v1[] = {
    { "id", 1, 0, 0, 0 },
    { "ioregsel", 1, 0, 0x2e, 0 },
    { "ioredtbl", 8, 24, 0x10000, 1 },              /* IOAPIC_NUM_PINS */
    { NULL, 0, 0, 0, 0 },
};

/* hw/hpet.c hpet_save: 150 bytes */
static const struct dc_item hpet_v1[] = {
    { "config", 8, 0, 3, 0 },
    { "isr", 8, 0, 0, 0 },
    { "hpet_counter", 8, 0, 0x12a05f200, 0 },
    { "timer[0].tn", 1, 0, 0, 0 },
    { "timer[0].config", 8, 0, 0x00f0000000000034, 0 },
    { "timer[0].cmp", 8, 0, 0x12a06e1c0, 0 },
    { "timer[0].fsb", 8, 0, 0, 0 },
    { "timer[0].period", 8, 0, 0xf4240, 0 },
    { "timer[0].wrap_flag", 1, 0, 0, 0 },
    { "timer[0].qemu_timer", 8, 0, 0x2a9b7b1c0, 0 },
    { "timer[1].tn", 1, 0, 1, 0 },
    { "timer[1].config", 8, 0, 0x00f0000000000000, 0 },
    { "timer[1].cmp", 8, 0, -1, 0 },
    { "timer[1].fsb", 8, 0, 0, 0 },
    { "timer[1].period", 8, 0, 0, 0 },
    { "timer[1].wrap_flag", 1, 0, 0, 0 },
    { "timer[1].qemu_timer", 8, 0, -1, 0 },
    { "timer[2].tn", 1, 0, 2, 0 },
    { "timer[2].config", 8, 0, 0x00f0000000000000, 0 },
    { "timer[2].cmp", 8, 0, -1, 0 },
    { "timer[2].fsb", 8, 0, 0, 0 },
    { "timer[2].period", 8, 0, 0, 0 },
    { "timer[2].wrap_flag", 1, 0, 0, 0 },
    { "timer[2].qemu_timer", 8, 0, -1, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/fw_cfg.c fw_cfg_save: 4 bytes */
static const struct dc_item fw_cfg_v1[] = {
    { "cur_entry", 2, 0, 0x0011, 0 },
    { "cur_offset", 2, 0, 0x0004, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/i2c.c i2c_bus_save: 1 byte, no transfer in progress */
static const struct dc_item i2c_bus_v1[] = {
    { "address", 1, 0, -1, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/pci.c pcibus_save: 20 bytes */
static const struct dc_item pcibus_v1[] = {
    { "nirq", 4, 0, 4, 0 },
    { "irq_count", 4, 4, 0, 1 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/piix_pci.c i440fx_save, version 2: 293 bytes */
static const struct dc_item i440fx_v2[] = {
    { "pci.version", 4, 0, 2, 0 },                  /* pci_device_save */
    { "pci.config", 0, 256, 0x86, 0x11 },
    { "pci.irq_state", 4, 4, 0, 0 },
    { "smm_enabled", 1, 0, 0, 0 },
    { "pci_irq_levels", 4, 4, 1, -1 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/piix_pci.c piix_save, version 2: 276 bytes */
static const struct dc_item piix3_v2[] = {
    { "pci.version", 4, 0, 2, 0 },
    { "pci.config", 0, 256, 0x86, 0x07 },
    { "pci.irq_state", 4, 4, 0, 1 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/acpi.c pm_save: 300 bytes */
static const struct dc_item piix4_pm_v1[] = {
    { "pci.version", 4, 0, 2, 0 },
    { "pci.config", 0, 256, 0x86, 0x13 },
    { "pci.irq_state", 4, 4, 0, 0 },
    { "pmsts", 2, 0, 0x0001, 0 },
    { "pmen", 2, 0, 0x0100, 0 },
    { "pmcntrl", 2, 0, 0x0001, 0 },
    { "apmc", 1, 0, 0, 0 },
    { "apms", 1, 0, 0, 0 },
    { "tmr_timer", 8, 0, 0x1d1a94a2000, 0 },
    { "tmr_overflow_time", 8, 0, 0x1d1a94a2000, 0 },
    { NULL, 0, 0, 0, 0 },
};

#endif
