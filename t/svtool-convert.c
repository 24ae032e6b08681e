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

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

/* legacy -> tagged -> legacy gives the same bytes; the tagged file checks clean. */
static void round_trip(const char *what, const struct su_buf *b, const char *const *extra)
{
    char *in = strdup(su_tpath("rt-in.sv")), *tag = strdup(su_tpath("rt-tagged.sv")), *back = strdup(su_tpath("rt-back.sv"));
    const char *args[12];
    size_t n = 0;
    struct su_run r;

    unlink(tag);
    unlink(back);
    su_write_file(in, b->b, b->len);
    args[n++] = "convert";
    args[n++] = "--to";
    args[n++] = "tagged";
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n++] = in;
    args[n++] = tag;
    args[n] = NULL;
    su_svtool_run(&r, NULL, args);
    is_int(r.code, 0, "%s: convert --to tagged: exit 0", what);
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "%s: the tagged file checks clean", what);
    su_run_free(&r);
    RUN(&r, NULL, "dump", tag);
    ok(strstr(r.out, "format=tagged") && !strstr(r.out, "format=legacy"), "%s: every device section tagged", what);
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", tag, back);
    is_int(r.code, 0, "%s: convert --to legacy: exit 0", what);
    su_run_free(&r);
    ok(su_same_file(in, back), "%s: legacy -> tagged -> legacy is byte-identical", what);
    free(in);
    free(tag);
    free(back);
}

static void test_round_trips(void)
{
    static const char *const r011[] = { "--release", "0.11", NULL };
    static const char *const r010[] = { "--release", "0.10", NULL };
    struct su_buf b = { 0 }, body = { 0 }, t = { 0 };
    struct su_run r;
    char *f = su_tpath("amb.sv"), *o = su_tpath("amb-out.sv");

    su_golden_stream(&b, 7, 18);
    round_trip("golden 0.11", &b, r011);
    round_trip("golden 0.10", &b, r010);
    /* without --release the tagged bodies' release label is unknown */
    su_write_file(f, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "tagged", f, o);
    is_int(r.code, 2, "golden without --release: exit 2");
    like(r.err, "give --release", "  names the option");
    ok(!su_file_exists(o), "  no output");
    su_run_free(&r);
    su_buf_free(&b);

    su_timer_stream(&b, 1, 0);
    round_trip("timer v1", &b, r011);
    su_buf_free(&b);
    su_serial_stream(&b, 0xc1);
    round_trip("serial v3", &b, r011);
    su_buf_free(&b);
    for (int x = 0; x < 2; x++) {
        const char *tgt = x ? "x86_64" : "i386";
        char what[40];

        if (su_default_body("0.11", tgt, "cpu", 10, &body) < 0)
            bail("no cpu v10 body for %s", tgt);
        su_header(&b);
        su_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        su_timer_stream(&t, 2, 0);
        su_buf_put(&b, t.b + 8, t.len - 8);
        snprintf(what, sizeof what, "cpu %s (release told by cpu v10)", tgt);
        round_trip(what, &b, NULL);
        su_buf_free(&b);
        su_buf_free(&body);
        su_buf_free(&t);
    }
}

