/*
 * svtool convert --release 0.11 --to-release 0.10 (the downgrade) on the
 * real captures (t/real):
 *
 * - every 0.11.1 capture converts with its command line (a pc-0.10 or
 *   pc-0.11 machine becomes 0.10.6's pc) and passes svtool check
 *   --release 0.10; where 0.10.6 has a capture of the same configuration,
 *   the converted device sections have its sections' names, versions and
 *   lengths (what 0.10.6 itself wrote); each value both releases know by
 *   name is the source's, the moved ones as 0.10.6 keeps them (a queue's
 *   page frame, the I/O base from BAR 0).
 * - expected bytes from real 0.10.6 captures: a 0.11.1 -M pc-0.10 paused
 *   snapshot, converted, has 0.10.6 -M pc's paused cpu, ide and
 *   virtio-balloon sections byte for byte (i386 and x86_64, whose cpu has
 *   MCE in 0.11.1 only); a converted virtio-net (MSI-X in 0.11.1) has
 *   0.10.6's PCI config space and I/O base.
 * - what 0.10.6 cannot hold is refused naming the field (no output), or
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

/* "-M pc-0.10" / "-M pc-0.11" -> "-M pc": 0.10.6 has pc and isapc only */
static void dest_config(const char *cmd, char *out, size_t len)
{
    const char *m = strstr(cmd, " -M pc-0.1");

    if (m)
        snprintf(out, len, "%.*s -M pc%s", (int)(m - cmd), cmd, m + 11);
    else
        snprintf(out, len, "%s", cmd);
}

/* set while converting a stream of the one edited section (edited()): no
 * configuration has just its devices */
static int one_section;

static void convert(const char *in, const char *out, const char *cmd, int force, struct su_run *r)
{
    char to[8192];
    const char *args[16];
    int n = 0;

    unlink(out);
    args[n++] = "convert";
    if (force)
        args[n++] = "--force";
    if (one_section)
        args[n++] = "--no-device-check";
    args[n++] = "--release";
    args[n++] = "0.11";
    args[n++] = "--to";
    args[n++] = "legacy";
    args[n++] = "--to-release";
    args[n++] = "0.10";
    if (cmd) {
        dest_config(cmd, to, sizeof to);
        args[n++] = "--from-config";
        args[n++] = cmd;
        args[n++] = "--to-config";
        args[n++] = to;
    }
    args[n++] = in;
    args[n++] = out;
    args[n] = NULL;
    su_svtool_run(r, NULL, args);
}

static uint64_t le32_at(const struct sv_value *v, unsigned off)
{
    return v && v->b && v->count >= off + 4
               ? (uint64_t)v->b[off] | (uint64_t)v->b[off + 1] << 8 | (uint64_t)v->b[off + 2] << 16 |
                     (uint64_t)v->b[off + 3] << 24
               : ~0ull;
}

/*
 * A converted value: the source's of the same name, or where 0.10.6 keeps
 * it otherwise (v0.10.6 hw/virtio.c virtio_save: a queue's pfn, which
 * 0.11.1's virtio_load turns into pa = pfn << 12; addr, the I/O base
 * virtio_map took from BAR 0), or a field 0.10.6 has and 0.11.1 has not at
 * its default.  The virtio config space is checked against 0.10.6's own
 * capture (against_010).
 */
static int value_ok(const struct sv_values *src, const struct sv_value *v)
{
    const struct sv_value *s = sv_values_get(src, v->name);
    unsigned q;
    int end = 0;
    char name[128];

    if (!strcmp(v->name, "virtio.pci.config") || !strcmp(v->name, "virtio.config") ||
        !strcmp(v->name, "virtio.config_len"))
        return 1;
    if (!strcmp(v->name, "virtio.addr"))
        return v->u == (le32_at(sv_values_get(src, "virtio.pci_config"), 0x10) & ~3ull);
    if (!strcmp(v->name, "virtio.pci.version"))
        return (s = sv_values_get(src, "virtio.pci_version")) && s->u == v->u;
    if (!strcmp(v->name, "virtio.pci.irq_state"))
        return (s = sv_values_get(src, "virtio.pci_irq_state")) && bu_same_value(s, v);
    if (sscanf(v->name, "virtio.queue[%u].pfn%n", &q, &end) == 1 && end && !v->name[end]) {
        snprintf(name, sizeof name, "virtio.queue[%u].pa", q);
        return (s = sv_values_get(src, name)) && s->u == v->u << 12;
    }
    if (s)
        return bu_same_value(s, v);
    return sv_desc_value_is_default(v);
}

