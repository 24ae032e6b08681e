/*
 * The walker: goes over a table entry by entry, takes each element from
 * the walk's source, checks it, appends it to the values and, when the walk
 * has a sink, writes it as legacy bytes.
 */
#include <config.h>

#include "interp.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors: every one names the field; the section is added at the top. */
int sv_desc_fail(struct sv_desc_walker *w, enum sv_errcode code, int has_off, uint64_t off,
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

int sv_desc_stream_fail(struct sv_desc_walker *w, struct sv_stream *s, const char *field)
{
    if (w->err->code == SV_OK)
        *w->err = s->err;
    sv_error_add_field(w->err, field);
    return -1;
}

/* Where a message about the current entry points: the source, else the sink. */
static int where(const struct sv_desc_walker *w, uint64_t *off)
{
    if (w->src->where(w, off))
        return 1;
    if (w->out) {
        *off = w->out->offset;
        return 1;
    }
    return 0;
}

/* prefix.name[index]: built by hand, it runs once per field on the save path */
static int mkname(struct sv_desc_walker *w, char *buf, const struct sv_desc_scope *sc,
                  const char *name, long index)
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
        return sv_desc_fail(w, SV_E_USAGE, 0, 0, name, "field name longer than %d bytes", SV_NAME_MAX);
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

/* One element to the sink: `wire` bytes, big-endian unless le. */
static int put_elem(struct sv_desc_walker *w, const char *full, uint64_t v, unsigned wire, int le)
{
    uint8_t b[8];

    for (unsigned i = 0; i < wire; i++)
        b[le ? i : wire - 1 - i] = (uint8_t)(v >> (8 * i));
    if (sv_write(w->out, b, wire) < 0)
        return sv_desc_stream_fail(w, w->out, full);
    return 0;
}

/* An integer entry: its type resolved for the walk's target. */
static int int_item(struct sv_desc_walker *w, struct sv_desc_item *it, const struct sv_desc_field *f,
                    const char *full, int64_t n)
{
    uint8_t type = sv_desc_type(f, w->target);
    const struct sv_type_info *t = sv_type_info(type);

    if (!t)
        return sv_desc_fail(w, SV_E_USAGE, 0, 0, full, "target \"%s\" unknown", w->target);
    it->f = f;
    it->name = full;
    it->type = type;
    it->t = t;
    it->wire = f->wire ? f->wire : t->width;
    it->n = n;
    it->cnt = n < 0 ? 1 : (uint32_t)n;
    it->dflt = sv_desc_default(f, t, 0);
    it->has = 0;
    it->off = 0;
    it->found = NULL;
    return 0;
}

/* One element: checked, then written to the sink when there is one. */
static int pass_int(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                    const struct sv_desc_item *it, uint64_t x, int has, uint64_t off)
{
    char vb[24];

    if (sv_desc_check(w, sc, it, x, has, off) < 0)
        return -1;
    if (!w->out)
        return 0;
    if (!sv_desc_fits_width(x, it->wire, it->t->is_signed))
        return sv_desc_fail(w, SV_E_RANGE, 1, off, it->name,
                            "value %s does not fit the %u legacy byte(s) of version %u",
                            sv_int_text(x, it->t->is_signed, vb, sizeof vb), it->wire, w->version);
    return put_elem(w, it->name, x, it->wire, it->f->le);
}

/* F-18: an element the source lacks takes its default; a required field has none. */
static int absent(struct sv_desc_walker *w, const struct sv_desc_item *it)
{
    uint64_t off = 0;
    int has;

    if (it->found || !w->src->has || !it->f->required)
        return 0;
    has = w->src->missing_at && w->src->missing_at(w, &off);
    return sv_desc_fail(w, SV_E_MISSING, has, off, it->name, "required field is missing (it has no default)");
}

/* One integer field or array: n < 0 for a scalar. */
static int do_int(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                  const struct sv_desc_field *f, const char *full, int64_t n)
{
    struct sv_desc_item it;
    uint64_t *a = NULL, one = 0;
    uint64_t *e;

    if (int_item(w, &it, f, full, n) < 0)
        return -1;
    if (n >= 0) {
        a = sv_desc_values_alloc(w->dst, (size_t)it.cnt * sizeof *a);
        if (!a)
            return sv_desc_fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
    }
    e = a ? a : &one;
    it.has = where(w, &it.off);
    if (w->src->find(w, &it) < 0 || absent(w, &it) < 0)
        return -1;
    for (uint32_t i = 0; i < it.cnt; i++) {
        uint64_t x = f->dflts ? sv_desc_default(f, it.t, i) : it.dflt, eoff = it.off;

        if (w->src->get_int(w, &it, i, &x, &eoff) < 0)
            return -1;
        if (w->out)
            eoff = w->out->offset;
        if (pass_int(w, sc, &it, x, it.has || w->out, eoff) < 0)
            return -1;
        e[i] = x;
    }
    return sv_desc_values_append(w, full, f, n >= 0 ? it.type | SV_ARRAY : it.type, (uint8_t)it.wire,
                                 it.cnt, one, a, NULL, it.has, it.off);
}

static int do_bytes(struct sv_desc_walker *w, const struct sv_desc_field *f, const char *full,
                    uint32_t cnt)
{
    struct sv_desc_item it = { .f = f, .name = full, .type = SV_BYTES, .t = sv_type_info(SV_BYTES),
                               .wire = 1, .n = cnt, .cnt = cnt };
    uint8_t *b = sv_desc_values_alloc(w->dst, cnt);

    it.has = where(w, &it.off);
    if (!b)
        return sv_desc_fail(w, SV_E_NOMEM, 0, 0, full, "out of memory");
    memset(b, (uint8_t)f->dflt, cnt);
    for (uint32_t k = 0; f->dflts && k < cnt; k++)
        b[k] = (uint8_t)f->dflts[k];
    if (w->src->find(w, &it) < 0 || absent(w, &it) < 0 || w->src->get_bytes(w, &it, b) < 0)
        return -1;
    if (w->out && sv_write(w->out, b, cnt) < 0)
        return sv_desc_stream_fail(w, w->out, full);
    return sv_desc_values_append(w, full, f, SV_BYTES, 1, cnt, 0, NULL, b, it.has, it.off);
}

static int walk_table(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                      const struct sv_desc_field *table, int skip_first);

static int do_group(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                    const struct sv_desc_field *f, const char *full, long index)
{
    struct sv_desc_scope in = { full, w->dst->n, index, f->sub, sc };

    return walk_table(w, &in, f->sub, 0);
}

/* A list in a byte stream: each element starts with its tag, and the tag
 * .end ends the list.  1: an element was walked; 0: the end. */
static int list_elem_in_order(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                              const struct sv_desc_field *f, const char *full, long i)
{
    const struct sv_desc_field *tag = f->sub;
    struct sv_desc_item it;
    char tname[SV_NAME_MAX + 64];
    uint64_t x = 0, off = 0;
    int has;

    snprintf(tname, sizeof tname, "%s.%s", full, tag->name);
    if (int_item(w, &it, tag, tname, -1) < 0)
        return -1;
    has = where(w, &off);
    if (w->src->get_int(w, &it, 0, &x, &off) < 0)
        return -1;
    if (w->out && put_elem(w, tname, x, it.wire, tag->le) < 0)
        return -1;
    if (x == f->end)
        return 0;
    if ((uint64_t)i >= f->max_count)
        return sv_desc_fail(w, SV_E_RANGE, has, off, full, "more than %u elements", f->max_count);

    struct sv_desc_scope in = { full, w->dst->n, i, f->sub, sc };

    if (sv_desc_check(w, &in, &it, x, has, off) < 0 ||
        sv_desc_values_append(w, tname, tag, it.type, (uint8_t)it.wire, 1, x, NULL, NULL, has, off) < 0 ||
        walk_table(w, &in, f->sub, 1) < 0)
        return -1;
    return 1;
}

/* A list in a source looked up by name: it goes on while element i's tag
 * is there.  1: an element was walked; 0: the end. */
static int list_elem_by_name(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                             const struct sv_desc_field *f, const char *full, long i)
{
    const struct sv_desc_field *tag = f->sub;
    char probe[SV_NAME_MAX + 64];

    snprintf(probe, sizeof probe, "%s.%s", full, tag->name);
    if (!w->src->has(w, probe)) {
        uint8_t type = sv_desc_type(tag, w->target);
        unsigned wire = tag->wire ? tag->wire : sv_type_info(type)->width;

        if (w->out && put_elem(w, probe, f->end, wire, tag->le) < 0)
            return -1;
        return 0;
    }
    if ((uint64_t)i >= f->max_count)
        return sv_desc_fail(w, SV_E_RANGE, 0, 0, full, "more than %u elements", f->max_count);
    if (do_group(w, sc, f, full, i) < 0)
        return -1;
    /* a tag equal to the end marker would end the legacy list early */
    if (sv_values_get(w->dst, probe)->u == f->end)
        return sv_desc_fail(w, SV_E_RANGE, 0, 0, probe, "value %" PRIu64 " is the list's end marker",
                            f->end);
    return 1;
}

static int do_list(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                   const struct sv_desc_field *f)
{
    char full[SV_NAME_MAX + 1];
    int r;

    for (long i = 0;; i++) {
        if (mkname(w, full, sc, f->name, i) < 0)
            return -1;
        r = w->src->has ? list_elem_by_name(w, sc, f, full, i) : list_elem_in_order(w, sc, f, full, i);
        if (r <= 0)
            return r;
    }
}

static int walk_table(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                      const struct sv_desc_field *table, int skip_first)
{
    char full[SV_NAME_MAX + 1];

    for (const struct sv_desc_field *f = table + skip_first; f->name; f++) {
        int64_t n;
        int p;

        if (mkname(w, full, sc, f->name, -1) < 0)
            return -1;
        p = sv_desc_present(w, sc, f, full);
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
        n = sv_desc_count(w, sc, f, full);
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
            return sv_desc_fail(w, SV_E_USAGE, 0, 0, full, "entry kind %u unknown", f->kind);
        }
    }
    return 0;
}

int sv_desc_walk(struct sv_desc_walker *w)
{
    struct sv_desc_scope top = { "", 0, -1, w->d->fields, NULL };

    return walk_table(w, &top, w->d->fields, 0);
}
