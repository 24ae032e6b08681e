/* The stream layer: backends, all-or-error reads, sticky errors, offsets. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
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
    return 0;
}
