/* svtool convert: round trips, the shim's bytes, downgrades, and the output file's safety. */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "desc.h"
#include "sv-tagged.h"
#include "svtool-streams.h"
#include "tap.h"

#define RUN(r, o, ...) svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    uint8_t *x = read_file(a, &na), *y = read_file(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;

    free(x);
    free(y);
    return same;
}

/* legacy -> tagged -> legacy gives the same bytes; the tagged file checks clean. */
static void round_trip(const char *what, const struct buf *b, const char *const *extra)
{
    char *in = strdup(tpath("rt-in.sv")), *tag = strdup(tpath("rt-tagged.sv")), *back = strdup(tpath("rt-back.sv"));
    const char *args[12];
    size_t n = 0;
    struct run r;

    unlink(tag);
    unlink(back);
    write_file(in, b->b, b->len);
    args[n++] = "convert";
    args[n++] = "--to";
    args[n++] = "tagged";
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n++] = in;
    args[n++] = tag;
    args[n] = NULL;
    svtool_run(&r, NULL, args);
    is_int(r.code, 0, "%s: convert --to tagged: exit 0", what);
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "%s: the tagged file checks clean", what);
    run_free(&r);
    RUN(&r, NULL, "dump", tag);
    ok(strstr(r.out, "format=tagged") && !strstr(r.out, "format=legacy"), "%s: every device section tagged", what);
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", tag, back);
    is_int(r.code, 0, "%s: convert --to legacy: exit 0", what);
    run_free(&r);
    ok(same_file(in, back), "%s: legacy -> tagged -> legacy is byte-identical", what);
    free(in);
    free(tag);
    free(back);
}

static void test_round_trips(void)
{
    static const char *const r011[] = { "--release", "0.11", NULL };
    static const char *const r010[] = { "--release", "0.10", NULL };
    struct buf b = { 0 }, body = { 0 }, t = { 0 };
    struct run r;
    char *f = tpath("amb.sv"), *o = tpath("amb-out.sv");

    golden_stream(&b, 7, 18);
    round_trip("golden 0.11", &b, r011);
    round_trip("golden 0.10", &b, r010);
    /* without --release the tagged bodies' release label is unknown */
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "tagged", f, o);
    is_int(r.code, 2, "golden without --release: exit 2");
    like(r.err, "give --release", "  names the option");
    ok(!file_exists(o), "  no output");
    run_free(&r);
    buf_free(&b);

    timer_stream(&b, 1, 0);
    round_trip("timer v1", &b, r011);
    buf_free(&b);
    serial_stream(&b, 0xc1);
    round_trip("serial v3", &b, r011);
    buf_free(&b);
    for (int x = 0; x < 2; x++) {
        const char *tgt = x ? "x86_64" : "i386";
        char what[40];

        if (default_body("0.11", tgt, "cpu", 10, &body) < 0) {
            skip(5, "no cpu descriptor");
            continue;
        }
        st_header(&b);
        st_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        timer_stream(&t, 2, 0);
        buf_put(&b, t.b + 8, t.len - 8);
        snprintf(what, sizeof what, "cpu %s (release told by cpu v10)", tgt);
        round_trip(what, &b, NULL);
        buf_free(&b);
        buf_free(&body);
        buf_free(&t);
    }
}

