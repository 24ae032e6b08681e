/*
 * svtool on qcow2 images the suite writes itself (t/qcow2-writer.c):
 * snapshots, IMAGE:TAG in every reading subcommand, extract, QEMU's
 * id-or-name lookup, versions 2 and 3, cluster sizes 512 B to 2 MiB,
 * compressed and zero clusters, holes, backing files, large extra data,
 * the 64-bit size and the snapshot's own disk size; the image is never
 * changed.  The states are the emulator's own saves, so every image read
 * is compared with the stream file it was made from.
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qcow2-test.h"
#include "sv-ram.h"
#include "tap.h"

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static uint8_t *legacy, *tagged, *zeros;
static size_t legacy_len, tagged_len, zeros_len;
static struct img_mark marks[64];
static unsigned nmarks;

static void remember(const char *path)
{
    if (nmarks < sizeof marks / sizeof marks[0])
        mark_image(&marks[nmarks++], path);
}

static struct qw_snap snap(const char *id, const char *name, const uint8_t *state, size_t len)
{
    return (struct qw_snap){ .id = id, .name = name, .state = state, .state_len = len,
                             .date_sec = 1262304000u, .vm_clock_nsec = 1500000000ull };
}

/* Runs two commands; ok when exit codes, stdout and stderr are the same. */
static void same_run(const char *what, const char *const *a, const char *const *b)
{
    struct su_run ra, rb;

    su_svtool_run(&ra, NULL, a);
    su_svtool_run(&rb, NULL, b);
    ok(ra.code == rb.code && ra.out_len == rb.out_len && memcmp(ra.out, rb.out, ra.out_len) == 0 &&
       strcmp(ra.err, rb.err) == 0, "%s: the same as on the stream file (exit %d, %zu bytes out)", what,
       ra.code, ra.out_len);
    if (ra.code != rb.code || strcmp(ra.err, rb.err) != 0)
        diag("image: %s %s; file: %s %s", su_run_status(&ra), ra.err, su_run_status(&rb), rb.err);
    su_run_free(&ra);
    su_run_free(&rb);
}

/* extract IMAGE:TAG gives exactly these bytes. */
static void extracts(const char *what, const char *in, const uint8_t *want, size_t want_len)
{
    char *out = su_tpath("extracted.sv");
    struct su_run r;
    uint8_t *got;
    size_t n;

    unlink(out);
    RUN(&r, NULL, "extract", in, out);
    got = r.code == 0 ? su_read_file(out, &n) : NULL;
    ok(got && n == want_len && memcmp(got, want, n) == 0, "%s: extract gives the state byte for byte", what);
    if (r.code != 0)
        diag("%s: %s", su_run_status(&r), r.err);
    free(got);
    su_run_free(&r);
}

