/* Save, load, save again: identical bytes and identical --print-state;
 * a saved machine goes on exactly like the original; corrupted streams
 * fail --load but not --loadvm; the legacy flaw is there on purpose. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu-run.h"
#include "tap.h"

static const char *emu;

/* Runs the emulator with up to 16 arguments; returns its result. */
static int emu_run(struct er_result *r, const char *a0, ...)
{
    const char *argv[18] = { emu };
    va_list ap;
    int n = 1;

    argv[n++] = a0;
    va_start(ap, a0);
    while (n < 17 && (argv[n] = va_arg(ap, const char *)) != NULL)
        n++;
    va_end(ap);
    argv[n] = NULL;
    return er_run(argv, r);
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    uint8_t *x = er_slurp(a, &la), *y = er_slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;

    free(x);
    free(y);
    return same;
}

static const char *line_of(const char *text, const char *key, char *buf, size_t n)
{
    const char *p = strstr(text, key), *e;

    if (!p)
        return "";
    e = strchr(p, '\n');
    snprintf(buf, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
    return buf;
}

/* Counts the live ram section's PART sections and page records. */
static void scan_ram(const uint8_t *s, size_t len, int *parts, int *full_pages, int *fills)
{
    size_t p = 8;

    *parts = *full_pages = *fills = 0;
    while (p < len) {
        uint8_t type = s[p++];

        if (type == 1)
            p += 4 + 1 + s[p + 4] + 8;
        else if (type == 2 || type == 3)
            p += 4, *parts += type == 2;
        else
            return;
        for (;;) {
            uint64_t rec = 0;

            if (p + 8 > len)
                return;
            for (int i = 0; i < 8; i++)
                rec = rec << 8 | s[p++];
            if (rec & 0x02)
                p += 1, ++*fills;
            else if (rec & 0x08)
                p += 4096, ++*full_pages;
            if (rec & 0x10)
                break;
        }
    }
}

static void test_round_trip(void)
{
    struct er_result r1, r2;
    char a[64], b[64];

    emu_run(&r1, "--ticks", "7", "--print-state", "--save", er_scratch("a.sv"), NULL);
    is_int(r1.status, 0, "--ticks 7 --print-state --save");
    like(r1.out, "timer.cpu_clock_offset=7000000\n", "the clock moved");
    emu_run(&r2, "--load", er_scratch("a.sv"), "--print-state", "--save", er_scratch("b.sv"), NULL);
    is_int(r2.status, 0, "--load --print-state --save");
    is_str(r2.out, r1.out, "--print-state identical after load");
    ok(same_file(er_scratch("a.sv"), er_scratch("b.sv")), "save -> load -> save: identical bytes");
    is_str(r2.err, "", "nothing on stderr");
    er_run_free(&r2);

    emu_run(&r2, "--loadvm", er_scratch("a.sv"), "--print-state", NULL);
    is_int(r2.status, 0, "--loadvm of a good stream");
    is_str(r2.out, r1.out, "--loadvm restores the same state");
    er_run_free(&r2);

    /* savevm: the migration's stream, unthrottled (one PART), into FILE only when whole */
    emu_run(&r2, "--ticks", "7", "--rate-limit", "0", "--save", er_scratch("c.sv"), "--savevm", er_scratch("d.sv"),
            "--print-state", NULL);
    is_int(r2.status, 0, "--savevm");
    ok(same_file(er_scratch("c.sv"), er_scratch("d.sv")), "--savevm writes what an unthrottled --save does");
    ok(access(er_scratch("d.sv.part"), F_OK) != 0, "... and leaves no partial file");
    is_str(r2.out, r1.out, "the machine runs on after --savevm");
    er_run_free(&r2);

    /* a loaded machine runs on exactly like the one that was saved */
    emu_run(&r2, "--load", er_scratch("a.sv"), "--ticks", "300", "--print-state", NULL);
    er_run_free(&r1);
    emu_run(&r1, "--ticks", "307", "--print-state", NULL);
    is_str(r2.out, r1.out, "load + 300 ticks == 307 ticks");
    ok(strcmp(line_of(r1.out, "ps2kbd.count=", a, sizeof a), "ps2kbd.count=0") != 0 &&
       strcmp(line_of(r1.out, "fdc@1008.data_pos=", b, sizeof b), "fdc@1008.data_pos=0") != 0,
       "queues and FIFOs are not empty");
    er_run_free(&r1);
    er_run_free(&r2);

    /* power-on state is not the saved state */
    emu_run(&r1, "--print-state", NULL);
    emu_run(&r2, "--load", er_scratch("a.sv"), "--print-state", NULL);
    ok(strcmp(r1.out, r2.out) != 0, "ticks change the printed state");
    er_run_free(&r1);
    er_run_free(&r2);
}

static void test_big_ram(void)
{
    struct er_result r;
    uint8_t *s;
    size_t len;
    int parts, pages, fills;

    emu_run(&r, "--ram-mib", "2", "--ram-seed", "42", "--ticks", "5", "--save",
            er_scratch("big.sv"), NULL);
    is_int(r.status, 0, "--ram-mib 2 --ram-seed 42 --save");
    er_run_free(&r);
    s = er_slurp(er_scratch("big.sv"), &len);
    if (!s)
        bail("no stream");
    ok(len > 2 * 1024 * 1024, "seeded pages are sent whole (%zu bytes)", len);
    scan_ram(s, len, &parts, &pages, &fills);
    is_int(pages, 512, "every page a full PAGE record");
    is_int(fills, 0, "none compressed");
    ok(parts >= 2, "several PART sections under the rate limit (%d)", parts);
    free(s);

    emu_run(&r, "--ram-mib", "2", "--load", er_scratch("big.sv"), "--save", er_scratch("big2.sv"), NULL);
    is_int(r.status, 0, "load it into a 2 MiB machine");
    ok(same_file(er_scratch("big.sv"), er_scratch("big2.sv")), "and save the same bytes");
    er_run_free(&r);

    emu_run(&r, "--ram-mib", "2", "--ram-seed", "43", "--save", er_scratch("big3.sv"), NULL);
    er_run_free(&r);
    ok(!same_file(er_scratch("big.sv"), er_scratch("big3.sv")), "another seed, other pages");

    s = er_slurp(er_scratch("a.sv"), &len);
    scan_ram(s, len, &parts, &pages, &fills);
    ok(fills > 200 && pages > 0, "default RAM: mostly fill-byte pages, a few written (%d, %d)",
       fills, pages);
    free(s);
}

/* Writes a copy of a.sv with one section's bytes changed. */
static const char *patched(const char *name, const char *idstr, int instance, long at, uint8_t v)
{
    struct er_section si[64];
    const struct er_section *f;
    struct er_result r;
    uint8_t *s;
    size_t len;
    int n;

    emu_run(&r, "--sections", er_scratch("c.sections"), "--ticks", "7", "--save", er_scratch("c.sv"), NULL);
    er_run_free(&r);
    n = er_parse_sections(er_scratch("c.sections"), si, 64);
    f = er_find_section(si, n, idstr, instance);
    s = er_slurp(er_scratch("c.sv"), &len);
    if (!f || !s)
        bail("no section %s", idstr);
    s[f->offset + at] = v;
    er_spew(er_scratch(name), s, len);
    free(s);
    return er_scratch(name);
}

static void test_corrupt(void)
{
    struct er_result r;
    const char *bad;
    size_t len;
    uint8_t *s = er_slurp(er_scratch("a.sv"), &len);

    /* truncated in the middle of the device sections */
    er_spew(er_scratch("short.sv"), s, len - 300);
    free(s);
    emu_run(&r, "--load", er_scratch("short.sv"), "--print-state", NULL);
    is_int(r.status, 1, "--load of a truncated stream exits 1");
    is_str(r.err, "load of migration failed\n", "only 'load of migration failed'");
    is_str(r.out, "", "and nothing after it runs");
    er_run_free(&r);
    emu_run(&r, "--loadvm", er_scratch("short.sv"), "--ticks", "1", "--print-state", NULL);
    is_int(r.status, 0, "--loadvm of it carries on");
    is_str(r.err, "Error -5 while loading VM state\n", "with the monitor's message");
    like(r.out, "timer.", "and the machine still runs");
    er_run_free(&r);

    /* a version above the registered one (i8254 v1 -> v2): the last byte
     * of the header, just before the body */
    bad = patched("newer.sv", "i8254", 64, -1, 2);
    emu_run(&r, "--load", bad, NULL);
    is_int(r.status, 1, "--load of a newer section version exits 1");
    like(r.err, "savevm: unsupported version 2 for 'i8254' v1\n", "0.11's version message");
    er_run_free(&r);
    emu_run(&r, "--loadvm", bad, "--print-state", NULL);
    is_int(r.status, 0, "--loadvm carries on");
    like(r.err, "Error -22 while loading VM state", "and says so");
    er_run_free(&r);

    /* an unknown idstr ("serial" -> "serixl") */
    bad = patched("unknown.sv", "serial", 1016, -8 - 6 + 4, 'x');  /* the "a" */
    emu_run(&r, "--load", bad, NULL);
    is_int(r.status, 1, "--load of an unknown section exits 1");
    like(r.err, "Unknown savevm section or instance 'serixl' 1016\n", "0.11's message");
    er_run_free(&r);

    /* The legacy flaw: i8254 at version 0 is refused by its handler, which
     * reads nothing; its first body byte (0) then reads as EOF.  The load
     * "succeeds" and every later section keeps its power-on state. */
    bad = patched("flaw.sv", "i8254", 64, -1, 0);
    emu_run(&r, "--load", bad, "--print-state", NULL);
    is_int(r.status, 0, "legacy flaw: a refused section still loads 'successfully'");
    like(r.out, "timer.cpu_clock_offset=7000000\n", "sections before it are loaded");
    like(r.out, "serial@1016.scr=0\n", "sections after it are silently skipped");
    like(r.out, "i8254@64.channel[0].mode=3\n", "the refused one keeps its old state");
    is_str(r.err, "", "and nothing is reported");
    er_run_free(&r);
}

/* emu-versioned accepts its v1 and v2 layouts. */
static void test_old_versions(void)
{
    struct er_section si[64];
    const struct er_section *f;
    struct er_result r;
    uint8_t *s, *out;
    size_t len;
    int n;

    emu_run(&r, "--sections", er_scratch("v.sections"), "--ticks", "5", "--save", er_scratch("v.sv"), NULL);
    er_run_free(&r);
    n = er_parse_sections(er_scratch("v.sections"), si, 64);
    f = er_find_section(si, n, "emu-versioned", 0);
    s = er_slurp(er_scratch("v.sv"), &len);
    if (!f || !s || f->length != 15)
        bail("no emu-versioned v3 section");
    for (int v = 1; v <= 2; v++) {
        size_t keep = v == 1 ? 6 : 7, m;        /* v1: counter, flags; v2: + mode */

        out = malloc(len);
        memcpy(out, s, (size_t)f->offset + keep);
        m = (size_t)f->offset + keep;
        out[f->offset - 1] = (uint8_t)v;            /* version in the header */
        memcpy(out + m, s + f->offset + 15, len - (size_t)f->offset - 15);
        m += len - (size_t)f->offset - 15;
        er_spew(er_scratch("old.sv"), out, m);
        free(out);
        emu_run(&r, "--load", er_scratch("old.sv"), "--print-state", NULL);
        is_int(r.status, 0, "emu-versioned v%d loads", v);
        like(r.out, "emu-versioned.counter=5\n", "v%d: counter from the stream", v);
        like(r.out, v == 1 ? "emu-versioned.mode=1\n" : "emu-versioned.mode=3\n",
             "v%d: mode %s", v, v == 1 ? "defaults to 1" : "from the stream");
        like(r.out, "emu-versioned.stamp_ns=0\n", "v%d: stamp_ns defaults to 0", v);
        er_run_free(&r);
    }
    free(s);
}

static void test_cli(void)
{
    struct er_result r;

    emu_run(&r, "--bogus", NULL);
    is_int(r.status, 2, "unknown option: exit 2");
    er_run_free(&r);
    emu_run(&r, "--ticks", "x", NULL);
    is_int(r.status, 2, "bad number: exit 2");
    er_run_free(&r);
    emu_run(&r, "--save", er_scratch("no/such/dir/x.sv"), NULL);
    is_int(r.status, 1, "unwritable --save: exit 1");
    er_run_free(&r);
    emu_run(&r, "--load", er_scratch("missing.sv"), NULL);
    is_int(r.status, 1, "missing --load file: exit 1");
    er_run_free(&r);
    emu_run(&r, "--loadvm", er_scratch("missing.sv"), "--print-state", NULL);
    is_int(r.status, 0, "missing --loadvm file: carries on");
    er_run_free(&r);
    emu_run(&r, "--savevm", er_scratch("no/such/dir/x.sv"), "--print-state", NULL);
    is_int(r.status, 0, "unwritable --savevm: carries on");
    like(r.err, "Could not open VM state file\n", "... with the monitor's message");
    ok(r.out_len > 0, "... to the next action");
    er_run_free(&r);
}

int main(void)
{
    tap_init();
    plan_lazy();
    emu = tap_env("SV_EMU");
    test_round_trip();
    test_big_ram();
    test_corrupt();
    test_old_versions();
    test_cli();
    return 0;
}
