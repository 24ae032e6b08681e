/*
 * The descriptor interpreter: one walker over a table, whatever the
 * direction.  A walk takes each element from a source (legacy bytes, a
 * list of values, or a tagged record set), checks it, appends it to a list
 * of values and, when asked, writes it as legacy bytes.  The four public
 * calls are walks plus, for the tagged side, the codec in lib/sv-tagged.c.
 */
#include "desc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum src { SRC_LEGACY, SRC_VALUES, SRC_TAGGED };

#define MAX_FACTS 4

struct walk {
    const struct sv_desc *d;
    const struct sv_desc_ctx *ctx;
    const char *target;
    uint32_t version;
    enum src src;
    struct sv_stream *in;
    const struct sv_values *vin;
    uint8_t *vused;                     /* which of vin were taken */
    size_t vnext;                       /* where the next take() looks first */
    struct sv_recset *r;
    struct sv_stream *out;              /* legacy sink, or NULL */
    struct sv_values *dst;
    struct sv_error *err;
    /* machine facts the legacy bytes must decide (see sv_desc_ctx) */
    const char *unknown[MAX_FACTS];
    int nunknown, need_fact;
    unsigned assume;                    /* bit i: value of unknown[i] */
};

struct scope {
    const char *prefix;                 /* "" at the top, "channel[1]" inside */
    size_t first;                       /* this scope's first value in dst */
    long index;                         /* group element index, -1 none */
    const struct sv_desc_field *table;
    const struct scope *up;
};

/* Values */
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

static long find_value(const struct sv_values *vals, const char *name)
{
    for (size_t i = vals->n; i-- > 0;)
        if (strcmp(vals->v[i].name, name) == 0)
            return (long)i;
    return -1;
}

