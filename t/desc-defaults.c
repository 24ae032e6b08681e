/*
 * Defaults are the legacy reset values, and what a reset does not set is
 * required (F-18).  Per device: the fields the reset leaves, and the
 * values it gives the others, are written here from the QEMU 0.11.1
 * sources (file:line cited), not from our tables.  A tagged body holding
 * exactly the fields the reset leaves must load, every other field at its
 * reset value; without any one of them it must be refused, naming it.
 */
#include <config.h>

#include "desc.h"
#include "desc-check.h"
#include "desc-golden.h"
#include "tap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field and the value element `i` takes after the reset (bytes: byte i). */
struct expect {
    const char *name;
    uint32_t i;
    uint64_t v;
};

struct reset_case {
    const char *what, *release, *target, *idstr;
    uint32_t version;
    const struct dc_item *items;           /* a golden legacy body, or NULL: zero bytes */
    const char *const *kept;            /* what the reset leaves; "[*]" is any index */
    const struct expect *reset;
};

#define NEG(x) ((uint64_t)(int64_t)(x))

/* hw/serial.c:681-707 serial_reset sets every register but fcr:
 * rbr, ier, lcr, scr 0; iir UART_IIR_NO_INT; lsr TEMT|THRE; msr
 * DCD|DSR|CTS; divider 0x0c; mcr UART_MCR_OUT2 */
static const char *const serial_kept[] = { "fcr", NULL };
static const struct expect serial_reset[] = {
    { "divider", 0, 0x0c }, { "rbr", 0, 0 }, { "ier", 0, 0 }, { "iir", 0, 0x01 },
    { "lcr", 0, 0 }, { "mcr", 0, 0x08 }, { "lsr", 0, 0x60 }, { "msr", 0, 0xb0 },
    { "scr", 0, 0 }, { NULL, 0, 0 },
};

/* hw/i8259.c:264-284 pic_reset: every register 0, "ELCR is not reset" */
static const char *const i8259_kept[] = { "elcr", NULL };
static const struct expect i8259_reset[] = {
    { "last_irr", 0, 0 }, { "irr", 0, 0 }, { "imr", 0, 0 }, { "isr", 0, 0 },
    { "priority_add", 0, 0 }, { "irq_base", 0, 0 }, { "read_reg_select", 0, 0 },
    { "poll", 0, 0 }, { "special_mask", 0, 0 }, { "init_state", 0, 0 }, { "auto_eoi", 0, 0 },
    { "rotate_on_auto_eoi", 0, 0 }, { "special_fully_nested_mode", 0, 0 }, { "init4", 0, 0 },
    { "single_mode", 0, 0 }, { NULL, 0, 0 },
};

/* hw/i8254.c:452-464 pit_reset sets mode 3 and gate (i != 2), and
 * :227-234 pit_load_count(s, 0) count 0x10000 with count_load_time from
 * the vm_clock (and channel 0's timer from it, :363-383) */
static const char *const i8254_kept[] = {
    "channel[*].latched_count", "channel[*].count_latched", "channel[*].status_latched",
    "channel[*].status", "channel[*].read_state", "channel[*].write_state",
    "channel[*].write_latch", "channel[*].rw_mode", "channel[*].bcd",
    "channel[*].count_load_time", "channel[*].next_transition_time", "channel[*].irq_timer", NULL,
};
static const struct expect i8254_reset[] = {
    { "channel[0].count", 0, 0x10000 }, { "channel[1].count", 0, 0x10000 },
    { "channel[2].count", 0, 0x10000 }, { "channel[0].mode", 0, 3 }, { "channel[1].mode", 0, 3 },
    { "channel[2].mode", 0, 3 }, { "channel[0].gate", 0, 1 }, { "channel[1].gate", 0, 1 },
    { "channel[2].gate", 0, 0 }, { NULL, 0, 0 },
};

/* hw/pckbd.c:334-340 kbd_reset: mode KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT,
 * status KBD_STAT_CMD | KBD_STAT_UNLOCKED (:74-75, :81-82) */
