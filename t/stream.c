/* The stream layer: backends, all-or-error reads, sticky errors, offsets. */
#include <config.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sv-stream.h"
#include "tap.h"

static size_t cb_in(void *opaque, void *buf, size_t n)
{
    size_t *left = opaque, k = n < *left ? n : *left;

    memset(buf, 0x5a, k);
    *left -= k;
    return k;
}

static size_t cb_out(void *opaque, const void *buf, size_t n)
{
    size_t *room = opaque, k = n < *room ? n : *room;

    (void)buf;
    *room -= k;
    return k;
}

static FILE *file_of(size_t n)
{
    FILE *f = tmpfile();

    if (!f)
        bail("tmpfile");
    for (size_t i = 0; i < n; i++)
        fputc((int)(i & 0xff), f);
    if (fflush(f) != 0)
        bail("tmpfile");
    rewind(f);
    return f;
}

struct src {
    size_t n, pos;
};

static size_t src_read(void *opaque, void *buf, size_t n)
{
    struct src *s = opaque;

    if (n > s->n - s->pos)
        n = s->n - s->pos;
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = (uint8_t)(s->pos + i);
    s->pos += n;
    return n;
}

/* The mapped reader: what the look-ahead reader does, without copies. */
static void test_map(void)
{
    struct sv_stream s;
    const uint8_t *p;
    uint8_t u8, buf[64];
    uint64_t at;
    size_t n;
    FILE *f = file_of(3000);
    int fds[2];

    ok(sv_stream_map_reader(&s, fileno(f), 0) == 0, "a regular file maps");
    ok(sv_skip(&s, 10, "head") == 0 && s.offset == 10, "mapped: skips");
    n = sv_peek(&s, 100, &p);
    ok(n == 100 && p[0] == 10 && p[99] == 109 && s.offset == 10, "mapped: peeks 100 bytes without consuming them");
    ok(sv_get_u8(&s, &u8, "next") == 0 && u8 == 10 && s.offset == 11, "mapped: the next read has the first of them");
    n = sv_peek(&s, 1u << 20, &p);
    ok(n == 3000 - 11 && p[0] == 11 && p[n - 1] == (2999 & 0xff), "mapped: a long peek stops at the end of the file");
    ok(sv_read(&s, buf, sizeof buf, "more") == 0 && buf[0] == 11 && buf[63] == 74, "mapped: reads");
    ok(sv_stream_map_source(&s, 80, &at) == fileno(f) && at == 80, "mapped: the file offset of a stream offset");
    ok(sv_skip(&s, 3000 - 75, "rest") == 0 && sv_peek(&s, 10, &p) == 0 && !sv_stream_failed(&s),
       "mapped: at the end a peek sees nothing, and that is no error");
    ok(sv_get_u8(&s, &u8, "past") < 0 && s.err.code == SV_E_TRUNC && s.err.offset == 3000,
       "mapped: reading past the end is truncation at the file's length");
    sv_stream_free(&s);

    /* a mapped reader starts where it is told, and offsets count from there */
    ok(sv_stream_map_reader(&s, fileno(f), 1000) == 0 && sv_get_u8(&s, &u8, "x") == 0 &&
       u8 == (1000 & 0xff) && s.offset == 1, "a mapped reader starts at the byte given");
    sv_stream_set_offset(&s, 500);
    ok(sv_stream_map_source(&s, 490, &at) == fileno(f) && at == 991, "  and maps stream offsets to the file's");
    sv_stream_free(&s);
    sv_stream_mem_reader(&s, buf, sizeof buf);
    ok(sv_stream_map_source(&s, 0, &at) < 0, "a memory reader has no file");
    fclose(f);

    f = tmpfile();
    ok(f && sv_stream_map_reader(&s, fileno(f), 0) < 0, "an empty file is not mapped");
    if (f)
        fclose(f);
    if (pipe(fds) == 0) {
        ok(sv_stream_map_reader(&s, fds[0], 0) < 0, "a pipe is not mapped");
        close(fds[0]);
        close(fds[1]);
    }

    /* skipping past the end says what reading 4096 bytes at a time would */
    for (int bk = 0; bk < 4; bk++) {
        static const char *const name[] = { "read and dropped", "memory", "look-ahead file", "mapped file" };
        static uint8_t mem[10000];
        struct src src = { 10000, 0 };
        char m[256];

        f = file_of(10000);
        for (size_t i = 0; i < sizeof mem; i++)
            mem[i] = (uint8_t)i;
        switch (bk) {
        case 0: sv_stream_callbacks(&s, &src, src_read, NULL); break;
        case 1: sv_stream_mem_reader(&s, mem, sizeof mem); break;
        case 2: sv_stream_file_lookahead(&s, f); break;
        default:
            if (sv_stream_map_reader(&s, fileno(f), 0) < 0)
                bail("map");
        }
        sv_stream_set_offset(&s, 7);
        ok(sv_skip(&s, 100, "a") == 0 && sv_skip(&s, 12000, "the rest") < 0 && s.err.code == SV_E_TRUNC,
           "a skip past the end fails (%s)", name[bk]);
        is_str(sv_error_format(&s.err, m, sizeof m), "offset 8299: truncated: the rest needs 3808 bytes, 1708 left",
               "  naming the 4096-byte piece that ran short");
        sv_stream_free(&s);
        fclose(f);
    }
}

