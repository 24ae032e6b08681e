/* The live ram section's page records. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv-ram.h"
#include "tap.h"

static size_t put64(uint8_t *p, uint64_t v)
{
    sv_store_be(p, 8, v);
    return 8;
}

static int count_pages(void *opaque, const struct sv_ram_rec *r)
{
    if (r->page && r->page[0] == 0xab && r->page[4095] == 0xcd)
        ++*(int *)opaque;
    return 0;
}

/*
 * The walk parses records in place in a stream's look-ahead, and record by
 * record through the stream's calls where it cannot look ahead.  Both must
 * give the same records, counts, copies and errors, on every backend.
 */
enum backend { BK_CALLS, BK_MEM, BK_MAP, BK_AHEAD, BK_COUNT };
static const char *const bk_name[] = { "record by record", "memory", "mapped file", "look-ahead file" };

struct src {
    const uint8_t *b;
    size_t n, pos;
};

static size_t src_read(void *opaque, void *buf, size_t n)
{
    struct src *s = opaque;

    if (n > s->n - s->pos)
        n = s->n - s->pos;
    memcpy(buf, s->b + s->pos, n);
    s->pos += n;
    return n;
}

struct result {
    int rc;
    struct sv_error err;
    struct sv_ram_stats st;
    uint64_t end;               /* the stream's offset after the walk */
    struct sv_stream trace;     /* every record the callback saw */
    struct sv_stream copy;
};

struct tracer {
    struct sv_stream *to;
    uint64_t stop_at;           /* the callback returns 7 at this record (0: never) */
    uint64_t n;
};

static int trace_rec(void *opaque, const struct sv_ram_rec *r)
{
    struct tracer *t = opaque;
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; r->page && i < SV_RAM_PAGE; i++)
        h = (h ^ r->page[i]) * 0x100000001b3ULL;
    sv_put_be64(t->to, r->offset);
    sv_put_be64(t->to, r->addr);
    sv_put_be32(t->to, r->flags);
    sv_put_u8(t->to, r->fill);
    sv_put_be64(t->to, r->page ? h : 0);
    return ++t->n == t->stop_at ? 7 : 0;
}

/* One walk of b[0..n) (also in the file f) on a backend; -2 in rc when the
 * backend cannot be set up. */
static void walk_on(enum backend bk, const uint8_t *b, size_t n, FILE *f, int with_fn, int with_copy,
                    uint64_t stop_at, struct result *res)
{
    struct sv_stream in;
    struct src src = { b, n, 0 };
    struct tracer t = { &res->trace, stop_at, 0 };

    memset(res, 0, sizeof *res);
    sv_stream_mem_writer(&res->trace, 0);
    sv_stream_mem_writer(&res->copy, 0);
    rewind(f);
    switch (bk) {
    case BK_CALLS: sv_stream_callbacks(&in, &src, src_read, NULL); break;
    case BK_MEM: sv_stream_mem_reader(&in, b, n); break;
    case BK_MAP:
        if (sv_stream_map_reader(&in, fileno(f), 0) < 0) {
            res->rc = -2;
            return;
        }
        break;
    case BK_AHEAD: sv_stream_file_lookahead(&in, f); break;
    default: bail("backend");
    }
    sv_stream_set_offset(&in, 100);
    res->rc = sv_ram_walk(&in, with_copy ? &res->copy : NULL, with_fn ? trace_rec : NULL, &t, &res->st);
    res->err = in.err;
    res->end = in.offset;
    sv_stream_free(&in);
}

static void result_free(struct result *r)
{
    sv_stream_free(&r->trace);
    sv_stream_free(&r->copy);
}

