/*
 * Golden vectors for every described device and version: decode, exact
 * round trips (legacy -> values -> legacy, legacy -> tagged -> legacy),
 * canonical tagged bodies, bounds in both directions, truncation, and
 * defaults when converting between versions.
 */
#include <config.h>

#include "desc.h"
#include "desc-check.h"
#include "desc-golden.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* target-i386/machine.c cpu_save, line by line. */
static void cpu_vector(struct dc_vec *g, int x86_64, int banks, uint32_t version)
{
    int tl = x86_64 ? 8 : 4, nregs = x86_64 ? 16 : 8;
    static const char *const sys[] = { "ldt", "tr", "gdt", "idt" };
    char n[80];

    dc_put(g, "regs", tl, (uint32_t)nregs, 0x1000, 0x11);
    dc_put(g, "eip", tl, 0, 0xfff0, 0);
    dc_put(g, "eflags", tl, 0, 0x202, 0);
    dc_put(g, "hflags", 4, 0, 0x404000b4, 0);
    dc_put(g, "fpuc", 2, 0, 0x37f, 0);
    dc_put(g, "fpus", 2, 0, 0x3800, 0);                  /* fpstt 7 in bits 11..13 */
    dc_put(g, "fptag", 2, 0, 0x7f, 0);
    dc_put(g, "fpregs_format", 2, 0, 0, 0);              /* USE_X86LDOUBLE */
    for (int i = 0; i < 8; i++) {
        snprintf(n, sizeof n, "fpregs[%d].mant", i);
        dc_put(g, n, 8, 0, (int64_t)(0x8000000000000000ULL | (uint64_t)i), 0);
        snprintf(n, sizeof n, "fpregs[%d].exp", i);
        dc_put(g, n, 2, 0, 0x3fff + i, 0);
    }
    for (int i = 0; i < 10; i++) {                    /* segs[6], ldt, tr, gdt, idt */
        char p[16];

        if (i < 6)
            snprintf(p, sizeof p, "segs[%d]", i);
        else
            snprintf(p, sizeof p, "%s", sys[i - 6]);
        snprintf(n, sizeof n, "%s.selector", p);
        dc_put(g, n, 4, 0, 0x10 + 8 * i, 0);
        snprintf(n, sizeof n, "%s.base", p);
        dc_put(g, n, tl, 0, 0x100000 * i, 0);
        snprintf(n, sizeof n, "%s.limit", p);
        dc_put(g, n, 4, 0, 0xffff, 0);
        snprintf(n, sizeof n, "%s.flags", p);
        dc_put(g, n, 4, 0, 0x00cf9300 + i, 0);
    }
    dc_put(g, "sysenter_cs", 4, 0, 0x60, 0);
    dc_put(g, "sysenter_esp", version >= 7 ? tl : 4, 0, 0xc0401000, 0);
    dc_put(g, "sysenter_eip", version >= 7 ? tl : 4, 0, 0xc0102000, 0);
    dc_put(g, "cr0", tl, 0, 0x80050033, 0);
    dc_put(g, "cr2", tl, 0, 0xb7f00000, 0);
    dc_put(g, "cr3", tl, 0, 0x3a1000, 0);
    dc_put(g, "cr4", tl, 0, 0x6d0, 0);
    dc_put(g, "dr", tl, 8, 0, 0);
    dc_put(g, "a20_mask", 4, 0, -1, 0);
    dc_put(g, "mxcsr", 4, 0, 0x1f80, 0);
    for (int i = 0; i < nregs; i++) {
        snprintf(n, sizeof n, "xmm_regs[%d].q0", i);
        dc_put(g, n, 8, 0, (int64_t)(0x0101010101010101ULL * (uint64_t)(i + 1)), 0);
        snprintf(n, sizeof n, "xmm_regs[%d].q1", i);
        dc_put(g, n, 8, 0, i, 0);
    }
    if (x86_64) {
        dc_put(g, "efer", 8, 0, 0xd01, 0);
        dc_put(g, "star", 8, 0, 0x0023001000000000LL, 0);
        dc_put(g, "lstar", 8, 0, (int64_t)0xffffffff81000000ULL, 0);
        dc_put(g, "cstar", 8, 0, (int64_t)0xffffffff81001000ULL, 0);
        dc_put(g, "fmask", 8, 0, 0x47700, 0);
        dc_put(g, "kernelgsbase", 8, 0, 0, 0);
    }
    if (version >= 4)
        dc_put(g, "smbase", 4, 0, 0x30000, 0);
    if (version >= 5) {
        dc_put(g, "pat", 8, 0, 0x0007040600070406, 0);
        dc_put(g, "hflags2", 4, 0, 0, 0);
        if (version < 6)
            dc_put(g, "halted", 4, 0, 0, 0);
        dc_put(g, "vm_hsave", 8, 0, 0, 0);
        dc_put(g, "vm_vmcb", 8, 0, 0, 0);
        dc_put(g, "tsc_offset", 8, 0, 0, 0);
        dc_put(g, "intercept", 8, 0, 0, 0);
        dc_put(g, "intercept_cr_read", 2, 0, 0, 0);
        dc_put(g, "intercept_cr_write", 2, 0, 0, 0);
        dc_put(g, "intercept_dr_read", 2, 0, 0, 0);
        dc_put(g, "intercept_dr_write", 2, 0, 0, 0);
        dc_put(g, "intercept_exceptions", 4, 0, 0, 0);
        dc_put(g, "v_tpr", 1, 0, 0, 0);
    }
    if (version >= 8) {
        dc_put(g, "mtrr_fixed", 8, 11, 0x0606060606060606, 0);
        dc_put(g, "mtrr_deftype", 8, 0, 0xc00, 0);
        for (int i = 0; i < 8; i++) {
            snprintf(n, sizeof n, "mtrr_var[%d].base", i);
            dc_put(g, n, 8, 0, i ? 0 : 6, 0);
            snprintf(n, sizeof n, "mtrr_var[%d].mask", i);
            dc_put(g, n, 8, 0, i ? 0 : 0xff8000800LL, 0);
        }
    }
    if (version >= 9) {
        dc_put(g, "pending_irq", 4, 0, -1, 0);
        dc_put(g, "mp_state", 4, 0, 0, 0);
        dc_put(g, "tsc", 8, 0, 0x2b1f3c4d5e, 0);
    }
    if (version >= 10) {
        /* MCE_CAP_DEF (MCG_CTL_P) | MCE_BANKS_DEF for coreduo, 0 for qemu32 */
        dc_put(g, "mcg_cap", 8, 0, banks ? 0x100 | banks : 0, 0);
        if (banks) {
            dc_put(g, "mcg_status", 8, 0, 0, 0);
            dc_put(g, "mcg_ctl", 8, 0, -1, 0);
            for (int i = 0; i < banks; i++) {
                snprintf(n, sizeof n, "mce_banks[%d].ctl", i);
                dc_put(g, n, 8, 0, -1, 0);
                snprintf(n, sizeof n, "mce_banks[%d].status", i);
                dc_put(g, n, 8, 0, i == 3 ? (int64_t)0xb200000000000175ULL : 0, 0);
                snprintf(n, sizeof n, "mce_banks[%d].addr", i);
                dc_put(g, n, 8, 0, i == 3 ? 0x12345000 : 0, 0);
                snprintf(n, sizeof n, "mce_banks[%d].misc", i);
                dc_put(g, n, 8, 0, 0, 0);
            }
        }
    }
}