/* The shim's tagged save of an emulator state, and svtool's conversion of its legacy save. */
static void test_shim_bytes(void)
{
    char *leg = strdup(su_tpath("emu.sv")), *shim = strdup(su_tpath("emu-shim.sv")), *conv = strdup(su_tpath("emu-conv.sv"));
    char *back = strdup(su_tpath("emu-back.sv"));
    struct su_run_opts o = { .out_file = conv };
    struct su_run r;
    size_t nl, ns, nc;
    uint8_t *s, *c;

    if (su_emu_save(leg, 0, 25) < 0 || su_emu_save(shim, 1, 25) < 0) {
        skip(6, "no emulator or shim");
        goto out;
    }
    RUN(&r, &o, "convert", "--to", "tagged", "--release", "emu", leg, "-");
    s = su_read_file(shim, &ns);
    c = su_read_file(conv, &nc);
    /* release "emu" describes the emu-* devices (descriptors/emu.c) */
    is_int(r.code, 0, "emu legacy -> tagged: exit 0");
    is_blob(c, nc, s, ns, "  equals the shim's tagged save byte for byte");
    free(s);
    free(c);
    su_run_free(&r);
    {
        /* the emu-* devices tell the release: no --release needed */
        RUN(&r, &o, "convert", "--to", "tagged", leg, "-");
        is_int(r.code, 0, "emu legacy -> tagged without --release: exit 0");
        ok(su_same_file(conv, shim), "  equals the shim's tagged save too");
        su_run_free(&r);
        {
            /* from a pipe: cat emu.sv | svtool convert --to tagged - - */
            const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged - -", leg,
                                   tap_env("SV_SVTOOL"), NULL };

            su_prog_run(&r, &o, "/bin/sh", args);
            is_int(r.code, 0, "  from a pipe without --release: exit 0");
            ok(su_same_file(conv, shim), "  the same bytes");
            su_run_free(&r);
        }
    }
    /* the shim's save back to legacy is the emulator's own legacy save */
    RUN(&r, NULL, "convert", "--to", "legacy", shim, back);
    is_int(r.code, 0, "the shim's tagged save -> legacy: exit 0");
    ok(su_same_file(back, leg), "  equals the emulator's legacy save byte for byte");
    su_run_free(&r);
    {
        struct su_buf lb = { 0 };

        lb.b = su_read_file(leg, &nl);
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
static void cpu_tagged(struct su_buf *b, uint64_t tsc)
{
    const struct sv_desc *d = sv_desc_find("0.11", "i386", "cpu", 10);
    struct sv_desc_ctx c = { .target = "i386", .instance = 0 };
    struct su_buf legacy = { 0 };
    struct sv_values v;
    struct sv_stream s;
    struct sv_error err;
    uint64_t used;
    const uint8_t *body;
    size_t len;

    sv_error_clear(&err);
    if (su_default_body("0.11", "i386", "cpu", 10, &legacy) < 0)
        bail("no cpu v10 descriptor");
    sv_stream_mem_reader(&s, legacy.b, legacy.len);
    if (sv_desc_decode_legacy(d, &c, 10, &s, &v, &used, &err) < 0)
        bail("cpu body: %s", err.msg);
    ((struct sv_value *)sv_values_get(&v, "tsc"))->u = tsc;
    sv_stream_mem_writer(&s, 0);
    if (sv_desc_encode_tagged(d, &c, "0.11", &v, &s, &err) < 0)
        bail("cpu body: %s", err.msg);
    body = sv_stream_mem_data(&s, &len);
    su_header(b);
    su_full(b, 0, "cpu", 0, SV_TAGGED_VERSION, body, len);
    su_eof(b);
    sv_stream_free(&s);
    sv_values_free(&v);
    su_buf_free(&legacy);
}

/* A one-section legacy stream of a device at default_body's values. */
static void default_stream(struct su_buf *b, const char *rel, const char *idstr, uint32_t version)
{
    struct su_buf body = { 0 };

    if (su_default_body(rel, "i386", idstr, version, &body) < 0)
        bail("no %s v%u descriptor in %s", idstr, version, rel);
    su_header(b);
    su_full(b, 0, idstr, 0, version, body.b, body.len);
    su_eof(b);
    su_buf_free(&body);
}

static void test_releases(void)
{
    char *in = strdup(su_tpath("rel-in.sv")), *out = strdup(su_tpath("rel-out.sv")), *back = strdup(su_tpath("rel-back.sv"));
    struct su_buf b = { 0 };
    struct su_run r;

    cpu_tagged(&b, 5);
    su_write_file(in, b.b, b.len);
    /* 0.10's cpu v8 lacks pending_irq, which has no default to drop it at
     * (cpu_reset leaves interrupt_bitmap: target-i386/cpu.h:691 puts it
     * after `breakpoints`, helper.c:513 clears only up to there) */
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", in, out);
    is_int(r.code, 1, "tagged cpu v10 -> 0.10 (cpu v8): refused, exit 1");
    like(r.err, "section \"cpu\" instance 0: field \"pending_irq\"", "  naming the field");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 0, "the same -> 0.11 (cpu v10): exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=10 ", "  as cpu v10");
    like(r.out, "  tsc = 5 (u64)\n", "  tsc kept");
    su_run_free(&r);
    unlink(out);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-target", "x86_64", in, out);
    is_int(r.code, 2, "the i386 body -> --to-target x86_64: refused, exit 2 (wrong target)");
    like(r.err, "field \"regs\": value has 8 element(s), the layout wants 16", "  naming the field");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-target", "i386", in, out);
    is_int(r.code, 0, "--to-target i386: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"cpu\" instance=0 version=10 ", "  the body's version kept");
    su_run_free(&r);
    unlink(out);
    su_buf_free(&b);

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
        su_header(&b);
        su_full(&b, 0, "cpu", 0, SV_TAGGED_VERSION, body, len);
        su_eof(&b);
        free(body);
        su_write_file(in, b.b, b.len);
        RUN(&r, NULL, "convert", "--to", "legacy", in, out);
        is_int(r.code, 1, "tagged cpu v10 with no records -> legacy: refused, exit 1");
        like(r.err, "section \"cpu\" instance 0: field \"regs\": required field is missing",
             "  naming section and field");
        like(r.err, "offset 53: ", "  at the body's end (8 + 17 header bytes + 28)");
        ok(!su_file_exists(out), "  no output");
        su_run_free(&r);
        su_buf_free(&b);
    }
    /* legacy 0.10 cpu v8 -> 0.11: v10's pending_irq has no default either */
    default_stream(&b, "0.10", "cpu", 8);
    su_write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 1, "legacy 0.10 cpu -> 0.11: refused, exit 1");
    like(r.err, "field \"pending_irq\": required field is missing", "  naming the required field");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    su_buf_free(&b);

    /* the bridge: legacy 0.10 -> legacy 0.11 in one command, and back,
     * with slirp: v1 -> v3 gains ip_id and the BOOTP table, which
     * slirp_init leaves zeroed (slirp has no reset handler) */
    default_stream(&b, "0.10", "slirp", 1);
    su_write_file(in, b.b, b.len);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.11", in, out);
    is_int(r.code, 0, "legacy 0.10 -> legacy 0.11: exit 0");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "dump", out);
    like(r.out, "idstr=\"slirp\" instance=0 version=3 ", "  slirp v1 became v3");
    like(r.out, "  ip_id = 0 (u16)\n", "  ip_id 0");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", "--to-release", "0.10", out, back);
    is_int(r.code, 0, "and back to 0.10 (ip_id and BOOTP at their defaults): exit 0");
    su_run_free(&r);
    ok(su_same_file(in, back), "  byte-identical to the 0.10 input");
    su_buf_free(&b);
    free(in);
    free(out);
    free(back);
}

