/* Inputs by name, snapshots of qcow2 images included; see sv-input.h. */
#include <config.h>

#define _GNU_SOURCE 1
#include "sv-input.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A snapshot's state behind a FILE. */
struct cookie {
    struct sv_qcow2_state *st;
    struct sv_qcow2 *q;         /* owned, or NULL */
    FILE *f;
    struct cookie *next;
};

/* The open ones, so that a failed read can be explained (sv_input_fail). */
static struct cookie *open_cookies;

static int is_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

int sv_input_split(const char *arg, char **image, const char **tag)
{
    *image = NULL;
    *tag = NULL;
    if (strcmp(arg, "-") == 0 || is_file(arg))
        return 0;
    /* the longest image name first: a tag may hold a colon too */
    for (size_t i = strlen(arg); i-- > 1; ) {
        char *img;

        if (arg[i] != ':')
            continue;
        img = strndup(arg, i);
        if (!img)
            return 0;
        if (is_file(img)) {
            *image = img;
            *tag = arg + i + 1;
            return 1;
        }
        free(img);
    }
    return 0;
}

int sv_input_stat(const char *arg, struct stat *st)
{
    char *image;
    const char *tag;
    int r;

    if (!sv_input_split(arg, &image, &tag))
        return stat(arg, st);
    r = stat(image, st);
    free(image);
    return r;
}

static ssize_t cookie_read(void *opaque, char *buf, size_t n)
{
    struct cookie *c = opaque;
    ssize_t r = sv_qcow2_state_read(c->st, buf, n);

    if (r < 0)
        errno = EIO;
    return r;
}

static int cookie_seek(void *opaque, off64_t *off, int whence)
{
    struct cookie *c = opaque;
    int64_t base = whence == SEEK_SET ? 0
                 : whence == SEEK_CUR ? (int64_t)sv_qcow2_state_tell(c->st)
                 : (int64_t)sv_qcow2_state_size(c->st);

    if ((whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) || *off < -base ||
        *off > INT64_MAX - base) {
        errno = EINVAL;
        return -1;
    }
    *off += base;
    return sv_qcow2_state_seek(c->st, (uint64_t)*off);
}

static int cookie_close(void *opaque)
{
    struct cookie *c = opaque;

    for (struct cookie **p = &open_cookies; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    sv_qcow2_state_close(c->st);
    if (c->q) {
        sv_qcow2_close(c->q);
        free(c->q);
    }
    free(c);
    return 0;
}

FILE *sv_input_state_file(struct sv_qcow2_state *st, struct sv_qcow2 *q, struct sv_error *err)
{
    static const cookie_io_functions_t io = {
        .read = cookie_read, .write = NULL, .seek = cookie_seek, .close = cookie_close,
    };
    struct cookie *c = calloc(1, sizeof *c);

    if (!c || !(c->f = fopencookie(c, "rb", io))) {
        free(c);
        sv_qcow2_state_close(st);
        if (q) {
            sv_qcow2_close(q);
            free(q);
        }
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        return NULL;
    }
    c->st = st;
    c->q = q;
    c->next = open_cookies;
    open_cookies = c;
    return c->f;
}

/* An unreadable file counts as an image, so that its error is reported. */
static int looks_qcow2(const char *path)
{
    uint8_t b[4];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 1;
    n = fread(b, 1, sizeof b, f);
    fclose(f);
    return sv_qcow2_probe(b, n);
}

int sv_input_snapshot(const char *image, const char *tag, struct sv_qcow2 *q, struct sv_error *err)
{
    char have[160];
    size_t k = 0;
    int i;

    if (!looks_qcow2(image)) {
        /* not an image at all: the name was meant as a file */
        memset(q, 0, sizeof *q);
        q->fd = -1;
        return sv_error_set_nooff(err, SV_E_IO, "cannot open: no such file, and %s is not a qcow2 image "
                                  "to hold a snapshot \"%.64s\"", image, tag);
    }
    if (sv_qcow2_open(q, image, err) < 0)
        return -1;
    i = sv_qcow2_find(q, tag);
    if (i >= 0)
        return i;
    have[0] = 0;
    for (uint32_t s = 0; s < q->nsnap && k < sizeof have - 40; s++) {
        char l[96];

        k += (size_t)snprintf(have + k, sizeof have - k, "%s%s", s ? ", " : "",
                              sv_qcow2_snapshot_label(&q->snap[s], l, sizeof l));
    }
    if (k >= sizeof have - 40 && q->nsnap)
        snprintf(have + k, sizeof have - k, ", ...");
    sv_error_set_nooff(err, SV_E_USAGE, "%s has no snapshot with the id or tag \"%.64s\" (%s%s)", image, tag,
                       q->nsnap ? "it has " : "it has no snapshots", have);
    sv_qcow2_close(q);
    return -1;
}

FILE *sv_input_open(const char *arg, struct sv_error *err)
{
    struct sv_qcow2_state *st;
    struct sv_qcow2 *q;
    const char *tag;
    char *image;
    FILE *f;
    int i;

    if (strcmp(arg, "-") == 0)
        return stdin;
    if (!sv_input_split(arg, &image, &tag)) {
        f = fopen(arg, "rb");
        if (!f)
            sv_error_set_nooff(err, SV_E_IO, "cannot open: %s", strerror(errno));
        return f;
    }
    q = malloc(sizeof *q);
    if (!q) {
        free(image);
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        return NULL;
    }
    i = sv_input_snapshot(image, tag, q, err);
    free(image);
    if (i < 0) {
        free(q);
        return NULL;
    }
    if (sv_qcow2_state_open(q, (uint32_t)i, &st, err) < 0) {
        sv_qcow2_close(q);
        free(q);
        return NULL;
    }
    return sv_input_state_file(st, q, err);
}

int sv_input_stream(FILE *f, struct sv_stream *s)
{
    for (struct cookie *c = open_cookies; c; c = c->next)
        if (c->f == f) {
            off_t at = ftello(f);

            return at < 0 ? -1 : sv_qcow2_state_stream(c->st, s, (uint64_t)at);
        }
    return -1;
}

int sv_input_fail(FILE *f, struct sv_stream *s)
{
    for (struct cookie *c = open_cookies; c; c = c->next)
        if (c->f == f) {
            const struct sv_error *e = sv_qcow2_state_error(c->st);
            char msg[400];

            if (e->code != SV_OK)
                return sv_stream_fail(s, e->code, "%s", sv_error_format(e, msg, sizeof msg));
        }
    return sv_stream_fail(s, SV_E_IO, "read error: %s", strerror(errno));
}
