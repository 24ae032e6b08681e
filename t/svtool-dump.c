/* svtool dump, check and descriptors: output, JSON, and every error path. */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "desc.h"
#include "sv-tagged.h"
#include "svtool-streams.h"
#include "tap.h"

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

static int count_lines(const char *text, const char *prefix)
{
    int n = 0;
    size_t k = strlen(prefix);

    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, prefix, k) == 0)
            n++;
    return n;
}

static void check_json(const char *text, const char *schema, const char *what)
{
    char why[600];

    ok(su_json_ok(text, schema, why, sizeof why), "%s: valid JSON matching the schema", what);
    if (!su_json_ok(text, schema, why, sizeof why))
        diag("%s", why);
}

static void test_golden_text(const char *f)
{
    struct su_run r;

    RUN(&r, NULL, "dump", f);
    is_int(r.code, 0, "dump golden: exit 0");
    is_int(count_lines(r.out, "section "), 15, "  15 sections");
    like(r.out, "section START id=0 idstr=\"ram\" instance=0 version=3 offset=25 ", "  ram START line");
    like(r.out, "  pages = 1 (u64)\n  compressed = 15 (u64)\n", "  ram summarised by kind");
    like(r.out, "section FULL id=6 idstr=\"i8254\" instance=64 version=1 offset=", "  i8254 section line");
    like(r.out, " length=88 format=legacy\n  channel[0].count = 65536 (u32)\n", "  length and first field");
    like(r.out, "  channel[1].mode = 7 (u8)\n", "  a u8 field");
    like(r.out, "  cpu_clock_offset = -5000 (s64)\n", "  a negative s64");
    like(r.out, "  cmos_data = 101316191c", "  bytes in hex");
    like(r.out, " (bytes[128])\n", "  bytes type with its length (F-12)");
    like(r.out, "  regs[2].now = {-1, 1} (s32[2])\n", "  an array as {a, b}");
    ok(strstr(r.out, "legacy_version=") == NULL, "  no legacy_version on legacy sections");
    ok(strstr(r.out, "opaque") == NULL, "  the word opaque does not appear");
    is_str(r.err, "", "  nothing on stderr");
    su_run_free(&r);

    RUN(&r, NULL, "dump", "--json", f);
    is_int(r.code, 0, "dump --json: exit 0");
    check_json(r.out, "dump", "dump --json");
    like(r.out, "{\"name\": \"cpu_ticks_offset\", \"type\": \"s64\", \"flags\": 0, \"value\": \"1250999896491\"}",
         "  64-bit values as strings");
    like(r.out, "\"format\": \"legacy\"", "  format");
    su_run_free(&r);

    RUN(&r, NULL, "dump", "--section", "i8254:64", f);
    is_int(count_lines(r.out, "section "), 1, "--section i8254:64: one section");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259", f);
    is_int(count_lines(r.out, "section "), 2, "--section i8259: both instances");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259:7", f);
    is_int(count_lines(r.out, "section "), 0, "--section i8259:7: none");
    is_int(r.code, 0, "  exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259:x", f);
    is_int(r.code, 2, "--section i8259:x: usage, exit 2");
    su_run_free(&r);

    RUN(&r, NULL, "dump", "--ram", "--section", "ram", f);
    is_int(r.code, 0, "dump --ram: exit 0");
    like(r.out, "  page[5] = 255 (fill)\n", "  a compressed page");
    like(r.out, "  page[3] = 01080f161d", "  the full page in hex");
    like(r.out, " (bytes[4096])\n", "  typed bytes[4096]");
    like(r.out, "  mem_size = 65536 (u64)\n", "  the memory size record");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--ram", "--json", f);
    check_json(r.out, "dump", "dump --ram --json");
    su_run_free(&r);
}

static void test_stdin(const char *f)
{
    struct su_run a, b;
    struct su_run_opts o = { .in_file = f };

    RUN(&a, NULL, "dump", f);
    RUN(&b, &o, "dump", "-");
    is_int(b.code, 0, "dump -: exit 0");
    ok(a.out_len > 0 && strcmp(a.out, b.out) == 0, "  same text as from the file");
    su_run_free(&a);
    su_run_free(&b);
}