/* A mapped file that shrinks under the reader: an I/O error, not SIGBUS. */
static void test_map_shrinks(void)
{
    struct sv_stream s;
    const uint8_t *p;
    uint8_t u8;
    long page = sysconf(_SC_PAGESIZE);
    FILE *f = file_of((size_t)page * 3);
    volatile uint8_t seen;
    pid_t pid;
    int st;
    char m[256];

    if (sv_stream_map_reader(&s, fileno(f), 0) < 0)
        bail("map");
    ok(sv_peek(&s, (size_t)page * 3, &p) == (size_t)page * 3, "three pages mapped");
    sv_get_u8(&s, &u8, "first");
    if (ftruncate(fileno(f), page) != 0)
        bail("ftruncate");
    seen = p[2 * page + 5];
    is_int(seen, 0, "a byte the file lost reads as zero (no SIGBUS)");
    ok(sv_get_u8(&s, &u8, "next") < 0 && s.err.code == SV_E_IO, "the next call fails as an I/O error");
    like(sv_error_format(&s.err, m, sizeof m), "shrank", "  saying the file shrank");
    is_int(s.err.offset, 2 * page + 5, "  at the byte that could not be read");
    sv_stream_free(&s);
    fclose(f);

    /* a SIGBUS sent, not faulted, still ends the process */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        if (null >= 0)
            dup2(null, 2);      /* a sanitizer's report of it */
        f = file_of(100);
        if (sv_stream_map_reader(&s, fileno(f), 0) == 0)
            raise(SIGBUS);
        _exit(0);
    }
    /* (by SIGBUS; under ASan its handler reports it and exits) */
    ok(pid > 0 && waitpid(pid, &st, 0) == pid && !(WIFEXITED(st) && WEXITSTATUS(st) == 0),
       "a SIGBUS sent to a process with a mapped reader ends it");
}

/* Pieces of a file for sv_stream_map_pieces: stream bytes [lo, lo + len)
 * are at file offset file, or memory bytes of value fill (file < 0), or
 * the piece fails (fail set). */
struct piece {
    uint64_t lo, len;
    long long file;
    int fill, fail;
};

struct pieces {
    const struct piece *p;
    size_t n;
    uint64_t asked[16];     /* the positions find was asked for */
    size_t nasked;
    uint8_t mem[4096];
};

static int find_piece(void *opaque, uint64_t pos, struct sv_stream_piece *out, struct sv_error *err)
{
    struct pieces *ps = opaque;

    if (ps->nasked < sizeof ps->asked / sizeof ps->asked[0])
        ps->asked[ps->nasked++] = pos;
    for (size_t i = 0; i < ps->n; i++) {
        const struct piece *p = &ps->p[i];

        if (pos < p->lo || pos - p->lo >= p->len)
            continue;
        if (p->fail)
            return sv_error_set_nooff(err, SV_E_CORRUPT, "piece %zu is damaged", i);
        out->len = p->lo + p->len - pos;
        out->mem = NULL;
        if (p->file < 0) {
            memset(ps->mem, p->fill, sizeof ps->mem);
            out->mem = ps->mem;
        } else {
            out->file_off = (uint64_t)p->file + (pos - p->lo);
        }
        return 0;
    }
    return sv_error_set_nooff(err, SV_E_USAGE, "no piece");
}

