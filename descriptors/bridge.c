/* Bridging device sections between releases; see bridge.h and doc/BRIDGING.md. */
#include <config.h>

#include "bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

/* How a pair's device crosses. */
struct rule {
    const char *idstr;
    uint8_t as_is;                      /* the destination reads the source's version as written */
    const struct sv_desc_move *moves;   /* else: through values, with this mapping */
};

/*
 * 0.10.6 -> 0.11.1 (notes: loaders.md).  Devices not listed whose table is
 * the same in both releases (devices.c) cross unchanged; the others go
 * through values.
 */
static const struct rule rules_010_011[] = {
    /* v2 ip_id and v3 bootp are read only for those versions (v0.11.1 slirp/slirp.c:1094-1100) */
    { "slirp", 1, NULL },
    /* v9/v10 fields are read only for those versions (v0.11.1 target-i386/machine.c:209, :354-377) */
    { "cpu", 1, NULL },
    /* v2: cdrom_changed derived from sense_key/asc (v0.11.1 hw/ide.c:2920-2926; takes 2..3 at :3248) */
    { "ide", 1, NULL },
    /* the old size byte and pad (v0.11.1 hw/eeprom93xx.c:121, :135-140) */
    { "eeprom", 1, NULL },
    /* the same version numbers, the virtio core changed under them (v0.10.6
     * hw/virtio.c:755-784; v0.11.1 hw/virtio.c:615-646, hw/virtio-pci.c:105-119) */
    { "virtio-net", 0, sv_desc_virtio_moves_010_011 },
    { "virtio-blk", 0, sv_desc_virtio_moves_010_011 },
    { "virtio-console", 0, sv_desc_virtio_moves_010_011 },
    { "virtio-balloon", 0, sv_desc_virtio_moves_010_011 },
    { NULL, 0, NULL },
};

/*
 * 0.11.1 -> 0.10.6: 0.10.6 loads only up to its own versions (v0.10.6
 * savevm.c:943-948), so cpu, ide, slirp and eeprom go through values: what
 * 0.10.6 has no field for must be at its default.  The virtio core has no
 * mapping back yet: those sections are refused at the first field 0.10.6
 * needs and cannot get.
 */
static const struct rule rules_011_010[] = {
    { NULL, 0, NULL },
};

static const struct pair {
    uint8_t from, to;                   /* enum sv_release_id */
    const struct rule *rules;
} pairs[] = {
    { SV_REL_0_10, SV_REL_0_11, rules_010_011 },
    { SV_REL_0_11, SV_REL_0_10, rules_011_010 },
};

/* What a destination device is, by machine: the first row that fits. */
static const struct dest_fact {
    uint8_t rel;                        /* enum sv_release_id */
    const char *idstr, *fact;
    const char *machine;                /* NULL: any */
    uint64_t value;
} dest_facts[] = {
    /* v0.11.1 hw/pc.c:1503-1505: pc-0.10 sets virtio-net-pci's vectors to 0 */
    { SV_REL_0_11, "virtio-net", "msix_vectors", "pc-0.10", 0 },
    /* v0.11.1 hw/virtio-net.c:748-751: 3 vectors; MSI-X works once an APIC
     * exists (msix_supported, hw/apic.c:984), which pc always has */
    { SV_REL_0_11, "virtio-net", "msix_vectors", NULL, 3 },
};

static const struct pair *pair_of(const struct sv_release *from, const struct sv_release *to)
{
    for (size_t i = 0; from && to && i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].from == sv_release_id(from) && pairs[i].to == sv_release_id(to))
            return &pairs[i];
    return NULL;
}

int sv_bridge_known(const struct sv_release *from, const struct sv_release *to)
{
    return pair_of(from, to) != NULL;
}

static const struct rule *rule_of(const struct pair *p, const char *idstr)
{
    for (const struct rule *r = p ? p->rules : NULL; r && r->idstr; r++)
        if (strcmp(r->idstr, idstr) == 0)
            return r;
    return NULL;
}