/* cat FILE | svtool ARGS - */
static void run_piped(struct su_run *r, const char *file, const char *a1, const char *a2)
{
    char cmd[200];
    const char *args[] = { "-c", cmd, file, tap_env("SV_SVTOOL"), NULL };

    snprintf(cmd, sizeof cmd, "cat \"$0\" | \"$1\" %s %s -", a1, a2 ? a2 : "");
    su_prog_run(r, NULL, "/bin/sh", args);
}

/*
 * A file is mapped and its pages passed over; a pipe is read through.
 * Both give the same output, and the same error at the same offset.
 */
static void test_file_vs_pipe(const char *golden)
{
    static const char *const cmds[][2] = { { "dump", NULL }, { "check", NULL }, { "dump", "--json" } };
    char *f = strdup(su_tpath("big.sv")), *cut = strdup(su_tpath("big-cut.sv")), want[600];
    struct su_buf b = { 0 };
    struct su_run a, p;
    size_t page = su_golden_stream_ram_record(1500), fill = su_golden_stream_ram_record(1501);

    su_golden_stream_ram(&b, 3300);    /* 4.6 MB: more than a mapped window */
    su_write_file(f, b.b, b.len);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        RUN(&a, NULL, cmds[i][0], f, cmds[i][1]);
        run_piped(&p, f, cmds[i][0], cmds[i][1]);
        is_int(a.code, 0, "%s%s%s of a 3300-page stream: exit 0", cmds[i][0], cmds[i][1] ? " " : "",
               cmds[i][1] ? cmds[i][1] : "");
        ok(p.code == 0 && a.out_len == p.out_len && memcmp(a.out, p.out, a.out_len) == 0,
           "  the same output from a pipe (%zu bytes)", a.out_len);
        su_run_free(&a);
        su_run_free(&p);
    }
    RUN(&a, NULL, "dump", f);
    like(a.out, "  pages = 1100 (u64)\n  compressed = 2200 (u64)\n", "  the pages passed over are counted");
    su_run_free(&a);
    RUN(&a, NULL, "dump", "--ram", golden);
    run_piped(&p, golden, "dump", "--ram");
    ok(a.code == 0 && p.code == 0 && a.out_len == p.out_len && memcmp(a.out, p.out, a.out_len) == 0,
       "dump --ram: the same page bytes from a file and a pipe");
    su_run_free(&a);
    su_run_free(&p);

    /* cut inside page 1500's bytes, inside its header, and before fill 1501's byte */
    {
        const struct { size_t len; size_t at; const char *msg; } cuts[] = {
            { page + 8 + 1000, page + 8, "ram page needs 4096 bytes, 1000 left" },
            { page + 3, page, "ram page record needs 8 bytes, 3 left" },
            { fill + 8, fill + 8, "compressed page fill byte needs 1 bytes, 0 left" },
        };

        for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
            su_write_file(cut, b.b, cuts[i].len);
            for (size_t c = 0; c < 2; c++) {
                RUN(&a, NULL, cmds[c][0], cut);
                run_piped(&p, cut, cmds[c][0], NULL);
                snprintf(want, sizeof want, "svtool: %s: offset %zu: section \"ram\" instance 0: truncated: %s\n",
                         cut, cuts[i].at, cuts[i].msg);
                is_int(a.code, 1, "%s cut at %zu: exit 1", cmds[c][0], cuts[i].len);
                is_str(a.err, want, "  names the record and offset");
                snprintf(want, sizeof want, "svtool: -: offset %zu: section \"ram\" instance 0: truncated: %s\n",
                         cuts[i].at, cuts[i].msg);
                ok(p.code == 1 && strcmp(p.err, want) == 0, "  the same from a pipe");
                if (strcmp(p.err, want) != 0)
                    diag("pipe: %s", p.err);
                su_run_free(&a);
                su_run_free(&p);
            }
        }
    }
    su_buf_free(&b);
    free(f);
    free(cut);
}

/* ---- streams the cases below run on ---- */

static struct su_buf golden;            /* su_golden_stream(1, 18) */

static void golden_cut(struct su_buf *b)
{
    su_buf_put(b, golden.b, golden.len - 1);
}

static void bad_magic(struct su_buf *b)
{
    su_buf_put(b, golden.b, golden.len);
    b->b[0] = 'X';
}

static void bad_section_type(struct su_buf *b)
{
    su_buf_put(b, golden.b, golden.len);
    b->b[su_golden_pit_count_at - 40 - 19] = 9;        /* the i8254 section's type byte */
}

