/*
 * VMState tables -> descriptors (struct sv_desc), as vmstate_save_state and
 * vmstate_load_state of savevm.c (v0.12.3) walk them:
 *
 *   - a field is loaded when its field_exists says so, or, without one,
 *     when its version_id is at most the section's version; a save calls
 *     field_exists with the description's own version and writes every
 *     field without one;
 *   - VMS_ARRAY repeats it num times, VMS_VARRAY_INT32 / _UINT16 as many
 *     times as an int32 / uint16 at num_offset of the device state says,
 *     VMS_VBUFFER takes its size from an int32 at size_offset; POINTER and
 *     ARRAY_OF_POINTER change only where the bytes live;
 *   - VMS_STRUCT nests a description, loaded at that description's own
 *     version whatever the section's;
 *   - the VMStateInfo (vms-infos.c) says what one element is on the wire.
 *
 * The state at num_offset / size_offset is the stream's when a field of the
 * same table at that offset was loaded before; otherwise (set at init) the
 * overlay gives it.  Whatever neither tells becomes a condition that fails
 * when a walk reaches the field (SV_IF_UNDESCRIBED), naming it.
 *
 * Every field is required (F-18): the tables carry no reset values, so a
 * tagged body without one is refused naming it rather than loaded with a
 * guess.
 */
#include <config.h>

#include "vms.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A built descriptor and everything allocated for it. */
struct built {
    struct sv_desc d;
    void **mem;
    size_t nmem, cap;
};

struct ctx {
    const struct sv_vms_set *set;
    const struct sv_vms_overlay *ov;
    struct built *b;
    struct sv_error *err;
};

/* target-i386/machine.c put_fpreg: the mantissa, then the exponent
 * (required like every derived field, below) */
static const struct sv_desc_field fpreg_sub[] = {
    { .name = "mant", .type = SV_U64, .required = 1 },
    { .name = "exp", .type = SV_U16, .required = 1 },
    { .name = NULL },
};

static void *keep(struct ctx *x, void *p)
{
    struct built *b = x->b;

    if (!p) {
        sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
        return NULL;
    }
    if (b->nmem == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        void **m = realloc(b->mem, cap * sizeof *m);

        if (!m) {
            free(p);
            sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
            return NULL;
        }
        b->mem = m;
        b->cap = cap;
    }
    b->mem[b->nmem++] = p;
    return p;
}

static char *kept_printf(struct ctx *x, const char *fmt, ...) SV_PRINTF(2, 3);
static char *kept_printf(struct ctx *x, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return keep(x, strdup(buf));
}

/* F-11: segments of [A-Za-z0-9_]+, each with [i] indexes, joined by '.' */
static int valid_name(const char *s)
{
    const char *p = s;

    if (!*p || strlen(s) > SV_NAME_MAX)
        return 0;
    for (;;) {
        const char *seg = p;

        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
            p++;
        if (p == seg)
            return 0;
        while (*p == '[') {
            const char *d = ++p;

            while (*p >= '0' && *p <= '9')
                p++;
            if (p == d || *p != ']' || (*d == '0' && p - d > 1))
                return 0;
            p++;
        }
        if (!*p)
            return 1;
        if (*p++ != '.')
            return 0;
    }
}

/*
 * A VMState name as a tagged name (F-32): stringify() of the field
 * expression, so an index by a constant, "mac_reg[CTRL]", becomes a
 * member, "mac_reg.CTRL"; decimal indexes stay.
 */
static void tagged_name(const char *raw, char *out, size_t len)
{
    size_t n = 0;

    for (const char *p = raw; *p && n + 1 < len; p++) {
        if (*p == '[' && !(p[1] >= '0' && p[1] <= '9')) {
            const char *close = strchr(p, ']');

            if (close) {
                out[n++] = '.';
                for (p++; p < close && n + 1 < len; p++)
                    out[n++] = *p;
                continue;
            }
        }
        out[n++] = *p;
    }
    out[n] = 0;
}

