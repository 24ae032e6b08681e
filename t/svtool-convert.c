/* svtool convert: round trips, the shim's bytes, downgrades, and the output file's safety. */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "desc.h"
#include "sv-ram.h"
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

/* A tagged cpu body with one field set: the rest takes defaults (F-18). */
static void cpu_tagged(struct buf *b, uint64_t tsc, uint8_t flags)
{
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *body;
    size_t len;

    sv_tenc_begin(&e, SV_KIND_FIELDS, 10, "0.11", "i386");
    sv_tenc_uint(&e, "tsc", SV_U64, flags, tsc);
    body = sv_tenc_take(&e, &len, &err);
    if (!body)
        bail("cpu body: %s", err.msg);
    st_header(b);
    st_full(b, 0, "cpu", 0, SV_TAGGED_VERSION, body, len);
    st_eof(b);
    free(body);
}

static void test_releases(void)
{
    char *in = strdup(tpath("rel-in.sv")), *out = strdup(tpath("rel-out.sv")), *back = strdup(tpath("rel-back.sv"));
    struct buf b = { 0 }, body = { 0 };
    struct run r;

    if (!sv_desc_find("0.10", "i386", "cpu", 8)) {
        skip(10, "no cpu descriptors");
        goto out;
    }
    cpu_tagged(&b, 5, 0);
    write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", in, out);
    is_int(r.code, 1, "tagged cpu with tsc 5 -> 0.10 (cpu v8): refused, exit 1");
    like(r.err, "section \"cpu\" instance 0: field \"tsc\"", "  naming the field");
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
    cpu_tagged(&b, 0, SV_FLAG_DEFAULT);
    write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", in, out);
    is_int(r.code, 0, "tagged cpu with tsc at its default -> 0.10: exit 0 (downgrade)");
    run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=8 ", "  as cpu v8");
    run_free(&r);
    unlink(out);
    buf_free(&b);

    /* the bridge: legacy 0.10 -> legacy 0.11 in one command, and back */
    default_body("0.10", "i386", "cpu", 8, &body);
    st_header(&b);
    st_full(&b, 0, "cpu", 0, 8, body.b, body.len);
    st_eof(&b);
    write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 0, "legacy 0.10 -> legacy 0.11: exit 0");
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=10 ", "  cpu v8 became v10");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", out, back);
    is_int(r.code, 0, "and back to 0.10: exit 0");
    run_free(&r);
    ok(same_file(in, back), "  byte-identical to the 0.10 input");
out:
    buf_free(&b);
    buf_free(&body);
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

/*
 * Without --release the sections from the first legacy device section on
 * are held back until the stream has told the release, RAM sections
 * after it included: the bytes are those --release gives, from a file
 * (RAM held as ranges of it) and from a pipe (RAM held as bytes).
 */
static void test_held(void)
{
    char *in = strdup(tpath("held-in.sv")), *want = strdup(tpath("held-want.sv")), *a = strdup(tpath("held-a.sv"));
    char *p = strdup(tpath("held-p.sv"));
    struct buf b = { 0 }, cpu = { 0 };
    struct run r;

    if (default_body("0.11", "i386", "cpu", 10, &cpu) < 0) {
        skip(4, "no cpu descriptors");
        goto out;
    }
    /* ram START, cpu v10 (0.11's, which emu borrows), ram PART, cpu again, ram END */
    st_header(&b);
    st_ram_start(&b, 0, 64 * SV_RAM_PAGE);
    for (unsigned k = 0; k < 20; k++)
        st_ram_page(&b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    st_ram_eos(&b);
    st_full(&b, 1, "cpu", 0, 10, cpu.b, cpu.len);
    st_ram_part(&b, 0, 2);
    for (unsigned k = 20; k < 40; k++)
        st_ram_fill(&b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    st_ram_page(&b, 40 * SV_RAM_PAGE, 40);
    st_ram_eos(&b);
    st_full(&b, 2, "cpu", 1, 10, cpu.b, cpu.len);
    st_ram_part(&b, 0, 3);
    st_ram_page(&b, 41 * SV_RAM_PAGE, 41);
    st_ram_eos(&b);
    st_eof(&b);
    write_file(in, b.b, b.len);
    unlink(want);
    unlink(a);
    unlink(p);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, want);
    is_int(r.code, 0, "RAM after device sections, --release 0.11: exit 0");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", in, a);
    ok(r.code == 0 && same_file(a, want), "  without --release, from a file: the same bytes");
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged - \"$2\"", in,
                               tap_env("SV_SVTOOL"), p, NULL };

        prog_run(&r, NULL, "/bin/sh", args);
        ok(r.code == 0 && same_file(p, want), "  without --release, from a pipe: the same bytes");
        run_free(&r);
    }
    RUN(&r, NULL, "dump", a);
    {
        static const char *const order[] = { "section START id=0 ", "section FULL id=1 idstr=\"cpu\"",
                                             "section PART id=0 ", "section FULL id=2 idstr=\"cpu\"",
                                             "section END id=0 " };
        const char *at = r.out;
        int in_order = 1;

        for (size_t i = 0; i < 5 && in_order; i++) {
            const char *n = strstr(at, order[i]), *eol = n ? strchr(n, '\n') : NULL;

            in_order = n && eol && (i % 2 == 0 || memmem(n, (size_t)(eol - n), "format=tagged", 13));
            at = eol;
        }
        ok(in_order, "  both cpu sections tagged, the RAM held with them in its place");
    }
    run_free(&r);
