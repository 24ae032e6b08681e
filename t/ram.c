/* The live ram section's page records. */
#include <config.h>

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
    return 0;
}
