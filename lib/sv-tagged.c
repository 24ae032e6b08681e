/* The tagged section codec; rules F-n are in doc/FORMAT.md. */
#include <config.h>

#define _GNU_SOURCE     /* qsort_r */
#include "sv-tagged.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* F-12: the one type table. */
static const struct sv_type_info types[] = {
    [SV_U8]     = { "u8",     1, 1, 0, 1, 0, UINT8_MAX },
    [SV_U16]    = { "u16",    2, 1, 0, 1, 0, UINT16_MAX },
    [SV_U32]    = { "u32",    4, 1, 0, 1, 0, UINT32_MAX },
    [SV_U64]    = { "u64",    8, 1, 0, 1, 0, UINT64_MAX },
    [SV_S8]     = { "s8",     1, 1, 1, 1, INT8_MIN, INT8_MAX },
    [SV_S16]    = { "s16",    2, 1, 1, 1, INT16_MIN, INT16_MAX },
    [SV_S32]    = { "s32",    4, 1, 1, 1, INT32_MIN, INT32_MAX },
    [SV_S64]    = { "s64",    8, 1, 1, 1, INT64_MIN, INT64_MAX },
    [SV_BOOL]   = { "bool",   1, 0, 0, 1, 0, 1 },
    [SV_BYTES]  = { "bytes",  1, 0, 0, 0, 0, 0 },
    [SV_STRING] = { "string", 1, 0, 0, 0, 0, 0 },
};

const struct sv_type_info *sv_type_info(uint8_t code)
{
    uint8_t base = code & ~SV_ARRAY;

    if (base < SV_U8 || base > SV_TYPE_LAST)
        return NULL;
    if ((code & SV_ARRAY) && !types[base].arrayable)
        return NULL;
    return &types[base];
}

const char *sv_type_name(uint8_t type, uint32_t count, char *buf, size_t len)
{
    const struct sv_type_info *t = sv_type_info(type);

    if (!t)
        snprintf(buf, len, "type%u", type);
    else if ((type & SV_ARRAY) || type == SV_BYTES || type == SV_STRING)    /* F-12 */
        snprintf(buf, len, "%s[%u]", t->name, count);
    else
        snprintf(buf, len, "%s", t->name);
    return buf;
}

uint8_t sv_type_parse(const char *s)
{
    size_t n = strcspn(s, "[");

    for (uint8_t c = SV_U8; c <= SV_TYPE_LAST; c++) {
        if (strlen(types[c].name) != n || strncmp(types[c].name, s, n) != 0)
            continue;
        if (s[n] == 0)
            return c;
        if (types[c].arrayable && s[n] == '[')
            return c | SV_ARRAY;
        return 0;
    }
    return 0;
}

uint64_t sv_field_u(const struct sv_field *f, uint32_t i)
{
    unsigned w = sv_type_info(f->type)->width;

    return sv_load_be(f->value + (size_t)i * w, w);
}

int64_t sv_field_s(const struct sv_field *f, uint32_t i)
{
    const struct sv_type_info *t = sv_type_info(f->type);

    return (int64_t)sv_sign_extend(sv_field_u(f, i), t->width, t->is_signed);
}

const char *sv_int_text(uint64_t v, int is_signed, char *buf, size_t len)
{
    if (is_signed)
        snprintf(buf, len, "%" PRId64, (int64_t)v);
    else
        snprintf(buf, len, "%" PRIu64, v);
    return buf;
}

int sv_int_fits(uint8_t from, uint64_t v, uint8_t to)
{
    const struct sv_type_info *f = sv_type_info(from), *t = sv_type_info(to);
    int neg = 0;

    if (!f->is_int || !t->is_int)
        return 0;
    v = sv_sign_extend(v, f->width, f->is_signed);
    if (f->is_signed)
        neg = (int64_t)v < 0;
    if (neg)
        return t->is_signed && (int64_t)v >= t->smin;
    return v <= (t->is_signed ? (uint64_t)INT64_MAX >> (64 - t->width * 8) : t->umax);
}