static int count(const char *s, const char *needle)
{
    int n = 0;

    for (; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

static void test_listing_and_commands(void)
{
    char *img = strdup(su_tpath("two.qcow2")), *leg = strdup(su_tpath("legacy.sv")), *tag = strdup(su_tpath("tagged.sv"));
    char a[4200], b[4200], line[256], *out;
    struct qw_image im = { .version = 2, .cluster_bits = 16, .disk_size = 1 << 20, .nsnap = 2 };
    struct su_run r, d;
    int nfull;

    im.snap[0] = snap("1", "before", legacy, legacy_len);
    im.snap[1] = snap("2", "after", tagged, tagged_len);
    im.snap[1].date_sec = 1262307661u;
    im.snap[1].vm_clock_nsec = 3723004000000ull;
    make_image(img, &im, NULL);
    remember(img);
    snprintf(a, sizeof a, "%s:before", img);
    snprintf(b, sizeof b, "%s:2", img);

    /* snapshots: one line each, what qemu-img snapshot -l shows plus what is inside */
    RUN(&d, NULL, "dump", leg);
    nfull = count(d.out, "section FULL ");
    su_run_free(&d);
    RUN(&r, NULL, "snapshots", img);
    is_int(r.code, 0, "snapshots: exit 0");
    is_int(count(r.out, "\n"), 2, "snapshots: a line per snapshot");
    snprintf(line, sizeof line, "id=\"1\" tag=\"before\" date=2010-01-01T00:00:00Z vm_clock=00:00:01.500 "
             "vm_state_size=%zu state=legacy release=", legacy_len);
    like(r.out, line, "snapshots: id, tag, date (UTC), VM clock, state size, legacy");
    snprintf(line, sizeof line, " sections=%d\n", nfull);
    like(r.out, line, "snapshots: as many device sections as dump shows in the file");
    snprintf(line, sizeof line, "id=\"2\" tag=\"after\" date=2010-01-01T01:01:01Z vm_clock=01:02:03.004 "
             "vm_state_size=%zu state=tagged release=emu ", tagged_len);
    like(r.out, line, "snapshots: the tagged state names its release (saved with --release emu)");
    is_str(r.err, "", "snapshots: nothing on stderr");
    su_run_free(&r);

    RUN(&r, NULL, "snapshots", "--json", img);
    {
        const char *py = "import json,sys\n"
                         "d=json.load(sys.stdin)\n"
                         "s=d['snapshots']\n"
                         "assert d['version']==2 and d['cluster_size']==65536\n"
                         "assert [x['id'] for x in s]==['1','2'] and [x['tag'] for x in s]==['before','after']\n"
                         "assert [x['state'] for x in s]==['legacy','tagged']\n"
                         "assert s[0]['vm_state_size']==sys.argv[1] and s[1]['vm_state_size']==sys.argv[2]\n"
                         "assert s[1]['vm_clock_nsec']=='3723004000000' and s[0]['date_sec']==1262304000\n"
                         "assert s[0]['error'] is None and s[1]['release']=='emu'\n";
        char l1[32], l2[32], *in = su_tpath("snapshots.json");
        struct su_run_opts o = { .in_file = in };
        struct su_run p;

        snprintf(l1, sizeof l1, "%zu", legacy_len);
        snprintf(l2, sizeof l2, "%zu", tagged_len);
        su_write_file(in, r.out, r.out_len);
        su_prog_run(&p, &o, "python3", ARGS("-c", py, l1, l2));
        ok(r.code == 0 && p.code == 0, "snapshots --json: valid JSON with ids, tags, sizes (strings), states");
        if (p.code)
            diag("%s", p.err);
        su_run_free(&p);
    }
    su_run_free(&r);

    /* every reading subcommand takes IMAGE:TAG and IMAGE:ID as it takes the file */
    same_run("dump IMAGE:TAG", ARGS("dump", a), ARGS("dump", leg));
    same_run("dump --json IMAGE:ID", ARGS("dump", "--json", b), ARGS("dump", "--json", tag));
    same_run("dump --ram --section ram IMAGE:TAG", ARGS("dump", "--ram", "--section", "ram", a),
             ARGS("dump", "--ram", "--section", "ram", leg));
    same_run("check IMAGE:TAG", ARGS("check", a), ARGS("check", leg));
    same_run("check IMAGE:ID (tagged)", ARGS("check", b), ARGS("check", tag));
    same_run("diff IMAGE:TAG IMAGE:ID", ARGS("diff", a, b), ARGS("diff", leg, tag));
    same_run("diff IMAGE:TAG FILE", ARGS("diff", a, leg), ARGS("diff", leg, leg));
    {
        char *o1 = strdup(su_tpath("conv-image.sv")), *o2 = strdup(su_tpath("conv-file.sv"));
        uint8_t *x, *y;
        size_t nx, ny;

        unlink(o1);
        unlink(o2);
        same_run("convert --to tagged IMAGE:TAG", ARGS("convert", "--to", "tagged", a, o1),
                 ARGS("convert", "--to", "tagged", leg, o2));
        x = su_read_file(o1, &nx);
        y = su_read_file(o2, &ny);
        ok(x && y && nx == ny && memcmp(x, y, nx) == 0, "convert IMAGE:TAG: the same output file");
        free(x);
        free(y);
        same_run("convert --to legacy IMAGE:ID to stdout", ARGS("convert", "--to", "legacy", b, "-"),
                 ARGS("convert", "--to", "legacy", tag, "-"));
        free(o1);
        free(o2);
    }
    expect_error("convert onto the image itself, even with --force", 2, img,
                 ARGS("convert", "--to", "tagged", "--force", a, img), "is the input", NULL);

    /* extract */
    extracts("extract IMAGE:TAG (legacy)", a, legacy, legacy_len);
    extracts("extract IMAGE:ID (tagged)", b, tagged, tagged_len);
    out = su_tpath("extracted.sv");
    RUN(&r, NULL, "extract", a, out);
    is_int(r.code, 2, "extract onto an existing file without --force: exit 2");
    like(r.err, "exists: give --force", "... saying so");
    su_run_free(&r);
    RUN(&r, NULL, "extract", "--force", b, out);
    is_int(r.code, 0, "extract --force replaces it");
    like(r.err, "svtool: warning: ", "extract warns on stderr");
    like(r.err, "must meet the disk as it was at that snapshot", "... that the disk must be as it was");
    snprintf(line, sizeof line, "qemu-img snapshot -a 2 %s", img);
    like(r.err, line, "... naming the command that restores the disk");
    is_int(count(r.err, "\n"), 1, "... in one line");
    su_run_free(&r);
    RUN(&r, NULL, "extract", a, "-");
    ok(r.code == 0 && r.out_len == legacy_len && memcmp(r.out, legacy, legacy_len) == 0,
       "extract to stdout (-)");
    su_run_free(&r);
    expect_error("extract onto the image", 2, img, ARGS("extract", "--force", a, img), "is the input", NULL);
    expect_error("extract of a stream file", 2, leg, ARGS("extract", leg, out), "give IMAGE:TAG", NULL);
    RUN(&r, NULL, "extract", a);
    ok(r.code == 2 && strstr(r.err, "svtool: extract needs IMAGE:TAG (or IMAGE:ID) and OUT"),
       "extract without OUT: exit 2 with a usage line");
    su_run_free(&r);

    /* names that are not snapshots */
    snprintf(line, sizeof line, "%s:nope", img);
    expect_error("an unknown tag", 2, line, ARGS("check", line), "no snapshot with the id or tag \"nope\"",
                 "it has 1 \"before\", 2 \"after\"", NULL);
    snprintf(line, sizeof line, "%s:1", leg);
    expect_error("a stream file is no image", 2, line, ARGS("dump", line), "is not a qcow2 image", NULL);
    snprintf(line, sizeof line, "%s:1", su_tpath("no-such.qcow2"));
    expect_error("a missing image", 2, line, ARGS("dump", line), "cannot open", NULL);
    expect_error("snapshots of a stream file", 1, leg, ARGS("snapshots", leg), "not a qcow2 image (magic 0x5145564d",
                 NULL);
    expect_error("snapshots takes an image, not IMAGE:TAG", 2, a, ARGS("snapshots", a), "cannot open", NULL);
    free(img);
    free(leg);
    free(tag);
}

/* QEMU's lookup: an id anywhere first, then the first tag; colons in names. */
static void test_lookup(void)
{
    char *img = strdup(su_tpath("ids.qcow2")), *dir = strdup(su_tpath("c:olon")), name[8400], file[8300];
    struct qw_image im = { .version = 2, .cluster_bits = 9, .disk_size = 65536, .nsnap = 4 };

    im.snap[0] = snap("1", "2", legacy, legacy_len);
    im.snap[1] = snap("2", "x", tagged, tagged_len);
    im.snap[2] = snap("3", "x", legacy, legacy_len);
    im.snap[3] = snap("4", "a:b", tagged, tagged_len);
    make_image(img, &im, NULL);
    remember(img);
    snprintf(name, sizeof name, "%s:2", img);
    extracts("IMAGE:2 is snapshot id 2, not the tag \"2\" of id 1", name, tagged, tagged_len);
    snprintf(name, sizeof name, "%s:1", img);
    extracts("IMAGE:1 is id 1", name, legacy, legacy_len);
    snprintf(name, sizeof name, "%s:x", img);
    extracts("a tag two snapshots carry: the first", name, tagged, tagged_len);
    snprintf(name, sizeof name, "%s:a:b", img);
    extracts("a tag with a colon", name, tagged, tagged_len);

    /* an image whose name has a colon; a file whose name looks like IMAGE:TAG */
    mkdir(dir, 0755);
    snprintf(file, sizeof file, "%s/d:isk.qcow2", dir);
    copy_file(img, file);
    remember(file);
    snprintf(name, sizeof name, "%s:3", file);
    extracts("an image path with colons", name, legacy, legacy_len);
    snprintf(name, sizeof name, "%s:4", img);
    su_write_file(name, tagged, tagged_len);
    {
        struct su_run r;

        RUN(&r, NULL, "dump", "--section", "nothing", name);
        ok(r.code == 0, "a name that exists as a file is the file, not a snapshot");
        su_run_free(&r);
        unlink(name);
    }
    free(img);
    free(dir);
}

/*
 * A state whose clusters are not stored in order (QEMU allocates L2 tables
 * and refcount blocks among them): the walk's pieces end where the order
 * breaks, and a record across the break must read whole.
 */
static void test_out_of_order(void)
{
    struct qw_image im = { .version = 2, .cluster_bits = 9, .disk_size = 65536, .nsnap = 1 };
    char *img = su_tpath("order.qcow2"), name[4300];
    uint8_t *bytes;
    size_t len;
    struct qw_layout lay;
    uint64_t n;

    im.snap[0] = snap("1", "s", legacy, legacy_len);
    make_image(img, &im, &lay);
    bytes = su_read_file(img, &len);
    if (!bytes)
        bail("cannot read %s", img);
    /* every other pair of clusters swapped, in the L2 table and in the data */
    n = (legacy_len + lay.cluster_size - 1) / lay.cluster_size;
    for (uint64_t k = 0; k + 1 < n; k += 4) {
        uint64_t ea = sv_load_be(bytes + lay.l2[0] + 8 * k, 8), eb = sv_load_be(bytes + lay.l2[0] + 8 * (k + 1), 8);
        uint64_t a = ea & 0x00fffffffffffe00ull, b = eb & 0x00fffffffffffe00ull;
        uint8_t tmp[512];

        if (!a || !b || a + lay.cluster_size > len || b + lay.cluster_size > len)
            bail("unexpected layout at cluster %llu", (unsigned long long)k);
        memcpy(tmp, bytes + a, 512);
        memcpy(bytes + a, bytes + b, 512);
        memcpy(bytes + b, tmp, 512);
        sv_store_be(bytes + lay.l2[0] + 8 * k, 8, eb);
        sv_store_be(bytes + lay.l2[0] + 8 * (k + 1), 8, ea);
    }
    if (su_write_file(img, bytes, len) != 0)
        bail("cannot write %s", img);
    free(bytes);
    snprintf(name, sizeof name, "%s:s", img);
    extracts("clusters out of order", name, legacy, legacy_len);
    same_run("dump --ram, clusters out of order", ARGS("dump", "--ram", name),
             ARGS("dump", "--ram", su_tpath("legacy.sv")));
    same_run("check, clusters out of order", ARGS("check", name), ARGS("check", su_tpath("legacy.sv")));
}

/* One image per geometry and feature; each must give the state back. */
static void test_geometries(void)
{
    static const unsigned bits[] = { 9, 12, 16, 21 };
    char *back = strdup(su_tpath("base.img"));
    char name[4300];

    for (unsigned v = 2; v <= 3; v++)
        for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
            struct qw_image im = { .version = v, .cluster_bits = bits[i], .disk_size = 3000000 + i, .nsnap = 1 };
            char *img = su_tpath("geometry.qcow2"), what[64];

            im.snap[0] = snap("1", "s", legacy, legacy_len);
            make_image(img, &im, NULL);
            snprintf(name, sizeof name, "%s:s", img);
            snprintf(what, sizeof what, "version %u, cluster_bits %u", v, bits[i]);
            extracts(what, name, legacy, legacy_len);
            /* the walk reads the image mapped, not through extract's reads */
            snprintf(what, sizeof what, "dump --ram, version %u, cluster_bits %u", v, bits[i]);
            same_run(what, ARGS("dump", "--ram", name), ARGS("dump", "--ram", su_tpath("legacy.sv")));
        }
    test_out_of_order();

    struct {
        const char *what;
        unsigned version, bits;
        const uint8_t *state;
        size_t len;
        struct qw_snap s;
        const char *backing;
        uint64_t incompatible, disk;
    } cases[] = {
        { "compressed clusters, version 2, 512 B", 2, 9, NULL, 0, { .compress = 1 }, NULL, 0, 0 },
        { "compressed clusters, version 2, 64 KiB", 2, 16, NULL, 0, { .compress = 1 }, NULL, 0, 0 },
        { "compressed clusters, version 3, 2 MiB", 3, 21, NULL, 0, { .compress = 1 }, NULL, 0, 0 },
        { "compressed, tagged state", 3, 12, NULL, 1, { .compress = 1 }, NULL, 0, 0 },
        { "zero clusters (version 3)", 3, 9, NULL, 2, { .zero_clusters = 1 }, NULL, 0, 0 },
        { "zero clusters and compression", 3, 9, NULL, 2, { .zero_clusters = 1, .compress = 1 }, NULL, 0, 0 },
        { "unallocated clusters read as zeros", 2, 9, NULL, 2, { .holes = 1 }, NULL, 0, 0 },
        { "a backing file (the state is in the image)", 2, 16, NULL, 0, { 0 }, "base.img", 0, 0 },
        { "zero clusters with a backing file", 3, 9, NULL, 2, { .zero_clusters = 1 }, "base.img", 0, 0 },
        { "4 KiB of extra data", 2, 12, NULL, 0, { .extra_size = 4096 }, NULL, 0, 0 },
        { "extra data on version 2 (QEMU 1.1 on)", 2, 16, NULL, 0, { .extra16 = 1 }, NULL, 0, 0 },
        { "the 64-bit size wins over the be32", 3, 16, NULL, 0, { .size32 = 0xdeadbeef }, NULL, 0, 0 },
        { "the snapshot's disk size places the state", 3, 9, NULL, 0, { .disk_size = 100000 }, NULL, 0,
          40u << 20 },
        { "a dirty and a corrupt bit (read-only is fine)", 3, 16, NULL, 0, { 0 }, NULL, 3, 0 },
    };
    su_write_file(back, "base", 4);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct qw_image im = { .version = cases[i].version, .cluster_bits = cases[i].bits,
                               .disk_size = cases[i].disk ? cases[i].disk : 1 << 20, .nsnap = 1,
                               .backing = cases[i].backing, .incompatible = cases[i].incompatible };
        const uint8_t *st = cases[i].len == 1 ? tagged : cases[i].len == 2 ? zeros : legacy;
        size_t len = cases[i].len == 1 ? tagged_len : cases[i].len == 2 ? zeros_len : legacy_len;
        char *img = su_tpath("feature.qcow2"), what[200];
        struct qw_layout lay;

        im.snap[0] = cases[i].s;
        im.snap[0].id = "7";
        im.snap[0].name = "t";
        im.snap[0].state = st;
        im.snap[0].state_len = len;
        make_image(img, &im, &lay);
        snprintf(name, sizeof name, "%s:7", img);
        extracts(cases[i].what, name, st, len);
        if (cases[i].s.zero_clusters || cases[i].s.holes || cases[i].s.compress) {
            /* the image really has what the case is about: look at the first L2 table */
            uint64_t n = 0, e;

            for (uint64_t k = 0; k < lay.cluster_size / 8; k++) {
                e = peek_be(img, lay.l2[0] + 8 * k, 8);
                n += cases[i].s.compress ? (e >> 62 & 1) : cases[i].s.zero_clusters ? (e == 1) : 0;
            }
            if (cases[i].s.holes) {
                /* a hole among stored clusters */
                for (uint64_t k = 0; k + 1 < (len + lay.cluster_size - 1) / lay.cluster_size; k++)
                    n += peek_be(img, lay.l2[0] + 8 * k, 8) == 0;
            }
            ok(n > 0, "%s: the image has %llu such clusters", cases[i].what, (unsigned long long)n);
        }
        if (i == 0) {
            snprintf(name, sizeof name, "%s:t", img);
            same_run("check on compressed clusters", ARGS("check", name), ARGS("check", su_tpath("legacy.sv")));
        }
        /* what the walk reads of compressed, zero and unallocated clusters */
        snprintf(what, sizeof what, "dump --ram: %s", cases[i].what);
        same_run(what, ARGS("dump", "--ram", name),
                 ARGS("dump", "--ram", su_tpath(cases[i].len == 1 ? "tagged.sv" : cases[i].len == 2 ? "zeros.sv"
                                                                                      : "legacy.sv")));
    }
    free(back);
}