/* The shim's tagged save of an emulator state, and svtool's conversion of its legacy save. */
static void test_shim_bytes(void)
{
    char *leg = strdup(tpath("emu.sv")), *shim = strdup(tpath("emu-shim.sv")), *conv = strdup(tpath("emu-conv.sv"));
    char *back = strdup(tpath("emu-back.sv"));
    int described = sv_desc_find("emu", NULL, "emu-ring", 1) != NULL;
    struct run_opts o = { .out_file = conv };
    struct run r;
    size_t nl, ns, nc;
    uint8_t *s, *c;

    if (emu_save(leg, 0, 25) < 0 || emu_save(shim, 1, 25) < 0) {
        skip(6, "no emulator or shim");
        goto out;
    }
    RUN(&r, &o, "convert", "--to", "tagged", "--release", "emu", leg, "-");
    s = read_file(shim, &ns);
    c = read_file(conv, &nc);
    if (described) {
        is_int(r.code, 0, "emu legacy -> tagged: exit 0");
        is_blob(c, nc, s, ns, "  equals the shim's tagged save byte for byte");
    } else {
        is_int(r.code, 1, "emu legacy -> tagged: refuses the undescribed emu-ring");
        like(r.err, "section \"emu-ring\" instance 0: no descriptor", "  naming it");
        ok(nc > 8 && nc < ns && memcmp(c, s, nc) == 0,
           "  what it wrote to stdout is the shim's save up to there (%zu of %zu bytes)", nc, ns);
        ok(nc + 10 < ns && memcmp(s + nc + 6, "emu-ring", 8) == 0, "  and the shim's save goes on with emu-ring");
    }
    free(s);
    free(c);
    run_free(&r);
    if (described) {
        /* the emu-* devices tell the release: no --release needed */
        RUN(&r, &o, "convert", "--to", "tagged", leg, "-");
        is_int(r.code, 0, "emu legacy -> tagged without --release: exit 0");
        ok(same_file(conv, shim), "  equals the shim's tagged save too");
        run_free(&r);
        {
            /* from a pipe: cat emu.sv | svtool convert --to tagged - - */
            const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged - -", leg,
                                   tap_env("SV_SVTOOL"), NULL };

            prog_run(&r, &o, "/bin/sh", args);
            is_int(r.code, 0, "  from a pipe without --release: exit 0");
            ok(same_file(conv, shim), "  the same bytes");
            run_free(&r);
        }
    }
    /* the shim's save back to legacy is the emulator's own legacy save */
    RUN(&r, NULL, "convert", "--to", "legacy", shim, back);
    is_int(r.code, 0, "the shim's tagged save -> legacy: exit 0");
    ok(same_file(back, leg), "  equals the emulator's legacy save byte for byte");
    run_free(&r);
    if (described) {
        struct buf lb = { 0 };

        lb.b = read_file(leg, &nl);
        lb.len = nl;
        round_trip("emu", &lb, NULL);
        free(lb.b);
    }
out:
    free(leg);
    free(shim);
    free(conv);
    free(back);
}

/* A tagged 0.11 i386 cpu body: default_body's fields with tsc set. */
static void cpu_tagged(struct buf *b, uint64_t tsc)
{
    const struct sv_desc *d = sv_desc_find("0.11", "i386", "cpu", 10);
    struct sv_desc_ctx c = { .target = "i386", .instance = 0 };
    struct buf legacy = { 0 };
    struct sv_values v;
    struct sv_stream s;
    struct sv_error err;
    uint64_t used;
    const uint8_t *body;
    size_t len;

    sv_error_clear(&err);
    if (default_body("0.11", "i386", "cpu", 10, &legacy) < 0)
        bail("no cpu v10 descriptor");
    sv_stream_mem_reader(&s, legacy.b, legacy.len);
    if (sv_desc_decode_legacy(d, &c, 10, &s, &v, &used, &err) < 0)
        bail("cpu body: %s", err.msg);
    ((struct sv_value *)sv_values_get(&v, "tsc"))->u = tsc;
    sv_stream_mem_writer(&s, 0);
    if (sv_desc_encode_tagged(d, &c, "0.11", &v, &s, &err) < 0)
        bail("cpu body: %s", err.msg);
    body = sv_stream_mem_data(&s, &len);
    st_header(b);
    st_full(b, 0, "cpu", 0, SV_TAGGED_VERSION, body, len);
    st_eof(b);
    sv_stream_free(&s);
    sv_values_free(&v);
    buf_free(&legacy);
}

/* A one-section legacy stream of a device at default_body's values. */
static void default_stream(struct buf *b, const char *rel, const char *idstr, uint32_t version)
{
    struct buf body = { 0 };

    if (default_body(rel, "i386", idstr, version, &body) < 0)
        bail("no %s v%u descriptor in %s", idstr, version, rel);
    st_header(b);
    st_full(b, 0, idstr, 0, version, body.b, body.len);
    st_eof(b);
    buf_free(&body);
}

