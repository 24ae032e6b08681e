/* Section transcoding through the descriptors; see transcode.h. */
#include <config.h>

#include "transcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ctx_of(const struct sv_transcode *x, const char *target, uint64_t legacy_len, struct sv_desc_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->target = target;
    c->instance = x->instance;
    c->facts = x->facts;
    c->nfacts = x->nfacts;
    c->fact_hook = x->fact_hook;
    c->opaque = x->opaque;
    c->legacy_len = legacy_len;
}

/* The layout of (release, target, idstr, version): a VMState section's own, or the registry's. */
static const struct sv_desc *layout_of(const struct sv_transcode *x, const char *release, const char *target,
                                       uint32_t version)
{
    const struct sv_desc *d = x->desc;

    if (!x->vmstate)
        return sv_desc_find(release, target, x->idstr, version);
    if (!d || (d->by_target && !target) || version < d->min_version || version > d->version)
        return NULL;
    return d;
}

static int opaque_body(const struct sv_transcode *x, uint32_t version, const uint8_t *legacy, size_t len,
                       struct sv_stream *out, struct sv_error *err)
{
    struct sv_tenc e;

    sv_tenc_begin(&e, SV_KIND_OPAQUE, version, x->release, x->target ? x->target : "");
    sv_tenc_field(&e, "legacy", SV_BYTES, 0, (uint32_t)len, legacy);
    if (sv_tenc_finish(&e, out) < 0) {
        if (err->code == SV_OK)
            *err = out->err;
        return -1;
    }
    return 0;
}

/*
 * Decodes, checks the round trip, encodes tagged, appending the body to out;
 * -1 with *why (out as it was) when the layout does not fit.  The one-pass
 * save does it all at once; when it cannot, the walker's three steps decide.
 */
static int try_layout(const struct sv_transcode *x, const struct sv_desc *d, const char *target,
                      uint32_t version, const uint8_t *legacy, size_t len, struct sv_stream *out,
                      struct sv_refs *refs, struct sv_error *why)
{
    struct sv_desc_ctx c;
    struct sv_values vals = { 0 };
    struct sv_stream in, again, body;
    struct sv_error err;
    uint64_t consumed = 0;
    const uint8_t *re;
    size_t relen, i;
    int rc = -1;
    char msg[512];

    ctx_of(x, target, len, &c);
    sv_error_clear(why);
    if (sv_desc_try_save(d, &c, version, x->release, legacy, len, out, refs) == 0)
        return 0;
    sv_error_clear(&err);
    sv_stream_mem_reader(&in, legacy, len);
    if (sv_desc_decode_legacy(d, &c, version, &in, &vals, &consumed, &err) < 0) {
        sv_error_set_nooff(why, err.code, "%s%s: %s", target ? "target " : "",
                           target ? target : "descriptor", sv_error_format(&err, msg, sizeof msg));
        goto done;
    }
    if (consumed != len) {
        sv_error_set_nooff(why, SV_E_CORRUPT, "the descriptor%s%s reads %llu of the %zu bytes saved",
                           target ? " for " : "", target ? target : "", (unsigned long long)consumed, len);
        goto done;
    }
    sv_stream_mem_writer(&again, 0);
    if (sv_desc_encode_legacy(d, &c, version, &vals, &again, &err) < 0) {
        sv_error_set_nooff(why, err.code, "re-encoding fails: %s", sv_error_format(&err, msg, sizeof msg));
        sv_stream_free(&again);
        goto done;
    }
    re = sv_stream_mem_data(&again, &relen);
    for (i = 0; i < relen && i < len && re[i] == legacy[i]; i++)
        ;
    if (relen != len || i != len) {
        sv_error_set_nooff(why, SV_E_CORRUPT, "re-encoding differs from the saved bytes at offset %zu", i);
        sv_stream_free(&again);
        goto done;
    }
    sv_stream_free(&again);
    sv_stream_mem_writer(&body, SV_BODY_MAX);
    if (sv_desc_encode_tagged(d, &c, x->release, &vals, &body, &err) < 0) {
        sv_error_set_nooff(why, err.code, "tagged encoding fails: %s", sv_error_format(&err, msg, sizeof msg));
        sv_stream_free(&body);
        goto done;
    }
    re = sv_stream_mem_data(&body, &relen);
    if (sv_write(out, re, relen) < 0)
        *why = out->err;
    else
        rc = 0;
    sv_stream_free(&body);
done:
    sv_values_free(&vals);
    return rc;
}