out:
    buf_free(&b);
    buf_free(&cpu);
    free(in);
    free(want);
    free(a);
    free(p);
}

/*
 * RAM from a file is copied by the kernel (copy_file_range), from a pipe
 * or to one through this process: the bytes are the same every way.
 */
static void test_copy_paths(void)
{
    char *in = strdup(tpath("cp-in.sv")), *a = strdup(tpath("cp-a.sv")), *c = strdup(tpath("cp-c.sv"));
    char *d = strdup(tpath("cp-d.sv")), *back = strdup(tpath("cp-back.sv")), *cut = strdup(tpath("cp-cut.sv"));
    char shm[64], want[600];
    struct buf b = { 0 };
    struct run r;
    struct run_opts oc = { .out_file = c };
    uint8_t *x;
    size_t nx, page = golden_stream_ram_record(2001);
    struct stat st_tmp, st_shm;

    golden_stream_ram(&b, 3300);
    write_file(in, b.b, b.len);
    unlink(a);
    unlink(d);
    unlink(back);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, a);
    is_int(r.code, 0, "a 3300-page stream, file to file: exit 0");
    run_free(&r);
    /* stdout a pipe: copy_file_range cannot write there */
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, "-");
    x = read_file(a, &nx);
    ok(r.code == 0 && x && is_blob(r.out, r.out_len, x, nx, "  to a pipe: the same bytes"), "  to a pipe: exit 0");
    run_free(&r);
    RUN(&r, &oc, "convert", "--to", "tagged", "--release", "0.11", in, "-");
    ok(r.code == 0 && same_file(a, c), "  to stdout a regular file: the same bytes");
    run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged --release 0.11 - \"$2\"", in,
                               tap_env("SV_SVTOOL"), d, NULL };

        prog_run(&r, NULL, "/bin/sh", args);
        ok(r.code == 0 && same_file(a, d), "  from a pipe: the same bytes");
        run_free(&r);
    }
    /* another file system: copy_file_range refuses (EXDEV) and bytes go through */
    snprintf(shm, sizeof shm, "/dev/shm/svtool-cp-%ld.sv", (long)getpid());
    if (stat(tmpdir(), &st_tmp) == 0 && stat("/dev/shm", &st_shm) == 0 && st_tmp.st_dev != st_shm.st_dev) {
        unlink(shm);
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, shm);
        ok(r.code == 0 && same_file(a, shm), "  to another file system: the same bytes");
        run_free(&r);
        unlink(shm);
    } else {
        skip(1, "no /dev/shm on another file system");
    }
    RUN(&r, NULL, "convert", "--to", "legacy", a, back);
    ok(r.code == 0 && same_file(in, back), "  and back to legacy: the input byte for byte");
    run_free(&r);
    free(x);

    /* cut inside a page: the same error from a file and from a pipe, and no output */
    write_file(cut, b.b, page + 8 + 100);
    unlink(d);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", cut, d);
    snprintf(want, sizeof want, "svtool: %s: offset %zu: section \"ram\" instance 0: truncated: "
             "ram page needs 4096 bytes, 100 left\n", cut, page + 8);
    is_int(r.code, 1, "a stream cut inside a page: exit 1");
    is_str(r.err, want, "  naming the page's offset");
    ok(!file_exists(d), "  no output");
    run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged --release 0.11 - \"$2\"", cut,
                               tap_env("SV_SVTOOL"), d, NULL };

        prog_run(&r, NULL, "/bin/sh", args);
        snprintf(want, sizeof want, "svtool: -: offset %zu: section \"ram\" instance 0: truncated: "
                 "ram page needs 4096 bytes, 100 left\n", page + 8);
        ok(r.code == 1 && strcmp(r.err, want) == 0 && !file_exists(d), "  the same from a pipe");
        run_free(&r);
    }
    buf_free(&b);
    free(in);
    free(a);
    free(c);
    free(d);
    free(back);
    free(cut);
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
    test_copy_paths();
    test_held();
    buf_free(&g);
    free(f);
    return 0;
}
