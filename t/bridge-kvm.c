/*
 * svtool convert between 0.12.3 and qemu-kvm-0.12.1.2, both ways, on the
 * real captures (t/real):
 *
 * - every capture of one converts with its command line to the other (the
 *   NIC the source made by default named: 0.12.3's e1000, qemu-kvm's
 *   rtl8139; 0.12.3's pc-0.12 is qemu-kvm's pc) and passes svtool check
 *   for the destination; each device section the destination's capture of
 *   the same configuration has comes out with that capture's version and
 *   length (what the destination itself wrote); each value both releases
 *   name is the source's, the destination's own fields 0.
 * - what the destination cannot hold is refused naming the field (no
 *   output), or dropped and listed with --force.
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

/* The next unused section idstr/instance (isapc has two isa-ide 0). */
static struct sec *take(struct stream *st, const char *idstr, uint32_t instance)
{
    for (int i = 0; i < st->n; i++)
        if (!st->s[i].used && strcmp(st->s[i].idstr, idstr) == 0 && st->s[i].instance == instance) {
            st->s[i].used = 1;
            return &st->s[i];
        }
    return NULL;
}

struct dir {
    const char *from, *to;              /* release names */
    const char *from_tag, *to_tag;      /* t/real directories */
    const char *from_nic, *to_nic;      /* default NICs (v0.12.3 hw/pc.c:1177, qemu-kvm hw/pc.c:1205) */
};

static const struct dir up = { "0.12", "qemu-kvm-0.12", "v0.12.3", "qemu-kvm-0.12.1.2", "e1000", "rtl8139" };
static const struct dir down = { "qemu-kvm-0.12", "0.12", "qemu-kvm-0.12.1.2", "v0.12.3", "rtl8139", "e1000" };

/* The source's command line without the capture's own options, and the
 * destination's: 0.12.3's pc-0.12 is qemu-kvm's pc; the source's default
 * NIC named. */
static void configs(const struct dir *d, const char *command, char *from, char *to, size_t len)
{
    const char *p = strstr(command, " -m ");
    const char *m;

    snprintf(from, len, "%s", p ? p + 1 : command);
    from[strcspn(from, "\n")] = 0;
    if ((m = strstr(from, " -hda")))
        from[m - from] = 0;
    if ((m = strstr(from, " -M pc-0.12")))
        snprintf(to, len, "%.*s -M pc%s", (int)(m - from), from, m + 11);
    else
        snprintf(to, len, "%s", from);
    if (!strstr(from, " -net ") && !strstr(from, "isapc"))
        snprintf(to + strlen(to), len - strlen(to), " -net nic,model=%s -net user", d->from_nic);
    /* TCG, as the tests run it: with KVM qemu-kvm would have kvmclock too */
    if (strstr(d->to, "kvm") && !strstr(to, "-no-kvm"))
        snprintf(to + strlen(to), len - strlen(to), " -no-kvm");
}

static void convert(const struct dir *d, const char *in, const char *out, const char *from_cfg, const char *to_cfg,
                    int force, struct su_run *r)
{
    const char *args[16];
    int n = 0;

    unlink(out);
    args[n++] = "convert";
    if (force)
        args[n++] = "--force";
    args[n++] = "--release";
    args[n++] = d->from;
    args[n++] = "--to";
    args[n++] = "legacy";
    args[n++] = "--to-release";
    args[n++] = d->to;
    if (!from_cfg)
        args[n++] = "--no-device-check";   /* a stream of the one edited section */
    if (from_cfg) {
        args[n++] = "--from-config";
        args[n++] = from_cfg;
        args[n++] = "--to-config";
        args[n++] = to_cfg;
    }
    args[n++] = in;
    args[n++] = out;
    args[n] = NULL;
    su_svtool_run(r, NULL, args);
}

static int zero_value(const struct sv_value *v)
{
    for (uint32_t k = 0; v->b && k < v->count; k++)
        if (v->b[k])
            return 0;
    for (uint32_t k = 0; v->a && k < v->count; k++)
        if (v->a[k])
            return 0;
    return v->b || v->a || v->u == 0;
}

