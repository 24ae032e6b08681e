/*
 * The qcow2 reader; see sv-qcow2.h.  Facts from QEMU's block/qcow2*.c
 * (0.11.1, 0.12.3) and the qcow2 specification; the checks are ours.
 */
#include "sv-qcow2.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "sv-stream.h"

#define HEADER_V2 72u
#define HEADER_V3 104u
#define ENTRY_FIXED 40u             /* a snapshot table entry before its extra data */

/* L1 and L2 entries (qcow2 spec, "Cluster mapping") */
#define E_OFFSET 0x00fffffffffffe00ull  /* bits 9-55 */
#define L1_RESERVED 0x7f000000000001ffull
#define L2_COPIED (1ull << 63)
#define L2_COMPRESSED (1ull << 62)
#define L2_ZERO 1ull                    /* v3 */
#define L2_RESERVED 0x3f000000000001feull

/* incompatible feature bits */
#define F_DIRTY (1ull << 0)
#define F_CORRUPT (1ull << 1)
#define F_DATA_FILE (1ull << 2)
#define F_COMPRESSION (1ull << 3)
#define F_EXTL2 (1ull << 4)

enum kind { K_DATA, K_ZERO, K_UNALLOC, K_COMPRESSED };

struct sv_qcow2_state {
    struct sv_qcow2 *q;
    const struct sv_qcow2_snapshot *sn;
    char label[96];
    unsigned shift;                 /* cluster_bits + l2_bits: the bytes one L1 entry maps */
    uint64_t vm_off, size, pos;
    uint64_t l1i;                   /* the L1 entry l2 belongs to; UINT64_MAX: none */
    uint64_t l2_off;                /* 0: unallocated */
    uint64_t l2_loaded;             /* the table in l2 (0: none) */
    uint8_t *l2;
    uint8_t *cin, *cout;            /* compressed bytes, the inflated cluster */
    uint64_t c_off;                 /* what cout holds; UINT64_MAX: nothing */
    z_stream z;
    int z_ready;
    struct sv_error err;
};

int sv_qcow2_probe(const void *buf, size_t len)
{
    return len >= 4 && sv_load_be(buf, 4) == SV_QCOW2_MAGIC;
}

static int pread_all(int fd, void *buf, size_t n, uint64_t off)
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
    if (pread_all(q->fd, buf, n, off) == 0)
        return 0;
    return sv_error_set(err, SV_E_IO, off, "read error: %s", errno ? strerror(errno) : "the file shrank");
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
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
                                (uint64_t)q->nsnap * ENTRY_FIXED, err) < 0)
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
        uint8_t e[ENTRY_FIXED], extra[16] = { 0 };
        uint64_t end;

        off = (off + 7) & ~7ull;
        s->entry_offset = off;
        if (off + ENTRY_FIXED > q->file_size)
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
        end = off + ENTRY_FIXED + (uint64_t)s->extra_size + s->id_len + s->name_len;
        if (end - q->snapshots_offset > SV_QCOW2_MAX_SNAPSHOT_TABLE)
            return sv_error_set(err, SV_E_LIMIT, off + 36, "snapshot table entry %u of %u: the table would "
                                "exceed QEMU's limit of %u bytes (extra_data_size %u)", i + 1, q->nsnap,
                                SV_QCOW2_MAX_SNAPSHOT_TABLE, s->extra_size);
        if (end > q->file_size)
            return sv_error_set(err, SV_E_TRUNC, off, "snapshot table entry %u of %u (%llu bytes) lies past "
                                "the end of the file (%llu bytes)", i + 1, q->nsnap,
                                (unsigned long long)(end - off), (unsigned long long)q->file_size);
        if (s->extra_size && rd(q, off + ENTRY_FIXED, extra, s->extra_size < 16 ? s->extra_size : 16, err) < 0)
            return -1;
        /* extra data: be64 vm_state_size_large, be64 disk_size (QEMU 1.1 on) */
        s->state_size = s->extra_size >= 8 ? sv_load_be(extra, 8) : s->state_size32;
        s->disk_size = s->extra_size >= 16 ? sv_load_be(extra + 8, 8) : q->size;
        s->id = read_string(q, off + ENTRY_FIXED + s->extra_size, s->id_len, err);
        if (!s->id)
            return -1;
        s->name = read_string(q, off + ENTRY_FIXED + s->extra_size + s->id_len, s->name_len, err);
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

