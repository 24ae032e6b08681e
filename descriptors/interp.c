/*
 * The descriptor interpreter's public calls (desc.h): each sets up a walk
 * over a table with a source and, when it writes legacy bytes, a sink, runs
 * it (interp-walk.c) and adds the section to any error.  The tagged side
 * also uses the codec in lib/sv-tagged.c.
 */
#include <config.h>

#include "interp-plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reset_dst(struct sv_desc_walker *w)
{
    sv_values_free(w->dst);
    w->dst->desc = w->d;
    w->dst->version = w->version;
    if (w->d->by_target)
        snprintf(w->dst->target, sizeof w->dst->target, "%s", w->target);
}

/* Common set-up; the target is "" when the layout does not depend on it. */
static int begin(struct sv_desc_walker *w, const struct sv_desc *d, const struct sv_desc_ctx *ctx,
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
    if (d->by_target && !sv_desc_target_ulong(w->target))
        return sv_error_set_nooff(err, SV_E_USAGE, "the layout depends on the target; target \"%s\" unknown",
                                  w->target);
    return 0;
}

static int finish(struct sv_desc_walker *w, int r)
{
    if (r < 0)
        sv_error_add_section(w->err, w->d->idstr, w->ctx->instance);
    return r;
}

/* Decoding legacy bytes whose length is known: try each value of the
 * machine facts the bytes must decide, keep the layout that fits exactly. */
static int decode_sized(struct sv_desc_walker *w, struct sv_stream *in, uint64_t *consumed)
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
        w->src_data = &mem;
        w->err = &e;
        w->assume = assume;
        w->need_fact = 0;
        r = sv_desc_walk(w);
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
    w->src_data = in;
    if (r < 0)
        *user = first;
    free(buf);
    return r;
}

int sv_desc_decode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, struct sv_stream *in, struct sv_values *out,
                          uint64_t *consumed, struct sv_error *err)
{
    struct sv_desc_walker w;
    uint64_t start = in->offset;
    int r;

    *consumed = 0;
    if (begin(&w, d, ctx, version, out, err) < 0)
        return finish(&w, -1);
    w.src = &sv_desc_src_legacy;
    w.src_data = in;
    if (w.ctx->legacy_len) {
        r = decode_sized(&w, in, consumed);
        if (r < 0)
            sv_values_free(out);
        return finish(&w, r);
    }
    r = sv_desc_walk(&w);
    *consumed = in->offset - start;
    if (r < 0)
        sv_values_free(out);
    return finish(&w, r);
}

/* A walk from values: everything they hold must be used or at its default. */
static int from_values(struct sv_desc_walker *w, const struct sv_values *vals)
{
    struct sv_desc_values_src src = { vals, calloc(vals->n ? vals->n : 1, 1), 0 };
    int r;

    if (!src.used)
        return sv_error_set_nooff(w->err, SV_E_NOMEM, "out of memory");
    w->src = &sv_desc_src_values;
    w->src_data = &src;
    r = sv_desc_walk(w);
    for (size_t i = 0; r == 0 && i < vals->n; i++) {
        const struct sv_value *v = &vals->v[i];
        char vb[24];

        if (src.used[i] || sv_desc_value_is_default(v))
            continue;
        if (w->ctx->dropped) {
            w->ctx->dropped(w->ctx->dropped_opaque, v);
            continue;
        }
        if (v->field->required) {
            r = sv_desc_fail(w, SV_E_RANGE, 0, 0, v->name,
                             "version %u of this device has no such field, and it has no default to drop it at",
                             w->version);
            break;
        }
        if (v->b || v->a) {
            r = sv_desc_fail(w, SV_E_RANGE, 0, 0, v->name,
                             "version %u of this device has no such field, and its value is not the default",
                             w->version);
            break;
        }
        sv_int_text(v->u, sv_desc_type_signed(v->type), vb, sizeof vb);
        r = sv_desc_fail(w, SV_E_RANGE, 0, 0, v->name,
                         "version %u of this device has no such field, and its value %s is not the default",
                         w->version, vb);
    }
    free(src.used);
    w->src_data = NULL;
    return r;
}

int sv_desc_encode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err)
{
    struct sv_desc_walker w;
    struct sv_values tmp;
    int r = -1;

    if (begin(&w, d, ctx, version, &tmp, err) == 0) {
        w.out = out;
        r = from_values(&w, vals);
    }
    sv_values_free(&tmp);
    return finish(&w, r);
}

int sv_desc_encode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          const char *profile, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err)
{
    struct sv_desc_walker w;
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
        sv_tenc_field(&e, v->name, v->type, sv_desc_value_is_default(v) ? SV_FLAG_DEFAULT : 0, v->count, buf);
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
    struct sv_desc_walker w;
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
    w.src = &sv_desc_src_tagged;
    w.src_data = r;
    k = sv_desc_walk(&w);
    if (k == 0)
        k = sv_recset_check_unknown(r, err);                               /* F-19 */
    if (k < 0)
        sv_values_free(out);
    return finish(&w, k);
}

static const char *plan_target(const struct sv_desc_ctx *ctx)
{
    return ctx && ctx->target ? ctx->target : "";
}

int sv_desc_try_save(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                     const char *profile, const uint8_t *legacy, size_t len, struct sv_stream *out,
                     struct sv_refs *refs)
{
    static const struct sv_desc_ctx none = { .instance = -1 };
    const struct sv_plan *p = sv_plan_get(d, plan_target(ctx), version);

    return p ? sv_plan_save(p, ctx ? ctx : &none, profile, legacy, len, NULL, out, refs) : 1;
}

int sv_desc_try_save_holes(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                           const char *profile, const uint8_t *legacy, size_t len,
                           const struct sv_refs *holes, struct sv_stream *out, struct sv_refs *refs)
{
    static const struct sv_desc_ctx none = { .instance = -1 };
    const struct sv_plan *p = sv_plan_get(d, plan_target(ctx), version);

    return p ? sv_plan_save(p, ctx ? ctx : &none, profile, legacy, len, holes, out, refs) : 1;
}

int sv_desc_try_load(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                     const uint8_t *body, size_t len, struct sv_stream *out)
{
    static const struct sv_desc_ctx none = { .instance = -1 };
    const struct sv_plan *p = sv_plan_get(d, plan_target(ctx), version);

    return p ? sv_plan_load(p, ctx ? ctx : &none, body, len, out) : 1;
}

int sv_desc_prepare(const struct sv_desc *d, const char *target, uint32_t version)
{
    return sv_plan_get(d, target ? target : "", version) ? 0 : -1;
}
