/*
 * The table compiler (interp-plan.h): walks a table once for a version and
 * a target, as interp-walk.c would, and keeps what the bytes cannot
 * change.  Whatever it is unsure of (two fields a reference could mean, a
 * machine fact inside a list, names near the length limit) makes no plan:
 * the walker then does that table, as before.
 */
#include <config.h>

#include "interp-plan.h"
#include "sv-stream.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the compiler knows of a scope of the walk (struct sv_desc_scope). */
struct cscope {
    const struct sv_desc_field *table;
    const struct sv_desc_field *pos;    /* entries before it are visible to references */
    int depth;                          /* the dynamic element its values are in */
    long index;                         /* static element index, -1 none */
    int dyn_index;                      /* this scope is a dynamic element: its index is the run's */
    const char *prefix;                 /* names, relative to the dynamic element ("" at its top) */
    int32_t *opof;                      /* per entry: the op holding its value, -1 none */
    uint8_t *always;                    /* per entry: produced whenever its scope is */
    const struct cscope *up;
};

struct comp {
    struct sv_plan *p;
    const char *target;
    uint32_t version;
    size_t ops_cap, refs_cap, names_len, names_cap, heads_len, heads_cap;
    int nomem;
};

static int new_op(struct comp *c, uint8_t kind, int depth, const struct sv_desc_field *f)
{
    struct plan_op *op;

    if (c->p->nops >= PLAN_MAX_OPS)
        return -1;
    if (sv_grow((void **)&c->p->ops, &c->ops_cap, c->p->nops + 1, sizeof *c->p->ops) < 0) {
        c->nomem = 1;
        return -1;
    }
    op = &c->p->ops[c->p->nops];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->depth = (uint8_t)depth;
    op->slot = -1;
    op->count_ref = op->lo_ref = op->hi_ref = op->cond_ref = -1;
    op->head = NO_HEAD;
    op->f = f;
    return (int)c->p->nops++;
}

/* A string kept in the plan; its offset, or -1. */
static long add_name(struct comp *c, const char *s, size_t n)
{
    long at = (long)c->names_len;

    if (sv_grow((void **)&c->p->names, &c->names_cap, c->names_len + n + 1, 1) < 0) {
        c->nomem = 1;
        return -1;
    }
    memcpy(c->p->names + c->names_len, s, n);
    c->p->names[c->names_len + n] = 0;
    c->names_len += n + 1;
    return at;
}

/* prefix.name[index], as mkname in interp-walk.c; its length, -1 when too long */
static int mkname(char *buf, const char *prefix, const char *name, long index)
{
    size_t pl = strlen(prefix), nl = strlen(name), n = 0, dl = 0;
    char digits[24];

    if (index >= 0) {
        unsigned long v = (unsigned long)index;

        do
            digits[sizeof digits - ++dl] = (char)('0' + v % 10);
        while ((v /= 10) && dl < sizeof digits);
    }
    if (pl + (pl ? 1 : 0) + nl + (index >= 0 ? dl + 2 : 0) > SV_NAME_MAX)
        return -1;
    memcpy(buf, prefix, pl);
    n = pl;
    if (pl)
        buf[n++] = '.';
    memcpy(buf + n, name, nl);
    n += nl;
    if (index >= 0) {
        buf[n++] = '[';
        memcpy(buf + n, digits + sizeof digits - dl, dl);
        n += dl;
        buf[n++] = ']';
    }
    buf[n] = 0;
    return (int)n;
}

/* The name of an entry's value: checked now at depth 0, when the element's prefix is known below. */
static int entry_name(const struct cscope *sc, const struct sv_desc_field *f, long index, char *buf,
                      uint16_t *max_rel)
{
    int n = mkname(buf, sc->prefix, f->name, index);

    if (n < 0)
        return -1;
    if (sc->depth > 0 && max_rel && (unsigned)n > *max_rel)
        *max_rel = (uint16_t)n;
    return n;
}

static size_t table_len(const struct sv_desc_field *t)
{
    size_t n = 0;

    while (t[n].name)
        n++;
    return n;
}