/* hw/ide.c pci_ide_save; identify: bit i set when drive i ran IDENTIFY. */
static void ide_vector(struct dc_vec *g, uint32_t version, int identify, int pci_version)
{
    char n[80];

    dc_put(g, "pci.version", 4, 0, pci_version, 0);     /* pci_device_save writes 2 */
    dc_put(g, "pci.config", 0, 256, 0x86, 0x25);
    if (pci_version >= 2)
        dc_put(g, "pci.irq_state", 4, 4, 0, 0);
    for (int i = 0; i < 2; i++) {
        snprintf(n, sizeof n, "bmdma[%d].cmd", i);
        dc_put(g, n, 1, 0, i ? 0 : 0x09, 0);
        snprintf(n, sizeof n, "bmdma[%d].status", i);
        dc_put(g, n, 1, 0, 0x20, 0);
        snprintf(n, sizeof n, "bmdma[%d].addr", i);
        dc_put(g, n, 4, 0, i ? 0 : 0x1f3000, 0);
        snprintf(n, sizeof n, "bmdma[%d].sector_num", i);
        dc_put(g, n, 8, 0, i ? 0 : 2048, 0);
        snprintf(n, sizeof n, "bmdma[%d].nsector", i);
        dc_put(g, n, 4, 0, i ? 0 : 8, 0);
        snprintf(n, sizeof n, "bmdma[%d].ifidx", i);
        dc_put(g, n, 1, 0, 2 * i, 0);
    }
    for (int i = 0; i < 2; i++) {
        snprintf(n, sizeof n, "interface[%d].cmd", i);
        dc_put(g, n, 1, 0, 0, 0);
        snprintf(n, sizeof n, "interface[%d].drive1_selected", i);
        dc_put(g, n, 1, 0, i, 0);
    }
    for (int i = 0; i < 4; i++) {
        int set = (identify >> i) & 1;

#define D(field, w, v) do { \
            snprintf(n, sizeof n, "drive[%d]." field, i); \
            dc_put(g, n, w, 0, v, 0); \
        } while (0)
        D("mult_sectors", 4, 16);
        D("identify_set", 4, set);
        if (set) {
            snprintf(n, sizeof n, "drive[%d].identify", i);
            dc_put(g, n, -2, 256, 0x0040, 0x0101);       /* put_le16 words */
        }
        D("feature", 1, 0);
        D("error", 1, 1);
        D("nsector", 4, 1);
        D("sector", 1, 1);
        D("lcyl", 1, i == 1 ? 0x14 : 0);
        D("hcyl", 1, i == 1 ? 0xeb : 0);
        D("hob_feature", 1, 0);
        D("hob_nsector", 1, 0);
        D("hob_sector", 1, 0);
        D("hob_lcyl", 1, 0);
        D("hob_hcyl", 1, 0);
        D("select", 1, 0xa0 | (i & 1) << 4);
        D("status", 1, 0x50);
        D("lba48", 1, 0);
        D("sense_key", 1, i == 2 ? 6 : 0);
        D("asc", 1, i == 2 ? 0x28 : 0);
        if (version >= 3)
            D("cdrom_changed", 1, 0);
#undef D
    }
}