/* The 0.10.6 capture of a 0.11.1 capture's configuration (same name; a
 * pc-0.10 / pc-0.11 machine is 0.10.6's pc). */
static int ref_010(const char *file, const char *out)
{
    char rel[512];
    const char *base = strrchr(file, '/') + 1;

    if (!strncmp(base, "M-pc-0.1", 8))
        snprintf(rel, sizeof rel, "v0.10.6/%.*s/pc-%s", (int)(base - file - 9), file + 8, strchr(base + 8, '-') + 1);
    else
        snprintf(rel, sizeof rel, "v0.10.6/%s", file + 8);
    return su_real_unpack(rel, out);
}

/* Do a's device sections have b's names, versions and lengths (in any order)? */
static int same_sections(const struct stream *a, const struct stream *b, const char *label)
{
    /* but the apic: 0.10.6's pc makes one always (v0.10.6 hw/pc.c:838-840),
     * 0.11.1's only with CPUID_APIC (v0.11.1 hw/pc.c:1093-1096; not with
     * -cpu 486 or the pentiums), and a section the stream lacks leaves the
     * loader's device as it is */
    int good = a->n == b->n || (a->n + 1 == b->n && !bu_find(a, "apic", 0) && bu_find(b, "apic", 0));

    if (!good)
        diag("%s: %d device sections, 0.10.6's capture %d", label, a->n, b->n);

    for (int i = 0; i < a->n; i++) {
        const struct sec *x = &a->s[i], *y = bu_find(b, x->idstr, x->instance);

        if (!y || y->version != x->version || y->len != x->len) {
            diag("%s: %s/%u v%u %zu bytes; 0.10.6's: v%u %zu bytes", label, x->idstr, x->instance, x->version, x->len,
                 y ? y->version : 0, y ? y->len : 0);
            good = 0;
        }
    }
    return good;
}