static void pit_70000(struct su_buf *b)
{
    su_golden_stream(b, 1, 70000);
}

static void trailing_junk(struct su_buf *b)
{
    su_buf_put(b, golden.b, golden.len);
    su_buf_put(b, "junk", 4);
}

/* PART of a live section that never started */
static void part_without_start(struct su_buf *b)
{
    su_header(b);
    su_ram_part(b, 7, 2);
    su_ram_eos(b);
    su_eof(b);
}

/* A tagged body built by hand: no descriptor needed to dump it. */
static void tagged_stream(struct su_buf *b, const char *idstr, int unknown_field, uint8_t flags)
{
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *body;
    size_t len;
    static const uint16_t arr[3] = { 0x0100, 0x0200, 0x0300 };   /* big-endian bytes 1 0, 2 0, 3 0 */

    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    if (strcmp(idstr, "serial") == 0) {
        sv_tenc_uint(&e, "divider", SV_U16, 0, 12);
        sv_tenc_uint(&e, "fcr", SV_U8, 0, 0);           /* required (F-18) */
        if (unknown_field)     /* the encoder refuses reserved bits: patched below */
            sv_tenc_uint(&e, "tsr_retry", SV_U8, flags & SV_FLAGS_RESERVED ? 0 : flags, 3);
    } else {
        sv_tenc_uint(&e, "speed", SV_U32, 0, 9600);
        sv_tenc_uint(&e, "on", SV_BOOL, SV_FLAG_DEFAULT, 1);
        sv_tenc_field(&e, "name", SV_STRING, 0, 5, "a\"b\\\x01");
        sv_tenc_field(&e, "v", SV_U16 | SV_ARRAY, 0, 3, arr);
        sv_tenc_uint(&e, "big", SV_U64, 0, 0xffffffffffffffffULL);
    }
    body = sv_tenc_take(&e, &len, &err);
    if (!body)
        bail("tagged body: %s", err.msg);
    if (flags & SV_FLAGS_RESERVED) {
        uint8_t *p = memmem(body, len, "tsr_retry", 9);

        if (!p)
            bail("tsr_retry not in the body");
        p[9 + 1] = flags;                               /* name, type, flags */
    }
    su_header(b);
    su_full(b, 3, idstr, 0, SV_TAGGED_VERSION, body, len);
    su_eof(b);
    free(body);
}

/* the tagged section's body starts at 33 */
static void frob(struct su_buf *b)
{
    tagged_stream(b, "frobnicator", 0, 0);
}

static void frob_bad_magic(struct su_buf *b)
{
    frob(b);
    b->b[33] = 'X';
}

static void frob_too_long(struct su_buf *b)
{
    frob(b);
    b->b[33 + 6] = 0x00, b->b[33 + 7] = 0x10;          /* body length 1 MiB + */
}

static void serial_unknown(struct su_buf *b)
{
    tagged_stream(b, "serial", 1, 0);
}

static void serial_unknown_default(struct su_buf *b)
{
    tagged_stream(b, "serial", 1, SV_FLAG_DEFAULT);
}

static void serial_reserved_flag(struct su_buf *b)
{
    tagged_stream(b, "serial", 1, 0x04);
}

/*
 * One svtool run on a stream: the command and its options (the file goes
 * last), the exit code, what stdout and stderr must hold, how many
 * sections the output shows (-1: not counted), and whether stdout is dump
 * JSON to check.
 */
struct run_case {
    const char *what;
    void (*stream)(struct su_buf *b);
    const char *args[4];
    int code;
    const char *out[6], *err[3];
    int sections;
    int json;
};

