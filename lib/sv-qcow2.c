/*
 * The qcow2 reader: the header and the snapshot table (a state is read by
 * sv-qcow2-state.c); see sv-qcow2.h.  Facts from QEMU's block/qcow2*.c
 * (0.11.1, 0.12.3) and the qcow2 specification; the checks are ours.
 */
#include <config.h>

#include "sv-qcow2.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv-qcow2-int.h"
#include "sv-stream.h"

#define HEADER_V2 72u
#define HEADER_V3 104u

/* incompatible feature bits */
#define F_DIRTY (1ull << 0)
#define F_CORRUPT (1ull << 1)
#define F_DATA_FILE (1ull << 2)
#define F_COMPRESSION (1ull << 3)
#define F_EXTL2 (1ull << 4)

int sv_qcow2_probe(const void *buf, size_t len)
{
    return len >= 4 && sv_load_be(buf, 4) == SV_QCOW2_MAGIC;
}

int sv_qcow2_pread(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t k = pread(fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));

        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0)
            errno = 0;          /* the file ended: no system error to name */
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

/* Reads n bytes the caller has checked lie inside the file. */
static int rd(const struct sv_qcow2 *q, uint64_t off, void *buf, size_t n, struct sv_error *err)
{
    if (sv_qcow2_pread(q->fd, buf, n, off) == 0)
        return 0;
    return sv_error_set(err, SV_E_IO, off, "read error: %s", errno ? strerror(errno) : "the file shrank");
}

int sv_qcow2_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

/* ---- header ---- */

static int check_table(const struct sv_qcow2 *q, uint64_t field_off, const char *what,
                       uint64_t off, uint64_t len, struct sv_error *err)
{
    if (off & (q->cluster_size - 1))
        return sv_error_set(err, SV_E_CORRUPT, field_off,
                            "qcow2 header: the %s at 0x%llx is not cluster-aligned", what,
                            (unsigned long long)off);
    if (off < q->cluster_size)
        return sv_error_set(err, SV_E_CORRUPT, field_off,
                            "qcow2 header: the %s at 0x%llx is at the header", what, (unsigned long long)off);
    if (off > q->file_size || len > q->file_size - off)
        return sv_error_set(err, SV_E_TRUNC, field_off,
                            "qcow2 header: the %s (0x%llx, %llu bytes) lies past the end of the file (%llu bytes)",
                            what, (unsigned long long)off, (unsigned long long)len,
                            (unsigned long long)q->file_size);
    return 0;
}