int sv_transcode_save(const struct sv_transcode *x, uint32_t version, const uint8_t *legacy, size_t len,
                      struct sv_stream *out, struct sv_refs *refs, const char **target, struct sv_error *err)
{
    const char *const one[] = { x->target, NULL };
    const char *const *targets = x->target ? one : sv_desc_targets;
    const struct sv_desc *tried = NULL;
    struct sv_error why;
    size_t start;
    int fits = 0;

    *target = NULL;
    sv_stream_mem_data(out, &start);
    if (!x->vmstate && x->cache && *x->cache && (!(*x->cache)->by_target || x->target) &&
        version >= (*x->cache)->min_version && version <= (*x->cache)->version) {
        const struct sv_desc *d = *x->cache;

        if (try_layout(x, d, d->by_target ? x->target : NULL, version, legacy, len, out, refs, &why) == 0) {
            *target = d->by_target ? x->target : NULL;
            return 0;
        }
    }
    sv_error_clear(&why);
    if (x->vmstate)
        sv_error_set_nooff(&why, SV_E_UNKNOWN, "VMState section \"%s\" v%u: no descriptor derived from its "
                           "VMStateDescription", x->idstr, version);
    else
        sv_error_set_nooff(&why, SV_E_UNKNOWN, "no descriptor for \"%s\" v%u in release %s", x->idstr,
                           version, x->release);
    for (size_t i = 0; targets[i]; i++) {
        const struct sv_desc *d = NULL;
        int ok = 0;

        /* of several layouts for the idstr, the first that fits; a VMState
         * section has its own only */
        for (size_t n = 0; !ok && (d = x->vmstate ? (n ? NULL : layout_of(x, x->release, targets[i], version))
                                                  : sv_desc_find_nth(x->release, targets[i], x->idstr, version, n));
             n++) {
            if (d == tried && !d->by_target)
                break;
            if (n == 0)
                tried = d;
            ok = try_layout(x, d, d->by_target ? targets[i] : NULL, version, legacy, len, out, refs, &why) == 0;
        }
        if (!ok)
            continue;
        if (++fits > 1) {
            /* both targets' layouts fit: the bytes cannot say which */
            sv_error_clear(&why);
            sv_error_set_nooff(&why, SV_E_UNKNOWN, "the bytes fit the layouts of more than one target");
            break;
        }
        *target = d->by_target ? targets[i] : NULL;
        if (x->cache && !x->vmstate)
            *x->cache = d;
    }
    if (fits == 1)
        return 0;
    sv_stream_mem_truncate(out, start);
    if (refs)
        refs->n = 0;
    *target = NULL;
    if (opaque_body(x, version, legacy, len, out, err) < 0)
        return -1;
    if (err->code == SV_OK)
        *err = why;
    return 1;
}

int sv_transcode_save_holes(const struct sv_transcode *x, uint32_t version, const uint8_t *legacy, size_t len,
                            const struct sv_refs *holes, struct sv_stream *out, struct sv_refs *refs,
                            const char **target)
{
    const struct sv_desc *d = x->vmstate ? x->desc : x->cache ? *x->cache : NULL;
    struct sv_desc_ctx c;
    size_t total = len;

    if (!d || (d->by_target && !x->target) || version < d->min_version || version > d->version)
        return 1;
    for (size_t i = 0; i < holes->n; i++)
        total += holes->r[i].len;
    *target = d->by_target ? x->target : NULL;
    ctx_of(x, *target, total, &c);
    return sv_desc_try_save_holes(d, &c, version, x->release, legacy, len, holes, out, refs) == 0 ? 0 : 1;
}

int sv_transcode_to_tagged(const struct sv_transcode *x, uint32_t version, const uint8_t *legacy,
                           size_t len, uint8_t **body, size_t *body_len, const char **target,
                           struct sv_error *err)
{
    struct sv_stream out;
    int r;

    sv_stream_mem_writer(&out, 0);
    r = sv_transcode_save(x, version, legacy, len, &out, NULL, target, err);
    if (r < 0) {
        sv_stream_free(&out);
        *body = NULL;
        return -1;
    }
    *body = sv_stream_mem_take(&out, body_len);
    return r;
}

/*
 * A body of this release at the version wanted, whole in a stream that can
 * look ahead: its legacy bytes in one pass, and the body is consumed.
 * 1 when it is not one of those (nothing consumed).
 */
