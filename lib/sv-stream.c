/* Stream backends and all-or-error accessors; see sv-stream.h. */
#include <config.h>

#include "sv-stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void init(struct sv_stream *s, const struct sv_stream_ops *ops)
{
    memset(s, 0, sizeof *s);
    s->ops = ops;
    sv_error_clear(&s->err);
}

/* stdio */
static size_t file_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, s->file);

    if (got < n && ferror(s->file))
        sv_stream_fail(s, SV_E_IO, "read error: %s", strerror(errno));
    return got;
}

static size_t file_write(struct sv_stream *s, const void *buf, size_t n)
{
    size_t put = fwrite(buf, 1, n, s->file);

    if (put < n)
        sv_stream_fail(s, SV_E_IO, "write error: %s", strerror(errno));
    return put;
}

static int file_flush(struct sv_stream *s)
{
    if (fflush(s->file) != 0)
        return sv_stream_fail(s, SV_E_IO, "write error: %s", strerror(errno));
    return 0;
}

static const struct sv_stream_ops file_ops = { file_read, file_write, file_flush, NULL };

void sv_stream_file(struct sv_stream *s, FILE *f)
{
    init(s, &file_ops);
    s->file = f;
}

/* stdio with look-ahead: mem[mem_pos..mem_len) are read ahead of the file */
static size_t ahead_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t got = 0;

    if (s->mem_pos < s->mem_len) {
        got = s->mem_len - s->mem_pos < n ? s->mem_len - s->mem_pos : n;
        memcpy(buf, s->mem + s->mem_pos, got);
        s->mem_pos += got;
    }
    if (got < n && !s->file_eof) {
        size_t want = n - got, k = fread((uint8_t *)buf + got, 1, want, s->file);

        got += k;
        if (k < want) {
            if (ferror(s->file))
                sv_stream_fail(s, SV_E_IO, "read error: %s", strerror(errno));
            s->file_eof = 1;
        }
    }
    return got;
}

static size_t ahead_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    if (s->mem_pos > 0) {
        memmove(s->mem, s->mem + s->mem_pos, s->mem_len - s->mem_pos);
        s->mem_len -= s->mem_pos;
        s->mem_pos = 0;
    }
    if (n > s->mem_cap) {
        uint8_t *b = realloc(s->mem, n);

        if (!b) {
            sv_stream_fail(s, SV_E_NOMEM, "out of memory for a look-ahead of %zu bytes", n);
            n = s->mem_cap;
        } else {
            s->mem = b;
            s->mem_cap = n;
        }
    }
    while (s->mem_len < n && !s->file_eof) {
        size_t k = fread(s->mem + s->mem_len, 1, n - s->mem_len, s->file);

        s->mem_len += k;
        if (k == 0) {
            if (ferror(s->file))
                sv_stream_fail(s, SV_E_IO, "read error: %s", strerror(errno));
            s->file_eof = 1;
        }
    }
    *p = s->mem;
    return s->mem_len < n ? s->mem_len : n;
}

static const struct sv_stream_ops ahead_ops = { ahead_read, NULL, NULL, ahead_peek };

void sv_stream_file_lookahead(struct sv_stream *s, FILE *f)
{
    init(s, &ahead_ops);
    s->file = f;
    s->mem_owned = 1;
}

/* memory */
static size_t mem_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t left = s->mem_len - s->mem_pos;

    if (n > left)
        n = left;
    if (n)
        memcpy(buf, s->mem + s->mem_pos, n);
    s->mem_pos += n;
    return n;
}

static size_t mem_write(struct sv_stream *s, const void *buf, size_t n)
{
    if (s->mem_limit && n > s->mem_limit - s->mem_len) {
        sv_stream_fail(s, SV_E_LIMIT, "output larger than its limit of %zu bytes", s->mem_limit);
        return 0;
    }
    if (n > s->mem_cap - s->mem_len) {
        size_t cap = s->mem_cap ? s->mem_cap : 256;
        uint8_t *p;

        while (cap - s->mem_len < n)
            cap *= 2;
        p = realloc(s->mem, cap);
        if (!p) {
            sv_stream_fail(s, SV_E_NOMEM, "out of memory for %zu bytes", cap);
            return 0;
        }
        s->mem = p;
        s->mem_cap = cap;
    }
    if (n)
        memcpy(s->mem + s->mem_len, buf, n);
    s->mem_len += n;
    return n;
}

static size_t mem_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    *p = s->mem + s->mem_pos;
    return n < s->mem_len - s->mem_pos ? n : s->mem_len - s->mem_pos;
}

static const struct sv_stream_ops mem_read_ops = { mem_read, NULL, NULL, mem_peek };
static const struct sv_stream_ops mem_write_ops = { NULL, mem_write, NULL, NULL };

void sv_stream_mem_reader(struct sv_stream *s, const void *buf, size_t len)
{
    init(s, &mem_read_ops);
    s->mem = (uint8_t *)buf;   /* never written through */
    s->mem_len = len;
}

void sv_stream_mem_writer(struct sv_stream *s, size_t limit)
{
    init(s, &mem_write_ops);
    s->mem_owned = 1;
    s->mem_limit = limit;
}

void sv_stream_free(struct sv_stream *s)
{
    if (s->mem_owned)
        free(s->mem);
    s->mem = NULL;
    s->mem_len = s->mem_cap = s->mem_pos = 0;
}

const uint8_t *sv_stream_mem_data(const struct sv_stream *s, size_t *len)
{
    *len = s->mem_len;
    return s->mem;
}