static const struct run_case cases[] = {
    { "dump truncated before EOF", golden_cut, { "dump" }, 1, .err = { "truncated" }, .sections = -1 },
    { "bad magic", bad_magic, { "check" }, 1, .err = { "svtool: " }, .sections = -1 },
    { "corrupt section type", bad_section_type, { "check" }, 1, .err = { "unknown section type 9" },
      .sections = -1 },
    { "dump of i8254 count 70000", pit_70000, { "dump" }, 1, .sections = 6 },
    /* a device no descriptor knows: its length is unknowable */
    { "undescribed device", su_golden_stream_unknown, { "dump" }, 1,
      .err = { "section \"frobnicator\" instance 0: no descriptor for device \"frobnicator\" version 1",
               "unknowable" }, .sections = 14 },
    { "trailing bytes", trailing_junk, { "check" }, 1,
      .err = { "4 trailing bytes after the end-of-stream marker" }, .sections = -1 },
    { "PART without START", part_without_start, { "check" }, 1,
      .err = { "PART section for id 7, which no START opened" }, .sections = -1 },
    { "tagged section of an undescribed device: dump", frob, { "dump" }, 0,
      .out = { "section FULL id=3 idstr=\"frobnicator\" instance=0 version=1398145024 offset=33 length=",
               " format=tagged legacy_version=3\n", "  on = true (bool)\n",
               "  name = \"a\\\"b\\\\\\x01\" (string[5])\n",         /* F-31 escapes */
               "  v = {1, 2, 3} (u16[3])\n", "  big = 18446744073709551615 (u64)\n" }, .sections = -1 },
    { "tagged dump --json", frob, { "dump", "--json" }, 0,
      .out = { "\"value\": \"18446744073709551615\"", "\"flags\": 1, \"value\": true" }, .sections = -1,
      .json = 1 },
    { "check: an undescribed tagged section is structurally fine", frob, { "check" }, 0, .sections = -1 },
    { "tagged body with a bad magic", frob_bad_magic, { "dump" }, 1,
      .err = { "svtool: ", "section \"frobnicator\" instance 0" }, .sections = -1 },
    { "tagged body longer than the stream", frob_too_long, { "check" }, 1, .err = { "truncated" },
      .sections = -1 },
    { "check: unknown field not at its default", serial_unknown, { "check" }, 1,
      .err = { "section \"serial\" instance 0: field \"tsr_retry\"" }, .sections = -1 },
    { "check: unknown field at its default", serial_unknown_default, { "check" }, 0, .sections = -1 },
    { "check: a reserved flag bit", serial_reserved_flag, { "check" }, 1, .err = { "tsr_retry" },
      .sections = -1 },
};

static void run_cases(void)
{
    char *f = su_tpath("case.sv");

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct run_case *c = &cases[i];
        const char *args[8];
        struct su_buf b = { 0 };
        struct su_run r;
        size_t n = 0;

        c->stream(&b);
        su_write_file(f, b.b, b.len);
        su_buf_free(&b);
        for (; n < 4 && c->args[n]; n++)
            args[n] = c->args[n];
        args[n++] = f;
        args[n] = NULL;
        su_svtool_run(&r, NULL, args);
        is_int(r.code, c->code, "%s: exit %d", c->what, c->code);
        if (r.code != c->code)
            diag("%s", r.err);
        for (size_t k = 0; k < 6 && c->out[k]; k++)
            like(r.out, c->out[k], "%s: stdout", c->what);
        for (size_t k = 0; k < 3 && c->err[k]; k++)
            like(r.err, c->err[k], "%s: stderr", c->what);
        if (c->sections >= 0)
            is_int(count_lines(r.out, "section "), c->sections, "%s: the sections before it are shown",
                   c->what);
        if (c->json)
            check_json(r.out, "dump", c->what);
        su_run_free(&r);
    }
}