/* ---- a snapshot's VM state ---- */

static int state_err(struct sv_qcow2_state *st, enum sv_errcode code, const char *fmt, ...) SV_PRINTF(3, 4);
static int state_err(struct sv_qcow2_state *st, enum sv_errcode code, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_error_set_nooff(&st->err, code, "snapshot %s: %s", st->label, msg);
}

int sv_qcow2_state_open(struct sv_qcow2 *q, uint32_t i, struct sv_qcow2_state **out, struct sv_error *err)
{
    const struct sv_qcow2_snapshot *sn = &q->snap[i];
    struct sv_qcow2_state *st;
    uint64_t vm_index, max, last, l1_len;
    char label[96];

    *out = NULL;
    sv_qcow2_snapshot_label(sn, label, sizeof label);
    if (sn->state_size == 0)
        return sv_error_set_nooff(err, SV_E_USAGE, "snapshot %s has no VM state (vm_state_size 0)", label);
    st = calloc(1, sizeof *st);
    if (!st)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    st->q = q;
    st->sn = sn;
    memcpy(st->label, label, sizeof label);
    sv_error_clear(&st->err);
    st->shift = 2 * q->cluster_bits - 3;
    st->size = sn->state_size;
    st->l1i = UINT64_MAX;
    st->c_off = UINT64_MAX;
    /* the state starts at the first L1 entry past the disk (as the snapshot saw it) */
    vm_index = (sn->disk_size >> st->shift) + ((sn->disk_size & ((1ull << st->shift) - 1)) != 0);
    max = (uint64_t)SV_QCOW2_MAX_L1_ENTRIES << st->shift;
    if (vm_index >= SV_QCOW2_MAX_L1_ENTRIES || sn->state_size > max - (vm_index << st->shift)) {
        sv_error_set(err, SV_E_RANGE, sn->entry_offset + (sn->extra_size >= 8 ? ENTRY_FIXED : 32),
                     "snapshot %s: a VM state of %llu bytes past a disk of %llu bytes reaches beyond "
                     "QEMU's limit of %u L1 entries", label, (unsigned long long)sn->state_size,
                     (unsigned long long)sn->disk_size, SV_QCOW2_MAX_L1_ENTRIES);
        goto fail;
    }
    st->vm_off = vm_index << st->shift;
    last = (st->vm_off + st->size - 1) >> st->shift;
    l1_len = (uint64_t)sn->l1_size * 8;
    if (sn->l1_size > SV_QCOW2_MAX_L1_ENTRIES) {
        sv_error_set(err, SV_E_RANGE, sn->entry_offset + 8, "snapshot %s: l1_size %u above QEMU's limit of %u "
                     "entries", label, sn->l1_size, SV_QCOW2_MAX_L1_ENTRIES);
        goto fail;
    }
    if (last >= sn->l1_size) {
        sv_error_set(err, SV_E_RANGE, sn->entry_offset + 8, "snapshot %s: its L1 table has %u entries, its VM "
                     "state (%llu bytes from 0x%llx) needs %llu", label, sn->l1_size,
                     (unsigned long long)st->size, (unsigned long long)st->vm_off, (unsigned long long)last + 1);
        goto fail;
    }
    if (sn->l1_offset & (q->cluster_size - 1)) {
        sv_error_set(err, SV_E_CORRUPT, sn->entry_offset, "snapshot %s: its L1 table at 0x%llx is not "
                     "cluster-aligned", label, (unsigned long long)sn->l1_offset);
        goto fail;
    }
    if (sn->l1_offset < q->cluster_size) {
        sv_error_set(err, SV_E_CORRUPT, sn->entry_offset, "snapshot %s: its L1 table at 0x%llx is at the "
                     "header", label, (unsigned long long)sn->l1_offset);
        goto fail;
    }
    if (sn->l1_offset > q->file_size || l1_len > q->file_size - sn->l1_offset) {
        sv_error_set(err, SV_E_TRUNC, sn->entry_offset, "snapshot %s: its L1 table (0x%llx, %u entries) lies "
                     "past the end of the file (%llu bytes)", label, (unsigned long long)sn->l1_offset,
                     sn->l1_size, (unsigned long long)q->file_size);
        goto fail;
    }
    if (overlaps(sn->l1_offset, l1_len, q->snapshots_offset, q->snapshots_len)) {
        sv_error_set(err, SV_E_CORRUPT, sn->entry_offset, "snapshot %s: its L1 table at 0x%llx overlaps the "
                     "snapshot table at 0x%llx", label, (unsigned long long)sn->l1_offset,
                     (unsigned long long)q->snapshots_offset);
        goto fail;
    }
    st->l2 = malloc(q->cluster_size);
    if (!st->l2) {
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        goto fail;
    }
    *out = st;
    return 0;
fail:
    sv_qcow2_state_close(st);
    return -1;
}

