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

#define RUN(r, o, ...) svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

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

    ok(json_ok(text, schema, why, sizeof why), "%s: valid JSON matching the schema", what);
    if (!json_ok(text, schema, why, sizeof why))
        diag("%s", why);
}

static void test_golden_text(const char *f)
{
    struct run r;

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
    run_free(&r);

    RUN(&r, NULL, "dump", "--json", f);
    is_int(r.code, 0, "dump --json: exit 0");
    check_json(r.out, "dump", "dump --json");
    like(r.out, "{\"name\": \"cpu_ticks_offset\", \"type\": \"s64\", \"flags\": 0, \"value\": \"1250999896491\"}",
         "  64-bit values as strings");
    like(r.out, "\"format\": \"legacy\"", "  format");
    run_free(&r);

    RUN(&r, NULL, "dump", "--section", "i8254:64", f);
    is_int(count_lines(r.out, "section "), 1, "--section i8254:64: one section");
    run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259", f);
    is_int(count_lines(r.out, "section "), 2, "--section i8259: both instances");
    run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259:7", f);
    is_int(count_lines(r.out, "section "), 0, "--section i8259:7: none");
    is_int(r.code, 0, "  exit 0");
    run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8259:x", f);
    is_int(r.code, 2, "--section i8259:x: usage, exit 2");
    run_free(&r);

    RUN(&r, NULL, "dump", "--ram", "--section", "ram", f);
    is_int(r.code, 0, "dump --ram: exit 0");
    like(r.out, "  page[5] = 255 (fill)\n", "  a compressed page");
    like(r.out, "  page[3] = 01080f161d", "  the full page in hex");
    like(r.out, " (bytes[4096])\n", "  typed bytes[4096]");
    like(r.out, "  mem_size = 65536 (u64)\n", "  the memory size record");
    run_free(&r);
    RUN(&r, NULL, "dump", "--ram", "--json", f);
    check_json(r.out, "dump", "dump --ram --json");
    run_free(&r);
}

static void test_stdin(const char *f)
{
    struct run a, b;
    struct run_opts o = { .in_file = f };

    RUN(&a, NULL, "dump", f);
    RUN(&b, &o, "dump", "-");
    is_int(b.code, 0, "dump -: exit 0");
    ok(a.out_len > 0 && strcmp(a.out, b.out) == 0, "  same text as from the file");
    run_free(&a);
    run_free(&b);
}

/* cat FILE | svtool ARGS - */
static void run_piped(struct run *r, const char *file, const char *a1, const char *a2)
{
    char cmd[200];
    const char *args[] = { "-c", cmd, file, tap_env("SV_SVTOOL"), NULL };

    snprintf(cmd, sizeof cmd, "cat \"$0\" | \"$1\" %s %s -", a1, a2 ? a2 : "");
    prog_run(r, NULL, "/bin/sh", args);
}

/*
 * A file is mapped and its pages passed over; a pipe is read through.
 * Both give the same output, and the same error at the same offset.
 */