static void captures(const struct dir *d, int want_min)
{
    char path[700], line[8192], from[8192], to[8192], rel[600];
    char *in = strdup(su_tpath("src.sv")), *out = strdup(su_tpath("out.sv")), *ref = strdup(su_tpath("ref.sv"));
    FILE *f;
    int header = 1, n = 0, converted = 0, checked = 0, secs = 0, shaped = 0, compared = 0, faithful = 0, all = 0,
        refusable = 0, refused = 0;

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        const char *check[] = { "check", "--release", d->to, out, NULL };
        struct stream a, b, c;
        struct su_run r;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header || k < COL_NCOLS || strcmp(col[COL_TAG], d->from_tag) != 0) {
            header = 0;
            continue;
        }
        n++;
        if (su_real_unpack(col[COL_FILE], in) < 0) {
            diag("%s: cannot unpack", col[COL_FILE]);
            continue;
        }
        configs(d, col[COL_COMMAND], from, to, sizeof from);
        convert(d, in, out, from, to, 0, &r);
        if (strstr(from, "isapc") || !strncmp(col[COL_CONFIG], "kvm-", 4)) {
            /* refused naming a section: isapc's isa-ide (not understood yet), with KVM on
             * kvm-tpr-opt or kvmclock (upstream has no such device) */
            r.err[strcspn(r.err, "\n")] = 0;
            refusable++;
            if (r.code == 1 && !su_file_exists(out) &&
                (strstr(r.err, "section \"isa-ide\" instance 0: release") ||
                 strstr(r.err, "section \"kvm-tpr-opt\" instance 0: release 0.12 has no device") ||
                 strstr(r.err, "section \"kvmclock\" instance 0: release 0.12 has no device")))
                refused++;
            else
                diag("%s: %s", col[COL_FILE], r.err);
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
        if (bu_load(in, d->from, &a) < 0 || bu_load(out, d->to, &b) < 0) {
            bu_stream_free(&a);
            continue;
        }
        /* values: by name, the source's; the destination's own fields 0 */
        for (int i = 0; i < b.n; i++) {
            struct sec *x = take(&a, b.s[i].idstr, b.s[i].instance);
            int good = x != NULL;

            all++;
            for (size_t v = 0; x && v < b.s[i].vals.n; v++) {
                const struct sv_value *y = &b.s[i].vals.v[v], *s = sv_values_get(&x->vals, y->name);

                if (s ? !bu_same_value(s, y) : !zero_value(y)) {
                    diag("%s: %s: %s is not the source's", col[COL_FILE], b.s[i].idstr, y->name);
                    good = 0;
                }
            }
            faithful += good;
        }
        /* shapes: the destination's own capture of the configuration */
        snprintf(rel, sizeof rel, "%s/%s", d->to_tag, strchr(col[COL_FILE], '/') + 1);
        if (su_real_unpack(rel, ref) == 0 && bu_load(ref, d->to, &c) == 0) {
            compared++;
            for (int i = 0; i < b.n; i++) {
                const struct sec *y = take(&c, b.s[i].idstr, b.s[i].instance), *x;

                if (!y)
                    continue;   /* a device the other release has by default */
                secs++;
                if (y->version == b.s[i].version && y->len == b.s[i].len)
                    shaped++;
                else if (d == &up && (!strcmp(y->idstr, "cpu") || !strcmp(y->idstr, "ioapic")) &&
                         (x = bu_find(&a, b.s[i].idstr, b.s[i].instance)) && x->version == b.s[i].version &&
                         x->len == b.s[i].len && !memcmp(x->body, b.s[i].body, x->len))
                    shaped++;   /* unchanged: the older version qemu-kvm's loader takes (cpu 3..12,
                                 * ioapic 1..2: qemu-kvm target-i386/machine.c, hw/ioapic.c) */
                else
                    diag("%s: %s v%u %zu bytes, %s's v%u %zu", col[COL_FILE], b.s[i].idstr, b.s[i].version, b.s[i].len,
                         d->to, y->version, y->len);
            }
            bu_stream_free(&c);
        }
        bu_stream_free(&a);
        bu_stream_free(&b);
    }
    fclose(f);
    ok(n >= want_min, "%s -> %s: the manifest lists the %s captures (%d)", d->from, d->to, d->from_tag, n);
    ok(refusable >= 4 && refused == refusable, "%s -> %s: isapc and KVM-on captures refused naming the section (%d of %d)",
       d->from, d->to, refused, refusable);
    is_int(converted, n - refusable, "%s -> %s: each other converts with its command line", d->from, d->to);
    is_int(checked, n - refusable, "%s -> %s: each result passes svtool check --release %s", d->from, d->to, d->to);
    ok(compared >= want_min - 10 && secs > 20 * compared, "%s -> %s: %d have a capture of theirs to compare with", d->from,
       d->to, compared);
    is_int(shaped, secs, "%s -> %s: their sections have the version and length %s wrote (%d)", d->from, d->to, d->to,
           secs);
    is_int(faithful, all, "%s -> %s: each value both name is the source's, the new ones 0 (%d sections)", d->from, d->to,
           all);
    free(in);
    free(out);
    free(ref);
}