void sv_qcow2_state_close(struct sv_qcow2_state *st)
{
    if (!st)
        return;
    if (st->z_ready)
        inflateEnd(&st->z);
    free(st->l2);
    free(st->cin);
    free(st->cout);
    free(st);
}

/* Checks a cluster an entry points at; what is "L2 table" or "cluster".
 * (Aligned and not 0, it cannot be in the header's cluster.) */
static int check_cluster(struct sv_qcow2_state *st, const char *what, uint64_t off, uint64_t need,
                         uint64_t entry_off, uint64_t pos)
{
    const struct sv_qcow2 *q = st->q;
    const struct sv_qcow2_snapshot *sn = st->sn;

    if (off & (q->cluster_size - 1))
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx gives its %s the offset "
                         "0x%llx, which is not cluster-aligned", (unsigned long long)pos,
                         (unsigned long long)entry_off, what, (unsigned long long)off);
    if (overlaps(off, q->cluster_size, sn->l1_offset, (uint64_t)sn->l1_size * 8))
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx points its %s into the "
                         "snapshot's own L1 table", (unsigned long long)pos, (unsigned long long)entry_off, what);
    if (overlaps(off, q->cluster_size, q->snapshots_offset, q->snapshots_len))
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx points its %s into the "
                         "snapshot table", (unsigned long long)pos, (unsigned long long)entry_off, what);
    if (st->l2_off && off == st->l2_off)
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx points its %s at its own "
                         "L2 table", (unsigned long long)pos, (unsigned long long)entry_off, what);
    if (off > q->file_size || need > q->file_size - off)
        return state_err(st, SV_E_TRUNC, "VM state byte %llu: its %s at 0x%llx lies past the end of the file "
                         "(%llu bytes): the image holds less than the recorded %llu bytes of state",
                         (unsigned long long)pos, what, (unsigned long long)off,
                         (unsigned long long)q->file_size, (unsigned long long)st->size);
    return 0;
}

/* The L2 table for state byte pos; st->l2_off 0 when unallocated. */
static int load_l2(struct sv_qcow2_state *st, uint64_t pos)
{
    const struct sv_qcow2 *q = st->q;
    uint64_t l1i = (st->vm_off + pos) >> st->shift, eoff, e, l2;
    uint8_t b[8];

    if (l1i == st->l1i)
        return 0;
    eoff = st->sn->l1_offset + l1i * 8;
    if (pread_all(q->fd, b, 8, eoff) < 0)
        return state_err(st, SV_E_IO, "read error at 0x%llx: %s", (unsigned long long)eoff,
                         errno ? strerror(errno) : "the file shrank");
    e = sv_load_be(b, 8);
    if (e & L1_RESERVED)
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: L1 entry %llu at 0x%llx (0x%016llx) has "
                         "reserved bits set", (unsigned long long)pos, (unsigned long long)l1i,
                         (unsigned long long)eoff, (unsigned long long)e);
    l2 = e & E_OFFSET;
    st->l2_off = 0;
    st->l1i = UINT64_MAX;
    if (l2) {
        if (check_cluster(st, "L2 table", l2, q->cluster_size, eoff, pos) < 0)
            return -1;
        if (l2 != st->l2_loaded) {
            st->l2_loaded = 0;
            if (pread_all(q->fd, st->l2, q->cluster_size, l2) < 0)
                return state_err(st, SV_E_IO, "read error at 0x%llx: %s", (unsigned long long)l2,
                                 errno ? strerror(errno) : "the file shrank");
            st->l2_loaded = l2;
        }
    }
    st->l2_off = l2;
    st->l1i = l1i;
    return 0;
}

/*
 * What stores state byte pos: its kind and where (the cluster's file
 * offset, or the compressed bytes' offset and sector count).
 */