static const char *const pckbd_kept[] = { "write_cmd", "pending", NULL };
static const struct expect pckbd_reset[] = {
    { "status", 0, 0x18 }, { "mode", 0, 0x03 }, { NULL, 0, 0 },
};

/* hw/ps2.c:491-500 ps2_common_reset: write_cmd -1, rptr, wptr, count 0
 * (the queue's bytes stay); :502-510 ps2_kbd_reset: scan_enabled,
 * translate, scancode_set 0; :512-527 ps2_mouse_reset: the rest 0 */
static const char *const ps2_kept[] = { "queue.data", NULL };
static const struct expect ps2kbd_reset[] = {
    { "write_cmd", 0, NEG(-1) }, { "queue.rptr", 0, 0 }, { "queue.wptr", 0, 0 },
    { "queue.count", 0, 0 }, { "scan_enabled", 0, 0 }, { "translate", 0, 0 },
    { "scancode_set", 0, 0 }, { NULL, 0, 0 },
};
static const struct expect ps2mouse_reset[] = {
    { "write_cmd", 0, NEG(-1) }, { "queue.count", 0, 0 }, { "mouse_status", 0, 0 },
    { "mouse_resolution", 0, 0 }, { "mouse_sample_rate", 0, 0 }, { "mouse_wrap", 0, 0 },
    { "mouse_type", 0, 0 }, { "mouse_detect_state", 0, 0 }, { "mouse_dx", 0, 0 },
    { "mouse_dy", 0, 0 }, { "mouse_dz", 0, 0 }, { "mouse_buttons", 0, 0 }, { NULL, 0, 0 },
};

/* hw/dma.c:453-457 dma_reset writes the master clear, :249-254: flip_flop
 * 0, mask ~0, status 0, command 0; the channels and dshift stay */
static const char *const dma_kept[] = {
    "dshift", "regs[*].now", "regs[*].base", "regs[*].mode", "regs[*].page", "regs[*].pageh",
    "regs[*].dack", "regs[*].eop", NULL,
};
static const struct expect dma_reset[] = {
    { "command", 0, 0 }, { "mask", 0, 0xff }, { "flip_flop", 0, 0 }, { NULL, 0, 0 },
};

/* hw/fdc.c:780-807 fdctrl_reset: srb 0xc0, dor FD_DOR_nRESET |
 * FD_DOR_DMAEN (:432-433; hw/pc.c:1381 gives DMA channel 2), msr
 * FD_MSR_RQM (:462), data_pos/len/state 0, data_dir FD_DIR_WRITE; sra
 * gets FD_SRA_nDRV2 by configuration; :172-177 fd_recalibrate: head 0,
 * track 0, sect 1 */
static const char *const fdc_kept[] = {
    "sra", "tdr", "dsr", "status0", "status1", "status2", "fifo", "eot", "timer0", "timer1",
    "precomp_trk", "config", "lock", "pwrd", NULL,
};
static const struct expect fdc_reset[] = {
    { "srb", 0, 0xc0 }, { "dor", 0, 0x0c }, { "msr", 0, 0x80 }, { "data_pos", 0, 0 },
    { "data_len", 0, 0 }, { "data_state", 0, 0 }, { "data_dir", 0, 0 },
    { "drive[0].head", 0, 0 }, { "drive[0].track", 0, 0 }, { "drive[0].sect", 0, 1 },
    { "drive[1].sect", 0, 1 }, { NULL, 0, 0 },
};

/* hw/apic.c:937-958 apic_reset: apicbase by BSP, then :473-500
 * apic_init_reset: tpr 0, spurious_vec 0xff, log_dest 0, dest_mode 0xf,
 * isr/tmr/irr 0, lvt masked (LINT0 ExtInt on the BSP), esr, icr,
 * divide_conf, count_shift, initial_count, its load time and next_time 0;
 * id, arb_id and the timer stay */