static const struct sv_vms_exists *exists_of(const struct ctx *x, const struct sv_vms_desc *d, const char *fn)
{
    for (const struct sv_vms_exists *e = x->ov ? x->ov->exists : NULL; e && e->function; e++)
        if (strcmp(e->function, fn) == 0 && (!e->desc || strcmp(e->desc, d->symbol) == 0))
            return e;
    return NULL;
}

static const struct sv_vms_count *count_of(const struct ctx *x, const struct sv_vms_desc *d, const char *field)
{
    for (const struct sv_vms_count *c = x->ov ? x->ov->counts : NULL; c && c->desc; c++)
        if (strcmp(c->desc, d->symbol) == 0 && strcmp(c->field, field) == 0)
            return c;
    return NULL;
}

/* Presence of one table field, before its shape. */
struct presence {
    int drop;                   /* never loaded (a nested table at its version) */
    int writable;               /* a save at the table's own version may write it */
    uint32_t since, until;
    struct sv_cond cond;
};

static int in_range(uint32_t v, uint32_t since, uint32_t until)
{
    return (!since || v >= since) && (!until || v <= until);
}

/*
 * static_version: a nested table is loaded at its own version, so its
 * version tests are decided here; 0 for a section's table.
 */
static int presence(struct ctx *x, const struct sv_vms_desc *d, const struct sv_vms_field *f,
                    uint32_t static_version, struct presence *p)
{
    uint32_t own = (uint32_t)d->version_id;

    memset(p, 0, sizeof *p);
    if (!f->field_exists) {
        uint32_t since = f->version_id > 0 ? (uint32_t)f->version_id : 0;

        p->writable = 1;
        if (static_version)
            p->drop = !in_range(static_version, since, 0);
        else
            p->since = since;
        return 0;
    }
    {
        const struct sv_vms_exists *e = exists_of(x, d, f->field_exists);

        if (!e) {
            p->writable = 1;
            p->cond.kind = SV_IF_UNDESCRIBED;
            if (!(p->cond.field = kept_printf(x, "its presence is decided by %s (field_exists), which no "
                                              "overlay of release %s describes", f->field_exists,
                                              x->set->release)))
                return -1;
            return 0;
        }
        if (e->cond.kind != SV_IF_ALWAYS) {
            p->writable = 1;
            p->cond = e->cond;
            return 0;
        }
        p->writable = in_range(own, e->since, e->until);
        if (static_version) {
            p->drop = !in_range(static_version, e->since, e->until);
        } else {
            p->since = e->since;
            p->until = e->until;
        }
        return 0;
    }
}

/*
 * Tagged names (doc/FORMAT.md F-32): a name the table holds once is kept;
 * of several fields of one name, the first a save at the table's own
 * version may write keeps it, every other is NAME__k, k its 1-based place
 * among the fields of that name.
 */
static int unique_names(struct ctx *x, const struct sv_vms_desc *d, const struct presence *pr, char **names)
{
    for (size_t i = 0; i < d->nfields; i++) {
        const char *raw = d->fields[i].name;
        char n[SV_NAME_MAX + 8];
        size_t same = 0, place = 0, keeper = SIZE_MAX;
        const char *u;

        tagged_name(raw, n, sizeof n);
        if (!valid_name(n))
            return sv_error_set_nooff(x->err, SV_E_UNKNOWN, "description %s: field name \"%s\" is not a tagged "
                                      "name (F-11)", d->symbol, n);
        if ((u = strstr(n, "__")) && u[2] >= '0' && u[2] <= '9')
            return sv_error_set_nooff(x->err, SV_E_UNKNOWN, "description %s: field name \"%s\" looks like a "
                                      "numbered duplicate (F-32)", d->symbol, n);
        for (size_t k = 0; k < d->nfields; k++) {
            if (strcmp(d->fields[k].name, raw) != 0)
                continue;
            same++;
            if (k == i)
                place = same;
            if (keeper == SIZE_MAX && pr[k].writable && !pr[k].drop)
                keeper = k;
        }
        if (keeper == SIZE_MAX) {
            for (size_t k = 0; k < d->nfields && keeper == SIZE_MAX; k++)
                if (strcmp(d->fields[k].name, raw) == 0)
                    keeper = k;
        }
        if (same == 1 || keeper == i)
            names[i] = keep(x, strdup(n));
        else
            names[i] = kept_printf(x, "%s__%zu", n, place);
        if (!names[i])
            return -1;
    }
    return 0;
}

