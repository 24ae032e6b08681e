/* Test-only qcow2 images; see qcow2-writer.h.  Layout facts: the qcow2 spec. */
#include <config.h>

#include "qcow2-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "sv-stream.h"

#define COPIED (1ull << 63)
#define COMPRESSED (1ull << 62)

struct wr {
    int fd;
    unsigned cb;
    uint64_t cs, end;
    uint16_t *refs;
    size_t nrefs;
};

static int fail(const char *what)
{
    fprintf(stderr, "qcow2-writer: %s: %s\n", what, strerror(errno));
    return -1;
}

static int pw(struct wr *w, const void *p, size_t n, uint64_t off)
{
    size_t done = 0;

    while (done < n) {
        ssize_t k = pwrite(w->fd, (const uint8_t *)p + done, n - done, (off_t)(off + done));

        if (k <= 0)
            return fail("write");
        done += (size_t)k;
    }
    return 0;
}

static int ref(struct wr *w, uint64_t off, uint64_t len)
{
    for (uint64_t c = off >> w->cb; len && c <= (off + len - 1) >> w->cb; c++) {
        if (c >= w->nrefs) {
            size_t n = (size_t)c * 2 + 64;
            uint16_t *r = realloc(w->refs, n * sizeof *r);

            if (!r)
                return fail("memory");
            memset(r + w->nrefs, 0, (n - w->nrefs) * sizeof *r);
            w->refs = r;
            w->nrefs = n;
        }
        w->refs[c]++;
    }
    return 0;
}

static uint64_t alloc(struct wr *w, uint64_t n)
{
    uint64_t off;

    w->end = (w->end + w->cs - 1) & ~(w->cs - 1);
    off = w->end;
    w->end += n * w->cs;
    ref(w, off, n * w->cs);
    return off;
}

static uint64_t div_up(uint64_t a, uint64_t b)
{
    return a / b + (a % b != 0);
}

static uint64_t state_len(const struct qw_snap *s)
{
    struct stat st;

    if (s->state_file)
        return stat(s->state_file, &st) == 0 ? (uint64_t)st.st_size : 0;
    return s->state ? s->state_len : 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* Deflates one cluster as QEMU does; the length, or 0 when not smaller. */
static size_t deflate_cluster(const uint8_t *in, size_t n, uint8_t *out)
{
    z_stream z;
    size_t len = 0;

    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    z.next_in = (uint8_t *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)n;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < n)
        len = z.total_out;
    deflateEnd(&z);
    return len;
}

/* Writes one snapshot's state clusters; fills e[] (an L2 entry per cluster). */
static int write_state(struct wr *w, const struct qw_image *img, const struct qw_snap *s, uint64_t len,
                       uint64_t *e, uint64_t *first)
{
    uint8_t *buf = malloc(w->cs), *z = malloc(w->cs);
    FILE *f = s->state_file ? fopen(s->state_file, "rb") : NULL;
    uint64_t n = div_up(len, w->cs);
    unsigned csize_shift = 62 - (w->cb - 8);
    int rc = -1;

    *first = 0;
    if (!buf || !z || (s->state_file && !f)) {
        fail(s->state_file ? s->state_file : "memory");
        goto out;
    }
    for (uint64_t i = 0; i < n; i++) {
        size_t k = (size_t)(len - i * w->cs < w->cs ? len - i * w->cs : w->cs), clen;

        memset(buf, 0, w->cs);
        if (f ? fread(buf, 1, k, f) != k : (memcpy(buf, s->state + i * w->cs, k), 0)) {
            fail("read state");
            goto out;
        }
        if (all_zero(buf, w->cs) && s->zero_clusters && img->version >= 3) {
            e[i] = 1;
        } else if (all_zero(buf, w->cs) && s->holes) {
            e[i] = 0;
        } else if (s->compress && (clen = deflate_cluster(buf, w->cs, z)) > 0) {
            uint64_t off = w->end, nsec = ((off + clen - 1) >> 9) - (off >> 9);

            if (pw(w, z, clen, off) < 0 || ref(w, off, clen) < 0)
                goto out;
            w->end += clen;
            e[i] = COMPRESSED | nsec << csize_shift | off;
            if (!*first)
                *first = off;
        } else {
            uint64_t off = alloc(w, 1);

            if (pw(w, buf, w->cs, off) < 0)
                goto out;
            e[i] = COPIED | off;
            if (!*first)
                *first = off;
        }
    }
    rc = 0;
out:
    if (f)
        fclose(f);
    free(buf);
    free(z);
    return rc;
}