/* F-11: segment ('.' segment)*, segment = ident ('[' index ']')* */
int sv_name_ok(const char *n, size_t len)
{
    size_t i = 0;

    if (len == 0)
        return 0;
    for (;;) {
        size_t id = i;

        while (i < len && (n[i] == '_' || (n[i] >= 'a' && n[i] <= 'z') ||
                           (n[i] >= 'A' && n[i] <= 'Z') || (n[i] >= '0' && n[i] <= '9')))
            i++;
        if (i == id)
            return 0;
        while (i < len && n[i] == '[') {
            size_t d = ++i;

            while (i < len && n[i] >= '0' && n[i] <= '9')
                i++;
            if (i == d || i >= len || n[i] != ']' || (n[d] == '0' && i - d > 1))
                return 0;
            i++;
        }
        if (i == len)
            return 1;
        if (n[i] != '.')
            return 0;
        i++;
    }
}

int sv_label_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Header: magic, revision, kind, body_len, legacy, profile, target, nfields */
#define HDR_FIXED (4 + 1 + 1 + 4 + 4 + 1 + 1 + 4)

static int get_label(struct sv_stream *s, char *out, size_t min, const char *what)
{
    uint8_t len;
    uint64_t at = s->offset;

    if (sv_get_u8(s, &len, what) < 0)
        return -1;
    if (len < min || len > SV_PROFILE_MAX)
        return sv_error_set(&s->err, SV_E_LIMIT, at, "%s length %u outside %zu..%u",
                            what, len, min, SV_PROFILE_MAX);
    if (sv_read(s, out, len, what) < 0)
        return -1;
    out[len] = 0;
    if (!sv_label_ok(out, len))
        return sv_error_set(&s->err, SV_E_CORRUPT, at + 1, "%s has a character outside [A-Za-z0-9._-]", what);
    return 0;
}

int sv_tdec_begin(struct sv_tdec *d, struct sv_stream *s)
{
    struct sv_tagged_header *h = &d->h;
    uint8_t magic[4];
    uint64_t at;

    memset(d, 0, sizeof *d);
    d->s = s;
    d->start = s->offset;
    if (sv_read(s, magic, 4, "tagged body magic") < 0)
        return -1;
    if (memcmp(magic, SV_TAGGED_MAGIC, 4) != 0)                           /* F-4 */
        return sv_error_set(&s->err, SV_E_CORRUPT, d->start,
                            "not a tagged body (magic %02x%02x%02x%02x, want \"SVTG\")",
                            magic[0], magic[1], magic[2], magic[3]);
    at = s->offset;
    if (sv_get_u8(s, &h->revision, "format revision") < 0)
        return -1;
    if (h->revision != SV_TAGGED_REVISION)                                 /* F-5 */
        return sv_error_set(&s->err, SV_E_UNKNOWN, at,
                            "format revision %u not supported (this reader knows %u)",
                            h->revision, SV_TAGGED_REVISION);
    at = s->offset;
    if (sv_get_u8(s, &h->kind, "body kind") < 0)
        return -1;
    if (h->kind > SV_KIND_OPAQUE)                                          /* F-6 */
        return sv_error_set(&s->err, SV_E_CORRUPT, at, "body kind %u unknown", h->kind);
    at = s->offset;
    if (sv_get_be32(s, &h->body_len, "body length") < 0)
        return -1;
    if (h->body_len < HDR_FIXED || h->body_len > SV_BODY_MAX)              /* F-7, F-22 */
        return sv_error_set(&s->err, SV_E_LIMIT, at, "body length %u outside %u..%u",
                            h->body_len, HDR_FIXED, SV_BODY_MAX);
    at = s->offset;
    if (sv_get_be32(s, &h->legacy_version, "legacy version") < 0)
        return -1;
    if (h->legacy_version >= SV_TAGGED_VERSION)                            /* F-8 */
        return sv_error_set(&s->err, SV_E_RANGE, at, "legacy version %u is not below %u",
                            h->legacy_version, SV_TAGGED_VERSION);
    if (get_label(s, h->profile, 1, "release profile") < 0 ||             /* F-9 */
        get_label(s, h->target, 0, "target") < 0)
        return -1;
    at = s->offset;
    if (sv_get_be32(s, &h->nfields, "field count") < 0)
        return -1;
    if (h->nfields > SV_FIELDS_MAX)                                        /* F-22 */
        return sv_error_set(&s->err, SV_E_LIMIT, at, "field count %u above %u",
                            h->nfields, SV_FIELDS_MAX);
    if (s->offset - d->start > h->body_len)
        return sv_error_set(&s->err, SV_E_CORRUPT, at,
                            "header runs past the body length %u", h->body_len);
    if (h->kind == SV_KIND_OPAQUE && h->nfields != 1)                      /* F-30 */
        return sv_error_set(&s->err, SV_E_CORRUPT, at,
                            "opaque body has %u fields, want 1", h->nfields);
    return 0;
}

