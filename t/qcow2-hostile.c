/*
 * Hostile qcow2 images: a good image with one thing damaged at a time.
 * Each must give a clean one-line error that names the image (and the
 * snapshot, when the damage is in its state), a non-zero exit, no output
 * file, and leave the image as it was.
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qcow2-test.h"
#include "tap.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static char *good, *good3, *goodz, *good12, *img;
static struct qw_layout lay, lay3, layz, lay12;
static uint8_t *legacy;
static size_t legacy_len;

/* A damaged copy of base; patch(at, width, value) pairs applied by the caller. */
static void from(const char *base)
{
    copy_file(base, img);
}

/*
 * Runs check IMAGE:1 and extract on the damaged image: both fail with
 * code and the needle, extract leaves no file, the image is unchanged.
 */
static void damaged(const char *what, int code, const char *needle, int names_snapshot)
{
    char name[4300], *out = su_tpath("out.sv");
    struct img_mark m;

    snprintf(name, sizeof name, "%s:1", img);
    mark_image(&m, img);
    expect_error(what, code, name, ARGS("check", name), needle,
                 names_snapshot ? "snapshot 1 \"a\"" : NULL, NULL);
    unlink(out);
    expect_error(what, code, name, ARGS("extract", name, out), needle, NULL);
    ok(!su_file_exists(out) && su_count_files(su_tmpdir(), ".out.sv") == 0, "%s: extract leaves no output", what);
    ok(image_unchanged(&m), "%s: the image is unchanged", what);
    mark_free(&m);
}

static void test_header(void)
{
    char name[4300];

    from(good);
    patch_be(img, 0, 4, 0x51464900);
    snprintf(name, sizeof name, "%s:1", img);
    expect_error("bad magic: IMAGE:TAG", 2, name, ARGS("check", name), "is not a qcow2 image", NULL);
    expect_error("bad magic: snapshots", 1, img, ARGS("snapshots", img), "not a qcow2 image (magic 0x51464900",
                 NULL);
    from(good);
    if (truncate(img, 50) != 0)
        bail("truncate");
    damaged("a header cut short", 1, "truncated: a qcow2 header is 72 bytes, the file has 50", 0);
    from(good);
    patch_be(img, 4, 4, 4);
    damaged("version 4", 1, "offset 4: qcow2 header: version 4", 0);
    from(good);
    patch_be(img, 4, 4, 1);
    damaged("version 1 (qcow)", 1, "no internal snapshots", 0);
    from(good);
    patch_be(img, 20, 4, 22);
    damaged("cluster_bits 22", 1, "offset 20: qcow2 header: cluster_bits 22 out of range 9..21", 0);
    from(good);
    patch_be(img, 20, 4, 8);
    damaged("cluster_bits 8", 1, "cluster_bits 8 out of range", 0);
    from(good);
    patch_be(img, 32, 4, 1);
    damaged("encrypted", 1, "encrypted (crypt_method 1)", 0);
    from(good);
    patch_be(img, 24, 8, 1ull << 62);
    damaged("a disk size beyond the L1 limit", 1, "offset 24: qcow2 header: size 4611686018427387904 needs", 0);
    from(good);
    patch_be(img, 36, 4, 0);
    damaged("an L1 table too small for the disk", 1, "l1_size 0, the disk's size", 0);
    from(good);
    patch_be(img, 36, 4, 0x7fffffff);
    damaged("an absurd l1_size", 1, "l1_size 2147483647 above QEMU's limit", 0);
    from(good);
    patch_be(img, 40, 8, lay.file_size + lay.cluster_size);
    damaged("the L1 table past the end", 1, "offset 40: qcow2 header: the L1 table", 0);
    from(good);
    patch_be(img, 40, 8, 0);
    damaged("the L1 table at the header", 1, "the L1 table at 0x0 is at the header", 0);
    from(good);
    patch_be(img, 40, 8, lay.l1_offset + 8);
    damaged("an unaligned L1 table", 1, "is not cluster-aligned", 0);
    from(good);
    patch_be(img, 48, 8, lay.file_size);
    damaged("the refcount table past the end", 1, "the refcount table", 0);
    from(good);
    patch_be(img, 16, 4, 5000);
    patch_be(img, 8, 8, 80);
    damaged("a backing file name too long", 1, "backing_file_size 5000 above 1023", 0);
    from(good);
    patch_be(img, 60, 4, 70000);
    damaged("70000 snapshots", 1, "offset 60: qcow2 header: nb_snapshots 70000 above QEMU's limit of 65536", 0);
    from(good);
    patch_be(img, 60, 4, 60000);
    damaged("more snapshots than the file holds", 1, "the snapshot table", 0);
    from(good);
    patch_be(img, 64, 8, 0);
    damaged("the snapshot table at the header", 1, "the snapshot table at 0x0 is at the header", 0);
    from(good);
    patch_be(img, 64, 8, lay.file_size + 4096);
    damaged("the snapshot table past the end", 1, "past the end of the file", 0);

    /* version 3 */
    from(good3);
    patch_be(img, 72, 8, 1ull << 5);
    damaged("an unknown incompatible feature", 1, "offset 72: qcow2 header: unknown incompatible feature bit 5", 0);
    from(good3);
    patch_be(img, 72, 8, 1ull << 2);
    damaged("an external data file", 1, "external data file", 0);
    from(good3);
    patch_be(img, 72, 8, 1ull << 3);
    damaged("zstd compression", 1, "compression type", 0);
    from(good3);
    patch_be(img, 72, 8, 1ull << 4);
    damaged("extended L2 entries", 1, "extended L2 entries", 0);
    from(good3);
    patch_be(img, 100, 4, 100);
    damaged("a header_length below 104", 1, "offset 100: qcow2 header: header_length 100 out of range", 0);
    from(good3);
    patch_be(img, 96, 4, 7);
    damaged("refcount_order 7", 1, "refcount_order 7 out of range 0..6", 0);
}

