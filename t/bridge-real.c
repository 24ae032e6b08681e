/*
 * svtool convert --release 0.10 --to-release 0.11 on the real captures
 * (t/real, scrubbed RAM): each 0.10.6 capture converts with its recorded
 * command line as --from-config, the result passes `svtool check --release
 * 0.11`, its ram section announces what the 0.11.1 capture of the same
 * configuration announces, and each device section either holds the
 * source's bytes and version or was translated as its bridge declares
 * (same-named values equal, moved values as the mapping says, new fields
 * at their defaults).
 *
 * Expected bytes from real 0.11.1 captures: the virtio-balloon section of
 * a 0.10.6 `-M pc` paused capture, converted, is byte for byte the one
 * 0.11.1 `-M pc-0.10` saved paused; a converted virtio-net for `-M pc`
 * carries the MSI-X capability bytes 0.11.1's own virtio-net has.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge-util.h"
#include "bridge.h"
#include "interp.h"
#include "svtool-util.h"
#include "sv-walk.h"
#include "tap.h"

static int pat_match(const char *pat, const char *name)
{
    while (*pat) {
        if (pat[0] == '[' && pat[1] == ']') {
            if (*name++ != '[')
                return 0;
            while (*name >= '0' && *name <= '9')
                name++;
            if (*name != ']')
                return 0;
            pat++;
            pat++;
            name++;
        } else if (*pat++ != *name++) {
            return 0;
        }
    }
    return !*name;
}

/* The name of the source value the move to `name` came from, with the index. */
static const struct sv_value *moved_from(const struct sv_values *src, const struct sv_desc_move *m, const char *name)
{
    char buf[256];
    const char *br = strchr(name, '[');

    if (!strstr(m->from, "[]"))
        return sv_values_get(src, m->from);
    /* "virtio.queue[].pfn" with the index of "virtio.queue[2].pa" */
    snprintf(buf, sizeof buf, "%.*s%.*s%s", (int)(strstr(m->from, "[]") - m->from), m->from,
             br ? (int)(strchr(br, ']') - br + 1) : 0, br ? br : "", strstr(m->from, "[]") + 2);
    return sv_values_get(src, buf);
}

/* Is dst's value v what the declared moves make of src (facts: none set, or MSI-X)? */
static int as_declared(const struct sv_values *src, const struct sv_value *v, const struct sv_desc_move *mv)
{
    const struct sv_value *s = sv_values_get(src, v->name);

    /* set from the destination's facts (MSI-X): against_011 compares these
     * with 0.11.1's own */
    for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++)
        if (!m->from && pat_match(m->to, v->name))
            return 1;
    for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++) {
        const struct sv_value *f;

        if (!m->to || !pat_match(m->to, v->name))
            continue;
        if (!(f = moved_from(src, m, v->name)))
            return 0;
        switch (m->op) {
        case SV_MV_RENAME:
            return f->count == v->count && (f->b ? !memcmp(f->b, v->b, f->count) : f->a ? !memcmp(f->a, v->a, f->count * sizeof *f->a) : f->u == v->u);
        case SV_MV_SHIFT:
            return v->u == f->u << m->arg;
        case SV_MV_SLICE:
            if (m->as_int) {
                uint64_t x = 0;

                for (uint32_t k = 0; k < m->len; k++)
                    x = m->le ? x | (uint64_t)f->b[m->off + k] << (8 * k) : x << 8 | f->b[m->off + k];
                return v->u == x;
            }
            return v->count == m->len && !memcmp(v->b, f->b + m->off, m->len);
        }
    }
    if (s)      /* kept its name */
        return s->count == v->count && (s->b ? !memcmp(s->b, v->b, s->count) : s->a ? !memcmp(s->a, v->a, s->count * sizeof *s->a) : s->u == v->u);
    return sv_desc_value_is_default(v);     /* a field the destination adds */
}

/* A stream of a few sections, not a whole machine's: no device check. */
static int partial;

static void convert(const char *in, const char *out, const char *from_cfg, const char *to_cfg, struct su_run *r)
{
    const char *args[16];
    int n = 0;

    unlink(out);
    args[n++] = "convert";
    if (partial)
        args[n++] = "--no-device-check";
    args[n++] = "--release";
    args[n++] = "0.10";
    args[n++] = "--to";
    args[n++] = "legacy";
    args[n++] = "--to-release";
    args[n++] = "0.11";
    if (from_cfg) {
        args[n++] = "--from-config";
        args[n++] = from_cfg;
    }
    if (to_cfg) {
        args[n++] = "--to-config";
        args[n++] = to_cfg;
    }
    args[n++] = in;
    args[n++] = out;
    args[n] = NULL;
    su_svtool_run(r, NULL, args);
}