static void test_releases(void)
{
    char *in = strdup(tpath("rel-in.sv")), *out = strdup(tpath("rel-out.sv")), *back = strdup(tpath("rel-back.sv"));
    struct buf b = { 0 };
    struct run r;

    cpu_tagged(&b, 5);
    write_file(in, b.b, b.len);
    /* 0.10's cpu v8 lacks pending_irq, which has no default to drop it at
     * (cpu_reset leaves interrupt_bitmap: target-i386/cpu.h:691 puts it
     * after `breakpoints`, helper.c:513 clears only up to there) */
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", in, out);
    is_int(r.code, 1, "tagged cpu v10 -> 0.10 (cpu v8): refused, exit 1");
    like(r.err, "section \"cpu\" instance 0: field \"pending_irq\"", "  naming the field");
    ok(!file_exists(out), "  no output");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 0, "the same -> 0.11 (cpu v10): exit 0");
    run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=10 ", "  as cpu v10");
    like(r.out, "  tsc = 5 (u64)\n", "  tsc kept");
    run_free(&r);
    unlink(out);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-target", "x86_64", in, out);
    is_int(r.code, 2, "the i386 body -> --to-target x86_64: refused, exit 2 (wrong target)");
    like(r.err, "field \"regs\": value has 8 element(s), the layout wants 16", "  naming the field");
    ok(!file_exists(out), "  no output");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-target", "i386", in, out);
    is_int(r.code, 0, "--to-target i386: exit 0");
    run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=10 ", "  the body's version kept");
    run_free(&r);
    unlink(out);
    buf_free(&b);

    /* a cpu v10 body with no records at all: refused, naming regs, the
     * first field without a default (cpu_reset gives EDX the model's
     * cpuid_version, target-i386/helper.c:557 in 0.11.1) */
    {
        struct sv_tenc e;
        struct sv_error err;
        uint8_t *body;
        size_t len;

        sv_tenc_begin(&e, SV_KIND_FIELDS, 10, "0.11", "i386");
        body = sv_tenc_take(&e, &len, &err);
        if (!body)
            bail("empty cpu body: %s", err.msg);
        st_header(&b);
        st_full(&b, 0, "cpu", 0, SV_TAGGED_VERSION, body, len);
        st_eof(&b);
        free(body);
        write_file(in, b.b, b.len);
        RUN(&r, NULL, "convert", "--to", "legacy", in, out);
        is_int(r.code, 1, "tagged cpu v10 with no records -> legacy: refused, exit 1");
        like(r.err, "section \"cpu\" instance 0: field \"regs\": required field is missing",
             "  naming section and field");
        like(r.err, "offset 53: ", "  at the body's end (8 + 17 header bytes + 28)");
        ok(!file_exists(out), "  no output");
        run_free(&r);
        buf_free(&b);
    }
    /* legacy 0.10 cpu v8 -> 0.11: v10's pending_irq has no default either */
    default_stream(&b, "0.10", "cpu", 8);
    write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 1, "legacy 0.10 cpu -> 0.11: refused, exit 1");
    like(r.err, "field \"pending_irq\": required field is missing", "  naming the required field");
    ok(!file_exists(out), "  no output");
    run_free(&r);
    buf_free(&b);

    /* the bridge: legacy 0.10 -> legacy 0.11 in one command, and back,
     * with slirp: v1 -> v3 gains ip_id and the BOOTP table, which
     * slirp_init leaves zeroed (slirp has no reset handler) */
    default_stream(&b, "0.10", "slirp", 1);
    write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 0, "legacy 0.10 -> legacy 0.11: exit 0");
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"slirp\" instance=0 version=3 ", "  slirp v1 became v3");
    like(r.out, "  ip_id = 0 (u16)\n", "  ip_id 0");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", out, back);
    is_int(r.code, 0, "and back to 0.10 (ip_id and BOOTP at their defaults): exit 0");
    run_free(&r);
    ok(same_file(in, back), "  byte-identical to the 0.10 input");
    buf_free(&b);
    free(in);
    free(out);
    free(back);
}