/* The stream of a snapshot's state: pieces of the image, mapped. */
static void test_pieces(void)
{
    static const struct piece good[] = {
        { 0, 1000, 5000, 0, 0 },        /* file bytes 5000.. */
        { 1000, 500, -1, 0x77, 0 },     /* memory */
        { 1500, 2500, 100, 0, 0 },      /* file bytes 100.. */
        { 4000, 100, -1, 0, 1 },        /* damaged */
        { 4100, 900, 6000, 0, 0 },
    };
    static const struct piece lies[] = {
        { 0, 100, 0, 0, 0 },
        { 100, 100, 9950, 0, 0 },       /* runs past the file's 10000 bytes */
    };
    struct pieces ps = { good, 5, { 0 }, 0, { 0 } };
    struct sv_stream s;
    const uint8_t *p;
    uint8_t buf[64];
    uint64_t at;
    size_t n;
    char m[256];
    FILE *f = file_of(10000);
    int fds[2];

    ok(sv_stream_map_pieces(&s, fileno(f), 5000, 0, find_piece, &ps) == 0, "pieces of a regular file map");
    n = sv_peek(&s, 100, &p);
    ok(n == 100 && p[0] == (5000 & 0xff) && p[99] == (5099 & 0xff) && s.offset == 0 && ps.nasked == 1,
       "pieces: a peek inside a piece is the file's bytes, one piece asked for");
    n = sv_peek(&s, 1600, &p);
    ok(n == 1600 && p[999] == (5999 & 0xff) && p[1000] == 0x77 && p[1499] == 0x77 && p[1500] == 100 &&
       p[1599] == (199 & 0xff), "pieces: a peek across three pieces has each one's bytes in order");
    ok(sv_read(&s, buf, 10, "head") == 0 && buf[0] == (5000 & 0xff) && buf[9] == (5009 & 0xff) && s.offset == 10,
       "pieces: reads");
    ok(sv_stream_map_source(&s, 10, &at) < 0, "pieces: no file offset to copy the stream from");
    ps.nasked = 0;
    ok(sv_skip(&s, 3980, "pages") == 0 && s.offset == 3990, "pieces: skips");
    ok(ps.nasked == 2 && ps.asked[0] == 1000 && ps.asked[1] == 1500,
       "pieces: a skip asks for every later piece it passes over");
    ok(sv_read(&s, buf, 10, "tail") == 0 && buf[0] == (3990 - 1500 + 100) % 256, "pieces: reads up to a piece's end");
    sv_stream_set_offset(&s, 700);
    ok(sv_read(&s, buf, 20, "more") < 0 && s.err.code == SV_E_CORRUPT, "pieces: a damaged piece fails the read");
    is_str(sv_error_format(&s.err, m, sizeof m), "offset 700: piece 3 is damaged",
           "  with find's message, at the piece's offset");
    sv_stream_free(&s);

    /* a skip over a damaged piece fails there too */
    ps.nasked = 0;
    if (sv_stream_map_pieces(&s, fileno(f), 5000, 3000, find_piece, &ps) < 0)
        bail("map pieces");
    ok(sv_skip(&s, 1500, "pages") < 0 && s.err.code == SV_E_CORRUPT && s.err.offset == 1000,
       "pieces: a skip stops at a damaged piece, at its offset (started at byte 3000)");
    sv_stream_free(&s);

    /* past the end, as every backend says it */
    {
        static const struct piece two[] = { { 0, 6000, 0, 0, 0 }, { 6000, 4000, -1, 0, 0 } };
        struct pieces p2 = { two, 2, { 0 }, 0, { 0 } };

        if (sv_stream_map_pieces(&s, fileno(f), 10000, 0, find_piece, &p2) < 0)
            bail("map pieces");
        sv_stream_set_offset(&s, 7);
        ok(sv_skip(&s, 100, "a") == 0 && sv_skip(&s, 12000, "the rest") < 0 && s.err.code == SV_E_TRUNC,
           "pieces: a skip past the end fails");
        is_str(sv_error_format(&s.err, m, sizeof m), "offset 8299: truncated: the rest needs 3808 bytes, 1708 left",
               "  naming the 4096-byte piece that ran short");
        sv_stream_free(&s);
    }

    /* a piece said to lie outside the file is refused, not read */
    ps = (struct pieces){ lies, 2, { 0 }, 0, { 0 } };
    if (sv_stream_map_pieces(&s, fileno(f), 200, 0, find_piece, &ps) < 0)
        bail("map pieces");
    ok(sv_skip(&s, 50, "a") == 0 && sv_peek(&s, 150, &p) == 50 && s.err.code == SV_E_IO,
       "pieces: a piece past the end of the file fails the peek");
    like(sv_error_format(&s.err, m, sizeof m), "offset 100: read error: byte 100 of the stream lies outside the file",
         "  saying so at its offset");
    sv_stream_free(&s);

    f = freopen(NULL, "rb", f);
    if (pipe(fds) == 0) {
        ok(sv_stream_map_pieces(&s, fds[0], 10, 0, find_piece, &ps) < 0, "pieces of a pipe are not mapped");
        close(fds[0]);
        close(fds[1]);
    }
    if (f)
        fclose(f);
}