/* Grows the value buffer only as bytes arrive, so a claimed length costs nothing. */
static int read_value(struct sv_tdec *d, size_t len)
{
    size_t got = 0;

    if (!d->buf) {      /* values always point somewhere, even when empty */
        d->buf = malloc(256);
        if (!d->buf)
            return sv_stream_fail(d->s, SV_E_NOMEM, "out of memory");
        d->cap = 256;
    }

    while (got < len) {
        size_t chunk = len - got < 65536 ? len - got : 65536;

        if (got + chunk > d->cap) {
            size_t cap = d->cap ? d->cap : 256;
            uint8_t *p;

            while (cap < got + chunk)
                cap *= 2;
            p = realloc(d->buf, cap);
            if (!p)
                return sv_stream_fail(d->s, SV_E_NOMEM, "out of memory for a %zu-byte value", len);
            d->buf = p;
            d->cap = cap;
        }
        if (sv_read(d->s, d->buf + got, chunk, "field value") < 0)
            return -1;
        got += chunk;
    }
    return 0;
}

static int fail_field(struct sv_tdec *d, enum sv_errcode code, uint64_t at, const char *name,
                      const char *fmt, ...) SV_PRINTF(5, 6);

static int fail_field(struct sv_tdec *d, enum sv_errcode code, uint64_t at, const char *name,
                      const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sv_error_set(&d->s->err, code, at, "%s", msg);
    sv_error_add_field(&d->s->err, name);
    return -1;
}

int sv_tdec_next(struct sv_tdec *d, struct sv_field *f)
{
    struct sv_stream *s = d->s;
    uint64_t end = d->start + d->h.body_len, at, rec = s->offset;
    const struct sv_type_info *t;
    uint8_t nlen;
    uint32_t count;
    uint64_t bytes;

    if (sv_stream_failed(s))
        return -1;
    if (d->seen == d->h.nfields) {
        if (s->offset != end)                                              /* F-10 */
            return sv_error_set(&s->err, SV_E_CORRUPT, s->offset,
                                "the %u fields end %llu bytes before the body length says",
                                d->h.nfields, (unsigned long long)(end - s->offset));
        return 0;
    }
    if (sv_get_u8(s, &nlen, "field name length") < 0)
        return -1;
    if (nlen == 0 || nlen > SV_NAME_MAX)                                   /* F-11, F-22 */
        return sv_error_set(&s->err, SV_E_LIMIT, rec, "field name length %u outside 1..%u",
                            nlen, SV_NAME_MAX);
    if (sv_read(s, d->name, nlen, "field name") < 0)
        return -1;
    d->name[nlen] = 0;
    if (!sv_name_ok(d->name, nlen) || strlen(d->name) != nlen)
        return sv_error_set(&s->err, SV_E_CORRUPT, rec + 1,
                            "field name is not of the form group[i].field");
    f->name = d->name;
    f->offset = rec;
    at = s->offset;
    if (sv_get_u8(s, &f->type, "field type") < 0)
        return sv_error_add_field(&s->err, d->name), -1;
    t = sv_type_info(f->type);
    if (!t)                                                                /* F-12 */
        return fail_field(d, SV_E_CORRUPT, at, d->name, "type code 0x%02x unknown", f->type);
    at = s->offset;
    if (sv_get_u8(s, &f->flags, "field flags") < 0)
        return sv_error_add_field(&s->err, d->name), -1;
    if (f->flags & SV_FLAGS_RESERVED)                                      /* F-14 */
        return fail_field(d, SV_E_UNKNOWN, at, d->name, "reserved flag bits set (flags 0x%02x)", f->flags);
    at = s->offset;
    if (sv_get_be32(s, &count, "array length") < 0)
        return sv_error_add_field(&s->err, d->name), -1;
    f->count = count;
    if (!(f->type & SV_ARRAY) && (t->is_int || f->type == SV_BOOL) && count != 1)  /* F-13 */
        return fail_field(d, SV_E_CORRUPT, at, d->name, "scalar with array length %u", count);
    bytes = (uint64_t)count * t->width;
    if (s->offset + bytes > end)                                           /* F-10, F-22 */
        return fail_field(d, SV_E_CORRUPT, at, d->name, "value of %llu bytes runs past the body",
                          (unsigned long long)bytes);
    at = s->offset;
    if (read_value(d, (size_t)bytes) < 0) {
        sv_error_add_field(&s->err, d->name);
        return -1;
    }
    f->value = d->buf;
    if ((f->type & ~SV_ARRAY) == SV_BOOL) {                                /* F-17 */
        for (uint32_t i = 0; i < count; i++)
            if (d->buf[i] > 1)
                return fail_field(d, SV_E_CORRUPT, at + i, d->name, "bool value %u is not 0 or 1", d->buf[i]);
    }
    if (f->type == SV_STRING && memchr(d->buf, 0, count))
        return fail_field(d, SV_E_CORRUPT, at, d->name, "string holds a NUL byte");
    d->seen++;
    return 1;
}

