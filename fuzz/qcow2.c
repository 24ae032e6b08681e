/*
 * Harness: the qcow2 reader behind IMAGE:TAG, svtool snapshots and
 * extract, on any bytes as an image file: the header, the snapshot table,
 * each snapshot's VM state through its L1 and L2 tables (compressed, zero
 * and unallocated clusters), by reads, seeks and the FILE stream.  Every
 * path must end in a clean error or at the state's end, never crash.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "sv-input.h"
#include "sv-qcow2.h"

/* A hostile image may claim terabytes of zeros: read this much of each state. */
#define READ_MAX (1u << 20)

static void read_state(struct sv_qcow2_state *st)
{
    static uint8_t buf[65536];
    uint64_t total = 0, size = sv_qcow2_state_size(st), off, len;
    ssize_t r = 0;

    while (total < READ_MAX && (r = sv_qcow2_state_read(st, buf, 4093)) > 0) {
        FUZZ_ASSERT(r <= 4093, "read returned %zd for 4093", r);
        total += (uint64_t)r;
    }
    FUZZ_ASSERT(total <= size, "read %llu bytes of a %llu-byte state", (unsigned long long)total,
                (unsigned long long)size);
    if (r < 0) {
        FUZZ_ASSERT(sv_qcow2_state_error(st)->code != SV_OK, "a failed read without an error");
        FUZZ_ASSERT(sv_qcow2_state_read(st, buf, 1) < 0, "a read after a failure succeeded");
        return;
    }
    sv_qcow2_state_seek(st, size / 2);
    r = sv_qcow2_state_read(st, buf, sizeof buf);
    FUZZ_ASSERT(r < 0 || (uint64_t)r <= size - size / 2, "read past the end after a seek");
    if (r >= 0 && sv_qcow2_state_map(st, 0, &off, &len) == 1)
        FUZZ_ASSERT(len > 0 && len <= size, "a mapped run of %llu bytes", (unsigned long long)len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sv_qcow2 q;
    struct sv_error err;
    int fd = memfd_create("qcow2", MFD_CLOEXEC);

    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    sv_error_clear(&err);
    if (sv_qcow2_open_fd(&q, fd, &err) < 0) {
        FUZZ_ASSERT(err.code != SV_OK, "open failed without an error");
        close(fd);
        return 0;
    }
    for (uint32_t i = 0; i < q.nsnap && i < 4; i++) {
        struct sv_qcow2_state *st;
        int found = sv_qcow2_find(&q, q.snap[i].id);

        FUZZ_ASSERT(found >= 0 && (uint32_t)found <= i, "snapshot %u's id finds %d", i, found);
        sv_error_clear(&err);
        if (sv_qcow2_state_open(&q, i, &st, &err) < 0) {
            FUZZ_ASSERT(err.code != SV_OK && !st, "a state open failed without an error");
            continue;
        }
        read_state(st);
        sv_qcow2_state_close(st);
    }
    /* the same state as a FILE, as svtool's walker reads it */
    if (q.nsnap) {
        struct sv_qcow2_state *st;

        sv_error_clear(&err);
        if (sv_qcow2_state_open(&q, 0, &st, &err) == 0) {
            FILE *f = sv_input_state_file(st, NULL, &err);
            static char buf[8192];

            if (f) {
                for (unsigned n = 0; n < 16 && fread(buf, 1, sizeof buf, f) == sizeof buf; n++)
                    ;
                rewind(f);
                (void)fread(buf, 1, 100, f);
                fclose(f);
            }
        }
    }
    sv_qcow2_close(&q);
    close(fd);
    return 0;
}