/* The 0.11.1 capture of the same target, configuration and state. */
static uint64_t size_011(char **col)
{
    char rel[512], *p = strdup(su_tpath("same-011.sv"));
    struct stream st;
    uint64_t size = 0;

    snprintf(rel, sizeof rel, "v0.11.1/%s", strchr(col[COL_FILE], '/') + 1);
    st.n = 0;       /* freed below even when nothing was read */
    if (su_real_unpack(rel, p) == 0 && bu_load(p, "0.11", &st) == 0)
        size = st.mem_size;
    bu_stream_free(&st);
    free(p);
    return size;
}

/*
 * 0.10.6 makes an APIC whenever the machine has PCI (v0.10.6 hw/pc.c:839-840),
 * 0.11.1 only for a CPU with CPUID_APIC or -smp > 1 (v0.11.1 hw/pc.c:1093;
 * 486 and the Pentiums have none, target-i386/helper.c:107-117): a 0.10.6
 * apic section has no device on 0.11.1 with those CPUs, and 0.11.1 isapc
 * (qemu32) has an APIC 0.10.6 isapc never saved.  Refused, naming it.
 */
static const char *const apic_refused[] = { "cpu-486", "cpu-pentium", "cpu-pentium2", "cpu-pentium3", "M-isapc", NULL };

static void one(char **col, int *converted, int *checked, int *sized, int *sections, int *faithful, int *asis,
                int *translated)
{
    char *in = strdup(su_tpath("src.sv")), *out = strdup(su_tpath("out.sv"));
    const struct sv_release *from = sv_release_find("0.10"), *to = sv_release_find("0.11");
    const char *check[] = { "check", "--release", "0.11", out, NULL };
    struct stream a, b;
    struct su_run r;
    uint64_t want;

    if (su_real_unpack(col[COL_FILE], in) < 0) {
        diag("%s: cannot unpack", col[COL_FILE]);
        goto out;
    }
    convert(in, out, col[COL_COMMAND], NULL, &r);
    for (const char *const *c = apic_refused; *c; c++)
        if (strcmp(col[COL_CONFIG], *c) == 0) {
            if (r.code == 1 && strstr(r.err, "\"apic\" instance 0: release 0.11 would have") && !su_file_exists(out))
                ++*converted;
            else
                diag("%s: not refused at apic: %s", col[COL_FILE], r.err);
            su_run_free(&r);
            goto out;
        }
    if (r.code) {
        diag("%s: %s", col[COL_FILE], r.err);
        su_run_free(&r);
        goto out;
    }
    su_run_free(&r);
    ++*converted;
    su_svtool_run(&r, NULL, check);
    *checked += r.code == 0;
    if (r.code)
        diag("%s: check: %s", col[COL_FILE], r.err);
    su_run_free(&r);
    if (bu_load(in, "0.10", &a) < 0 || bu_load(out, "0.11", &b) < 0 || a.n != b.n) {
        diag("%s: cannot read both streams", col[COL_FILE]);
        goto out2;
    }
    want = size_011(col);
    if (want && want == b.mem_size)
        ++*sized;
    else
        diag("%s: announces %#llx, the 0.11.1 capture %#llx", col[COL_FILE], (unsigned long long)b.mem_size,
             (unsigned long long)want);
    for (int i = 0; i < a.n; i++) {
        struct sec *x = &a.s[i], *y = &b.s[i];
        int as_is, good = 1;
        const struct sv_desc_move *mv = sv_bridge_moves(from, to, x->idstr, &as_is);
        const struct sv_desc *sd = sv_desc_find("0.10", x->target, x->idstr, x->version);
        const struct sv_desc *dd = sv_desc_find("0.11", x->target, x->idstr, x->version);

        ++*sections;
        if (strcmp(x->idstr, y->idstr) || x->instance != y->instance) {
            diag("%s: section %d: %s/%u became %s/%u", col[COL_FILE], i, x->idstr, x->instance, y->idstr,
                 y->instance);
            continue;
        }
        if (x->version == y->version && x->len == y->len && !memcmp(x->body, y->body, x->len)) {
            /* unchanged: the destination reads it as written (declared, or one table) */
            if (dd && (as_is || (!mv && dd == sd))) {
                ++*faithful;
                ++*asis;
            } else {
                diag("%s: %s crossed unchanged without a declaration", col[COL_FILE], x->idstr);
            }
            continue;
        }
        if (as_is || (!mv && dd == sd)) {
            diag("%s: %s declared unchanged but changed", col[COL_FILE], x->idstr);
            continue;
        }
        for (size_t k = 0; k < y->vals.n; k++)
            if (!as_declared(&x->vals, &y->vals.v[k], mv)) {
                diag("%s: %s: %s not as declared", col[COL_FILE], x->idstr, y->vals.v[k].name);
                good = 0;
            }
        *faithful += good;
        *translated += good;
    }
out2:
    bu_stream_free(&a);
    bu_stream_free(&b);
out:
    free(in);
    free(out);
}

