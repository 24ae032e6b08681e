/* Stream backends and all-or-error accessors; see sv-stream.h. */
#include <config.h>

#include "sv-stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void init(struct sv_stream *s, const struct sv_stream_ops *ops)
{
    memset(s, 0, sizeof *s);
    s->ops = ops;
    s->fd = -1;
    sv_error_clear(&s->err);
}

/* stdio: a failed read says why, in the input's own words when it has some */
static void read_failed(struct sv_stream *s)
{
    if (s->read_error)
        s->read_error(s->file, s);
    else
        sv_stream_fail(s, SV_E_IO, "read error: %s", strerror(errno));
}

static size_t file_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, s->file);

    if (got < n && ferror(s->file))
        read_failed(s);
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

static const struct sv_stream_ops file_ops = { file_read, file_write, file_flush, NULL, NULL };

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
                read_failed(s);
            s->file_eof = 1;
        }
    }
    return got;
}

static size_t ahead_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    /* what is there already needs no moving (a record walk peeks often) */
    if (s->mem_len - s->mem_pos >= n) {
        *p = s->mem + s->mem_pos;
        return n;
    }
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
                read_failed(s);
            s->file_eof = 1;
        }
    }
    *p = s->mem;
    return s->mem_len < n ? s->mem_len : n;
}

/* bytes looked ahead at are passed over in place; the rest is read */
static uint64_t ahead_skip(struct sv_stream *s, uint64_t n)
{
    uint64_t got = s->mem_len - s->mem_pos < n ? s->mem_len - s->mem_pos : n;
    uint8_t buf[4096];

    s->mem_pos += (size_t)got;
    while (got < n && !s->file_eof) {
        size_t k = ahead_read(s, buf, n - got < sizeof buf ? (size_t)(n - got) : sizeof buf);

        got += k;
        if (k == 0)
            break;
    }
    return got;
}

static const struct sv_stream_ops ahead_ops = { ahead_read, NULL, NULL, ahead_peek, ahead_skip };

void sv_stream_file_lookahead(struct sv_stream *s, FILE *f)
{
    init(s, &ahead_ops);
    s->file = f;
    s->mem_owned = 1;
}

/*
 * A mapped regular file.  The window moves in MAP_WINDOW steps, so memory
 * use stays at a window whatever the file's size; pages are faulted in
 * only where the reader looks (a record walk looks at headers, not pages).
 */
#define MAP_WINDOW ((uint64_t)4 << 20)

/* The mapped readers alive, for the SIGBUS handler (which must not allocate). */
static struct sv_stream *mapped[8];
static long map_page;
static struct sigaction map_old_bus;

/* A byte of a window could not be read: a page of zeros stands in for it
 * and the stream fails at its next call.  Other SIGBUSes go to whoever
 * handled them before (by default: the process ends as it would have). */