static void test_output_safety(const char *g)
{
    char *out = strdup(tpath("safe-out.sv")), *link = strdup(tpath("safe-link.sv")), *sub = strdup(tpath("subdir"));
    const char *dir = tmpdir();
    struct run r;
    size_t n;
    uint8_t *p;
    int before;

    write_file(out, "keep", 4);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, out);
    is_int(r.code, 2, "output exists: exit 2");
    like(r.err, "give --force to replace it", "  says how");
    p = read_file(out, &n);
    ok(n == 4 && memcmp(p, "keep", 4) == 0, "  the existing file is untouched");
    free(p);
    run_free(&r);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, out);
    is_int(r.code, 0, "--force replaces it: exit 0");
    p = read_file(out, &n);
    ok(n > 8 && memcmp(p, "QEVM", 4) == 0, "  with the converted stream");
    free(p);
    run_free(&r);

    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, g);
    is_int(r.code, 2, "output is the input: exit 2, even with --force");
    like(r.err, "is the input", "  says so");
    run_free(&r);
    unlink(link);
    if (symlink(g, link) == 0) {
        RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, link);
        is_int(r.code, 2, "output is a symlink to the input: exit 2");
        run_free(&r);
    }
    mkdir(sub, 0755);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, sub);
    is_int(r.code, 2, "output is a directory: exit 2, even with --force");
    like(r.err, "not a regular file", "  says so");
    run_free(&r);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, "/dev/null");
    is_int(r.code, 2, "output is /dev/null: exit 2");
    run_free(&r);

    /* tests run as root: a directory under /proc is one nobody can write */
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, "/proc/self/svtool-out.sv");
    is_int(r.code, 2, "output directory not writable: exit 2");
    like(r.err, "svtool: /proc/self/svtool-out.sv: cannot create a file in /proc/self", "  says so");
    ok(!file_exists("/proc/self/svtool-out.sv"), "  no output");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, "/nonexistent-dir/out.sv");
    is_int(r.code, 2, "output directory missing: exit 2");
    run_free(&r);

    /* disk full: a file size limit, and /dev/full as stdout */
    unlink(out);
    before = count_files(dir, "");
    {
        struct run_opts o = { .fsize_limit = 2000 };

        RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, out);
        is_int(r.code, 2, "file size limit (ulimit -f): exit 2");
        like(r.err, "write error", "  a write error");
        ok(!file_exists(out), "  no output file");
        is_int(count_files(dir, ""), before, "  and nothing else left behind");
        run_free(&r);
    }
    {
        struct run_opts o = { .out_file = "/dev/full" };

        RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, "-");
        is_int(r.code, 2, "stdout is /dev/full: exit 2");
        like(r.err, "No space left on device", "  says so");
        run_free(&r);
    }

    /* killed at any point: no output, no temporary */
    {
        static const char *const points[] = { "after-header", "mid-ram", "before-link" };

        for (size_t i = 0; i < 3; i++) {
            char env[64];
            struct run_opts o = { .env = env };

            snprintf(env, sizeof env, "SVTOOL_TEST_KILL_AT=%s", points[i]);
            before = count_files(dir, "");
            RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, out);
            is_int(r.sig, 9, "killed %s: SIGKILL", points[i]);
            ok(!file_exists(out), "  no output file");
            is_int(count_files(dir, ""), before, "  nothing left in the directory");
            run_free(&r);
        }
    }

    /* any error leaves no output */
    {
        struct buf b = { 0 };
        char *bad = tpath("undescribed.sv");

        golden_stream_unknown(&b);
        write_file(bad, b.b, b.len);
        before = count_files(dir, "");
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", bad, out);
        is_int(r.code, 1, "undescribed device: exit 1");
        like(r.err, "section \"frobnicator\" instance 0: no descriptor", "  naming the device");
        ok(!file_exists(out), "  no output file");
        is_int(count_files(dir, ""), before, "  nothing left in the directory");
        run_free(&r);
        RUN(&r, NULL, "convert", "--to", "tagged", bad, out);
        is_int(r.code, 1, "  also when the release is inferred (the first pass finds it)");
        run_free(&r);
        buf_free(&b);
    }
    free(out);
    free(link);
    free(sub);
}

static void test_pipes(const char *g)
{
    char *a = strdup(tpath("pipe-a.sv")), *b = strdup(tpath("pipe-b.sv"));
    struct run_opts o = { .in_file = g, .out_file = b };
    struct run r;

    unlink(a);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, a);
    run_free(&r);
    RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", "-", "-");
    is_int(r.code, 0, "convert - -: exit 0");
    ok(same_file(a, b), "  same bytes as file to file");
    run_free(&r);
    RUN(&r, &o, "convert", "--to", "tagged", "-", "-");
    is_int(r.code, 2, "convert from stdin without --release: exit 2");
    like(r.err, "give --release", "  names the option");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--to-release", "0.10", g, "-");
    is_int(r.code, 2, "--to-release with --to tagged: exit 2");
    run_free(&r);
    RUN(&r, NULL, "convert", g, "-");
    is_int(r.code, 2, "no --to: exit 2");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "/nonexistent.sv", "-");
    is_int(r.code, 2, "missing input: exit 2");
    run_free(&r);
    free(a);
    free(b);
}

int main(void)
{
    struct buf g = { 0 };
    char *f;

    tap_init();
    plan_lazy();
    f = strdup(tpath("golden.sv"));
    golden_stream(&g, 3, 18);
    write_file(f, g.b, g.len);
    test_round_trips();
    test_shim_bytes();
    test_releases();
    test_output_safety(f);
    test_pipes(f);
    buf_free(&g);
    free(f);
    return 0;
}