void sv_stream_mem_clear(struct sv_stream *s)
{
    s->mem_len = 0;
    s->offset = 0;
    sv_error_clear(&s->err);
}

uint8_t *sv_stream_mem_take(struct sv_stream *s, size_t *len)
{
    uint8_t *p = s->mem;

    *len = s->mem_len;
    s->mem = NULL;
    s->mem_len = s->mem_cap = 0;
    return p;
}

/* callbacks */
static size_t cb_read(struct sv_stream *s, void *buf, size_t n)
{
    return s->cb_read(s->opaque, buf, n);
}

static size_t cb_write(struct sv_stream *s, const void *buf, size_t n)
{
    size_t put = s->cb_write(s->opaque, buf, n);

    if (put < n)
        sv_stream_fail(s, SV_E_IO, "write error");
    return put;
}

void sv_stream_callbacks(struct sv_stream *s, void *opaque,
                         size_t (*rd)(void *, void *, size_t),
                         size_t (*wr)(void *, const void *, size_t))
{
    static const struct sv_stream_ops ops_r = { cb_read, NULL, NULL, NULL };
    static const struct sv_stream_ops ops_w = { NULL, cb_write, NULL, NULL };
    static const struct sv_stream_ops ops_rw = { cb_read, cb_write, NULL, NULL };

    init(s, rd && wr ? &ops_rw : rd ? &ops_r : &ops_w);
    s->opaque = opaque;
    s->cb_read = rd;
    s->cb_write = wr;
}

/* common */
void sv_stream_set_offset(struct sv_stream *s, uint64_t base)
{
    s->offset = base;
}

int sv_stream_failed(const struct sv_stream *s)
{
    return s->err.code != SV_OK;
}

int sv_stream_fail(struct sv_stream *s, enum sv_errcode code, const char *fmt, ...)
{
    va_list ap;
    char msg[256];

    if (s->err.code != SV_OK)
        return -1;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_error_set(&s->err, code, s->offset, "%s", msg);
}

size_t sv_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    *p = NULL;
    if (s->err.code != SV_OK)
        return 0;
    if (!s->ops->peek) {
        sv_stream_fail(s, SV_E_USAGE, "stream cannot look ahead");
        return 0;
    }
    return s->ops->peek(s, n, p);
}

size_t sv_read_some(struct sv_stream *s, void *buf, size_t n)
{
    size_t got;

    if (s->err.code != SV_OK)
        return 0;
    if (!s->ops->read) {
        sv_stream_fail(s, SV_E_USAGE, "stream is not readable");
        return 0;
    }
    got = s->ops->read(s, buf, n);
    s->offset += got;
    return got;
}

int sv_read(struct sv_stream *s, void *buf, size_t n, const char *what)
{
    uint64_t start = s->offset;
    size_t got;

    if (s->err.code != SV_OK)
        return -1;
    got = sv_read_some(s, buf, n);
    if (got == n)
        return 0;
    if (s->err.code == SV_OK)
        sv_error_set(&s->err, SV_E_TRUNC, start,
                     "truncated: %s needs %zu bytes, %zu left", what, n, got);
    return -1;
}

#define GETTER(name, type, width) \
int name(struct sv_stream *s, type *v, const char *what) \
{ \
    uint8_t b[width]; \
    if (sv_read(s, b, width, what) < 0) \
        return -1; \
    *v = (type)sv_load_be(b, width); \
    return 0; \
}
GETTER(sv_get_u8, uint8_t, 1)
GETTER(sv_get_be16, uint16_t, 2)
GETTER(sv_get_be32, uint32_t, 4)
GETTER(sv_get_be64, uint64_t, 8)
#undef GETTER

int sv_skip(struct sv_stream *s, uint64_t n, const char *what)
{
    uint8_t buf[4096];

    while (n) {
        size_t k = n < sizeof buf ? (size_t)n : sizeof buf;

        if (sv_read(s, buf, k, what) < 0)
            return -1;
        n -= k;
    }
    return 0;
}

int sv_copy(struct sv_stream *src, struct sv_stream *dst, uint64_t n, const char *what)
{
    uint8_t buf[65536];

    while (n) {
        size_t k = n < sizeof buf ? (size_t)n : sizeof buf;

        if (sv_read(src, buf, k, what) < 0 || sv_write(dst, buf, k) < 0)
            return -1;
        n -= k;
    }
    return 0;
}

int sv_write(struct sv_stream *s, const void *buf, size_t n)
{
    size_t put;

    if (s->err.code != SV_OK)
        return -1;
    if (!s->ops->write)
        return sv_stream_fail(s, SV_E_USAGE, "stream is not writable");
    /* an empty body (0.12's "audio" section) may come as NULL */
    if (n == 0)
        return 0;
    put = s->ops->write(s, buf, n);
    s->offset += put;
    if (put != n)
        return sv_stream_fail(s, SV_E_IO, "short write");
    return 0;
}

#define PUTTER(name, type, width) \
int name(struct sv_stream *s, type v) \
{ \
    uint8_t b[width]; \
    sv_store_be(b, width, v); \
    return sv_write(s, b, width); \
}
PUTTER(sv_put_u8, uint8_t, 1)
PUTTER(sv_put_be16, uint16_t, 2)
PUTTER(sv_put_be32, uint32_t, 4)
PUTTER(sv_put_be64, uint64_t, 8)
#undef PUTTER

int sv_flush(struct sv_stream *s)
{
    if (s->err.code != SV_OK)
        return -1;
    return s->ops->flush ? s->ops->flush(s) : 0;
}
