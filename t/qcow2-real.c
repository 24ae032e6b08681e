/*
 * svtool on a qcow2 image saved by real QEMU 0.11.1 i386: snapshot 1
 * without the shim (legacy), snapshot 2 under it (tagged), guest RAM
 * zeroed in place (t/real/qcow2-0.11.1-i386.manifest).  The expected
 * values are QEMU's: its `info snapshots` listing, and the 29 device
 * sections of a 0.11.1 -M pc (/work/shared/LEGACY-FACTS.md).
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qcow2-test.h"
#include "tap.h"

#define RUN(r, ...) su_svtool_run((r), NULL, (const char *const[]){ __VA_ARGS__, NULL })
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The device sections of QEMU 0.11.1 -M pc with its default devices. */
static const char *const devices[] = {
    "slirp", "timer", "cpu_common", "cpu", "apic", "fw_cfg", "i8259", "PCIBUS", "I440FX", "PIIX3",
    "cirrus_vga", "mc146818rtc", "ioapic", "i8254", "hpet", "serial", "ne2000", "ide", "pckbd",
    "ps2kbd", "ps2mouse", "vmmouse", "dma", "fdc", "piix4_pm", "i2c_bus", "virtio-balloon",
};

static char image[4200];

static int count(const char *s, const char *needle)
{
    int n = 0;

    for (; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

static void test_listing(void)
{
    struct su_run r;

    RUN(&r, "snapshots", image);
    is_int(r.code, 0, "snapshots: exit 0");
    is_int(count(r.out, "\n"), 2, "snapshots: both listed");
    like(r.out, "id=\"1\" tag=\"legacy\" date=2026-12-01T22:06:33Z vm_clock=00:00:01.501 vm_state_size=",
         "snapshot 1 as QEMU's info snapshots shows it");
    like(r.out, "id=\"2\" tag=\"tagged\" date=2026-12-01T22:06:39Z vm_clock=00:00:02.500 vm_state_size=",
         "snapshot 2 as QEMU's info snapshots shows it");
    like(r.out, " state=legacy release=0.11 target=i386 sections=29\n", "snapshot 1: a legacy 0.11 i386 state");
    like(r.out, " state=tagged release=0.11 target=i386 sections=29\n", "snapshot 2: a tagged 0.11 i386 state");
    is_str(r.err, "", "snapshots: nothing on stderr");
    su_run_free(&r);
    RUN(&r, "snapshots", "--json", image);
    {
        char why[600];

        ok(r.code == 0 && su_json_ok(r.out, NULL, why, sizeof why), "snapshots --json: valid JSON");
    }
    su_run_free(&r);
}

static void test_each(const char *tag, const char *format)
{
    char name[4300], line[128], *out = su_tpath("extracted.sv");
    struct su_run r;
    int dev = 1;

    snprintf(name, sizeof name, "%s:%s", image, tag);
    RUN(&r, "check", name);
    ok(r.code == 0 && r.out_len == 0 && r.err_len == 0, "check %s: exit 0, silent", tag);
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);

    RUN(&r, "dump", name);
    is_int(r.code, 0, "dump %s: exit 0", tag);
    is_int(count(r.out, "section FULL "), 29, "dump %s: 29 device sections", tag);
    /* tagged sections add the legacy version their fields follow */
    snprintf(line, sizeof line, " format=%s%s", format, strcmp(format, "tagged") == 0 ? " legacy_version=" : "\n");
    is_int(count(r.out, line), 29, "dump %s: every device section shown %s", tag, format);
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        snprintf(line, sizeof line, " idstr=\"%s\" ", devices[i]);
        dev &= strstr(r.out, line) != NULL;
    }
    ok(dev, "dump %s: every -M pc device of 0.11.1 is there", tag);
    like(r.out, "section START id=", "dump %s: the ram section", tag);
    su_run_free(&r);

    /* no guest memory kept: every page's contents are zeros */
    RUN(&r, "dump", "--ram", "--section", "ram", name);
    {
        int full = count(r.out, " (bytes[4096])\n"), fills = count(r.out, " (fill)\n");
        int zero_full = 0, zero_fill = count(r.out, " = 0 (fill)\n");
        char zeros[8192 + 1];

        memset(zeros, '0', 8192);
        zeros[8192] = 0;
        for (const char *p = r.out; (p = strstr(p, " = ")); p += 3)
            zero_full += strncmp(p + 3, zeros, 8192) == 0 && strncmp(p + 3 + 8192, " (bytes", 7) == 0;
        ok(r.code == 0 && full > 0 && fills > 0 && zero_full == full && zero_fill == fills,
           "%s: all %d full pages and %d compressed pages hold zeros", tag, full, fills);
    }
    su_run_free(&r);

    unlink(out);
    RUN(&r, "extract", name, out);
    is_int(r.code, 0, "extract %s: exit 0", tag);
    like(r.err, "must meet the disk as it was at that snapshot", "extract %s: the disk warning", tag);
    su_run_free(&r);
    RUN(&r, "check", out);
    is_int(r.code, 0, "the extracted %s state checks as a stream file", tag);
    su_run_free(&r);
    {
        size_t n;
        uint8_t *b = su_read_file(out, &n);

        ok(b && n > 8 && memcmp(b, "QEVM\0\0\0\3", 8) == 0 && b[n - 1] == 0,
           "the extracted %s state: QEVM version 3 ... EOF", tag);
        free(b);
    }
}

