/*
 * The golden-vector checks shared by the descriptor tests (desc-check.h).
 * A case's test count does not depend on its table: decode, size, layout,
 * both round trips, canonical tagged bodies, defaults, bounds (when the
 * table has any), truncation.
 */
#include <config.h>

#include "desc-check.h"
#include "tap.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned width_of(int w)
{
    return w == 0 ? 1 : (unsigned)abs(w);
}

static struct dc_exp *add_exp(struct dc_vec *g, const char *name, int w, uint32_t n, int arr)
{
    struct dc_exp *e = &g->e[g->ne++];

    snprintf(e->name, sizeof e->name, "%s", name);
    e->at = g->len;
    e->w = w;
    e->n = n;
    e->arr = arr;
    return e;
}

void dc_put(struct dc_vec *g, const char *name, int w, uint32_t n, int64_t v, int64_t step)
{
    unsigned width = width_of(w);
    uint32_t count = n ? n : 1;

    add_exp(g, name, w, n, n != 0);
    for (uint32_t k = 0; k < count; k++) {
        uint64_t x = (uint64_t)(v + (int64_t)k * step);

        for (unsigned i = 0; i < width; i++)
            g->b[g->len + (w < 0 ? i : width - 1 - i)] = (uint8_t)(x >> (8 * i));
        g->len += width;
    }
}

void dc_putf(struct dc_vec *g, int w, uint32_t n, int64_t v, int64_t step, const char *fmt, ...)
{
    char name[80];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    dc_put(g, name, w, n, v, step);
}

void dc_put_items(struct dc_vec *g, const struct dc_item *it, uint32_t version)
{
    for (; it->name; it++)
        if ((!it->since || version >= it->since) && (!it->until || version <= it->until))
            dc_put(g, it->name, it->w, it->n, it->v, it->step);
}

void dc_put_empty(struct dc_vec *g, const char *name, int w)
{
    add_exp(g, name, w, 0, w != 0);
}

void dc_raw(struct dc_vec *g, uint8_t byte)
{
    g->b[g->len++] = byte;
}

int dc_decode(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
           const uint8_t *b, size_t len, struct sv_values *vals, struct sv_error *err,
           uint64_t *consumed)
{
    struct sv_stream s;

    sv_error_clear(err);
    sv_stream_mem_reader(&s, b, len);
    return sv_desc_decode_legacy(d, c, version, &s, vals, consumed, err);
}

uint8_t *dc_encode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                       const struct sv_values *vals, size_t *len, struct sv_error *err)
{
    struct sv_stream s;
    uint8_t *p;

    sv_error_clear(err);
    sv_stream_mem_writer(&s, 0);
    if (sv_desc_encode_legacy(d, c, version, vals, &s, err) < 0) {
        sv_stream_free(&s);
        return NULL;
    }
    p = sv_stream_mem_take(&s, len);
    return p ? p : calloc(1, 1);
}

uint8_t *dc_encode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *c, const char *profile,
                       const struct sv_values *vals, size_t *len, struct sv_error *err)
{
    struct sv_stream s;

    sv_error_clear(err);
    sv_stream_mem_writer(&s, 0);
    if (sv_desc_encode_tagged(d, c, profile, vals, &s, err) < 0) {
        sv_stream_free(&s);
        return NULL;
    }
    return sv_stream_mem_take(&s, len);
}

int dc_decode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *c, const uint8_t *b,
                  size_t len, struct sv_values *vals, struct sv_error *err)
{
    struct sv_stream s;
    struct sv_recset r;
    int k;

    sv_error_clear(err);
    sv_stream_mem_reader(&s, b, len);
    if (sv_recset_read(&r, &s) < 0) {
        *err = s.err;
        sv_recset_free(&r);
        memset(vals, 0, sizeof *vals);
        return -1;
    }
    k = sv_desc_decode_tagged(d, c, &r, vals, err);
    sv_recset_free(&r);
    return k;
}