/* A snapshot without state, and what QEMU 0.11 writes when it has none. */
static void test_no_state(void)
{
    char *img = strdup(su_tpath("empty.qcow2")), name[4300];
    struct qw_image im = { .version = 2, .cluster_bits = 16, .disk_size = 1 << 20, .nsnap = 2 };
    struct su_run r;

    im.snap[0] = snap("1", "disk-only", NULL, 0);
    im.snap[1] = snap("2", "full", legacy, legacy_len);
    make_image(img, &im, NULL);
    remember(img);
    RUN(&r, NULL, "snapshots", img);
    is_int(r.code, 0, "snapshots with a disk-only snapshot: exit 0");
    like(r.out, "tag=\"disk-only\" date=2010-01-01T00:00:00Z vm_clock=00:00:01.500 vm_state_size=0 state=none\n",
         "... listed as having no state");
    su_run_free(&r);
    snprintf(name, sizeof name, "%s:disk-only", img);
    expect_error("dump of a snapshot without state", 2, name, ARGS("dump", name),
                 "snapshot 1 \"disk-only\" has no VM state", NULL);
    expect_error("extract of a snapshot without state", 2, name, ARGS("extract", name, su_tpath("none.sv")),
                 "has no VM state", NULL);
    ok(!su_file_exists(su_tpath("none.sv")), "... and no output file");
    free(img);
}