static void test_output_safety(const char *g)
{
    char *out = strdup(su_tpath("safe-out.sv")), *link = strdup(su_tpath("safe-link.sv")), *sub = strdup(su_tpath("subdir"));
    const char *dir = su_tmpdir();
    struct su_run r;
    size_t n;
    uint8_t *p;
    int before;

    su_write_file(out, "keep", 4);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, out);
    is_int(r.code, 2, "output exists: exit 2");
    like(r.err, "give --force to replace it", "  says how");
    p = su_read_file(out, &n);
    ok(n == 4 && memcmp(p, "keep", 4) == 0, "  the existing file is untouched");
    free(p);
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, out);
    is_int(r.code, 0, "--force replaces it: exit 0");
    p = su_read_file(out, &n);
    ok(n > 8 && memcmp(p, "QEVM", 4) == 0, "  with the converted stream");
    free(p);
    su_run_free(&r);

    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, g);
    is_int(r.code, 2, "output is the input: exit 2, even with --force");
    like(r.err, "is the input", "  says so");
    su_run_free(&r);
    unlink(link);
    if (symlink(g, link) == 0) {
        RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, link);
        is_int(r.code, 2, "output is a symlink to the input: exit 2");
        su_run_free(&r);
    }
    mkdir(sub, 0755);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, sub);
    is_int(r.code, 2, "output is a directory: exit 2, even with --force");
    like(r.err, "not a regular file", "  says so");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--force", "--to", "tagged", "--release", "0.11", g, "/dev/null");
    is_int(r.code, 2, "output is /dev/null: exit 2");
    su_run_free(&r);

    /* tests run as root: a directory under /proc is one nobody can write */
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, "/proc/self/svtool-out.sv");
    is_int(r.code, 2, "output directory not writable: exit 2");
    like(r.err, "svtool: /proc/self/svtool-out.sv: cannot create a file in /proc/self", "  says so");
    ok(!su_file_exists("/proc/self/svtool-out.sv"), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, "/nonexistent-dir/out.sv");
    is_int(r.code, 2, "output directory missing: exit 2");
    su_run_free(&r);

    /* disk full: a file size limit, and /dev/full as stdout */
    unlink(out);
    before = su_count_files(dir, "");
    {
        struct su_run_opts o = { .fsize_limit = 2000 };

        RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, out);
        is_int(r.code, 2, "file size limit (ulimit -f): exit 2");
        like(r.err, "write error", "  a write error");
        ok(!su_file_exists(out), "  no output file");
        is_int(su_count_files(dir, ""), before, "  and nothing else left behind");
        su_run_free(&r);
    }
    {
        struct su_run_opts o = { .out_file = "/dev/full" };

        RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, "-");
        is_int(r.code, 2, "stdout is /dev/full: exit 2");
        like(r.err, "No space left on device", "  says so");
        su_run_free(&r);
    }

    /* killed at any point: no output, no temporary */
    {
        static const char *const points[] = { "after-header", "mid-ram", "before-link" };

        for (size_t i = 0; i < 3; i++) {
            char env[64];
            struct su_run_opts o = { .env = env };

            snprintf(env, sizeof env, "SVTOOL_TEST_KILL_AT=%s", points[i]);
            before = su_count_files(dir, "");
            RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", g, out);
            is_int(r.sig, 9, "killed %s: SIGKILL", points[i]);
            ok(!su_file_exists(out), "  no output file");
            is_int(su_count_files(dir, ""), before, "  nothing left in the directory");
            su_run_free(&r);
        }
    }

    /* any error leaves no output */
    {
        struct su_buf b = { 0 };
        char *bad = su_tpath("undescribed.sv");

        su_golden_stream_unknown(&b);
        su_write_file(bad, b.b, b.len);
        before = su_count_files(dir, "");
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", bad, out);
        is_int(r.code, 1, "undescribed device: exit 1");
        like(r.err, "section \"frobnicator\" instance 0: no descriptor", "  naming the device");
        ok(!su_file_exists(out), "  no output file");
        is_int(su_count_files(dir, ""), before, "  nothing left in the directory");
        su_run_free(&r);
        RUN(&r, NULL, "convert", "--to", "tagged", bad, out);
        is_int(r.code, 1, "  also when the release is inferred (the first pass finds it)");
        su_run_free(&r);
        su_buf_free(&b);
    }
    free(out);
    free(link);
    free(sub);
}

