/* Records of the live block section; see sv-block.h. */
#include <config.h>

#include "sv-block.h"

#include <stdlib.h>

/* One record; *chunk is allocated at the first device block. */
static int record(struct sv_stream *in, struct sv_stream *copy, struct sv_block_rec *r, uint8_t **chunk,
                  uint8_t *name)
{
    uint64_t word;

    if (sv_get_be64(in, &word, "block record") < 0)
        return -1;
    r->flags = (uint32_t)(word & SV_BLOCK_FLAG_MASK);
    r->sector = word >> SV_BLOCK_SECTOR_BITS;
    if (copy)
        sv_put_be64(copy, word);
    /* block_save_live and blk_send write one flag a record; block_load
     * calls anything without one of the three "Unknown flags" */
    if (r->flags != SV_BLOCK_DEVICE && r->flags != SV_BLOCK_EOS && r->flags != SV_BLOCK_PROGRESS)
        return sv_error_set(&in->err, SV_E_CORRUPT, r->offset, "block record flags %#x unknown", r->flags);
    if (r->flags == SV_BLOCK_EOS && r->sector != 0)
        return sv_error_set(&in->err, SV_E_CORRUPT, r->offset,
                            "block end-of-section record carries %#llx, not 0", (unsigned long long)r->sector);
    /* the percentage: completed sectors * 100 / all sectors */
    if (r->flags == SV_BLOCK_PROGRESS && r->sector > 100)
        return sv_error_set(&in->err, SV_E_RANGE, r->offset, "block progress %llu%% above 100%%",
                            (unsigned long long)r->sector);
    if (r->flags != SV_BLOCK_DEVICE)
        return 0;
    if (sv_get_u8(in, &r->name_len, "block device name length") < 0)
        return -1;
    /* block_load looks the name up with bdrv_find: no device is named "" */
    if (r->name_len == 0)
        return sv_error_set(&in->err, SV_E_CORRUPT, r->offset + 8, "block device name is empty");
    if (sv_read(in, name, r->name_len, "block device name") < 0)
        return -1;
    if (!*chunk && !(*chunk = malloc(SV_BLOCK_CHUNK)))
        return sv_error_set(&in->err, SV_E_NOMEM, in->offset, "out of memory for a 1 MiB block");
    if (sv_read(in, *chunk, SV_BLOCK_CHUNK, "block data") < 0)
        return -1;
    if (copy) {
        sv_put_u8(copy, r->name_len);
        sv_write(copy, name, r->name_len);
        sv_write(copy, *chunk, SV_BLOCK_CHUNK);
    }
    r->name = name;
    r->data = *chunk;
    return 0;
}

int sv_block_walk(struct sv_stream *in, struct sv_stream *copy,
                  int (*fn)(void *opaque, const struct sv_block_rec *r), void *opaque,
                  struct sv_block_stats *st)
{
    uint8_t name[256], *chunk = NULL;
    int k = 0;

    for (;;) {
        struct sv_block_rec r = { .offset = in->offset };

        if (record(in, copy, &r, &chunk, name) < 0 || (copy && sv_stream_failed(copy))) {
            k = -1;
            break;
        }
        st->records++;
        st->blocks += r.flags == SV_BLOCK_DEVICE;
        if (r.flags == SV_BLOCK_PROGRESS) {
            st->progress++;
            st->last_percent = r.sector;
        }
        st->bytes += (uint64_t)(in->offset - r.offset);
        if (fn && (k = fn(opaque, &r)) != 0)
            break;
        if (r.flags == SV_BLOCK_EOS)
            break;
    }
    free(chunk);
    return k;
}
