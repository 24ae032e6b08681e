/*
 * svtool convert --release 0.12 --to-release 0.11 (the downgrade) on the
 * real captures (t/real):
 *
 * - every 0.12.3 capture converts with its command line, the options
 *   0.11.1 needs derived from its sections, and passes svtool check
 *   --release 0.11, or is refused by name (isapc's ISA IDE, which 0.11.1
 *   saves none of; vmware_vga; virtio-blk's MSI-X state on -M pc; a
 *   -M pc-0.12 0.11.1 has no such machine);
 * - where 0.11.1 has a capture of the same configuration, each converted
 *   device section it also has has its version and length (what 0.11.1
 *   itself wrote); 0.12.3's default NIC is e1000, 0.11.1's ne2k_pci, and
 *   0.11.1's pc always has a balloon: those differ by configuration;
 * - each value both releases know by name is the source's; the renamed
 *   ones as 0.11.1 keeps them (the APIC's registers by index, a DMA's
 *   drive by its index in the controller, the timer's ticks_per_sec as
 *   0.11.1's own capture has it);
 * - what 0.11.1 cannot hold is refused naming the field (no output), or
 *   dropped and listed with --force.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge-util.h"
#include "interp.h"
#include "svtool-util.h"
#include "sv-walk.h"
#include "tap.h"

/* set while converting a stream of the one edited section (edited()): no
 * configuration has just its devices */
static int one_section;

static void convert(const char *in, const char *out, const char *cmd, int force, struct su_run *r)
{
    const char *args[16];
    int n = 0;

    unlink(out);
    args[n++] = "convert";
    if (force)
        args[n++] = "--force";
    if (one_section)
        args[n++] = "--no-device-check";
    args[n++] = "--release";
    args[n++] = "0.12";
    args[n++] = "--to";
    args[n++] = "legacy";
    args[n++] = "--to-release";
    args[n++] = "0.11";
    if (cmd) {
        args[n++] = "--from-config";
        args[n++] = cmd;
    }
    args[n++] = in;
    args[n++] = out;
    args[n] = NULL;
    su_svtool_run(r, NULL, args);
}

/* Equal values; a byte array and an array of bytes alike (the derived
 * tables have u8 arrays where the hand-written ones have bytes, and bytes
 * where they have an integer). */
static int same_value(const struct sv_value *a, const struct sv_value *b)
{
    if ((a->b && !b->a && !b->b) || (b->b && !a->a && !a->b)) {
        /* bytes where the other table has a big-endian integer */
        const struct sv_value *x = a->b ? a : b, *y = a->b ? b : a;
        uint64_t u = 0;

        for (uint32_t k = 0; k < x->count && k < 8; k++)
            u = u << 8 | x->b[k];
        return x->count <= 8 && u == y->u;
    }
    if (a->count != b->count)
        return 0;
    if ((a->b && b->a) || (a->a && b->b)) {
        const struct sv_value *x = a->b ? a : b, *y = a->b ? b : a;

        for (uint32_t k = 0; k < x->count; k++)
            if (x->b[k] != y->a[k])
                return 0;
        return 1;
    }
    return bu_same_value(a, b);
}

static uint64_t elem(const struct sv_value *v, unsigned i)
{
    return v && v->a && i < v->count ? v->a[i] : ~0ull;
}

/*
 * A converted value: the source's of the same name, or where 0.11.1 keeps
 * it otherwise: apic_load reads isr[i], tmr[i], irr[i] by index (v0.11.1
 * hw/apic.c); pci_ide_load the DMA's drive as its index of four (v0.11.1
 * hw/ide.c:3263; 0.12.3 keeps its unit on the bus, -1 for none, v0.12.3
 * hw/ide/core.c:2797, :2832); cpu_load's pending_irq where 0.12.3 has
 * interrupt_injected (both KVM's); the timer's ticks_per_sec is checked
 * against 0.11.1's own capture (captures()).  1 when it is, 0 when not, -1
 * for a name 0.12.3's table (derived from its binary) does not use: such
 * values are checked by svtool check and the sections' lengths only.
 */