const struct sv_desc_move *sv_bridge_moves(const struct sv_release *from, const struct sv_release *to,
                                           const char *idstr, int *as_is)
{
    const struct rule *r = rule_of(pair_of(from, to), idstr);

    *as_is = r && r->as_is;
    return r ? r->moves : NULL;
}

size_t sv_bridge_dest_facts(const struct sv_release *to, const char *machine, const char *idstr,
                            struct sv_desc_fact *f, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < sizeof dest_facts / sizeof dest_facts[0]; i++) {
        const struct dest_fact *d = &dest_facts[i];
        int seen = 0;

        if (d->rel != sv_release_id(to) || strcmp(d->idstr, idstr) != 0 ||
            (d->machine && (!machine || strcmp(d->machine, machine) != 0)))
            continue;
        for (size_t k = 0; k < n; k++)
            seen |= strcmp(f[k].name, d->fact) == 0;
        if (!seen && n < max)
            f[n++] = (struct sv_desc_fact){ d->fact, d->value };
    }
    return n;
}

/* Does name match pattern ("[]" = any index)?  The indexes go to idx. */
static int match(const char *pat, const char *name, unsigned long *idx, int *nidx)
{
    *nidx = 0;
    while (*pat) {
        if (pat[0] == '[' && pat[1] == ']') {
            char *end;

            if (*name != '[' || *nidx == 4)
                return 0;
            idx[(*nidx)++] = strtoul(name + 1, &end, 10);
            if (end == name + 1 || *end != ']')
                return 0;
            name = end + 1;
            pat += 2;
        } else if (*pat++ != *name++) {
            return 0;
        }
    }
    return *name == 0;
}

static char *subst(const char *pat, const unsigned long *idx, int nidx)
{
    char buf[SV_ERR_FIELD_MAX * 2];
    size_t k = 0;
    int i = 0;

    for (; *pat && k + 24 < sizeof buf; pat++) {
        if (pat[0] == '[' && pat[1] == ']' && i < nidx) {
            k += (size_t)snprintf(buf + k, sizeof buf - k, "[%lu]", idx[i++]);
            pat++;
        } else {
            buf[k++] = *pat;
        }
    }
    buf[k] = 0;
    return strdup(buf);
}

static int fact(const struct sv_desc_fact *f, size_t n, const char *name, uint64_t *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0) {
            *v = f[i].value;
            return 1;
        }
    return 0;
}

static void *arena_copy(struct sv_values *vals, const void *p, size_t n)
{
    void *q = sv_desc_values_alloc(vals, n);

    if (q && n)
        memcpy(q, p, n);
    return q;
}

/* Appends a value (taking name, a and b); -1 on no memory. */
static int append(struct sv_values *out, char *name, const struct sv_desc_field *f, uint8_t type, uint32_t count,
                  uint64_t u, uint64_t *a, uint8_t *b)
{
    struct sv_value *v;

    if (!name)
        goto nomem;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        struct sv_value *nv = realloc(out->v, cap * sizeof *nv);

        if (!nv)
            goto nomem;
        out->v = nv;
        out->cap = cap;
    }
    v = &out->v[out->n];
    memset(v, 0, sizeof *v);
    /* the list's arena holds its names, arrays and bytes (sv_values_free) */
    if (!(v->name = arena_copy(out, name, strlen(name) + 1)) ||
        (a && !(v->a = arena_copy(out, a, count * sizeof *a))) || (b && !(v->b = arena_copy(out, b, count))))
        goto nomem;
    out->n++;
    v->field = f;
    v->type = type;
    v->count = count;
    v->u = u;
    free(name);
    free(a);
    free(b);
    return 0;
nomem:
    free(name);
    free(a);
    free(b);
    return -1;
}

static void *dup_mem(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);

    if (q && n)
        memcpy(q, p, n);
    return q;
}

/* A state the destination sets itself: no default, so it is never dropped. */
static const struct sv_desc_field set_field = { .name = "set by the bridge", .required = 1 };

