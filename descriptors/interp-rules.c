/*
 * The rules of a table entry: its resolved type, whether it is present
 * (version, condition), how many elements it has, and what values it takes.
 */
#include <config.h>

#include "interp.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

uint8_t sv_desc_type(const struct sv_desc_field *f, const char *target)
{
    if (f->kind == SV_D_BYTES)
        return SV_BYTES;
    if (f->type != SV_TL)
        return f->type;
    return target ? sv_desc_target_ulong(target) : 0;
}

static int in_version(const struct sv_desc_field *f, uint32_t version)
{
    return (!f->since || version >= f->since) && (!f->until || version <= f->until);
}

int sv_desc_in_version(const struct sv_desc_field *f, uint32_t version)
{
    return in_version(f, version);
}

/* An earlier field, in this scope or an enclosing one. */
static const struct sv_value *lookup(const struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                                     const char *ref)
{
    char full[SV_NAME_MAX + 64];

    for (; sc; sc = sc->up) {
        snprintf(full, sizeof full, "%s%s%s", sc->prefix, *sc->prefix ? "." : "", ref);
        for (size_t i = w->dst->n; i-- > sc->first;)
            if (strcmp(w->dst->v[i].name, full) == 0)
                return &w->dst->v[i];
    }
    return NULL;
}