/* The entry a value's name is of at this version (groups followed by their dots). */
static const struct sv_desc_field *entry_of(const struct sv_desc_field *t, const char *name, uint32_t version)
{
    for (;;) {
        const char *dot = strchr(name, '.');
        size_t n = strcspn(name, ".[");
        const struct sv_desc_field *f = t;

        while (f->name && !(strlen(f->name) == n && strncmp(f->name, name, n) == 0 &&
                            sv_desc_in_version(f, version)))
            f++;
        if (!f->name || !dot)
            return f->name ? f : NULL;
        t = f->sub;
        name = dot + 1;
    }
}

uint8_t *dc_default_body(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version, size_t *len)
{
    static uint8_t zeros[1 << 21];  /* 0.12.3's ide holds 4 drives of 128 KiB buffers */
    struct sv_values all, req;
    struct sv_stream s;
    struct sv_error err;
    uint64_t used;
    uint8_t *body = NULL;

    memset(zeros, 0, sizeof zeros);
    for (int tries = 0;; tries++) {
        const struct sv_desc_field *f;
        unsigned wire;

        sv_error_clear(&err);
        sv_stream_mem_reader(&s, zeros, sizeof zeros);
        if (sv_desc_decode_legacy(d, c, version, &s, &all, &used, &err) == 0)
            break;
        /* a bound above zero: that element at its least value, and again */
        f = err.code == SV_E_RANGE && err.has_offset ? entry_of(d->fields, err.field, version) : NULL;
        if (!f || tries == 256 || !f->bounded || f->kind != SV_D_INT)
            return NULL;
        wire = f->wire ? f->wire : sv_type_info(sv_desc_type(f, c->target))->width;
        for (unsigned k = 0; k < wire && err.offset + wire <= sizeof zeros; k++)
            zeros[err.offset + (f->le ? k : wire - 1 - k)] = (uint8_t)((uint64_t)f->lo >> (8 * k));
    }
    /* the required values alone: every other field takes its default */
    req = all;
    req.v = calloc(all.n ? all.n : 1, sizeof *req.v);
    req.n = 0;
    for (size_t i = 0; req.v && i < all.n; i++)
        if (all.v[i].field->required)
            req.v[req.n++] = all.v[i];
    sv_stream_mem_writer(&s, 0);
    if (req.v && sv_desc_encode_legacy(d, c, version, &req, &s, &err) == 0) {
        body = sv_stream_mem_take(&s, len);
        if (!body)
            body = calloc(1, 1);
    } else if ((body = malloc(used ? used : 1))) {
        /* a count the defaults would change (virtio's config_len): the bytes read */
        memcpy(body, zeros, used);
        *len = used;
    }
    sv_stream_free(&s);
    free(req.v);
    sv_values_free(&all);
    return body;
}

/* The one-pass save and load (sv_desc_try_save, sv_desc_try_load): 0 done
 * with *out (free it), 1 not done. */
static int fast_save(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                     const char *profile, const uint8_t *b, size_t len, uint8_t **out, size_t *olen)
{
    struct sv_stream s;
    int k;

    sv_stream_mem_writer(&s, 0);
    k = sv_desc_try_save(d, c, version, profile, b, len, &s, NULL);
    *out = k == 0 ? sv_stream_mem_take(&s, olen) : NULL;
    sv_stream_free(&s);
    return k;
}

static int fast_load(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                     const uint8_t *b, size_t len, uint8_t **out, size_t *olen)
{
    struct sv_stream s;
    int k;

    sv_stream_mem_writer(&s, 0);
    k = sv_desc_try_load(d, c, version, b, len, &s);
    *out = k == 0 ? sv_stream_mem_take(&s, olen) : NULL;
    if (k == 0 && !*out)
        *out = calloc(1, 1);
    sv_stream_free(&s);
    return k;
}

const char *dc_errtext(const struct sv_error *e)
{
    static char buf[600];

    return sv_error_format(e, buf, sizeof buf);
}

