/*
 * A small, strict, read-only qcow2 reader: the header, the internal
 * snapshot table and each snapshot's VM state (what `savevm` wrote),
 * streamed through that snapshot's own L1 table.
 *
 *   guest-visible space of a snapshot:
 *   0                     disk size      vm_off = l1_vm_state_index << (cluster_bits + l2_bits)
 *   +---------------------+----------+-----------------------------+
 *   | disk                | (to an   | VM state, vm_state_size     |
 *   |                     |  L1 edge)| bytes                       |
 *   +---------------------+----------+-----------------------------+
 *
 * Versions 2 (QEMU 0.10 to 0.12) and 3, cluster_bits 9 to 21, zlib (raw
 * deflate) compressed clusters, zero clusters (v3).  The image is opened
 * O_RDONLY and never written.  Memory does not grow with the state: one
 * L2 table and one cluster (two for compressed data) at a time.
 */
#ifndef SV_QCOW2_H
#define SV_QCOW2_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sv-error.h"

#define SV_QCOW2_MAGIC 0x514649fbu           /* "QFI\xfb" */
#define SV_QCOW2_MIN_CLUSTER_BITS 9
#define SV_QCOW2_MAX_CLUSTER_BITS 21
/* QEMU's own limits, beyond which an image is refused as absurd. */
#define SV_QCOW2_MAX_SNAPSHOTS 65536u
#define SV_QCOW2_MAX_SNAPSHOT_TABLE (64u << 20)
#define SV_QCOW2_MAX_L1_ENTRIES ((32u << 20) / 8u)

struct sv_qcow2_snapshot {
    char *id, *name;            /* NUL-terminated copies */
    size_t id_len, name_len;    /* their stored lengths (a NUL inside is kept) */
    uint64_t entry_offset;      /* where its table entry starts */
    uint64_t l1_offset;
    uint32_t l1_size;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint32_t state_size32;      /* the entry's be32 vm_state_size */
    uint64_t state_size;        /* the 64-bit size from extra data when present, else the be32 */
    uint64_t disk_size;         /* from extra data when present, else the header's size */
    uint32_t extra_size;
};

struct sv_qcow2 {
    int fd;
    int own_fd;
    uint64_t file_size;
    uint32_t version, cluster_bits;
    uint64_t cluster_size;
    uint64_t size;              /* the disk's size in the header */
    uint32_t header_length;
    uint64_t incompatible;
    uint64_t l1_offset;         /* the active L1 table (checked, not followed) */
    uint32_t l1_size;
    uint64_t snapshots_offset, snapshots_len;
    uint32_t nsnap;
    struct sv_qcow2_snapshot *snap;
    int has_backing;
    char backing[1024];
};

/* Opens path O_RDONLY and reads the header and the snapshot table. */
int sv_qcow2_open(struct sv_qcow2 *q, const char *path, struct sv_error *err);
/* The same on an open descriptor (not closed by sv_qcow2_close). */
int sv_qcow2_open_fd(struct sv_qcow2 *q, int fd, struct sv_error *err);
void sv_qcow2_close(struct sv_qcow2 *q);
/* 1 when the first bytes of a file say qcow2 (magic "QFI\xfb"). */
int sv_qcow2_probe(const void *buf, size_t len);

/*
 * QEMU's lookup (qcow2's find_snapshot_by_id_or_name, which decides what
 * loadvm and `qemu-img snapshot -a` restore): the first snapshot whose id
 * is name, else the first whose tag is.  -1 when none.
 */
int sv_qcow2_find(const struct sv_qcow2 *q, const char *name);

/* "1 \"before\"" for messages (the tag shortened when long). */
const char *sv_qcow2_snapshot_label(const struct sv_qcow2_snapshot *s, char *buf, size_t len);

/* One snapshot's VM state as a byte stream. */
struct sv_qcow2_state;

/*
 * Checks where snapshot i's state lies (its L1 table, the state's range)
 * and returns a reader positioned at byte 0.  A state of size 0 is
 * SV_E_USAGE ("has no VM state").  The image must stay open meanwhile.
 */
int sv_qcow2_state_open(struct sv_qcow2 *q, uint32_t i, struct sv_qcow2_state **out,
                        struct sv_error *err);
/* Reads up to n bytes; fewer only at the end of the state; -1 with the error
 * (sv_qcow2_state_error) when the image is damaged where it reads. */
ssize_t sv_qcow2_state_read(struct sv_qcow2_state *st, void *buf, size_t n);
int sv_qcow2_state_seek(struct sv_qcow2_state *st, uint64_t pos);
uint64_t sv_qcow2_state_tell(const struct sv_qcow2_state *st);
uint64_t sv_qcow2_state_size(const struct sv_qcow2_state *st);
const struct sv_error *sv_qcow2_state_error(const struct sv_qcow2_state *st);
/*
 * Where state byte pos is stored: 1 with the file offset and how many
 * bytes from there are stored contiguously in that cluster (a standard
 * cluster); 0 when it is not stored as plain bytes (zero, unallocated or
 * compressed); -1 on a damaged image.
 */
int sv_qcow2_state_map(struct sv_qcow2_state *st, uint64_t pos, uint64_t *file_off, uint64_t *len);
void sv_qcow2_state_close(struct sv_qcow2_state *st);
/*
 * Reads the state from byte start as s, the image mapped
 * (sv_stream_map_pieces): runs of clusters stored one after another are
 * one piece, so skips within them read nothing; compressed clusters are
 * inflated and every cluster is checked as the stream reaches it.  The
 * state and the image must stay open until sv_stream_free(s).  -1 when the
 * image cannot be mapped (then read it with sv_qcow2_state_read).
 */
struct sv_stream;
int sv_qcow2_state_stream(struct sv_qcow2_state *st, struct sv_stream *s, uint64_t start);

#endif