static void test_errors(const struct su_buf *g)
{
    char *f = su_tpath("err.sv"), want[600];
    struct su_buf b = { 0 };
    struct su_run r;
    int bad = 0, cuts = 0;

    RUN(&r, NULL, "dump", "/nonexistent/x.sv");
    is_int(r.code, 2, "missing file: exit 2");
    is_str(r.err, "svtool: /nonexistent/x.sv: cannot open: No such file or directory\n", "  message");
    su_run_free(&r);
    RUN(&r, NULL, "check", "/nonexistent/x.sv");
    is_int(r.code, 2, "check missing file: exit 2");
    su_run_free(&r);

    /* truncated anywhere: exit 1, "truncated", never a crash */
    for (size_t cut = 0; cut < g->len; cut += cut < 40 ? 1 : 97) {
        su_write_file(f, g->b, cut);
        RUN(&r, NULL, "check", f);
        cuts++;
        if (r.code != 1 || !strstr(r.err, "truncated") || strncmp(r.err, "svtool: ", 8) != 0) {
            if (!bad++)
                diag("cut at %zu: %s: %s", cut, su_run_status(&r), r.err);
        }
        su_run_free(&r);
    }
    ok(bad == 0, "check: %d truncated prefixes fail with exit 1 saying truncated", cuts);
    /* the same for its tagged form */
    {
        char *src = strdup(su_tpath("err-src.sv")), *tag = strdup(su_tpath("err-tagged.sv"));
        uint8_t *t;
        size_t tn;

        su_write_file(src, g->b, g->len);
        unlink(tag);
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", src, tag);
        su_run_free(&r);
        t = su_read_file(tag, &tn);
        bad = cuts = 0;
        for (size_t cut = 0; t && cut < tn; cut += cut < 40 ? 1 : 89) {
            su_write_file(f, t, cut);
            RUN(&r, NULL, "check", f);
            cuts++;
            if (r.code != 1 || !strstr(r.err, "truncated")) {
                if (!bad++)
                    diag("cut at %zu: %s: %s", cut, su_run_status(&r), r.err);
            }
            su_run_free(&r);
        }
        ok(t && bad == 0, "check: %d truncated prefixes of the tagged form fail with exit 1 saying truncated", cuts);
        free(t);
        free(src);
        free(tag);
    }

    /* out of range, in the documented shape */
    su_golden_stream(&b, 1, 70000);
    su_write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "i8254 count 70000: exit 1");
    snprintf(want, sizeof want, "svtool: %s: offset %zu: section \"i8254\" instance 64: "
             "field \"channel[1].count\": value 70000 out of range 1..65536\n", f, su_golden_pit_count_at);
    is_str(r.err, want, "  message names offset, section, instance, field, value, range");
    su_run_free(&r);
    su_buf_free(&b);
}

/* The cpu section's layout depends on the target: the stream decides. */
static void test_targets(void)
{
    char *f = su_tpath("cpu.sv");
    struct su_buf b = { 0 }, body = { 0 }, tail = { 0 };
    struct su_run r;

    for (int t = 0; t < 2; t++) {
        const char *tgt = t ? "x86_64" : "i386";

        if (su_default_body("0.11", tgt, "cpu", 10, &body) < 0)
            bail("no cpu v10 body for %s", tgt);
        su_header(&b);
        su_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        su_timer_stream(&tail, 2, 0);
        su_buf_put(&b, tail.b + 8, tail.len - 8);          /* its sections, not its header */
        su_write_file(f, b.b, b.len);
        RUN(&r, NULL, "dump", "--section", "cpu", f);
        is_int(r.code, 0, "cpu %s: told apart without --target", tgt);
        like(r.out, t ? "  regs = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} (u64[16])\n"
                      : "  regs = {0, 0, 0, 0, 0, 0, 0, 0} (u32[8])\n", "  with %s registers", tgt);
        if (r.code)
            diag("%s", r.err);
        su_run_free(&r);
        RUN(&r, NULL, "dump", "--target", t ? "i386" : "x86_64", f);
        is_int(r.code, 1, "cpu %s read with the other --target: exit 1", tgt);
        su_run_free(&r);
        su_buf_free(&b);
        su_buf_free(&body);
        su_buf_free(&tail);
    }

    /*
     * An x86_64 body whose bytes after the i386 layout's end look like a
     * section header: both layouts fit, so only --target can say.
     */
    if (su_default_body("0.11", "x86_64", "cpu", 10, &body) < 0 ||
        su_default_body("0.11", "i386", "cpu", 10, &tail) < 0)
        bail("no cpu v10 bodies");
    {
        static const uint8_t hdr[] = { 4, 0, 0, 0, 9, 5, 't', 'i', 'm', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 2 };

        memcpy(body.b + tail.len, hdr, sizeof hdr);
        su_header(&b);
        su_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        su_eof(&b);
        su_write_file(f, b.b, b.len);
        RUN(&r, NULL, "check", f);
        is_int(r.code, 2, "cpu: both layouts fit: exit 2");
        like(r.err, "give --target i386 or --target x86_64", "  names the option");
        su_run_free(&r);
        RUN(&r, NULL, "check", "--target", "x86_64", f);
        is_int(r.code, 0, "  with --target x86_64: exit 0");
        su_run_free(&r);
    }
    su_buf_free(&b);
    su_buf_free(&body);
    su_buf_free(&tail);
}