/* Pieces of a file that shrinks under the reader: an I/O error, not SIGBUS. */
static void test_pieces_shrink(void)
{
    long page = sysconf(_SC_PAGESIZE);
    struct piece one[] = { { 0, 0, 0, 0, 0 } };
    struct pieces ps = { one, 1, { 0 }, 0, { 0 } };
    struct sv_stream s;
    const uint8_t *p;
    volatile uint8_t seen;
    uint8_t u8;
    char m[256];
    FILE *f = file_of((size_t)page * 3);

    one[0].len = (uint64_t)page * 3;
    if (sv_stream_map_pieces(&s, fileno(f), (uint64_t)page * 3, 0, find_piece, &ps) < 0)
        bail("map pieces");
    ok(sv_peek(&s, (size_t)page * 3, &p) == (size_t)page * 3, "pieces: three pages mapped");
    sv_get_u8(&s, &u8, "first");
    if (ftruncate(fileno(f), page) != 0)
        bail("ftruncate");
    seen = p[2 * page + 5];
    is_int(seen, 0, "pieces: a byte the file lost reads as zero (no SIGBUS)");
    ok(sv_get_u8(&s, &u8, "next") < 0 && s.err.code == SV_E_IO, "pieces: the next call fails as an I/O error");
    like(sv_error_format(&s.err, m, sizeof m), "shrank", "  saying the file shrank");
    sv_stream_free(&s);
    fclose(f);

    /* a peek across pieces copies them: the lost byte fails that peek */
    {
        struct piece two[] = { { 0, (uint64_t)page, 0, 0, 0 }, { (uint64_t)page, (uint64_t)page * 2, page, 0, 0 } };

        ps = (struct pieces){ two, 2, { 0 }, 0, { 0 } };
        f = file_of((size_t)page * 3);
        if (sv_stream_map_pieces(&s, fileno(f), (uint64_t)page * 3, 0, find_piece, &ps) < 0)
            bail("map pieces");
        if (ftruncate(fileno(f), page) != 0)
            bail("ftruncate");
        ok(sv_peek(&s, (size_t)page * 3, &p) == 0 && s.err.code == SV_E_IO,
           "pieces: a peek across pieces that meets a lost byte fails at once");
        sv_stream_free(&s);
        fclose(f);
    }
}