static int load_direct(const struct sv_transcode *x, uint32_t want, struct sv_stream *in, uint8_t **legacy,
                       size_t *len, uint32_t *version)
{
    const uint8_t *p;
    const struct sv_desc *d;
    const char *target;
    struct sv_desc_ctx c;
    struct sv_stream out;
    size_t bl, pl, tl, rl = strlen(x->release);
    char wtarget[SV_PROFILE_MAX + 1];
    uint32_t v;

    if (!in->ops->peek || in->err.code != SV_OK || sv_peek(in, 10, &p) < 10 || memcmp(p, SV_TAGGED_MAGIC, 4) ||
        p[5] != SV_KIND_FIELDS)
        return 1;
    bl = (size_t)sv_load_be(p + 6, 4);
    if (bl < 16 || bl > SV_BODY_MAX || sv_peek(in, bl, &p) < bl)
        return 1;
    v = (uint32_t)sv_load_be(p + 10, 4);
    pl = p[14];
    if (pl != rl || memcmp(p + 15, x->release, rl) != 0 || 16 + pl > bl)
        return 1;
    tl = p[15 + pl];
    if (tl > SV_PROFILE_MAX || 16 + pl + tl > bl)
        return 1;
    memcpy(wtarget, p + 16 + pl, tl);
    wtarget[tl] = 0;
    /* read and written with one layout: the reader's target is the body's */
    target = x->target ? x->target : tl ? wtarget : NULL;
    if (tl && x->target && strcmp(x->target, wtarget) != 0)
        return 1;
    if (!want) {
        d = x->vmstate ? x->desc : sv_desc_newest(x->release, target, x->idstr);
        want = d ? d->version : v;
    }
    if (v != want || !(d = layout_of(x, x->release, target, want)))
        return 1;
    /* several layouts for the idstr: the body's names choose (by_names) */
    if (!x->vmstate && sv_desc_find_nth(x->release, target, x->idstr, want, 1))
        return 1;
    ctx_of(x, target, 0, &c);
    sv_stream_mem_writer(&out, 0);
    if (sv_desc_try_load(d, &c, want, p, bl, &out) != 0) {
        sv_stream_free(&out);
        return 1;
    }
    *legacy = sv_stream_mem_take(&out, len);
    if (!*legacy)
        *legacy = malloc(1);
    if (!*legacy || sv_skip(in, bl, "tagged body") < 0) {
        free(*legacy);
        *legacy = NULL;
        return 1;
    }
    *version = want;
    return 0;
}

/*
 * Of several layouts for (release, target, idstr, version), the one whose
 * fields are the record set's names: the first with every record among
 * the values it reads.  With one layout, that one.
 */
static const struct sv_desc *by_names(const char *release, const char *target, const char *idstr,
                                      uint32_t version, const struct sv_desc_ctx *c, struct sv_recset *r)
{
    const struct sv_desc *first = sv_desc_find_nth(release, target, idstr, version, 0), *d;

    if (!first || !sv_desc_find_nth(release, target, idstr, version, 1))
        return first;
    for (size_t n = 0; (d = sv_desc_find_nth(release, target, idstr, version, n)); n++) {
        struct sv_values vals = { 0 };
        struct sv_error e;
        size_t i = 0;

        sv_error_clear(&e);
        memset(r->used, 0, r->n);   /* a trial: the real read starts afresh */
        if (sv_desc_decode_tagged(d, c, r, &vals, &e) == 0)
            for (i = 0; i < r->n && sv_values_get(&vals, r->f[i].name); i++)
                ;
        sv_values_free(&vals);
        memset(r->used, 0, r->n);
        if (e.code == SV_OK && i == r->n)
            return d;
    }
    return first;
}