static void test_emu(void)
{
    char *leg = su_tpath("emu.sv"), *tag = su_tpath("emu-tagged.sv");
    struct su_run r;

    if (su_emu_save(leg, 0, 10) < 0) {
        skip(3, "no emulator");
        return;
    }
    /* release "emu" describes the emulator's own emu-* devices (descriptors/emu.c) */
    RUN(&r, NULL, "dump", leg);
    is_int(r.code, 0, "emu legacy stream: dump exit 0");
    like(r.out, "idstr=\"emu-ring\" instance=0 version=1 ", "  its emu-* sections decoded");
    like(r.out, "idstr=\"fdc\"", "  and the pc devices");
    su_run_free(&r);
    if (su_emu_save(tag, 1, 10) < 0) {
        skip(4, "no shim");
        return;
    }
    RUN(&r, NULL, "dump", tag);
    is_int(r.code, 0, "emu tagged stream (the shim's save): dump exit 0");
    like(r.out, "idstr=\"emu-ring\" instance=0 version=1398145024 ", "  every section, emu-* too");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--json", "--ram", tag);
    check_json(r.out, "dump", "emu tagged dump --json --ram");
    su_run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "check of the shim's save: exit 0");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
}

/* Bytes as a Python expression giving the same bytes. */
static void py_bytes(char *buf, size_t len, const uint8_t *b, size_t n)
{
    size_t k = (size_t)snprintf(buf, len, "bytes([");

    for (size_t i = 0; i < n && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%u", i ? ", " : "", b[i]);
    snprintf(buf + k, k < len ? len - k : 0, "])");
}

/*
 * dump --json decoded by python3's json module: the section name and a
 * string holding quotes, backslashes, control bytes and bytes above 0x7e
 * come back as the same bytes (doc/svtool.1: each byte one code point,
 * U+0000..U+00FF), and every other value as its type says.
 */
static void test_json_values(void)
{
    static const uint8_t idstr[] = { 'q', '"', 'u', '\\', 'o', 0x7f, 0xc3, 0xa9, 0xff, '/', 't', 'e' };
    static const uint8_t str[] = { '"', '\\', 0x01, 0x08, '\t', '\n', 0x1f, ' ', '/', 0x7f, 0x80, 0xc3, 0xa9, 0xff, 'x' };
    static const uint8_t bytes[] = { 0x00, 0x5c, 0x22, 0xff };
    static const uint16_t arr[3] = { 0x0100, 0xffff, 0x0000 };     /* big-endian: 1, 65535, 0 */
    char id[sizeof idstr + 1], *f = su_tpath("json.sv"), script[4096], pid[400], pstr[400];
    struct sv_tenc e;
    struct sv_error err;
    struct su_buf b = { 0 };
    struct su_run r, py;
    struct su_run_opts o;
    uint8_t *body;
    size_t len;

    memcpy(id, idstr, sizeof idstr);
    id[sizeof idstr] = 0;
    sv_tenc_begin(&e, SV_KIND_FIELDS, 7, "0.11", "");
    sv_tenc_field(&e, "text", SV_STRING, 0, sizeof str, str);
    sv_tenc_field(&e, "raw", SV_BYTES, 0, sizeof bytes, bytes);
    sv_tenc_uint(&e, "big", SV_U64, 0, UINT64_MAX);
    sv_tenc_uint(&e, "neg", SV_S64, SV_FLAG_DEFAULT, (uint64_t)INT64_MIN);
    sv_tenc_uint(&e, "small", SV_S8, 0, (uint8_t)-128);
    sv_tenc_uint(&e, "flag", SV_BOOL, 0, 1);
    sv_tenc_field(&e, "arr", SV_U16 | SV_ARRAY, 0, 3, arr);
    body = sv_tenc_take(&e, &len, &err);
    if (!body)
        bail("json body: %s", err.msg);
    su_header(&b);
    su_full(&b, 9, id, 3, SV_TAGGED_VERSION, body, len);
    su_eof(&b);
    su_write_file(f, b.b, b.len);
    free(body);
    su_buf_free(&b);

    RUN(&r, NULL, "dump", "--json", f);
    is_int(r.code, 0, "dump --json of hostile names and strings: exit 0");
    py_bytes(pid, sizeof pid, idstr, sizeof idstr);
    py_bytes(pstr, sizeof pstr, str, sizeof str);
    snprintf(script, sizeof script,
             "import json, sys\n"
             "d = json.load(sys.stdin)\n"
             "s = d['sections'][0]\n"
             "want = {'type': 'FULL', 'section_id': 9, 'idstr': %s.decode('latin-1'), 'instance': 3,\n"
             "        'version': 1398145024, 'legacy_version': 7, 'format': 'tagged'}\n"
             "got = {k: s[k] for k in want}\n"
             "if got != want: print('header', got); sys.exit(1)\n"
             "fields = [(f['name'], f['type'], f['flags'], f['value']) for f in s['fields']]\n"
             "want = [('text', 'string[%zu]', 0, %s.decode('latin-1')),\n"
             "        ('raw', 'bytes[4]', 0, '005c22ff'),\n"
             "        ('big', 'u64', 0, '18446744073709551615'),\n"
             "        ('neg', 's64', 1, '-9223372036854775808'),\n"
             "        ('small', 's8', 0, -128),\n"
             "        ('flag', 'bool', 0, True),\n"
             "        ('arr', 'u16[3]', 0, [1, 65535, 0])]\n"
             "if fields != want: print('fields', fields); sys.exit(1)\n"
             "if len(d['sections']) != 1: print('sections'); sys.exit(1)\n",
             pid, sizeof str, pstr);
    o = (struct su_run_opts){ .in_file = su_tpath("json-out") };
    su_write_file(o.in_file, r.out, r.out_len);
    su_prog_run(&py, &o, "python3", (const char *const[]){ "-c", script, NULL });
    is_int(py.code, 0, "  python3's json module reads back every value, the name and string byte for byte");
    if (py.code)
        diag("%s%s", py.out, py.err);
    su_run_free(&py);
    su_run_free(&r);
}

static void test_descriptors(void)
{
    struct su_run r;

    RUN(&r, NULL, "descriptors");
    is_int(r.code, 0, "descriptors: exit 0");
    like(r.out, "release=0.11 target=i386 idstr=\"cpu\" versions=", "  the cpu per target");
    like(r.out, "release=0.10 target=- idstr=\"i8254\" versions=1..1 from=hand-written\n",
         "  a target-independent device");
    /* hw/fdc.c of v0.12.3: vmstate_fdc, versions 2..2, in the tables derived from the binaries */
    like(r.out, "release=0.12 target=- idstr=\"fdc\" versions=2..2 from=\"built-in v0.12.3-i386.svd\"\n",
         "  a table derived from a binary, with where it comes from");
    /* target-i386/machine.c: CPU_SAVE_VERSION 11 (v0.12.3), 12 (qemu-kvm-0.12.1.2), minimum 3 */
    like(r.out, "release=0.12 target=x86_64 idstr=\"cpu\" versions=3..11 from=\"built-in v0.12.3-x86_64.svd\"\n",
         "  0.12's cpu per target");
    like(r.out, "release=qemu-kvm-0.12 target=i386 idstr=\"cpu\" versions=3..12 "
         "from=\"built-in qemu-kvm-0.12.1.2-i386.svd\"\n", "  qemu-kvm's cpu v12");
    like(r.out, "release=0.12 target=- idstr=\"slirp\" versions=1..3 from=hand-written\n",
         "  0.12's hand-written slirp");
    su_run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.10", "--target", "x86_64");
    is_int(r.code, 0, "descriptors --release 0.10 --target x86_64: exit 0");
    ok(!strstr(r.out, "release=0.11") && !strstr(r.out, "target=i386"), "  filtered");
    su_run_free(&r);
    RUN(&r, NULL, "descriptors", "--json");
    check_json(r.out, "descriptors", "descriptors --json");
    su_run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.13");
    is_int(r.code, 2, "descriptors --release 0.13: exit 2");
    like(r.err, "unknown release \"0.13\"", "  message");
    su_run_free(&r);
}

/* block-migration.c of v0.12.3: a "block" START before ram's, a device
 * block and the 100% progress record in its END, as blk_send and
 * block_save_live write them */
static void block_stream(struct su_buf *b)
{
    static uint8_t chunk[1u << 20];

    chunk[0] = 0xab;
    su_header(b);
    su_buf_u8(b, 1);
    su_buf_be(b, 4, 0);
    su_buf_u8(b, 5);
    su_buf_put(b, "block", 5);
    su_buf_be(b, 4, 0);
    su_buf_be(b, 4, 1);
    su_buf_be(b, 8, 0x02);                         /* EOS */
    su_ram_start(b, 1, 0x10000);
    su_ram_fill(b, 0x1000, 0x5a);
    su_ram_eos(b);
    su_ram_part(b, 0, 3);                       /* block END */
    su_buf_be(b, 8, (uint64_t)2048 << 9 | 0x01);   /* the second chunk */
    su_buf_u8(b, 8);
    su_buf_put(b, "ide0-hd0", 8);
    su_buf_put(b, chunk, sizeof chunk);
    su_buf_be(b, 8, (uint64_t)100 << 9 | 0x04);
    su_buf_be(b, 8, 0x02);
    su_ram_part(b, 1, 3);
    su_ram_eos(b);
    su_eof(b);
}

static void test_block(void)
{
    struct su_buf b = { 0 };
    char *f = strdup(su_tpath("block.sv")), *t = strdup(su_tpath("block-t.sv")), *l = strdup(su_tpath("block-l.sv"));
    size_t n;
    uint8_t *back;
    struct su_run r;

    block_stream(&b);
    su_write_file(f, b.b, b.len);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 0, "a 0.12 stream with a block section: dump exit 0");
    like(r.out, "section START id=0 idstr=\"block\" instance=0 version=1 offset=27 length=8 format=live",
         "  the block START, its one EOS record");
    like(r.out, "section END id=0 idstr=\"block\" instance=0 version=1 offset=82 length=1048609 format=live\n"
         "  records = 3 (u64)\n  blocks = 1 (u64)\n  progress = 100 (u64)\n  bytes = 1048609 (u64)\n",
         "  its END: a block, the progress, 1 MiB and 33 bytes");
    like(r.out, "section END id=1 idstr=\"ram\"", "  the ram END after it");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--ram", "--section", "block", f);
    ok(strstr(r.out, "  block[2048].device = \"ide0-hd0\" (string[8])\n  block[2048].data = ab0000") != NULL,
       "dump --ram: the block's device and data by sector");
    ok(strstr(r.out, "0000 (bytes[1048576])\n  progress = 100 (u64)\n") != NULL, "  then the progress record");
    su_run_free(&r);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 0, "check: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "check", "--release", "0.11", f);
    is_int(r.code, 1, "check --release 0.11: exit 1");
    like(r.err, "offset 8: section \"block\" instance 0: live section \"block\": release 0.11 has no live "
         "section of that name", "  0.11 has no block section, at its header");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.12", f, t);
    is_int(r.code, 0, "convert --to tagged: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", t, l);
    is_int(r.code, 0, "convert --to legacy: exit 0");
    su_run_free(&r);
    back = su_read_file(l, &n);
    ok(back && n == b.len && memcmp(back, b.b, n) == 0, "the block records pass through byte for byte");
    free(back);
    b.len -= 1u << 19;
    su_write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "a stream cut inside the block data: exit 1");
    like(r.err, "offset 99: section \"block\" instance 0: truncated: block data needs 1048576 bytes",
         "  names the section, the data and where it starts");
    su_run_free(&r);
    su_buf_free(&b);
    free(f);
    free(t);
    free(l);
}

static void test_usage(const char *f)
{
    struct su_run r;

    RUN(&r, NULL, "frob");
    is_int(r.code, 2, "unknown subcommand: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "dump");
    is_int(r.code, 2, "dump without a file: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--bogus", f);
    is_int(r.code, 2, "dump --bogus: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "check", "--target", "sparc", f);
    is_int(r.code, 2, "--target sparc: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "--help");
    is_int(r.code, 0, "--help: exit 0");
    like(r.out, "svtool dump", "  usage on stdout");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--release", "0.10", f);
    is_int(r.code, 0, "golden with --release 0.10: exit 0 (shared layouts)");
    su_run_free(&r);
}

int main(void)
{
    struct su_buf g = { 0 };
    char *f;

    tap_init();
    plan_lazy();
    f = strdup(su_tpath("golden.sv"));
    su_golden_stream(&g, 1, 18);
    su_write_file(f, g.b, g.len);
    test_golden_text(f);
    test_stdin(f);
    test_file_vs_pipe(f);
    test_errors(&g);
    golden = g;
    run_cases();
    test_targets();
    test_emu();
    test_json_values();
    test_descriptors();
    test_block();
    test_usage(f);
    su_buf_free(&g);
    free(f);
    return 0;
}
