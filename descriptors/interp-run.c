/*
 * A compiled table run over a body in one pass (interp-plan.h): a save
 * reads legacy bytes and writes the tagged records, and proves while it
 * encodes that a load gives back those bytes; a load reads records in the
 * order a save writes them and writes legacy bytes.  Values are read and
 * written in place, fields go straight to the output buffer, and only the
 * values that conditions, counts and bounds refer to are kept.
 *
 * Any failure returns "not done" and the caller asks the walker, which
 * knows why; so a run never words an error.
 */
#include <config.h>

#include "interp-plan.h"

#include <string.h>

#define HDR_FIXED (4 + 1 + 1 + 4 + 4 + 1 + 1 + 4)
#define MAX_ASSUMED 16

struct run {
    const struct sv_plan *p;
    const struct sv_desc_ctx *ctx;
    int load;                   /* 0: legacy in, tagged out; 1: tagged in, legacy out */
    const uint8_t *in;
    size_t len, pos;            /* len: where the next hole is, else the end */
    const struct sv_refs *holes;        /* save: legacy bytes left where the device had them */
    size_t hole, end;                   /* the next of them; in's length */
    struct sv_stream *out;
    struct sv_refs *refs;       /* save: long values left in place, or NULL */
    size_t ref_bytes;           /* what they add to the body */
    uint32_t nrec;
    uint64_t val[PLAN_MAX_SLOTS];
    uint32_t vgen[PLAN_MAX_SLOTS];      /* produced in the element of that generation */
    uint32_t gen[PLAN_MAX_DEPTH + 1], ngen;
    uint64_t index[PLAN_MAX_DEPTH + 1];
    size_t plen[PLAN_MAX_DEPTH + 1];    /* the name prefix of the element at each depth */
    char prefix[SV_NAME_MAX + 1];
    /* machine facts nobody knows: a save tries each value, as decode_sized does */
    const char **unknown;
    int *nunknown;
    unsigned assume;
    int need_fact;
    struct { const struct plan_op *op; size_t at; } assumed[MAX_ASSUMED];
    int nassumed;
};