static int same_result(const struct result *a, const struct result *b, int copies, char *why, size_t len)
{
    size_t na, nb;
    const uint8_t *pa, *pb;

    if (a->rc != b->rc)
        return snprintf(why, len, "returns %d, not %d", a->rc, b->rc), 0;
    if (a->err.code != b->err.code || a->err.offset != b->err.offset || strcmp(a->err.msg, b->err.msg) != 0)
        return snprintf(why, len, "error at %llu \"%s\", not at %llu \"%s\"", (unsigned long long)a->err.offset,
                        a->err.msg, (unsigned long long)b->err.offset, b->err.msg), 0;
    if (a->rc == 0 && a->end != b->end)
        return snprintf(why, len, "ends at %llu, not %llu", (unsigned long long)a->end,
                        (unsigned long long)b->end), 0;
    if (memcmp(&a->st, &b->st, sizeof a->st) != 0)
        return snprintf(why, len, "counts %llu records %llu bytes, not %llu %llu",
                        (unsigned long long)a->st.records, (unsigned long long)a->st.bytes,
                        (unsigned long long)b->st.records, (unsigned long long)b->st.bytes), 0;
    pa = sv_stream_mem_data(&a->trace, &na);
    pb = sv_stream_mem_data(&b->trace, &nb);
    if (na != nb || (na && memcmp(pa, pb, na) != 0))
        return snprintf(why, len, "the callback saw other records"), 0;
    pa = sv_stream_mem_data(&a->copy, &na);
    pb = sv_stream_mem_data(&b->copy, &nb);
    /* a failed walk leaves a partial copy: only a whole one is compared */
    if (copies && a->rc != -1 && (na != nb || (na && memcmp(pa, pb, na) != 0)))
        return snprintf(why, len, "copied %zu bytes, not the same %zu", na, nb), 0;
    return 1;
}

/* Every backend and way of walking b gives what the record-by-record walk gives. */
static int walks_agree(const uint8_t *b, size_t n, uint64_t stop_at, char *why, size_t len)
{
    FILE *f = tmpfile();
    int agree = 1;

    if (!f || fwrite(b, 1, n, f) != n || fflush(f) != 0)
        bail("tmpfile");
    for (int mode = 0; mode < 4 && agree; mode++) {
        struct result want, got;

        walk_on(BK_CALLS, b, n, f, mode & 1, mode & 2, stop_at, &want);
        for (int bk = BK_MEM; bk < BK_COUNT && agree; bk++) {
            walk_on((enum backend)bk, b, n, f, mode & 1, mode & 2, stop_at, &got);
            if (got.rc != -2 && !same_result(&got, &want, 1, why + strlen(why), len - strlen(why))) {
                snprintf(why + strlen(why), len - strlen(why), " (%s, %s%s)", bk_name[bk],
                         mode & 1 ? "callback" : "no callback", mode & 2 ? ", copy" : "");
                agree = 0;
            }
            result_free(&got);
        }
        result_free(&want);
    }
    fclose(f);
    return agree;
}

/* A long body: 64 KiB look-ahead windows end inside records of both kinds. */
#define LONG_PAGES 400
static size_t long_body(uint8_t *b, uint64_t mem_size)
{
    size_t n = 0;

    n += put64(b + n, mem_size | SV_RAM_MEM_SIZE);
    for (uint64_t pg = 0; pg < LONG_PAGES; pg++) {
        uint64_t addr = pg * SV_RAM_PAGE;

        if (pg % 13 == 3 || pg % 17 == 0) {
            n += put64(b + n, addr | SV_RAM_PAGE_FLAG);
            for (unsigned i = 0; i < SV_RAM_PAGE; i++)
                b[n + i] = (uint8_t)(pg * 31 + i);
            n += SV_RAM_PAGE;
        } else {
            n += put64(b + n, addr | SV_RAM_COMPRESS);
            b[n++] = (uint8_t)pg;
        }
        if (pg == 250)
            n += put64(b + n, 0);           /* a record of nothing */
    }
    n += put64(b + n, SV_RAM_EOS);
    return n;
}

static void test_agree(void)
{
    static uint8_t b[LONG_PAGES * (8 + SV_RAM_PAGE) + 64];
    size_t n = long_body(b, LONG_PAGES * SV_RAM_PAGE), bad = 0, tried = 0;
    char why[512] = "";

    ok(walks_agree(b, n, 0, why, sizeof why), "a long body walks alike on every backend%s%s", *why ? ": " : "", why);
    *why = 0;
    ok(walks_agree(b, n, 200, why, sizeof why), "a callback stops the walk alike%s%s", *why ? ": " : "", why);
    /* prefixes: the short ones, at a window's end, and some anywhere */
    for (size_t len = 0; len < n && !bad; len++) {
        if (!(len < 40 || (len % 65536) < 12 || (len % 65536) > 65536 - 12 || len % 4099 == 0))
            continue;
        *why = 0;
        tried++;
        if (!walks_agree(b, len, 0, why, sizeof why)) {
            diag("prefix of %zu bytes: %s", len, why);
            bad++;
        }
    }
    is_int(bad, 0, "%zu truncated bodies fail alike on every backend, naming the same offset", tried);
    /* a bad header (flags, a page past the RAM size) in every other record */
    bad = 0;
    for (size_t at = 0, k = 0; at + 8 <= n && !bad; k++) {
        static const uint64_t words[] = { 0x1000 | SV_RAM_FULL, 0x1000 | 0x20,
                                          0x1000 | SV_RAM_COMPRESS | SV_RAM_PAGE_FLAG,
                                          (400ull * SV_RAM_PAGE) | SV_RAM_COMPRESS,
                                          (400ull * SV_RAM_PAGE) | SV_RAM_PAGE_FLAG };
        uint8_t save[8];
        uint64_t w = sv_load_be(b + at, 8);
        size_t rec = 8 + (w & SV_RAM_COMPRESS ? 1 : w & SV_RAM_PAGE_FLAG ? SV_RAM_PAGE : 0);

        memcpy(save, b + at, 8);
        put64(b + at, words[k % 5]);
        *why = 0;
        if (at > 0 && k % 2 == 0 && !walks_agree(b, n, 0, why, sizeof why)) {
            diag("header at %zu made %#llx: %s", at, (unsigned long long)words[k % 5], why);
            bad++;
        }
        memcpy(b + at, save, 8);
        at += rec;
    }
    is_int(bad, 0, "a bad header in a record fails alike on every backend");
}