static void test_file_vs_pipe(const char *golden)
{
    static const char *const cmds[][2] = { { "dump", NULL }, { "check", NULL }, { "dump", "--json" } };
    char *f = strdup(tpath("big.sv")), *cut = strdup(tpath("big-cut.sv")), want[600];
    struct buf b = { 0 };
    struct run a, p;
    size_t page = golden_stream_ram_record(1500), fill = golden_stream_ram_record(1501);

    golden_stream_ram(&b, 3300);    /* 4.6 MB: more than a mapped window */
    write_file(f, b.b, b.len);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        RUN(&a, NULL, cmds[i][0], f, cmds[i][1]);
        run_piped(&p, f, cmds[i][0], cmds[i][1]);
        is_int(a.code, 0, "%s%s%s of a 3300-page stream: exit 0", cmds[i][0], cmds[i][1] ? " " : "",
               cmds[i][1] ? cmds[i][1] : "");
        ok(p.code == 0 && a.out_len == p.out_len && memcmp(a.out, p.out, a.out_len) == 0,
           "  the same output from a pipe (%zu bytes)", a.out_len);
        run_free(&a);
        run_free(&p);
    }
    RUN(&a, NULL, "dump", f);
    like(a.out, "  pages = 1100 (u64)\n  compressed = 2200 (u64)\n", "  the pages passed over are counted");
    run_free(&a);
    RUN(&a, NULL, "dump", "--ram", golden);
    run_piped(&p, golden, "dump", "--ram");
    ok(a.code == 0 && p.code == 0 && a.out_len == p.out_len && memcmp(a.out, p.out, a.out_len) == 0,
       "dump --ram: the same page bytes from a file and a pipe");
    run_free(&a);
    run_free(&p);

    /* cut inside page 1500's bytes, inside its header, and before fill 1501's byte */
    {
        const struct { size_t len; size_t at; const char *msg; } cuts[] = {
            { page + 8 + 1000, page + 8, "ram page needs 4096 bytes, 1000 left" },
            { page + 3, page, "ram page record needs 8 bytes, 3 left" },
            { fill + 8, fill + 8, "compressed page fill byte needs 1 bytes, 0 left" },
        };

        for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
            write_file(cut, b.b, cuts[i].len);
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
                run_free(&a);
                run_free(&p);
            }
        }
    }
    buf_free(&b);
    free(f);
    free(cut);
}

static void test_errors(const struct buf *g)
{
    char *f = tpath("err.sv"), want[600];
    struct buf b = { 0 };
    struct run r;
    int bad = 0, cuts = 0;

    RUN(&r, NULL, "dump", "/nonexistent/x.sv");
    is_int(r.code, 2, "missing file: exit 2");
    is_str(r.err, "svtool: /nonexistent/x.sv: cannot open: No such file or directory\n", "  message");
    run_free(&r);
    RUN(&r, NULL, "check", "/nonexistent/x.sv");
    is_int(r.code, 2, "check missing file: exit 2");
    run_free(&r);

    /* truncated anywhere: exit 1, "truncated", never a crash */
    for (size_t cut = 0; cut < g->len; cut += cut < 40 ? 1 : 97) {
        write_file(f, g->b, cut);
        RUN(&r, NULL, "check", f);
        cuts++;
        if (r.code != 1 || !strstr(r.err, "truncated") || strncmp(r.err, "svtool: ", 8) != 0) {
            if (!bad++)
                diag("cut at %zu: %s: %s", cut, run_status(&r), r.err);
        }
        run_free(&r);
    }
    ok(bad == 0, "check: %d truncated prefixes fail with exit 1 saying truncated", cuts);
    /* the same for its tagged form */
    {
        char *src = strdup(tpath("err-src.sv")), *tag = strdup(tpath("err-tagged.sv"));
        uint8_t *t;
        size_t tn;

        write_file(src, g->b, g->len);
        unlink(tag);
        RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", src, tag);
        run_free(&r);
        t = read_file(tag, &tn);
        bad = cuts = 0;
        for (size_t cut = 0; t && cut < tn; cut += cut < 40 ? 1 : 89) {
            write_file(f, t, cut);
            RUN(&r, NULL, "check", f);
            cuts++;
            if (r.code != 1 || !strstr(r.err, "truncated")) {
                if (!bad++)
                    diag("cut at %zu: %s: %s", cut, run_status(&r), r.err);
            }
            run_free(&r);
        }
        ok(t && bad == 0, "check: %d truncated prefixes of the tagged form fail with exit 1 saying truncated", cuts);
        free(t);
        free(src);
        free(tag);
    }
    write_file(f, g->b, g->len - 1);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 1, "dump truncated before EOF: exit 1");
    like(r.err, "truncated", "  says truncated");
    run_free(&r);

    /* corrupt: magic, section type */
    buf_put(&b, g->b, g->len);
    b.b[0] = 'X';
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "bad magic: exit 1");
    like(r.err, "svtool: ", "  reported");
    run_free(&r);
    memcpy(b.b, g->b, g->len);
    b.b[golden_pit_count_at - 40 - 19] = 9;             /* the i8254 section's type byte */
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "corrupt section type: exit 1");
    like(r.err, "unknown section type 9", "  says so");
    run_free(&r);
    buf_free(&b);

    /* out of range, in the documented shape */
    golden_stream(&b, 1, 70000);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "i8254 count 70000: exit 1");
    snprintf(want, sizeof want, "svtool: %s: offset %zu: section \"i8254\" instance 64: "
             "field \"channel[1].count\": value 70000 out of range 1..65536\n", f, golden_pit_count_at);
    is_str(r.err, want, "  message names offset, section, instance, field, value, range");
    run_free(&r);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 1, "dump of it: exit 1");
    is_int(count_lines(r.out, "section "), 6, "  the sections before it are shown");
    run_free(&r);
    buf_free(&b);

    /* a device no descriptor knows: its length is unknowable */
    golden_stream_unknown(&b);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 1, "undescribed device: exit 1");
    like(r.err, "section \"frobnicator\" instance 0: no descriptor for device \"frobnicator\" version 1",
         "  names the device");
    like(r.err, "unknowable", "  says why the walk stops");
    is_int(count_lines(r.out, "section "), 14, "  the sections before it are shown");
    run_free(&r);
    buf_free(&b);

    /* trailing bytes */
    buf_put(&b, g->b, g->len);
    buf_put(&b, "junk", 4);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "trailing bytes: exit 1");
    like(r.err, "4 trailing bytes after the end-of-stream marker", "  says so");
    run_free(&r);
    buf_free(&b);

    /* PART of a live section that never started */
    st_header(&b);
    st_ram_part(&b, 7, 2);
    st_ram_eos(&b);
    st_eof(&b);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "PART without START: exit 1");
    like(r.err, "PART section for id 7, which no START opened", "  says so");
    run_free(&r);
    buf_free(&b);
}