static uint64_t mask_of(int w)
{
    unsigned width = width_of(w);

    return width >= 8 ? ~0ULL : (1ULL << (8 * width)) - 1;
}

/* Element k of a field as the vector holds it. */
static uint64_t vec_elem(const struct dc_vec *g, const struct dc_exp *e, uint32_t k)
{
    unsigned width = width_of(e->w);
    const uint8_t *p = g->b + e->at + (size_t)k * width;
    uint64_t x = 0;

    for (unsigned i = 0; i < width; i++)
        x |= (uint64_t)p[e->w < 0 ? i : width - 1 - i] << (8 * i);
    return x;
}

/* Exactly the vector's fields: names, order, offsets, shapes and values. */
static int same_layout(const struct dc_vec *g, const struct sv_values *v)
{
    if (v->n != g->ne) {
        diag("decoded %zu values, the vector has %zu fields", v->n, g->ne);
        return 0;
    }
    for (size_t i = 0; i < g->ne; i++) {
        const struct dc_exp *e = &g->e[i];
        const struct sv_value *x = &v->v[i];

        if (strcmp(x->name, e->name) != 0) {
            diag("value %zu is %s, the vector has %s", i, x->name, e->name);
            return 0;
        }
        if (!x->has_offset || x->offset != e->at) {
            diag("%s: decoded at offset %" PRIu64 ", the vector has it at %zu", e->name, x->offset, e->at);
            return 0;
        }
        if (e->w == 0) {
            if (!x->b || x->count != e->n || memcmp(x->b, g->b + e->at, e->n) != 0) {
                diag("%s: bytes differ", e->name);
                return 0;
            }
            continue;
        }
        if (e->arr != (x->a != NULL) || (e->arr && x->count != e->n) ||
            x->wire != (unsigned)abs(e->w)) {
            diag("%s: shape or width differs", e->name);
            return 0;
        }
        for (uint32_t k = 0; k < (e->arr ? e->n : 1); k++)
            if ((sv_value_elem(x, k) & mask_of(e->w)) != vec_elem(g, e, k)) {
                diag("%s[%u]: decoded 0x%" PRIx64 ", vector 0x%" PRIx64, e->name, k,
                     sv_value_elem(x, k), vec_elem(g, e, k));
                return 0;
            }
    }
    return 1;
}

/* F-23: records in descriptor order, is_default exactly when every element
 * equals the declared default. */
static int flags_right(const uint8_t *body, size_t len, const struct sv_values *v)
{
    struct sv_stream s;
    struct sv_tdec d;
    struct sv_field f;
    size_t i = 0;
    int k, good = 1;

    sv_stream_mem_reader(&s, body, len);
    if (sv_tdec_begin(&d, &s) < 0)
        return 0;
    while ((k = sv_tdec_next(&d, &f)) == 1) {
        const struct sv_value *x;
        int want = 1;

        if (i >= v->n) {
            good = 0;
            break;
        }
        x = &v->v[i++];
        if (strcmp(f.name, x->name) != 0) {
            diag("record %zu is %s, descriptor order has %s", i - 1, f.name, x->name);
            good = 0;
        }
        /* a required field has no default, so never the flag */
        want = !x->field->required;
        for (uint32_t e = 0; e < f.count && want; e++) {
            int64_t dv = x->field->dflts ? x->field->dflts[e] : x->field->dflt;

            if (x->b)
                want = f.value[e] == (uint8_t)dv;
            else
                want = sv_field_s(&f, e) == dv || sv_field_u(&f, e) == (uint64_t)dv;
        }
        if (!!(f.flags & SV_FLAG_DEFAULT) != want) {
            diag("%s: is_default %d, value %s its default", f.name, f.flags & SV_FLAG_DEFAULT,
                 want ? "at" : "not at");
            good = 0;
        }
    }
    sv_tdec_free(&d);
    return good && k == 0 && i == v->n;
}

