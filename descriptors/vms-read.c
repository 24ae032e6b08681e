/* Copying VMState tables through a reader; see vms.h. */
#include <config.h>

#include "vms.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct rd {
    const struct sv_vms_reader *r;
    const struct sv_vmstate_layout *l;
    uint32_t flags_known;
    struct sv_vms_set *set;
    struct sv_error *err;
};

static uint64_t get(const uint8_t *p, size_t off, size_t width)
{
    uint64_t v = 0;

    /* x86-64: little-endian */
    for (size_t i = width; i-- > 0;)
        v = v << 8 | p[off + i];
    return v;
}

/* A NUL-terminated string at addr, at most SV_VMS_NAME_MAX bytes. */
static char *read_string(struct rd *x, uint64_t addr, const char *what, const char *where)
{
    char buf[SV_VMS_NAME_MAX + 1];
    size_t n = 0;

    for (; n < sizeof buf; n++) {
        if (x->r->read(x->r->opaque, addr + n, &buf[n], 1) < 0) {
            sv_error_set_nooff(x->err, SV_E_CORRUPT, "%s: %s at %#" PRIx64 " is not readable", where, what,
                               addr + n);
            return NULL;
        }
        if (!buf[n])
            break;
    }
    if (n == sizeof buf) {
        sv_error_set_nooff(x->err, SV_E_LIMIT, "%s: %s at %#" PRIx64 " is longer than %u bytes", where, what,
                           addr, SV_VMS_NAME_MAX);
        return NULL;
    }
    return strdup(buf);
}

/* The symbol of a pointer to code or data the table refers to; "" for NULL. */
static int symbol_of(struct rd *x, uint64_t addr, char **out, const char *what, const char *where)
{
    const char *s;

    *out = NULL;
    if (!addr)
        return 0;
    s = x->r->symbol_at(x->r->opaque, addr);
    if (!s)
        return sv_error_set_nooff(x->err, SV_E_UNKNOWN, "%s: %s at %#" PRIx64 " has no symbol", where, what,
                                  addr);
    *out = strdup(s);
    return *out ? 0 : sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
}

static int read_desc(struct rd *x, uint64_t addr, size_t depth);

static int read_field(struct rd *x, uint64_t addr, struct sv_vms_field *f, const char *dname, size_t depth)
{
    const struct sv_vmstate_layout *l = x->l;
    uint8_t b[256];
    uint64_t info, vmsd, exists;
    char where[SV_VMS_NAME_MAX * 2 + 32];

    if (l->field.size_of > sizeof b || x->r->read(x->r->opaque, addr, b, l->field.size_of) < 0)
        return sv_error_set_nooff(x->err, SV_E_CORRUPT, "description %s: field at %#" PRIx64 " is not readable",
                                  dname, addr);
    if (!get(b, l->field.name, 8))
        return 1;   /* VMSTATE_END_OF_LIST */
    snprintf(where, sizeof where, "description %s", dname);
    if (!(f->name = read_string(x, get(b, l->field.name, 8), "a field name", where)))
        return -1;
    snprintf(where, sizeof where, "description %s, field \"%s\"", dname, f->name);
    f->offset = get(b, l->field.offset, 8);
    f->size = get(b, l->field.size, 8);
    f->start = get(b, l->field.start, 8);
    f->num = (int32_t)get(b, l->field.num, 4);
    f->num_offset = get(b, l->field.num_offset, 8);
    f->size_offset = get(b, l->field.size_offset, 8);
    f->flags = (uint32_t)get(b, l->field.flags, 4);
    f->version_id = (int32_t)get(b, l->field.version_id, 4);
    info = get(b, l->field.info, 8);
    vmsd = get(b, l->field.vmsd, 8);
    exists = get(b, l->field.field_exists, 8);
    if (f->flags & ~x->flags_known)
        return sv_error_set_nooff(x->err, SV_E_UNKNOWN, "%s: flags %#x include unknown ones (known: %#x)", where,
                                  f->flags, x->flags_known);
    if (symbol_of(x, exists, &f->field_exists, "field_exists", where) < 0)
        return -1;
    if (f->flags & SV_VMS_STRUCT) {
        if (!vmsd)
            return sv_error_set_nooff(x->err, SV_E_CORRUPT, "%s: a struct without a description", where);
        if (symbol_of(x, vmsd, &f->vmsd, "the nested description", where) < 0)
            return -1;
        return read_desc(x, vmsd, depth + 1);
    }
    if (!info)
        return sv_error_set_nooff(x->err, SV_E_CORRUPT, "%s: no VMStateInfo", where);
    if (symbol_of(x, info, &f->info, "the VMStateInfo", where) < 0)
        return -1;
    {
        uint8_t ib[64];

        if (l->info.size > sizeof ib || x->r->read(x->r->opaque, info, ib, l->info.size) < 0)
            return sv_error_set_nooff(x->err, SV_E_CORRUPT, "%s: VMStateInfo %s is not readable", where, f->info);
        if (!(f->info_name = read_string(x, get(ib, l->info.name, 8), "the VMStateInfo's name", where)))
            return -1;
    }
    return 0;
}