static int value_ok(const char *idstr, const struct sv_values *src, const struct sv_value *v)
{
    const struct sv_value *s = sv_values_get(src, v->name);
    unsigned i;
    int end = 0;
    char f[16];

    if (!strcmp(idstr, "timer") && !strcmp(v->name, "ticks_per_sec"))
        return 1;
    if (!strcmp(v->name, "pending_irq"))
        return (s = sv_values_get(src, "interrupt_injected")) && s->u == v->u;
    if (sscanf(v->name, "reg[%u].%15[a-z]%n", &i, f, &end) == 2 && end && !v->name[end])
        return elem(sv_values_get(src, f), i) == v->u;
    if (sscanf(v->name, "bmdma[%u].ifidx%n", &i, &end) == 1 && end && !v->name[end]) {
        char name[32];

        snprintf(name, sizeof name, "bmdma[%u].unit", i);
        s = sv_values_get(src, name);
        return s && (s->u == 0xff ? v->u == 0 : v->u == i * 2 + s->u);
    }
    if (s)
        return same_value(s, v);
    return -1;
}

/* 0.11.1's capture of a 0.12.3 capture's configuration (same name) */
static int ref_011(const char *file, const char *out)
{
    char rel[512];

    snprintf(rel, sizeof rel, "v0.11.1/%s", file + 8);
    return su_real_unpack(rel, out);
}

/* Does each of a's device sections that b has have b's version and length?
 * The count that do goes to *matched. */
static int same_sections(const struct stream *a, const struct stream *b, const char *label, int *matched)
{
    int good = 1;

    for (int i = 0; i < a->n; i++) {
        const struct sec *x = &a->s[i], *y = bu_find(b, x->idstr, x->instance);

        if (!y) {
            /* 0.12.3's default NIC (v0.12.3 hw/pc.c:1177), 0.11.1's ne2k_pci */
            if (strcmp(x->idstr, "e1000") != 0) {
                diag("%s: %s/%u: 0.11.1's capture has none", label, x->idstr, x->instance);
                good = 0;
            }
            continue;
        }
        if (y->version != x->version || y->len != x->len) {
            diag("%s: %s/%u v%u %zu bytes; 0.11.1's: v%u %zu bytes", label, x->idstr, x->instance, x->version, x->len,
                 y->version, y->len);
            good = 0;
        } else {
            (*matched)++;
        }
    }
    return good;
}