const struct sv_value *sv_values_get(const struct sv_values *vals, const char *name)
{
    long i = find_value(vals, name);

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

/* Types */
uint8_t sv_desc_type(const struct sv_desc_field *f, const char *target)
{
    if (f->kind == SV_D_BYTES)
        return SV_BYTES;
    if (f->type != SV_TL)
        return f->type;
    if (target && strcmp(target, "i386") == 0)
        return SV_U32;
    if (target && strcmp(target, "x86_64") == 0)
        return SV_U64;
    return 0;
}

int sv_desc_in_version(const struct sv_desc_field *f, uint32_t version)
{
    return (!f->since || version >= f->since) && (!f->until || version <= f->until);
}

static int is_signed(uint8_t type)
{
    const struct sv_type_info *t = sv_type_info(type & ~SV_ARRAY);

    return t && t->is_signed;
}

/* Raw bytes of `width` -> normalized value (sign-extended for signed types). */
static uint64_t widen(uint64_t raw, unsigned width, int sign)
{
    unsigned bits = width * 8;

    if (bits < 64) {
        raw &= (1ULL << bits) - 1;
        if (sign && (raw >> (bits - 1)) & 1)
            raw |= ~0ULL << bits;
    }
    return raw;
}

/* Does a normalized value fit `width` bytes? */
static int fits_width(uint64_t v, unsigned width, int sign)
{
    return width >= 8 || widen(v, width, sign) == v;
}

static const char *vtext(uint64_t v, int sign, char *buf, size_t len)
{
    if (sign)
        snprintf(buf, len, "%" PRId64, (int64_t)v);
    else
        snprintf(buf, len, "%" PRIu64, v);
    return buf;
}

/* Errors: every one names the field; the section is added at the top. */
static int fail(struct walk *w, enum sv_errcode code, int has_off, uint64_t off,
                const char *field, const char *fmt, ...) SV_PRINTF(6, 7);

static int fail(struct walk *w, enum sv_errcode code, int has_off, uint64_t off,
                const char *field, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (has_off)
        sv_error_set(w->err, code, off, "%s", msg);
    else
        sv_error_set_nooff(w->err, code, "%s", msg);
    if (field)
        sv_error_add_field(w->err, field);
    return -1;
}

/* A stream's own error (truncation, i/o) becomes the walk's, naming the field. */
static int stream_fail(struct walk *w, struct sv_stream *s, const char *field)
{
    if (w->err->code == SV_OK)
        *w->err = s->err;
    sv_error_add_field(w->err, field);
    return -1;
}

/* Where a message about the current field points. */
static int where(const struct walk *w, uint64_t *off)
{
    if (w->src == SRC_LEGACY) {
        *off = w->in->offset;
        return 1;
    }
    if (w->out) {
        *off = w->out->offset;
        return 1;
    }
    return 0;
}

/* prefix.name[index]: built by hand, it runs once per field on the save path */
static int mkname(struct walk *w, char *buf, const struct scope *sc, const char *name,
                  long index)
{
    size_t pl = strlen(sc->prefix), nl = strlen(name), n = 0;
    char digits[24];
    size_t dl = 0;

    if (index >= 0) {
        unsigned long v = (unsigned long)index;

        do
            digits[sizeof digits - ++dl] = (char)('0' + v % 10);
        while ((v /= 10) && dl < sizeof digits);
    }
    if (pl + (pl ? 1 : 0) + nl + (index >= 0 ? dl + 2 : 0) > SV_NAME_MAX)
        return fail(w, SV_E_USAGE, 0, 0, name, "field name longer than %d bytes", SV_NAME_MAX);
    memcpy(buf, sc->prefix, pl);
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
    return 0;
}

/* An earlier field, in this scope or an enclosing one. */
static const struct sv_value *lookup(const struct walk *w, const struct scope *sc, const char *ref)
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

static const struct sv_desc_field *sibling(const struct sv_desc_field *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

static int compare(uint8_t op, uint64_t a, uint64_t b)
{
    switch (op) {
    case SV_OP_EQ: return a == b;
    case SV_OP_NE: return a != b;
    case SV_OP_GE: return a >= b;
    case SV_OP_LT: return a < b;
    }
    return 0;
}

/* The name of the first record an entry would produce, to probe for it. */
static void probe_name(const struct sv_desc_field *f, const char *full, char *buf, size_t len)
{
    if (f->kind == SV_D_GROUP || f->kind == SV_D_LIST)
        snprintf(buf, len, "%s%s.%s", full, f->n || f->count || f->kind == SV_D_LIST ? "[0]" : "",
                 f->sub->name);
    else
        snprintf(buf, len, "%s", full);
}

static int fact_known(const struct walk *w, const char *name, uint64_t *v)
{
    const struct sv_desc_ctx *c = w->ctx;

    for (size_t i = 0; i < c->nfacts; i++)
        if (strcmp(c->facts[i].name, name) == 0) {
            *v = c->facts[i].value;
            return 1;
        }
    return c->fact_hook && c->fact_hook(c->opaque, name, v);
}

/* 1 present, 0 absent, -1 error. */
static int present(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                   const char *full)
{
    const struct sv_cond *c = &f->cond;
    const struct sv_value *ref;
    uint64_t v;
    char probe[SV_NAME_MAX + 64];

    if (!sv_desc_in_version(f, w->version))
        return 0;
    switch (c->kind) {
    case SV_IF_ALWAYS:
        return 1;
    case SV_IF_FIELD:
        ref = lookup(w, sc, c->field);
        if (!ref)
            return 0;
        return compare(c->op, c->mask ? ref->u & c->mask : ref->u, c->value);
    case SV_IF_INDEX:
        return compare(c->op, (uint64_t)sc->index, c->value);
    case SV_IF_TARGET:
        return strcmp(w->target, c->field) == 0;
    case SV_IF_MACHINE:
        if (fact_known(w, c->field, &v))
            return compare(c->op, v, c->value);
        probe_name(f, full, probe, sizeof probe);
        if (w->src == SRC_TAGGED)       /* the section's own fields decide */
            return sv_recset_find(w->r, probe) != NULL;
        if (w->src == SRC_VALUES)
            return find_value(w->vin, probe) >= 0;
        for (int i = 0; i < w->nunknown; i++)
            if (strcmp(w->unknown[i], c->field) == 0)
                return compare(c->op, (w->assume >> i) & 1, c->value);
        if (w->nunknown < MAX_FACTS)
            w->unknown[w->nunknown++] = c->field;
        w->need_fact = 1;
        return fail(w, SV_E_MISSING, 0, 0, full,
                    "layout depends on machine fact \"%s\", which is not known", c->field);
    }
    return fail(w, SV_E_USAGE, 0, 0, full, "condition kind %u unknown", c->kind);
}

/* Element count of an entry: fixed, counted, or -1 for a scalar/single group. */
static int64_t count_of(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                        const char *full)
{
    const struct sv_value *ref;
    uint64_t n, off = 0;
    int has;

    if (!f->count)
        return f->n ? (int64_t)f->n : -1;
    ref = lookup(w, sc, f->count);
    if (!ref)
        return fail(w, SV_E_USAGE, 0, 0, full, "count field \"%s\" not found", f->count), -2;
    n = f->count_mask ? ref->u & f->count_mask : ref->u;
    if (n > f->max_count) {
        has = ref->has_offset;
        off = ref->offset;
        fail(w, SV_E_RANGE, has, off, ref->name, "count %" PRIu64 " above the capacity %u of %s",
             n, f->max_count, full);
        return -2;
    }
    return (int64_t)n;
}

/* a < b, a == b, a > b: -1, 0, 1, for normalized values of either signedness */
static int cmp_mixed(uint64_t a, int asign, uint64_t b, int bsign)
{
    int aneg = asign && (int64_t)a < 0, bneg = bsign && (int64_t)b < 0;

    if (aneg != bneg)
        return aneg ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* .lo_field / .hi_field: within the values of earlier fields, when present. */
static int check_relative(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                          const char *full, int sign, uint64_t v, int has, uint64_t off)
{
    const char *ref[2] = { f->lo_field, f->hi_field };

    for (int k = 0; k < 2; k++) {
        const struct sv_value *r = ref[k] ? lookup(w, sc, ref[k]) : NULL;
        int rsign, c;
        char vb[32], rb[32];

        if (!r || r->a || r->b)
            continue;
        rsign = is_signed(r->type);
        c = cmp_mixed(v, sign, r->u, rsign);
        if (k == 0 ? c < 0 : c > 0)
            return fail(w, SV_E_RANGE, has, off, full, "value %s %s %s (%s)",
                        vtext(v, sign, vb, sizeof vb), k == 0 ? "below" : "above", r->name,
                        vtext(r->u, rsign, rb, sizeof rb));
    }
    return 0;
}

static int check_value(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                       const char *full, uint8_t type, uint64_t v, int has, uint64_t off)
{
    const struct sv_type_info *t = sv_type_info(type);
    int sign = t->is_signed;
    int64_t lo = f->lo, hi = f->hi;
    char vb[32];
    int bad;

    if (!fits_width(v, t->width, sign) || (type == SV_BOOL && v > 1))
        return fail(w, SV_E_RANGE, has, off, full, "value %s does not fit %s",
                    vtext(v, sign, vb, sizeof vb), t->name);
    if (f->index_of) {
        const struct sv_desc_field *arr = sibling(sc->table, f->index_of);
        uint32_t len = arr ? (arr->n ? arr->n : arr->max_count) : 0;

        lo = 0;
        hi = (int64_t)len - 1;
    } else if (!f->bounded) {
        return check_relative(w, sc, f, full, sign, v, has, off);
    }
    bad = sign ? ((int64_t)v < lo || (int64_t)v > hi) : (v < (uint64_t)lo || v > (uint64_t)hi);
    if (bad)
        return fail(w, SV_E_RANGE, has, off, full, "value %s out of range %" PRId64 "..%" PRId64,
                    vtext(v, sign, vb, sizeof vb), lo, hi);
    return check_relative(w, sc, f, full, sign, v, has, off);
}

/* The default of element i; .dflts when the elements' reset values differ. */
static uint64_t dflt_of(const struct sv_desc_field *f, uint8_t type, uint32_t i)
{
    int64_t d = f->dflts ? f->dflts[i] : f->dflt;

    return widen((uint64_t)d, sv_type_info(type)->width, is_signed(type));
}

/* F-18: a field the source lacks takes its default; a required one has none. */
static int absent(struct walk *w, const struct sv_desc_field *f, const char *full)
{
    if (!f->required)
        return 0;
    return fail(w, SV_E_MISSING, w->src == SRC_TAGGED, w->src == SRC_TAGGED ? w->r->end : 0, full,
                "required field is missing (it has no default)");
}

static int append(struct walk *w, const char *full, const struct sv_desc_field *f, uint8_t type,
                  uint8_t wire, uint32_t count, uint64_t u, uint64_t *a, uint8_t *b, int has,
                  uint64_t off)
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
    return fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
}

static int put_elem(struct walk *w, const char *full, uint64_t v, unsigned wire, int le)
{
    uint8_t b[8];

    for (unsigned i = 0; i < wire; i++)
        b[le ? i : wire - 1 - i] = (uint8_t)(v >> (8 * i));
    if (sv_write(w->out, b, wire) < 0)
        return stream_fail(w, w->out, full);
    return 0;
}

static int get_elem(struct walk *w, const char *full, uint64_t *v, unsigned wire, int le)
{
    uint8_t b[8];

    if (sv_read(w->in, b, wire, full) < 0)
        return stream_fail(w, w->in, full);
    *v = 0;
    for (unsigned i = 0; i < wire; i++)
        *v |= (uint64_t)b[le ? i : wire - 1 - i] << (8 * i);
    return 0;
}

/* A value from the values source: marks it taken; NULL when absent. */
static const struct sv_value *take(struct walk *w, const char *full)
{
    long i;

    /* values usually come in descriptor order: try the next one first */
    if (w->vnext < w->vin->n && strcmp(w->vin->v[w->vnext].name, full) == 0)
        i = (long)w->vnext;
    else
        i = find_value(w->vin, full);

    if (i < 0)
        return NULL;
    w->vused[i] = 1;
    w->vnext = (size_t)i + 1;
    return &w->vin->v[i];
}

/* One integer field or array: n < 0 for a scalar. */
static int do_int(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                  const char *full, int64_t n)
{
    uint8_t type = sv_desc_type(f, w->target);
    const struct sv_type_info *t = sv_type_info(type);
    unsigned wire = f->wire ? f->wire : (t ? t->width : 0);
    int sign = t ? t->is_signed : 0;
    uint32_t cnt = n < 0 ? 1 : (uint32_t)n;
    uint64_t *a = NULL, one = 0, off = 0;
    uint64_t *e;
    const struct sv_value *sv = NULL;
    const struct sv_field *rec = NULL;
    int has;

    if (!t)
        return fail(w, SV_E_USAGE, 0, 0, full, "target \"%s\" unknown", w->target);
    if (n >= 0) {
        a = calloc(cnt ? cnt : 1, sizeof *a);
        if (!a)
            return fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
    }
    e = a ? a : &one;
    has = where(w, &off);
    if (w->src == SRC_VALUES) {
        sv = take(w, full);
        if (sv && (!!sv->a != (n >= 0) || (sv->a && sv->count != cnt) || sv->b)) {
            fail(w, SV_E_USAGE, has, off, full, "value has %u element(s), the layout wants %u",
                 sv->count, cnt);
            goto out;
        }
    } else if (w->src == SRC_TAGGED) {
        rec = sv_recset_find(w->r, full);
        if (rec) {
            has = 1;
            off = rec->offset;
        }
        if (rec && n >= 0) {
            char gn[32], tn[32];
            uint8_t base = rec->type & ~SV_ARRAY;

            if (!(rec->type & SV_ARRAY) || (base == SV_BOOL) != (type == SV_BOOL) ||
                !(sv_type_info(base)->is_int || base == SV_BOOL) || rec->count != cnt) {
                fail(w, SV_E_CORRUPT, 1, off, full, "stored as %s, the layout wants %s",
                     sv_type_name(rec->type, rec->count, gn, sizeof gn),
                     sv_type_name(type | SV_ARRAY, cnt, tn, sizeof tn));
                goto out;
            }
        }
    }
    if (w->src != SRC_LEGACY && !sv && !rec && absent(w, f, full) < 0)
        goto out;
    for (uint32_t i = 0; i < cnt; i++) {
        uint64_t x = dflt_of(f, type, i), eoff = off;

        switch (w->src) {
        case SRC_LEGACY:
            eoff = w->in->offset;
            if (get_elem(w, full, &x, wire, f->le) < 0)
                goto out;
            x = widen(x, wire, sign);
            break;
        case SRC_VALUES:
            if (sv)
                x = sv_value_elem(sv, i);
            break;
        case SRC_TAGGED:
            if (n < 0) {
                if (sv_recset_get_int(w->r, full, type, 0, 1, x, &x, w->err) < 0)
                    goto out;
            } else if (rec) {
                uint64_t raw = sv_field_u(rec, i);
                char vb[32];

                if (type != SV_BOOL && !sv_int_fits(rec->type & ~SV_ARRAY, raw, type)) {
                    fail(w, SV_E_RANGE, 1, off, full, "element %u value %s does not fit %s", i,
                         vtext(widen(raw, sv_type_info(rec->type & ~SV_ARRAY)->width,
                                     is_signed(rec->type)), is_signed(rec->type), vb, sizeof vb),
                         t->name);
                    goto out;
                }
                x = widen(raw, sv_type_info(rec->type & ~SV_ARRAY)->width, is_signed(rec->type));
            }
            break;
        }
        if (w->out)
            eoff = w->out->offset;
        if (check_value(w, sc, f, full, type, x, has || w->out, eoff) < 0)
            goto out;
        if (w->out) {
            char vb[32];

            if (!fits_width(x, wire, sign)) {
                fail(w, SV_E_RANGE, 1, eoff, full,
                     "value %s does not fit the %u legacy byte(s) of version %u",
                     vtext(x, sign, vb, sizeof vb), wire, w->version);
                goto out;
            }
            if (put_elem(w, full, x, wire, f->le) < 0)
                goto out;
        }
        e[i] = x;
    }
    return append(w, full, f, n >= 0 ? type | SV_ARRAY : type, (uint8_t)wire, cnt, one, a, NULL,
                  has, off);
out:
    free(a);
    return -1;
}

static int do_bytes(struct walk *w, const struct sv_desc_field *f, const char *full, uint32_t cnt)
{
    uint8_t *b = malloc(cnt ? cnt : 1);
    uint64_t off = 0;
    int has = where(w, &off);

    if (!b)
        return fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
    memset(b, (uint8_t)f->dflt, cnt);
    for (uint32_t k = 0; f->dflts && k < cnt; k++)
        b[k] = (uint8_t)dflt_of(f, SV_U8, k);
    if (w->src == SRC_LEGACY) {
        if (sv_read(w->in, b, cnt, full) < 0) {
            free(b);
            return stream_fail(w, w->in, full);
        }
    } else if (w->src == SRC_VALUES) {
        const struct sv_value *sv = take(w, full);

        if (!sv && absent(w, f, full) < 0) {
            free(b);
            return -1;
        }
        if (sv && (!sv->b || sv->count != cnt)) {
            free(b);
            return fail(w, SV_E_USAGE, has, off, full, "value has %u byte(s), the layout wants %u",
                        sv->count, cnt);
        }
        if (sv)
            memcpy(b, sv->b, cnt);
    } else {
        const struct sv_field *rec = sv_recset_find(w->r, full);
        char gn[32];

        if (!rec && absent(w, f, full) < 0) {
            free(b);
            return -1;
        }
        if (rec && (rec->type != SV_BYTES || rec->count != cnt)) {
            free(b);
            return fail(w, SV_E_CORRUPT, 1, rec->offset, full, "stored as %s, the layout wants bytes[%u]",
                        sv_type_name(rec->type, rec->count, gn, sizeof gn), cnt);
        }
        if (rec)
            memcpy(b, rec->value, cnt);
    }
    if (w->out && sv_write(w->out, b, cnt) < 0) {
        free(b);
        return stream_fail(w, w->out, full);
    }
    return append(w, full, f, SV_BYTES, 1, cnt, 0, NULL, b, has, off);
}

static int walk_table(struct walk *w, const struct scope *sc, const struct sv_desc_field *table,
                      int skip_first);

static int do_group(struct walk *w, const struct scope *sc, const struct sv_desc_field *f,
                    const char *full, long index)
{
    struct scope in = { full, w->dst->n, index, f->sub, sc };

    return walk_table(w, &in, f->sub, 0);
}

static int do_list(struct walk *w, const struct scope *sc, const struct sv_desc_field *f)
{
    const struct sv_desc_field *tag = f->sub;
    uint8_t type = sv_desc_type(tag, w->target);
    unsigned wire = tag->wire ? tag->wire : sv_type_info(type)->width;
    char full[SV_NAME_MAX + 1], probe[SV_NAME_MAX + 64];

    for (long i = 0;; i++) {
        if (mkname(w, full, sc, f->name, i) < 0)
            return -1;
        if (w->src == SRC_LEGACY) {
            uint64_t x, off = w->in->offset;
            char tname[SV_NAME_MAX + 64];

            snprintf(tname, sizeof tname, "%s.%s", full, tag->name);
            if (get_elem(w, tname, &x, wire, tag->le) < 0)
                return -1;
            if (w->out && put_elem(w, tname, x, wire, tag->le) < 0)
                return -1;
            if (x == f->end)
                return 0;
            if ((uint64_t)i >= f->max_count)
                return fail(w, SV_E_RANGE, 1, off, full, "more than %u elements", f->max_count);
            struct scope in = { full, w->dst->n, i, f->sub, sc };

            x = widen(x, wire, is_signed(type));
            if (check_value(w, &in, tag, tname, type, x, 1, off) < 0 ||
                append(w, tname, tag, type, (uint8_t)wire, 1, x, NULL, NULL, 1, off) < 0 ||
                walk_table(w, &in, f->sub, 1) < 0)
                return -1;
            continue;
        }
        snprintf(probe, sizeof probe, "%s.%s", full, tag->name);
        if (w->src == SRC_VALUES ? find_value(w->vin, probe) < 0 : !sv_recset_find(w->r, probe)) {
            if (w->out && put_elem(w, probe, f->end, wire, tag->le) < 0)
                return -1;
            return 0;
        }
        if ((uint64_t)i >= f->max_count)
            return fail(w, SV_E_RANGE, 0, 0, full, "more than %u elements", f->max_count);
        if (do_group(w, sc, f, full, i) < 0)
            return -1;
        /* a tag equal to the end marker would end the legacy list early */
        if (sv_values_get(w->dst, probe)->u == f->end)
            return fail(w, SV_E_RANGE, 0, 0, probe, "value %" PRIu64 " is the list's end marker",
                        f->end);
    }
}

static int walk_table(struct walk *w, const struct scope *sc, const struct sv_desc_field *table,
                      int skip_first)
{
    char full[SV_NAME_MAX + 1];

    for (const struct sv_desc_field *f = table + skip_first; f->name; f++) {
        int64_t n;
        int p;

        if (mkname(w, full, sc, f->name, -1) < 0)
            return -1;
        p = present(w, sc, f, full);
        if (p <= 0) {
            if (p < 0)
                return -1;
            continue;
        }
        if (f->kind == SV_D_LIST) {
            if (do_list(w, sc, f) < 0)
                return -1;
            continue;
        }
        n = count_of(w, sc, f, full);
        if (n < -1)
            return -1;
        switch (f->kind) {
        case SV_D_INT:
            if (do_int(w, sc, f, full, n) < 0)
                return -1;
            break;
        case SV_D_BYTES:
            if (do_bytes(w, f, full, n < 0 ? 0 : (uint32_t)n) < 0)
                return -1;
            break;
        case SV_D_GROUP:
            if (n < 0) {
                if (do_group(w, sc, f, full, -1) < 0)
                    return -1;
                break;
            }
            for (int64_t i = 0; i < n; i++) {
                char el[SV_NAME_MAX + 1];

                if (mkname(w, el, sc, f->name, (long)i) < 0 || do_group(w, sc, f, el, (long)i) < 0)
                    return -1;
            }
            break;
        default:
            return fail(w, SV_E_USAGE, 0, 0, full, "entry kind %u unknown", f->kind);
        }
    }
    return 0;
}

static void reset_dst(struct walk *w)
{
    sv_values_free(w->dst);
    w->dst->desc = w->d;
    w->dst->version = w->version;
    if (w->d->by_target)
        snprintf(w->dst->target, sizeof w->dst->target, "%s", w->target);
}

/* Common set-up; the target is "" when the layout does not depend on it. */
static int begin(struct walk *w, const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                 uint32_t version, struct sv_values *dst, struct sv_error *err)
{
    static const struct sv_desc_ctx none = { .instance = -1 };

    memset(w, 0, sizeof *w);
    memset(dst, 0, sizeof *dst);
    w->d = d;
    w->ctx = ctx ? ctx : &none;
    w->target = w->ctx->target ? w->ctx->target : "";
    w->version = version;
    w->dst = dst;
    w->err = err;
    reset_dst(w);
    if (version < d->min_version || version > d->version)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "version %u outside %u..%u of this release",
                                  version, d->min_version, d->version);
    if (d->by_target && strcmp(w->target, "i386") != 0 && strcmp(w->target, "x86_64") != 0)
        return sv_error_set_nooff(err, SV_E_USAGE, "the layout depends on the target; target \"%s\" unknown",
                                  w->target);
    return 0;
}

static int run(struct walk *w)
{
    struct scope top = { "", 0, -1, w->d->fields, NULL };

    return walk_table(w, &top, w->d->fields, 0);
}

static int finish(struct walk *w, int r)
{
    if (r < 0)
        sv_error_add_section(w->err, w->d->idstr, w->ctx->instance);
    return r;
}

/* Decoding legacy bytes whose length is known: try each value of the
 * machine facts the bytes must decide, keep the layout that fits exactly. */
static int decode_sized(struct walk *w, struct sv_stream *in, uint64_t *consumed)
{
    uint64_t len = w->ctx->legacy_len, base = in->offset;
    struct sv_error *user = w->err;
    uint8_t *buf = malloc(len);
    struct sv_error first;
    int r = -1, first_need = 0;

    if (!buf)
        return sv_error_set_nooff(user, SV_E_NOMEM, "out of memory for %" PRIu64 " bytes", len);
    if (sv_read(in, buf, len, "legacy section body") < 0) {
        *user = in->err;
        free(buf);
        return -1;
    }
    sv_error_clear(&first);
    for (unsigned assume = 0;;) {
        struct sv_stream mem;
        struct sv_error e;
        int k = w->nunknown;

        sv_error_clear(&e);
        sv_stream_mem_reader(&mem, buf, len);
        sv_stream_set_offset(&mem, base);
        reset_dst(w);
        w->in = &mem;
        w->err = &e;
        w->assume = assume;
        w->need_fact = 0;
        r = run(w);
        if (r == 0 && mem.offset - base != len) {
            sv_error_set(&e, SV_E_CORRUPT, mem.offset, "the layout reads %" PRIu64
                         " bytes, the section has %" PRIu64, mem.offset - base, len);
            r = -1;
        }
        if (r == 0) {
            *consumed = len;
            break;
        }
        /* keep the first error that is not "which layout?" */
        if (first.code == SV_OK || (first_need && !w->need_fact)) {
            first = e;
            first_need = w->need_fact;
        }
        if (w->nunknown > k)            /* a new fact: enumerate again */
            assume = 0;
        else if (++assume >= 1u << w->nunknown)
            break;
    }
    w->err = user;
    if (r < 0)
        *user = first;
    free(buf);
    return r;
}

int sv_desc_decode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, struct sv_stream *in, struct sv_values *out,
                          uint64_t *consumed, struct sv_error *err)
{
    struct walk w;
    uint64_t start = in->offset;
    int r;

    *consumed = 0;
    if (begin(&w, d, ctx, version, out, err) < 0)
        return finish(&w, -1);
    w.src = SRC_LEGACY;
    w.in = in;
    if (w.ctx->legacy_len) {
        r = decode_sized(&w, in, consumed);
        if (r < 0)
            sv_values_free(out);
        return finish(&w, r);
    }
    r = run(&w);
    *consumed = in->offset - start;
    if (r < 0)
        sv_values_free(out);
    return finish(&w, r);
}