static int read_header(struct sv_qcow2 *q, struct sv_error *err)
{
    uint8_t h[HEADER_V3 + 8];
    size_t n = q->file_size < sizeof h ? (size_t)q->file_size : sizeof h;
    uint64_t rt_off, bk_off, l1_need, disk_l1;
    uint32_t rt_clusters, bk_len, crypt, shift;

    memset(h, 0, sizeof h);
    if (n && rd(q, 0, h, n, err) < 0)
        return -1;
    if (!sv_qcow2_probe(h, n))
        return sv_error_set(err, SV_E_CORRUPT, 0, "not a qcow2 image (magic 0x%08llx, want 0x%08x \"QFI\\xfb\")",
                            (unsigned long long)sv_load_be(h, 4), SV_QCOW2_MAGIC);
    if (n < HEADER_V2)
        return sv_error_set(err, SV_E_TRUNC, 0, "truncated: a qcow2 header is %u bytes, the file has %zu",
                            HEADER_V2, n);
    q->version = (uint32_t)sv_load_be(h + 4, 4);
    if (q->version == 1)
        return sv_error_set(err, SV_E_UNKNOWN, 4, "qcow2 header: version 1 is the older qcow format, "
                            "which has no internal snapshots");
    if (q->version != 2 && q->version != 3)
        return sv_error_set(err, SV_E_UNKNOWN, 4, "qcow2 header: version %u, svtool reads versions 2 and 3",
                            q->version);
    q->cluster_bits = (uint32_t)sv_load_be(h + 20, 4);
    if (q->cluster_bits < SV_QCOW2_MIN_CLUSTER_BITS || q->cluster_bits > SV_QCOW2_MAX_CLUSTER_BITS)
        return sv_error_set(err, SV_E_RANGE, 20, "qcow2 header: cluster_bits %u out of range %d..%d",
                            q->cluster_bits, SV_QCOW2_MIN_CLUSTER_BITS, SV_QCOW2_MAX_CLUSTER_BITS);
    q->cluster_size = 1ull << q->cluster_bits;
    q->header_length = HEADER_V2;
    if (q->version == 3) {
        uint64_t bad;

        if (n < HEADER_V3)
            return sv_error_set(err, SV_E_TRUNC, 0, "truncated: a version 3 qcow2 header is at least %u bytes, "
                                "the file has %zu", HEADER_V3, n);
        q->header_length = (uint32_t)sv_load_be(h + 100, 4);
        if (q->header_length < HEADER_V3 || q->header_length % 8 || q->header_length > q->cluster_size ||
            q->header_length > q->file_size)
            return sv_error_set(err, SV_E_RANGE, 100, "qcow2 header: header_length %u out of range "
                                "(a multiple of 8 from %u to the cluster size %llu, inside the file)",
                                q->header_length, HEADER_V3, (unsigned long long)q->cluster_size);
        q->incompatible = sv_load_be(h + 72, 8);
        if (q->incompatible & F_DATA_FILE)
            return sv_error_set(err, SV_E_UNKNOWN, 72, "qcow2 header: incompatible feature bit 2 (external "
                                "data file): the clusters are not in this image");
        if (q->incompatible & F_COMPRESSION)
            return sv_error_set(err, SV_E_UNKNOWN, 72, "qcow2 header: incompatible feature bit 3: "
                                "compression type %u, svtool inflates zlib (type 0) only",
                                q->header_length > HEADER_V3 ? h[HEADER_V3] : 0);
        if (q->incompatible & F_EXTL2)
            return sv_error_set(err, SV_E_UNKNOWN, 72, "qcow2 header: incompatible feature bit 4 (extended "
                                "L2 entries, subclusters) is not supported");
        bad = q->incompatible & ~(F_DIRTY | F_CORRUPT);
        if (bad)
            return sv_error_set(err, SV_E_UNKNOWN, 72, "qcow2 header: unknown incompatible feature bit %d",
                                __builtin_ctzll(bad));
        if (q->header_length > HEADER_V3 && h[HEADER_V3] != 0)
            return sv_error_set(err, SV_E_CORRUPT, HEADER_V3, "qcow2 header: compression_type %u without "
                                "incompatible feature bit 3", h[HEADER_V3]);
        if (sv_load_be(h + 96, 4) > 6)
            return sv_error_set(err, SV_E_RANGE, 96, "qcow2 header: refcount_order %llu out of range 0..6",
                                (unsigned long long)sv_load_be(h + 96, 4));
    }
    crypt = (uint32_t)sv_load_be(h + 32, 4);
    if (crypt != 0)
        return sv_error_set(err, SV_E_UNKNOWN, 32, "qcow2 header: encrypted (crypt_method %u), svtool does "
                            "not decrypt", crypt);
    q->size = sv_load_be(h + 24, 8);
    shift = 2 * q->cluster_bits - 3;
    disk_l1 = (q->size >> shift) + ((q->size & ((1ull << shift) - 1)) != 0);
    if (disk_l1 > SV_QCOW2_MAX_L1_ENTRIES)
        return sv_error_set(err, SV_E_RANGE, 24, "qcow2 header: size %llu needs %llu L1 entries, above QEMU's "
                            "limit of %u", (unsigned long long)q->size, (unsigned long long)disk_l1,
                            SV_QCOW2_MAX_L1_ENTRIES);
    q->l1_size = (uint32_t)sv_load_be(h + 36, 4);
    q->l1_offset = sv_load_be(h + 40, 8);
    if (q->l1_size > SV_QCOW2_MAX_L1_ENTRIES)
        return sv_error_set(err, SV_E_RANGE, 36, "qcow2 header: l1_size %u above QEMU's limit of %u entries",
                            q->l1_size, SV_QCOW2_MAX_L1_ENTRIES);
    /* QEMU refuses an active L1 table too small for the disk */
    if (q->l1_size < disk_l1)
        return sv_error_set(err, SV_E_RANGE, 36, "qcow2 header: l1_size %u, the disk's size %llu needs %llu",
                            q->l1_size, (unsigned long long)q->size, (unsigned long long)disk_l1);
    l1_need = (uint64_t)q->l1_size * 8;
    if (q->l1_size && check_table(q, 40, "L1 table", q->l1_offset, l1_need, err) < 0)
        return -1;
    bk_off = sv_load_be(h + 8, 8);
    bk_len = (uint32_t)sv_load_be(h + 16, 4);
    if (bk_off) {
        if (bk_len > sizeof q->backing - 1)
            return sv_error_set(err, SV_E_RANGE, 16, "qcow2 header: backing_file_size %u above 1023", bk_len);
        if (bk_off < q->header_length || bk_off + bk_len > q->cluster_size || bk_off + bk_len > q->file_size)
            return sv_error_set(err, SV_E_CORRUPT, 8, "qcow2 header: the backing file name (0x%llx, %u bytes) "
                                "is not inside the header cluster", (unsigned long long)bk_off, bk_len);
        if (rd(q, bk_off, q->backing, bk_len, err) < 0)
            return -1;
        q->backing[bk_len] = 0;
        q->has_backing = 1;
    }
    q->nsnap = (uint32_t)sv_load_be(h + 60, 4);
    q->snapshots_offset = sv_load_be(h + 64, 8);
    if (q->nsnap > SV_QCOW2_MAX_SNAPSHOTS)
        return sv_error_set(err, SV_E_RANGE, 60, "qcow2 header: nb_snapshots %u above QEMU's limit of %u",
                            q->nsnap, SV_QCOW2_MAX_SNAPSHOTS);
    if (q->nsnap && check_table(q, 64, "snapshot table", q->snapshots_offset,
                                (uint64_t)q->nsnap * SV_QCOW2_ENTRY_FIXED, err) < 0)
        return -1;
    /* not followed: the refcounts say nothing about reading */
    rt_off = sv_load_be(h + 48, 8);
    rt_clusters = (uint32_t)sv_load_be(h + 56, 4);
    return check_table(q, 48, "refcount table", rt_off, (uint64_t)rt_clusters << q->cluster_bits, err);
}