static void test_snapshot_table(void)
{
    uint64_t e = lay.entry[0];
    char name[4300];

    from(good);
    patch_be(img, e + 36, 4, 0xfffffff0u);
    damaged("absurd extra data", 1, "exceed QEMU's limit of 67108864 bytes", 0);
    from(good);
    if (truncate(img, (off_t)(e + 20)) != 0)
        bail("truncate");
    damaged("the image cut in its snapshot table", 1, "the snapshot table", 0);
    from(good);
    patch_be(img, e + 12, 2, 0xffff);
    patch_be(img, e + 14, 2, 0xffff);
    patch_be(img, e + 36, 4, 0x3000000);
    damaged("an entry running past the end", 1, "snapshot table entry 1 of 1", 0);
    from(good);
    patch_be(img, e, 8, lay.file_size + lay.cluster_size);
    damaged("the snapshot's L1 table past the end", 1, "its L1 table (0x", 1);
    from(good);
    patch_be(img, e, 8, 0);
    damaged("the snapshot's L1 table at the header", 1, "its L1 table at 0x0 is at the header", 1);
    from(good);
    patch_be(img, e, 8, lay.snap_l1[0] + 8);
    damaged("an unaligned L1 table", 1, "is not cluster-aligned", 1);
    from(good);
    patch_be(img, e, 8, lay.snapshots_offset);
    damaged("the L1 table on the snapshot table", 1, "overlaps the snapshot table", 1);
    from(good);
    patch_be(img, e + 8, 4, (uint32_t)lay.vm_l1_index[0]);
    damaged("an L1 table that ends before the state", 1, "its L1 table has", 1);
    from(good);
    patch_be(img, e + 8, 4, 0xffffffffu);
    damaged("an absurd snapshot l1_size", 1, "l1_size 4294967295 above QEMU's limit", 1);
    from(good3);
    patch_be(img, lay3.entry[0] + 40, 8, 1ull << 62);
    damaged("an absurd 64-bit state size", 1, "reaches beyond QEMU's limit", 1);

    /* recorded sizes that disagree with the stream: the walk says so */
    snprintf(name, sizeof name, "%s:1", img);
    from(good);
    patch_be(img, e + 32, 4, legacy_len + 100);
    expect_error("a recorded size above the stream's", 1, name, ARGS("check", name),
                 "100 trailing bytes after the end-of-stream marker", NULL);
    from(good);
    patch_be(img, e + 32, 4, legacy_len - 100);
    expect_error("a recorded size below the stream's", 1, name, ARGS("check", name), "truncated", NULL);
}