static uint64_t entry_len(const struct qw_image *img, const struct qw_snap *s)
{
    uint32_t extra = s->extra16 || img->version >= 3 ? 16 : 0;

    if (s->extra_size > extra)
        extra = s->extra_size;
    return (40 + extra + strlen(s->id) + strlen(s->name) + 7) & ~7ull;
}

int qw_write(const char *path, const struct qw_image *img, struct qw_layout *lay)
{
    struct wr w = { .cb = img->cluster_bits, .cs = 1ull << img->cluster_bits };
    unsigned shift = 2 * img->cluster_bits - 3;
    uint64_t l2n = w.cs / 8, disk_l1 = div_up(img->disk_size, 1ull << shift), l1_size = disk_l1 ? disk_l1 : 1;
    uint64_t len[QW_MAX_SNAPS], sl1[QW_MAX_SNAPS], nl2[QW_MAX_SNAPS], l2off[QW_MAX_SNAPS];
    uint64_t table_len = 0, ub, rt_clusters = 1, blocks = 1;
    uint8_t *b = NULL;
    size_t blen;
    int rc = -1;

    memset(lay, 0, sizeof *lay);
    lay->cluster_size = w.cs;
    w.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (w.fd < 0)
        return fail(path);
    alloc(&w, 1);                                       /* the header */
    lay->l1_offset = alloc(&w, div_up(l1_size * 8, w.cs));
    for (unsigned i = 0; i < img->nsnap; i++) {
        const struct qw_snap *s = &img->snap[i];
        uint64_t disk = s->disk_size ? s->disk_size : img->disk_size, vm = div_up(disk, 1ull << shift);

        len[i] = state_len(s);
        lay->vm_l1_index[i] = vm;
        nl2[i] = len[i] ? div_up(len[i], w.cs * l2n) : 0;
        sl1[i] = len[i] ? vm + nl2[i] : l1_size;
        if (sl1[i] < l1_size)
            sl1[i] = l1_size;
        lay->snap_l1[i] = alloc(&w, div_up(sl1[i] * 8, w.cs));
    }
    for (unsigned i = 0; i < img->nsnap; i++) {
        l2off[i] = nl2[i] ? alloc(&w, nl2[i]) : 0;
        lay->l2[i] = l2off[i];
        table_len += entry_len(img, &img->snap[i]);
    }
    if (img->nsnap)
        lay->snapshots_offset = alloc(&w, div_up(table_len, w.cs));
    /* refcounts for an upper bound of the clusters the image will have */
    ub = w.end / w.cs + 2 * img->nsnap + 2;
    for (unsigned i = 0; i < img->nsnap; i++)
        ub += div_up(len[i], w.cs);
    for (int k = 0; k < 4; k++) {
        blocks = div_up(ub + rt_clusters + blocks, w.cs / 2);
        rt_clusters = div_up(blocks * 8, w.cs);
    }
    lay->refcount_offset = alloc(&w, rt_clusters);
    uint64_t blocks_off = alloc(&w, blocks);

    /* data, then the L2 and L1 tables that point at it */
    for (unsigned i = 0; i < img->nsnap; i++) {
        const struct qw_snap *s = &img->snap[i];
        uint64_t n = div_up(len[i], w.cs), *e = calloc(n + 1, sizeof *e);
        uint8_t *t = calloc(1, w.cs), *l1 = calloc(1, sl1[i] * 8 + 8);

        if (!e || !t || !l1 || write_state(&w, img, s, len[i], e, &lay->data[i]) < 0) {
            free(e);
            free(t);
            free(l1);
            goto out;
        }
        for (uint64_t j = 0; j < nl2[i]; j++) {
            memset(t, 0, w.cs);
            for (uint64_t c = 0; c < l2n && j * l2n + c < n; c++)
                sv_store_be(t + c * 8, 8, e[j * l2n + c]);
            sv_store_be(l1 + (lay->vm_l1_index[i] + j) * 8, 8, COPIED | (l2off[i] + j * w.cs));
            if (pw(&w, t, w.cs, l2off[i] + j * w.cs) < 0)
                break;
        }
        rc = pw(&w, l1, sl1[i] * 8, lay->snap_l1[i]);
        free(e);
        free(t);
        free(l1);
        if (rc < 0)
            goto out;
        rc = -1;
    }
    lay->data_end = w.end;

    /* the snapshot table */
    b = calloc(1, table_len + 8);
    blen = 0;
    for (unsigned i = 0; i < img->nsnap; i++) {
        const struct qw_snap *s = &img->snap[i];
        uint32_t extra = s->extra16 || img->version >= 3 ? 16 : 0;
        uint8_t *p = b + blen;

        if (s->extra_size > extra)
            extra = s->extra_size;
        lay->entry[i] = lay->snapshots_offset + blen;
        sv_store_be(p, 8, lay->snap_l1[i]);
        sv_store_be(p + 8, 4, sl1[i]);
        sv_store_be(p + 12, 2, strlen(s->id));
        sv_store_be(p + 14, 2, strlen(s->name));
        sv_store_be(p + 16, 4, s->date_sec);
        sv_store_be(p + 20, 4, s->date_nsec);
        sv_store_be(p + 24, 8, s->vm_clock_nsec);
        sv_store_be(p + 32, 4, s->size32 ? s->size32 : len[i]);
        sv_store_be(p + 36, 4, extra);
        if (extra >= 16) {
            sv_store_be(p + 40, 8, s->size64 ? s->size64 : len[i]);
            sv_store_be(p + 48, 8, s->disk_size ? s->disk_size : img->disk_size);
            memset(p + 56, 0xee, extra - 16);
        }
        memcpy(p + 40 + extra, s->id, strlen(s->id));
        memcpy(p + 40 + extra + strlen(s->id), s->name, strlen(s->name));
        blen += entry_len(img, s);
    }
    if (blen && pw(&w, b, blen, lay->snapshots_offset) < 0)
        goto out;
    free(b);
    b = NULL;

    /* refcounts */
    if (div_up(w.end, w.cs) > blocks * (w.cs / 2)) {
        fprintf(stderr, "qcow2-writer: refcount estimate too small\n");
        goto out;
    }
    b = calloc(1, (size_t)((rt_clusters + blocks) * w.cs));
    if (!b)
        goto out;
    for (uint64_t k = 0; k < blocks; k++)
        sv_store_be(b + k * 8, 8, blocks_off + k * w.cs);
    for (uint64_t c = 0; c < div_up(w.end, w.cs) && c < w.nrefs; c++)
        sv_store_be(b + rt_clusters * w.cs + c * 2, 2, w.refs[c]);
    if (pw(&w, b, (size_t)((rt_clusters + blocks) * w.cs), lay->refcount_offset) < 0)
        goto out;
    free(b);

    /* the header, its extension area's end, the backing file's name */
    b = calloc(1, w.cs);
    if (!b)
        goto out;
    {
        unsigned hl = img->version >= 3 ? 104 : 72;

        sv_store_be(b, 4, 0x514649fb);
        sv_store_be(b + 4, 4, img->version);
        if (img->backing) {
            sv_store_be(b + 8, 8, hl + 8);
            sv_store_be(b + 16, 4, strlen(img->backing));
            memcpy(b + hl + 8, img->backing, strlen(img->backing));
        }
        sv_store_be(b + 20, 4, img->cluster_bits);
        sv_store_be(b + 24, 8, img->disk_size);
        sv_store_be(b + 36, 4, l1_size);
        sv_store_be(b + 40, 8, lay->l1_offset);
        sv_store_be(b + 48, 8, lay->refcount_offset);
        sv_store_be(b + 56, 4, rt_clusters);
        sv_store_be(b + 60, 4, img->nsnap);
        sv_store_be(b + 64, 8, lay->snapshots_offset);
        if (img->version >= 3) {
            sv_store_be(b + 72, 8, img->incompatible);
            sv_store_be(b + 96, 4, 4);
            sv_store_be(b + 100, 4, hl);
        }
        if (pw(&w, b, w.cs, 0) < 0)
            goto out;
    }
    lay->file_size = w.end;
    if (ftruncate(w.fd, (off_t)w.end) < 0) {
        fail("truncate");
        goto out;
    }
    rc = 0;
out:
    free(b);
    free(w.refs);
    if (close(w.fd) < 0 && rc == 0)
        rc = fail("close");
    return rc;
}