/* A walk from values: everything they hold must be used or at its default. */
static int from_values(struct walk *w, const struct sv_values *vals)
{
    int r;

    w->src = SRC_VALUES;
    w->vin = vals;
    w->vused = calloc(vals->n ? vals->n : 1, 1);
    if (!w->vused)
        return sv_error_set_nooff(w->err, SV_E_NOMEM, "out of memory");
    r = run(w);
    for (size_t i = 0; r == 0 && i < vals->n; i++) {
        const struct sv_value *v = &vals->v[i];
        int dflt = !v->field->required;
        char vb[32];

        if (w->vused[i])
            continue;
        for (uint32_t k = 0; k < (v->a || v->b ? v->count : 1) && dflt; k++) {
            if (v->b)
                dflt = v->b[k] == (uint8_t)dflt_of(v->field, SV_U8, k);
            else
                dflt = sv_value_elem(v, k) == dflt_of(v->field, v->type & ~SV_ARRAY, k);
        }
        if (!dflt && v->field->required) {
            r = fail(w, SV_E_RANGE, 0, 0, v->name,
                     "version %u of this device has no such field, and it has no default to drop it at",
                     w->version);
        } else if (!dflt) {
            if (v->b || v->a)
                snprintf(vb, sizeof vb, "not at its default");
            else
                vtext(v->u, is_signed(v->type), vb, sizeof vb);
            r = fail(w, SV_E_RANGE, 0, 0, v->name,
                     "version %u of this device has no such field, and its value %s is not the default",
                     w->version, vb);
        }
    }
    free(w->vused);
    w->vused = NULL;
    return r;
}