/* A memory writer filled in place: room, then a count of what was written. */
static void test_mem_in_place(void)
{
    struct sv_stream m, r;
    const uint8_t *d;
    uint8_t *p;
    size_t n;

    sv_stream_mem_writer(&m, 600);
    sv_write(&m, "ab", 2);
    p = sv_stream_mem_reserve(&m, 300);
    ok(p != NULL, "room for 300 bytes in place");
    memset(p, 'c', 300);
    sv_stream_mem_commit(&m, 3);
    p = sv_stream_mem_room(&m, 4);
    memcpy(p, "defg", 4);
    sv_stream_mem_commit(&m, 4);
    d = sv_stream_mem_data(&m, &n);
    ok(n == 9 && memcmp(d, "abcccdefg", 9) == 0 && m.offset == 9, "only what was counted is there");
    sv_stream_mem_truncate(&m, 5);
    d = sv_stream_mem_data(&m, &n);
    ok(n == 5 && m.offset == 5 && memcmp(d, "abccc", 5) == 0, "truncated to its first 5 bytes");
    sv_stream_mem_truncate(&m, 50);
    ok(sv_stream_mem_data(&m, &n) && n == 5, "truncating to more than it has changes nothing");
    ok(sv_stream_mem_reserve(&m, 596) == NULL && m.err.code == SV_E_LIMIT, "no room past the writer's limit");
    ok(sv_stream_mem_room(&m, 1) == NULL, "nor any once it has failed");
    sv_stream_free(&m);
    sv_stream_mem_reader(&r, "xyz", 3);
    ok(sv_stream_mem_reserve(&r, 1) == NULL && r.err.code == SV_E_USAGE, "a reader has no room to write");
}

