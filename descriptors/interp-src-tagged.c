/*
 * The tagged source: elements looked up by name in a record set read from
 * a tagged body (sv_recset_read).  A missing record takes its default
 * (F-18); a record of another shape or out of range is refused (F-20).
 */
#include <config.h>

#include "interp.h"

#include <string.h>

static int tagged_where(const struct sv_desc_walker *w, uint64_t *off)
{
    return 0;
}

static int tagged_find(struct sv_desc_walker *w, struct sv_desc_item *it)
{
    const struct sv_field *rec = sv_recset_find(w->src_data, it->name);
    char gn[32], tn[32];
    uint8_t base;

    it->found = rec;
    if (!rec)
        return 0;
    if (it->type == SV_BYTES) {
        if (rec->type != SV_BYTES || rec->count != it->cnt)
            return sv_desc_fail(w, SV_E_CORRUPT, 1, rec->offset, it->name,
                                "stored as %s, the layout wants bytes[%u]",
                                sv_type_name(rec->type, rec->count, gn, sizeof gn), it->cnt);
        return 0;
    }
    it->has = 1;
    it->off = rec->offset;
    if (it->n < 0)
        return 0;
    base = rec->type & ~SV_ARRAY;
    if (!(rec->type & SV_ARRAY) || (base == SV_BOOL) != (it->type == SV_BOOL) ||
        !(sv_type_info(base)->is_int || base == SV_BOOL) || rec->count != it->cnt)
        return sv_desc_fail(w, SV_E_CORRUPT, 1, it->off, it->name, "stored as %s, the layout wants %s",
                            sv_type_name(rec->type, rec->count, gn, sizeof gn),
                            sv_type_name(it->type | SV_ARRAY, it->cnt, tn, sizeof tn));
    return 0;
}

static int tagged_get_int(struct sv_desc_walker *w, struct sv_desc_item *it, uint32_t i, uint64_t *x,
                          uint64_t *off)
{
    const struct sv_field *rec = it->found;
    const struct sv_type_info *rt;
    uint64_t raw, v;
    char vb[24];

    if (it->n < 0)
        return sv_recset_get_int(w->src_data, it->name, it->type, 0, 1, *x, x, w->err);
    if (!rec)
        return 0;
    rt = sv_type_info(rec->type);
    raw = sv_field_u(rec, i);
    v = sv_sign_extend(raw, rt->width, rt->is_signed);
    if (it->type != SV_BOOL && !sv_int_fits(rec->type & ~SV_ARRAY, raw, it->type))
        return sv_desc_fail(w, SV_E_RANGE, 1, it->off, it->name, "element %u value %s does not fit %s",
                            i, sv_int_text(v, rt->is_signed, vb, sizeof vb), it->t->name);
    *x = v;
    return 0;
}

static int tagged_get_bytes(struct sv_desc_walker *w, struct sv_desc_item *it, uint8_t *b)
{
    const struct sv_field *rec = it->found;

    if (rec)
        memcpy(b, rec->value, it->cnt);
    return 0;
}

static int tagged_has(struct sv_desc_walker *w, const char *name)
{
    return sv_recset_find(w->src_data, name) != NULL;
}

/* a missing record is missing from the whole body: point at its end */
static int tagged_missing_at(const struct sv_desc_walker *w, uint64_t *off)
{
    const struct sv_recset *r = w->src_data;

    *off = r->end;
    return 1;
}

const struct sv_desc_source sv_desc_src_tagged = {
    .where = tagged_where,
    .find = tagged_find,
    .get_int = tagged_get_int,
    .get_bytes = tagged_get_bytes,
    .has = tagged_has,
    .missing_at = tagged_missing_at,
};