int sv_desc_encode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err)
{
    struct walk w;
    struct sv_values tmp;
    int r = -1;

    if (begin(&w, d, ctx, version, &tmp, err) == 0) {
        w.out = out;
        r = from_values(&w, vals);
    }
    sv_values_free(&tmp);
    return finish(&w, r);
}

static int is_default(const struct sv_value *v)
{
    uint32_t n = v->a || v->b ? v->count : 1;

    if (v->field->required)                     /* F-23: no default, no flag */
        return 0;
    for (uint32_t k = 0; k < n; k++) {
        if (v->b ? v->b[k] != (uint8_t)dflt_of(v->field, SV_U8, k)
                 : sv_value_elem(v, k) != dflt_of(v->field, v->type & ~SV_ARRAY, k))
            return 0;
    }
    return 1;
}

int sv_desc_encode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          const char *profile, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err)
{
    struct walk w;
    struct sv_values tmp;
    struct sv_tenc e;
    uint8_t *buf = NULL;
    size_t cap = 0;
    int r = -1;

    if (begin(&w, d, ctx, vals->version, &tmp, err) < 0 || from_values(&w, vals) < 0)
        goto out;
    if (sv_tenc_begin(&e, SV_KIND_FIELDS, tmp.version, profile, tmp.target) < 0) {
        *err = *sv_tenc_error(&e);
        sv_tenc_free(&e);
        goto out;
    }
    for (size_t i = 0; i < tmp.n; i++) {
        const struct sv_value *v = &tmp.v[i];
        unsigned width = sv_type_info(v->type & ~SV_ARRAY)->width;
        size_t need = (size_t)v->count * width;

        if (need > cap) {
            uint8_t *p = realloc(buf, need);

            if (!p) {
                sv_tenc_free(&e);
                sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
                goto out;
            }
            buf = p;
            cap = need;
        }
        if (v->b)
            memcpy(buf, v->b, v->count);
        else
            for (uint32_t k = 0; k < v->count; k++)
                sv_store_be(buf + (size_t)k * width, width, sv_value_elem(v, k));
        sv_tenc_field(&e, v->name, v->type, is_default(v) ? SV_FLAG_DEFAULT : 0, v->count, buf);
    }
    if (sv_tenc_finish(&e, out) < 0) {
        if (err->code == SV_OK)
            *err = out->err;
        goto out;
    }
    r = 0;
out:
    free(buf);
    sv_values_free(&tmp);
    return finish(&w, r);
}

