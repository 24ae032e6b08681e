/*
 * Test-data preparation, run by hand (see the manifests in t/real), not by the
 * suite: zeroes in place the contents of every guest RAM page in every VM
 * state of a qcow2 image, so that no guest memory or BIOS bytes are kept.
 * The streams keep their length and structure: a full page's 4096 bytes
 * and a compressed page's fill byte become zeros; nothing else changes.
 *
 *   qcow2-scrub IMAGE
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv-input.h"
#include "sv-qcow2.h"
#include "sv-walk.h"

struct span {
    uint64_t pos, len;
};

struct found {
    struct span *s;
    size_t n, cap;
    uint64_t pages, fills, nonzero_fills;
};

static int record(void *opaque, const struct sv_ram_rec *r)
{
    struct found *f = opaque;
    uint64_t len = r->flags & SV_RAM_PAGE_FLAG ? SV_RAM_PAGE : r->flags & SV_RAM_COMPRESS ? 1 : 0;

    if (!len)
        return 0;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 1024;
        f->s = realloc(f->s, f->cap * sizeof *f->s);
        if (!f->s)
            return 1;
    }
    /* the payload follows the be64 address|flags */
    f->s[f->n++] = (struct span){ r->offset + 8, len };
    if (len == 1) {
        f->fills++;
        f->nonzero_fills += r->fill != 0;
    } else {
        f->pages++;
    }
    return 0;
}

/* The RAM payloads of snapshot i's state, as stream offsets. */
static int find_pages(struct sv_qcow2 *q, uint32_t i, const char *name, struct found *f)
{
    struct sv_qcow2_state *st;
    struct sv_error err;
    struct sv_walk w;
    struct sv_walk_sec s;
    FILE *in;
    int k;

    sv_error_clear(&err);
    if (sv_qcow2_state_open(q, i, &st, &err) < 0 || !(in = sv_input_state_file(st, NULL, &err))) {
        fprintf(stderr, "qcow2-scrub: %s: %s\n", name, err.msg);
        return -1;
    }
    if (sv_walk_open_file(&w, name, in, NULL, NULL) == 0)
        while ((k = sv_walk_next(&w, &s)) > 0) {
            k = s.format == SV_WF_LIVE ? sv_walk_ram(&w, &s, NULL, record, f, &(struct sv_ram_stats){ 0 }) : 0;
            sv_walk_sec_free(&s);
            if (k)
                break;
        }
    k = w.err.code == SV_OK ? 0 : -1;
    if (k)
        fprintf(stderr, "qcow2-scrub: %s: %s\n", name, sv_error_format(&w.err, (char[512]){ 0 }, 512));
    sv_walk_close(&w);
    return k;
}

static int zero_spans(struct sv_qcow2 *q, uint32_t i, int fd, const struct found *f, const char *name)
{
    static const uint8_t zeros[SV_RAM_PAGE];
    struct sv_qcow2_state *st;
    struct sv_error err;

    sv_error_clear(&err);
    if (sv_qcow2_state_open(q, i, &st, &err) < 0)
        return -1;
    for (size_t k = 0; k < f->n; k++) {
        uint64_t pos = f->s[k].pos, len = f->s[k].len, off, run;

        while (len) {
            if (sv_qcow2_state_map(st, pos, &off, &run) != 1) {
                fprintf(stderr, "qcow2-scrub: %s: state byte %llu is not stored as plain bytes\n", name,
                        (unsigned long long)pos);
                sv_qcow2_state_close(st);
                return -1;
            }
            if (run > len)
                run = len;
            if (pwrite(fd, zeros, (size_t)run, (off_t)off) != (ssize_t)run) {
                fprintf(stderr, "qcow2-scrub: %s: write: %s\n", name, strerror(errno));
                sv_qcow2_state_close(st);
                return -1;
            }
            pos += run;
            len -= run;
        }
    }
    sv_qcow2_state_close(st);
    return 0;
}

int main(int argc, char **argv)
{
    struct sv_qcow2 q;
    struct sv_error err;
    int fd, rc = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: qcow2-scrub IMAGE\n");
        return 2;
    }
    sv_error_clear(&err);
    if (sv_qcow2_open(&q, argv[1], &err) < 0) {
        fprintf(stderr, "qcow2-scrub: %s: %s\n", argv[1], err.msg);
        return 1;
    }
    fd = open(argv[1], O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "qcow2-scrub: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    for (uint32_t i = 0; i < q.nsnap && !rc; i++) {
        struct found f = { 0 };
        char name[4200], label[96];

        if (!q.snap[i].state_size)
            continue;
        snprintf(name, sizeof name, "%s:%s", argv[1], q.snap[i].id);
        rc = find_pages(&q, i, name, &f) || zero_spans(&q, i, fd, &f, name);
        if (!rc)
            printf("snapshot %s: %llu full pages zeroed (%llu bytes), %llu fill bytes zeroed (%llu were not 0); "
                   "the stream's %llu bytes otherwise unchanged\n",
                   sv_qcow2_snapshot_label(&q.snap[i], label, sizeof label), (unsigned long long)f.pages,
                   (unsigned long long)f.pages * SV_RAM_PAGE, (unsigned long long)f.fills,
                   (unsigned long long)f.nonzero_fills, (unsigned long long)q.snap[i].state_size);
        free(f.s);
    }
    if (fsync(fd) != 0 || close(fd) != 0)
        rc = 1;
    sv_qcow2_close(&q);
    return rc ? 1 : 0;
}