/* ---- the snapshot table ---- */

const char *sv_qcow2_snapshot_label(const struct sv_qcow2_snapshot *s, char *buf, size_t len)
{
    size_t k = (size_t)snprintf(buf, len, "%.24s \"", s->id);

    for (size_t i = 0; i < s->name_len && k + 5 < len; i++) {
        unsigned char c = (unsigned char)s->name[i];

        if (i == 40) {
            k += (size_t)snprintf(buf + k, len - k, "...");
            break;
        }
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            k += (size_t)snprintf(buf + k, len - k, "\\x%02x", c);
        else
            buf[k++] = (char)c;
    }
    if (k + 2 <= len) {
        buf[k++] = '"';
        buf[k] = 0;
    } else if (len) {
        buf[len - 1] = 0;
    }
    return buf;
}

static char *read_string(const struct sv_qcow2 *q, uint64_t off, size_t n, struct sv_error *err)
{
    char *s = malloc(n + 1);

    if (!s) {
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        return NULL;
    }
    if (n && rd(q, off, s, n, err) < 0) {
        free(s);
        return NULL;
    }
    s[n] = 0;
    return s;
}

static int read_snapshots(struct sv_qcow2 *q, struct sv_error *err)
{
    uint64_t off = q->snapshots_offset;

    if (!q->nsnap)
        return 0;
    q->snap = calloc(q->nsnap, sizeof *q->snap);
    if (!q->snap)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory for %u snapshots", q->nsnap);
    for (uint32_t i = 0; i < q->nsnap; i++) {
        struct sv_qcow2_snapshot *s = &q->snap[i];
        uint8_t e[SV_QCOW2_ENTRY_FIXED], extra[16] = { 0 };
        uint64_t end;

        off = (off + 7) & ~7ull;
        s->entry_offset = off;
        if (off + SV_QCOW2_ENTRY_FIXED > q->file_size)
            return sv_error_set(err, SV_E_TRUNC, off, "snapshot table entry %u of %u lies past the end of "
                                "the file (%llu bytes)", i + 1, q->nsnap, (unsigned long long)q->file_size);
        if (rd(q, off, e, sizeof e, err) < 0)
            return -1;
        s->l1_offset = sv_load_be(e, 8);
        s->l1_size = (uint32_t)sv_load_be(e + 8, 4);
        s->id_len = (size_t)sv_load_be(e + 12, 2);
        s->name_len = (size_t)sv_load_be(e + 14, 2);
        s->date_sec = (uint32_t)sv_load_be(e + 16, 4);
        s->date_nsec = (uint32_t)sv_load_be(e + 20, 4);
        s->vm_clock_nsec = sv_load_be(e + 24, 8);
        s->state_size32 = (uint32_t)sv_load_be(e + 32, 4);
        s->extra_size = (uint32_t)sv_load_be(e + 36, 4);
        end = off + SV_QCOW2_ENTRY_FIXED + (uint64_t)s->extra_size + s->id_len + s->name_len;
        if (end - q->snapshots_offset > SV_QCOW2_MAX_SNAPSHOT_TABLE)
            return sv_error_set(err, SV_E_LIMIT, off + 36, "snapshot table entry %u of %u: the table would "
                                "exceed QEMU's limit of %u bytes (extra_data_size %u)", i + 1, q->nsnap,
                                SV_QCOW2_MAX_SNAPSHOT_TABLE, s->extra_size);
        if (end > q->file_size)
            return sv_error_set(err, SV_E_TRUNC, off, "snapshot table entry %u of %u (%llu bytes) lies past "
                                "the end of the file (%llu bytes)", i + 1, q->nsnap,
                                (unsigned long long)(end - off), (unsigned long long)q->file_size);
        if (s->extra_size && rd(q, off + SV_QCOW2_ENTRY_FIXED, extra, s->extra_size < 16 ? s->extra_size : 16, err) < 0)
            return -1;
        /* extra data: be64 vm_state_size_large, be64 disk_size (QEMU 1.1 on) */
        s->state_size = s->extra_size >= 8 ? sv_load_be(extra, 8) : s->state_size32;
        s->disk_size = s->extra_size >= 16 ? sv_load_be(extra + 8, 8) : q->size;
        s->id = read_string(q, off + SV_QCOW2_ENTRY_FIXED + s->extra_size, s->id_len, err);
        if (!s->id)
            return -1;
        s->name = read_string(q, off + SV_QCOW2_ENTRY_FIXED + s->extra_size + s->id_len, s->name_len, err);
        if (!s->name)
            return -1;
        off = end;
    }
    q->snapshots_len = off - q->snapshots_offset;
    return 0;
}