static void captures(void)
{
    char path[700], line[8192];
    FILE *f;
    int header = 1, n = 0, converted = 0, checked = 0, sized = 0, sections = 0, faithful = 0, asis = 0,
        translated = 0;

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header || k < COL_NCOLS || strcmp(col[COL_RELEASE], "0.10") != 0) {
            header = 0;
            continue;
        }
        n++;
        one(col, &converted, &checked, &sized, &sections, &faithful, &asis, &translated);
    }
    fclose(f);
    ok(n >= 100, "the manifest lists the 0.10.6 captures (%d)", n);
    is_int(converted, n, "each converts to 0.11 with its command line as --from-config, or is refused at the apic");
    is_int(checked, n - 20, "each result passes svtool check --release 0.11");
    is_int(sized, n - 20, "each result's ram section announces what 0.11.1's capture of that configuration does");
    is_int(faithful, sections, "each device section unchanged where declared so, else translated as declared (%d sections)",
           sections);
    ok(asis > 0 && translated > 0, "both kinds occur (%d unchanged, %d translated)", asis, translated);
}

/* A FULL section's body by idstr. */
static const struct sec *find(const struct stream *st, const char *idstr)
{
    for (int i = 0; i < st->n; i++)
        if (strcmp(st->s[i].idstr, idstr) == 0)
            return &st->s[i];
    return NULL;
}

static void against_011(void)
{
    static const char *const targets[] = { "i386", "x86_64" };
    char *in = strdup(su_tpath("a.sv")), *out = strdup(su_tpath("b.sv")), *ref = strdup(su_tpath("c.sv"));

    for (int t = 0; t < 2; t++) {
        char a[128], c[128];
        struct stream x, y;
        struct su_run r;
        const struct sec *s1, *s2;

        snprintf(a, sizeof a, "v0.10.6/%s/pc-paused.sv.xz", targets[t]);
        snprintf(c, sizeof c, "v0.11.1/%s/M-pc-0.10-paused.sv.xz", targets[t]);
        if (su_real_unpack(a, in) < 0 || su_real_unpack(c, ref) < 0) {
            ok(0, "%s: captures missing", targets[t]);
            continue;
        }
        convert(in, out, NULL, "-M pc-0.10 -balloon virtio", &r);
        su_run_free(&r);
        bu_load(out, "0.11", &x);
        bu_load(ref, "0.11", &y);
        s1 = find(&x, "virtio-balloon");
        s2 = find(&y, "virtio-balloon");
        ok(s1 && s2 && s1->version == s2->version && s1->len == s2->len && !memcmp(s1->body, s2->body, s1->len),
           "%s: a 0.10.6 paused virtio-balloon, converted, is the one 0.11.1 -M pc-0.10 saves", targets[t]);
        bu_stream_free(&x);
        bu_stream_free(&y);

        snprintf(a, sizeof a, "v0.10.6/%s/nic-virtio-paused.sv.xz", targets[t]);
        snprintf(c, sizeof c, "v0.11.1/%s/nic-virtio-paused.sv.xz", targets[t]);
        if (su_real_unpack(a, in) < 0 || su_real_unpack(c, ref) < 0) {
            ok(0, "%s: captures missing", targets[t]);
            continue;
        }
        convert(in, out, "-m 128 -net nic,model=virtio", NULL, &r);
        su_run_free(&r);
        bu_load(out, "0.11", &x);
        bu_load(ref, "0.11", &y);
        s1 = find(&x, "virtio-net");
        s2 = find(&y, "virtio-net");
        {
            /* the config space (as 0.11.1's pci_device_load compares it) and the MSI-X table and pending bits */
            static const char *const same[] = {
                "virtio.pci_config", "virtio.pci_cap_list", "virtio.pci_config_35", "virtio.pci_cap_id",
                "virtio.pci_cap_next", "virtio.pci_msix_flags", "virtio.pci_config_44",
                "virtio.msix.table0", "virtio.msix.table[1].entry", "virtio.msix.pending0",
                "virtio.msix.config_vector", "mac", NULL,
            };
            int good = s1 && s2;

            for (int k = 0; good && same[k]; k++) {
                const struct sv_value *v1 = sv_values_get(&s1->vals, same[k]), *v2 = sv_values_get(&s2->vals, same[k]);

                if (!v1 || !v2 || v1->count != v2->count ||
                    (v1->b ? memcmp(v1->b, v2->b, v1->count) != 0 : v1->u != v2->u)) {
                    diag("%s: %s differs", targets[t], same[k]);
                    good = 0;
                }
            }
            ok(good, "%s: a converted 0.10.6 virtio-net has 0.11.1 -M pc's PCI config and MSI-X state", targets[t]);
        }
        bu_stream_free(&x);
        bu_stream_free(&y);
    }
    free(in);
    free(out);
    free(ref);
}