static int resolve(struct sv_qcow2_state *st, uint64_t pos, enum kind *k, uint64_t *where, uint32_t *nsec)
{
    const struct sv_qcow2 *q = st->q;
    uint64_t g = st->vm_off + pos, idx, eoff, e, off, start, need;

    if (load_l2(st, pos) < 0)
        return -1;
    if (!st->l2_off) {
        *k = K_UNALLOC;
        goto unalloc;
    }
    idx = (g >> q->cluster_bits) & ((q->cluster_size / 8) - 1);
    eoff = st->l2_off + idx * 8;
    e = sv_load_be(st->l2 + idx * 8, 8);
    if (e & L2_COMPRESSED) {
        unsigned csize_shift = 62 - (q->cluster_bits - 8);
        uint64_t coff = e & ((1ull << csize_shift) - 1);

        *nsec = (uint32_t)((e >> csize_shift) & ((1ull << (q->cluster_bits - 8)) - 1)) + 1;
        if (coff >> 56)
            return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the compressed cluster entry at 0x%llx "
                             "(0x%016llx) has an offset above 56 bits", (unsigned long long)pos,
                             (unsigned long long)eoff, (unsigned long long)e);
        if (coff < q->cluster_size)
            return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx points its compressed "
                             "cluster at the header", (unsigned long long)pos, (unsigned long long)eoff);
        if (coff >= q->file_size)
            return state_err(st, SV_E_TRUNC, "VM state byte %llu: its compressed cluster at 0x%llx lies past "
                             "the end of the file (%llu bytes)", (unsigned long long)pos,
                             (unsigned long long)coff, (unsigned long long)q->file_size);
        *k = K_COMPRESSED;
        *where = coff;
        return 0;
    }
    if (e & L2_RESERVED)
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the L2 entry at 0x%llx (0x%016llx) has reserved "
                         "bits set", (unsigned long long)pos, (unsigned long long)eoff, (unsigned long long)e);
    if (e & L2_ZERO) {
        if (q->version < 3)
            return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the L2 entry at 0x%llx has the zero flag, "
                             "which version 2 images do not have", (unsigned long long)pos,
                             (unsigned long long)eoff);
        *k = K_ZERO;
        return 0;
    }
    off = e & E_OFFSET;
    if (!off) {
        if (e & L2_COPIED)
            return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the L2 entry at 0x%llx marks a cluster at "
                             "offset 0 in use", (unsigned long long)pos, (unsigned long long)eoff);
        *k = K_UNALLOC;
        goto unalloc;
    }
    /* only the bytes of the state must be in the file */
    start = g & ~(q->cluster_size - 1);
    need = st->vm_off + st->size - start;
    if (need > q->cluster_size)
        need = q->cluster_size;
    if (check_cluster(st, "cluster", off, need, eoff, pos) < 0)
        return -1;
    *k = K_DATA;
    *where = off;
    return 0;
unalloc:
    /* QEMU reads an unallocated cluster from the backing file (zeros past its end) */
    if (q->has_backing)
        return state_err(st, SV_E_UNKNOWN, "VM state byte %llu is not in this image: QEMU would read it from "
                         "the backing file \"%.80s\", which svtool does not open", (unsigned long long)pos,
                         q->backing);
    return 0;
}