static void captures(void)
{
    static const struct {
        const char *config, *want;
    } refuse[] = {
        /* 0.11.1's isapc saves no IDE state (0.12.3 registers isa-ide, hw/ide/isa.c:74) */
        { "-M isapc", "section \"isa-ide\" instance 0: release 0.11 has no device \"isa-ide\"" },
        /* host-endian words in 0.11.1, be32 in 0.12.3 */
        { "-vga vmware", "section \"vmware_vga\" instance 0: release 0.11 cannot take" },
        /* -M pc: virtio-blk-pci's vectors=2 (v0.12.3 hw/virtio-pci.c:555) */
        { "-drive file=", "section \"virtio-blk\" instance 0: release 0.11 cannot take" },
        { "-M pc-0.12", "option -M pc-0.12: release 0.11 has no such machine" },
    };
    char path[700], line[8192];
    char *in = strdup(su_tpath("src.sv")), *out = strdup(su_tpath("out.sv")), *ref = strdup(su_tpath("ref.sv"));
    FILE *f;
    int header = 1, n = 0, converted = 0, checked = 0, compared = 0, shaped = 0, sections = 0, faithful = 0,
        matched = 0, values = 0, refusable = 0, refused = 0, ticks = 0, ticks_ok = 0;

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        const char *check[] = { "check", "--release", "0.11", out, NULL };
        struct stream a, b, c;
        struct su_run r;
        int k = 0, which = -1;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header || k < COL_NCOLS || strcmp(col[COL_RELEASE], "0.12") != 0 || strncmp(col[COL_FILE], "v0.12.3/", 8)) {
            header = 0;
            continue;
        }
        n++;
        if (su_real_unpack(col[COL_FILE], in) < 0) {
            diag("%s: cannot unpack", col[COL_FILE]);
            continue;
        }
        convert(in, out, col[COL_COMMAND], 0, &r);
        for (size_t i = 0; i < sizeof refuse / sizeof refuse[0]; i++)
            if (strstr(col[COL_COMMAND], refuse[i].config) && (!strstr(refuse[i].config, "-drive") ||
                                                                strstr(col[COL_COMMAND], "if=virtio")))
                which = (int)i;
        if (which >= 0) {
            refusable++;
            r.err[strcspn(r.err, "\n")] = 0;
            if (r.code && strstr(r.err, refuse[which].want) && !su_file_exists(out))
                refused++;
            else
                diag("%s: %s: %s", col[COL_FILE], su_run_status(&r), r.err);
            su_run_free(&r);
            continue;
        }
        if (r.code)
            diag("%s: %s", col[COL_FILE], r.err);
        converted += r.code == 0;
        su_run_free(&r);
        if (!su_file_exists(out))
            continue;
        su_svtool_run(&r, NULL, check);
        checked += r.code == 0;
        if (r.code)
            diag("%s: check: %s", col[COL_FILE], r.err);
        su_run_free(&r);
        if (bu_load(in, "0.12", &a) < 0 || bu_load(out, "0.11", &b) < 0) {
            bu_stream_free(&a);
            continue;
        }
        if (ref_011(col[COL_FILE], ref) == 0 && bu_load(ref, "0.11", &c) == 0) {
            const struct sec *t1 = bu_find(&b, "timer", 0), *t2 = bu_find(&c, "timer", 0);

            compared++;
            shaped += same_sections(&b, &c, col[COL_FILE], &matched);
            ticks++;
            ticks_ok += t1 && t2 && sv_values_get(&t1->vals, "ticks_per_sec") &&
                        sv_values_get(&t1->vals, "ticks_per_sec")->u == sv_values_get(&t2->vals, "ticks_per_sec")->u;
            bu_stream_free(&c);
        }
        for (int i = 0; i < b.n; i++) {
            const struct sec *x = bu_find(&a, b.s[i].idstr, b.s[i].instance);
            int good = x != NULL;

            sections++;
            for (size_t v = 0; x && v < b.s[i].vals.n; v++) {
                int same = value_ok(x->idstr, &x->vals, &b.s[i].vals.v[v]);

                values += same >= 0;
                if (!same) {
                    diag("%s: %s: %s (%u) is not the source's", col[COL_FILE], b.s[i].idstr, b.s[i].vals.v[v].name,
                         b.s[i].vals.v[v].count);
                    good = 0;
                }
            }
            faithful += good;
        }
        bu_stream_free(&a);
        bu_stream_free(&b);
    }
    fclose(f);
    ok(n >= 100, "the manifest lists the 0.12.3 captures (%d)", n);
    ok(refusable >= 16 && refused == refusable,
       "isapc, vmware_vga, -M pc virtio-blk and -M pc-0.12 are refused by name (%d of %d)", refused, refusable);
    is_int(converted, n - refusable, "each other converts to 0.11 with its command line");
    is_int(checked, n - refusable, "each result passes svtool check --release 0.11");
    ok(compared >= 70, "0.11.1 has a capture of the configuration of %d of them", compared);
    is_int(shaped, compared, "their device sections have 0.11.1's versions and lengths (%d sections)", matched);
    is_int(ticks_ok, ticks, "the timer's ticks_per_sec is 0.11.1's own capture's");
    is_int(faithful, sections, "each value both releases name alike is the source's (%d sections)", sections);
    ok(values >= 10000, "values compared by name: %d", values);
    free(in);
    free(out);
    free(ref);
}