/* Offset of a record's value in a tagged body, 0 if absent. */
static size_t value_at(const uint8_t *body, size_t len, const char *name, unsigned *width)
{
    struct sv_stream s;
    struct sv_tdec d;
    struct sv_field f;
    size_t at = 0;

    sv_stream_mem_reader(&s, body, len);
    if (sv_tdec_begin(&d, &s) < 0)
        return 0;
    while (sv_tdec_next(&d, &f) == 1)
        if (strcmp(f.name, name) == 0) {
            at = (size_t)f.offset + 1 + strlen(f.name) + 1 + 1 + 4;
            *width = sv_type_info(f.type)->width;
            break;
        }
    sv_tdec_free(&d);
    return at;
}

/* The value of a sibling field named `ref`, next to value `x`. */
static const struct sv_value *sibling_value(const struct sv_values *v, const struct sv_value *x,
                                            const char *ref)
{
    char name[200];
    const char *dot = strrchr(x->name, '.');

    snprintf(name, sizeof name, "%.*s%s", dot ? (int)(dot - x->name + 1) : 0, x->name, ref);
    return sv_values_get(v, name);
}

/* Each bound (static, index_of, relative to another field) rejects a value
 * just outside it, in all three directions, naming the field and where. */
static void check_bounds(const struct dc_check_case *cc, const struct sv_desc *d, const struct dc_vec *g,
                         struct sv_values *v, const uint8_t *body, size_t blen)
{
    static uint8_t tmp[sizeof g->b];
    int tried = 0, bad = 0;

    for (size_t i = 0; i < v->n; i++) {
        struct sv_value *x = &v->v[i];
        const struct sv_desc_field *f = x->field;
        const struct sv_type_info *t = sv_type_info(x->type & ~SV_ARRAY);
        const struct dc_exp *e = &g->e[i];
        int64_t cand[4];
        int nc = 0;

        if (x->a || x->b)
            continue;
        if (f->bounded) {
            if (f->lo > INT64_MIN)      /* no value below it */
                cand[nc++] = f->lo - 1;
            if (f->hi < INT64_MAX)
                cand[nc++] = f->hi + 1;
        }
        if (f->index_of) {
            const struct sv_value *a = sibling_value(v, x, f->index_of);

            cand[nc++] = -1;
            cand[nc++] = a ? (int64_t)a->count : 0;
        }
        if (f->lo_field) {
            const struct sv_value *r = sibling_value(v, x, f->lo_field);

            if (r)
                cand[nc++] = (int64_t)r->u - 1;
        }
        if (f->hi_field) {
            const struct sv_value *r = sibling_value(v, x, f->hi_field);

            if (r)
                cand[nc++] = (int64_t)r->u + 1;
        }
        for (int k = 0; k < nc; k++) {
            uint64_t keep = x->u, raw_value = (uint64_t)cand[k], used;
            int fits = t->is_signed ? (cand[k] >= t->smin && cand[k] <= (int64_t)t->umax)
                                    : (cand[k] >= 0 && (uint64_t)cand[k] <= t->umax);
            struct sv_error err;
            struct sv_values bv;
            uint8_t *tb;
            size_t n, at;
            unsigned width = 0;

            if (!fits)
                continue;
            if (abs(e->w) < 8 && (raw_value & ~mask_of(e->w)) && !(t->is_signed && cand[k] < 0))
                continue;               /* the legacy bytes cannot even hold it */
            tried++;
            /* values -> legacy */
            x->u = raw_value;
            tb = dc_encode_legacy(d, &cc->ctx, cc->version, v, &n, &err);
            if (tb || err.code != SV_E_RANGE || strcmp(err.field, x->name) != 0 ||
                strcmp(err.section, cc->idstr) != 0 || !err.has_offset || err.offset != e->at) {
                diag("%s = %" PRId64 ": encode gave %s (want offset %zu)", x->name, cand[k],
                     tb ? "bytes" : dc_errtext(&err), e->at);
                bad++;
            }
            free(tb);
            x->u = keep;
            /* legacy -> values: the error points at the field */
            memcpy(tmp, g->b, g->len);
            for (unsigned b = 0, w = (unsigned)abs(e->w); b < w; b++)
                tmp[e->at + (e->w < 0 ? b : w - 1 - b)] = (uint8_t)(raw_value >> (8 * b));
            if (dc_decode(d, &cc->ctx, cc->version, tmp, g->len, &bv, &err, &used) == 0 ||
                err.code != SV_E_RANGE || strcmp(err.field, x->name) != 0 || !err.has_offset ||
                err.offset != e->at || err.instance != cc->ctx.instance || bv.n != 0) {
                diag("%s = %" PRId64 ": decode gave %s (want offset %zu)", x->name, cand[k],
                     dc_errtext(&err), e->at);
                bad++;
            }
            sv_values_free(&bv);
            if (fast_save(d, &cc->ctx, cc->version, cc->release, tmp, g->len, &tb, &n) == 0) {
                diag("%s = %" PRId64 ": the one-pass save took it", x->name, cand[k]);
                free(tb);
                bad++;
            }
            /* tagged -> values */
            at = value_at(body, blen, x->name, &width);
            if (!at || blen > sizeof tmp) {
                diag("%s: no record in the tagged body", x->name);
                bad++;
                continue;
            }
            memcpy(tmp, body, blen);
            sv_store_be(tmp + at, width, raw_value);
            /* the error points at the record: length, name, type, flags, count */
            if (dc_decode_tagged(d, &cc->ctx, tmp, blen, &bv, &err) == 0 || err.code != SV_E_RANGE ||
                strcmp(err.field, x->name) != 0 || !err.has_offset ||
                err.offset != at - (1 + strlen(x->name) + 1 + 1 + 4)) {
                diag("%s = %" PRId64 ": tagged decode gave %s (want the record's offset %zu)", x->name,
                     cand[k], dc_errtext(&err), at - (1 + strlen(x->name) + 1 + 1 + 4));
                bad++;
            }
            sv_values_free(&bv);
            if (fast_load(d, &cc->ctx, cc->version, tmp, blen, &tb, &n) == 0) {
                diag("%s = %" PRId64 ": the one-pass load took it", x->name, cand[k]);
                free(tb);
                bad++;
            }
        }
    }
    if (tried)
        ok(bad == 0, "%s: %d out-of-bound values refused in all three directions", cc->what, tried);
}