static struct sv_desc_field *build_table(struct ctx *x, const struct sv_vms_desc *d, uint32_t static_version,
                                         unsigned depth);

/*
 * Makes e refuse the walk, for reason (allocated), where it is present:
 * its presence condition, if any, is copied and the refusal chained last.
 */
static int undescribed(struct ctx *x, struct sv_desc_field *e, const char *reason)
{
    struct sv_cond *u, *tail = &e->cond;

    if (!reason || !(u = keep(x, calloc(1, sizeof *u))))
        return -1;
    *u = (struct sv_cond){ .kind = SV_IF_UNDESCRIBED, .field = reason };
    if (e->cond.kind == SV_IF_ALWAYS) {
        e->cond = *u;
        return 0;
    }
    /* the chain is shared (the overlay's): copy it, then append */
    for (;;) {
        struct sv_cond *copy;

        if (tail->not_also)
            return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": cannot chain a refusal after a "
                                      "negated condition", e->name);
        if (!tail->also)
            break;
        if (!(copy = keep(x, malloc(sizeof *copy))))
            return -1;
        *copy = *tail->also;
        tail->also = copy;
        tail = copy;
    }
    tail->also = u;
    return 0;
}

/* The field of d at `offset` loaded before field i: what a count reads. */
static size_t count_field(const struct sv_vms_desc *d, size_t i, uint64_t offset)
{
    for (size_t k = i; k-- > 0;) {
        const struct sv_vms_field *c = &d->fields[k];
        const struct sv_vms_info *ci = sv_vms_info_find(c->info);

        if (c->offset == offset && !(c->flags & (SV_VMS_ARRAY | SV_VMS_VARRAY_INT32 | SV_VMS_VARRAY_UINT16 |
                                                  SV_VMS_STRUCT | SV_VMS_BUFFER | SV_VMS_VBUFFER |
                                                  SV_VMS_POINTER)) &&
            ci && ci->wire == SV_VW_INT)
            return k;
    }
    return SIZE_MAX;
}

/* Elements of field i: e->n or e->count; 0 when it has none (skip it). */
static int shape_count(struct ctx *x, const struct sv_vms_desc *d, size_t i, char **names,
                       struct sv_desc_field *e, unsigned width)
{
    const struct sv_vms_field *f = &d->fields[i];
    const struct sv_vms_count *oc;
    size_t k;

    if (f->flags & SV_VMS_ARRAY) {
        if (f->num <= 0)
            return 0;
        e->n = (uint32_t)f->num;
        return 1;
    }
    if (!(f->flags & (SV_VMS_VARRAY_INT32 | SV_VMS_VARRAY_UINT16))) {
        e->n = 0;
        return 1;
    }
    if ((k = count_field(d, i, f->num_offset)) != SIZE_MAX) {
        e->count = names[k];
        /* the same member loaded by another field of that name at other
         * versions (eeprom93xx's size: a u8 before 20061113, a be16 since) */
        for (size_t a = 0; a < k; a++)
            if (a != k && d->fields[a].offset == f->num_offset && strcmp(d->fields[a].name, d->fields[k].name) == 0)
                e->count_alt = names[a];
        /* the legacy buffer's capacity is not in the table: the body bounds it */
        e->max_count = SV_BODY_MAX / (width ? width : 1);
        return 1;
    }
    if ((oc = count_of(x, d, f->name))) {
        e->n = oc->n;
        return 1;
    }
    e->n = 1;
    return undescribed(x, e, kept_printf(x, "its element count is device state at offset %#" PRIx64
                                         " that the stream does not carry and no overlay of release %s gives",
                                         f->num_offset, x->set->release)) < 0 ? -1 : 1;
}