static void captures(void)
{
    char path[700], line[8192];
    char *in = strdup(su_tpath("src.sv")), *out = strdup(su_tpath("out.sv")), *ref = strdup(su_tpath("ref.sv"));
    FILE *f;
    int header = 1, n = 0, converted = 0, checked = 0, compared = 0, shaped = 0, sections = 0, faithful = 0,
        isapc = 0, refused = 0, noapic = 0, noapic_refused = 0;

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        const char *check[] = { "check", "--release", "0.10", out, NULL };
        struct stream a, b, c;
        struct su_run r;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header || k < COL_NCOLS || strcmp(col[COL_RELEASE], "0.11") != 0) {
            header = 0;
            continue;
        }
        n++;
        if (su_real_unpack(col[COL_FILE], in) < 0) {
            diag("%s: cannot unpack", col[COL_FILE]);
            continue;
        }
        convert(in, out, col[COL_COMMAND], 0, &r);
        if (strstr(col[COL_COMMAND], "-M isapc")) {
            /* 0.11.1's isapc has an APIC, 0.10.6's none (v0.10.6 hw/pc.c:838-840) */
            isapc++;
            refused += r.code == 1 && strstr(r.err, "section \"apic\" instance 0: release 0.10 cannot take") &&
                       !su_file_exists(out);
            su_run_free(&r);
            continue;
        }
        if (strstr(col[COL_COMMAND], "-cpu 486") || strstr(col[COL_COMMAND], "-cpu pentium")) {
            /* 0.11.1 makes no APIC for them, 0.10.6 one whenever there is PCI
             * (v0.11.1 hw/pc.c:1093, v0.10.6 hw/pc.c:839-840): a device without state */
            noapic++;
            noapic_refused += r.code == 1 && strstr(r.err, "device \"apic\" instance 0: release 0.10 would have it") &&
                              !su_file_exists(out);
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
        if (bu_load(in, "0.11", &a) < 0 || bu_load(out, "0.10", &b) < 0) {
            bu_stream_free(&a);
            continue;
        }
        if (ref_010(col[COL_FILE], ref) == 0 && bu_load(ref, "0.10", &c) == 0) {
            compared++;
            shaped += same_sections(&b, &c, col[COL_FILE]);
            bu_stream_free(&c);
        }
        for (int i = 0; i < b.n; i++) {
            const struct sec *x = bu_find(&a, b.s[i].idstr, b.s[i].instance);
            int good = x != NULL;

            sections++;
            for (size_t v = 0; x && v < b.s[i].vals.n; v++)
                if (!value_ok(&x->vals, &b.s[i].vals.v[v])) {
                    diag("%s: %s: %s is not the source's", col[COL_FILE], b.s[i].idstr, b.s[i].vals.v[v].name);
                    good = 0;
                }
            faithful += good;
        }
        bu_stream_free(&a);
        bu_stream_free(&b);
    }
    fclose(f);
    ok(n >= 100, "the manifest lists the 0.11.1 captures (%d)", n);
    ok(isapc >= 4 && refused == isapc, "the -M isapc ones are refused naming their apic section (%d of %d)", refused,
       isapc);
    ok(noapic >= 16 && noapic_refused == noapic, "the -cpu 486 and pentium ones are refused naming the apic 0.10.6 "
       "would have without its state (%d of %d)", noapic_refused, noapic);
    is_int(converted, n - isapc - noapic, "each other converts to 0.10 with its command line");
    is_int(checked, n - isapc - noapic, "each result passes svtool check --release 0.10");
    ok(compared >= 80, "0.10.6 has a capture of the configuration of %d of them", compared);
    is_int(shaped, compared, "their device sections have 0.10.6's names, versions and lengths");
    is_int(faithful, sections, "each value both releases know is the source's (%d sections)", sections);
    free(in);
    free(out);
    free(ref);
}

/* Section idstr of file converted (or of a 0.10.6 capture) equals byte for byte. */
static void against_010(void)
{
    static const char *const targets[] = { "i386", "x86_64" };
    static const char *const same[] = { "cpu", "ide", "virtio-balloon", "cpu_common", NULL };
    char *in = strdup(su_tpath("a.sv")), *out = strdup(su_tpath("b.sv")), *ref = strdup(su_tpath("c.sv"));

    for (int t = 0; t < 2; t++) {
        char a[128], c[128];
        struct stream x, y;
        struct su_run r;

        snprintf(a, sizeof a, "v0.11.1/%s/M-pc-0.10-paused.sv.xz", targets[t]);
        snprintf(c, sizeof c, "v0.10.6/%s/pc-paused.sv.xz", targets[t]);
        if (su_real_unpack(a, in) < 0 || su_real_unpack(c, ref) < 0)
            bail("%s: captures missing", targets[t]);
        convert(in, out, "-m 128 -M pc-0.10", 0, &r);
        su_run_free(&r);
        bu_load(out, "0.10", &x);
        bu_load(ref, "0.10", &y);
        for (int k = 0; same[k]; k++) {
            const struct sec *s1 = bu_find(&x, same[k], 0), *s2 = bu_find(&y, same[k], 0);

            ok(s1 && s2 && s1->version == s2->version && s1->len == s2->len && !memcmp(s1->body, s2->body, s1->len),
               "%s: a 0.11.1 -M pc-0.10 paused %s, converted, is the one 0.10.6 -M pc saves", targets[t], same[k]);
        }
        bu_stream_free(&x);
        bu_stream_free(&y);

        snprintf(a, sizeof a, "v0.11.1/%s/nic-virtio-paused.sv.xz", targets[t]);
        snprintf(c, sizeof c, "v0.10.6/%s/nic-virtio-paused.sv.xz", targets[t]);
        if (su_real_unpack(a, in) < 0 || su_real_unpack(c, ref) < 0)
            bail("%s: captures missing", targets[t]);
        convert(in, out, NULL, 0, &r);
        su_run_free(&r);
        bu_load(out, "0.10", &x);
        bu_load(ref, "0.10", &y);
        {
            const struct sec *s1 = bu_find(&x, "virtio-net", 0), *s2 = bu_find(&y, "virtio-net", 0);
            int good = s1 && s2 && s1->vals.n == s2->vals.n;

            /* every value but the control queue's size: 0.11.1 makes it 64
             * (v0.11.1 hw/virtio-net.c:729), 0.10.6 16 (v0.10.6
             * hw/virtio-net.c:612); the guest's ring keeps the source's */
            for (size_t k = 0; good && k < s1->vals.n; k++) {
                const struct sv_value *v1 = &s1->vals.v[k], *v2 = sv_values_get(&s2->vals, v1->name);

                if (!strcmp(v1->name, "virtio.queue[2].num"))
                    good = v1->u == 64 && v2 && v2->u == 16;
                else if (!v2 || !bu_same_value(v1, v2))
                    good = 0;
                if (!good)
                    diag("%s: %s differs", targets[t], v1->name);
            }
            ok(good, "%s: a converted 0.11.1 virtio-net (MSI-X) is 0.10.6's: config space without the capability, I/O base",
               targets[t]);
        }
        bu_stream_free(&x);
        bu_stream_free(&y);
    }
    free(in);
    free(out);
    free(ref);
}