int main(void)
{
    uint8_t body[8 * 5 + 1 + 4096];
    size_t n = 0;
    struct sv_ram_stats st = { 0 };
    struct sv_stream in, copy;
    int seen = 0;

    tap_init();
    plan_lazy();

    n += put64(body + n, 0x200000 | SV_RAM_MEM_SIZE);       /* 2 MiB of RAM */
    n += put64(body + n, 0x1000 | SV_RAM_COMPRESS);         /* page 1: all 0x5a */
    body[n++] = 0x5a;
    n += put64(body + n, 0x2000 | SV_RAM_PAGE_FLAG);        /* page 2 in full */
    memset(body + n, 0, 4096);
    body[n] = 0xab;
    body[n + 4095] = 0xcd;
    n += 4096;
    n += put64(body + n, SV_RAM_EOS);

    sv_stream_mem_reader(&in, body, n);
    sv_stream_mem_writer(&copy, 0);
    ok(sv_ram_walk(&in, &copy, count_pages, &seen, &st) == 0, "a START body walks");
    ok(st.mem_size == 0x200000 && st.records == 4 && st.pages == 1 && st.compressed == 1,
       "records, pages and compressed pages counted");
    is_int(st.bytes, n, "bytes counted");
    is_int(seen, 1, "the page reaches the callback whole");
    {
        size_t cl;
        const uint8_t *c = sv_stream_mem_data(&copy, &cl);

        is_blob(c, cl, body, n, "the copy is byte-identical");
    }
    sv_stream_free(&copy);

    {
        uint8_t bad[16];

        put64(bad, 0x1000 | SV_RAM_FULL);
        sv_stream_mem_reader(&in, bad, 8);
        memset(&st, 0, sizeof st);
        ok(sv_ram_walk(&in, NULL, NULL, NULL, &st) < 0 && in.err.code == SV_E_UNKNOWN &&
           strstr(in.err.msg, "not supported"), "the pre-0.10 RAM format is refused");
        put64(bad, 0x1000 | 0x20);
        sv_stream_mem_reader(&in, bad, 8);
        ok(sv_ram_walk(&in, NULL, NULL, NULL, &st) < 0 && in.err.code == SV_E_CORRUPT,
           "unknown flag bits are refused");
        put64(bad, 0x1000 | SV_RAM_PAGE_FLAG | SV_RAM_COMPRESS);
        sv_stream_mem_reader(&in, bad, 8);
        ok(sv_ram_walk(&in, NULL, NULL, NULL, &st) < 0, "compressed and full at once is refused");
        put64(bad, 0x400000 | SV_RAM_COMPRESS);
        bad[8] = 0;
        st.mem_size = 0x200000;
        sv_stream_mem_reader(&in, bad, 9);
        ok(sv_ram_walk(&in, NULL, NULL, NULL, &st) < 0 && in.err.code == SV_E_RANGE,
           "a page beyond the RAM size is refused");
    }
    {
        size_t bad = 0;

        for (size_t len = 0; len < n; len++) {
            uint8_t *p = malloc(len ? len : 1);

            memcpy(p, body, len);
            sv_stream_mem_reader(&in, p, len);
            memset(&st, 0, sizeof st);
            if (sv_ram_walk(&in, NULL, NULL, NULL, &st) == 0 || in.err.code != SV_E_TRUNC)
                bad++;
            free(p);
        }
        is_int(bad, 0, "every prefix is a truncation error");
    }
    test_agree();
    return 0;
}