static void map_on_sigbus(int sig, siginfo_t *si, void *ctx)
{
    uintptr_t a = (uintptr_t)si->si_addr;

    (void)sig;
    (void)ctx;
    for (size_t i = 0; i < sizeof mapped / sizeof mapped[0]; i++) {
        struct sv_stream *s = mapped[i];
        uintptr_t lo = s && s->map ? (uintptr_t)s->map : 0;

        if (lo && a >= lo && a - lo < s->map_len &&
            mmap((void *)(a & ~(uintptr_t)(map_page - 1)), (size_t)map_page, PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            if (!s->map_fault)
                s->map_fault_at = s->map_off + (a - lo);
            s->map_fault = 1;
            return;
        }
    }
    /* a fault comes back when this returns; a SIGBUS sent is sent again */
    sigaction(SIGBUS, &map_old_bus, NULL);
    if (si->si_code <= 0)
        raise(SIGBUS);
}

static int map_guard(struct sv_stream *s, int on)
{
    static int installed;
    size_t i;

    for (i = 0; i < sizeof mapped / sizeof mapped[0]; i++)
        if (mapped[i] == (on ? NULL : s))
            break;
    if (i == sizeof mapped / sizeof mapped[0])
        return -1;
    if (on && !installed) {
        struct sigaction sa;

        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = map_on_sigbus;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        map_page = sysconf(_SC_PAGESIZE);
        if (map_page <= 0 || sigaction(SIGBUS, &sa, &map_old_bus) != 0)
            return -1;
        installed = 1;
    }
    mapped[i] = on ? s : NULL;
    return 0;
}

static void map_drop(struct sv_stream *s)
{
    if (s->map)
        munmap((void *)s->map, (size_t)s->map_len);
    s->map = NULL;
    s->map_len = 0;
}

/* A failed call: the fault the SIGBUS handler saw, at its place in the stream. */
static int map_faulted(struct sv_stream *s)
{
    if (!s->map_fault)
        return 0;
    if (s->err.code == SV_OK)
        sv_error_set(&s->err, SV_E_IO, s->offset + s->map_fault_at - s->map_pos,
                     "read error: the file shrank or its data could not be read");
    return 1;
}

/* Maps [map_pos, map_pos + n); n is within the file. */
static int map_cover(struct sv_stream *s, uint64_t n)
{
    uint64_t base = s->map_pos & ~(uint64_t)(map_page - 1), len = s->map_pos - base + n;
    void *p;

    if (s->map && s->map_pos >= s->map_off && s->map_pos + n <= s->map_off + s->map_len)
        return 0;
    map_drop(s);
    if (len < MAP_WINDOW)
        len = MAP_WINDOW;
    if (len > s->map_size - base)
        len = s->map_size - base;
    p = mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED, s->fd, (off_t)base);
    if (p == MAP_FAILED)
        return sv_stream_fail(s, SV_E_IO, "read error: cannot map the file: %s", strerror(errno));
    s->map = p;
    s->map_off = base;
    s->map_len = len;
    return 0;
}

static size_t map_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    *p = NULL;
    if (map_faulted(s))
        return 0;
    if (n > s->map_size - s->map_pos)
        n = (size_t)(s->map_size - s->map_pos);
    if (n == 0 || map_cover(s, n) < 0)
        return 0;
    *p = s->map + (s->map_pos - s->map_off);
    return n;
}

static size_t map_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t got = 0;

    while (got < n) {
        const uint8_t *p;
        size_t k = map_peek(s, n - got < MAP_WINDOW ? n - got : (size_t)MAP_WINDOW, &p);

        if (k == 0)
            break;
        memcpy((uint8_t *)buf + got, p, k);
        s->map_pos += k;
        got += k;
    }
    /* the copy may have met a hole: nothing of it counts */
    return map_faulted(s) ? 0 : got;
}

static uint64_t map_skip(struct sv_stream *s, uint64_t n)
{
    if (map_faulted(s))
        return 0;
    if (n > s->map_size - s->map_pos)
        n = s->map_size - s->map_pos;
    s->map_pos += n;
    return n;
}

static const struct sv_stream_ops map_ops = { map_read, NULL, NULL, map_peek, map_skip };

int sv_stream_map_reader(struct sv_stream *s, int fd, uint64_t start)
{
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        start > (uint64_t)st.st_size)
        return -1;
    init(s, &map_ops);
    s->fd = fd;
    s->map_pos = start;
    s->map_size = (uint64_t)st.st_size;
    if (map_guard(s, 1) < 0)
        return -1;
    /* a file system that cannot map is read the ordinary way */
    if (s->map_pos < s->map_size && map_cover(s, 1) < 0) {
        map_guard(s, 0);
        return -1;
    }
    return 0;
}

int sv_stream_map_source(const struct sv_stream *s, uint64_t off, uint64_t *file_off)
{
    if (s->ops != &map_ops)
        return -1;
    *file_off = s->map_pos - (s->offset - off);
    return s->fd;
}

/*
 * A stream stored in pieces of a mapped file: piece_at is the stream's
 * next byte, the piece holding it comes from piece_find, and the bytes of
 * a piece in the file through the mapped window above.
 */

/* The piece holding stream byte pos (at stream offset off): 0, or -1 with
 * the stream's error set at that byte. */