static void test_diff(void)
{
    char a[4300], b[4300], *conv = su_tpath("tagged-as-legacy.sv");
    struct su_run r;

    snprintf(a, sizeof a, "%s:legacy", image);
    snprintf(b, sizeof b, "%s:2", image);
    RUN(&r, "diff", a, b);
    is_int(r.code, 1, "diff of the two snapshots: they differ (exit 1)");
    like(r.out, "section \"timer\" instance 0: field \"cpu_clock_offset\": A ", "... in the VM clock, 1 s apart");
    su_run_free(&r);
    RUN(&r, "diff", b, b);
    ok(r.code == 0 && r.out_len == 0, "diff of a snapshot with itself: the same");
    su_run_free(&r);
    unlink(conv);
    RUN(&r, "convert", "--to", "legacy", b, conv);
    is_int(r.code, 0, "convert --to legacy of the tagged snapshot");
    su_run_free(&r);
    RUN(&r, "diff", b, conv);
    ok(r.code == 0 && r.out_len == 0, "... holds the same state as the tagged snapshot");
    su_run_free(&r);
}

static void test_damaged(void)
{
    char *cut = strdup(su_tpath("cut.qcow2")), *bad = strdup(su_tpath("bad.qcow2")), name[4300];
    uint64_t table = peek_be(image, 64, 8);
    size_t n;
    uint8_t *b = su_read_file(image, &n);

    /* truncated: the snapshot table is the last thing QEMU wrote */
    if (!b || su_write_file(cut, b, n / 2) != 0)
        bail("cannot write %s", cut);
    snprintf(name, sizeof name, "%s:1", cut);
    expect_error("the image cut in half", 1, name, ARGS("check", name), "the snapshot table", NULL);
    expect_error("the image cut in half: snapshots", 1, cut, ARGS("snapshots", cut), "past the end of the file",
                 NULL);
    /* a damaged snapshot table: entry 1's id runs past the end */
    copy_file(image, bad);
    patch_be(bad, table + 12, 2, 0xffff);
    patch_be(bad, table + 36, 4, 0x1000000);
    snprintf(name, sizeof name, "%s:tagged", bad);
    expect_error("a damaged snapshot table", 1, name, ARGS("dump", name),
                 "snapshot table entry 1 of 2", "lies past the end of the file", NULL);
    /* snapshot 1's L1 table pointing past the end: 2 still reads */
    copy_file(image, bad);
    patch_be(bad, table, 8, (n + 65536) & ~65535ull);
    snprintf(name, sizeof name, "%s:legacy", bad);
    expect_error("snapshot 1's L1 table past the end", 1, name, ARGS("check", name),
                 "snapshot 1 \"legacy\": its L1 table", NULL);
    snprintf(name, sizeof name, "%s:tagged", bad);
    {
        struct su_run r;

        RUN(&r, "check", name);
        is_int(r.code, 0, "... while snapshot 2 still checks");
        su_run_free(&r);
    }
    free(b);
    free(cut);
    free(bad);
}

int main(void)
{
    struct img_mark m;

    tap_init();
    plan_lazy();
    atexit(su_tmpdir_cleanup);
    snprintf(image, sizeof image, "%s/t/real/qcow2-0.11.1-i386.qcow2", tap_env("SV_TOP_SRCDIR"));
    mark_image(&m, image);
    test_listing();
    test_each("legacy", "legacy");
    test_each("tagged", "tagged");
    test_diff();
    test_damaged();
    ok(image_unchanged(&m), "the image's bytes and mtime are unchanged after every command");
    mark_free(&m);
    return 0;
}