void sv_tdec_free(struct sv_tdec *d)
{
    free(d->buf);
    d->buf = NULL;
    d->cap = 0;
}

/* Encoder */
int sv_tenc_begin(struct sv_tenc *e, uint8_t kind, uint32_t legacy_version,
                  const char *profile, const char *target)
{
    size_t pl = strlen(profile), tl = strlen(target);

    memset(e, 0, sizeof *e);
    sv_stream_mem_writer(&e->body, SV_BODY_MAX);
    e->h.revision = SV_TAGGED_REVISION;
    e->h.kind = kind;
    e->h.legacy_version = legacy_version;
    if (kind > SV_KIND_OPAQUE || legacy_version >= SV_TAGGED_VERSION || pl < 1 ||
        pl > SV_PROFILE_MAX || tl > SV_PROFILE_MAX || !sv_label_ok(profile, pl) ||
        !sv_label_ok(target, tl))
        return sv_stream_fail(&e->body, SV_E_USAGE,
                              "bad tagged header (kind %u, legacy version %u, profile \"%s\", target \"%s\")",
                              kind, legacy_version, profile, target);
    memcpy(e->h.profile, profile, pl + 1);
    memcpy(e->h.target, target, tl + 1);
    sv_write(&e->body, SV_TAGGED_MAGIC, 4);
    sv_put_u8(&e->body, e->h.revision);
    sv_put_u8(&e->body, kind);
    sv_put_be32(&e->body, 0);           /* body length, patched at the end */
    sv_put_be32(&e->body, legacy_version);
    sv_put_u8(&e->body, (uint8_t)pl);
    sv_write(&e->body, profile, pl);
    sv_put_u8(&e->body, (uint8_t)tl);
    sv_write(&e->body, target, tl);
    sv_put_be32(&e->body, 0);           /* field count, patched at the end */
    return sv_stream_failed(&e->body) ? -1 : 0;
}

int sv_tenc_field(struct sv_tenc *e, const char *name, uint8_t type, uint8_t flags,
                  uint32_t count, const void *value)
{
    const struct sv_type_info *t = sv_type_info(type);
    size_t nlen = strlen(name);

    if (sv_stream_failed(&e->body))
        return -1;
    if (!t || nlen > SV_NAME_MAX || !sv_name_ok(name, nlen) || (flags & SV_FLAGS_RESERVED) ||
        (!(type & SV_ARRAY) && (t->is_int || type == SV_BOOL) && count != 1))
        return sv_stream_fail(&e->body, SV_E_USAGE,
                              "cannot encode field \"%s\" (type 0x%02x, flags 0x%02x, count %u)",
                              name, type, flags, count);
    if (e->h.nfields == SV_FIELDS_MAX)
        return sv_stream_fail(&e->body, SV_E_LIMIT, "more than %u fields", SV_FIELDS_MAX);
    sv_put_u8(&e->body, (uint8_t)nlen);
    sv_write(&e->body, name, nlen);
    sv_put_u8(&e->body, type);
    sv_put_u8(&e->body, flags);
    sv_put_be32(&e->body, count);
    sv_write(&e->body, value, (size_t)count * t->width);
    e->h.nfields++;
    return sv_stream_failed(&e->body) ? -1 : 0;
}

