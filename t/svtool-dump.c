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
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.10", "--target", "x86_64");
    is_int(r.code, 0, "descriptors --release 0.10 --target x86_64: exit 0");
    ok(!strstr(r.out, "release=0.11") && !strstr(r.out, "target=i386"), "  filtered");
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--json");
    check_json(r.out, "descriptors", "descriptors --json");
    run_free(&r);
    RUN(&r, NULL, "descriptors", "--release", "0.13");
    is_int(r.code, 2, "descriptors --release 0.13: exit 2");
    like(r.err, "unknown release \"0.13\"", "  message");
    run_free(&r);
}

/* block-migration.c of v0.12.3: a "block" START before ram's, a device
 * block and the 100% progress record in its END, as blk_send and
 * block_save_live write them */
static void block_stream(struct buf *b)
{
    static uint8_t chunk[1u << 20];

    chunk[0] = 0xab;
    st_header(b);
    buf_u8(b, 1);
    buf_be(b, 4, 0);
    buf_u8(b, 5);
    buf_put(b, "block", 5);
    buf_be(b, 4, 0);
    buf_be(b, 4, 1);
    buf_be(b, 8, 0x02);                         /* EOS */
    st_ram_start(b, 1, 0x10000);
    st_ram_fill(b, 0x1000, 0x5a);
    st_ram_eos(b);
    st_ram_part(b, 0, 3);                       /* block END */
    buf_be(b, 8, (uint64_t)2048 << 9 | 0x01);   /* the second chunk */
    buf_u8(b, 8);
    buf_put(b, "ide0-hd0", 8);
    buf_put(b, chunk, sizeof chunk);
    buf_be(b, 8, (uint64_t)100 << 9 | 0x04);
    buf_be(b, 8, 0x02);
    st_ram_part(b, 1, 3);
    st_ram_eos(b);
    st_eof(b);
}

static void test_block(void)
{
    struct buf b = { 0 };
    char *f = strdup(tpath("block.sv")), *t = strdup(tpath("block-t.sv")), *l = strdup(tpath("block-l.sv"));
    size_t n;
    uint8_t *back;
    struct run r;

    block_stream(&b);
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "dump", f);
    is_int(r.code, 0, "a 0.12 stream with a block section: dump exit 0");
    like(r.out, "section START id=0 idstr=\"block\" instance=0 version=1 offset=27 length=8 format=live",
         "  the block START, its one EOS record");
    like(r.out, "section END id=0 idstr=\"block\" instance=0 version=1 offset=82 length=1048609 format=live\n"
         "  records = 3 (u64)\n  blocks = 1 (u64)\n  progress = 100 (u64)\n  bytes = 1048609 (u64)\n",
         "  its END: a block, the progress, 1 MiB and 33 bytes");
    like(r.out, "section END id=1 idstr=\"ram\"", "  the ram END after it");
    run_free(&r);
    RUN(&r, NULL, "dump", "--ram", "--section", "block", f);
    ok(strstr(r.out, "  block[2048].device = \"ide0-hd0\" (string[8])\n  block[2048].data = ab0000") != NULL,
       "dump --ram: the block's device and data by sector");
    ok(strstr(r.out, "0000 (bytes[1048576])\n  progress = 100 (u64)\n") != NULL, "  then the progress record");
    run_free(&r);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 0, "check: exit 0");
    run_free(&r);
    RUN(&r, NULL, "check", "--release", "0.11", f);
    is_int(r.code, 1, "check --release 0.11: exit 1");
    like(r.err, "offset 8: section \"block\" instance 0: live section \"block\": release 0.11 has no live "
         "section of that name", "  0.11 has no block section, at its header");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.12", f, t);
    is_int(r.code, 0, "convert --to tagged: exit 0");
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", t, l);
    is_int(r.code, 0, "convert --to legacy: exit 0");
    run_free(&r);
    back = read_file(l, &n);
    ok(back && n == b.len && memcmp(back, b.b, n) == 0, "the block records pass through byte for byte");
    free(back);
    b.len -= 1u << 19;
    write_file(f, b.b, b.len);
    RUN(&r, NULL, "check", f);
    is_int(r.code, 1, "a stream cut inside the block data: exit 1");
    like(r.err, "offset 99: section \"block\" instance 0: truncated: block data needs 1048576 bytes",
         "  names the section, the data and where it starts");
    run_free(&r);
    buf_free(&b);
    free(f);
    free(t);
    free(l);
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
    test_errors(&g);
    test_tagged();
    test_targets();
    test_emu();
    test_descriptors();
    test_block();
    test_usage(f);
    buf_free(&g);
    free(f);
    return 0;
}