struct golden {
    const char *what, *release, *target, *idstr;
    uint32_t version;
    long long instance;
    size_t size;                        /* LEGACY-FACTS.md, 0: not listed */
    const struct dc_item *items;
    int x86_64, banks, identify, pci_version;
};

static const struct golden goldens[] = {
    { "timer v2", "0.11", NULL, "timer", 2, 0, 24, timer_items, 0, 0, 0, 0 },
    { "timer v1", "0.11", NULL, "timer", 1, 0, 16, timer_items, 0, 0, 0, 0 },
    { "cpu_common v1", "0.11", NULL, "cpu_common", 1, 0, 8, cpu_common_v1, 0, 0, 0, 0 },
    { "i8259 v1", "0.11", NULL, "i8259", 1, 32, 16, i8259_v1, 0, 0, 0, 0 },
    { "i8254 v1", "0.11", NULL, "i8254", 1, 64, 88, i8254_v1, 0, 0, 0, 0 },
    { "mc146818rtc v1", "0.11", NULL, "mc146818rtc", 1, 112, 197, rtc_v1, 0, 0, 0, 0 },
    { "serial v3", "0.11", NULL, "serial", 3, 1016, 11, serial_items, 0, 0, 0, 0 },
    { "serial v1", "0.11", NULL, "serial", 1, 1016, 9, serial_items, 0, 0, 0, 0 },
    { "pckbd v3", "0.11", NULL, "pckbd", 3, 0, 4, pckbd_v3, 0, 0, 0, 0 },
    { "ps2kbd v3", "0.11", NULL, "ps2kbd", 3, 0, 284, ps2kbd_items, 0, 0, 0, 0 },
    { "ps2kbd v2", "0.11", NULL, "ps2kbd", 2, 0, 280, ps2kbd_items, 0, 0, 0, 0 },
    { "ps2mouse v2", "0.11", NULL, "ps2mouse", 2, 0, 291, ps2mouse_v2, 0, 0, 0, 0 },
    { "dma v1", "0.11", NULL, "dma", 1, 1, 75, dma_v1, 0, 0, 0, 0 },
    { "fdc v2", "0.11", NULL, "fdc", 2, 1008, 545, fdc_v2, 0, 0, 0, 0 },
    { "0.10 serial v3", "0.10", NULL, "serial", 3, 1016, 11, serial_items, 0, 0, 0, 0 },
    { "0.10 i8254 v1", "0.10", NULL, "i8254", 1, 64, 88, i8254_v1, 0, 0, 0, 0 },
    { "apic v2", "0.11", NULL, "apic", 2, 0, 181, apic_v2, 0, 0, 0, 0 },
    { "apic v1", "0.10", NULL, "apic", 1, 0, 173, apic_v1, 0, 0, 0, 0 },
    { "ioapic v1", "0.11", NULL, "ioapic", 1, 0, 194, ioapic_v1, 0, 0, 0, 0 },
    { "hpet v1", "0.11", NULL, "hpet", 1, 0, 150, hpet_v1, 0, 0, 0, 0 },
    { "fw_cfg v1", "0.11", NULL, "fw_cfg", 1, 0, 4, fw_cfg_v1, 0, 0, 0, 0 },
    { "i2c_bus v1", "0.11", NULL, "i2c_bus", 1, 0, 1, i2c_bus_v1, 0, 0, 0, 0 },
    { "PCIBUS v1", "0.11", NULL, "PCIBUS", 1, 0, 20, pcibus_v1, 0, 0, 0, 0 },
    { "I440FX v2", "0.11", NULL, "I440FX", 2, 0, 293, i440fx_v2, 0, 0, 0, 0 },
    { "PIIX3 v2", "0.10", NULL, "PIIX3", 2, 0, 276, piix3_v2, 0, 0, 0, 0 },
    { "piix4_pm v1", "0.11", NULL, "piix4_pm", 1, 0, 300, piix4_pm_v1, 0, 0, 0, 0 },
    { "cpu v10 i386 qemu32", "0.11", "i386", "cpu", 10, 0, 797, NULL, 0, 0, 0, 0 },
    { "cpu v10 i386 coreduo", "0.11", "i386", "cpu", 10, 0, 1133, NULL, 0, 10, 0, 0 },
    { "cpu v10 x86_64 qemu64", "0.11", "x86_64", "cpu", 10, 0, 1173, NULL, 1, 0, 0, 0 },
    { "cpu v10 x86_64 coreduo", "0.11", "x86_64", "cpu", 10, 0, 1509, NULL, 1, 10, 0, 0 },
    { "cpu v8 i386 (0.10)", "0.10", "i386", "cpu", 8, 0, 773, NULL, 0, 0, 0, 0 },
    { "cpu v8 x86_64 (0.10)", "0.10", "x86_64", "cpu", 8, 0, 0, NULL, 1, 0, 0, 0 },
    { "cpu v6 i386", "0.11", "i386", "cpu", 6, 0, 0, NULL, 0, 0, 0, 0 },
    { "cpu v5 x86_64", "0.11", "x86_64", "cpu", 5, 0, 0, NULL, 1, 0, 0, 0 },
    { "cpu v3 i386", "0.10", "i386", "cpu", 3, 0, 0, NULL, 0, 0, 0, 0 },
    { "ide v3", "0.11", NULL, "ide", 3, 0, 430, NULL, 0, 0, 0, 2 },
    { "ide v3 after IDENTIFY", "0.11", NULL, "ide", 3, 0, 430 + 512, NULL, 0, 0, 1, 2 },
    { "ide v3, two drives identified", "0.11", NULL, "ide", 3, 0, 430 + 1024, NULL, 0, 0, 5, 2 },
    { "ide v2 (0.10)", "0.10", NULL, "ide", 2, 0, 426, NULL, 0, 0, 0, 2 },
    { "ide v3, PCI device version 1", "0.11", NULL, "ide", 3, 0, 430 - 16, NULL, 0, 0, 0, 1 },
};