int sv_tenc_uint(struct sv_tenc *e, const char *name, uint8_t type, uint8_t flags, uint64_t v)
{
    const struct sv_type_info *t = sv_type_info(type);
    uint8_t b[8];

    if (!t || (type & SV_ARRAY) || !(t->is_int || type == SV_BOOL))
        return sv_stream_fail(&e->body, SV_E_USAGE, "field \"%s\" is not a scalar", name);
    sv_store_be(b, t->width, v);
    return sv_tenc_field(e, name, type, flags, 1, b);
}

static uint8_t *finish(struct sv_tenc *e, size_t *len)
{
    size_t n;
    uint8_t *p;

    if (sv_stream_failed(&e->body))
        return NULL;
    p = sv_stream_mem_take(&e->body, &n);
    e->h.body_len = (uint32_t)n;
    sv_store_be(p + 6, 4, n);
    /* the field count sits right after the target label */
    sv_store_be(p + HDR_FIXED - 4 + strlen(e->h.profile) + strlen(e->h.target), 4, e->h.nfields);
    *len = n;
    return p;
}

int sv_tenc_finish(struct sv_tenc *e, struct sv_stream *out)
{
    size_t n;
    uint8_t *p = finish(e, &n);
    int r;

    if (!p) {
        if (!sv_stream_failed(out))
            out->err = e->body.err;
        sv_tenc_free(e);
        return -1;
    }
    r = sv_write(out, p, n);
    free(p);
    sv_tenc_free(e);
    return r;
}

uint8_t *sv_tenc_take(struct sv_tenc *e, size_t *len, struct sv_error *err)
{
    uint8_t *p = finish(e, len);

    if (!p && err && err->code == SV_OK)
        *err = e->body.err;
    sv_tenc_free(e);
    return p;
}

void sv_tenc_free(struct sv_tenc *e)
{
    sv_stream_free(&e->body);
}

const struct sv_error *sv_tenc_error(const struct sv_tenc *e)
{
    return &e->body.err;
}

/* Record set */
static int by_name(const void *a, const void *b, void *ctx)
{
    const struct sv_field *f = ctx;

    return strcmp(f[*(const size_t *)a].name, f[*(const size_t *)b].name);
}

int sv_recset_read(struct sv_recset *r, struct sv_stream *s)
{
    struct sv_tdec d;
    struct sv_field f;
    size_t cap = 0, acap = 0, used = 0, *off = NULL, ocap = 0;
    int k;

    memset(r, 0, sizeof *r);
    if (sv_tdec_begin(&d, s) < 0)
        return -1;
    r->h = d.h;
    r->start = d.start;
    r->end = d.start + d.h.body_len;
    /* The arena grows with what arrives (F-22); names and values are kept as
     * offsets until it stops moving. */
    while ((k = sv_tdec_next(&d, &f)) == 1) {
        size_t nl = strlen(f.name) + 1, vl = (size_t)f.count * sv_type_info(f.type)->width;

        if (sv_grow((void **)&r->f, &cap, r->n + 1, sizeof *r->f) < 0 ||
            sv_grow((void **)&off, &ocap, 2 * (r->n + 1), sizeof *off) < 0 ||
            sv_grow((void **)&r->arena, &acap, used + nl + vl, 1) < 0) {
            sv_stream_fail(s, SV_E_NOMEM, "out of memory for %zu fields", r->n + 1);
            k = -1;
            break;
        }
        r->f[r->n] = f;
        off[2 * r->n] = used;
        memcpy(r->arena + used, f.name, nl);
        used += nl;
        off[2 * r->n + 1] = used;
        if (vl)     /* an empty value may have no buffer at all */
            memcpy(r->arena + used, f.value, vl);
        used += vl;
        r->n++;
    }
    sv_tdec_free(&d);
    for (size_t i = 0; i < r->n; i++) {
        r->f[i].name = (char *)r->arena + off[2 * i];
        r->f[i].value = r->arena + off[2 * i + 1];
    }
    free(off);
    if (k < 0)
        return -1;
    r->used = calloc(r->n ? r->n : 1, 1);
    r->order = malloc((r->n ? r->n : 1) * sizeof *r->order);
    if (!r->used || !r->order)
        return sv_stream_fail(s, SV_E_NOMEM, "out of memory for %zu fields", r->n);
    for (size_t i = 0; i < r->n; i++)
        r->order[i] = i;
    qsort_r(r->order, r->n, sizeof *r->order, by_name, r->f);
    for (size_t i = 1; i < r->n; i++) {                                    /* F-21 */
        const struct sv_field *a = &r->f[r->order[i - 1]], *b = &r->f[r->order[i]];

        if (strcmp(a->name, b->name) == 0) {
            const struct sv_field *later = a->offset > b->offset ? a : b;

            sv_error_set(&s->err, SV_E_CORRUPT, later->offset, "duplicate field");
            sv_error_add_field(&s->err, later->name);
            return -1;
        }
    }
    return 0;
}