static void test_tables(void)
{
    uint64_t l1e = lay.snap_l1[0] + 8 * lay.vm_l1_index[0], l2e = lay.l2[0], cs = lay.cluster_size;

    from(good);
    patch_be(img, l1e, 8, peek_be(good, l1e, 8) | 2);
    damaged("an L1 entry with reserved bits", 1, "has reserved bits set", 1);
    from(good12);
    patch_be(img, lay12.snap_l1[0] + 8 * lay12.vm_l1_index[0], 8, lay12.l2[0] + 512);
    damaged("an unaligned L2 table", 1, "gives its L2 table the offset 0x", 1);
    from(good);
    patch_be(img, l1e, 8, lay.l2[0] + 256);
    damaged("an L1 entry with a low bit set", 1, "reserved bits set", 1);
    from(good);
    patch_be(img, l1e, 8, (lay.file_size + cs) & ~(cs - 1));
    damaged("an L2 table past the end", 1, "its L2 table at 0x", 1);
    from(good);
    patch_be(img, l1e, 8, lay.snap_l1[0]);
    damaged("an L2 table on its own L1 table", 1, "points its L2 table into the snapshot's own L1 table", 1);
    from(good);
    patch_be(img, l1e, 8, lay.snapshots_offset);
    damaged("an L2 table on the snapshot table", 1, "points its L2 table into the snapshot table", 1);

    from(good);
    patch_be(img, l2e, 8, peek_be(good, l2e, 8) | 0x100);
    damaged("an L2 entry with reserved bits", 1, "the L2 entry at 0x", 1);
    from(good);
    patch_be(img, l2e, 8, peek_be(good, l2e, 8) | 1);
    damaged("a zero flag in a version 2 image", 1, "which version 2 images do not have", 1);
    from(good);
    patch_be(img, l2e, 8, 1ull << 63);
    damaged("a cluster at offset 0 in use", 1, "marks a cluster at offset 0 in use", 1);
    from(good);
    patch_be(img, l2e, 8, (1ull << 63) | ((lay.file_size + cs) & ~(cs - 1)));
    damaged("a data cluster past the end", 1, "lies past the end of the file", 1);
    from(good12);
    patch_be(img, lay12.l2[0], 8, (1ull << 63) | (lay12.data[0] + 512));
    damaged("an unaligned data cluster", 1, "gives its cluster the offset 0x", 1);
    from(good);
    patch_be(img, l2e, 8, (1ull << 63) | lay.l2[0]);
    damaged("a data cluster on its own L2 table", 1, "points its cluster at its own L2 table", 1);
    from(good);
    patch_be(img, l2e, 8, (1ull << 63) | lay.snap_l1[0]);
    damaged("a data cluster on the L1 table", 1, "points its cluster into the snapshot's own L1 table", 1);
    from(good);
    patch_be(img, l2e + 8, 8, (1ull << 63) | lay.snapshots_offset);
    damaged("a later data cluster on the snapshot table", 1, "VM state byte 512: ", 1);

    /* the image cut in the middle of the state */
    from(good);
    if (truncate(img, (off_t)(lay.data_end - legacy_len / 2)) != 0)
        bail("truncate");
    damaged("the image cut in the state", 1, "the image holds less than the recorded", 1);

    /* unallocated state where a backing file would be read */
    {
        struct qw_image im = { .version = 2, .cluster_bits = 9, .disk_size = 65536, .nsnap = 1,
                               .backing = "base.img" };
        struct qw_layout l;

        im.snap[0] = (struct qw_snap){ .id = "1", .name = "a", .state = legacy, .state_len = legacy_len };
        make_image(img, &im, &l);
        patch_be(img, l.l2[0] + 8, 8, 0);
        damaged("a hole in the state of an image with a backing file", 1,
                "QEMU would read it from the backing file \"base.img\"", 1);
    }
}