static void build(const struct golden *gd, struct dc_vec *g)
{
    memset(g, 0, sizeof *g);
    if (gd->items)
        dc_put_items(g, gd->items, gd->version);
    else if (strcmp(gd->idstr, "cpu") == 0)
        cpu_vector(g, gd->x86_64, gd->banks, gd->version);
    else
        ide_vector(g, gd->version, gd->identify, gd->pci_version);
}

static void check_one(const struct golden *gd)
{
    static struct dc_vec g;
    struct dc_check_case cc = {
        .what = gd->what, .release = gd->release, .version = gd->version,
        .ctx = { .target = gd->target, .instance = gd->instance },
        .idstr = gd->idstr, .size = gd->size, .size_from = "LEGACY-FACTS gives",
    };

    build(gd, &g);
    dc_check_golden(&cc, &g);
}

/* Helpers for the hand-written cases below. */
static int load(const char *release, const char *target, const char *idstr, uint32_t version,
                const struct dc_item *items, struct dc_vec *g, struct sv_values *v)
{
    const struct sv_desc *d = sv_desc_find(release, target, idstr, version);
    struct sv_desc_ctx c = { .target = target, .instance = -1 };
    struct sv_error err;
    uint64_t used;

    memset(g, 0, sizeof *g);
    dc_put_items(g, items, version);
    return d ? dc_decode(d, &c, version, g->b, g->len, v, &err, &used) : -1;
}

