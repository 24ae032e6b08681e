/*
 * Test-only: writes qcow2 images with internal snapshots and VM states,
 * including what real QEMU never writes (version 3 from this tree, VM
 * state in compressed or zero clusters, large extra data).  The layout is
 * plain and reported back, so tests can damage one table at a time:
 *
 *   header | active L1 | each snapshot's L1 | their L2 tables |
 *   snapshot table | refcount table | refcount blocks | data clusters ...
 *
 * Clusters are refcounted as QEMU does (a compressed cluster counts once in
 * every host cluster it touches), so `qemu-img check` accepts the image.
 */
#ifndef SV_QCOW2_WRITER_H
#define SV_QCOW2_WRITER_H

#include <stddef.h>
#include <stdint.h>

#define QW_MAX_SNAPS 8

struct qw_snap {
    const char *id, *name;
    const uint8_t *state;       /* the VM state bytes, or */
    const char *state_file;     /* read from this file (streamed) */
    size_t state_len;           /* with state: its length */
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    int extra16;                /* 16 bytes of extra data: be64 state size, be64 disk size (always on v3) */
    uint32_t extra_size;        /* more extra data than that (filler bytes 0xee after the 16) */
    uint64_t size32;            /* >0: write this in the be32 field instead of the size */
    uint64_t size64;            /* >0: write this as the 64-bit size instead of the size */
    uint64_t disk_size;         /* >0: the snapshot's disk size (extra data), and where its state goes */
    int compress;               /* clusters stored deflated where that is smaller */
    int zero_clusters;          /* v3: all-zero clusters as zero-flag entries */
    int holes;                  /* all-zero clusters left unallocated */
};

struct qw_image {
    unsigned version;           /* 2 or 3 */
    unsigned cluster_bits;
    uint64_t disk_size;
    const char *backing;        /* a backing file name, or NULL */
    uint64_t incompatible;      /* v3 header bits */
    struct qw_snap snap[QW_MAX_SNAPS];
    unsigned nsnap;
};

/* Where things went. */
struct qw_layout {
    uint64_t cluster_size, file_size;
    uint64_t l1_offset, snapshots_offset, refcount_offset;
    uint64_t entry[QW_MAX_SNAPS];       /* snapshot table entries */
    uint64_t snap_l1[QW_MAX_SNAPS];     /* each snapshot's L1 table */
    uint64_t vm_l1_index[QW_MAX_SNAPS]; /* its first L1 entry holding state */
    uint64_t l2[QW_MAX_SNAPS];          /* the L2 table of the state's first cluster */
    uint64_t data[QW_MAX_SNAPS];        /* where the state's first stored cluster is */
    uint64_t data_end;                  /* the end of all data */
};

/* 0 ok; -1 with a message on stderr. */
int qw_write(const char *path, const struct qw_image *img, struct qw_layout *lay);

#endif