/*
 * Which prefixes to cut at when sampling.  Every one, up to 16 KiB; in
 * longer vectors (e1000's 64 KiB transmit buffer, vmware_vga's 128 KiB of
 * scratch registers) every prefix outside fields longer than 256 bytes,
 * and inside those the first and last 64 and every 4093rd: each cut
 * re-reads the whole field, so all of them would take minutes.
 */
static int worth_truncating(const struct dc_vec *g, size_t p)
{
    if (g->len <= 16384)
        return 1;
    for (size_t i = 0; i < g->ne; i++) {
        const struct dc_exp *e = &g->e[i];
        size_t size = (size_t)width_of(e->w) * (e->n ? e->n : 1);

        if (p < e->at || p >= e->at + size)
            continue;
        return size <= 256 || p - e->at < 64 || e->at + size - p <= 64 || (p - e->at) % 4093 == 0;
    }
    return 1;
}

/* Every prefix fails as truncated, naming a field, leaving no values. */
static void check_truncation(const struct dc_check_case *cc, const struct sv_desc *d, const struct dc_vec *g)
{
    struct sv_values v;
    struct sv_error err;
    uint64_t used;
    size_t tried = 0;
    int bad = 0;

    for (size_t p = 0; p < g->len; p++) {
        uint8_t *fb;
        size_t fl;

        if (cc->sample_truncation && !worth_truncating(g, p))
            continue;
        tried++;
        if (fast_save(d, &cc->ctx, cc->version, cc->release, g->b, p, &fb, &fl) == 0) {
            if (!bad)
                diag("prefix %zu: the one-pass save took it", p);
            free(fb);
            bad++;
        }
        if (dc_decode(d, &cc->ctx, cc->version, g->b, p, &v, &err, &used) == 0 || err.code != SV_E_TRUNC ||
            !err.field[0] || strcmp(err.section, cc->idstr) != 0 || v.n != 0) {
            if (!bad)
                diag("prefix %zu: %s", p, dc_errtext(&err));
            bad++;
        }
        sv_values_free(&v);
    }
    ok(bad == 0, "%s: each of %zu prefixes (of %zu) fails cleanly as truncated", cc->what, tried, g->len);
}

