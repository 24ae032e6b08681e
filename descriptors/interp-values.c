/* The list of named values a walk builds (struct sv_values). */
#include <config.h>

#include "interp.h"

#include <stdlib.h>
#include <string.h>

void sv_values_free(struct sv_values *vals)
{
    for (size_t i = 0; i < vals->n; i++) {
        free(vals->v[i].name);
        free(vals->v[i].a);
        free(vals->v[i].b);
    }
    free(vals->v);
    memset(vals, 0, sizeof *vals);
}

long sv_desc_values_find(const struct sv_values *vals, const char *name)
{
    for (size_t i = vals->n; i-- > 0;)
        if (strcmp(vals->v[i].name, name) == 0)
            return (long)i;
    return -1;
}

const struct sv_value *sv_values_get(const struct sv_values *vals, const char *name)
{
    long i = sv_desc_values_find(vals, name);

    return i < 0 ? NULL : &vals->v[i];
}

uint64_t sv_value_elem(const struct sv_value *v, uint32_t i)
{
    return v->a ? v->a[i] : v->u;
}

void sv_value_set_elem(struct sv_value *v, uint32_t i, uint64_t x)
{
    if (v->a)
        v->a[i] = x;
    else
        v->u = x;
}

int sv_desc_value_is_default(const struct sv_value *v)
{
    uint32_t n = v->a || v->b ? v->count : 1;
    const struct sv_type_info *t = sv_type_info(v->b ? SV_U8 : v->type & ~SV_ARRAY);

    if (v->field->required)                     /* F-23: no default, no flag */
        return 0;
    for (uint32_t k = 0; k < n; k++)
        if ((v->b ? v->b[k] : sv_value_elem(v, k)) != (v->b ? (uint8_t)sv_desc_default(v->field, t, k)
                                                             : sv_desc_default(v->field, t, k)))
            return 0;
    return 1;
}

int sv_desc_values_append(struct sv_desc_walker *w, const char *full, const struct sv_desc_field *f,
                          uint8_t type, uint8_t wire, uint32_t count, uint64_t u, uint64_t *a,
                          uint8_t *b, int has, uint64_t off)
{
    struct sv_values *d = w->dst;
    struct sv_value *v;

    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        struct sv_value *nv = realloc(d->v, cap * sizeof *nv);

        if (!nv)
            goto nomem;
        d->v = nv;
        d->cap = cap;
    }
    v = &d->v[d->n];
    memset(v, 0, sizeof *v);
    v->name = strdup(full);
    if (!v->name)
        goto nomem;
    v->field = f;
    v->type = type;
    v->wire = wire;
    v->count = count;
    v->u = u;
    v->a = a;
    v->b = b;
    v->has_offset = has;
    v->offset = off;
    d->n++;
    return 0;
nomem:
    free(a);
    free(b);
    return sv_desc_fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
}
