/* The live block section's records (compat/sv-block.h), built as
 * block-migration.c of v0.12.3 writes them (blk_send, block_save_live). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "sv-block.h"
#include "tap.h"

#define NAME "ide0-hd0"

static size_t put64(uint8_t *p, uint64_t v)
{
    sv_store_be(p, 8, v);
    return 8;
}

struct seen {
    int blocks, good_data, progress, eos, stop_at;
    uint64_t sector, percent;
};

static int note(void *opaque, const struct sv_block_rec *r)
{
    struct seen *s = opaque;

    if (r->flags == SV_BLOCK_DEVICE) {
        s->blocks++;
        s->sector = r->sector;
        s->good_data += r->name_len == strlen(NAME) && memcmp(r->name, NAME, r->name_len) == 0 &&
                        r->data[0] == 0xab && r->data[SV_BLOCK_CHUNK - 1] == 0xcd;
    } else if (r->flags == SV_BLOCK_PROGRESS) {
        s->progress++;
        s->percent = r->sector;
    } else {
        s->eos++;
    }
    return s->stop_at && s->blocks + s->progress + s->eos == s->stop_at ? 7 : 0;
}

/* One 8-byte record alone, then EOS. */
static int walk_one(uint64_t word, struct sv_stream *in, uint8_t *buf)
{
    struct sv_block_stats st = { 0 };
    size_t n = put64(buf, word);

    n += put64(buf + n, SV_BLOCK_EOS);
    sv_stream_mem_reader(in, buf, n);
    return sv_block_walk(in, NULL, NULL, NULL, &st);
}

int main(void)
{
    size_t cap = 8 + 1 + sizeof NAME + SV_BLOCK_CHUNK + 8 + 8, n = 0;
    uint8_t *body = malloc(cap), small[32];
    struct sv_block_stats st = { 0 };
    struct sv_stream in, copy;
    struct seen seen = { 0 };

    tap_init();
    plan_lazy();
    if (!body)
        bail("out of memory");

    /* blk_send: sector 4096 (the third chunk), then the name and 1 MiB */
    n += put64(body + n, (uint64_t)4096 << 9 | 0x01);
    body[n++] = (uint8_t)strlen(NAME);
    memcpy(body + n, NAME, strlen(NAME));
    n += strlen(NAME);
    memset(body + n, 0, SV_BLOCK_CHUNK);
    body[n] = 0xab;
    body[n + SV_BLOCK_CHUNK - 1] = 0xcd;
    n += SV_BLOCK_CHUNK;
    /* stage 3: (100 << BDRV_SECTOR_BITS) | BLK_MIG_FLAG_PROGRESS, then EOS */
    n += put64(body + n, (uint64_t)100 << 9 | 0x04);
    n += put64(body + n, 0x02);

    sv_stream_mem_reader(&in, body, n);
    sv_stream_mem_writer(&copy, 0);
    ok(sv_block_walk(&in, &copy, note, &seen, &st) == 0, "an END body with a block and progress walks");
    ok(seen.blocks == 1 && seen.good_data == 1 && seen.sector == 4096, "the block: sector, name, 1 MiB of data");
    ok(seen.progress == 1 && seen.percent == 100 && seen.eos == 1, "the progress record says 100, then EOS");
    ok(st.records == 3 && st.blocks == 1 && st.progress == 1 && st.last_percent == 100,
       "records, blocks and progress counted");
    is_int(st.bytes, n, "bytes counted");
    is_int(in.offset, n, "the walk stops after EOS");
    {
        size_t cl;
        const uint8_t *c = sv_stream_mem_data(&copy, &cl);

        ok(cl == n && memcmp(c, body, n) == 0, "the copy is byte-identical");
    }
    sv_stream_free(&copy);

    /* block_save_live without blk_enable: the body is the EOS record alone */
    memset(&st, 0, sizeof st);
    put64(small, 0x02);
    sv_stream_mem_reader(&in, small, 8);
    ok(sv_block_walk(&in, NULL, NULL, NULL, &st) == 0 && st.records == 1 && st.bytes == 8,
       "no disk migrated: one EOS record, 8 bytes");

    memset(&seen, 0, sizeof seen);
    seen.stop_at = 2;
    memset(&st, 0, sizeof st);
    sv_stream_mem_reader(&in, body, n);
    is_int(sv_block_walk(&in, NULL, note, &seen, &st), 7, "a callback's non-zero return stops the walk");

    ok(walk_one(0x08, &in, small) < 0 && in.err.code == SV_E_CORRUPT && strstr(in.err.msg, "0x8 unknown"),
       "an unknown flag is refused");
    ok(walk_one(0x05, &in, small) < 0 && in.err.code == SV_E_CORRUPT, "two flags in one record are refused");
    ok(walk_one(0x00, &in, small) < 0 && in.err.code == SV_E_CORRUPT, "a record without a flag is refused");
    ok(walk_one((uint64_t)101 << 9 | 0x04, &in, small) < 0 && in.err.code == SV_E_RANGE &&
       in.err.offset == 0, "progress above 100%% is refused at the record");
    ok(walk_one((uint64_t)1 << 9 | 0x02, &in, small) < 0 && in.err.code == SV_E_CORRUPT,
       "an EOS record with a sector is refused");
    {
        size_t k = put64(small, 0x01);

        small[k++] = 0;
        sv_stream_mem_reader(&in, small, k);
        memset(&st, 0, sizeof st);
        ok(sv_block_walk(&in, NULL, NULL, NULL, &st) < 0 && in.err.code == SV_E_CORRUPT && in.err.offset == 8 &&
           strstr(in.err.msg, "empty"), "an empty device name is refused at its length byte");
    }
    {
        /* prefixes: every one inside the records, a few inside the data */
        size_t bad = 0, tried = 0;
        size_t cuts[] = { 0, 1, 7, 8, 9, 12, 16, 17, 18, 17 + 4096, n - 17, n - 9, n - 8, n - 1 };

        for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
            sv_stream_mem_reader(&in, body, cuts[i]);
            memset(&st, 0, sizeof st);
            tried++;
            if (sv_block_walk(&in, NULL, NULL, NULL, &st) == 0 || in.err.code != SV_E_TRUNC)
                bad++;
        }
        is_int(bad, 0, "each of %zu prefixes is a truncation error", tried);
    }
    free(body);
    return 0;
}