int sv_desc_decode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          struct sv_recset *r, struct sv_values *out, struct sv_error *err)
{
    struct sv_desc_ctx c = ctx ? *ctx : (struct sv_desc_ctx){ .instance = -1 };
    struct walk w;
    int k;

    if (r->h.kind != SV_KIND_FIELDS) {
        memset(out, 0, sizeof *out);
        sv_error_set(err, SV_E_USAGE, r->start, "an opaque body has no fields to decode");
        sv_error_add_section(err, d->idstr, c.instance);
        return -1;
    }
    /* a body names its target; a reader for another one refuses it */
    if (d->by_target && c.target && *c.target && strcmp(c.target, r->h.target) != 0) {
        memset(out, 0, sizeof *out);
        sv_error_set(err, SV_E_UNKNOWN, r->start, "body is for target \"%s\", this reader is for \"%s\"",
                     r->h.target, c.target);
        sv_error_add_section(err, d->idstr, c.instance);
        return -1;
    }
    if (d->by_target)
        c.target = r->h.target;
    if (begin(&w, d, &c, r->h.legacy_version, out, err) < 0)
        return finish(&w, -1);
    w.src = SRC_TAGGED;
    w.r = r;
    k = run(&w);
    if (k == 0)
        k = sv_recset_check_unknown(r, err);                               /* F-19 */
    if (k < 0)
        sv_values_free(out);
    return finish(&w, k);
}
