/* The emulator's 0.12 build: its own streams round-trip (bytes and state),
 * the stream has 0.12.3's shape (block first, section ids, the timer's
 * dummy), the VMState tables behave like 0.12.3's (field_exists, variable
 * arrays, nested structs, version gates, the old loader, pre_save,
 * post_load, "equal" infos), block migration carries the disk, the 0.12
 * loader checks every section's result, and qdev unplug unregisters by
 * description.  Expected bytes come from v0.12.3's sources (cited). */
#include <config.h>

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu-run.h"
#include "tap.h"

static const char *emu, *emu011;

static int run_with(const char *prog, struct er_result *r, const char *a0, va_list ap)
{
    const char *argv[24] = { prog, a0 };
    int n = 2;

    while (n < 23 && (argv[n] = va_arg(ap, const char *)) != NULL)
        n++;
    argv[n] = NULL;
    return er_run(argv, r);
}

static int emu_run(struct er_result *r, const char *a0, ...)
{
    va_list ap;
    int k;

    va_start(ap, a0);
    k = run_with(emu, r, a0, ap);
    va_end(ap);
    return k;
}

static int emu011_run(struct er_result *r, const char *a0, ...)
{
    va_list ap;
    int k;

    va_start(ap, a0);
    k = run_with(emu011, r, a0, ap);
    va_end(ap);
    return k;
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

static uint64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Saves after `ticks` ticks with a --sections listing; the stream in *s. */
static int save_listed(const char *name, const char *ticks, struct er_section *si, uint8_t **s,
                       size_t *len)
{
    char listing[64];
    struct er_result r;
    int n;

    snprintf(listing, sizeof listing, "%s.sections", name);
    emu_run(&r, "--sections", er_scratch(listing), "--ticks", ticks, "--save", er_scratch(name), NULL);
    if (r.status != 0)
        bail("saving %s: %s", name, r.err);
    er_run_free(&r);
    n = er_parse_sections(er_scratch(listing), si, 64);
    *s = er_slurp(er_scratch(name), len);
    if (n <= 0 || !*s)
        bail("no sections in %s", name);
    return n;
}

/* A copy of stream s with one section's version and body replaced. */
static const char *rewritten(const char *name, const uint8_t *s, size_t len, const struct er_section *f,
                             int version, const uint8_t *body, size_t blen)
{
    size_t m = (size_t)f->offset;
    uint8_t *out = malloc(len + blen);

    memcpy(out, s, m);
    out[m - 4] = (uint8_t)(version >> 24), out[m - 3] = (uint8_t)(version >> 16);
    out[m - 2] = (uint8_t)(version >> 8), out[m - 1] = (uint8_t)version;
    memcpy(out + m, body, blen);
    memcpy(out + m + blen, s + f->offset + f->length, len - (size_t)(f->offset + f->length));
    er_spew(er_scratch(name), out, m + blen + len - (size_t)(f->offset + f->length));
    free(out);
    return er_scratch(name);
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

static void test_round_trip(void)
{
    struct er_result r1, r2;

    /* pre_save writes emu-bus's checksum: the state to compare is the one after the save */
    emu_run(&r1, "--ticks", "7", "--save", er_scratch("a.sv"), "--print-state", NULL);
    is_int(r1.status, 0, "--ticks 7 --save --print-state");
    is_str(r1.err, "", "nothing on stderr");
    emu_run(&r2, "--load", er_scratch("a.sv"), "--print-state", "--save", er_scratch("b.sv"), NULL);
    is_int(r2.status, 0, "--load --print-state --save");
    is_str(r2.out, r1.out, "--print-state identical after load");
    ok(same_file(er_scratch("a.sv"), er_scratch("b.sv")), "save -> load -> save: identical bytes");
    is_str(r2.err, "", "nothing on stderr");
    er_run_free(&r2);

    emu_run(&r2, "--loadvm", er_scratch("a.sv"), "--print-state", NULL);
    is_int(r2.status, 0, "--loadvm");
    is_str(r2.out, r1.out, "--loadvm restores the same state");
    er_run_free(&r2);

    emu_run(&r2, "--ticks", "7", "--rate-limit", "0", "--save", er_scratch("c.sv"), "--savevm", er_scratch("d.sv"),
            "--print-state", NULL);
    is_int(r2.status, 0, "--savevm");
    ok(same_file(er_scratch("c.sv"), er_scratch("d.sv")), "--savevm writes what an unthrottled --save does");
    is_str(r2.out, r1.out, "the machine runs on after --savevm");
    er_run_free(&r2);
    er_run_free(&r1);

    emu_run(&r1, "--ticks", "3", "--save", er_scratch("e.sv"), "--ticks", "300", "--print-state", NULL);
    emu_run(&r2, "--load", er_scratch("e.sv"), "--ticks", "300", "--print-state", NULL);
    is_str(r2.out, r1.out, "a loaded machine runs on like the one that saved (load + 300 ticks)");
    er_run_free(&r1);
    er_run_free(&r2);

    /* a small rate limit: several rounds; 0.12 iterates one live section until it converges */
    emu_run(&r1, "--ram-mib", "2", "--ram-seed", "3", "--rate-limit", "100000", "--ticks", "2", "--save",
            er_scratch("big.sv"), "--print-state", NULL);
    emu_run(&r2, "--ram-mib", "2", "--load", er_scratch("big.sv"), "--print-state", NULL);
    ok(r1.status == 0 && r2.status == 0 && strcmp(r1.out, r2.out) == 0,
       "2 MiB of seeded RAM over several rounds round-trips");
    er_run_free(&r1);
    er_run_free(&r2);
}

/* Section order and ids of 0.12.3's vl.c: blk_mig_init (block), then timer
 * (vmstate_register), then ram; the block section without disks to send is
 * one EOS record per stage (block-migration.c: BLK_MIG_FLAG_EOS 0x02). */
static void test_stream_shape(void)
{
    static const uint8_t head[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3,
        0x01, 0, 0, 0, 0, 5, 'b', 'l', 'o', 'c', 'k', 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0x02,
        0x01, 0, 0, 0, 2, 3, 'r', 'a', 'm', 0, 0, 0, 0, 0, 0, 0, 3,
    };
    struct er_section si[64];
    const struct er_section *t, *t11;
    struct er_section si11[64];
    struct er_result r;
    uint8_t *s, *s11;
    size_t len, len11;
    int n, n11;

    n = save_listed("shape.sv", "3", si, &s, &len);
    ok(len > sizeof head && memcmp(s, head, sizeof head) == 0,
       "header, START block (id 0, v1, one EOS record), START ram (id 2, v3)");
    t = er_find_section(si, n, "timer", 0);
    ok(t && t->version == 2 && t->length == 24 && be(s + t->offset - 4 - 4 - 1 - 5 - 4, 4) == 1,
       "timer: v2, 24 bytes, section id 1");
    /* vl.c: TimersState.dummy is never written; 0.11.1 saved ticks_per_sec there */
    ok(t && be(s + t->offset + 8, 8) == 0, "timer: the second be64 is 0.12's dummy (0)");
    ok(er_find_section(si, n, "emu-bus", 0) != NULL && strcmp(si[n - 1].idstr, "emu-bus") == 0,
       "emu-bus is the last section");

    emu011_run(&r, "--sections", er_scratch("shape11.sections"), "--ticks", "3", "--save", er_scratch("shape11.sv"),
               NULL);
    er_run_free(&r);
    n11 = er_parse_sections(er_scratch("shape11.sections"), si11, 64);
    s11 = er_slurp(er_scratch("shape11.sv"), &len11);
    t11 = er_find_section(si11, n11, "timer", 0);
    ok(t11 && t && be(s11 + t11->offset + 8, 8) == 1000000000 &&
       memcmp(s11 + t11->offset, s + t->offset, 8) == 0 &&
       memcmp(s11 + t11->offset + 16, s + t->offset + 16, 8) == 0,
       "timer: otherwise the 0.11 build's bytes (0.11.1 writes ticks_per_sec 10^9)");
    /* the same wire versions in 0.11.1 (hand-coded) and 0.12.3 (tables) write the same bytes */
    for (int i = 0; i < n11; i++) {
        const struct er_section *a = &si11[i], *b = er_find_section(si, n, a->idstr, a->instance);

        if (strcmp(a->idstr, "timer") == 0)
            continue;
        ok(b && b->version == a->version && b->length == a->length &&
           memcmp(s + b->offset, s11 + a->offset, (size_t)a->length) == 0,
           "%s instance %d: the 0.11 build's bytes", a->idstr, a->instance);
    }
    free(s11);
    free(s);
}

/* emu-disk's identify has a field_exists that reads identify_set, loaded
 * just before it: 13 bytes until the guest asks (tick 2), 525 after. */
static void test_field_exists(void)
{
    struct er_section si[64];
    const struct er_section *d;
    struct er_result r;
    uint8_t *s, zero = 0;
    size_t len;
    int n;

    n = save_listed("fe1.sv", "1", si, &s, &len);
    d = er_find_section(si, n, "emu-disk", 0);
    ok(d && d->length == 13, "emu-disk before IDENTIFY: 13 bytes (no identify)");
    free(s);
    n = save_listed("fe3.sv", "3", si, &s, &len);
    d = er_find_section(si, n, "emu-disk", 0);
    ok(d && d->length == 525 && s[d->offset + 8] == 1, "after: identify_set 1 and 512 more bytes");
    if (d) {
        /* identify_set 0 in the stream: the loader must not expect the block */
        uint8_t body[13];

        memcpy(body, s + d->offset, 9);
        body[8] = zero;
        memcpy(body + 9, s + d->offset + 521, 4);
        rewritten("fe0.sv", s, len, d, 1, body, sizeof body);
        emu_run(&r, "--load", er_scratch("fe0.sv"), "--print-state", NULL);
        is_int(r.status, 0, "a 13-byte emu-disk with identify_set 0 loads");
        like(r.out, "emu-disk.identify_set=0\n", "... identify_set from the stream");
        like(r.out, "emu-bus.nslots=4\n", "... and the sections after it are read in place");
        er_run_free(&r);
    }
    free(s);
}

/* emu-bus, 7 ticks: what each field of its table writes. */
static void test_emu_bus(void)
{
    struct er_section si[64];
    const struct er_section *b;
    struct er_result r;
    uint8_t *s, *body;
    size_t len;
    char buf[64], want[64];
    int n;

    n = save_listed("bus.sv", "7", si, &s, &len);
    b = er_find_section(si, n, "emu-bus", 0);
    if (!b)
        bail("no emu-bus section");
    body = s + b->offset;
    /* int32 4, unused 2, 4 x (u8, u8[4], be32), be16 nlog, be32 x nlog, be32 stamp,
     * be64 timer, unused 1, be32 checksum */
    ok(b->version == 2 && b->length == 4 + 2 + 4 * 9 + 2 + 4 * 7 + 4 + 8 + 1 + 4,
       "v2, %ld bytes: 7 log entries", b->length);
    is_uint(be(body, 4), 4, "nslots (int32 equal) 4");
    is_uint(be(body + 4, 2), 0, "the first unused: two zeros");
    is_uint(body[6], 0x10, "slot[0].id: the nested table's first field");
    is_uint(body[6 + 9], 0x11, "slot[1].id: the next element 9 bytes on");
    is_uint(be(body + 42, 2), 7, "nlog 7, the count of the variable array that follows");
    is_uint(be(body + 44 + 6 * 4, 4), 7u * 1000003u, "log[6]: the last tick's entry");
    is_uint(be(body + 72, 4), 7000, "stamp: 7000 us as be32 (its field is 64 bits)");
    is_uint(be(body + 76, 8), 12000000, "timer: fired at tick 6, armed at tick 7 for tick 12 (ns)");
    is_uint(body[84], 0, "the second unused: one zero");
    emu_run(&r, "--ticks", "7", "--print-state", "--save", er_scratch("bus2.sv"), "--print-state", NULL);
    ok(strstr(r.out, "emu-bus.checksum=0\n") != NULL, "the checksum is 0 before the first save");
    snprintf(want, sizeof want, "emu-bus.checksum=%llu", (unsigned long long)be(body + 85, 4));
    {
        const char *second = strstr(r.out, "emu-bus.checksum=");

        ok(second && be(body + 85, 4) != 0 &&
           strcmp(line_of(second + 1, "emu-bus.checksum=", buf, sizeof buf), want) == 0,
           "pre_save wrote the checksum the stream carries (%s)", want);
    }
    er_run_free(&r);

    {
        uint8_t *copy = malloc((size_t)b->length);

        memcpy(copy, body, (size_t)b->length);
        copy[3] = 5;
        rewritten("bus-eq.sv", s, len, b, 2, copy, (size_t)b->length);
        emu_run(&r, "--load", er_scratch("bus-eq.sv"), "--print-state", NULL);
        is_int(r.status, 1, "nslots 5 in the stream: the load fails (int32 equal)");
        like(r.err, "qemu: warning: error while loading state for instance 0x0 of device 'emu-bus'\n",
             "... with 0.12's message");
        er_run_free(&r);
        memcpy(copy, body, (size_t)b->length);
        copy[7] ^= 1;
        rewritten("bus-sum.sv", s, len, b, 2, copy, (size_t)b->length);
        emu_run(&r, "--load", er_scratch("bus-sum.sv"), "--print-state", NULL);
        is_int(r.status, 1, "a slot that does not match the checksum: post_load fails the load");
        er_run_free(&r);
        memcpy(copy, body, (size_t)b->length);
        copy[4] = 0xff;
        rewritten("bus-unused.sv", s, len, b, 2, copy, (size_t)b->length);
        emu_run(&r, "--load", er_scratch("bus-unused.sv"), "--print-state", NULL);
        is_int(r.status, 0, "what an unused field holds is dropped");
        er_run_free(&r);

        /* v1: no nlog, no log, no second unused (version_id 2 fields) */
        {
            uint8_t v1[4 + 2 + 36 + 4 + 8 + 4];

            memcpy(v1, body, 42);
            memcpy(v1 + 42, body + 72, 12);
            memcpy(v1 + 54, body + 85, 4);
            rewritten("bus-v1.sv", s, len, b, 1, v1, sizeof v1);
            emu_run(&r, "--load", er_scratch("bus-v1.sv"), "--print-state", NULL);
            is_int(r.status, 0, "emu-bus v1 loads through the table (minimum_version_id 1)");
            like(r.out, "emu-bus.nlog=0\n", "... nlog keeps its power-on value");
            like(r.out, "emu-bus.stamp=7000\n", "... the fields after the gated ones in place");
            er_run_free(&r);
        }
        free(copy);
    }
    free(s);
}

/* emu-versioned v3: a table from v2 (stamp_ns since v3, pre_load zeroing
 * it), v1 through load_state_old; the core refuses above v3, the table
 * below minimum_version_id_old. */
static void test_old_versions(void)
{
    struct er_section si[64];
    const struct er_section *v, *t;
    struct er_result r;
    uint8_t *s;
    size_t len;
    int n;

    n = save_listed("ver.sv", "5", si, &s, &len);
    v = er_find_section(si, n, "emu-versioned", 0);
    t = er_find_section(si, n, "timer", 0);
    if (!v || v->length != 15 || !t)
        bail("no emu-versioned v3 section");
    rewritten("ver1.sv", s, len, v, 1, s + v->offset, 6);
    /* 10 ticks first: mode 2, stamp_ns 10 ms, which the old loader must reset */
    emu_run(&r, "--ticks", "10", "--load", er_scratch("ver1.sv"), "--print-state", NULL);
    is_int(r.status, 0, "v1 loads through the device's old loader");
    ok(strstr(r.out, "emu-versioned.counter=5\n") && strstr(r.out, "emu-versioned.mode=1\n") &&
       strstr(r.out, "emu-versioned.stamp_ns=0\n"), "v1: counter from the stream, mode 1, stamp_ns 0");
    er_run_free(&r);
    rewritten("ver2.sv", s, len, v, 2, s + v->offset, 7);
    emu_run(&r, "--ticks", "9", "--load", er_scratch("ver2.sv"), "--print-state", NULL);
    is_int(r.status, 0, "v2 loads through the table");
    ok(strstr(r.out, "emu-versioned.mode=3\n") && strstr(r.out, "emu-versioned.stamp_ns=0\n"),
       "v2: mode from the stream, stamp_ns 0 from pre_load (not the 9 ticks' value)");
    er_run_free(&r);
    rewritten("ver0.sv", s, len, v, 0, s + v->offset, 0);
    emu_run(&r, "--load", er_scratch("ver0.sv"), NULL);
    is_int(r.status, 1, "v0 is refused (below minimum_version_id_old)");
    like(r.err, "error while loading state for instance 0x0 of device 'emu-versioned'", "... naming it");
    er_run_free(&r);
    rewritten("ver4.sv", s, len, v, 4, s + v->offset, 15);
    emu_run(&r, "--load", er_scratch("ver4.sv"), NULL);
    like(r.err, "savevm: unsupported version 4 for 'emu-versioned' v3", "v4: the core refuses it");
    er_run_free(&r);

    /* vmstate_timers: minimum version 1, cpu_clock_offset since v2 */
    rewritten("timer1.sv", s, len, t, 1, s + t->offset, 16);
    emu_run(&r, "--load", er_scratch("timer1.sv"), "--print-state", NULL);
    is_int(r.status, 0, "timer v1 loads");
    ok(strstr(r.out, "timer.cpu_ticks_offset=12000000\n") && strstr(r.out, "timer.cpu_clock_offset=0\n"),
       "timer v1: the TSC from the stream, the clock untouched");
    er_run_free(&r);
    free(s);
}

/* 0.12's loader fails on a section's error, where 0.11's ran on. */
static void test_checked_loads(void)
{
    struct er_section si[64];
    const struct er_section *net;
    struct er_result r;
    uint8_t *s;
    size_t len;
    int n;

    n = save_listed("chk.sv", "4", si, &s, &len);
    net = er_find_section(si, n, "emu-net", 0);
    if (!net)
        bail("no emu-net");
    s[net->offset + 2] = 0x77;      /* the first marker */
    er_spew(er_scratch("chk-bad.sv"), s, len);
    emu_run(&r, "--loadvm", er_scratch("chk-bad.sv"), "--print-state", NULL);
    is_int(r.status, 0, "--loadvm carries on");
    like(r.err, "qemu: warning: error while loading state for instance 0x0 of device 'emu-net'\n",
         "a bad marker in a hand-coded section fails the load, named");
    like(r.err, "Error -22 while loading VM state", "... and the monitor says so");
    er_run_free(&r);
    er_spew(er_scratch("chk-short.sv"), s, (size_t)net->offset);
    emu_run(&r, "--load", er_scratch("chk-short.sv"), NULL);
    is_int(r.status, 1, "a stream cut before a section's body fails the incoming migration");
    er_run_free(&r);
    {
        uint8_t v2[8] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 2 };

        er_spew(er_scratch("v2.sv"), v2, sizeof v2);
        emu_run(&r, "--load", er_scratch("v2.sv"), NULL);
        like(r.err, "SaveVM v2 format is obsolete and don't work anymore\n", "a v2 container: 0.12's message");
        er_run_free(&r);
    }
    free(s);
}

/* migrate -b: the disk in 1 MiB chunks (block-migration.c: be64 sector << 9
 * | 0x01, u8 name length, name, 1 MiB), PROGRESS records, EOS per stage. */
static void test_block(void)
{
    struct er_result r1, r2;
    uint8_t *s;
    size_t len, p = 8, name_len = strlen("ide0-hd0");
    int chunks = 0, progress[8], np = 0, eos = 0, bad = 0;
    uint64_t sectors[4];

    emu_run(&r1, "--disk-seed", "9", "--blk", "--save", er_scratch("blk.sv"), "--print-state", NULL);
    is_int(r1.status, 0, "--disk-seed 9 --blk --save");
    like(r1.err, "Start full migration for ide0-hd0\n", "the monitor says block migration started");
    s = er_slurp(er_scratch("blk.sv"), &len);
    /* the live sections: block (section id 0) and ram (id 2), up to the first FULL */
    while (s && p < len && s[p] >= 1 && s[p] <= 3) {
        int type = s[p], is_block = be(s + p + 1, 4) == 0;

        p += 5;
        if (type == 1)
            p += 1 + s[p] + 8;
        for (;;) {
            uint64_t rec = be(s + p, 8);

            p += 8;
            if (!is_block) {            /* ram: skip its pages */
                p += rec & 0x02 ? 1 : rec & 0x08 ? 4096 : 0;
                if (rec & 0x10)
                    break;
                continue;
            }
            if (rec & 0x01) {
                if (s[p] != name_len || memcmp(s + p + 1, "ide0-hd0", name_len) != 0)
                    bad++;
                if (chunks < 4)
                    sectors[chunks] = rec >> 9;
                chunks++;
                p += 1 + name_len + (1 << 20);
            } else if (rec & 0x04) {
                if (np < 8)
                    progress[np] = (int)(rec >> 9);
                np++;
            } else if (rec == 0x02) {
                eos++;
                break;
            } else {
                bad++;
                break;
            }
        }
    }
    is_int(bad, 0, "device blocks name ide0-hd0, no unknown record");
    ok(chunks == 2 && sectors[0] == 0 && sectors[1] == 2048, "2 MiB disk: chunks at sectors 0 and 2048 (%d)",
       chunks);
    /* the percentage before each chunk, then 100 once none is left, then END's 100 */
    ok(np == 4 && progress[0] == 0 && progress[1] == 50 && progress[2] == 100 && progress[3] == 100,
       "progress records 0, 50, 100, 100 (%d records)", np);
    ok(p < len && s[p] == 4 && eos >= 3, "each of the block section's parts ends with EOS (%d)", eos);
    free(s);

    emu_run(&r2, "--load", er_scratch("blk.sv"), "--print-state", NULL);
    is_int(r2.status, 0, "a machine without the seed loads it");
    is_str(r2.out, r1.out, "... and has the sender's disk");
    like(r2.err, "Receiving block device images\n", "the receiver reports progress (on stderr)");
    er_run_free(&r2);
    er_run_free(&r1);

    emu_run(&r1, "--disk-mib", "1", "--load", er_scratch("blk.sv"), NULL);
    is_int(r1.status, 1, "a 1 MiB disk cannot take a chunk at sector 2048");
    er_run_free(&r1);
    s = er_slurp(er_scratch("blk.sv"), &len);
    {
        uint8_t *name = memmem(s, len, "\x08ide0-hd0", 9);

        if (name)
            name[4] = 'X';
    }
    er_spew(er_scratch("blk-name.sv"), s, len);
    emu_run(&r1, "--load", er_scratch("blk-name.sv"), NULL);
    like(r1.err, "Error unknown block device ideX-hd0\n", "an unknown device name is refused");
    is_int(r1.status, 1, "... and fails the load");
    er_run_free(&r1);
    free(s);
}

/* qdev's unplug: vmstate_unregister by description and opaque. */
static void test_unplug(void)
{
    struct er_section si[64];
    struct er_result r;
    int n;

    emu_run(&r, "--unplug", "emu-bus", "--unplug", "emu-disk", "--unplug", "emu-net", "--sections",
            er_scratch("un.sections"), "--ticks", "2", "--save", er_scratch("un.sv"), NULL);
    is_int(r.status, 0, "unplug two qdev devices and a hand-coded one, then save");
    er_run_free(&r);
    n = er_parse_sections(er_scratch("un.sections"), si, 64);
    ok(n > 10 && !er_find_section(si, n, "emu-bus", 0) && !er_find_section(si, n, "emu-disk", 0) &&
       !er_find_section(si, n, "emu-net", 0) && er_find_section(si, n, "emu-versioned", 0),
       "their sections are gone, the others stay");
    emu_run(&r, "--unplug", "i8259", NULL);
    is_int(r.status, 2, "i8259 (vmstate_register, not qdev) cannot be unplugged");
    er_run_free(&r);
    emu_run(&r, "--unplug", "emu-bus", "--savevm", er_scratch("un2.sv"), "--load", er_scratch("un.sv"), NULL);
    is_int(r.status, 0, "unplug then savevm; a stream without those sections loads (0.12 does not ask for them)");
    er_run_free(&r);
}

int main(void)
{
    tap_init();
    plan_lazy();
    emu = tap_env("SV_EMU_012");
    emu011 = tap_env("SV_EMU");
    test_round_trip();
    test_stream_shape();
    test_field_exists();
    test_emu_bus();
    test_old_versions();
    test_checked_loads();
    test_block();
    test_unplug();
    return 0;
}