/* A tagged body built by hand: no descriptor needed to dump it. */
static void tagged_stream(struct buf *b, const char *idstr, int unknown_field, uint8_t flags)
{
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *body;
    size_t len;
    static const uint16_t arr[3] = { 0x0100, 0x0200, 0x0300 };   /* big-endian bytes 1 0, 2 0, 3 0 */

    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "0.11", "");
    if (strcmp(idstr, "serial") == 0) {
        sv_tenc_uint(&e, "divider", SV_U16, 0, 12);
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
    st_header(b);
    st_full(b, 3, idstr, 0, SV_TAGGED_VERSION, body, len);
    st_eof(b);
    free(body);
}

static void test_tagged(void)
{
    char *f = tpath("tagged.sv");
    struct buf b = { 0 };
    struct run r;

    tagged_stream(&b, "frobnicator", 0, 0);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 0, "tagged section of an undescribed device: dump exit 0");
    like(r.out, "section FULL id=3 idstr=\"frobnicator\" instance=0 version=1398145024 offset=33 length=",
         "  section line");
    like(r.out, " format=tagged legacy_version=3\n", "  tagged, with legacy_version");
    like(r.out, "  on = true (bool)\n", "  bool");
    like(r.out, "  name = \"a\\\"b\\\\\\x01\" (string[5])\n", "  string escapes (F-31)");
    like(r.out, "  v = {1, 2, 3} (u16[3])\n", "  array");
    like(r.out, "  big = 18446744073709551615 (u64)\n", "  u64");
    run_free(&r);
    RUN(&r, NULL, "dump", "--json", f);
    check_json(r.out, "dump", "tagged dump --json");
    like(r.out, "\"value\": \"18446744073709551615\"", "  u64 as a string");
    like(r.out, "\"flags\": 1, \"value\": true", "  flags and bool");
    run_free(&r);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 0, "check: an undescribed tagged section is structurally fine");
    run_free(&r);
    /* the body: magic, then a length beyond the stream (offset 33: body start) */
    b.b[33] = 'X';
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 1, "tagged body with a bad magic: exit 1");
    like(r.err, "svtool: ", "  reported");
    like(r.err, "section \"frobnicator\" instance 0", "  naming the section");
    run_free(&r);
    b.b[33] = 'S';
    b.b[33 + 6] = 0x00, b.b[33 + 7] = 0x10;          /* body length 1 MiB + */
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "tagged body longer than the stream: exit 1");
    like(r.err, "truncated", "  truncated");
    run_free(&r);
    buf_free(&b);

    tagged_stream(&b, "serial", 1, 0);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "check: unknown field not at its default: exit 1");
    like(r.err, "section \"serial\" instance 0: field \"tsr_retry\"", "  names the field");
    run_free(&r);
    buf_free(&b);
    tagged_stream(&b, "serial", 1, SV_FLAG_DEFAULT);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 0, "check: unknown field at its default: ok");
    run_free(&r);
    buf_free(&b);
    tagged_stream(&b, "serial", 1, 0x04);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "check: a reserved flag bit: exit 1");
    like(r.err, "tsr_retry", "  names the field");
    run_free(&r);
    buf_free(&b);
}