void dc_check_golden(const struct dc_check_case *cc, const struct dc_vec *g)
{
    const struct sv_desc *d = sv_desc_find(cc->release, cc->ctx.target, cc->idstr, cc->version);
    const struct sv_desc_ctx *c = &cc->ctx;
    struct sv_values v, tv;
    struct sv_error err;
    uint64_t used = 0;
    uint8_t *out, *body, *body2, *back;
    size_t olen = 0, blen = 0, blen2 = 0, backlen = 0;

    if (!ok(d != NULL, "%s: %s has a table", cc->what, cc->release))
        return;
    if (cc->size)
        is_int((long long)g->len, (long long)cc->size, "%s: the vector has the size %s", cc->what,
               cc->size_from);
    if (!ok(dc_decode(d, c, cc->version, g->b, g->len, &v, &err, &used) == 0, "%s: decodes", cc->what)) {
        diag("%s", dc_errtext(&err));
        return;
    }
    is_int((long long)used, (long long)g->len, "%s: consumes every byte", cc->what);
    ok(same_layout(g, &v), "%s: every field by name, width, offset and value", cc->what);
    out = dc_encode_legacy(d, c, cc->version, &v, &olen, &err);
    is_blob(out, out ? olen : 0, g->b, g->len, "%s: legacy -> values -> legacy is exact", cc->what);
    free(out);
    body = dc_encode_tagged(d, c, cc->release, &v, &blen, &err);
    if (!ok(body != NULL, "%s: encodes tagged", cc->what)) {
        diag("%s", dc_errtext(&err));
        sv_values_free(&v);
        return;
    }
    body2 = dc_encode_tagged(d, c, cc->release, &v, &blen2, &err);
    is_blob(body2, body2 ? blen2 : 0, body, blen, "%s: the tagged encoding is canonical", cc->what);
    free(body2);
    ok(flags_right(body, blen, &v), "%s: records in descriptor order, is_default exactly at the defaults",
       cc->what);
    if (dc_decode_tagged(d, c, body, blen, &tv, &err) < 0) {
        diag("%s", dc_errtext(&err));
        ok(0, "%s: tagged decodes", cc->what);
    } else {
        back = dc_encode_legacy(d, c, cc->version, &tv, &backlen, &err);
        is_blob(back, back ? backlen : 0, g->b, g->len, "%s: legacy -> tagged -> legacy is exact", cc->what);
        free(back);
        body2 = dc_encode_tagged(d, c, cc->release, &tv, &blen2, &err);
        is_blob(body2, body2 ? blen2 : 0, body, blen, "%s: tagged -> values -> tagged is canonical",
                cc->what);
        free(body2);
        sv_values_free(&tv);
    }
    {
        uint8_t *fb = NULL, *fl = NULL;
        size_t fbl = 0, fll = 0;
        int k = fast_save(d, c, cc->version, cc->release, g->b, g->len, &fb, &fbl);

        is_blob(fb, k == 0 ? fbl : 0, body, blen, "%s: the one-pass save writes the same body", cc->what);
        k = fast_load(d, c, cc->version, body, blen, &fl, &fll);
        is_blob(fl, k == 0 ? fll : 0, g->b, g->len, "%s: the one-pass load gives the bytes back", cc->what);
        free(fb);
        free(fl);
    }
    check_bounds(cc, d, g, &v, body, blen);
    free(body);
    sv_values_free(&v);
    check_truncation(cc, d, g);
}