static void refusals(void)
{
    char *in = strdup(su_tpath("a.sv")), *out = strdup(su_tpath("b.sv"));
    struct su_run r;

    if (su_real_unpack("v0.10.6/i386/pc-running.sv.xz", in) < 0)
        bail("no capture");
    convert(in, out, NULL, "-m 256", &r);
    ok(r.code == 2 && strstr(r.err, "128 MiB of RAM, the destination 256") && !su_file_exists(out),
       "a destination -m other than the source's is refused, no output (%s)", r.err);
    su_run_free(&r);
    convert(in, out, "-m 64", NULL, &r);
    ok(r.code != 0 && strstr(r.err, "announces 146800640") && !su_file_exists(out),
       "a --from-config that does not give the announced size is refused (%s)", r.err);
    su_run_free(&r);
    convert(in, out, "-m 128 -kernel bzImage", NULL, &r);
    ok(r.code == 2 && strstr(r.err, "-kernel") && !su_file_exists(out), "an unmodelled option is refused (%s)", r.err);
    su_run_free(&r);
    convert(in, out, "-m 128 -M isapc", "-M pc", &r);
    ok(r.code == 0, "a configuration with the same layout converts (-M isapc has pc's layout)");
    su_run_free(&r);

    free(in);
    free(out);
}

/* A page that has no place in the destination and is not zero. */
static void ram_refusal(void)
{
    char *in = strdup(su_tpath("ram.sv")), *out = strdup(su_tpath("ram-out.sv"));
    struct su_buf b = { 0 };
    struct su_run r;
    const char *args[] = { "convert", "--release", "0.10", "--to", "legacy", "--to-release", "0.11", in, out, NULL };

    /* 0.10.6 -m 128: the reserve starts at 0x8830000 (ramlayout.t) */
    su_header(&b);
    su_ram_start(&b, 2, 0x8c00000);
    su_ram_fill(&b, 0x8830000, 0);
    su_ram_fill(&b, 0x8bff000, 0x5a);
    su_ram_eos(&b);
    su_eof(&b);
    su_write_file(in, b.b, b.len);
    su_svtool_run(&r, NULL, args);
    ok(r.code != 0 && strstr(r.err, "page 0x8bff000 of the source's block \"unallocated reserve\"") &&
           !su_file_exists(out),
       "a non-zero page without a place is refused naming its block (%s)", r.err);
    su_run_free(&r);
    su_buf_free(&b);
    free(in);
    free(out);
}

struct pages {
    uint64_t addr[16];
    uint8_t fill[16];
    int n;
    uint64_t size;
};

static int page_rec(void *opaque, const struct sv_ram_rec *r)
{
    struct pages *p = opaque;

    if (r->flags & SV_RAM_MEM_SIZE)
        p->size = r->addr;
    else if ((r->flags & SV_RAM_COMPRESS) && p->n < 16) {
        p->addr[p->n] = r->addr;
        p->fill[p->n++] = r->fill;
    }
    return 0;
}

/* Pages move to the destination's blocks: where the ROM files' bytes and
 * the VGA memory were found in unscrubbed captures (ram.md section 6):
 * 0.10.6 -m 128 bios.bin 0x8800000, VGA BIOS 0x8820000, VGA RAM 0x8000000;
 * 0.11.1 bios.bin 0x8000000, VGA BIOS 0x8020000, VGA RAM 0x8040000. */
