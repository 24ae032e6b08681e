/*
 * The shim on 0.12's core (the emulator's 0.12 build): VMState sections
 * registered with vmstate_register are wrapped and run the binary's own
 * walker; qdev's hot-unplug (vmstate_unregister, by description and
 * opaque) still finds them; block and ram load through the shim's record
 * checks; failures end the emulator naming the section.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "shimtest.h"
#include "tap.h"

static const char *emu, *dir;
static char logpath[600];

static char *path(const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    return p;
}

/* The emulator with arguments up to a NULL, under the shim or not. */
static int emu_run(int shim, struct proc *p, va_list ap)
{
    const char *argv[16] = { emu };
    int n = 1;

    while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
        n++;
    argv[n] = NULL;
    return shim ? st_exec(logpath, argv, NULL, p) : proc_run(argv, NULL, NULL, p);
}

static int shimmed(struct proc *p, ...)
{
    va_list ap;
    int r;

    va_start(ap, p);
    r = emu_run(1, p, ap);
    va_end(ap);
    return r;
}

static int plain(struct proc *p, ...)
{
    va_list ap;
    int r;

    va_start(ap, p);
    r = emu_run(0, p, ap);
    va_end(ap);
    return r;
}

static int log_has(const char *needle)
{
    return st_file_has(logpath, needle);
}

static void test_wrapped(void)
{
    char *t = path("t.sv");
    struct proc p;

    shimmed(&p, "--ticks", "5", "--save", t, NULL);
    is_int(p.status, 0, "a tagged save");
    ok(log_has("vmstate_register \"emu-bus\" instance 0 v2: wrapped at v"),
       "vmstate_register's sections are wrapped (emu-bus)");
    ok(log_has("vmstate_register \"i8259\" instance 160 v1: wrapped"), "... each instance (i8259 at 160)");
    ok(log_has("register \"block\" instance 0 v1: live, load watched") &&
       log_has("register \"ram\" instance 0 v3: live, load watched"),
       "the 8-argument register_savevm_live: block and ram are live, their loads watched");
    /* the tables as dev-emu-bus.c declares them, read in the process and named by symbol */
    ok(log_has("VMState description vmstate_bus: 9 fields: nslots:vmstate_info_int32_equal "
               "unused:vmstate_info_unused_buffer slot:vmstate_bus_slot nlog:vmstate_info_uint16 "
               "log:vmstate_info_uint32 stamp:vmstate_info_emu_stamp32 timer:vmstate_info_timer "
               "unused:vmstate_info_unused_buffer checksum:vmstate_info_uint32"),
       "emu-bus's description is read in-process: fields, infos and the nested description by symbol");
    ok(log_has("VMState description vmstate_disk: 7 fields: ") && log_has(" identify:vmstate_info_buffer "),
       "... emu-disk's too");
    ok(log_has("register \"emu-net\" instance 0 v1: wrapped at v"), "a hand-coded section is wrapped");
    ok(log_has("save \"emu-net\" instance 0 v1: tagged"), "... and tagged through its descriptor");
    ok(log_has("vmstate_register \"emu-bus\" instance 0 v2: wrapped at v1398145024, described") &&
       log_has("vmstate_register \"emu-disk\" instance 0 v1: wrapped at v1398145024, described"),
       "their descriptors are derived in the process (emu-disk's field_exists from the release's overlay)");
    ok(log_has("save \"emu-bus\" instance 0 v2: tagged, 81 legacy bytes") &&     /* 5 ticks: 5 log entries */
       log_has("save \"emu-disk\" instance 0 v1: tagged, 525 legacy bytes") &&
       log_has("save \"timer\" instance 0 v2: tagged, 24 legacy bytes"),
       "VMState sections are saved tagged, each from the bytes the binary's walker wrote");
    {
        size_t len;
        char *buf = slurp(t, &len);

        /* 0.12.3's names, not 0.11.1's: the timer's second field is "dummy" */
        ok(buf && memmem(buf, len, "dummy", 5) && !memmem(buf, len, "ticks_per_sec", 13) &&
           memmem(buf, len, "unused__2", 9) && memmem(buf, len, "slot[3].irq_count", 17),
           "the tagged stream carries the tables' names (dummy; a repeated \"unused\" as unused__2; nested slots)");
        free(buf);
    }
    proc_free(&p);
    free(t);
}