/* The cpu section's layout depends on the target: the stream decides. */
static void test_targets(void)
{
    char *f = tpath("cpu.sv");
    struct buf b = { 0 }, body = { 0 }, tail = { 0 };
    struct run r;

    for (int t = 0; t < 2; t++) {
        const char *tgt = t ? "x86_64" : "i386";

        if (default_body("0.11", tgt, "cpu", 10, &body) < 0) {
            skip(3, "no cpu descriptor for %s", tgt);
            continue;
        }
        st_header(&b);
        st_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        timer_stream(&tail, 2, 0);
        buf_put(&b, tail.b + 8, tail.len - 8);          /* its sections, not its header */
        write_file(f, b.b, b.len);
        RUN(&r, NULL, "dump", "--section", "cpu", f);
        is_int(r.code, 0, "cpu %s: told apart without --target", tgt);
        like(r.out, t ? "  regs = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} (u64[16])\n"
                      : "  regs = {0, 0, 0, 0, 0, 0, 0, 0} (u32[8])\n", "  with %s registers", tgt);
        if (r.code)
            diag("%s", r.err);
        run_free(&r);
        RUN(&r, NULL, "dump", "--target", t ? "i386" : "x86_64", f);
        is_int(r.code, 1, "cpu %s read with the other --target: exit 1", tgt);
        run_free(&r);
        buf_free(&b);
        buf_free(&body);
        buf_free(&tail);
    }

    /*
     * An x86_64 body whose bytes after the i386 layout's end look like a
     * section header: both layouts fit, so only --target can say.
     */
    if (default_body("0.11", "x86_64", "cpu", 10, &body) == 0 &&
        default_body("0.11", "i386", "cpu", 10, &tail) == 0) {
        static const uint8_t hdr[] = { 4, 0, 0, 0, 9, 5, 't', 'i', 'm', 'e', 'r', 0, 0, 0, 0, 0, 0, 0, 2 };

        memcpy(body.b + tail.len, hdr, sizeof hdr);
        st_header(&b);
        st_full(&b, 0, "cpu", 0, 10, body.b, body.len);
        st_eof(&b);
        write_file(f, b.b, b.len);
        RUN(&r, NULL, "check", f);
        if (strstr(r.err, "give --target")) {
            is_int(r.code, 2, "cpu: both layouts fit: exit 2");
            like(r.err, "give --target i386 or --target x86_64", "  names the option");
        } else {
            diag("crafted stream: %s: %s", run_status(&r), r.err);
            skip(2, "the crafted body does not fit both layouts");
        }
        run_free(&r);
        RUN(&r, NULL, "check", "--target", "x86_64", f);
        is_int(r.code, 0, "  with --target x86_64: exit 0");
        run_free(&r);
    }
    buf_free(&b);
    buf_free(&body);
    buf_free(&tail);
}

