/*
 * The value-list source: elements looked up by name in a struct sv_values;
 * those it lacks take their defaults.  It remembers which values it gave,
 * so the caller can refuse the ones the layout had no place for.
 */
#include <config.h>

#include "interp.h"

#include <string.h>

/* A value by name, marked taken; NULL when absent. */
static const struct sv_value *take(struct sv_desc_values_src *s, const char *full)
{
    long i;

    /* values usually come in table order: try the next one first */
    if (s->next < s->vals->n && strcmp(s->vals->v[s->next].name, full) == 0)
        i = (long)s->next;
    else
        i = sv_desc_values_find(s->vals, full);

    if (i < 0)
        return NULL;
    s->used[i] = 1;
    s->next = (size_t)i + 1;
    return &s->vals->v[i];
}

static int values_where(const struct sv_desc_walker *w, uint64_t *off)
{
    return 0;
}

static int values_find(struct sv_desc_walker *w, struct sv_desc_item *it)
{
    const struct sv_value *v = take(w->src_data, it->name);

    it->found = v;
    if (!v)
        return 0;
    if (it->type == SV_BYTES) {
        if (!v->b || v->count != it->cnt)
            return sv_desc_fail(w, SV_E_USAGE, it->has, it->off, it->name,
                                "value has %u byte(s), the layout wants %u", v->count, it->cnt);
        return 0;
    }
    if (!!v->a != (it->n >= 0) || (v->a && v->count != it->cnt) || v->b)
        return sv_desc_fail(w, SV_E_USAGE, it->has, it->off, it->name,
                            "value has %u element(s), the layout wants %u", v->count, it->cnt);
    return 0;
}

static int values_get_int(struct sv_desc_walker *w, struct sv_desc_item *it, uint32_t i, uint64_t *x,
                          uint64_t *off)
{
    if (it->found)
        *x = sv_value_elem(it->found, i);
    return 0;
}

static int values_get_bytes(struct sv_desc_walker *w, struct sv_desc_item *it, uint8_t *b)
{
    const struct sv_value *v = it->found;

    if (v)
        memcpy(b, v->b, it->cnt);
    return 0;
}

static int values_has(struct sv_desc_walker *w, const char *name)
{
    const struct sv_desc_values_src *s = w->src_data;

    return sv_desc_values_find(s->vals, name) >= 0;
}

const struct sv_desc_source sv_desc_src_values = {
    .where = values_where,
    .find = values_find,
    .get_int = values_get_int,
    .get_bytes = values_get_bytes,
    .has = values_has,
};
