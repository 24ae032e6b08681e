/* What the qcow2 reader's two files share (not for other code). */
#ifndef SV_QCOW2_INT_H
#define SV_QCOW2_INT_H

#include <stddef.h>
#include <stdint.h>

#define SV_QCOW2_ENTRY_FIXED 40u        /* a snapshot table entry before its extra data */

/* n bytes at off, all or -1 (errno 0 when the file ended). */
int sv_qcow2_pread(int fd, void *buf, size_t n, uint64_t off);
/* Whether [a, a+alen) and [b, b+blen) share a byte (an empty range shares none). */
int sv_qcow2_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);

#endif