static void test_pit_message(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", NULL, "i8254", 1);
    struct sv_desc_ctx c = { .instance = 64 };
    static struct dc_vec g;
    struct sv_values v;
    struct sv_error err;
    uint64_t used;
    char buf[400];

    load("0.11", NULL, "i8254", 1, i8254_v1, &g, &v);
    /* channel[1].count at 40: 70000 as be32 */
    g.b[40] = 0x00, g.b[41] = 0x01, g.b[42] = 0x11, g.b[43] = 0x70;
    sv_values_free(&v);
    ok(dc_decode(d, &c, 1, g.b, g.len, &v, &err, &used) < 0, "i8254: count 70000 refused");
    is_str(err.field, "channel[1].count", "  naming the field");
    is_str(err.msg, "value 70000 out of range 1..65536", "  with the bound");
    is_int((long long)err.offset, 40, "  at its offset");
    is_str(sv_error_format(&err, buf, sizeof buf),
           "offset 40: section \"i8254\" instance 64: field \"channel[1].count\": value 70000 out of range 1..65536",
           "  formatted for svtool");
    sv_values_free(&v);
    /* mode 7 is a real saved value (no datasheet bound) */
    load("0.11", NULL, "i8254", 1, i8254_v1, &g, &v);
    is_uint(sv_values_get(&v, "channel[1].mode")->u, 7, "i8254: mode 7 loads");
    /* count 0 would divide by zero in pit_get_count */
    ((struct sv_value *)sv_values_get(&v, "channel[2].count"))->u = 0;
    {
        struct sv_stream s;

        sv_error_clear(&err);
        sv_stream_mem_writer(&s, 0);
        ok(sv_desc_encode_legacy(d, &c, 1, &v, &s, &err) < 0 && strcmp(err.field, "channel[2].count") == 0,
           "i8254: count 0 is refused on the way out too");
        sv_stream_free(&s);
    }
    sv_values_free(&v);
}

static void test_versions(void)
{
    static struct dc_vec g, g3;
    struct sv_values v;
    struct sv_error err;
    struct sv_desc_ctx c = { .instance = 1016 };
    const struct sv_desc *ser = sv_desc_find("0.11", NULL, "serial", 3);
    uint8_t *p;
    size_t n;

    /* serial v1 -> v3: fcr has no default (hw/serial.c:681-707, 0.11.1
     * serial_reset, sets every register but fcr), so it cannot be made up */
    load("0.11", NULL, "serial", 1, serial_items, &g, &v);
    p = dc_encode_legacy(ser, &c, 3, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "fcr") == 0,
       "serial v1 -> v3 refused: fcr is required (F-18)");
    free(p);
    /* given fcr, the divider widens to be16 */
    {
        static const uint8_t want[] = { 0x00, 0x0c, 0, 0x05, 0xc1, 0x03, 0x0b, 0x60, 0xb0, 0, 0x01 };
        struct sv_values w = v;
        struct sv_value extra[64];

        memcpy(extra, v.v, v.n * sizeof *extra);
        extra[v.n] = (struct sv_value){ .name = "fcr", .field = NULL, .type = SV_U8, .count = 1, .u = 1 };
        for (const struct sv_desc_field *f = ser->fields; f->name; f++)
            if (strcmp(f->name, "fcr") == 0)
                extra[v.n].field = f;
        w.v = extra;
        w.n = v.n + 1;
        p = dc_encode_legacy(ser, &c, 3, &w, &n, &err);
        is_blob(p, p ? n : 0, want, sizeof want, "serial v1 -> v3 with fcr given: be16 divider");
        free(p);
    }
    sv_values_free(&v);
    /* v3 -> v1 refuses fcr != 0, naming it */
    load("0.11", NULL, "serial", 3, serial_items, &g3, &v);
    p = dc_encode_legacy(ser, &c, 1, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "fcr") == 0, "serial v3 -> v1 refuses fcr 0xc1");
    like(err.msg, "no such field", "  saying version 1 lacks it");
    free(p);
    /* fcr 0 neither: a field without a default is never dropped */
    ((struct sv_value *)sv_values_get(&v, "fcr"))->u = 0;
    p = dc_encode_legacy(ser, &c, 1, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "fcr") == 0, "serial v3 -> v1 refuses fcr 0 too (required)");
    like(err.msg, "no default", "  saying it has no default");
    free(p);
    /* a divider above 255 does not fit version 1 */
    ((struct sv_value *)sv_values_get(&v, "divider"))->u = 0x180;
    p = dc_encode_legacy(ser, &c, 1, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "divider") == 0, "serial v3 -> v1 refuses divider 384");
    like(err.msg, "legacy byte", "  as too wide for the old byte");
    free(p);
    sv_values_free(&v);

    /* ps2kbd v2 -> v3: scancode_set takes its reset value, 0
     * (hw/ps2.c:509 in 0.11.1, ps2_kbd_reset), not the 2 ps2_kbd_load sets
     * for a version 2 stream */
    {
        const struct sv_desc *kbd = sv_desc_find("0.11", NULL, "ps2kbd", 3);
        struct sv_values v3;

        load("0.11", NULL, "ps2kbd", 2, ps2kbd_items, &g, &v);
        p = dc_encode_legacy(kbd, &c, 3, &v, &n, &err);
        load("0.11", NULL, "ps2kbd", 3, ps2kbd_items, &g3, &v3);
        ok(p && n == g3.len && memcmp(p, g3.b, g3.len - 4) == 0 && !memcmp(p + n - 4, "\0\0\0\0", 4),
           "ps2kbd v2 -> v3: scancode_set 0, ps2_kbd_reset's");
        free(p);
        sv_values_free(&v);
        sv_values_free(&v3);
    }
    /* timer v1 -> v2: cpu_clock_offset is the virtual clock, which no
     * reset sets (vl.c registers no reset for it): refused */
    {
        const struct sv_desc *t = sv_desc_find("0.11", NULL, "timer", 2);

        load("0.11", NULL, "timer", 1, timer_items, &g, &v);
        p = dc_encode_legacy(t, &c, 2, &v, &n, &err);
        ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "cpu_clock_offset") == 0,
           "timer v1 -> v2 refused: cpu_clock_offset is required");
        free(p);
        sv_values_free(&v);
    }
}

