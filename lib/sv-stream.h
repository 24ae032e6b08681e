/*
 * One byte stream, several backends (file, mapped file, memory, callbacks).
 * Calls succeed whole or fail; the first error sticks and every later call
 * fails with it.  The byte offset is always known, for messages.
 */
#ifndef SV_STREAM_H
#define SV_STREAM_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

#include "sv-error.h"

struct sv_stream;

/* Where a stream stored in pieces keeps the bytes from pos on (see
 * sv_stream_map_pieces): len of them, at file_off in the file when mem is
 * NULL, else at mem. */
struct sv_stream_piece {
    uint64_t file_off, len;
    const uint8_t *mem;
};

/* Backend: return bytes moved; fewer than asked means end of data or error
 * (a backend reports its own error with sv_stream_fail). */
struct sv_stream_ops {
    size_t (*read)(struct sv_stream *s, void *buf, size_t n);
    size_t (*write)(struct sv_stream *s, const void *buf, size_t n);
    int (*flush)(struct sv_stream *s);
    /* the bytes ahead, not consumed (NULL: the backend cannot look ahead) */
    size_t (*peek)(struct sv_stream *s, size_t n, const uint8_t **p);
    /* passes over up to n bytes, returning how many (NULL: read and drop) */
    uint64_t (*skip)(struct sv_stream *s, uint64_t n);
};

struct sv_stream {
    const struct sv_stream_ops *ops;
    uint64_t offset;        /* bytes read or written so far, plus the base */
    struct sv_error err;
    /* backend state */
    FILE *file;
    /* a file backend's failed read: records why on s (NULL: errno's text) */
    int (*read_error)(FILE *f, struct sv_stream *s);
    int file_eof;           /* look-ahead reader: the file has no more */
    uint8_t *mem;           /* memory, or the look-ahead reader's buffer */
    size_t mem_len, mem_cap, mem_pos, mem_limit;
    int mem_owned;
    void *opaque;
    size_t (*cb_read)(void *opaque, void *buf, size_t n);
    size_t (*cb_write)(void *opaque, const void *buf, size_t n);
    /* mapped file: bytes [map_off, map_off + map_len) of fd at map; map_pos
     * is the next byte's place in the file, map_size the file's length */
    int fd;
    const uint8_t *map;
    uint64_t map_off, map_len, map_pos, map_size;
    volatile sig_atomic_t map_fault;    /* a mapped byte could not be read (SIGBUS) */
    uint64_t map_fault_at;
    /* a stream stored in pieces (sv_stream_map_pieces): the next byte is
     * piece_at; the piece [piece_lo, piece_lo + piece_len) is in the file
     * at piece_file, or in memory at piece_mem */
    int (*piece_find)(void *opaque, uint64_t pos, struct sv_stream_piece *p, struct sv_error *err);
    uint64_t piece_at, piece_size, piece_lo, piece_len, piece_file;
    const uint8_t *piece_mem;
};

/* Reads from (or writes to) a stdio FILE; the caller keeps ownership. */
void sv_stream_file(struct sv_stream *s, FILE *f);
/* Reads a stdio FILE through a buffer that sv_peek can look ahead in; the
 * caller keeps the FILE, sv_stream_free releases the buffer. */
void sv_stream_file_lookahead(struct sv_stream *s, FILE *f);
/*
 * Reads a regular file from byte start through a window mapped over it
 * and moved along: look-ahead and skips copy nothing.  -1 (and nothing
 * set up) when fd is not a non-empty regular file or cannot be mapped.
 * The caller keeps fd; sv_stream_free unmaps.  A mapped byte the system
 * cannot deliver (the file shrank, a disk error) reads as zero and fails
 * the stream's next call with SV_E_IO instead of raising SIGBUS.
 */
int sv_stream_map_reader(struct sv_stream *s, int fd, uint64_t start);
/*
 * Reads a stream of size bytes stored in pieces of a regular file (a
 * snapshot's state inside an image), from byte start: find says where the
 * piece holding byte pos lies (len >= 1 bytes from pos, within size; a
 * memory piece stays valid until find's next call), or fails with err set.
 * Pieces in the file are read through a mapped window as
 * sv_stream_map_reader does: skips and look-ahead inside a piece copy
 * nothing, skips still ask find for every piece they pass over; a peek
 * across pieces is assembled in a buffer.  -1 (and nothing set up) when fd
 * is not a regular file or cannot be mapped.
 */
int sv_stream_map_pieces(struct sv_stream *s, int fd, uint64_t size, uint64_t start,
                         int (*find)(void *opaque, uint64_t pos, struct sv_stream_piece *p, struct sv_error *err),
                         void *opaque);
/* A mapped reader's file descriptor, with the file offset of the stream's
 * offset off in *file_off; -1 for the other backends. */