int sv_transcode_to_legacy(const struct sv_transcode *x, uint32_t want, struct sv_stream *in,
                           uint8_t **legacy, size_t *len, uint32_t *version, struct sv_error *err)
{
    struct sv_recset r;
    struct sv_values vals = { 0 };
    struct sv_desc_ctx c;
    struct sv_stream out;
    const struct sv_desc *d;
    const char *target, *wtarget;
    struct sv_desc_ctx wc;
    int rc = -1;

    *legacy = NULL;
    *len = 0;
    if (load_direct(x, want, in, legacy, len, version) == 0)
        return 0;
    if (sv_recset_read(&r, in) < 0) {
        *err = in->err;
        sv_recset_free(&r);
        return -1;
    }
    /* the body says which target wrote it; the caller may want another */
    wtarget = r.h.target[0] ? r.h.target : x->target;
    target = x->target ? x->target : wtarget;
    if (!want) {
        d = x->vmstate ? x->desc : sv_desc_newest(x->release, target, x->idstr);
        want = d ? d->version : r.h.legacy_version;
    }
    if (r.h.kind == SV_KIND_OPAQUE) {
        const struct sv_field *f = sv_recset_find(&r, "legacy");

        if (!f || f->type != SV_BYTES) {
            sv_error_set(err, SV_E_CORRUPT, r.start, "opaque body without a \"legacy\" bytes field");
        } else if (r.h.legacy_version > want) {
            sv_error_set(err, SV_E_UNKNOWN, r.start,
                         "opaque body holds version %u, the device here has version %u",
                         r.h.legacy_version, want);
        } else if (!(*legacy = malloc(f->count ? f->count : 1))) {
            sv_error_set(err, SV_E_NOMEM, r.start, "out of memory");
        } else {
            memcpy(*legacy, f->value, f->count);
            *len = f->count;
            *version = r.h.legacy_version;
            rc = 0;
        }
        sv_recset_free(&r);
        return rc;
    }
    ctx_of(x, target, 0, &c);
    ctx_of(x, wtarget, 0, &wc);
    d = x->vmstate ? layout_of(x, x->release, target, want) : by_names(x->release, target, x->idstr, want, &c, &r);
    if (!d) {
        sv_error_set(err, SV_E_UNKNOWN, r.start, "no descriptor for \"%s\" v%u in release %s%s%s",
                     x->idstr, want, x->release, target ? " target " : "", target ? target : "");
        sv_recset_free(&r);
        return -1;
    }
    /* read the fields with the layout that wrote them (another release or a
     * newer version, F-8); the device's own layout then takes them by name,
     * defaults for what is missing (F-18), refusing what it cannot hold (F-19) */
    {
        const struct sv_desc *writer = x->vmstate ? layout_of(x, r.h.profile, wtarget, r.h.legacy_version)
                                                  : by_names(r.h.profile, wtarget, x->idstr, r.h.legacy_version, &wc, &r);

        if (!writer)
            writer = d;
        if (sv_desc_decode_tagged(writer, &wc, &r, &vals, err) < 0)
            goto out;
    }
    sv_stream_mem_writer(&out, 0);
    if (sv_desc_encode_legacy(d, &c, want, &vals, &out, err) < 0) {
        sv_stream_free(&out);
        goto out;
    }
    *legacy = sv_stream_mem_take(&out, len);
    *version = want;
    rc = 0;
out:
    sv_values_free(&vals);
    sv_recset_free(&r);
    return rc;
}

/* A stream that reads from another and keeps every byte. */
struct tee {
    struct sv_stream *src;
    struct sv_stream copy;
};

static size_t tee_read(void *opaque, void *buf, size_t n)
{
    struct tee *t = opaque;
    size_t got = sv_read_some(t->src, buf, n);

    sv_write(&t->copy, buf, got);
    return got;
}

int sv_transcode_read_legacy(const struct sv_transcode *x, uint32_t version, struct sv_stream *in,
                             uint8_t **legacy, size_t *len, struct sv_values *vals,
                             struct sv_error *err)
{
    const struct sv_desc *d = x->vmstate ? layout_of(x, x->release, x->target, version)
                              : x->desc ? x->desc : sv_desc_find(x->release, x->target, x->idstr, version);
    struct sv_values mine = { 0 };
    struct sv_desc_ctx c;
    struct tee t = { .src = in };
    struct sv_stream s;
    uint64_t consumed;
    int rc;

    *legacy = NULL;
    *len = 0;
    if (!d)
        return 1;
    ctx_of(x, x->target, 0, &c);
    sv_stream_mem_writer(&t.copy, 0);
    sv_stream_callbacks(&s, &t, tee_read, NULL);
    sv_stream_set_offset(&s, in->offset);
    rc = sv_desc_decode_legacy(d, &c, version, &s, vals ? vals : &mine, &consumed, err);
    if (rc == 0 && sv_stream_failed(&t.copy)) {
        *err = t.copy.err;
        rc = -1;
    }
    if (rc < 0) {
        if (err->code == SV_OK)
            *err = sv_stream_failed(in) ? in->err : s.err;
        sv_stream_free(&t.copy);
    } else {
        *legacy = sv_stream_mem_take(&t.copy, len);
    }
    sv_values_free(&mine);
    return rc < 0 ? -1 : 0;
}
