/*
 * Harness: the qcow2 reader behind IMAGE:TAG, svtool snapshots and
 * extract, on any bytes as an image file: the header, the snapshot table,
 * each snapshot's VM state through its L1 and L2 tables (compressed, zero
 * and unallocated clusters), by reads, seeks and the FILE stream, and as
 * the walker reads it (the image mapped, in pieces), which must give the
 * bytes reads give and fail where they fail.  Every path must end in a
 * clean error or at the state's end, never crash.
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

/* The walker's reader against plain reads of the same ranges, by peeks,
 * reads and skips of several lengths. */
static void compare_pieces(struct sv_qcow2 *q, uint32_t i)
{
    static const size_t len[] = { 9, 4105, 65536, 1, 70000 };
    static uint8_t want[70000], got[70000];
    struct sv_qcow2_state *a = NULL, *b = NULL;
    struct sv_stream s;
    struct sv_error err;
    uint64_t size, pos = 0;

    sv_error_clear(&err);
    if (sv_qcow2_state_open(q, i, &a, &err) < 0 || sv_qcow2_state_open(q, i, &b, &err) < 0 ||
        sv_qcow2_state_stream(a, &s, 0) < 0) {
        sv_qcow2_state_close(a);
        sv_qcow2_state_close(b);
        return;
    }
    size = sv_qcow2_state_size(a);
    for (unsigned step = 0; pos < size && pos < READ_MAX; step++) {
        size_t n = len[step % 5], k = size - pos < n ? (size_t)(size - pos) : n, op = step % 3;
        const uint8_t *p;
        ssize_t r;
        int good;

        sv_qcow2_state_seek(b, pos);
        r = sv_qcow2_state_read(b, want, k);
        FUZZ_ASSERT(r < 0 || (size_t)r == k, "a read of %zu bytes inside the state gave %zd", k, r);
        if (op == 0) {
            size_t m = sv_peek(&s, n, &p);

            good = m == k && !sv_stream_failed(&s);
            if (good && r >= 0)
                FUZZ_ASSERT(memcmp(p, want, k) == 0, "a peek at %llu differs from a read",
                            (unsigned long long)pos);
            if (good)
                sv_skip(&s, k, "peeked");
        } else if (op == 1) {
            good = sv_read(&s, got, k, "bytes") == 0;
            if (good && r >= 0)
                FUZZ_ASSERT(memcmp(got, want, k) == 0, "a read at %llu differs", (unsigned long long)pos);
        } else {
            good = sv_skip(&s, k, "bytes") == 0;
        }
        FUZZ_ASSERT(good == (r >= 0), "at %llu, %zu bytes: the mapped reader %s, reads %s",
                    (unsigned long long)pos, k, good ? "succeeds" : "fails", r >= 0 ? "succeed" : "fail");
        if (!good) {
            FUZZ_ASSERT(sv_stream_failed(&s), "a failure without an error");
            break;
        }
        pos += k;
    }
    sv_stream_free(&s);
    sv_qcow2_state_close(a);
    sv_qcow2_state_close(b);
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
        compare_pieces(&q, i);
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