static const char *const apic_kept[] = { "apicbase", "id", "arb_id", "lvt", "timer", NULL };
static const struct expect apic_reset[] = {
    { "tpr", 0, 0 }, { "spurious_vec", 0, 0xff }, { "log_dest", 0, 0 }, { "dest_mode", 0, 0xf },
    { "reg[3].isr", 0, 0 }, { "reg[7].irr", 0, 0 }, { "esr", 0, 0 }, { "icr", 1, 0 },
    { "divide_conf", 0, 0 }, { "count_shift", 0, 0 }, { "initial_count", 0, 0 },
    { "initial_count_load_time", 0, 0 }, { "next_time", 0, 0 }, { NULL, 0, 0 },
};

/* target-i386/helper.c:504-573 cpu_reset: memset up to `breakpoints`
 * (target-i386/cpu.h:566-702: MTRRs, interrupt_bitmap, mp_state and the
 * MCE state lie after it), then: hflags |= HF_SOFTMMU_MASK (cpu.h:130,
 * 1 << 2); cpu_x86_update_cr0(0x60000010) (helper.c:901-939) adds
 * HF_ADDSEG_MASK (cpu.h:137, 1 << 6) in real mode; hflags2 HF2_GIF_MASK;
 * a20_mask ~0; smbase 0x30000; idt/gdt/ldt/tr limits 0xffff, ldt flags
 * P | 2 << 8, tr flags P | 11 << 8; CS 0xf000 at 0xffff0000, flags
 * P|S|CS|R|A, the data segments P|S|W|A (cpu.h:82-95); eip 0xfff0; EDX
 * the model's cpuid_version; eflags 2; fpuc 0x37f; fptags empty, which
 * machine.c:cpu_save writes as 0; mxcsr 0x1f80; dr[6] DR6_FIXED_1, dr[7]
 * DR7_FIXED_1 (cpu.h:216, 221) */
static const char *const cpu_kept[] = {
    "regs", "fpregs_format", "mtrr_fixed", "mtrr_deftype", "mtrr_var[*].base",
    "mtrr_var[*].mask", "pending_irq", "mp_state", "mcg_cap", NULL,
};
static const struct expect cpu_reset[] = {
    { "eip", 0, 0xfff0 }, { "eflags", 0, 2 }, { "hflags", 0, 0x44 }, { "fpuc", 0, 0x37f },
    { "fpus", 0, 0 }, { "fptag", 0, 0 }, { "segs[1].selector", 0, 0xf000 },
    { "segs[1].base", 0, 0xffff0000 }, { "segs[1].limit", 0, 0xffff }, { "segs[1].flags", 0, 0x9b00 },
    { "segs[0].flags", 0, 0x9300 }, { "segs[3].limit", 0, 0xffff }, { "segs[5].flags", 0, 0x9300 },
    { "ldt.limit", 0, 0xffff }, { "ldt.flags", 0, 0x8200 }, { "tr.flags", 0, 0x8b00 },
    { "gdt.limit", 0, 0xffff }, { "idt.limit", 0, 0xffff }, { "idt.flags", 0, 0 },
    { "cr0", 0, 0x60000010 }, { "cr3", 0, 0 }, { "dr", 5, 0 }, { "dr", 6, 0xffff0ff0 },
    { "dr", 7, 0x400 }, { "a20_mask", 0, NEG(-1) }, { "mxcsr", 0, 0x1f80 }, { "smbase", 0, 0x30000 },
    { "pat", 0, 0 }, { "hflags2", 0, 1 }, { NULL, 0, 0 },
};

/* hw/e1000.c:1072-1082 e1000_reset: phy_reg from phy_reg_init
 * (:998-1005; PHY_ID2_INIT 0xc20 for the 82540EM, :62-72), mac_reg zeroed
 * but mac_reg_init (:1007-1019; the bits from hw/e1000_hw.h:531-578,
 * 829-845), rxbuf_min_shift 1, tx zeroed; pci_e1000_init writes the MAC
 * address into eeprom_data (:1114-1121) */