/* A one-section stream of capture's idstr with field set to value
 * (a byte array: byte 0 set), in path; 0 on success. */
static int edited(const char *capture, const char *idstr, const char *field, uint64_t value, uint64_t or_mask,
                  const char *path)
{
    struct stream x;
    const struct sec *s;
    struct sv_value *v;
    int rc;

    if (su_real_unpack(capture, path) < 0 || bu_load(path, "0.11", &x) < 0 || !(s = bu_find(&x, idstr, 0)))
        bail("%s: no %s", capture, idstr);
    if (!(v = (struct sv_value *)sv_values_get(&s->vals, field)))
        bail("%s: no %s", idstr, field);
    if (v->b)
        v->b[0] = (uint8_t)value;
    else
        v->u = or_mask ? v->u | or_mask : value;
    rc = bu_write_section(s, path);
    bu_stream_free(&x);
    return rc;
}

static void refusals(void)
{
    static const struct {
        const char *capture, *idstr, *field;
        uint64_t value, or_mask;
        const char *want;
    } cases[] = {
        /* KVM's state (v0.11.1 target-i386/kvm.c): an interrupt pending in
         * its bitmap, a vcpu not runnable */
        { "v0.11.1/i386/pc-running.sv.xz", "cpu", "pending_irq", 32, 0,
          "section \"cpu\" instance 0: field \"pending_irq\": release 0.10 has no place for it, and its value 32 is not -1" },
        { "v0.11.1/i386/pc-running.sv.xz", "cpu", "mp_state", 3, 0, "field \"mp_state\": release 0.10 has no place" },
        /* a machine check raised (v0.11.1 target-i386/op_helper.c:3136-3149) */
        { "v0.11.1/x86_64/pc-running.sv.xz", "cpu", "mcg_status", 1, 0, "field \"mcg_status\": release 0.10 has no place" },
        { "v0.11.1/x86_64/pc-running.sv.xz", "cpu", "mce_banks[3].status", 0x8000000000000000ull, 0,
          "field \"mce_banks[3].status\": release 0.10 has no place" },
        { "v0.11.1/x86_64/pc-running.sv.xz", "cpu", "mcg_ctl", 0, 0, "field \"mcg_ctl\": release 0.10 has no place" },
        /* a media change the guest has not seen */
        { "v0.11.1/i386/pc-running.sv.xz", "ide", "drive[2].cdrom_changed", 1, 0,
          "section \"ide\" instance 0: field \"drive[2].cdrom_changed\": release 0.10 has no place" },
        /* MSI-X in use: enabled (PCI_MSIX_FLAGS_ENABLE), a vector given, a table entry written */
        { "v0.11.1/i386/nic-virtio-running.sv.xz", "virtio-net", "virtio.pci_msix_flags", 0, 0x8000,
          "section \"virtio-net\" instance 0: field \"virtio.pci_msix_flags\": release 0.10 has no place" },
        { "v0.11.1/i386/nic-virtio-running.sv.xz", "virtio-net", "virtio.msix.config_vector", 0, 0,
          "field \"virtio.msix.config_vector\": release 0.10 has no place for it, and its value 0 is not 65535" },
        { "v0.11.1/i386/nic-virtio-running.sv.xz", "virtio-net", "virtio.queue[1].vector", 1, 0,
          "field \"virtio.queue[1].vector\": release 0.10 has no place" },
        { "v0.11.1/i386/nic-virtio-running.sv.xz", "virtio-net", "virtio.msix.table[1].entry", 0xfe, 0,
          "field \"virtio.msix.table[1].entry\": release 0.10 has no place for it, and its bytes are not 0" },
        { "v0.11.1/i386/nic-virtio-running.sv.xz", "virtio-net", "virtio.msix.pending0", 4, 0,
          "field \"virtio.msix.pending0\": release 0.10 has no place" },
    };
    char *in = strdup(su_tpath("e.sv")), *out = strdup(su_tpath("f.sv"));

    one_section = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct su_run r;

        if (edited(cases[i].capture, cases[i].idstr, cases[i].field, cases[i].value, cases[i].or_mask, in) < 0) {
            ok(0, "%s: %s edited", cases[i].idstr, cases[i].field);
            continue;
        }
        convert(in, out, NULL, 0, &r);
        r.err[strcspn(r.err, "\n")] = 0;
        ok(r.code == 1 && strstr(r.err, cases[i].want) && !su_file_exists(out),
           "%s %s not where 0.10.6 has it: refused naming it, no output (%s)", cases[i].idstr, cases[i].field, r.err);
        su_run_free(&r);
        convert(in, out, NULL, 1, &r);
        if (!ok(r.code == 0 && strstr(r.err, cases[i].field) && strstr(r.err, "dropped") && su_file_exists(out),
                "with --force it is dropped and listed"))
            diag("%s: %s%s", su_run_status(&r), r.err, r.out);
        su_run_free(&r);
    }
    free(in);
    free(out);
}