const struct sv_desc_field *sv_desc_sibling(const struct sv_desc_field *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

int sv_desc_compare(uint8_t op, uint64_t a, uint64_t b)
{
    switch (op) {
    case SV_OP_EQ: return a == b;
    case SV_OP_NE: return a != b;
    case SV_OP_GE: return a >= b;
    case SV_OP_LT: return a < b;
    }
    return 0;
}

void sv_desc_probe_name(const struct sv_desc_field *f, const char *full, char *buf, size_t len)
{
    if (f->kind == SV_D_GROUP || f->kind == SV_D_LIST)
        snprintf(buf, len, "%s%s.%s", full, f->n || f->count || f->kind == SV_D_LIST ? "[0]" : "",
                 f->sub->name);
    else
        snprintf(buf, len, "%s", full);
}

static int fact_known(const struct sv_desc_walker *w, const char *name, uint64_t *v)
{
    const struct sv_desc_ctx *c = w->ctx;

    for (size_t i = 0; i < c->nfacts; i++)
        if (strcmp(c->facts[i].name, name) == 0) {
            *v = c->facts[i].value;
            return 1;
        }
    return c->fact_hook && c->fact_hook(c->opaque, name, v);
}

/* A machine fact nobody knows: a source looked up by name answers from
 * whether the entry is there; legacy bytes try each value (see
 * sv_desc_ctx), so the walk records the fact and uses the value assumed. */
static int unknown_fact(struct sv_desc_walker *w, const struct sv_desc_field *f, const char *full)
{
    const struct sv_cond *c = &f->cond;
    char probe[SV_NAME_MAX + 64];

    if (w->src->has) {
        sv_desc_probe_name(f, full, probe, sizeof probe);
        return w->src->has(w, probe);
    }
    for (int i = 0; i < w->nunknown; i++)
        if (strcmp(w->unknown[i], c->field) == 0)
            return sv_desc_compare(c->op, (w->assume >> i) & 1, c->value);
    if (w->nunknown < SV_DESC_MAX_FACTS)
        w->unknown[w->nunknown++] = c->field;
    w->need_fact = 1;
    return sv_desc_fail(w, SV_E_MISSING, 0, 0, full,
                        "layout depends on machine fact \"%s\", which is not known", c->field);
}

/* One condition of f's chain: 1, 0, or < 0 after a failure. */
static int one_cond(struct sv_desc_walker *w, const struct sv_desc_scope *sc, const struct sv_desc_field *f,
                    const struct sv_cond *c, const char *full)
{
    const struct sv_value *ref;
    uint64_t v;

    switch (c->kind) {
    case SV_IF_ALWAYS:
        return 1;
    case SV_IF_FIELD:
        ref = lookup(w, sc, c->field);
        if (!ref)
            return 0;
        return sv_desc_compare(c->op, c->mask ? ref->u & c->mask : ref->u, c->value);
    case SV_IF_INDEX:
        return sv_desc_compare(c->op, (uint64_t)sc->index, c->value);
    case SV_IF_TARGET:
        return strcmp(w->target, c->field) == 0;
    case SV_IF_MACHINE:
        if (fact_known(w, c->field, &v))
            return sv_desc_compare(c->op, v, c->value);
        return unknown_fact(w, f, full);
    case SV_IF_UNDESCRIBED:
        return sv_desc_fail(w, SV_E_UNKNOWN, 0, 0, full, "%s: no descriptor says what it holds", c->field);
    }
    return sv_desc_fail(w, SV_E_USAGE, 0, 0, full, "condition kind %u unknown", c->kind);
}

/* c and its .also chain: 1, 0, or < 0 after a failure. */
static int chain_holds(struct sv_desc_walker *w, const struct sv_desc_scope *sc, const struct sv_desc_field *f,
                       const struct sv_cond *c, const char *full)
{
    int k = one_cond(w, sc, f, c, full), t;

    if (k <= 0 || !c->also)
        return k;
    t = chain_holds(w, sc, f, c->also, full);
    if (t < 0)
        return t;
    return c->not_also ? !t : t;
}

/* Out of line: most entries have no condition, and their walk stays cheap. */
static __attribute__((noinline)) int cond_holds(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                                                const struct sv_desc_field *f, const char *full)
{
    return chain_holds(w, sc, f, &f->cond, full);
}

int sv_desc_present(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                    const struct sv_desc_field *f, const char *full)
{
    if (!in_version(f, w->version))
        return 0;
    if (f->cond.kind == SV_IF_ALWAYS)
        return 1;
    return cond_holds(w, sc, f, full);
}

int64_t sv_desc_count(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                      const struct sv_desc_field *f, const char *full)
{
    const struct sv_value *ref;
    uint64_t n;

    if (!f->count)
        return f->n ? (int64_t)f->n : -1;
    ref = lookup(w, sc, f->count);
    if (!ref && f->count_alt)
        ref = lookup(w, sc, f->count_alt);
    if (!ref)
        return sv_desc_fail(w, SV_E_USAGE, 0, 0, full, "count field \"%s\" not found", f->count), -2;
    n = f->count_mask ? ref->u & f->count_mask : ref->u;
    if (n > f->max_count) {
        sv_desc_fail(w, SV_E_RANGE, ref->has_offset, ref->offset, ref->name,
                     "count %" PRIu64 " above the capacity %u of %s", n, f->max_count, full);
        return -2;
    }
    return (int64_t)n;
}

/* a < b, a == b, a > b: -1, 0, 1, for values of either signedness */
int sv_desc_cmp_mixed(uint64_t a, int asign, uint64_t b, int bsign)
{
    int aneg = asign && (int64_t)a < 0, bneg = bsign && (int64_t)b < 0;

    if (aneg != bneg)
        return aneg ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* .lo_field / .hi_field: within the values of earlier fields, when present. */
static int check_relative(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                          const struct sv_desc_field *f, const char *full, int sign, uint64_t v,
                          int has, uint64_t off)
{
    const char *ref[2] = { f->lo_field, f->hi_field };

    if (!ref[0] && !ref[1])
        return 0;
    for (int k = 0; k < 2; k++) {
        const struct sv_value *r = ref[k] ? lookup(w, sc, ref[k]) : NULL;
        int rsign, c;
        char vb[24], rb[24];

        if (!r || r->a || r->b)
            continue;
        rsign = sv_desc_type_signed(r->type);
        c = sv_desc_cmp_mixed(v, sign, r->u, rsign);
        if (k == 0 ? c < 0 : c > 0)
            return sv_desc_fail(w, SV_E_RANGE, has, off, full, "value %s %s %s (%s)",
                                sv_int_text(v, sign, vb, sizeof vb), k == 0 ? "below" : "above",
                                r->name, sv_int_text(r->u, rsign, rb, sizeof rb));
    }
    return 0;
}

int sv_desc_check(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                  const struct sv_desc_item *it, uint64_t v, int has, uint64_t off)
{
    const struct sv_desc_field *f = it->f;
    const char *full = it->name;
    const struct sv_type_info *t = it->t;
    int sign = t->is_signed;
    int64_t lo = f->lo, hi = f->hi;
    char vb[24];
    int bad;

    if (!sv_desc_fits_width(v, t->width, sign) || (it->type == SV_BOOL && v > 1))
        return sv_desc_fail(w, SV_E_RANGE, has, off, full, "value %s does not fit %s",
                            sv_int_text(v, sign, vb, sizeof vb), t->name);
    if (f->index_of) {
        const struct sv_desc_field *arr = sv_desc_sibling(sc->table, f->index_of);
        uint32_t len = arr ? (arr->n ? arr->n : arr->max_count) : 0;

        lo = 0;
        hi = (int64_t)len - 1;
    } else if (!f->bounded) {
        return check_relative(w, sc, f, full, sign, v, has, off);
    }
    bad = sign ? ((int64_t)v < lo || (int64_t)v > hi) : (v < (uint64_t)lo || v > (uint64_t)hi);
    if (bad)
        return sv_desc_fail(w, SV_E_RANGE, has, off, full, "value %s out of range %" PRId64 "..%" PRId64,
                            sv_int_text(v, sign, vb, sizeof vb), lo, hi);
    return check_relative(w, sc, f, full, sign, v, has, off);
}