static const char *const e1000_kept[] = {
    "pci.config", "rxbuf_size", "eecd_val_in", "eecd_bitnum_in", "eecd_bitnum_out", "eecd_reading",
    "eecd_old_eecd", "eeprom_data", NULL,
};
static const struct expect e1000_reset[] = {
    { "phy_reg", 0, 0x1140 }, { "phy_reg", 1, 0x796d }, { "phy_reg", 2, 0x141 },
    { "phy_reg", 3, 0xc20 }, { "phy_reg", 4, 0xde1 }, { "phy_reg", 5, 0x1e0 }, { "phy_reg", 6, 0 },
    { "phy_reg", 9, 0x0e00 }, { "phy_reg", 10, 0x3c00 }, { "phy_reg", 16, 0x360 },
    { "phy_reg", 17, 0xac00 }, { "phy_reg", 20, 0x0d60 }, { "phy_reg", 31, 0 },
    { "mac.PBA", 0, 0x00100030 }, { "mac.LEDCTL", 0, 0x602 }, { "mac.CTRL", 0, 0x140240 },
    { "mac.STATUS", 0, 0x80080783 }, { "mac.MANC", 0, 0x222300 }, { "mac.RCTL", 0, 0 },
    { "rxbuf_min_shift", 0, 1 }, { "tx_size", 0, 0 }, { "RA", 0, 0 }, { NULL, 0, 0 },
};

/* hw/ac97.c:1295-1309 ac97_on_reset: :311-326 reset_bm_regs on each
 * channel (bdbar, civ, lvi, picb, piv, bd_valid 0; sr SR_DCH, :62; cr
 * keeps CR_DONT_CLEAR_MASK; the descriptor stays), :532-572 mixer_reset
 * (mixer_store writes little-endian pairs; USE_MIXER is not defined) */
static const char *const ac97_kept[] = {
    "pci.config", "glob_cnt", "glob_sta", "cas", "bm_regs[*].cr", "bm_regs[*].bd_addr",
    "bm_regs[*].bd_ctl_len", NULL,
};
static const struct expect ac97_reset[] = {
    { "bm_regs[0].sr", 0, 1 }, { "bm_regs[2].sr", 0, 1 }, { "bm_regs[1].civ", 0, 0 },
    { "mixer_data", 0x06, 0x00 }, { "mixer_data", 0x07, 0x80 },       /* Master_Volume_Mono_Mute */
    { "mixer_data", 0x0c, 0x08 }, { "mixer_data", 0x0d, 0x80 },       /* Phone_Volume_Mute */
    { "mixer_data", 0x13, 0x88 }, { "mixer_data", 0x26, 0x0f },       /* CD, Powerdown */
    { "mixer_data", 0x2c, 0x80 }, { "mixer_data", 0x2d, 0xbb },       /* PCM_Front_DAC_Rate */
    { "mixer_data", 0x7c, 0x84 }, { "mixer_data", 0x7d, 0x83 },       /* Vendor_ID1 */
    { "mixer_data", 0x7f, 0x76 }, { "mixer_data", 0x02, 0x00 },       /* Vendor_ID2, Master */
    { "active", 1, 0 }, { NULL, 0, 0 },
};

/* hw/eepro100.c:487-506 nic_selective_reset: mem zeroed with BIT(21)
 * stored host-order at SCBCtrlMDI (:124, 16), mdimem from
 * eepro100_mdi_default (:235-243); everything else stays */
static const char *const eepro100_kept[] = {
    "pci.config", "rxcr", "cmd", "start", "stop", "boundary", "tsr", "tpsr", "tcnt", "rcnt",
    "rsar", "rsr", "isr", "dcfg", "imr", "phys", "curpag", "mult", "scb_stat", "int_stat",
    "region", "macaddr", "statcounter", "device", "pointer", "cu_base", "cu_offset", "ru_base",
    "ru_offset", "statsaddr", "statistics.*", "configuration", NULL,
};
static const struct expect eepro100_reset[] = {
    { "mem", 16, 0 }, { "mem", 17, 0 }, { "mem", 18, 0x20 }, { "mem", 19, 0 }, { "mem", 0, 0 },
    { "mdimem", 0, 0x3000 }, { "mdimem", 1, 0x780d }, { "mdimem", 4, 0x05e1 },
    { "mdimem", 16, 0x0003 }, { "mdimem", 18, 0x0001 }, { "mdimem", 31, 0 }, { NULL, 0, 0 },
};