static int scope_init(struct comp *c, struct cscope *s, const struct sv_desc_field *table)
{
    size_t n = table_len(table) + 1;

    s->table = table;
    s->pos = table;
    s->opof = malloc(n * sizeof *s->opof);
    s->always = calloc(n, 1);
    if (!s->opof || !s->always) {
        free(s->opof);
        free(s->always);
        s->opof = NULL;
        s->always = NULL;
        c->nomem = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        s->opof[i] = -1;
    return 0;
}

static void scope_free(struct cscope *s)
{
    free(s->opof);
    free(s->always);
}

/* Where `ref` may be found from scope sc (lookup in interp-rules.c): an
 * index into plan->refs, whose list is empty when it never is. */
static int resolve(struct comp *c, const struct cscope *sc, const char *ref)
{
    struct plan_ref r = { 0 };

    for (const struct cscope *s = sc; s; s = s->up) {
        long hit = -1;
        int seen = 0;

        for (const struct sv_desc_field *e = s->table; e < s->pos; e++) {
            long i = e - s->table;

            if (s->opof[i] < 0 || strcmp(e->name, ref) != 0 ||
                (e->kind != SV_D_INT && e->kind != SV_D_BYTES))
                continue;
            seen++;
            hit = i;
        }
        if (seen > 1)
            return -1;          /* which one is newest depends on the bytes */
        if (seen == 1) {
            struct plan_op *op = &c->p->ops[s->opof[hit]];

            if (r.n == PLAN_MAX_CAND)
                return -1;
            if (op->slot < 0) {
                if (c->p->nslots == PLAN_MAX_SLOTS)
                    return -1;
                op->slot = (int8_t)c->p->nslots++;
            }
            r.c[r.n].depth = (uint8_t)s->depth;
            r.c[r.n].slot = (uint8_t)op->slot;
            r.c[r.n].scalar = op->kind == P_INT && !(op->rtype & SV_ARRAY);
            r.c[r.n].sign = op->sign;
            r.n++;
            if (s->always[hit])
                break;          /* the outer scopes are never reached */
        }
    }
    if (sv_grow((void **)&c->p->refs, &c->refs_cap, c->p->nrefs + 1, sizeof *c->p->refs) < 0) {
        c->nomem = 1;
        return -1;
    }
    c->p->refs[c->p->nrefs] = r;
    return (int)c->p->nrefs++;
}

/* The record head of a depth-0 field of fixed length: nl name type flags count. */
static int add_head(struct comp *c, struct plan_op *op, const char *name, size_t nl)
{
    size_t len = 1 + nl + 1 + 1 + 4;
    uint8_t *h;

    if (sv_grow((void **)&c->p->heads, &c->heads_cap, c->heads_len + len, 1) < 0) {
        c->nomem = 1;
        return -1;
    }
    h = c->p->heads + c->heads_len;
    h[0] = (uint8_t)nl;
    memcpy(h + 1, name, nl);
    h[1 + nl] = op->rtype;
    h[2 + nl] = 0;
    sv_store_be(h + 3 + nl, 4, op->n);
    op->head = (uint32_t)c->heads_len;
    op->head_len = (uint16_t)len;
    c->heads_len += len;
    return 0;
}

static int set_name(struct comp *c, struct plan_op *op, const char *name, int n)
{
    long at = add_name(c, name, (size_t)n);

    if (at < 0)
        return -1;
    op->name_off = (uint32_t)at;
    op->name_len = (uint16_t)n;
    return 0;
}

/* The count of an entry: fixed (-1 for a scalar) in *n, or a reference in op. */
static int entry_count(struct comp *c, const struct cscope *sc, const struct sv_desc_field *f,
                       struct plan_op *op, int64_t *n)
{
    int ref;

    if (!f->count) {
        *n = f->n ? (int64_t)f->n : -1;
        return 0;
    }
    ref = resolve(c, sc, f->count);
    if ((ref < 0 || c->p->refs[ref].n == 0) && f->count_alt)
        ref = resolve(c, sc, f->count_alt);
    if (ref < 0 || c->p->refs[ref].n == 0)
        return -1;              /* "count field not found": the walker says so */
    op->count_ref = (int16_t)ref;
    op->count_mask = f->count_mask;
    op->max_count = f->max_count;
    *n = 0;
    return 0;
}

static int comp_table(struct comp *c, struct cscope *sc, int skip_first, uint16_t *max_rel);

/* An integer or bytes entry. */
static int comp_value(struct comp *c, struct cscope *sc, const struct sv_desc_field *f, const char *name,
                      int nl)
{
    int k = new_op(c, f->kind == SV_D_BYTES ? P_BYTES : P_INT, sc->depth, f);
    struct plan_op *op;
    int64_t n;

    if (k < 0)
        return -1;
    op = &c->p->ops[k];
    if (entry_count(c, sc, f, op, &n) < 0)
        return -1;
    op = &c->p->ops[k];         /* resolve may have moved nothing, but be plain about it */
    if (f->kind == SV_D_BYTES) {
        op->type = op->rtype = SV_BYTES;
        op->width = op->wire = 1;
        op->n = op->count_ref >= 0 ? 0 : n < 0 ? 0 : (uint32_t)n;
        op->dflt = (uint8_t)f->dflt;
        op->dflts = f->dflts;
    } else {
        const struct sv_type_info *t;
        uint8_t type = sv_desc_type(f, c->target);

        t = sv_type_info(type);
        if (!t || (type & SV_ARRAY) || !(t->is_int || type == SV_BOOL))
            return -1;
        op->type = type;
        op->width = t->width;
        op->wire = f->wire ? f->wire : t->width;
        if (op->wire > 8)
            return -1;
        op->le = f->le;
        op->sign = t->is_signed;
        op->dflt = sv_desc_default(f, t, 0);
        op->dflts = f->dflts;
        op->dflt_raw = t->width >= 8 ? op->dflt : op->dflt & ((1ULL << (8 * t->width)) - 1);
        if (op->wire > op->width)
            op->checks |= C_FITS;
        if (type == SV_BOOL)
            op->checks |= C_BOOL;
        if (f->index_of) {
            const struct sv_desc_field *arr = sv_desc_sibling(sc->table, f->index_of);
            uint32_t len = arr ? (arr->n ? arr->n : arr->max_count) : 0;

            op->lo = 0;
            op->hi = (int64_t)len - 1;
            op->checks |= C_RANGE;
        } else if (f->bounded) {
            op->lo = f->lo;
            op->hi = f->hi;
            op->checks |= C_RANGE;
        }
        if (f->lo_field || f->hi_field) {
            int lo = f->lo_field ? resolve(c, sc, f->lo_field) : -1;
            int hi = f->hi_field ? resolve(c, sc, f->hi_field) : -1;

            if ((f->lo_field && lo < 0) || (f->hi_field && hi < 0))
                return -1;
            op = &c->p->ops[k];
            op->lo_ref = (int16_t)lo;
            op->hi_ref = (int16_t)hi;
            op->checks |= C_REL;
        }
        op->rtype = n >= 0 || op->count_ref >= 0 ? (uint8_t)(type | SV_ARRAY) : type;
        if (!sv_type_info(op->rtype))
            return -1;
        op->n = op->count_ref >= 0 ? 0 : n < 0 ? 1 : (uint32_t)n;
    }
    op->required = f->required;
    if (op->dflts && (op->count_ref >= 0 || op->n != f->n))
        return -1;              /* .dflts belong to a fixed array */
    if (set_name(c, op, name, nl) < 0)
        return -1;
    if (sc->depth == 0 && op->count_ref < 0 && add_head(c, op, name, (size_t)nl) < 0)
        return -1;
    sc->opof[f - sc->table] = k;
    return 0;
}

/* A counted group or a list: its ops once, run per element. */
static int comp_repeat(struct comp *c, struct cscope *sc, const struct sv_desc_field *f, const char *name,
                       int nl)
{
    int k = new_op(c, f->kind == SV_D_LIST ? P_LIST : P_GROUP, sc->depth, f);
    struct cscope in = { 0 };
    uint16_t max_rel = 0;
    int64_t n;
    int r = -1;

    if (k < 0 || sc->depth + 1 > PLAN_MAX_DEPTH)
        return -1;
    if (f->kind == SV_D_LIST) {
        const struct sv_desc_field *tag = f->sub;

        /* the bytes read a tag before each element whatever its entry says;
         * a load by name walks it as a field: they must agree */
        if (!tag->name || tag->kind != SV_D_INT || tag->n || tag->count ||
            !sv_desc_in_version(tag, c->version) || tag->cond.kind != SV_IF_ALWAYS)
            return -1;
        c->p->ops[k].end = f->end;
        c->p->ops[k].max_count = f->max_count;
    } else if (entry_count(c, sc, f, &c->p->ops[k], &n) < 0) {
        return -1;
    }
    if (set_name(c, &c->p->ops[k], name, nl) < 0 || scope_init(c, &in, f->sub) < 0)
        return -1;
    in.depth = sc->depth + 1;
    in.index = -1;
    in.dyn_index = 1;
    in.prefix = "";
    in.up = sc;
    r = comp_table(c, &in, 0, &max_rel);
    scope_free(&in);
    if (r < 0)
        return -1;
    /* a load checks each tag it read against the end marker */
    if (f->kind == SV_D_LIST && c->p->ops[k + 1].slot < 0) {
        if (c->p->nslots == PLAN_MAX_SLOTS)
            return -1;
        c->p->ops[k + 1].slot = (int8_t)c->p->nslots++;
    }
    c->p->ops[k].max_rel = max_rel;
    c->p->ops[k].body = (uint32_t)(c->p->nops - (size_t)k - 1);
    return 0;
}

/* A group of fixed shape: its fields inline, each element a scope of its own. */
static int comp_group(struct comp *c, struct cscope *sc, const struct sv_desc_field *f, int64_t n,
                      const char *name, uint16_t *max_rel)
{
    for (int64_t i = n < 0 ? -1 : 0; i < (n < 0 ? 0 : n); i++) {
        char el[SV_NAME_MAX + 1];
        struct cscope in = { 0 };
        int r;

        if (i >= 0 && entry_name(sc, f, (long)i, el, max_rel) < 0)
            return -1;
        if (scope_init(c, &in, f->sub) < 0)
            return -1;
        in.depth = sc->depth;
        in.index = (long)i;
        in.prefix = i >= 0 ? el : name;
        in.up = sc;
        r = comp_table(c, &in, 0, max_rel);
        scope_free(&in);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* A condition: 1 holds, 0 never, 2 decided by the run (a P_COND op made), -1 cannot compile. */
static int comp_cond(struct comp *c, struct cscope *sc, const struct sv_desc_field *f, const char *name,
                     int *cond_op)
{
    const struct sv_cond *cd = &f->cond;
    struct plan_op *op;
    int k, ref = -1;

    switch (cd->kind) {
    case SV_IF_ALWAYS:
        return 1;
    case SV_IF_TARGET:
        return strcmp(c->target, cd->field) == 0;
    case SV_IF_INDEX:
        if (!sc->dyn_index)
            return sv_desc_compare(cd->op, (uint64_t)sc->index, cd->value);
        break;
    case SV_IF_FIELD:
        ref = resolve(c, sc, cd->field);
        if (ref < 0)
            return -1;
        if (c->p->refs[ref].n == 0)
            return 0;           /* nowhere: the field is never present */
        break;
    case SV_IF_MACHINE:
        if (sc->depth > 0)
            return -1;
        break;
    default:
        return -1;
    }
    k = new_op(c, P_COND, sc->depth, f);
    if (k < 0)
        return -1;
    op = &c->p->ops[k];
    op->cond_kind = cd->kind;
    op->cond_op = cd->op;
    op->cond_mask = cd->mask;
    op->cond_value = cd->value;
    op->cond_ref = (int16_t)ref;
    if (cd->kind == SV_IF_MACHINE) {
        char probe[SV_NAME_MAX + 64];
        long at;

        op->fact = cd->field;
        sv_desc_probe_name(f, name, probe, sizeof probe);
        if (strlen(probe) > SV_NAME_MAX || (at = add_name(c, probe, strlen(probe))) < 0)
            return -1;
        op = &c->p->ops[k];
        op->probe_off = (uint32_t)at;
        op->probe_len = (uint16_t)strlen(probe);
    }
    *cond_op = k;
    return 2;
}

static int comp_table(struct comp *c, struct cscope *sc, int skip_first, uint16_t *max_rel)
{
    for (const struct sv_desc_field *f = sc->table + skip_first; f->name; f++) {
        char name[SV_NAME_MAX + 1];
        int nl, cond_op = -1, present;
        int64_t n = -1;

        sc->pos = f;
        nl = entry_name(sc, f, -1, name, max_rel);
        if (nl < 0)
            return -1;
        if (!sv_desc_in_version(f, c->version))
            continue;
        present = comp_cond(c, sc, f, name, &cond_op);
        if (present < 0)
            return -1;
        if (present == 0)
            continue;
        switch (f->kind) {
        case SV_D_INT:
        case SV_D_BYTES:
            if (comp_value(c, sc, f, name, nl) < 0)
                return -1;
            break;
        case SV_D_LIST:
            if (comp_repeat(c, sc, f, name, nl) < 0)
                return -1;
            break;
        case SV_D_GROUP:
            if (f->count) {
                if (comp_repeat(c, sc, f, name, nl) < 0)
                    return -1;
            } else {
                n = f->n ? (int64_t)f->n : -1;
                if (comp_group(c, sc, f, n, name, max_rel) < 0)
                    return -1;
            }
            break;
        default:
            return -1;
        }
        if (cond_op >= 0)
            c->p->ops[cond_op].body = (uint32_t)(c->p->nops - (size_t)cond_op - 1);
        sc->always[f - sc->table] = cond_op < 0;
    }
    sc->pos = sc->table + table_len(sc->table);
    return 0;
}

/* Fields a run can take: their record holds the legacy bytes as they are,
 * and one default holds for every element. */
#define SEG_MAX_VALUE 512

static int seg_member(const struct plan_op *op)
{
    return op->depth == 0 && op->head != NO_HEAD && (op->kind == P_BYTES || op->kind == P_INT) && !op->dflts &&
           (op->kind == P_BYTES || (op->wire == op->width && (!op->le || op->width == 1))) &&
           (size_t)op->n * op->width <= SEG_MAX_VALUE;
}

/* Groups the runs and builds their templates; -1 when out of memory. */
static int make_runs(struct comp *c)
{
    struct sv_plan *p = c->p;
    size_t len = 0, cap = 0;

    for (size_t i = 0; i < p->nops;) {
        size_t j = i, in = 0, out = 0;

        while (j < p->nops && j - i < UINT16_MAX && seg_member(&p->ops[j]))
            j++;
        if (j - i < 2) {
            i = j > i ? j : i + 1;
            continue;
        }
        p->ops[i].seg_len = (uint16_t)(j - i);
        p->ops[i].seg_tmpl = (uint32_t)len;
        for (size_t k = i; k < j; k++) {
            struct plan_op *op = &p->ops[k];
            size_t vb = (size_t)op->n * op->width;

            if (sv_grow((void **)&p->tmpl, &cap, len + op->head_len + vb, 1) < 0)
                return -1;
            memcpy(p->tmpl + len, p->heads + op->head, op->head_len);
            memset(p->tmpl + len + op->head_len, 0, vb);
            op->in_off = (uint32_t)in;
            op->out_off = (uint32_t)(out + op->head_len);
            op->scalar = op->kind == P_INT && op->n == 1 && !(op->rtype & SV_ARRAY);
            len += op->head_len + vb;
            in += (size_t)op->n * op->wire;
            out += op->head_len + vb;
        }
        p->ops[i].seg_in = (uint32_t)in;
        p->ops[i].seg_out = (uint32_t)out;
        i = j;
    }
    return 0;
}

static void plan_free(struct sv_plan *p)
{
    if (!p)
        return;
    free(p->tmpl);
    free(p->ops);
    free(p->refs);
    free(p->heads);
    free(p->names);
    free(p);
}

/* NULL only when out of memory; a plan that cannot be made is kept unusable. */
static struct sv_plan *compile(const struct sv_desc *d, const char *target, uint32_t version)
{
    struct sv_plan *p = calloc(1, sizeof *p);
    struct comp c = { p, target, version, 0, 0, 0, 0, 0, 0, 0 };
    struct cscope top = { 0 };
    int r = -1;

    if (!p)
        return NULL;
    p->d = d;
    p->version = version;
    snprintf(p->target, sizeof p->target, "%s", target);
    snprintf(p->label, sizeof p->label, "%s", d->by_target ? target : "");
    if (version < d->min_version || version > d->version || (d->by_target && !sv_desc_target_ulong(target)))
        return p;
    if (scope_init(&c, &top, d->fields) == 0) {
        top.index = -1;
        top.prefix = "";
        r = comp_table(&c, &top, 0, NULL);
        scope_free(&top);
    }
    if (c.nomem) {
        plan_free(p);
        return NULL;
    }
    if (r < 0) {
        p->nops = 0;
        return p;
    }
    for (size_t i = 0; i < p->nops; i++) {
        p->ops[i].name = p->names ? p->names + p->ops[i].name_off : "";
        p->ops[i].probe = p->ops[i].probe_len ? p->names + p->ops[i].probe_off : NULL;
    }
    if (make_runs(&c) < 0) {
        plan_free(p);
        return NULL;
    }
    p->usable = 1;
    return p;
}

/* The cache: plans live as long as the process, each made once.  Like the
 * rest of the library it is not thread-safe; the shim runs in the
 * emulator's main thread. */
#define BUCKETS 64
static struct sv_plan *cache[BUCKETS];

const struct sv_plan *sv_plan_get(const struct sv_desc *d, const char *target, uint32_t version)
{
    const char *t = target ? target : "";
    size_t h = (((uintptr_t)d >> 4) ^ version) % BUCKETS;
    struct sv_plan *p;

    for (p = cache[h]; p; p = p->next)
        if (p->d == d && p->version == version && strcmp(p->target, t) == 0)
            return p->usable ? p : NULL;
    if (strlen(t) > SV_PROFILE_MAX || !(p = compile(d, t, version)))
        return NULL;
    p->next = cache[h];
    cache[h] = p;
    return p->usable ? p : NULL;
}

void sv_plan_flush(void)
{
    for (size_t h = 0; h < BUCKETS; h++) {
        while (cache[h]) {
            struct sv_plan *p = cache[h];

            cache[h] = p->next;
            plan_free(p);
        }
    }
}
