/*
 * A snapshot's VM state as a byte stream, through the snapshot's own L1
 * table: each cluster is looked up and checked as it is reached, so the
 * memory used is one L2 table and one cluster whatever the state's size.
 */
#include <config.h>

#include "sv-qcow2.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sv-qcow2-int.h"
#include "sv-stream.h"

/* L1 and L2 entries (qcow2 spec, "Cluster mapping") */
#define E_OFFSET 0x00fffffffffffe00ull  /* bits 9-55 */
#define L1_RESERVED 0x7f000000000001ffull
#define L2_COPIED (1ull << 63)
#define L2_COMPRESSED (1ull << 62)
#define L2_ZERO 1ull                    /* v3 */
#define L2_RESERVED 0x3f000000000001feull

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
    uint8_t *zeros;                 /* a cluster of zeros (pieces of zero clusters) */
    uint64_t c_off;                 /* what cout holds; UINT64_MAX: nothing */
    z_stream z;
    int z_ready;
    struct sv_error err;
};

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
        sv_error_set(err, SV_E_RANGE, sn->entry_offset + (sn->extra_size >= 8 ? SV_QCOW2_ENTRY_FIXED : 32),
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
    if (sv_qcow2_overlaps(sn->l1_offset, l1_len, q->snapshots_offset, q->snapshots_len)) {
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
    free(st->zeros);
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
    if (sv_qcow2_overlaps(off, q->cluster_size, sn->l1_offset, (uint64_t)sn->l1_size * 8))
        return state_err(st, SV_E_CORRUPT, "VM state byte %llu: the entry at 0x%llx points its %s into the "
                         "snapshot's own L1 table", (unsigned long long)pos, (unsigned long long)entry_off, what);
    if (sv_qcow2_overlaps(off, q->cluster_size, q->snapshots_offset, q->snapshots_len))
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
    if (sv_qcow2_pread(q->fd, b, 8, eoff) < 0)
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
            if (sv_qcow2_pread(q->fd, st->l2, q->cluster_size, l2) < 0)
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
    if (sv_qcow2_pread(q->fd, st->cin, (size_t)avail, coff) < 0)
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
            if (sv_qcow2_pread(q->fd, out + done, (size_t)len, start) < 0)
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

/*
 * The piece of the state holding byte pos, for sv_stream_map_pieces: a
 * run of clusters stored one after another in the file, or the cluster
 * inflated, or zeros.  A run stops before a cluster that is stored
 * elsewhere or fails its checks: that cluster's error is raised when the
 * stream reaches it, as a read would.
 */
static int state_piece(void *opaque, uint64_t pos, struct sv_stream_piece *p, struct sv_error *err)
{
    struct sv_qcow2_state *st = opaque;
    const struct sv_qcow2 *q = st->q;
    uint64_t in, where;
    uint32_t nsec = 0;
    enum kind k;

    if (st->err.code == SV_OK && pos >= st->size)
        state_err(st, SV_E_USAGE, "VM state byte %llu is past its end", (unsigned long long)pos);
    if (st->err.code != SV_OK || resolve(st, pos, &k, &where, &nsec) < 0)
        goto fail;
    in = (st->vm_off + pos) & (q->cluster_size - 1);
    p->len = q->cluster_size - in < st->size - pos ? q->cluster_size - in : st->size - pos;
    p->mem = NULL;
    if (k == K_COMPRESSED) {
        if (inflate_cluster(st, where, nsec, pos) < 0)
            goto fail;
        p->mem = st->cout + in;
        return 0;
    }
    if (k != K_DATA) {
        if (!st->zeros && !(st->zeros = calloc(1, q->cluster_size))) {
            state_err(st, SV_E_NOMEM, "out of memory");
            goto fail;
        }
        p->mem = st->zeros;
        return 0;
    }
    p->file_off = where + in;
    while (p->len < st->size - pos) {
        uint64_t next = pos + p->len, w2;
        uint32_t ns2;
        enum kind k2;

        if (resolve(st, next, &k2, &w2, &ns2) < 0) {
            sv_error_clear(&st->err);
            break;
        }
        if (k2 != K_DATA || w2 != p->file_off + p->len)
            break;
        p->len += q->cluster_size < st->size - next ? q->cluster_size : st->size - next;
    }
    return 0;
fail:
    *err = st->err;
    return -1;
}

int sv_qcow2_state_stream(struct sv_qcow2_state *st, struct sv_stream *s, uint64_t start)
{
    return sv_stream_map_pieces(s, st->q->fd, st->size, start, state_piece, st);
}