static const struct reset_case cases[] = {
    { "serial", "0.11", NULL, "serial", 3, serial_items, serial_kept, serial_reset },
    { "i8259", "0.11", NULL, "i8259", 1, i8259_v1, i8259_kept, i8259_reset },
    { "i8254", "0.11", NULL, "i8254", 1, i8254_v1, i8254_kept, i8254_reset },
    { "pckbd", "0.11", NULL, "pckbd", 3, pckbd_v3, pckbd_kept, pckbd_reset },
    { "ps2kbd", "0.11", NULL, "ps2kbd", 3, ps2kbd_items, ps2_kept, ps2kbd_reset },
    { "ps2mouse", "0.11", NULL, "ps2mouse", 2, ps2mouse_v2, ps2_kept, ps2mouse_reset },
    { "dma", "0.11", NULL, "dma", 1, dma_v1, dma_kept, dma_reset },
    { "fdc", "0.11", NULL, "fdc", 2, fdc_v2, fdc_kept, fdc_reset },
    { "apic", "0.11", NULL, "apic", 2, apic_v2, apic_kept, apic_reset },
    { "cpu i386", "0.11", "i386", "cpu", 10, NULL, cpu_kept, cpu_reset },
    { "cpu x86_64", "0.11", "x86_64", "cpu", 10, NULL, cpu_kept, cpu_reset },
    { "0.10 cpu", "0.10", "i386", "cpu", 8, NULL, cpu_kept, cpu_reset },
    { "e1000", "0.11", NULL, "e1000", 2, NULL, e1000_kept, e1000_reset },
    { "ac97", "0.11", NULL, "ac97", 2, NULL, ac97_kept, ac97_reset },
    { "i82559er", "0.11", NULL, "i82559er", 3, NULL, eepro100_kept, eepro100_reset },
};

/* "a[*].b" matches "a[12].b"; a trailing "*" matches any rest. */
static int matches(const char *pat, const char *name)
{
    while (*pat && *name) {
        if (strcmp(pat, "*") == 0)
            return 1;
        if (strncmp(pat, "[*]", 3) == 0 && *name == '[') {
            name++;
            while (*name >= '0' && *name <= '9')
                name++;
            if (*name != ']')
                return 0;
            name++;
            pat += 3;
            continue;
        }
        if (*pat++ != *name++)
            return 0;
    }
    return *pat == *name;
}

static int kept(const struct reset_case *rc, const char *name)
{
    for (const char *const *k = rc->kept; *k; k++)
        if (matches(*k, name))
            return 1;
    return 0;
}

/* A tagged body with the kept values but `skip` (NULL: none). */
static uint8_t *kept_body(const struct reset_case *rc, const struct sv_values *all, const char *skip,
                          size_t *len)
{
    static uint8_t buf[1 << 17];
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *body;

    sv_tenc_begin(&e, SV_KIND_FIELDS, all->version, rc->release, all->target);
    for (size_t i = 0; i < all->n; i++) {
        const struct sv_value *v = &all->v[i];
        unsigned w = sv_type_info(v->type & ~SV_ARRAY)->width;

        if (!kept(rc, v->name) || (skip && strcmp(v->name, skip) == 0))
            continue;
        if (v->b)
            memcpy(buf, v->b, v->count);
        else
            for (uint32_t k = 0; k < v->count; k++)
                sv_store_be(buf + (size_t)k * w, w, sv_value_elem(v, k));
        sv_tenc_field(&e, v->name, v->type, 0, v->count, buf);
    }
    body = sv_tenc_take(&e, len, &err);
    if (!body)
        bail("%s: %s", rc->what, err.msg);
    return body;
}