/* qdev: unplug, then savevm; the section is gone and the wrapper freed. */
static void test_unplug(void)
{
    char *u = path("u.sv");
    struct proc p;

    shimmed(&p, "--unplug", "emu-bus", "--unplug", "emu-disk", "--savevm", u, NULL);
    is_int(p.status, 0, "unplug two qdev devices, then savevm, under the shim");
    is_int((long long)p.err_len, 0, "... with nothing on stderr");
    ok(log_has("vmstate_unregister \"emu-bus\": wrapper freed") &&
       log_has("vmstate_unregister \"emu-disk\": wrapper freed"), "vmstate_unregister found the wrapped entries");
    ok(!log_has("save \"emu-bus\"") && !log_has("save \"emu-disk\"") && log_has("save \"emu-ring\""),
       "the unplugged devices are not saved, the others are");
    ok(access(u, F_OK) == 0, "the snapshot was written");
    proc_free(&p);
    shimmed(&p, "--unplug", "emu-bus", "--unplug", "emu-disk", "--load", u, "--print-state", NULL);
    is_int(p.status, 0, "a machine without them loads the snapshot");
    ok(!log_has("load \"emu-bus\"") && log_has("load \"emu-ring\""), "... loading no emu-bus section");
    proc_free(&p);
    shimmed(&p, "--load", u, NULL);
    is_int(p.status, 1, "a machine with them refuses it");
    like(p.err, "section \"emu-bus\" instance 0 is missing from the stream", "... naming the missing section");
    proc_free(&p);
    shimmed(&p, "--unplug", "emu-net", "--savevm", u, NULL);
    ok(p.status == 0 && log_has("unregister \"emu-net\": wrapper freed"),
       "a hand-coded device unplugs through unregister_savevm");
    proc_free(&p);
    free(u);
}

/* A legacy snapshot through the fallback path, and what it refuses. */
static void test_legacy_loads(void)
{
    char *l = path("l.sv"), *bad = path("bad.sv"), *listing;
    struct proc p, q;
    size_t len;
    char *buf;
    long off;

    /* emu-bus's pre_save sets its checksum: the state to compare is the one after the save */
    plain(&q, "--ticks", "6", "--sections", "-", "--save", l, "--print-state", NULL);
    listing = q.err;
    q.err = NULL;
    shimmed(&p, "--load", l, "--print-state", NULL);
    is_int(p.status, 0, "a legacy 0.12 snapshot loads under the shim");
    is_str(p.out, q.out, "... to the state that was saved");
    ok(log_has("load end: ok"), "... logged");
    proc_free(&p);
    proc_free(&q);

    /* emu-bus nslots 5: its "int32 equal" field refuses it inside the binary's walker */
    off = st_section_offset(listing, "emu-bus", 0);
    ok(off > 0, "emu-bus at %ld", off);
    buf = slurp(l, &len);
    buf[off + 3] = 5;
    st_write_file(bad, buf, len);
    free(buf);
    shimmed(&p, "--load", bad, "--print-state", NULL);
    is_int(p.status, 1, "a VMState section its own load refuses ends the emulator");
    like(p.err, "section \"emu-bus\" instance 0", "... naming the section");
    is_int((long long)p.out_len, 0, "... before it runs on");
    proc_free(&p);

    /* the block section: a record with two flags */
    buf = slurp(l, &len);
    buf[8 + 1 + 4 + 1 + 5 + 4 + 4 + 7] = 0x03;
    st_write_file(bad, buf, len);
    free(buf);
    shimmed(&p, "--loadvm", bad, "--print-state", NULL);
    is_int(p.status, 1, "a malformed block record ends the emulator, even on --loadvm");
    /* the emulator's block_load refuses the flags; the shim names the section and where */
    like(p.err, "offset 37: section \"block\" instance 0: the live section's load failed",
         "... naming section and offset");
    proc_free(&p);

    /* cut inside ram: 0.12's ram load would fail too; the shim names it */
    buf = slurp(l, &len);
    st_write_file(bad, buf, 35 + 17 + 8 + 500);     /* block START, ram START header, its size record */
    free(buf);
    shimmed(&p, "--load", bad, NULL);
    is_int(p.status, 1, "a stream cut inside ram is refused");
    like(p.err, "section \"ram\" instance 0", "... naming ram");
    proc_free(&p);
    free(listing);
    free(l);
    free(bad);
}

