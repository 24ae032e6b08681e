/*
 * The legacy-bytes source: elements in table order, each `wire` bytes,
 * big-endian unless the entry says host order.  The bytes carry no names,
 * so lists end at their tag and machine facts are tried (interp-rules.c).
 */
#include <config.h>

#include "interp.h"

static int legacy_where(const struct sv_desc_walker *w, uint64_t *off)
{
    const struct sv_stream *in = w->src_data;

    *off = in->offset;
    return 1;
}

static int legacy_find(struct sv_desc_walker *w, struct sv_desc_item *it)
{
    return 0;
}

static int legacy_get_int(struct sv_desc_walker *w, struct sv_desc_item *it, uint32_t i, uint64_t *x,
                          uint64_t *off)
{
    struct sv_stream *in = w->src_data;
    unsigned wire = it->wire;
    uint8_t b[8];
    uint64_t v = 0;

    *off = in->offset;
    if (sv_read(in, b, wire, it->name) < 0)
        return sv_desc_stream_fail(w, in, it->name);
    for (unsigned k = 0; k < wire; k++)
        v |= (uint64_t)b[it->f->le ? k : wire - 1 - k] << (8 * k);
    *x = sv_sign_extend(v, wire, it->t->is_signed);
    return 0;
}

static int legacy_get_bytes(struct sv_desc_walker *w, struct sv_desc_item *it, uint8_t *b)
{
    struct sv_stream *in = w->src_data;

    if (sv_read(in, b, it->cnt, it->name) < 0)
        return sv_desc_stream_fail(w, in, it->name);
    return 0;
}

const struct sv_desc_source sv_desc_src_legacy = {
    .where = legacy_where,
    .find = legacy_find,
    .get_int = legacy_get_int,
    .get_bytes = legacy_get_bytes,
    .has = NULL,
};