/* A ring the guest set up: 0.11.1 keeps its address, pfn << 12
 * (v0.11.1 hw/virtio-pci.c:76, VIRTIO_PCI_QUEUE_ADDR_SHIFT); 0.10.6 the
 * page frame (v0.10.6 hw/virtio.c:810 shifts it back). */
static void ring_address(void)
{
    char *in = strdup(su_tpath("r.sv")), *out = strdup(su_tpath("r-out.sv"));
    struct stream y;
    struct su_run r;
    const struct sec *s;
    const struct sv_value *pfn;

    one_section = 1;
    if (edited("v0.11.1/i386/pc-paused.sv.xz", "virtio-balloon", "virtio.queue[1].pa", 0x1234000, 0, in) < 0)
        bail("no balloon");
    convert(in, out, NULL, 0, &r);
    su_run_free(&r);
    ok(bu_load(out, "0.10", &y) == 0 && (s = bu_find(&y, "virtio-balloon", 0)) &&
           (pfn = sv_values_get(&s->vals, "virtio.queue[1].pfn")) && pfn->u == 0x1234 &&
           sv_values_get(&s->vals, "virtio.queue[0].pfn")->u == 0,
       "a queue's address 0x1234000 becomes its page frame 0x1234");
    bu_stream_free(&y);
    if (edited("v0.11.1/i386/pc-paused.sv.xz", "virtio-balloon", "virtio.queue[1].pa", 0x1234800, 0, in) < 0)
        bail("no balloon");
    convert(in, out, NULL, 0, &r);
    r.err[strcspn(r.err, "\n")] = 0;
    ok(r.code == 1 && strstr(r.err, "field \"virtio.queue[1].pa\": cannot be shifted") && !su_file_exists(out),
       "an address off a page is refused naming it (%s)", r.err);
    su_run_free(&r);
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    against_010();
    refusals();
    ring_address();
    return 0;
}