int main(void)
{
    static const uint8_t data[] = { 1, 0x02, 0x03, 0, 0, 0, 4, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
    struct sv_stream s, w;
    uint8_t u8, buf[64];
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    char m[256];

    tap_init();
    plan_lazy();

    sv_stream_mem_reader(&s, data, sizeof data);
    sv_get_u8(&s, &u8, "a");
    sv_get_be16(&s, &u16, "b");
    sv_get_be32(&s, &u32, "c");
    sv_get_be64(&s, &u64, "d");
    ok(u8 == 1 && u16 == 0x0203 && u32 == 4 && u64 == 0x1122334455667788ULL, "big-endian getters");
    is_int(s.offset, sizeof data, "offset counts every byte");
    ok(sv_get_u8(&s, &u8, "the thing") < 0, "reading past the end fails");
    is_int(s.err.code, SV_E_TRUNC, "as truncation");
    like(sv_error_format(&s.err, m, sizeof m), "offset 15: truncated: the thing needs 1 bytes, 0 left",
         "the message names what was read and where");

    sv_stream_mem_reader(&s, data, 5);
    sv_stream_set_offset(&s, 1000);
    ok(sv_get_be64(&s, &u64, "x") < 0 && s.err.offset == 1000, "a short read fails at its start, from the base offset");
    ok(sv_get_u8(&s, &u8, "y") < 0 && strstr(s.err.msg, "x needs"), "the first error sticks");

    sv_stream_mem_writer(&w, 0);
    sv_put_u8(&w, 0xab);
    sv_put_be16(&w, 0x1234);
    sv_put_be32(&w, 0xdeadbeef);
    sv_put_be64(&w, 1);
    {
        static const uint8_t want[] = { 0xab, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0, 0, 0, 1 };
        size_t n;
        const uint8_t *p = sv_stream_mem_data(&w, &n);

        is_blob(p, n, want, sizeof want, "big-endian putters into memory");
    }
    sv_stream_free(&w);

    sv_stream_mem_writer(&w, 4);
    ok(sv_write(&w, "abcdef", 6) < 0 && w.err.code == SV_E_LIMIT, "a memory writer keeps its limit");
    sv_stream_free(&w);

    {
        FILE *f = tmpfile();
        size_t n;

        sv_stream_file(&w, f);
        for (int i = 0; i < 1000; i++)
            sv_put_be32(&w, (uint32_t)i);
        /* an empty body (0.12's "audio") has no buffer: nothing is passed on */
        ok(sv_write(&w, NULL, 0) == 0 && w.offset == 4000, "writing nothing from no buffer is a no-op");
        ok(sv_flush(&w) == 0, "file writes flush");
        rewind(f);
        sv_stream_file(&s, f);
        ok(sv_skip(&s, 3996, "skip") == 0, "skip");
        ok(sv_get_be32(&s, &u32, "last") == 0 && u32 == 999, "file reads back");
        n = sv_read_some(&s, buf, sizeof buf);
        is_int(n, 0, "a clean end reads nothing");
        fclose(f);
    }

    {
        /* the look-ahead reader: peeking consumes nothing, reading goes on where it was */
        FILE *f = tmpfile();
        const uint8_t *p;
        size_t n;

        for (int i = 0; i < 3000; i++)
            fputc(i & 0xff, f);
        rewind(f);
        sv_stream_file_lookahead(&s, f);
        ok(sv_skip(&s, 10, "head") == 0, "look-ahead: reads");
        n = sv_peek(&s, 100, &p);
        ok(n == 100 && p[0] == 10 && p[99] == 109 && s.offset == 10, "peeks 100 bytes without consuming them");
        ok(sv_get_u8(&s, &u8, "next") == 0 && u8 == 10 && s.offset == 11, "the next read has the first of them");
        n = sv_peek(&s, 1u << 20, &p);
        ok(n == 3000 - 11 && p[0] == 11 && p[n - 1] == (2999 & 0xff), "a long peek stops at the end of the file");
        ok(sv_read(&s, buf, sizeof buf, "more") == 0 && buf[0] == 11 && buf[63] == 74,
           "reads come from the look-ahead first");
        ok(sv_skip(&s, 3000 - 75, "rest") == 0 && sv_peek(&s, 10, &p) == 0 && !sv_stream_failed(&s),
           "at the end a peek sees nothing, and that is no error");
        ok(sv_get_u8(&s, &u8, "past") < 0 && s.err.code == SV_E_TRUNC && s.err.offset == 3000,
           "reading past the end is truncation at the file's length");
        sv_stream_free(&s);
        fclose(f);

        sv_stream_mem_reader(&s, data, sizeof data);
        sv_skip(&s, 3, "a");
        ok(sv_peek(&s, 100, &p) == sizeof data - 3 && p[0] == 0 && s.offset == 3, "a memory reader peeks too");
        sv_stream_mem_writer(&w, 0);
        ok(sv_peek(&w, 1, &p) == 0 && w.err.code == SV_E_USAGE, "a writer cannot peek");
        sv_stream_mem_clear(&w);
        sv_write(&w, "ab", 2);
        sv_stream_mem_clear(&w);
        sv_write(&w, "c", 1);
        p = sv_stream_mem_data(&w, &n);
        ok(!sv_stream_failed(&w) && n == 1 && p[0] == 'c' && w.offset == 1,
           "clearing a memory writer empties it and forgets its error");
        sv_stream_free(&w);
    }
    {
        size_t left = 100000, room = 100000;
        struct sv_stream in, out;

        sv_stream_callbacks(&in, &left, cb_in, NULL);
        sv_stream_callbacks(&out, &room, NULL, cb_out);
        ok(sv_copy(&in, &out, 100000, "copy") == 0 && left == 0 && room == 0, "copy through callbacks");
        left = 10;
        ok(sv_copy(&in, &out, 11, "the page") < 0 && in.err.code == SV_E_TRUNC, "a short callback source is truncation");
        sv_stream_callbacks(&out, &room, NULL, cb_out);
        ok(sv_write(&out, "x", 1) < 0 && out.err.code == SV_E_IO, "a full callback sink is an I/O error");
        ok(sv_read(&out, buf, 1, "z") < 0 && out.err.code == SV_E_IO, "the first error stays first");
    }
    {
        FILE *f = fopen("/dev/full", "w");

        if (!f) {
            skip(1, "no /dev/full");
        } else {
            sv_stream_file(&w, f);
            for (int i = 0; i < 100000 && !sv_stream_failed(&w); i++)
                sv_put_be32(&w, 1);
            sv_flush(&w);
            ok(w.err.code == SV_E_IO && strstr(w.err.msg, "No space"), "disk full is reported");
            fclose(f);
        }
    }
    test_map();
    test_map_shrinks();
    test_pieces();
    test_pieces_shrink();
    test_mem_in_place();
    return 0;
}