static void test_cpu_and_ide_versions(void)
{
    static struct dc_vec g8, g10;
    const struct sv_desc *c10 = sv_desc_find("0.11", "i386", "cpu", 10);
    const struct sv_desc *c8 = sv_desc_find("0.10", "i386", "cpu", 8);
    const struct sv_desc *ide3 = sv_desc_find("0.11", NULL, "ide", 3);
    const struct sv_desc *ide2 = sv_desc_find("0.10", NULL, "ide", 2);
    struct sv_desc_ctx c = { .target = "i386", .instance = 0 };
    struct sv_values v;
    struct sv_error err;
    uint64_t used;
    uint8_t *p, *body;
    size_t n, blen;

    /* 0.10 v8 -> 0.11 v10: pending_irq, the first field v8 lacks, has no
     * reset value (target-i386/helper.c:513 in 0.11.1, cpu_reset, clears
     * the state only up to `breakpoints`; target-i386/cpu.h:691 puts
     * interrupt_bitmap after it), so version 10 cannot be made up */
    memset(&g8, 0, sizeof g8);
    cpu_vector(&g8, 0, 0, 8);
    dc_decode(c8, &c, 8, g8.b, g8.len, &v, &err, &used);
    p = dc_encode_legacy(c10, &c, 10, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "pending_irq") == 0,
       "cpu v8 -> v10 refused: pending_irq is required");
    free(p);
    /* and through a tagged body written by a 0.10 writer, at the body's end */
    body = dc_encode_tagged(c8, &c, "0.10", &v, &blen, &err);
    sv_values_free(&v);
    ok(dc_decode_tagged(c10, &c, body, blen, &v, &err) == 0, "cpu: a 0.10 tagged body decodes (version 8)");
    p = dc_encode_legacy(c10, &c, 10, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "pending_irq") == 0,
       "cpu: a 0.10 tagged body does not load as v10");
    free(p);
    free(body);
    sv_values_free(&v);
    /* 0.11 coreduo v10 -> v8 refuses the state v8 cannot hold, naming the
     * first field v8 lacks: pending_irq, which has no default to drop it at */
    memset(&g10, 0, sizeof g10);
    cpu_vector(&g10, 0, 10, 10);
    dc_decode(c10, &c, 10, g10.b, g10.len, &v, &err, &used);
    p = dc_encode_legacy(c10, &c, 8, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_RANGE && strcmp(err.field, "pending_irq") == 0,
       "cpu v10 -> v8 refuses pending_irq (first field v8 lacks, required)");
    free(p);
    /* too many MCE banks for mce_banks[] */
    ((struct sv_value *)sv_values_get(&v, "mcg_cap"))->u = 0x10b;
    p = dc_encode_legacy(c10, &c, 10, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "mcg_cap") == 0, "cpu: 11 MCE banks refused, naming mcg_cap");
    like(err.msg, "capacity 10", "  as above the capacity");
    free(p);
    sv_values_free(&v);
    g10.b[773 + 16 + 7] = 11;                              /* mcg_cap's low byte */
    ok(dc_decode(c10, &c, 10, g10.b, g10.len, &v, &err, &used) < 0 && strcmp(err.field, "mcg_cap") == 0 &&
       err.offset == 789, "cpu: 11 banks refused on decode, at mcg_cap");
    sv_values_free(&v);
    /* fpregs_format 1 (no USE_X86LDOUBLE): no exponents, 16 bytes less */
    {
        static struct dc_vec g;
        struct sv_values v1;

        memset(&g, 0, sizeof g);
        cpu_vector(&g, 0, 0, 10);
        g.b[51] = 1;                                        /* fpregs_format */
        for (int i = 0; i < 8; i++)                         /* drop the exponents */
            memmove(g.b + 52 + 8 * (i + 1), g.b + 52 + 10 * (i + 1), g.len - (52 + 10 * (i + 1)));
        g.len -= 16;
        ok(dc_decode(c10, &c, 10, g.b, g.len, &v1, &err, &used) == 0 && used == 781 &&
           !sv_values_get(&v1, "fpregs[0].exp"), "cpu: fpregs_format 1 has no exponents");
        p = dc_encode_legacy(c10, &c, 10, &v1, &n, &err);
        is_blob(p, p ? n : 0, g.b, g.len, "  and round-trips");
        free(p);
        sv_values_free(&v1);
    }
    /* a tagged body of the other target is refused */
    {
        const struct sv_desc *c64 = sv_desc_find("0.11", "x86_64", "cpu", 10);
        struct sv_desc_ctx c6 = { .target = "x86_64", .instance = 0 };
        static struct dc_vec g;

        memset(&g, 0, sizeof g);
        cpu_vector(&g, 1, 0, 10);
        dc_decode(c64, &c6, 10, g.b, g.len, &v, &err, &used);
        body = dc_encode_tagged(c64, &c6, "0.11", &v, &blen, &err);
        sv_values_free(&v);
        ok(dc_decode_tagged(c10, &c, body, blen, &v, &err) < 0, "cpu: an x86_64 body is refused by an i386 reader");
        like(err.msg, "target", "  naming the target");
        free(body);
    }
    /* ide v2 <-> v3: cdrom_changed has no reset value (hw/ide.c:3373-3387
     * in 0.11.1, piix3_reset, leaves the drives), so neither way goes */
    {
        static struct dc_vec g2, g3;
        struct sv_desc_ctx ci = { .instance = 0 };

        memset(&g2, 0, sizeof g2);
        memset(&g3, 0, sizeof g3);
        ide_vector(&g2, 2, 1, 2);
        ide_vector(&g3, 3, 1, 2);
        dc_decode(ide2, &ci, 2, g2.b, g2.len, &v, &err, &used);
        p = dc_encode_legacy(ide3, &ci, 3, &v, &n, &err);
        ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "drive[0].cdrom_changed") == 0,
           "ide v2 -> v3 refused: drive[0].cdrom_changed is required");
        free(p);
        sv_values_free(&v);
        dc_decode(ide3, &ci, 3, g3.b, g3.len, &v, &err, &used);
        p = dc_encode_legacy(ide3, &ci, 2, &v, &n, &err);
        ok(p == NULL && strcmp(err.field, "drive[0].cdrom_changed") == 0,
           "ide v3 -> v2 refuses even cdrom_changed 0 (no default)");
        free(p);
        p = dc_encode_legacy(ide3, &ci, 3, &v, &n, &err);
        is_blob(p, p ? n : 0, g3.b, g3.len, "ide v3 -> v3 round-trips");
        free(p);
        /* the identify words are host order (le16) on the wire, numbers in the values */
        is_uint(sv_value_elem(sv_values_get(&v, "drive[0].identify"), 1), 0x0141,
                "ide: identify word 1 read little-endian");
        sv_values_free(&v);
    }
}