/* A one-section stream: section idstr of capture with field set to value. */
static int edited(const char *release, const char *capture, const char *idstr, uint32_t instance, const char *field,
                  uint64_t value, const char *path)
{
    struct stream x;
    struct sec *s;
    struct sv_value *v;
    int rc;

    if (su_real_unpack(capture, path) < 0 || bu_load(path, release, &x) < 0 || !(s = take(&x, idstr, instance)))
        bail("%s: no %s", capture, idstr);
    if (!(v = (struct sv_value *)sv_values_get(&s->vals, field)))
        bail("%s: no %s", idstr, field);
    v->u = value;
    rc = bu_write_section(s, path);
    bu_stream_free(&x);
    return rc;
}

static void refusals(void)
{
    static const struct {
        const struct dir *d;
        const char *capture, *idstr;
        uint32_t instance;
        const char *field;
        uint64_t value;
        const char *want;
    } cases[] = {
        /* an IOAPIC elsewhere than 0xfec00000: upstream's is there */
        { &down, "qemu-kvm-0.12.1.2/i386/pc-running.sv.xz", "ioapic", 0, "base_address", 0xfed00000,
          "section \"ioapic\" instance 0: field \"base_address\": release 0.12 has no place for it, and its value 4275044352 is not 4273995776" },
        /* the in-kernel PIT's flags */
        { &down, "qemu-kvm-0.12.1.2/i386/pc-running.sv.xz", "i8254", 64, "flags", 1,
          "section \"i8254\" instance 64: field \"flags\": release 0.12 has no place for it" },
        /* a PIO transfer under way: qemu-kvm's drive keeps none */
        { &up, "v0.12.3/i386/pc-running.sv.xz", "ide", 0, "bus[0].ifs[0].cur_io_buffer_len", 512,
          "section \"ide\" instance 0: field \"bus[0].ifs[0].cur_io_buffer_len\": release qemu-kvm-0.12 keeps no transfer in progress" },
    };
    char *in = strdup(su_tpath("e.sv")), *out = strdup(su_tpath("f.sv"));

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct su_run r;

        if (edited(cases[i].d->from, cases[i].capture, cases[i].idstr, cases[i].instance, cases[i].field, cases[i].value,
                   in) < 0) {
            ok(0, "%s: edited", cases[i].idstr);
            continue;
        }
        convert(cases[i].d, in, out, NULL, NULL, 0, &r);
        r.err[strcspn(r.err, "\n")] = 0;
        ok(r.code == 1 && strstr(r.err, cases[i].want) && !su_file_exists(out),
           "%s -> %s: %s %s: refused naming it, no output (%s)", cases[i].d->from, cases[i].d->to, cases[i].idstr,
           cases[i].field, r.err);
        su_run_free(&r);
        convert(cases[i].d, in, out, NULL, NULL, 1, &r);
        ok(r.code == 0 && strstr(r.err, "dropped") && su_file_exists(out), "with --force it is dropped and listed");
        su_run_free(&r);
    }
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures(&up, 100);
    captures(&down, 100);
    refusals();
    return 0;
}