/* The first section named idstr, whatever its instance. */
static const struct sec *find_any(const struct stream *st, const char *idstr)
{
    for (int i = 0; i < st->n; i++)
        if (strcmp(st->s[i].idstr, idstr) == 0)
            return &st->s[i];
    return NULL;
}

/* A one-section stream of capture's idstr with field set to value
 * (a byte array: byte 0; an array: element 0), in path; 0 on success. */
static int edited(const char *capture, const char *idstr, const char *field, uint64_t value, const char *path)
{
    struct stream x;
    const struct sec *s;
    struct sv_value *v;
    int rc;

    if (su_real_unpack(capture, path) < 0 || bu_load(path, "0.12", &x) < 0 || !(s = find_any(&x, idstr)))
        bail("%s: no %s", capture, idstr);
    if (!(v = (struct sv_value *)sv_values_get(&s->vals, field)))
        bail("%s: no %s", idstr, field);
    if (v->b)
        v->b[0] = (uint8_t)value;
    else if (v->a)
        v->a[0] = value;
    else
        v->u = value;
    rc = bu_write_section(s, path);
    bu_stream_free(&x);
    return rc;
}

static void refusals(void)
{
    static const struct {
        const char *capture, *idstr, *field;
        uint64_t value;
        const char *want;
    } cases[] = {
        /* KVM's event injection (v0.12.3 target-i386/machine.c:451-456) */
        { "v0.12.3/i386/pc-running.sv.xz", "cpu", "exception_injected", 14,
          "section \"cpu\" instance 0: field \"exception_injected\": release 0.11 has no place for it, and its value is not 0" },
        { "v0.12.3/i386/pc-running.sv.xz", "cpu", "nmi_pending", 1, "field \"nmi_pending\": release 0.11 has no place" },
        { "v0.12.3/i386/pc-running.sv.xz", "cpu", "tsc_aux", 7, "field \"tsc_aux\": release 0.11 has no place" },
        /* machine-check state with mcg_cap 0: 0.11.1 reads none of it */
        { "v0.12.3/i386/pc-running.sv.xz", "cpu", "mcg_status", 1, "field \"mcg_status\": release 0.11 has no place" },
        { "v0.12.3/i386/pc-running.sv.xz", "cpu", "mce_banks", 5, "field \"mce_banks\": release 0.11 has no place" },
        /* a PCI interrupt line up: 0.11.1 keeps the levels in I440FX */
        { "v0.12.3/i386/pc-running.sv.xz", "PIIX3", "pci_irq_levels", 1,
          "section \"PIIX3\" instance 0: field \"pci_irq_levels\": release 0.11 has no place" },
        /* -rtc-td-hack's lost ticks */
        { "v0.12.3/i386/pc-running.sv.xz", "mc146818rtc", "irq_coalesced", 3,
          "section \"mc146818rtc\" instance 112: field \"irq_coalesced\": release 0.11 has no place" },
        /* a PIO transfer in progress */
        { "v0.12.3/i386/pc-running.sv.xz", "ide", "bus[1].ifs[0].cur_io_buffer_len", 512,
          "section \"ide\" instance 0: field \"bus[1].ifs[0].cur_io_buffer_len\": release 0.11 keeps no transfer in progress" },
        /* a tap's UFO */
        { "v0.12.3/i386/nic-virtio-running.sv.xz", "virtio-net", "has_ufo", 1,
          "section \"virtio-net\" instance 0: field \"has_ufo\": release 0.11 has no place" },
    };
    char *in = strdup(su_tpath("e.sv")), *out = strdup(su_tpath("f.sv"));

    one_section = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct su_run r;

        if (edited(cases[i].capture, cases[i].idstr, cases[i].field, cases[i].value, in) < 0) {
            ok(0, "%s: %s edited", cases[i].idstr, cases[i].field);
            continue;
        }
        convert(in, out, NULL, 0, &r);
        r.err[strcspn(r.err, "\n")] = 0;
        ok(r.code == 1 && strstr(r.err, cases[i].want) && !su_file_exists(out),
           "%s %s that 0.11.1 cannot hold: refused naming it, no output (%s)", cases[i].idstr, cases[i].field, r.err);
        su_run_free(&r);
        convert(in, out, NULL, 1, &r);
        if (!ok(r.code == 0 && strstr(r.err, cases[i].field) && strstr(r.err, "dropped") && su_file_exists(out),
                "with --force it is dropped and listed"))
            diag("%s: %s%s", su_run_status(&r), r.err, r.out);
        su_run_free(&r);
    }
    one_section = 0;
    free(in);
    free(out);
}