/* F-18, F-19 through real tables. */
static void test_tagged_rules(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", NULL, "serial", 3);
    struct sv_desc_ctx c = { .instance = 1016 };
    struct sv_values v;
    struct sv_error err;
    struct sv_tenc e;
    uint8_t *body, *p;
    size_t blen, n;
    struct sv_stream s;

    /* a body with only the divider: fcr has no default (serial_reset,
     * hw/serial.c:681-707 in 0.11.1, leaves it), so the body is refused,
     * naming it, at the body's end (F-18) */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    sv_tenc_uint(&e, "divider", SV_U64, 0, 1);              /* F-20: u64 into u16 */
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) < 0 && err.code == SV_E_MISSING &&
       strcmp(err.field, "fcr") == 0 && strcmp(err.section, "serial") == 0 && err.has_offset &&
       err.offset == blen, "serial: a body without fcr is refused naming it (F-18)");
    free(body);
    /* the divider and fcr: everything else takes its reset value */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    sv_tenc_uint(&e, "divider", SV_U64, 0, 1);
    sv_tenc_uint(&e, "fcr", SV_U8, 0, 0xc1);
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) == 0, "serial: a body with divider and fcr loads");
    p = dc_encode_legacy(d, &c, 3, &v, &n, &err);
    {
        /* hw/serial.c:685-693 (0.11.1 serial_reset): rbr 0, ier 0, iir
         * UART_IIR_NO_INT 0x01, lcr 0, mcr UART_MCR_OUT2 0x08, lsr TEMT|THRE
         * 0x60, msr DCD|DSR|CTS 0xb0, scr 0 */
        static const uint8_t want[] = { 0x00, 0x01, 0, 0, 0x01, 0, 0x08, 0x60, 0xb0, 0, 0xc1 };

        is_blob(p, p ? n : 0, want, sizeof want, "  the rest at the serial_reset values (F-18)");
    }
    free(p);
    free(body);
    sv_values_free(&v);
    /* F-20: too big for the declared type */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    sv_tenc_uint(&e, "divider", SV_U32, 0, 0x10000);
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) < 0 && strcmp(err.field, "divider") == 0 &&
       strcmp(err.section, "serial") == 0, "serial: divider 65536 does not fit u16 (F-20)");
    free(body);
    /* F-19: an unknown field not at its default */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    sv_tenc_uint(&e, "fcr", SV_U8, 0, 0);
    sv_tenc_uint(&e, "tsr_retry", SV_U8, 0, 3);
    sv_tenc_uint(&e, "thr_ipending", SV_U8, SV_FLAG_DEFAULT, 0);
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) < 0 && strcmp(err.field, "tsr_retry") == 0,
       "serial: unknown field tsr_retry = 3 refused (F-19)");
    free(body);
    /* an unknown field at its default is skipped */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    sv_tenc_uint(&e, "fcr", SV_U8, 0, 0);
    sv_tenc_uint(&e, "thr_ipending", SV_U8, SV_FLAG_DEFAULT, 0);
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) == 0, "serial: unknown field at its default skipped");
    sv_values_free(&v);
    free(body);
    /* a body at a version this release does not have */
    sv_tenc_begin(&e, SV_KIND_FIELDS, 4, "0.12", "");
    body = sv_tenc_take(&e, &blen, &err);
    ok(dc_decode_tagged(d, &c, body, blen, &v, &err) < 0 && err.code == SV_E_UNKNOWN, "serial: a v4 body is refused");
    free(body);
    /* the tagged header carries profile, version and "" target */
    {
        static struct dc_vec g;
        struct sv_recset r;

        load("0.11", NULL, "serial", 3, serial_items, &g, &v);
        body = dc_encode_tagged(d, &c, "0.11", &v, &blen, &err);
        sv_stream_mem_reader(&s, body, blen);
        sv_recset_read(&r, &s);
        ok(strcmp(r.h.profile, "0.11") == 0 && r.h.target[0] == 0 && r.h.legacy_version == 3 &&
           r.h.nfields == 10, "serial: tagged header: 0.11, no target, v3, 10 fields");
        sv_recset_free(&r);
        free(body);
        sv_values_free(&v);
    }
}

int main(void)
{
    tap_init();
    plan_lazy();
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
        check_one(&goldens[i]);
    test_pit_message();
    test_versions();
    test_cpu_and_ide_versions();
    test_tagged_rules();
    return 0;
}