static struct sv_value *find_out(struct sv_values *out, const char *name)
{
    long i = sv_desc_values_find(out, name);

    return i < 0 ? NULL : &out->v[i];
}

/* The moves that build a value from a source value. */
static int move_one(const struct sv_desc_move *m, const struct sv_value *v, const unsigned long *idx, int nidx,
                    struct sv_values *out, struct sv_error *err)
{
    char *to;
    int r = 0;

    if (m->op == SV_MV_DERIVED || !m->to)
        return 0;
    if (!(to = subst(m->to, idx, nidx)))
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    switch (m->op) {
    case SV_MV_RENAME:
        r = append(out, to, v->field, v->type, v->count, v->u, v->a ? dup_mem(v->a, v->count * sizeof *v->a) : NULL,
                   v->b ? dup_mem(v->b, v->count) : NULL);
        break;
    case SV_MV_SHIFT:
        if (v->a || v->b || (m->arg && v->u >> (64 - m->arg))) {
            free(to);
            return sv_error_set_nooff(err, SV_E_RANGE, "%s: cannot be shifted into %s", v->name, m->to);
        }
        r = append(out, to, v->field, SV_U64, 1, v->u << m->arg, NULL, NULL);
        break;
    case SV_MV_SLICE:
        if (!v->b || m->off + m->len > v->count) {
            free(to);
            return sv_error_set_nooff(err, SV_E_USAGE, "%s: has no bytes %u..%u for %s", v->name, m->off,
                                      m->off + m->len, m->to);
        }
        if (m->as_int) {
            uint64_t x = 0;

            for (uint32_t k = 0; k < m->len; k++)
                x = m->le ? x | (uint64_t)v->b[m->off + k] << (8 * k) : x << 8 | v->b[m->off + k];
            r = append(out, to, v->field, SV_U64, 1, x, NULL, NULL);
        } else {
            r = append(out, to, v->field, SV_BYTES, m->len, 0, NULL, dup_mem(v->b + m->off, m->len));
        }
        break;
    default:
        free(to);
        return 0;
    }
    return r < 0 ? sv_error_set_nooff(err, SV_E_NOMEM, "out of memory") : 0;
}

/* The values the destination's table takes: the mapping applied to vals. */
static int apply_moves(const struct sv_desc_move *mv, const struct sv_desc_fact *facts, size_t nfacts,
                       const struct sv_values *vals, struct sv_values *out, struct sv_error *err)
{
    memset(out, 0, sizeof *out);
    out->desc = vals->desc;
    out->version = vals->version;
    memcpy(out->target, vals->target, sizeof out->target);
    for (size_t i = 0; i < vals->n; i++) {
        const struct sv_value *v = &vals->v[i];
        int taken = 0;

        for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++) {
            unsigned long idx[4];
            int nidx;

            if (!m->from || !match(m->from, v->name, idx, &nidx))
                continue;
            taken = 1;
            if (move_one(m, v, idx, nidx, out, err) < 0)
                return -1;
        }
        if (!taken && append(out, strdup(v->name), v->field, v->type, v->count, v->u,
                             v->a ? dup_mem(v->a, v->count * sizeof *v->a) : NULL,
                             v->b ? dup_mem(v->b, v->count) : NULL) < 0)
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    }
    for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++) {
        struct sv_value *o;
        uint64_t f = 1;

        if (m->from || (m->when && (!fact(facts, nfacts, m->when, &f) || !f)))
            continue;
        o = find_out(out, m->to);
        if (m->op == SV_MV_OR_BYTE || (m->op == SV_MV_SET && m->bytes)) {
            if (!o || !o->b || m->off + (m->bytes ? m->len : 1) > o->count)
                return sv_error_set_nooff(err, SV_E_USAGE, "%s: no bytes to set", m->to);
            if (m->bytes)
                memcpy(o->b + m->off, m->bytes, m->len);
            else
                o->b[m->off] |= (uint8_t)m->arg;
            continue;
        }
        if (o && (o->a || o->b))
            return sv_error_set_nooff(err, SV_E_USAGE, "%s: not an integer", m->to);
        if (o) {
            o->u = m->op == SV_MV_SET_FACT ? f + m->arg : m->arg;
            o->field = &set_field;
        } else if (append(out, strdup(m->to), &set_field, SV_U64, 1, m->op == SV_MV_SET_FACT ? f + m->arg : m->arg,
                          NULL, NULL) < 0) {
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        }
    }
    return 0;
}