static int inflate_cluster(struct sv_qcow2_state *st, uint64_t coff, uint32_t nsec, uint64_t pos)
{
    const struct sv_qcow2 *q = st->q;
    uint64_t csize = (uint64_t)nsec * 512 - (coff & 511), avail;
    int r;

    if (coff == st->c_off)
        return 0;
    if (!st->cin) {
        st->cin = malloc(2 * q->cluster_size);
        st->cout = malloc(q->cluster_size);
        if (!st->cin || !st->cout)
            return state_err(st, SV_E_NOMEM, "out of memory");
    }
    if (!st->z_ready) {
        memset(&st->z, 0, sizeof st->z);
        /* raw deflate with a 4 KiB window, as QEMU reads it */
        if (inflateInit2(&st->z, -12) != Z_OK)
            return state_err(st, SV_E_NOMEM, "out of memory for zlib");
        st->z_ready = 1;
    } else if (inflateReset(&st->z) != Z_OK) {
        return state_err(st, SV_E_NOMEM, "zlib reset failed");
    }
    /* the last compressed cluster's sectors may run past the end of the file */
    avail = q->file_size - coff < csize ? q->file_size - coff : csize;
    if (pread_all(q->fd, st->cin, (size_t)avail, coff) < 0)
        return state_err(st, SV_E_IO, "read error at 0x%llx: %s", (unsigned long long)coff,
                         errno ? strerror(errno) : "the file shrank");
    st->z.next_in = st->cin;
    st->z.avail_in = (uInt)avail;
    st->z.next_out = st->cout;
    st->z.avail_out = (uInt)q->cluster_size;
    r = inflate(&st->z, Z_FINISH);
    if ((r != Z_STREAM_END && r != Z_BUF_ERROR) || st->z.avail_out != 0)
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the compressed cluster at 0x%llx (%u sectors) "
                         "does not inflate to %llu bytes (%s)", (unsigned long long)pos,
                         (unsigned long long)coff, nsec, (unsigned long long)q->cluster_size,
                         st->z.msg ? st->z.msg : r == Z_STREAM_END || r == Z_BUF_ERROR ? "the data ends early"
                                                                                       : "zlib error");
    st->c_off = coff;
    return 0;
}

ssize_t sv_qcow2_state_read(struct sv_qcow2_state *st, void *buf, size_t n)
{
    const struct sv_qcow2 *q = st->q;
    uint8_t *out = buf;
    size_t done = 0;

    if (st->err.code != SV_OK)
        return -1;
    if (st->pos >= st->size)
        return 0;
    if (n > st->size - st->pos)
        n = (size_t)(st->size - st->pos);
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    while (done < n) {
        uint64_t in = (st->vm_off + st->pos) & (q->cluster_size - 1), chunk = q->cluster_size - in, where;
        uint32_t nsec = 0;
        enum kind k;

        if (chunk > n - done)
            chunk = n - done;
        if (resolve(st, st->pos, &k, &where, &nsec) < 0)
            return -1;
        if (k == K_DATA) {
            /* one read for a run of clusters stored one after another */
            uint64_t start = where + in, len = chunk;

            for (;;) {
                uint64_t next_pos = st->pos + len, w2, more;
                uint32_t ns2;
                enum kind k2;

                if (done + len >= n || ((st->vm_off + next_pos) & (q->cluster_size - 1)))
                    break;
                if (resolve(st, next_pos, &k2, &w2, &ns2) < 0)
                    return -1;
                if (k2 != K_DATA || w2 != start + len)
                    break;
                more = q->cluster_size < n - done - len ? q->cluster_size : n - done - len;
                len += more;
            }
            if (pread_all(q->fd, out + done, (size_t)len, start) < 0)
                return state_err(st, SV_E_IO, "read error at 0x%llx: %s", (unsigned long long)start,
                                 errno ? strerror(errno) : "the file shrank");
            chunk = len;
        } else if (k == K_COMPRESSED) {
            if (inflate_cluster(st, where, nsec, st->pos) < 0)
                return -1;
            memcpy(out + done, st->cout + in, (size_t)chunk);
        } else {
            memset(out + done, 0, (size_t)chunk);
        }
        done += (size_t)chunk;
        st->pos += chunk;
    }
    return (ssize_t)done;
}

int sv_qcow2_state_seek(struct sv_qcow2_state *st, uint64_t pos)
{
    st->pos = pos;
    return 0;
}

uint64_t sv_qcow2_state_tell(const struct sv_qcow2_state *st)
{
    return st->pos;
}

uint64_t sv_qcow2_state_size(const struct sv_qcow2_state *st)
{
    return st->size;
}

const struct sv_error *sv_qcow2_state_error(const struct sv_qcow2_state *st)
{
    return &st->err;
}

int sv_qcow2_state_map(struct sv_qcow2_state *st, uint64_t pos, uint64_t *file_off, uint64_t *len)
{
    uint64_t in, where;
    uint32_t nsec;
    enum kind k;

    if (pos >= st->size)
        return 0;
    if (resolve(st, pos, &k, &where, &nsec) < 0)
        return -1;
    if (k != K_DATA)
        return 0;
    in = (st->vm_off + pos) & (st->q->cluster_size - 1);
    *file_off = where + in;
    *len = st->q->cluster_size - in;
    if (*len > st->size - pos)
        *len = st->size - pos;
    return 1;
}