static void test_emu(void)
{
    char *leg = tpath("emu.sv"), *tag = tpath("emu-tagged.sv");
    const struct sv_desc *ring = sv_desc_find("emu", NULL, "emu-ring", 1);
    struct run r;

    if (emu_save(leg, 0, 10) < 0) {
        skip(4, "no emulator");
        return;
    }
    RUN(&r, NULL, "dump", leg);
    if (ring) {
        is_int(r.code, 0, "emu legacy stream: dump exit 0");
    } else {
        is_int(r.code, 1, "emu legacy stream: stops at the first emu-* section (undescribed)");
        like(r.err, "section \"emu-ring\" instance 0: no descriptor", "  naming it");
    }
    like(r.out, "idstr=\"fdc\"", "  the described devices are dumped");
    run_free(&r);
    if (emu_save(tag, 1, 10) < 0) {
        skip(4, "no shim");
        return;
    }
    RUN(&r, NULL, "dump", tag);
    is_int(r.code, 0, "emu tagged stream (the shim's save): dump exit 0");
    like(r.out, "idstr=\"emu-ring\" instance=0 version=1398145024 ", "  every section, emu-* too");
    run_free(&r);
    RUN(&r, NULL, "dump", "--json", "--ram", tag);
    check_json(r.out, "dump", "emu tagged dump --json --ram");
    run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "check of the shim's save: exit 0");
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
}

static void test_descriptors(void)
{
    struct run r;

    RUN(&r, NULL, "descriptors");
    is_int(r.code, 0, "descriptors: exit 0");
    like(r.out, "release=0.11 target=i386 idstr=\"cpu\" versions=", "  the cpu per target");
    like(r.out, "release=0.10 target=- idstr=\"i8254\" versions=1..1\n", "  a target-independent device");
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.10", "--target", "x86_64");
    is_int(r.code, 0, "descriptors --release 0.10 --target x86_64: exit 0");
    ok(!strstr(r.out, "release=0.11") && !strstr(r.out, "target=i386"), "  filtered");
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--json");
    check_json(r.out, "descriptors", "descriptors --json");
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.12");
    is_int(r.code, 2, "descriptors --release 0.12: exit 2");
    like(r.err, "unknown release \"0.12\"", "  message");
    run_free(&r);
}

static void test_usage(const char *f)
{
    struct run r;

    RUN(&r, NULL, "frob");
    is_int(r.code, 2, "unknown subcommand: exit 2");
    run_free(&r);
    RUN(&r, NULL, "dump");
    is_int(r.code, 2, "dump without a file: exit 2");
    run_free(&r);
    RUN(&r, NULL, "dump", "--bogus", f);
    is_int(r.code, 2, "dump --bogus: exit 2");
    run_free(&r);
    RUN(&r, NULL, "check", "--target", "sparc", f);
    is_int(r.code, 2, "--target sparc: exit 2");
    run_free(&r);
    RUN(&r, NULL, "--help");
    is_int(r.code, 0, "--help: exit 0");
    like(r.out, "svtool dump", "  usage on stdout");
    run_free(&r);
    RUN(&r, NULL, "dump", "--release", "0.10", f);
    is_int(r.code, 0, "golden with --release 0.10: exit 0 (shared layouts)");
    run_free(&r);
}

int main(void)
{
    struct buf g = { 0 };
    char *f;

    tap_init();
    plan_lazy();
    f = strdup(tpath("golden.sv"));
    golden_stream(&g, 1, 18);
    write_file(f, g.b, g.len);
    test_golden_text(f);
    test_stdin(f);
    test_file_vs_pipe(f);
    test_errors(&g);
    test_tagged();
    test_targets();
    test_emu();
    test_descriptors();
    test_usage(f);
    buf_free(&g);
    free(f);
    return 0;
}