static int piece_get(struct sv_stream *s, uint64_t pos, uint64_t off)
{
    struct sv_stream_piece p = { 0, 0, NULL };
    struct sv_error e;
    char msg[sizeof e.msg];

    if (pos - s->piece_lo < s->piece_len)
        return 0;
    s->piece_len = 0;
    sv_error_clear(&e);
    if (s->piece_find(s->opaque, pos, &p, &e) < 0)
        return sv_error_set(&s->err, e.code != SV_OK ? e.code : SV_E_IO, off, "%s",
                            e.code != SV_OK ? sv_error_format(&e, msg, sizeof msg) : "read error");
    /* whatever find says, nothing is read outside the stream or the file */
    if (p.len == 0 || p.len > s->piece_size - pos ||
        (!p.mem && (p.file_off > s->map_size || p.len > s->map_size - p.file_off)))
        return sv_error_set(&s->err, SV_E_IO, off, "read error: byte %llu of the stream lies outside the file",
                            (unsigned long long)pos);
    s->piece_lo = pos;
    s->piece_len = p.len;
    s->piece_file = p.file_off;
    s->piece_mem = p.mem;
    return 0;
}

/* Up to n bytes from stream byte pos on, within its piece, at *p: how many
 * (0 with the error set). */
static size_t piece_bytes(struct sv_stream *s, uint64_t pos, uint64_t off, uint64_t n, const uint8_t **p)
{
    uint64_t in;

    if (piece_get(s, pos, off) < 0)
        return 0;
    in = pos - s->piece_lo;
    if (n > s->piece_len - in)
        n = s->piece_len - in;
    if (s->piece_mem) {
        *p = s->piece_mem + in;
        return (size_t)n;
    }
    s->map_pos = s->piece_file + in;
    if (map_cover(s, n) < 0)
        return 0;
    *p = s->map + (s->map_pos - s->map_off);
    return (size_t)n;
}

/* A byte of the window could not be read: the error at the call's start. */
static int piece_faulted(struct sv_stream *s)
{
    if (!s->map_fault)
        return 0;
    if (s->err.code == SV_OK)
        sv_error_set(&s->err, SV_E_IO, s->offset, "read error: the file shrank or its data could not be read");
    return 1;
}

static size_t piece_peek(struct sv_stream *s, size_t n, const uint8_t **p)
{
    const uint8_t *q;
    size_t got, k;

    *p = NULL;
    if (piece_faulted(s))
        return 0;
    if (n > s->piece_size - s->piece_at)
        n = (size_t)(s->piece_size - s->piece_at);
    if (n == 0 || (got = piece_bytes(s, s->piece_at, s->offset, n, &q)) == 0)
        return 0;
    if (got == n) {
        *p = q;
        return n;
    }
    /* across pieces: assembled in the buffer */
    if (n > s->mem_cap) {
        uint8_t *b = realloc(s->mem, n);

        if (!b) {
            sv_stream_fail(s, SV_E_NOMEM, "out of memory for a look-ahead of %zu bytes", n);
            return 0;
        }
        s->mem = b;
        s->mem_cap = n;
    }
    memcpy(s->mem, q, got);
    while (got < n && (k = piece_bytes(s, s->piece_at + got, s->offset + got, n - got, &q)) > 0) {
        memcpy(s->mem + got, q, k);
        got += k;
    }
    if (piece_faulted(s))
        return 0;
    *p = s->mem;
    return got;
}

static size_t piece_read(struct sv_stream *s, void *buf, size_t n)
{
    size_t got = 0;

    if (piece_faulted(s))
        return 0;
    if (n > s->piece_size - s->piece_at)
        n = (size_t)(s->piece_size - s->piece_at);
    while (got < n) {
        const uint8_t *q;
        size_t k = piece_bytes(s, s->piece_at, s->offset + got, n - got < MAP_WINDOW ? n - got : MAP_WINDOW, &q);

        if (k == 0)
            break;
        memcpy((uint8_t *)buf + got, q, k);
        s->piece_at += k;
        got += k;
    }
    return piece_faulted(s) ? 0 : got;
}

/* Asks for every piece passed over (find checks them), reads none. */
static uint64_t piece_skip(struct sv_stream *s, uint64_t n)
{
    uint64_t got = 0;

    if (piece_faulted(s))
        return 0;
    if (n > s->piece_size - s->piece_at)
        n = s->piece_size - s->piece_at;
    while (got < n && piece_get(s, s->piece_at, s->offset + got) == 0) {
        uint64_t k = s->piece_lo + s->piece_len - s->piece_at;

        if (k > n - got)
            k = n - got;
        s->piece_at += k;
        got += k;
    }
    return got;
}