/* A CPU with MCE (x86_64's qemu64): 0.11.1 reads mcg_status, mcg_ctl and its
 * 10 banks as 0.12.3 wrote them; a machine check raised there is carried. */
static void mce(void)
{
    char *in = strdup(su_tpath("m.sv")), *out = strdup(su_tpath("m-out.sv"));
    struct stream y;
    struct su_run r;
    const struct sec *s;
    const struct sv_value *st;

    one_section = 1;
    if (edited("v0.12.3/x86_64/pc-running.sv.xz", "cpu", "mcg_status", 5, in) < 0)
        bail("no cpu");
    convert(in, out, NULL, 0, &r);
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    ok(bu_load(out, "0.11", &y) == 0 && (s = bu_find(&y, "cpu", 0)) && s->version == 10 &&
           (st = sv_values_get(&s->vals, "mcg_status")) && st->u == 5,
       "x86_64 (mcg_cap set): mcg_status 5 carried into cpu v10");
    bu_stream_free(&y);
    one_section = 0;
    free(in);
    free(out);
}

/* Renamed state with values the captures leave at 0: an APIC register
 * array by index (v0.11.1 hw/apic.c apic_load: isr[i], tmr[i], irr[i]),
 * a DMA's drive as its index of the controller's four (v0.11.1
 * hw/ide.c:3263: bmdma[1]'s unit 1 is ide_if[3]). */
static void carried(void)
{
    static const struct {
        const char *idstr, *field;
        uint64_t value;
        const char *to;
        uint64_t want;
        const char *zero;
    } cases[] = {
        { "apic", "tmr", 0x20, "reg[0].tmr", 0x20, "reg[0].irr" },
        { "apic", "irr", 0x4000, "reg[0].irr", 0x4000, "reg[0].isr" },
        { "apic", "isr", 0x100, "reg[0].isr", 0x100, "reg[0].tmr" },
        { "ide", "bmdma[1].unit", 1, "bmdma[1].ifidx", 3, "bmdma[0].ifidx" },
        { "ide", "bmdma[0].unit", 1, "bmdma[0].ifidx", 1, NULL },
    };
    char *in = strdup(su_tpath("c.sv")), *out = strdup(su_tpath("c-out.sv"));

    one_section = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct stream y;
        struct su_run r;
        const struct sec *s;
        const struct sv_value *v, *z;

        if (edited("v0.12.3/i386/pc-paused.sv.xz", cases[i].idstr, cases[i].field, cases[i].value, in) < 0)
            bail("no %s", cases[i].idstr);
        convert(in, out, NULL, 0, &r);
        if (r.code)
            diag("%s", r.err);
        su_run_free(&r);
        ok(bu_load(out, "0.11", &y) == 0 && (s = find_any(&y, cases[i].idstr)) &&
               (v = sv_values_get(&s->vals, cases[i].to)) && v->u == cases[i].want &&
               (!cases[i].zero || ((z = sv_values_get(&s->vals, cases[i].zero)) && z->u == 0)),
           "%s %s %#llx: 0.11.1's %s is %#llx", cases[i].idstr, cases[i].field, (unsigned long long)cases[i].value,
           cases[i].to, (unsigned long long)cases[i].want);
        bu_stream_free(&y);
    }
    one_section = 0;
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    refusals();
    mce();
    carried();
    return 0;
}
