/*
 * The list of named values a walk builds (struct sv_values).  Their names,
 * arrays and bytes come from an arena of a few chunks, freed with the list:
 * a walk makes one allocation per chunk, not three per field.
 */
#include <config.h>

#include "interp.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

struct sv_arena {
    struct sv_arena *next;
    size_t used, cap;
    alignas(8) unsigned char data[];
};

#define ARENA_FIRST 2048

void *sv_desc_values_alloc(struct sv_values *vals, size_t n)
{
    struct sv_arena *a = vals->arena;
    void *p;

    n = (n + 7) & ~(size_t)7;
    if (!n)
        n = 8;          /* an empty array or byte buffer still has an address */
    if (!a || a->cap - a->used < n) {
        size_t cap = a ? a->cap * 2 : ARENA_FIRST;

        if (cap < n)
            cap = n;
        a = malloc(sizeof *a + cap);
        if (!a)
            return NULL;
        a->used = 0;
        a->cap = cap;
        a->next = vals->arena;
        vals->arena = a;
    }
    p = a->data + a->used;
    a->used += n;
    return p;
}

void sv_values_free(struct sv_values *vals)
{
    for (struct sv_arena *a = vals->arena, *next; a; a = next) {
        next = a->next;
        free(a);
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
    size_t nl = strlen(full) + 1;

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
    v->name = sv_desc_values_alloc(d, nl);
    if (!v->name)
        goto nomem;
    memcpy(v->name, full, nl);
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
    return sv_desc_fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
}