int sv_qcow2_open_fd(struct sv_qcow2 *q, int fd, struct sv_error *err)
{
    off_t end;

    memset(q, 0, sizeof *q);
    q->fd = fd;
    end = lseek(fd, 0, SEEK_END);
    if (end < 0)
        return sv_error_set_nooff(err, SV_E_IO, "cannot find the image's size: %s", strerror(errno));
    q->file_size = (uint64_t)end;
    if (read_header(q, err) < 0 || read_snapshots(q, err) < 0) {
        sv_qcow2_close(q);
        return -1;
    }
    return 0;
}

int sv_qcow2_open(struct sv_qcow2 *q, const char *path, struct sv_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        memset(q, 0, sizeof *q);
        q->fd = -1;
        return sv_error_set_nooff(err, SV_E_IO, "cannot open: %s", strerror(errno));
    }
    if (sv_qcow2_open_fd(q, fd, err) < 0) {
        close(fd);
        return -1;
    }
    q->own_fd = 1;
    return 0;
}

void sv_qcow2_close(struct sv_qcow2 *q)
{
    for (uint32_t i = 0; q->snap && i < q->nsnap; i++) {
        free(q->snap[i].id);
        free(q->snap[i].name);
    }
    free(q->snap);
    q->snap = NULL;
    q->nsnap = 0;
    if (q->own_fd && q->fd >= 0)
        close(q->fd);
    q->fd = -1;
    q->own_fd = 0;
}

int sv_qcow2_find(const struct sv_qcow2 *q, const char *name)
{
    for (uint32_t i = 0; i < q->nsnap; i++)
        if (strcmp(q->snap[i].id, name) == 0)
            return (int)i;
    for (uint32_t i = 0; i < q->nsnap; i++)
        if (strcmp(q->snap[i].name, name) == 0)
            return (int)i;
    return -1;
}