int main(void)
{
    struct su_buf z = { 0 };
    uint8_t page[SV_RAM_PAGE] = { 0 };

    tap_init();
    plan_lazy();
    atexit(su_tmpdir_cleanup);
    if (su_emu_save(su_tpath("legacy.sv"), 0, 3) != 0)
        bail("the emulator did not save");
    if (strcmp(tap_env("SV_HAVE_SHIM"), "yes") == 0) {
        if (su_emu_save(su_tpath("tagged.sv"), 1, 5) != 0)
            bail("the emulator did not save under the shim");
    } else {
        /* a build without the shim: the tagged state svtool makes of a legacy one */
        struct su_run r;
        const char *args[] = { "convert", "--to", "tagged", su_tpath("legacy5.sv"), su_tpath("tagged.sv"), NULL };

        if (su_emu_save(su_tpath("legacy5.sv"), 0, 5) != 0)
            bail("the emulator did not save");
        su_svtool_run(&r, NULL, args);
        if (r.code != 0)
            bail("svtool convert --to tagged: %s", r.err);
        su_run_free(&r);
    }
    legacy = su_read_file(su_tpath("legacy.sv"), &legacy_len);
    tagged = su_read_file(su_tpath("tagged.sv"), &tagged_len);
    /* a state with whole pages of zeros, stored as full pages */
    su_header(&z);
    su_ram_start(&z, 1, 1 << 16);
    for (uint64_t a = 0; a < 4 * SV_RAM_PAGE; a += SV_RAM_PAGE) {
        su_buf_be(&z, 8, a | SV_RAM_PAGE_FLAG);
        su_buf_put(&z, page, sizeof page);
    }
    su_ram_page(&z, 4 * SV_RAM_PAGE, 3);
    su_ram_eos(&z);
    su_eof(&z);
    zeros = z.b;
    zeros_len = z.len;
    if (su_write_file(su_tpath("zeros.sv"), zeros, zeros_len) != 0)
        bail("cannot write zeros.sv");
    if (!legacy || !tagged)
        bail("cannot read the emulator's streams");

    test_listing_and_commands();
    test_lookup();
    test_geometries();
    test_no_state();

    for (unsigned i = 0; i < nmarks; i++) {
        ok(image_unchanged(&marks[i]), "%s: the image's bytes and mtime are unchanged after every command",
           strrchr(marks[i].path, '/') + 1);
        mark_free(&marks[i]);
    }
    free(legacy);
    free(tagged);
    su_buf_free(&z);
    return 0;
}