static const struct sv_stream_ops piece_ops = { piece_read, NULL, NULL, piece_peek, piece_skip };

int sv_stream_map_pieces(struct sv_stream *s, int fd, uint64_t size, uint64_t start,
                         int (*find)(void *opaque, uint64_t pos, struct sv_stream_piece *p, struct sv_error *err),
                         void *opaque)
{
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || start > size)
        return -1;
    init(s, &piece_ops);
    s->fd = fd;
    s->map_size = (uint64_t)st.st_size;
    s->piece_size = size;
    s->piece_at = start;
    s->piece_find = find;
    s->opaque = opaque;
    s->mem_owned = 1;
    if (map_guard(s, 1) < 0)
        return -1;
    /* a file system that cannot map is read the ordinary way */
    if (map_cover(s, 1) < 0) {
        map_guard(s, 0);
        return -1;
    }
    return 0;
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

/* Room for n more bytes: 0, or -1 with the error set. */
static int mem_room(struct sv_stream *s, size_t n)
{
    if (s->mem_limit && n > s->mem_limit - s->mem_len)
        return sv_stream_fail(s, SV_E_LIMIT, "output larger than its limit of %zu bytes", s->mem_limit);
    if (n > s->mem_cap - s->mem_len) {
        size_t cap = s->mem_cap ? s->mem_cap : 256;
        uint8_t *p;

        while (cap - s->mem_len < n)
            cap *= 2;
        p = realloc(s->mem, cap);
        if (!p)
            return sv_stream_fail(s, SV_E_NOMEM, "out of memory for %zu bytes", cap);
        s->mem = p;
        s->mem_cap = cap;
    }
    return 0;
}

static size_t mem_write(struct sv_stream *s, const void *buf, size_t n)
{
    if (mem_room(s, n) < 0)
        return 0;
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

static uint64_t mem_skip(struct sv_stream *s, uint64_t n)
{
    if (n > s->mem_len - s->mem_pos)
        n = s->mem_len - s->mem_pos;
    s->mem_pos += (size_t)n;
    return n;
}

static const struct sv_stream_ops mem_read_ops = { mem_read, NULL, NULL, mem_peek, mem_skip };
static const struct sv_stream_ops mem_write_ops = { NULL, mem_write, NULL, NULL, NULL };

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
    if (s->ops == &map_ops || s->ops == &piece_ops) {
        map_drop(s);
        map_guard(s, 0);
    }
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

uint8_t *sv_stream_mem_reserve(struct sv_stream *s, size_t n)
{
    if (s->err.code != SV_OK)
        return NULL;
    if (s->ops != &mem_write_ops) {
        sv_stream_fail(s, SV_E_USAGE, "not a memory writer");
        return NULL;
    }
    if (mem_room(s, n) < 0)
        return NULL;
    return s->mem + s->mem_len;
}

void sv_stream_mem_commit(struct sv_stream *s, size_t n)
{
    s->mem_len += n;
    s->offset += n;
}

void sv_stream_mem_truncate(struct sv_stream *s, size_t len)
{
    if (len < s->mem_len) {
        s->offset -= s->mem_len - len;
        s->mem_len = len;
    }
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
    static const struct sv_stream_ops ops_r = { cb_read, NULL, NULL, NULL, NULL };
    static const struct sv_stream_ops ops_w = { NULL, cb_write, NULL, NULL, NULL };
    static const struct sv_stream_ops ops_rw = { cb_read, cb_write, NULL, NULL, NULL };

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

    if (s->err.code != SV_OK)
        return -1;
    if (s->ops->skip) {
        uint64_t start = s->offset, got = s->ops->skip(s, n), at = got / sizeof buf * sizeof buf;

        s->offset += got;
        if (got == n)
            return 0;
        if (s->err.code == SV_OK)
            sv_error_set(&s->err, SV_E_TRUNC, start + at, "truncated: %s needs %zu bytes, %zu left", what,
                         (size_t)(n - at < sizeof buf ? n - at : sizeof buf), (size_t)(got - at));
        return -1;
    }
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
    if (n == 0)                 /* an empty section's body may have no buffer */
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

int sv_grow(void **p, size_t *cap, size_t need, size_t unit)
{
    size_t c = *cap ? *cap : 16;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    q = realloc(*p, c * unit);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}