static void test_compressed(void)
{
    uint64_t l2e = layz.l2[0], e = peek_be(goodz, l2e, 8), csize_shift = 62 - (9 - 8);
    uint64_t coff = e & ((1ull << csize_shift) - 1);

    from(goodz);
    patch_be(img, coff, 1, 0xff);       /* block type 3: reserved */
    damaged("a compressed cluster that does not inflate", 1, "does not inflate to 512 bytes", 1);
    from(goodz);
    patch_be(img, l2e, 8, (1ull << 62) | (layz.file_size + 1000));
    damaged("compressed data past the end", 1, "its compressed cluster at 0x", 1);
    from(goodz);
    patch_be(img, l2e, 8, (1ull << 62) | 0x10);
    damaged("compressed data at the header", 1, "compressed cluster at the header", 1);
    from(goodz);
    patch_be(img, l2e, 8, (1ull << 62) | (e & ~((1ull << csize_shift) - 1) & ((1ull << 62) - 1)) | (1ull << 57));
    damaged("a compressed offset above 56 bits", 1, "above 56 bits", 1);
}

/* snapshots lists what it can and names the snapshot it cannot read. */
static void test_listing(void)
{
    struct qw_image im = { .version = 2, .cluster_bits = 9, .disk_size = 65536, .nsnap = 2 };
    struct qw_layout l;
    char name[4300];
    struct su_run r;

    im.snap[0] = (struct qw_snap){ .id = "1", .name = "a", .state = legacy, .state_len = legacy_len };
    im.snap[1] = (struct qw_snap){ .id = "2", .name = "b", .state = legacy, .state_len = legacy_len };
    make_image(img, &im, &l);
    patch_be(img, l.l2[1], 8, (1ull << 63) | ((l.file_size + 512) & ~511ull));
    su_svtool_run(&r, NULL, ARGS("snapshots", img));
    snprintf(name, sizeof name, "svtool: %s:2: ", img);
    is_int(r.code, 1, "snapshots with one damaged state: exit 1");
    like(r.out, "tag=\"a\"", "... the good snapshot is listed");
    like(r.out, "tag=\"b\"", "... the damaged one too");
    like(r.out, "state=unreadable\n", "... as unreadable");
    like(r.err, name, "... and stderr names it as IMAGE:ID");
    like(r.err, "snapshot 2 \"b\": VM state byte 0: its cluster at 0x", "... and says what is wrong");
    su_run_free(&r);
}

int main(void)
{
    struct qw_image im = { .version = 2, .cluster_bits = 9, .disk_size = 65536, .nsnap = 1 };

    tap_init();
    plan_lazy();
    atexit(su_tmpdir_cleanup);
    if (su_emu_save(su_tpath("legacy.sv"), 0, 3) != 0)
        bail("the emulator did not save");
    legacy = su_read_file(su_tpath("legacy.sv"), &legacy_len);
    good = strdup(su_tpath("good.qcow2"));
    good3 = strdup(su_tpath("good3.qcow2"));
    goodz = strdup(su_tpath("goodz.qcow2"));
    good12 = strdup(su_tpath("good12.qcow2"));
    img = strdup(su_tpath("bad.qcow2"));
    im.snap[0] = (struct qw_snap){ .id = "1", .name = "a", .state = legacy, .state_len = legacy_len };
    make_image(good, &im, &lay);
    im.version = 3;
    make_image(good3, &im, &lay3);
    im.version = 2;
    im.cluster_bits = 12;
    make_image(good12, &im, &lay12);
    im.cluster_bits = 9;
    im.snap[0].compress = 1;
    make_image(goodz, &im, &layz);
    {
        char name[4300];
        struct su_run r;

        /* the good images are good */
        snprintf(name, sizeof name, "%s:1", good);
        su_svtool_run(&r, NULL, ARGS("check", name));
        is_int(r.code, 0, "the undamaged image checks");
        su_run_free(&r);
        snprintf(name, sizeof name, "%s:a", goodz);
        su_svtool_run(&r, NULL, ARGS("check", name));
        is_int(r.code, 0, "the undamaged compressed image checks");
        su_run_free(&r);
    }

    test_header();
    test_snapshot_table();
    test_tables();
    test_compressed();
    test_listing();
    free(legacy);
    free(good);
    free(good3);
    free(goodz);
    free(good12);
    free(img);
    return 0;
}