static void test_pipes(const char *g)
{
    char *a = strdup(su_tpath("pipe-a.sv")), *b = strdup(su_tpath("pipe-b.sv"));
    struct su_run_opts o = { .in_file = g, .out_file = b };
    struct su_run r;

    unlink(a);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", g, a);
    su_run_free(&r);
    RUN(&r, &o, "convert", "--to", "tagged", "--release", "0.11", "-", "-");
    is_int(r.code, 0, "convert - -: exit 0");
    ok(su_same_file(a, b), "  same bytes as file to file");
    su_run_free(&r);
    RUN(&r, &o, "convert", "--to", "tagged", "-", "-");
    is_int(r.code, 2, "convert from stdin without --release: exit 2");
    like(r.err, "give --release", "  names the option");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--to-release", "0.10", g, "-");
    is_int(r.code, 2, "--to-release with --to tagged: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "convert", g, "-");
    is_int(r.code, 2, "no --to: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "/nonexistent.sv", "-");
    is_int(r.code, 2, "missing input: exit 2");
    su_run_free(&r);
    free(a);
    free(b);
}

/*
 * The layouts -vga and -soundhw give (QEMU 0.10.6 and 0.11.1 sources):
 * hw/vga.c vga_save writes the PCI part only "if (s->pci_dev)" (0.11.1
 * line 2128), which pci_vga_init sets (2505) and neither isa_vga_init nor
 * hw/vmware_vga.c vmsvga_init (1130-1131: the VGA it embeds) does; is_vbe
 * is always 1 (vga.c 2155, hw/vga_int.h:31).  audio/audio.c audio_save
 * writes nothing (1675-1679), registered as "audio" v1 (1791).
 */
static void test_cards(void)
{
    static const char *const r011[] = { "--release", "0.11", NULL };
    static const char *const r010[] = { "--release", "0.10", NULL };
    static const struct {
        const char *what;
        enum su_cards which;
        const char *const *release;
        const char *has[3], *lacks;     /* in svtool dump's output */
    } cases[] = {
        { "-vga std -M pc", SU_VGA_PC, r011,
          { "idstr=\"vga\" instance=0 version=2 offset=", " length=1407 ", "  is_vbe = 1 (u8)\n" }, NULL },
        { "-vga std -M isapc", SU_VGA_ISAPC, r011,
          { " length=1131 ", "  is_vbe = 1 (u8)\n" }, "pci.config" },
        { "-vga vmware", SU_VGA_VMWARE, r011,
          { " length=1131 format=legacy\n  latch = ", "  is_vbe = 1 (u8)\n", "idstr=\"vmware_vga\"" },
          NULL },
        { "0.10 -vga vmware", SU_VGA_VMWARE, r010, { " length=1131 ", "  is_vbe = 1 (u8)\n" }, NULL },
        { "-soundhw es1370", SU_ES1370_011, r011,
          { "idstr=\"es1370\"", "idstr=\"audio\" instance=0 version=1 offset=", " length=0 format=legacy\n" },
          NULL },
        { "0.10 -soundhw es1370", SU_ES1370_010, r010,
          { "idstr=\"audio\" instance=0 version=1 offset=", " length=0 format=legacy\n", "idstr=\"es1370\"" },
          NULL },
    };
    char *f = su_tpath("card.sv");

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct su_buf b = { 0 };
        struct su_run r;

        su_card_stream(&b, cases[i].which);
        round_trip(cases[i].what, &b, cases[i].release);
        su_write_file(f, b.b, b.len);
        RUN(&r, NULL, "dump", cases[i].release[0], cases[i].release[1], f);
        is_int(r.code, 0, "%s: dump exit 0", cases[i].what);
        if (r.code)
            diag("%s", r.err);
        for (size_t k = 0; k < 3 && cases[i].has[k]; k++)
            like(r.out, cases[i].has[k], "%s: dump shows it", cases[i].what);
        if (cases[i].lacks)
            ok(!strstr(r.out, cases[i].lacks), "%s: no %s", cases[i].what, cases[i].lacks);
        su_run_free(&r);
        su_buf_free(&b);
    }
}

/*
 * Without --release the sections from the first legacy device section on
 * are held back until the stream has told the release, RAM sections
 * after it included: the bytes are those --release gives, from a file
 * (RAM held as ranges of it) and from a pipe (RAM held as bytes).
 */
static void test_held(void)
{
    char *in = strdup(su_tpath("held-in.sv")), *want = strdup(su_tpath("held-want.sv")), *a = strdup(su_tpath("held-a.sv"));
    char *p = strdup(su_tpath("held-p.sv"));
    struct su_buf b = { 0 }, cpu = { 0 };
    struct su_run r;

    if (su_default_body("0.11", "i386", "cpu", 10, &cpu) < 0) {
        skip(4, "no cpu descriptors");
        goto out;
    }
    /* ram START, cpu v10 (0.11's, which emu borrows), ram PART, cpu again, ram END */
    su_header(&b);
    su_ram_start(&b, 0, 64 * SV_RAM_PAGE);
    for (unsigned k = 0; k < 20; k++)
        su_ram_page(&b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    su_ram_eos(&b);
    su_full(&b, 1, "cpu", 0, 10, cpu.b, cpu.len);
    su_ram_part(&b, 0, 2);
    for (unsigned k = 20; k < 40; k++)
        su_ram_fill(&b, (uint64_t)k * SV_RAM_PAGE, (uint8_t)k);
    su_ram_page(&b, 40 * SV_RAM_PAGE, 40);
    su_ram_eos(&b);
    su_full(&b, 2, "cpu", 1, 10, cpu.b, cpu.len);
    su_ram_part(&b, 0, 3);
    su_ram_page(&b, 41 * SV_RAM_PAGE, 41);
    su_ram_eos(&b);
    su_eof(&b);
    su_write_file(in, b.b, b.len);
    unlink(want);
    unlink(a);
    unlink(p);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, want);
    is_int(r.code, 0, "RAM after device sections, --release 0.11: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", in, a);
    ok(r.code == 0 && su_same_file(a, want), "  without --release, from a file: the same bytes");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged - \"$2\"", in,
                               tap_env("SV_SVTOOL"), p, NULL };

        su_prog_run(&r, NULL, "/bin/sh", args);
        ok(r.code == 0 && su_same_file(p, want), "  without --release, from a pipe: the same bytes");
        su_run_free(&r);
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
    su_run_free(&r);
out:
    su_buf_free(&b);
    su_buf_free(&cpu);
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
    char *in = strdup(su_tpath("cp-in.sv")), *a = strdup(su_tpath("cp-a.sv")), *c = strdup(su_tpath("cp-c.sv"));
    char *d = strdup(su_tpath("cp-d.sv")), *back = strdup(su_tpath("cp-back.sv")), *cut = strdup(su_tpath("cp-cut.sv"));
    char shm[64], want[600];
    struct su_buf b = { 0 };
    struct su_run r;
    struct su_run_opts oc = { .out_file = c };
    uint8_t *x;
    size_t nx, page = su_golden_stream_ram_record(2001);
    struct stat st_tmp, st_shm;

    su_golden_stream_ram(&b, 3300);
    su_write_file(in, b.b, b.len);
    unlink(a);
    unlink(d);
    unlink(back);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, a);
    is_int(r.code, 0, "a 3300-page stream, file to file: exit 0");
    su_run_free(&r);
    /* stdout a pipe: copy_file_range cannot write there */
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, "-");
    x = su_read_file(a, &nx);
    ok(r.code == 0 && x && is_blob(r.out, r.out_len, x, nx, "  to a pipe: the same bytes"), "  to a pipe: exit 0");
    su_run_free(&r);
    RUN(&r, &oc, "convert", "--to", "tagged", "--release", "0.11", in, "-");
    ok(r.code == 0 && su_same_file(a, c), "  to stdout a regular file: the same bytes");
    su_run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged --release 0.11 - \"$2\"", in,
                               tap_env("SV_SVTOOL"), d, NULL };

        su_prog_run(&r, NULL, "/bin/sh", args);
        ok(r.code == 0 && su_same_file(a, d), "  from a pipe: the same bytes");
        su_run_free(&r);
    }
    /* another file system: copy_file_range refuses (EXDEV) and bytes go through */
    snprintf(shm, sizeof shm, "/dev/shm/svtool-cp-%ld.sv", (long)getpid());
    if (stat(su_tmpdir(), &st_tmp) == 0 && stat("/dev/shm", &st_shm) == 0 && st_tmp.st_dev != st_shm.st_dev) {
        unlink(shm);
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, shm);
        ok(r.code == 0 && su_same_file(a, shm), "  to another file system: the same bytes");
        su_run_free(&r);
        unlink(shm);
    } else {
        skip(1, "no /dev/shm on another file system");
    }
    RUN(&r, NULL, "convert", "--to", "legacy", a, back);
    ok(r.code == 0 && su_same_file(in, back), "  and back to legacy: the input byte for byte");
    su_run_free(&r);
    free(x);

    /* cut inside a page: the same error from a file and from a pipe, and no output */
    su_write_file(cut, b.b, page + 8 + 100);
    unlink(d);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", cut, d);
    snprintf(want, sizeof want, "svtool: %s: offset %zu: section \"ram\" instance 0: truncated: "
             "ram page needs 4096 bytes, 100 left\n", cut, page + 8);
    is_int(r.code, 1, "a stream cut inside a page: exit 1");
    is_str(r.err, want, "  naming the page's offset");
    ok(!su_file_exists(d), "  no output");
    su_run_free(&r);
    {
        const char *args[] = { "-c", "cat \"$0\" | \"$1\" convert --to tagged --release 0.11 - \"$2\"", cut,
                               tap_env("SV_SVTOOL"), d, NULL };

        su_prog_run(&r, NULL, "/bin/sh", args);
        snprintf(want, sizeof want, "svtool: -: offset %zu: section \"ram\" instance 0: truncated: "
                 "ram page needs 4096 bytes, 100 left\n", page + 8);
        ok(r.code == 1 && strcmp(r.err, want) == 0 && !su_file_exists(d), "  the same from a pipe");
        su_run_free(&r);
    }
    su_buf_free(&b);
    free(in);
    free(a);
    free(c);
    free(d);
    free(back);
    free(cut);
}

int main(void)
{
    struct su_buf g = { 0 };
    char *f;

    tap_init();
    plan_lazy();
    f = strdup(su_tpath("golden.sv"));
    su_golden_stream(&g, 3, 18);
    su_write_file(f, g.b, g.len);
    test_round_trips();
    test_cards();
    test_shim_bytes();
    test_releases();
    test_output_safety(f);
    test_pipes(f);
    test_copy_paths();
    test_held();
    su_buf_free(&g);
    free(f);
    return 0;
}