/* migrate -b under the shim: the disk's 1 MiB chunks pass through both ways. */
static void test_block(void)
{
    char *b = path("b.sv"), *cut = path("bcut.sv");
    struct proc p, q;
    size_t len;
    char *buf;

    shimmed(&p, "--disk-seed", "7", "--blk", "--save", b, "--print-state", NULL);
    is_int(p.status, 0, "migrate -b under the shim");
    shimmed(&q, "--load", b, "--print-state", NULL);
    is_int(q.status, 0, "... loads under the shim");
    is_str(q.out, p.out, "... with the sender's disk and state");
    proc_free(&p);
    proc_free(&q);
    buf = slurp(b, &len);
    st_write_file(cut, buf, 8 + 27 + 9 + 9 + 300000);
    free(buf);
    shimmed(&p, "--load", cut, NULL);
    is_int(p.status, 1, "a stream cut inside a 1 MiB block is refused");
    like(p.err, "section \"block\" instance 0: the stream ends inside the section", "... saying where");
    proc_free(&p);
    free(b);
    free(cut);
}

/* Offline: the tables svtool derives from the binary read what the shim wrote. */
static void test_offline(void)
{
    char *t = path("off.sv"), *l = path("off-legacy.sv"), *back = path("off-back.sv"), *svd = path("emu012.svd");
    const char *svtool = tap_env("SV_SVTOOL");
    struct proc p;

    shimmed(&p, "--ticks", "9", "--save", t, NULL);
    proc_free(&p);
    plain(&p, "--ticks", "9", "--save", l, NULL);
    proc_free(&p);
    {
        const char *argv[] = { svtool, "descriptors", "--from-binary", emu, NULL };
        FILE *f;

        proc_run(argv, NULL, NULL, &p);
        is_int(p.status, 0, "svtool descriptors --from-binary the 0.12 build");
        f = fopen(svd, "w");
        if (f) {
            fputs(p.out ? p.out : "", f);
            fclose(f);
        }
        proc_free(&p);
    }
    {
        const char *argv[] = { svtool, "check", "--descriptors", svd, t, NULL };

        proc_run(argv, NULL, NULL, &p);
        is_int(p.status, 0, "svtool check --descriptors: the shim's tagged stream is well-formed");
        proc_free(&p);
    }
    {
        const char *argv[] = { svtool, "convert", "--descriptors", svd, "--to", "legacy", t, back, NULL };
        size_t la, lb;
        char *a, *b;

        proc_run(argv, NULL, NULL, &p);
        is_int(p.status, 0, "svtool convert --to legacy");
        proc_free(&p);
        a = slurp(l, &la);
        b = slurp(back, &lb);
        ok(a && b && la == lb && memcmp(a, b, la) == 0, "... gives the unshimmed emulator's bytes");
        free(a);
        free(b);
    }
    free(t);
    free(l);
    free(back);
    free(svd);
}

int main(void)
{
    tap_init();
    plan_lazy();
    st_init();
    emu = tap_env("SV_EMU_012");
    dir = scratch_dir("shim-012");
    snprintf(logpath, sizeof logpath, "%s/shim.log", dir);
    test_wrapped();
    test_unplug();
    test_legacy_loads();
    test_block();
    test_offline();
    rmtree(dir);
    free((char *)dir);
    return 0;
}