static void check_case(const struct reset_case *rc)
{
    static struct dc_vec g;
    static const uint8_t zeros[1 << 17];
    const struct sv_desc *d = sv_desc_find(rc->release, rc->target, rc->idstr, rc->version);
    struct sv_desc_ctx c = { .target = rc->target, .instance = 0 };
    struct sv_values all, v;
    struct sv_error err;
    uint64_t used;
    uint8_t *body;
    size_t blen;
    int nkept = 0;

    if (!d)
        bail("no table for %s", rc->what);
    /* every value: a golden body written from the save function, or zeros */
    memset(&g, 0, sizeof g);
    if (rc->items)
        dc_put_items(&g, rc->items, rc->version);
    if (dc_decode(d, &c, rc->version, rc->items ? g.b : zeros, rc->items ? g.len : sizeof zeros, &all,
               &err, &used) < 0)
        bail("%s: %s", rc->what, dc_errtext(&err));

    body = kept_body(rc, &all, NULL, &blen);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) == 0,
       "%s: a body with only the fields the reset leaves loads", rc->what);
    if (err.code != SV_OK)
        diag("%s", dc_errtext(&err));
    free(body);
    for (const struct expect *x = rc->reset; x->name; x++) {
        const struct sv_value *got = sv_values_get(&v, x->name);
        uint64_t val = 0;

        if (got && x->i < (got->a || got->b ? got->count : 1))
            val = got->b ? got->b[x->i] : sv_value_elem(got, x->i);
        ok(got && val == x->v, "%s: %s[%u] at the reset value 0x%" PRIx64, rc->what, x->name, x->i, x->v);
        if (got && val != x->v)
            diag("  got 0x%" PRIx64, val);
    }
    sv_values_free(&v);

    /* each kept field is required: without it the body is refused, naming
     * it, at the body's end (F-18) */
    for (size_t i = 0; i < all.n; i++) {
        const char *name = all.v[i].name;

        if (!kept(rc, name))
            continue;
        nkept++;
        body = kept_body(rc, &all, name, &blen);
        if (dc_decode_tagged(d, &c, body, blen, &v, &err) == 0) {
            ok(0, "%s: without %s: refused", rc->what, name);
            sv_values_free(&v);
        } else {
            ok(err.code == SV_E_MISSING && strcmp(err.field, name) == 0 && err.has_offset &&
               err.offset == blen && strcmp(err.section, rc->idstr) == 0,
               "%s: without %s: refused naming it, at offset %zu", rc->what, name, blen);
            if (err.code != SV_E_MISSING || strcmp(err.field, name) != 0)
                diag("%s", dc_errtext(&err));
        }
        free(body);
    }
    ok(nkept > 0, "%s: %d fields the reset leaves", rc->what, nkept);
    sv_values_free(&all);
}

/* The case: a cpu v10 body with no records once converted to 797
 * bytes of defaults.  regs is the first field without one (EDX gets the
 * model's cpuid_version, target-i386/helper.c:557). */
static void test_empty_cpu(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", "i386", "cpu", 10);
    struct sv_desc_ctx c = { .target = "i386", .instance = 0 };
    struct sv_tenc e;
    struct sv_values v;
    struct sv_error err;
    uint8_t *body;
    size_t blen;
    char msg[512], want[512];

    sv_tenc_begin(&e, SV_KIND_FIELDS, 10, "0.11", "i386");
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) < 0, "cpu v10: a body with no records is refused");
    is_int(err.code, SV_E_MISSING, "  as a missing field");
    is_str(err.field, "regs", "  naming the first required field");
    snprintf(want, sizeof want, "offset %zu: section \"cpu\" instance 0: field \"regs\": "
             "required field is missing (it has no default)", blen);
    is_str(sv_error_format(&err, msg, sizeof msg), want, "  with section, field and the body's end as offset");
    free(body);
}

/* Through the values side too: a value list without a required field. */
static void test_values_side(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", NULL, "i8259", 1);
    struct sv_desc_ctx c = { .instance = 32 };
    struct sv_values v = { .desc = d, .version = 1 };
    struct sv_error err;
    uint8_t *p;
    size_t n;

    p = dc_encode_legacy(d, &c, 1, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "elcr") == 0,
       "i8259: encoding values without elcr is refused naming it");
    free(p);
}

int main(void)
{
    tap_init();
    plan_lazy();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
    test_empty_cpu();
    test_values_side();
    return 0;
}