int sv_stream_map_source(const struct sv_stream *s, uint64_t off, uint64_t *file_off);
/* Reads len bytes at buf; the caller keeps the buffer. */
void sv_stream_mem_reader(struct sv_stream *s, const void *buf, size_t len);
/* Writes to a growing buffer of at most limit bytes (0: no limit). */
void sv_stream_mem_writer(struct sv_stream *s, size_t limit);
/* Callbacks: either may be NULL for a one-way stream. */
void sv_stream_callbacks(struct sv_stream *s, void *opaque,
                         size_t (*rd)(void *opaque, void *buf, size_t n),
                         size_t (*wr)(void *opaque, const void *buf, size_t n));
/* Releases what a memory writer or a look-ahead reader holds. */
void sv_stream_free(struct sv_stream *s);
/* The memory writer's bytes; *len gets the count. */
const uint8_t *sv_stream_mem_data(const struct sv_stream *s, size_t *len);
/* Empties a memory writer for reuse, keeping its buffer and clearing its error. */
void sv_stream_mem_clear(struct sv_stream *s);
/* Takes the memory writer's buffer (the caller frees it). */
uint8_t *sv_stream_mem_take(struct sv_stream *s, size_t *len);
/* Room for n more bytes at the end of a memory writer, to fill in place and
 * then count with sv_stream_mem_commit (no call per field); NULL with the
 * stream's error set when it cannot grow.  Valid until the next write. */
uint8_t *sv_stream_mem_reserve(struct sv_stream *s, size_t n);
/* sv_stream_mem_reserve, inline when the room is there: only on a memory writer. */
static inline uint8_t *sv_stream_mem_room(struct sv_stream *s, size_t n)
{
    if (s->err.code == SV_OK && n <= s->mem_cap - s->mem_len &&
        (!s->mem_limit || n <= s->mem_limit - s->mem_len))
        return s->mem + s->mem_len;
    return sv_stream_mem_reserve(s, n);
}
/* Counts n bytes written at what sv_stream_mem_reserve returned. */
void sv_stream_mem_commit(struct sv_stream *s, size_t n);
/* Drops a memory writer's bytes after its first len (len <= its length). */
void sv_stream_mem_truncate(struct sv_stream *s, size_t len);

/* Offsets in messages count from base (e.g. a section's place in a file). */
void sv_stream_set_offset(struct sv_stream *s, uint64_t base);
int sv_stream_failed(const struct sv_stream *s);
/* Records an error at the current offset (first wins); returns -1. */
int sv_stream_fail(struct sv_stream *s, enum sv_errcode code, const char *fmt, ...) SV_PRINTF(3, 4);

/* All-or-error reads: a short read is SV_E_TRUNC naming what was read. */
int sv_read(struct sv_stream *s, void *buf, size_t n, const char *what);
int sv_get_u8(struct sv_stream *s, uint8_t *v, const char *what);
int sv_get_be16(struct sv_stream *s, uint16_t *v, const char *what);
int sv_get_be32(struct sv_stream *s, uint32_t *v, const char *what);
int sv_get_be64(struct sv_stream *s, uint64_t *v, const char *what);
/*
 * Makes up to n bytes ahead visible at *p without consuming them: fewer
 * only at the end of the data or on an error.  *p is valid until the next
 * call on the stream.  Memory readers and look-ahead readers can peek.
 */
size_t sv_peek(struct sv_stream *s, size_t n, const uint8_t **p);
/* Reads what is there, up to n; 0 at a clean end. */
size_t sv_read_some(struct sv_stream *s, void *buf, size_t n);
/* Passes over n bytes: seeks where the backend can (mapped files, bytes
 * already looked ahead at), reads otherwise.  Truncation is reported as
 * reads of at most 4096 bytes at a time would report it. */
int sv_skip(struct sv_stream *s, uint64_t n, const char *what);
/* Copies n bytes from src to dst without holding them all. */
int sv_copy(struct sv_stream *src, struct sv_stream *dst, uint64_t n, const char *what);

int sv_write(struct sv_stream *s, const void *buf, size_t n);
int sv_put_u8(struct sv_stream *s, uint8_t v);
int sv_put_be16(struct sv_stream *s, uint16_t v);
int sv_put_be32(struct sv_stream *s, uint32_t v);
int sv_put_be64(struct sv_stream *s, uint64_t v);
int sv_flush(struct sv_stream *s);

/* Big-endian helpers for buffers. */
static inline uint64_t sv_load_be(const uint8_t *p, unsigned width)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < width; i++)
        v = v << 8 | p[i];
    return v;
}

static inline void sv_store_be(uint8_t *p, unsigned width, uint64_t v)
{
    for (unsigned i = width; i-- > 0; v >>= 8)
        p[i] = (uint8_t)v;
}

/* Grows *p (cap elements of unit bytes) to hold at least need, doubling;
 * 0, or -1 with *p unchanged. */
int sv_grow(void **p, size_t *cap, size_t need, size_t unit);

#endif