static int build_field(struct ctx *x, const struct sv_vms_desc *d, size_t i, char **names,
                       const struct presence *p, struct sv_desc_field *e, unsigned depth)
{
    const struct sv_vms_field *f = &d->fields[i];
    const struct sv_vms_info *info;

    e->name = names[i];
    e->since = p->since;
    e->until = p->until;
    e->cond = p->cond;
    if (f->flags & SV_VMS_MULTIPLY)
        return undescribed(x, e, kept_printf(x, "VMS_MULTIPLY (a size times a field) is not supported")) < 0
                   ? -1 : 1;
    if (f->flags & SV_VMS_STRUCT) {
        const struct sv_vms_desc *n = sv_vms_desc_by_symbol(x->set, f->vmsd);

        if (!n)
            return sv_error_set_nooff(x->err, SV_E_MISSING, "description %s, field \"%s\": nested description %s "
                                      "not found", d->symbol, f->name, f->vmsd);
        e->kind = SV_D_GROUP;
        if (!(e->sub = build_table(x, n, (uint32_t)n->version_id, depth + 1)))
            return -1;
        if (!e->sub->name) {
            /* nothing of it is ever loaded: an empty group is no field */
            return 0;
        }
        return shape_count(x, d, i, names, e, 1);
    }
    info = sv_vms_info_find(f->info);
    if (!info) {
        e->kind = SV_D_BYTES;
        e->n = 1;
        return undescribed(x, e, kept_printf(x, "VMStateInfo %s (\"%s\") is not known: what it writes is "
                                             "unknown", f->info, f->info_name ? f->info_name : "?")) < 0
                   ? -1 : 1;
    }
    switch (info->wire) {
    case SV_VW_INT:
        e->kind = SV_D_INT;
        e->type = info->type;
        if (f->flags & (SV_VMS_BUFFER | SV_VMS_VBUFFER))
            return undescribed(x, e, kept_printf(x, "a buffer of %s", f->info)) < 0 ? -1 : 1;
        return shape_count(x, d, i, names, e, sv_type_info(info->type)->width);
    case SV_VW_U32_ARRAY4:
        e->kind = SV_D_INT;
        e->type = SV_U32;
        e->n = 4;
        if (f->flags & (SV_VMS_ARRAY | SV_VMS_VARRAY_INT32 | SV_VMS_VARRAY_UINT16))
            return undescribed(x, e, kept_printf(x, "an array of %s", f->info)) < 0 ? -1 : 1;
        return 1;
    case SV_VW_FPREG:
        e->kind = SV_D_GROUP;
        e->sub = fpreg_sub;
        return shape_count(x, d, i, names, e, 10);
    case SV_VW_BUFFER:
        e->kind = SV_D_BYTES;
        if (f->flags & (SV_VMS_ARRAY | SV_VMS_VARRAY_INT32 | SV_VMS_VARRAY_UINT16)) {
            e->n = 1;
            return undescribed(x, e, kept_printf(x, "an array of buffers")) < 0 ? -1 : 1;
        }
        if (f->flags & SV_VMS_VBUFFER) {
            size_t c = count_field(d, i, f->size_offset);

            if (c != SIZE_MAX) {
                e->count = names[c];
                e->max_count = SV_BODY_MAX;
                return 1;
            }
            e->n = 1;
            return undescribed(x, e, kept_printf(x, "its size is device state at offset %#" PRIx64 " that the "
                                                 "stream does not carry", f->size_offset)) < 0 ? -1 : 1;
        }
        if (!f->size || f->size > SV_BODY_MAX)
            return sv_error_set_nooff(x->err, SV_E_RANGE, "description %s, field \"%s\": buffer size %" PRIu64,
                                      d->symbol, f->name, f->size);
        e->n = (uint32_t)f->size;
        return 1;
    }
    return sv_error_set_nooff(x->err, SV_E_USAGE, "description %s, field \"%s\": wire kind %u", d->symbol,
                              f->name, info->wire);
}