/* Reads the description at addr unless it was read already. */
static int read_desc(struct rd *x, uint64_t addr, size_t depth)
{
    const struct sv_vmstate_layout *l = x->l;
    struct sv_vms_set *set = x->set;
    struct sv_vms_desc *d, *grown;
    uint8_t b[256];
    const char *sym = x->r->symbol_at(x->r->opaque, addr);
    uint64_t fields;

    if (!sym)
        return sv_error_set_nooff(x->err, SV_E_UNKNOWN, "a description at %#" PRIx64 " has no symbol", addr);
    if (sv_vms_desc_by_symbol(set, sym))
        return 0;
    if (l->desc.size > sizeof b || x->r->read(x->r->opaque, addr, b, l->desc.size) < 0)
        return sv_error_set_nooff(x->err, SV_E_CORRUPT, "description %s at %#" PRIx64 " is not readable", sym,
                                  addr);
    /* a template the device copies and names at init (hw/eepro100.c):
     * kept with the name "", the overlay names its sections */
    if (!get(b, l->desc.name, 8) && depth > 0)
        return sv_error_set_nooff(x->err, SV_E_CORRUPT, "description %s, nested, has no name", sym);
    if (depth > 8)
        return sv_error_set_nooff(x->err, SV_E_LIMIT, "description %s: nested more than 8 deep", sym);
    if (set->ndescs == SV_VMS_DESCS_MAX)
        return sv_error_set_nooff(x->err, SV_E_LIMIT, "more than %u descriptions", SV_VMS_DESCS_MAX);
    grown = realloc(set->descs, (set->ndescs + 1) * sizeof *set->descs);
    if (!grown)
        return sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
    set->descs = grown;
    d = &set->descs[set->ndescs++];
    memset(d, 0, sizeof *d);
    if (!(d->symbol = strdup(sym)))
        return sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
    if (!(d->name = get(b, l->desc.name, 8) ? read_string(x, get(b, l->desc.name, 8), "the name", sym)
                                            : strdup("")))
        return sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
    d->version_id = (int32_t)get(b, l->desc.version_id, 4);
    d->minimum_version_id = (int32_t)get(b, l->desc.minimum_version_id, 4);
    d->minimum_version_id_old = (int32_t)get(b, l->desc.minimum_version_id_old, 4);
    if (symbol_of(x, get(b, l->desc.load_state_old, 8), &d->load_state_old, "load_state_old", sym) < 0 ||
        symbol_of(x, get(b, l->desc.pre_load, 8), &d->pre_load, "pre_load", sym) < 0 ||
        symbol_of(x, get(b, l->desc.post_load, 8), &d->post_load, "post_load", sym) < 0 ||
        symbol_of(x, get(b, l->desc.pre_save, 8), &d->pre_save, "pre_save", sym) < 0 ||
        symbol_of(x, get(b, l->desc.post_save, 8), &d->post_save, "post_save", sym) < 0)
        return -1;
    fields = get(b, l->desc.fields, 8);
    if (!fields)
        return sv_error_set_nooff(x->err, SV_E_CORRUPT, "description %s: no fields", sym);
    for (size_t i = 0;; i++) {
        struct sv_vms_field f = { 0 }, *fs;
        size_t di = (size_t)(d - set->descs);
        int k;

        if (i == SV_VMS_FIELDS_MAX)
            return sv_error_set_nooff(x->err, SV_E_LIMIT, "description %s: more than %u fields", sym,
                                      SV_VMS_FIELDS_MAX);
        /* a nested read may move set->descs: keep the index */
        k = read_field(x, fields + i * l->field.size_of, &f, sym, depth);
        d = &set->descs[di];
        if (k != 0 && f.name == NULL)
            return k < 0 ? -1 : 0;
        fs = realloc(d->fields, (d->nfields + 1) * sizeof *fs);
        if (!fs) {
            free(f.name);
            return sv_error_set_nooff(x->err, SV_E_NOMEM, "out of memory");
        }
        d->fields = fs;
        d->fields[d->nfields++] = f;
        if (k < 0)
            return -1;
    }
}

int sv_vms_read(const struct sv_vms_reader *rd, const struct sv_vmstate_abi *abi,
                const uint64_t *roots, size_t n, struct sv_vms_set *set, struct sv_error *err)
{
    struct rd x = { .r = rd, .l = &abi->layout, .flags_known = abi->flags_known, .set = set, .err = err };

    for (size_t i = 0; i < n; i++)
        if (read_desc(&x, roots[i], 0) < 0)
            return -1;
    return 0;
}

static void free_field(struct sv_vms_field *f)
{
    free(f->name);
    free(f->info);
    free(f->info_name);
    free(f->field_exists);
    free(f->vmsd);
}

void sv_vms_set_free(struct sv_vms_set *set)
{
    for (size_t i = 0; i < set->ndescs; i++) {
        struct sv_vms_desc *d = &set->descs[i];

        free(d->symbol);
        free(d->name);
        free(d->load_state_old);
        free(d->pre_load);
        free(d->post_load);
        free(d->pre_save);
        free(d->post_save);
        for (size_t k = 0; k < d->nfields; k++)
            free_field(&d->fields[k]);
        free(d->fields);
    }
    free(set->descs);
    free(set->release);
    free(set->target);
    free(set->tag);
    free(set->build_id);
    free(set->version);
    memset(set, 0, sizeof *set);
}

const struct sv_vms_desc *sv_vms_desc_by_symbol(const struct sv_vms_set *set, const char *symbol)
{
    for (size_t i = 0; symbol && i < set->ndescs; i++)
        if (strcmp(set->descs[i].symbol, symbol) == 0)
            return &set->descs[i];
    return NULL;
}

const struct sv_vms_desc *sv_vms_desc_by_name(const struct sv_vms_set *set, const char *name, uint32_t version)
{
    const struct sv_vms_desc *found = NULL;

    for (size_t i = 0; i < set->ndescs; i++) {
        const struct sv_vms_desc *d = &set->descs[i];

        if (strcmp(d->name, name) != 0)
            continue;
        if ((uint32_t)d->version_id == version || !found)
            found = d;
    }
    return found;
}