static void ram_moves(void)
{
    partial = 1;
    static const struct { uint64_t from, to; } want[] = {
        { 0x0, 0x0 }, { 0x9f000, 0x9f000 }, { 0xc0000, 0xc0000 }, { 0x7fff000, 0x7fff000 },
        { 0x8000000, 0x8040000 }, { 0x87ff000, 0x883f000 }, { 0x8800000, 0x8000000 },
        { 0x881f000, 0x801f000 }, { 0x8820000, 0x8020000 }, { 0x882f000, 0x802f000 },
    };
    char *in = strdup(su_tpath("mv.sv")), *out = strdup(su_tpath("mv-out.sv"));
    struct su_buf b = { 0 };
    struct su_run r;
    struct pages p = { 0 };
    struct sv_walk w;
    struct sv_walk_sec sec;
    int good;
    size_t n = sizeof want / sizeof want[0];

    su_header(&b);
    su_ram_start(&b, 2, 0x8c00000);
    for (size_t i = 0; i < n; i++)
        su_ram_fill(&b, want[i].from, (uint8_t)(i + 1));
    su_ram_fill(&b, 0x8830000, 0);      /* the reserve: zero, dropped */
    su_ram_eos(&b);
    su_eof(&b);
    su_write_file(in, b.b, b.len);
    convert(in, out, "-m 128 -M pc", NULL, &r);
    su_run_free(&r);
    good = sv_walk_open(&w, out, "0.11", NULL) == 0 && sv_walk_next(&w, &sec) == 1 &&
           sv_walk_ram(&w, &sec, NULL, page_rec, &p, &(struct sv_ram_stats){ 0 }) == 0;
    if (good)
        sv_walk_sec_free(&sec);
    sv_walk_close(&w);
    is_uint(p.size, 0x8840000, "the size record becomes 0.11.1's");
    good = good && p.n == (int)n;
    for (size_t i = 0; good && i < n; i++)
        if (p.addr[i] != want[i].to || p.fill[i] != i + 1) {
            diag("page %#llx went to %#llx, want %#llx", (unsigned long long)want[i].from,
                 (unsigned long long)p.addr[i], (unsigned long long)want[i].to);
            good = 0;
        }
    ok(good, "guest RAM stays, VGA RAM, BIOS and VGA BIOS pages move to 0.11.1's blocks, a zero reserve page is dropped");
    su_buf_free(&b);
    free(in);
    free(out);
}

/* A ring the guest set up: 0.10.6 virtio_load makes its address pfn << 12
 * (v0.10.6 hw/virtio.c:810); 0.11.1 saves that address. */
static void ring_address(void)
{
    partial = 1;
    char *in = strdup(su_tpath("ring.sv")), *out = strdup(su_tpath("ring-out.sv"));
    struct su_buf b = { 0 }, body = { 0 };
    struct stream x, y;
    struct su_run r;
    const struct sec *s;
    struct sv_stream o;
    struct sv_error e;
    size_t len;
    uint8_t *p;

    if (su_real_unpack("v0.10.6/i386/pc-paused.sv.xz", in) < 0 || bu_load(in, "0.10", &x) < 0 || !(s = find(&x, "virtio-balloon")))
        bail("no 0.10.6 balloon");
    sv_value_set_elem((struct sv_value *)sv_values_get(&s->vals, "virtio.queue[1].pfn"), 0, 0x1234);
    sv_error_clear(&e);
    sv_stream_mem_writer(&o, 0);
    if (sv_desc_encode_legacy(sv_desc_find("0.10", "", "virtio-balloon", 1), &(struct sv_desc_ctx){ .instance = 0 }, 1,
                              &s->vals, &o, &e) < 0)
        bail("encode: %s", e.msg);
    p = sv_stream_mem_take(&o, &len);
    su_buf_put(&body, p, len);
    free(p);
    su_header(&b);
    su_full(&b, 29, "virtio-balloon", 0, 1, body.b, body.len);
    su_eof(&b);
    su_write_file(in, b.b, b.len);
    convert(in, out, "-m 128", NULL, &r);
    su_run_free(&r);
    ok(bu_load(out, "0.11", &y) == 0 && (s = find(&y, "virtio-balloon")) &&
           sv_values_get(&s->vals, "virtio.queue[1].pa") &&
           sv_values_get(&s->vals, "virtio.queue[1].pa")->u == 0x1234000 &&
           sv_values_get(&s->vals, "virtio.queue[0].pa")->u == 0,
       "a queue's page frame 0x1234 becomes its address 0x1234000");
    bu_stream_free(&x);
    bu_stream_free(&y);
    su_buf_free(&b);
    su_buf_free(&body);
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    against_011();
    refusals();
    ram_refusal();
    ring_address();
    ram_moves();
    return 0;
}