/* Element access, inline: a call per field is what this file avoids. */
static inline uint64_t load_be(const uint8_t *p, unsigned width)
{
    switch (width) {
    case 1:
        return p[0];
    case 2:
        return (uint64_t)p[0] << 8 | p[1];
    case 4:
        return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
    case 8:
        return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
               (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | p[7];
    }
    return sv_load_be(p, width);
}

static inline uint64_t get_wire(const uint8_t *p, unsigned wire, int le)
{
    uint64_t v = 0;

    if (!le)
        return load_be(p, wire);
    for (unsigned i = wire; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static inline void store_be(uint8_t *p, unsigned width, uint64_t v)
{
    switch (width) {
    case 1:
        p[0] = (uint8_t)v;
        return;
    case 2:
        p[0] = (uint8_t)(v >> 8);
        p[1] = (uint8_t)v;
        return;
    case 4:
        p[0] = (uint8_t)(v >> 24);
        p[1] = (uint8_t)(v >> 16);
        p[2] = (uint8_t)(v >> 8);
        p[3] = (uint8_t)v;
        return;
    }
    sv_store_be(p, width, v);
}

static inline void put_wire(uint8_t *p, uint64_t v, unsigned wire, int le)
{
    if (!le) {
        store_be(p, wire, v);
        return;
    }
    for (unsigned i = 0; i < wire; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t wire_mask(unsigned wire)
{
    return wire >= 8 ? ~0ULL : (1ULL << (8 * wire)) - 1;
}

/* The value a reference finds (lookup in interp-rules.c): its candidate, or -1. */
static int lookup(const struct run *r, int ref)
{
    const struct plan_ref *pr = &r->p->refs[ref];

    for (int i = 0; i < pr->n; i++)
        if (r->vgen[pr->c[i].slot] == r->gen[pr->c[i].depth])
            return i;
    return -1;
}

/* sv_desc_check, for an element the plan resolved */
static int check(const struct run *r, const struct plan_op *op, uint64_t x)
{
    int sign = op->sign;

    if ((op->checks & C_FITS) && !sv_desc_fits_width(x, op->width, sign))
        return -1;
    if ((op->checks & C_BOOL) && x > 1)
        return -1;
    if ((op->checks & C_RANGE) && (sign ? ((int64_t)x < op->lo || (int64_t)x > op->hi)
                                        : (x < (uint64_t)op->lo || x > (uint64_t)op->hi)))
        return -1;
    if (op->checks & C_REL) {
        const int16_t ref[2] = { op->lo_ref, op->hi_ref };

        for (int k = 0; k < 2; k++) {
            const struct plan_ref *pr;
            int i, c;

            if (ref[k] < 0 || (i = lookup(r, ref[k])) < 0)
                continue;
            pr = &r->p->refs[ref[k]];
            if (!pr->c[i].scalar)
                continue;
            c = sv_desc_cmp_mixed(x, sign, r->val[pr->c[i].slot], pr->c[i].sign);
            if (k == 0 ? c < 0 : c > 0)
                return -1;
        }
    }
    return 0;
}

static int count_of(const struct run *r, const struct plan_op *op, uint32_t *n)
{
    const struct plan_ref *pr;
    uint64_t u;
    int i = lookup(r, op->count_ref);

    if (i < 0)
        return -1;
    pr = &r->p->refs[op->count_ref];
    u = r->val[pr->c[i].slot];
    if (op->count_mask)
        u &= op->count_mask;
    if (u > op->max_count)
        return -1;
    *n = (uint32_t)u;
    return 0;
}

static void keep(struct run *r, const struct plan_op *op, uint64_t u)
{
    r->val[op->slot] = u;
    r->vgen[op->slot] = r->gen[op->depth];
}

/* The full name's length of a field at its depth. */
static size_t name_len(const struct run *r, const struct plan_op *op)
{
    return op->depth ? r->plen[op->depth] + 1 + op->name_len : op->name_len;
}

static void put_name(const struct run *r, const struct plan_op *op, uint8_t *to)
{
    size_t pl = r->plen[op->depth];

    if (!op->depth) {
        memcpy(to, op->name, op->name_len);
        return;
    }
    memcpy(to, r->prefix, pl);
    to[pl] = '.';
    memcpy(to + pl + 1, op->name, op->name_len);
}

/* Save: the record's head at the end of the body; where its value goes, and its flags byte. */
static uint8_t *put_head(struct run *r, const struct plan_op *op, uint32_t n, size_t vbytes, uint8_t **flags,
                         size_t *total)
{
    size_t nl = name_len(r, op);
    uint8_t *h;

    if (nl > SV_NAME_MAX || r->nrec == SV_FIELDS_MAX)
        return NULL;
    *total = 1 + nl + 6 + vbytes;
    h = sv_stream_mem_room(r->out, *total);
    if (!h)
        return NULL;
    if (op->head != NO_HEAD) {
        memcpy(h, r->p->heads + op->head, op->head_len);
    } else {
        h[0] = (uint8_t)nl;
        put_name(r, op, h + 1);
        h[1 + nl] = op->rtype;
        sv_store_be(h + 3 + nl, 4, n);
    }
    *flags = h + 2 + nl;
    return h + 1 + nl + 6;
}

/* Load: the next record must be this field's, of its type and length; its value. */
static const uint8_t *get_head(struct run *r, const struct plan_op *op, uint32_t n)
{
    size_t nl = name_len(r, op), at = r->pos;
    const uint8_t *h = r->in + at;
    size_t vbytes = (size_t)n * op->width;

    if (r->len - at < 1 + nl + 6 || h[0] != nl || r->len - at - 1 - nl - 6 < vbytes)
        return NULL;
    if (op->head != NO_HEAD) {
        if (memcmp(h, r->p->heads + op->head, op->head_len - 5) != 0 ||
            memcmp(h + op->head_len - 4, r->p->heads + op->head + op->head_len - 4, 4) != 0)
            return NULL;
    } else {
        size_t pl = r->plen[op->depth];

        if (op->depth && (memcmp(h + 1, r->prefix, pl) != 0 || h[1 + pl] != '.' ||
                          memcmp(h + 2 + pl, op->name, op->name_len) != 0))
            return NULL;
        if (!op->depth && memcmp(h + 1, op->name, nl) != 0)
            return NULL;
        if (h[1 + nl] != op->rtype || sv_load_be(h + 3 + nl, 4) != n)
            return NULL;
    }
    if (h[2 + nl] & SV_FLAGS_RESERVED)
        return NULL;
    r->pos = at + 1 + nl + 6 + vbytes;
    r->nrec++;
    return h + 1 + nl + 6;
}

/* Element k's default, as held (interp.h sv_desc_default). */
static inline uint64_t elem_dflt(const struct plan_op *op, uint32_t k)
{
    return op->dflts ? sv_sign_extend((uint64_t)op->dflts[k], op->width, op->sign) : op->dflt;
}

/* Are these n bytes the field's defaults? */
static int bytes_dflt(const struct plan_op *op, const uint8_t *p, size_t n)
{
    for (size_t k = 0; op->dflts && k < n; k++)
        if (p[k] != (uint8_t)op->dflts[k])
            return 0;
    return op->dflts || n == 0 || (p[0] == (uint8_t)op->dflt && memcmp(p, p + 1, n - 1) == 0);
}

/* Are these n bytes all c?  (Each equals the next and the first is c.) */
static int all_bytes(const uint8_t *p, size_t n, uint8_t c)
{
    return n == 0 || (p[0] == c && memcmp(p, p + 1, n - 1) == 0);
}

/*
 * Save: each element from its legacy bytes to its record, checked.  Where
 * the record holds the legacy bytes as they are (same width, big-endian:
 * most fields) the value is copied whole and a load copies it back; where
 * it converts them (host order, a narrower or wider wire), the proof is
 * made per element: the record, read back as a load reads it, must give
 * these bytes again.
 */
static int save_int(struct run *r, const struct plan_op *op, uint32_t n, uint64_t *last)
{
    unsigned wire = op->wire, width = op->width;
    const uint8_t *p = r->in + r->pos;
    size_t total;
    uint8_t *flags, *v;
    uint64_t x = 0;
    int dflt = 1, sign = op->sign;

    if ((size_t)n * wire > r->len - r->pos || !(v = put_head(r, op, n, (size_t)n * width, &flags, &total)))
        return -1;
    if (wire == width && !op->le) {
        memcpy(v, p, (size_t)n * width);
        if (!op->checks && !op->dflts) {
            /* at its default: the first element is, and each equals the next */
            dflt = n == 0 || (load_be(p, width) == op->dflt_raw &&
                              memcmp(p, p + width, (size_t)(n - 1) * width) == 0);
            x = n ? sv_sign_extend(load_be(p, width), width, sign) : 0;
        }
        for (uint32_t k = 0; (op->checks || op->dflts) && k < n; k++, p += width) {
            x = sv_sign_extend(load_be(p, width), width, sign);
            if (op->checks && check(r, op, x) < 0)
                return -1;
            dflt &= x == elem_dflt(op, k);
        }
    } else {
        uint64_t wmask = wire_mask(wire);

        for (uint32_t k = 0; k < n; k++, p += wire, v += width) {
            uint64_t raw = get_wire(p, wire, op->le), y;

            x = sv_sign_extend(raw, wire, sign);
            if (op->checks && check(r, op, x) < 0)
                return -1;
            store_be(v, width, x);
            y = sv_sign_extend(load_be(v, width), width, sign);
            if (!sv_desc_fits_width(y, wire, sign) || (y & wmask) != raw)
                return -1;
            dflt &= x == elem_dflt(op, k);
        }
    }
    *flags = dflt && !op->required ? SV_FLAG_DEFAULT : 0;
    sv_stream_mem_commit(r->out, total);
    r->pos += (size_t)n * wire;
    r->nrec++;
    *last = x;
    return 0;
}

/* Save: a run of small fields (seg_len ops) at once, from their template. */
static int save_run(struct run *r, const struct plan_op *op)
{
    const struct plan_op *end = op + op->seg_len;
    const uint8_t *in = r->in + r->pos;
    uint8_t *o;

    if (op->seg_in > r->len - r->pos || r->nrec + op->seg_len > SV_FIELDS_MAX ||
        !(o = sv_stream_mem_room(r->out, op->seg_out)))
        return -1;
    memcpy(o, r->p->tmpl + op->seg_tmpl, op->seg_out);
    for (const struct plan_op *m = op; m < end; m++) {
        const uint8_t *p = in + m->in_off;
        uint8_t *v = o + m->out_off;
        unsigned width = m->width;
        uint64_t x = 0;
        int dflt = 1;

        if (m->scalar) {
            uint64_t raw;

            switch (width) {
            case 1:
                v[0] = p[0];
                break;
            case 2:
                memcpy(v, p, 2);
                break;
            case 4:
                memcpy(v, p, 4);
                break;
            default:
                memcpy(v, p, 8);
                break;
            }
            raw = load_be(p, width);
            if (m->checks || m->slot >= 0) {
                x = sv_sign_extend(raw, width, m->sign);
                if (m->checks == C_RANGE ? (m->sign ? ((int64_t)x < m->lo || (int64_t)x > m->hi)
                                                    : (x < (uint64_t)m->lo || x > (uint64_t)m->hi))
                                         : m->checks && check(r, m, x) < 0)
                    return -1;
                if (m->slot >= 0)
                    keep(r, m, x);
            }
            v[-5] = raw == m->dflt_raw && !m->required ? SV_FLAG_DEFAULT : 0;
            continue;
        }

        memcpy(v, p, (size_t)m->n * width);
        if (m->kind == P_BYTES) {
            dflt = all_bytes(p, m->n, (uint8_t)m->dflt);
        } else {
            for (uint32_t k = 0; k < m->n; k++, p += width) {
                x = sv_sign_extend(load_be(p, width), width, m->sign);
                if (m->checks && check(r, m, x) < 0)
                    return -1;
                dflt &= x == m->dflt;
            }
        }
        v[-5] = dflt && !m->required ? SV_FLAG_DEFAULT : 0;
        if (m->slot >= 0)
            keep(r, m, m->kind == P_INT && !(m->rtype & SV_ARRAY) ? x : 0);
    }
    sv_stream_mem_commit(r->out, op->seg_out);
    r->pos += op->seg_in;
    r->nrec += op->seg_len;
    return 0;
}

/* Load: each element from its record to its legacy bytes, checked as the walker checks it. */
static int load_int(struct run *r, const struct plan_op *op, uint32_t n, uint64_t *last)
{
    unsigned wire = op->wire, width = op->width;
    const uint8_t *v = get_head(r, op, n);
    uint64_t x = 0;
    uint8_t *o;

    if (!v || !(o = sv_stream_mem_room(r->out, (size_t)n * wire)))
        return -1;
    if (wire == width && !op->le && !op->checks && op->type != SV_BOOL) {
        /* big-endian both sides, nothing to check: the bytes as they are
         * (0.12.3 ide's io_buffer: 512 KiB of u8) */
        memcpy(o, v, (size_t)n * width);
        sv_stream_mem_commit(r->out, (size_t)n * wire);
        *last = n ? sv_sign_extend(load_be(v + (size_t)(n - 1) * width, width), width, op->sign) : 0;
        return 0;
    }
    for (uint32_t k = 0; k < n; k++, v += width, o += wire) {
        x = sv_sign_extend(load_be(v, width), width, op->sign);
        if ((op->checks && check(r, op, x) < 0) || (op->type == SV_BOOL && x > 1) ||
            (wire < width && !sv_desc_fits_width(x, wire, op->sign)))
            return -1;
        put_wire(o, x, wire, op->le);
    }
    sv_stream_mem_commit(r->out, (size_t)n * wire);
    *last = x;
    return 0;
}

static int do_int(struct run *r, const struct plan_op *op)
{
    uint32_t n = op->n;
    uint64_t x;

    if (op->count_ref >= 0 && count_of(r, op, &n) < 0)
        return -1;
    if ((r->load ? load_int : save_int)(r, op, n, &x) < 0)
        return -1;
    if (op->slot >= 0)
        keep(r, op, op->rtype & SV_ARRAY ? 0 : x);
    return 0;
}

static int do_bytes(struct run *r, const struct plan_op *op)
{
    uint32_t n = op->n;

    if (op->count_ref >= 0 && count_of(r, op, &n) < 0)
        return -1;
    if (!r->load) {
        uint8_t *flags, *v;
        size_t total;

        const uint8_t *p = r->in + r->pos;
        int ref = r->refs && n >= SV_REF_MIN && r->refs->n < SV_REFS_MAX;
        const struct sv_ref *hole = r->holes && r->hole < r->holes->n &&
                                    r->holes->r[r->hole].at == r->pos ? &r->holes->r[r->hole] : NULL;

        /* a hole is one value whole, or the run is not done */
        if (hole && hole->len == n)
            p = hole->p;
        else if (n > r->len - r->pos)
            return -1;
        else
            hole = NULL;
        if (!(v = put_head(r, op, n, ref ? 0 : n, &flags, &total)))
            return -1;
        /* bytes go as they are (a load copies them back): here, or where they are */
        if (ref) {
            struct sv_ref *rf = &r->refs->r[r->refs->n++];

            sv_stream_mem_data(r->out, &rf->at);
            rf->at += total;
            rf->p = p;
            rf->len = n;
            r->ref_bytes += n;
        } else {
            memcpy(v, p, n);
        }
        *flags = !op->required && bytes_dflt(op, p, n) ? SV_FLAG_DEFAULT : 0;
        sv_stream_mem_commit(r->out, total);
        if (hole) {
            r->hole++;
            r->len = r->hole < r->holes->n ? r->holes->r[r->hole].at : r->end;
        } else {
            r->pos += n;
        }
        r->nrec++;
    } else {
        const uint8_t *v = get_head(r, op, n);
        uint8_t *o;

        if (!v || !(o = sv_stream_mem_room(r->out, n)))
            return -1;
        memcpy(o, v, n);
        sv_stream_mem_commit(r->out, n);
    }
    if (op->slot >= 0)
        keep(r, op, 0);
    return 0;
}

/* Is the next record named prefix-at-depth . rel ? */
static int next_is(const struct run *r, int depth, const char *rel, size_t rl)
{
    size_t pl = r->plen[depth], nl = depth ? pl + 1 + rl : rl;
    const uint8_t *h = r->in + r->pos;

    if (r->pos >= r->len || h[0] != nl || r->len - r->pos < 1 + nl)
        return 0;
    if (!depth)
        return memcmp(h + 1, rel, rl) == 0;
    return memcmp(h + 1, r->prefix, pl) == 0 && h[1 + pl] == '.' && memcmp(h + 2 + pl, rel, rl) == 0;
}

static int fact_known(const struct sv_desc_ctx *c, const char *name, uint64_t *v)
{
    for (size_t i = 0; i < c->nfacts; i++)
        if (strcmp(c->facts[i].name, name) == 0) {
            *v = c->facts[i].value;
            return 1;
        }
    return c->fact_hook && c->fact_hook(c->opaque, name, v);
}

/* 1 holds, 0 not, -1 cannot tell (the run stops). */
static int holds(struct run *r, const struct plan_op *op)
{
    uint64_t v;
    int i;

    switch (op->cond_kind) {
    case SV_IF_FIELD:
        if ((i = lookup(r, op->cond_ref)) < 0)
            return 0;
        v = r->val[r->p->refs[op->cond_ref].c[i].slot];
        return sv_desc_compare(op->cond_op, op->cond_mask ? v & op->cond_mask : v, op->cond_value);
    case SV_IF_INDEX:
        return sv_desc_compare(op->cond_op, r->index[op->depth], op->cond_value);
    case SV_IF_MACHINE:
        if (fact_known(r->ctx, op->fact, &v))
            return sv_desc_compare(op->cond_op, v, op->cond_value);
        if (r->load)    /* a load by name: there when its first record is */
            return next_is(r, 0, op->probe, op->probe_len);
        for (i = 0; i < *r->nunknown; i++)
            if (strcmp(r->unknown[i], op->fact) == 0)
                break;
        if (i == *r->nunknown) {
            if (i < SV_DESC_MAX_FACTS)
                r->unknown[(*r->nunknown)++] = op->fact;
            r->need_fact = 1;
            return -1;
        }
        v = (r->assume >> i) & 1;
        if (!sv_desc_compare(op->cond_op, v, op->cond_value))
            return 0;
        if (r->nassumed == MAX_ASSUMED)
            return -1;
        r->assumed[r->nassumed].op = op;
        sv_stream_mem_data(r->out, &r->assumed[r->nassumed].at);
        r->nassumed++;
        return 1;
    }
    return -1;
}

/* The element prefix at depth d + 1: (prefix at d ".") name "[" i "]". */
static int enter(struct run *r, const struct plan_op *op, uint64_t i)
{
    int d = op->depth;
    size_t at = r->plen[d];
    char digits[24];
    size_t dl = 0;

    do
        digits[sizeof digits - ++dl] = (char)('0' + i % 10);
    while ((i /= 10) && dl < sizeof digits);
    if (at + (d ? 1 : 0) + op->name_len + dl + 2 > SV_NAME_MAX)
        return -1;
    if (d)
        r->prefix[at++] = '.';
    memcpy(r->prefix + at, op->name, op->name_len);
    at += op->name_len;
    r->prefix[at++] = '[';
    memcpy(r->prefix + at, digits + sizeof digits - dl, dl);
    at += dl;
    r->prefix[at++] = ']';
    if (at + 1 + op->max_rel > SV_NAME_MAX)
        return -1;
    r->plen[d + 1] = at;
    return 0;
}

static int run_ops(struct run *r, const struct plan_op *op, const struct plan_op *end);

static int element(struct run *r, const struct plan_op *op, uint64_t i)
{
    int d = op->depth + 1;

    r->gen[d] = ++r->ngen;
    r->index[d] = i;
    return run_ops(r, op + 1, op + 1 + op->body);
}

static int do_group(struct run *r, const struct plan_op *op)
{
    uint32_t n;

    if (count_of(r, op, &n) < 0)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (enter(r, op, i) < 0 || element(r, op, i) < 0)
            return -1;
    return 0;
}

/* Save: elements until a tag equals the end; load: while the next record is element i's tag. */
static int do_list(struct run *r, const struct plan_op *op)
{
    const struct plan_op *tag = op + 1;

    for (uint64_t i = 0;; i++) {
        if (enter(r, op, i) < 0)
            return -1;
        if (!r->load) {
            uint64_t raw, x;

            if (tag->wire > r->len - r->pos)
                return -1;
            raw = get_wire(r->in + r->pos, tag->wire, tag->le);
            x = sv_sign_extend(raw, tag->wire, tag->sign);
            if (x == op->end) {
                /* a load ends the list with the end marker: these bytes */
                if ((op->end & wire_mask(tag->wire)) != raw)
                    return -1;
                r->pos += tag->wire;
                return 0;
            }
            if (i >= op->max_count || element(r, op, i) < 0)
                return -1;
        } else {
            uint8_t *o;

            if (!next_is(r, op->depth + 1, tag->name, tag->name_len)) {
                if (!(o = sv_stream_mem_room(r->out, tag->wire)))
                    return -1;
                put_wire(o, op->end, tag->wire, tag->le);
                sv_stream_mem_commit(r->out, tag->wire);
                return 0;
            }
            if (i >= op->max_count || element(r, op, i) < 0 || r->val[tag->slot] == op->end)
                return -1;
        }
    }
}

static int run_ops(struct run *r, const struct plan_op *op, const struct plan_op *end)
{
    while (op < end) {
        int k;

        if (op->seg_len && !r->load) {
            if (save_run(r, op) < 0)
                return -1;
            op += op->seg_len;
            continue;
        }
        switch (op->kind) {
        case P_INT:
            k = do_int(r, op);
            break;
        case P_BYTES:
            k = do_bytes(r, op);
            break;
        case P_COND:
            k = holds(r, op);
            if (k < 0)
                return -1;
            op += k ? 1 : 1 + op->body;
            continue;
        case P_GROUP:
            k = do_group(r, op);
            op += op->body;
            break;
        case P_LIST:
            k = do_list(r, op);
            op += op->body;
            break;
        default:
            return -1;
        }
        if (k < 0)
            return -1;
        op++;
    }
    return 0;
}

static void start(struct run *r, const struct sv_plan *p, const struct sv_desc_ctx *ctx, int load,
                  const uint8_t *in, size_t len, const struct sv_refs *holes, struct sv_stream *out,
                  struct sv_refs *refs)
{
    r->holes = holes && holes->n ? holes : NULL;
    r->hole = 0;
    r->end = len;
    if (r->holes)
        len = r->holes->r[0].at;
    r->p = p;
    r->refs = refs;
    r->ref_bytes = 0;
    r->ctx = ctx;
    r->load = load;
    r->in = in;
    r->len = len;
    r->pos = 0;
    r->out = out;
    r->nrec = 0;
    memset(r->vgen, 0, sizeof r->vgen);
    r->gen[0] = r->ngen = 1;
    r->index[0] = 0;
    r->plen[0] = 0;
    r->need_fact = 0;
    r->nassumed = 0;
}

/* A field an assumed fact made present must be there for a load by name
 * too: its first record is the one the load probes for. */
static int assumed_ok(const struct run *r)
{
    size_t len;
    const uint8_t *body = sv_stream_mem_data(r->out, &len);

    for (int i = 0; i < r->nassumed; i++) {
        const struct plan_op *op = r->assumed[i].op;
        size_t at = r->assumed[i].at;

        if (len - at < 1u + op->probe_len || body[at] != op->probe_len ||
            memcmp(body + at + 1, op->probe, op->probe_len) != 0)
            return 0;
    }
    return 1;
}

int sv_plan_save(const struct sv_plan *p, const struct sv_desc_ctx *ctx, const char *profile,
                 const uint8_t *legacy, size_t len, const struct sv_refs *holes, struct sv_stream *out,
                 struct sv_refs *refs)
{
    size_t nrefs = refs ? refs->n : 0;
    const char *unknown[SV_DESC_MAX_FACTS];
    size_t first, hdr;
    int nunknown = 0;
    struct run r;
    uint8_t *h;

    /* the header is the same for every save of a layout by one profile:
     * made once (the plan is the cache's, as the rest of it) */
    if (!p->hdr_len || strcmp(p->hdr_profile, profile) != 0) {
        struct sv_plan *w = (struct sv_plan *)p;
        size_t pl = strlen(profile), tl = strlen(p->label);

        if (pl < 1 || pl > SV_PROFILE_MAX || !sv_label_ok(profile, pl) || !sv_label_ok(p->label, tl))
            return 1;
        h = w->hdr;
        memcpy(h, SV_TAGGED_MAGIC, 4);
        h[4] = SV_TAGGED_REVISION;
        h[5] = SV_KIND_FIELDS;
        memset(h + 6, 0, 4);
        sv_store_be(h + 10, 4, p->version);
        h[14] = (uint8_t)pl;
        memcpy(h + 15, profile, pl);
        h[15 + pl] = (uint8_t)tl;
        memcpy(h + 16 + pl, p->label, tl);
        memset(h + 16 + pl + tl, 0, 4);
        memcpy(w->hdr_profile, profile, pl + 1);
        w->hdr_len = HDR_FIXED + pl + tl;
    }
    sv_stream_mem_data(out, &first);
    hdr = p->hdr_len;
    if (!(h = sv_stream_mem_reserve(out, hdr)))     /* checked: a memory writer */
        return 1;
    memcpy(h, p->hdr, hdr);
    sv_stream_mem_commit(out, hdr);
    r.unknown = unknown;
    r.nunknown = &nunknown;
    for (r.assume = 0;;) {
        int k = nunknown;

        sv_stream_mem_truncate(out, first + hdr);
        if (refs)
            refs->n = nrefs;
        start(&r, p, ctx, 0, legacy, len, holes, out, refs);
        if (run_ops(&r, p->ops, p->ops + p->nops) == 0 && r.pos == len &&
            (!r.holes || r.hole == r.holes->n)) {
            size_t total;

            h = (uint8_t *)sv_stream_mem_data(out, &total) + first;
            total -= first;
            total += r.ref_bytes;
            if (!assumed_ok(&r) || total > SV_BODY_MAX)
                break;
            sv_store_be(h + 6, 4, total);
            sv_store_be(h + hdr - 4, 4, r.nrec);
            return 0;
        }
        if (sv_stream_failed(out))
            break;
        if (nunknown > k)       /* a new fact: try its values from the start */
            r.assume = 0;
        else if (++r.assume >= 1u << nunknown)
            break;
    }
    sv_stream_mem_truncate(out, first);
    if (refs)
        refs->n = nrefs;
    return 1;
}

int sv_plan_load(const struct sv_plan *p, const struct sv_desc_ctx *ctx, const uint8_t *body,
                 size_t len, struct sv_stream *out)
{
    size_t first, pl, tl, at;
    uint32_t nfields;
    struct run r;

    if (len < HDR_FIXED || memcmp(body, SV_TAGGED_MAGIC, 4) != 0 || body[4] != SV_TAGGED_REVISION ||
        body[5] != SV_KIND_FIELDS || sv_load_be(body + 6, 4) != len || len > SV_BODY_MAX ||
        sv_load_be(body + 10, 4) != p->version)
        return 1;
    pl = body[14];
    if (pl < 1 || pl > SV_PROFILE_MAX || len < HDR_FIXED + pl || !sv_label_ok((const char *)body + 15, pl))
        return 1;
    tl = body[15 + pl];
    at = HDR_FIXED + pl + tl;
    if (tl > SV_PROFILE_MAX || len < at || !sv_label_ok((const char *)body + 16 + pl, tl))
        return 1;
    /* a body names its target; the plan is for that one, and the reader's if it has one */
    if (p->d->by_target && (tl != strlen(p->label) || memcmp(body + 16 + pl, p->label, tl) != 0 ||
                            (ctx->target && *ctx->target && strcmp(ctx->target, p->label) != 0)))
        return 1;
    nfields = (uint32_t)sv_load_be(body + at - 4, 4);
    if (nfields > SV_FIELDS_MAX)
        return 1;
    sv_stream_mem_data(out, &first);
    if (!sv_stream_mem_reserve(out, 1))      /* a memory writer, with room */
        return 1;
    start(&r, p, ctx, 1, body, len, NULL, out, NULL);
    r.pos = at;
    if (run_ops(&r, p->ops, p->ops + p->nops) == 0 && r.pos == len && r.nrec == nfields)
        return 0;
    sv_stream_mem_truncate(out, first);
    return 1;
}