static struct sv_desc_field *build_table(struct ctx *x, const struct sv_vms_desc *d, uint32_t static_version,
                                         unsigned depth)
{
    struct presence *pr;
    char **names;
    struct sv_desc_field *t;
    size_t n = 0;

    if (depth > 8) {
        sv_error_set_nooff(x->err, SV_E_LIMIT, "description %s: nested more than 8 deep", d->symbol);
        return NULL;
    }
    pr = keep(x, calloc(d->nfields ? d->nfields : 1, sizeof *pr));
    names = pr ? keep(x, calloc(d->nfields ? d->nfields : 1, sizeof *names)) : NULL;
    t = names ? keep(x, calloc(d->nfields + 1, sizeof *t)) : NULL;
    if (!t)
        return NULL;
    for (size_t i = 0; i < d->nfields; i++)
        if (presence(x, d, &d->fields[i], static_version, &pr[i]) < 0)
            return NULL;
    if (unique_names(x, d, pr, names) < 0)
        return NULL;
    for (size_t i = 0; i < d->nfields; i++) {
        int k;

        if (pr[i].drop)
            continue;
        memset(&t[n], 0, sizeof t[n]);
        k = build_field(x, d, i, names, &pr[i], &t[n], depth);
        if (k < 0)
            return NULL;
        /* a VMStateDescription says nothing of reset, and no overlay gives
         * a reset value: no field has a known default (F-18) */
        if (k > 0 && t[n].kind != SV_D_GROUP && t[n].kind != SV_D_LIST)
            t[n].required = 1;
        n += k > 0;
    }
    t[n].name = NULL;
    return t;
}

static int by_target(const struct sv_vms_overlay *ov, const char *name)
{
    for (const char *const *t = ov ? ov->by_target : NULL; t && *t; t++)
        if (strcmp(*t, name) == 0)
            return 1;
    return 0;
}

struct sv_desc *sv_vms_build(const struct sv_vms_set *set, const struct sv_vms_desc *d,
                             const struct sv_vms_overlay *ov, struct sv_error *err)
{
    return sv_vms_build_as(set, d, ov, d->name, err);
}

struct sv_desc *sv_vms_build_as(const struct sv_vms_set *set, const struct sv_vms_desc *d,
                                const struct sv_vms_overlay *ov, const char *idstr, struct sv_error *err)
{
    struct built *b = calloc(1, sizeof *b);
    struct ctx x = { .set = set, .ov = ov, .b = b, .err = err };
    const struct sv_desc_field *fields;

    if (!b) {
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        return NULL;
    }
    if (d->version_id < 0 || d->minimum_version_id < 0 || d->minimum_version_id > d->version_id) {
        sv_error_set_nooff(err, SV_E_RANGE, "description %s: versions %" PRId32 "..%" PRId32, d->symbol,
                           d->minimum_version_id, d->version_id);
        sv_vms_desc_free(&b->d);
        return NULL;
    }
    if (!(b->d.idstr = keep(&x, strdup(idstr))) || !(fields = build_table(&x, d, 0, 0))) {
        sv_vms_desc_free(&b->d);
        return NULL;
    }
    b->d.fields = fields;
    b->d.version = (uint32_t)d->version_id;
    b->d.min_version = (uint32_t)d->minimum_version_id;
    b->d.by_target = (uint8_t)by_target(ov, idstr);
    return &b->d;
}

void sv_vms_desc_free(struct sv_desc *d)
{
    struct built *b = (struct built *)d;

    if (!d)
        return;
    for (size_t i = 0; i < b->nmem; i++)
        free(b->mem[i]);
    free(b->mem);
    free(b);
}