void sv_recset_free(struct sv_recset *r)
{
    free(r->f);
    free(r->used);
    free(r->arena);
    free(r->order);
    memset(r, 0, sizeof *r);
}

const struct sv_field *sv_recset_find(struct sv_recset *r, const char *name)
{
    size_t lo = 0, hi = r->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, r->f[r->order[mid]].name);

        if (c == 0) {
            r->used[r->order[mid]] = 1;
            return &r->f[r->order[mid]];
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int sv_recset_get_int(struct sv_recset *r, const char *name, uint8_t type, uint32_t i,
                      int has_default, uint64_t dflt, uint64_t *v, struct sv_error *err)
{
    const struct sv_field *f = sv_recset_find(r, name);
    const struct sv_type_info *want = sv_type_info(type), *got;
    char tn[32], gn[32], val[32];
    int fbool, wbool;

    if (!f) {
        if (has_default) {                                                 /* F-18 */
            *v = dflt;
            return 0;
        }
        sv_error_set(err, SV_E_MISSING, r->end, "required field is missing and has no default");
        sv_error_add_field(err, name);
        return -1;
    }
    got = sv_type_info(f->type);
    if (!want || !(want->is_int || (type & ~SV_ARRAY) == SV_BOOL)) {
        sv_error_set(err, SV_E_USAGE, f->offset, "declared type 0x%02x is not an integer", type);
        sv_error_add_field(err, name);
        return -1;
    }
    fbool = (f->type & ~SV_ARRAY) == SV_BOOL;
    wbool = (type & ~SV_ARRAY) == SV_BOOL;
    if ((f->type & SV_ARRAY) != (type & SV_ARRAY) || fbool != wbool || !(got->is_int || fbool)) {
        sv_error_set(err, SV_E_CORRUPT, f->offset, "stored as %s, declared %s",     /* F-20 */
                     sv_type_name(f->type, f->count, gn, sizeof gn),
                     sv_type_name(type, f->count, tn, sizeof tn));
        sv_error_add_field(err, name);
        return -1;
    }
    if (i >= f->count) {
        sv_error_set(err, SV_E_CORRUPT, f->offset, "array has %u elements, element %u wanted",
                     f->count, i);
        sv_error_add_field(err, name);
        return -1;
    }
    *v = sv_field_u(f, i);
    if (wbool)
        return 0;
    if (!sv_int_fits(f->type & ~SV_ARRAY, *v, type & ~SV_ARRAY)) {         /* F-20 */
        sv_error_set(err, SV_E_RANGE, f->offset, "value %s does not fit %s",
                     sv_int_text((uint64_t)sv_field_s(f, i), got->is_signed, val, sizeof val),
                     want->name);
        sv_error_add_field(err, name);
        return -1;
    }
    if (got->is_signed)
        *v = (uint64_t)sv_field_s(f, i);
    return 0;
}

int sv_recset_check_unknown(struct sv_recset *r, struct sv_error *err)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct sv_field *f = &r->f[i];
        char val[48], tn[32];

        if (r->used[i] || (f->flags & SV_FLAG_DEFAULT))                   /* F-19 */
            continue;
        if (!(f->type & SV_ARRAY) && (sv_type_info(f->type)->is_int || f->type == SV_BOOL))
            sv_int_text((uint64_t)sv_field_s(f, 0), sv_type_info(f->type)->is_signed, val, sizeof val);
        else
            snprintf(val, sizeof val, "of type %s", sv_type_name(f->type, f->count, tn, sizeof tn));
        sv_error_set(err, SV_E_UNKNOWN, f->offset, "unknown field with value %s not at its default", val);
        sv_error_add_field(err, f->name);
        return -1;
    }
    return 0;
}