struct drop_ctx {
    const struct sv_bridge *b;
    const char *idstr;
    long long instance;
};

static void dropped(void *opaque, const struct sv_value *v)
{
    struct drop_ctx *d = opaque;

    d->b->dropped(d->b->opaque, d->idstr, d->instance, v);
}

int sv_bridge_section(const struct sv_bridge *b, const char *idstr, long long instance, uint32_t version,
                      const uint8_t *legacy, size_t len, uint8_t **out, size_t *out_len,
                      uint32_t *out_version, enum sv_bridge_how *how, struct sv_error *err)
{
    const char *target = b->target && *b->target ? b->target : NULL;
    const struct sv_desc *src = sv_desc_find(b->from->name, target, idstr, version);
    const struct sv_desc *dst = sv_desc_newest(b->to->name, target, idstr);
    const struct sv_desc *reads = sv_desc_find(b->to->name, target, idstr, version);
    const struct rule *r = rule_of(pair_of(b->from, b->to), idstr);
    struct sv_desc_fact facts[SV_BRIDGE_FACTS_MAX];
    struct drop_ctx dc = { b, idstr, instance };
    struct sv_values vals = { 0 }, moved = { 0 };
    struct sv_desc_ctx c = { .target = target, .instance = instance, .legacy_len = len };
    struct sv_stream in, o;
    uint64_t consumed;
    int rc = -1;

    *out = NULL;
    *out_len = 0;
    if (!pair_of(b->from, b->to))
        return sv_error_set_nooff(err, SV_E_USAGE, "no bridge from release %s to %s", b->from->name, b->to->name);
    if (!dst)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s has no device \"%s\"", b->to->name, idstr);
    if (!src)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s has no descriptor for \"%s\" v%u", b->from->name,
                                  idstr, version);
    /* the destination's loader takes the version, and reads it as written:
     * declared, or the same table in both releases */
    if (reads && (r ? r->as_is : reads == src)) {
        if (!(*out = malloc(len ? len : 1)))
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        if (len)
            memcpy(*out, legacy, len);
        *out_len = len;
        *out_version = version;
        *how = SV_BRIDGE_AS_IS;
        return 0;
    }
    sv_stream_mem_reader(&in, legacy, len);
    if (sv_desc_decode_legacy(src, &c, version, &in, &vals, &consumed, err) < 0)
        goto done;
    if (consumed != len) {
        sv_error_set_nooff(err, SV_E_CORRUPT, "the descriptor reads %llu of the %zu bytes saved",
                           (unsigned long long)consumed, len);
        goto done;
    }
    if (apply_moves(r ? r->moves : NULL, facts, sv_bridge_dest_facts(b->to, b->machine, idstr, facts, SV_BRIDGE_FACTS_MAX),
                    &vals, &moved, err) < 0)
        goto done;
    c.legacy_len = 0;
    if (b->dropped) {
        c.dropped = dropped;
        c.dropped_opaque = &dc;
    }
    sv_stream_mem_writer(&o, 0);
    if (sv_desc_encode_legacy(dst, &c, dst->version, &moved, &o, err) < 0) {
        sv_stream_free(&o);
        goto done;
    }
    *out = sv_stream_mem_take(&o, out_len);
    *out_version = dst->version;
    *how = SV_BRIDGE_VALUES;
    rc = 0;
done:
    sv_values_free(&moved);
    sv_values_free(&vals);
    return rc;
}
