/*
 * Bounds as independent facts.  t/bounds-facts.h lists, for every bounded
 * field of every release, the bound as the legacy source states it (an
 * array's size, or the check in the load function), with the file and
 * line.  This test holds every descriptor table to that list, both ways
 * (each bound in a table has its fact, each fact its bound), then probes
 * each fact through the interpreter svtool and the shim use: the values
 * just inside load, the values just outside are refused naming the field,
 * from a tagged body and from legacy bytes.  A bound widened or narrowed by
 * one in a table disagrees with its fact, and its probe fails too.
 */
#include <config.h>

#include "bounds-facts.h"
#include "sv-registry.h"
#include "desc-check.h"
#include "vms.h"
#include "tap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFACTS (sizeof facts / sizeof facts[0])
#define DEPTH 6
#define MAXREC 65536                   /* a full list of slirp sockets */

/* Where an entry sits: the tables above it and the entries leading there. */
struct frame {
    const struct sv_desc_field *table;  /* the table holding this level's entry */
    const struct sv_desc_field *entry;  /* the group or list leading down (or the bounded entry) */
    char prefix[160];                   /* the concrete name prefix of `table`'s fields */
};

/* One bound found in a table. */
struct found {
    const char *release;
    const struct sv_desc *d;
    struct frame fr[DEPTH];
    int depth;                          /* fr[depth].entry is the bounded entry */
    char path[160];                     /* as facts name it: [] for any element */
    enum fact_kind kind;
    int64_t lo, hi;
    const char *ref;
};

static struct found found[1024];
static size_t nfound;
static int fact_used[NFACTS];

static void add_found(const char *release, const struct sv_desc *d, const struct frame *fr, int depth,
                      const char *path, enum fact_kind kind, int64_t lo, int64_t hi, const char *ref)
{
    struct found *b;

    if (nfound == sizeof found / sizeof found[0])
        bail("more bounds than this test holds");
    b = &found[nfound++];
    *b = (struct found){ .release = release, .d = d, .depth = depth, .kind = kind, .lo = lo, .hi = hi,
                         .ref = ref };
    memcpy(b->fr, fr, sizeof b->fr);
    snprintf(b->path, sizeof b->path, "%s", path);
}

/* Every bound of one table, recursively; pat is the [] form of the prefix. */
static void collect(const char *release, const struct sv_desc *d, struct frame *fr, int depth,
                    const char *pat)
{
    for (const struct sv_desc_field *f = fr[depth].table; f->name; f++) {
        char path[160];

        fr[depth].entry = f;
        /* an entry of a shared list that this table's versions never hold */
        if ((f->since && f->since > d->version) || (f->until && f->until < d->min_version))
            continue;
        snprintf(path, sizeof path, "%s%s", pat, f->name);
        if (f->bounded)
            add_found(release, d, fr, depth, path, F_RANGE, f->lo, f->hi, NULL);
        if (f->index_of) {
            const struct sv_desc_field *arr = fr[depth].table;

            while (arr->name && strcmp(arr->name, f->index_of) != 0)
                arr++;
            add_found(release, d, fr, depth, path, F_INDEX, 0, arr->name ? (arr->n ? arr->n : arr->max_count) : 0,
                      NULL);
        }
        if (f->max_count)
            add_found(release, d, fr, depth, path, F_CAP, 0, f->max_count, NULL);
        if (f->hi_field)
            add_found(release, d, fr, depth, path, F_ATMOST, 0, 0, f->hi_field);
        if (f->lo_field)
            add_found(release, d, fr, depth, path, F_ATLEAST, 0, 0, f->lo_field);
        if ((f->kind == SV_D_GROUP || f->kind == SV_D_LIST) && depth + 1 < DEPTH) {
            int rep = f->n || f->count || f->kind == SV_D_LIST;
            char sub[160];

            fr[depth + 1].table = f->sub;
            if (strlen(fr[depth].prefix) + strlen(f->name) + 5 > sizeof sub)
                bail("%s: names too long for this test", f->name);
            strcpy(sub, fr[depth].prefix);
            strcat(sub, f->name);
            strcat(sub, rep ? "[0]." : ".");
            strcpy(fr[depth + 1].prefix, sub);
            snprintf(sub, sizeof sub, "%s%s%s.", pat, f->name, rep ? "[]" : "");
            collect(release, d, fr, depth + 1, sub);
        }
    }
}

/* A table a release borrows from one whose facts are listed already: "emu"
 * adds its emu-* devices to 0.11's, "emu-0.12" borrows both, 0.12 and
 * qemu-kvm-0.12 keep 0.11's hand-written tables where their layout stayed. */
static int borrowed(const char *release, const struct sv_desc *d)
{
    static const char *const owners[] = { "0.10", "0.11", "emu" };

    if (strcmp(release, "0.10") == 0 || strcmp(release, "0.11") == 0)
        return 0;
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
        if (strcmp(release, owners[i]) != 0 && sv_desc_find(owners[i], "i386", d->idstr, d->version) == d)
            return 1;
    return 0;
}

/* The tables of one release, but for those it borrows. */
static int collect_one(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    struct frame fr[DEPTH];

    (void)opaque;
    if (d->by_target && strcmp(target, "i386") != 0)
        return 0;
    if (borrowed(release, d) || sv_vms_sets_origin(d))
        return 0;
    for (size_t i = 0; i < nfound; i++)
        if (found[i].d == d && strcmp(found[i].release, release) == 0)
            return 0;
    memset(fr, 0, sizeof fr);
    fr[0].table = d->fields;
    collect(release, d, fr, 0, "");
    return 0;
}

static const char *kind_name(enum fact_kind k)
{
    static const char *const n[] = { "range", "index", "capacity", "at most", "at least" };

    return n[k];
}

static int same_bound(const struct found *b, const struct fact *f)
{
    if (b->kind != f->kind)
        return 0;
    if (b->kind == F_ATMOST || b->kind == F_ATLEAST)
        return strcmp(b->ref, f->ref) == 0;
    return b->lo == f->lo && b->hi == f->hi;
}

/* The fact for a bound: one naming it, the one that agrees when two do
 * (a field whose versions differ in width: eeprom's size). */
static const struct fact *fact_of(const struct found *b, size_t *at)
{
    const struct fact *f = NULL;

    for (size_t i = 0; i < NFACTS; i++)
        if (strcmp(facts[i].release, b->release) == 0 && strcmp(facts[i].idstr, b->d->idstr) == 0 &&
            strcmp(facts[i].field, b->path) == 0 && facts[i].kind == b->kind &&
            (!f || same_bound(b, &facts[i]))) {
            *at = i;
            f = &facts[i];
        }
    return f;
}

/* Every bound has its fact and agrees with it; every fact has its bound. */
static void test_tables(void)
{
    int missing = 0, differ = 0, unused = 0;

    for (size_t i = 0; i < nfound; i++) {
        const struct found *b = &found[i];
        size_t at;
        const struct fact *f = fact_of(b, &at);

        if (!f) {
            if (!missing++)
                diag("no fact for a bound in a table:");
            diag("  %s %s %s: %s %" PRId64 "..%" PRId64 " %s", b->release, b->d->idstr, b->path,
                 kind_name(b->kind), b->lo, b->hi, b->ref ? b->ref : "");
            continue;
        }
        fact_used[at] = 1;
        if (!same_bound(b, f)) {
            differ++;
            diag("%s %s %s: the table says %s %" PRId64 "..%" PRId64 " %s, the source (%s) %" PRId64
                 "..%" PRId64 " %s", b->release, b->d->idstr, b->path, kind_name(b->kind), b->lo, b->hi,
                 b->ref ? b->ref : "", f->src, f->lo, f->hi, f->ref ? f->ref : "");
        }
    }
    for (size_t i = 0; i < NFACTS; i++)
        if (!fact_used[i]) {
            unused++;
            diag("%s %s %s (%s): no table has this bound", facts[i].release, facts[i].idstr, facts[i].field,
                 facts[i].src);
        }
    ok(nfound > 0, "%zu bounds in the hand-written tables of every release", nfound);
    is_int(missing, 0, "every bound in a table has a fact from the legacy source");
    is_int(differ, 0, "every bound agrees with its fact");
    is_int(unused, 0, "every fact has its bound in a table (%zu facts)", NFACTS);
}

/* ---- probes ---- */

struct rec {
    char name[160];
    uint8_t type;
    uint64_t v;
    int vec;                            /* a required array or bytes, all zeros ... */
    uint32_t zeros;                     /* ... of this many elements */
};

struct probe {
    const struct found *b;
    const char *target;
    uint32_t version;
    struct sv_desc_fact facts[4];
    size_t nfacts;
    struct rec r[MAXREC];
    size_t nr;
    int list_elems;                     /* a list's capacity probe: this many elements */
};

static const struct sv_desc_field *entry_named(const struct sv_desc_field *t, const char *name)
{
    for (; t && t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

static void set_rec(struct probe *p, const char *prefix, const struct sv_desc_field *f, uint64_t v)
{
    size_t i;
    char name[160];

    snprintf(name, sizeof name, "%s%s", prefix, f->name);
    for (i = 0; i < p->nr && strcmp(p->r[i].name, name) != 0; i++)
        ;
    if (i == MAXREC)
        bail("too many records in a probe");
    if (i == p->nr)
        p->nr++;
    snprintf(p->r[i].name, sizeof p->r[i].name, "%s", name);
    p->r[i].type = sv_desc_type(f, p->target);
    p->r[i].v = v;
}

/* A value of the referenced field that makes the condition hold. */
static uint64_t satisfying(const struct sv_cond *c)
{
    uint64_t m = c->mask ? c->mask : UINT64_MAX;

    switch (c->op) {
    case SV_OP_NE:
        return (c->value & m) ? 0 : (m & -m);
    case SV_OP_LT:
        return c->value - 1;
    default:
        return c->value;
    }
}

/* Makes entry f of level k present: its condition, and the version. */
static int present(struct probe *p, int k, const struct sv_desc_field *f)
{
    const struct sv_cond *c = &f->cond;
    const struct found *b = p->b;

    if (!sv_desc_in_version(f, p->version))
        return -1;
    switch (c->kind) {
    case SV_IF_FIELD:
        for (int j = k; j >= 0; j--) {
            const struct sv_desc_field *ref = entry_named(b->fr[j].table, c->field);

            if (ref) {
                set_rec(p, b->fr[j].prefix, ref, satisfying(c));
                return 0;
            }
        }
        return -1;
    case SV_IF_TARGET:
        p->target = c->field;
        return 0;
    case SV_IF_MACHINE:
        for (size_t i = 0; i < p->nfacts; i++)
            if (strcmp(p->facts[i].name, c->field) == 0)
                p->facts[i].value = satisfying(c);
        return 0;
    case SV_IF_INDEX:                   /* the probes use element 0 */
        return (c->op == SV_OP_EQ && c->value == 0) || (c->op == SV_OP_NE && c->value != 0) ||
               (c->op == SV_OP_GE && c->value == 0) || (c->op == SV_OP_LT && c->value > 0) ? 0 : -1;
    }
    return 0;
}

/* Every machine fact a table's layout asks for, each at 1 (the fuller layout). */
static void all_facts(struct probe *p, const struct sv_desc_field *f)
{
    for (; f && f->name; f++) {
        size_t i;

        if (f->cond.kind == SV_IF_MACHINE) {
            for (i = 0; i < p->nfacts && strcmp(p->facts[i].name, f->cond.field) != 0; i++)
                ;
            if (i == p->nfacts && i < sizeof p->facts / sizeof p->facts[0])
                p->facts[p->nfacts++] = (struct sv_desc_fact){ f->cond.field, 1 };
        }
        if (f->kind == SV_D_GROUP || f->kind == SV_D_LIST)
            all_facts(p, f->sub);
    }
}

/* The records and facts that make the bounded entry present; -1 when it cannot be. */
static int context(struct probe *p, const struct found *b)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->target = "i386";
    all_facts(p, b->d->fields);
    /* the newest version holding the entry and every level above it */
    for (p->version = b->d->version;; p->version--) {
        int all = 1;

        for (int k = 0; k <= b->depth; k++)
            all &= sv_desc_in_version(b->fr[k].entry, p->version);
        if (all)
            break;
        if (p->version == b->d->min_version)
            return -1;
    }
    for (int k = 0; k <= b->depth; k++) {
        const struct sv_desc_field *g = b->fr[k].entry;

        if (present(p, k, g) < 0)
            return -1;
        if (k == b->depth)
            break;
        if (g->count)                   /* element 0 of a counted group */
            set_rec(p, b->fr[k].prefix, entry_named(b->fr[k].table, g->count), 1);
        if (g->kind == SV_D_LIST) {     /* a list's element 0: its tag, not the end marker */
            char prefix[200];

            snprintf(prefix, sizeof prefix, "%s%s[0].", b->fr[k].prefix, g->name);
            set_rec(p, prefix, g->sub, (uint64_t)g->sub->dflt != g->end ? (uint64_t)g->sub->dflt : g->end + 1);
        }
    }
    return 0;
}

/* The entry a value name ("channel[0].latched_count") stands for. */
static const struct sv_desc_field *entry_at(const struct sv_desc_field *t, const char *name)
{
    char part[160];
    const char *dot;
    size_t n;

    for (;;) {
        const struct sv_desc_field *f;

        dot = strchr(name, '.');
        n = dot ? (size_t)(dot - name) : strlen(name);
        snprintf(part, sizeof part, "%.*s", (int)n, name);
        part[strcspn(part, "[")] = 0;
        if (!(f = entry_named(t, part)) || !dot)
            return f;
        t = f->sub;
        name = dot + 1;
    }
}

/*
 * A writer gives every required field (F-18): the probe adds those a
 * decode says are missing, as zeros, one at a time.
 */
static uint8_t *tagged_body(const struct probe *p, size_t *len);
static void add_rec(struct probe *p, const char *name, const struct sv_desc_field *f, int known_new)
{
    size_t i = p->nr;

    while (!known_new && i > 0 && strcmp(p->r[i - 1].name, name) != 0)
        i--;
    if ((!known_new && i > 0) || p->nr == MAXREC)
        return;
    i = p->nr;
    snprintf(p->r[i].name, sizeof p->r[i].name, "%s", name);
    p->r[i].type = f->kind == SV_D_BYTES ? SV_BYTES : sv_desc_type(f, p->target);
    /* zero, or the least value its bounds take */
    p->r[i].v = f->bounded && f->lo > 0 ? (uint64_t)f->lo : 0;
    p->r[i].vec = f->kind == SV_D_BYTES || f->n || f->count;
    p->r[i].zeros = f->n;
    if (f->count) {                     /* the count as the probe set it, else its default */
        const struct sv_desc_field *cf = NULL;
        size_t plen = strrchr(name, '.') ? (size_t)(strrchr(name, '.') - name + 1) : 0;
        char cn[160];
        uint64_t cnt;
        int set = 0;

        snprintf(cn, sizeof cn, "%.*s%s", (int)plen, name, f->count);
        cf = entry_at(p->b->d->fields, cn);
        cnt = cf ? (uint64_t)cf->dflt : 0;
        for (size_t j = 0; j < p->nr && !set; j++)
            if (strcmp(p->r[j].name, cn) == 0) {
                cnt = p->r[j].v;
                set = 1;
            }
        p->r[i].zeros = (uint32_t)(cnt & (f->count_mask ? f->count_mask : UINT64_MAX));
    }
    if (p->r[i].vec && f->kind != SV_D_BYTES)
        p->r[i].type |= SV_ARRAY;
    p->nr++;
}

static void add_required(struct probe *p)
{
    struct sv_desc_ctx c = { .target = p->target, .instance = -1, .facts = p->facts, .nfacts = p->nfacts };

    for (int tries = 0; tries < 4096; tries++) {
        const struct sv_desc_field *f;
        struct sv_values v;
        struct sv_error err;
        uint8_t *body;
        size_t blen, nr = p->nr;
        int k;

        body = tagged_body(p, &blen);
        k = dc_decode_tagged(p->b->d, &c, body, blen, &v, &err);
        free(body);
        if (k == 0)
            sv_values_free(&v);
        if (k == 0 || err.code != SV_E_MISSING || !(f = entry_at(p->b->d->fields, err.field)))
            return;
        if (p->list_elems) {
            /* inside the probed list: every element lacks it */
            const struct found *b = p->b;
            char head[200], name[200];
            const char *at;

            snprintf(head, sizeof head, "%s%s[", b->fr[b->depth].prefix, b->fr[b->depth].entry->name);
            if (strncmp(err.field, head, strlen(head)) == 0 && (at = strchr(err.field + strlen(head), ']'))) {
                for (int e = 0; e < p->list_elems; e++) {
                    snprintf(name, sizeof name, "%s%d%s", head, e, at);
                    add_rec(p, name, f, 1);     /* the decode said the field is missing */
                }
            }
        }
        add_rec(p, err.field, f, 0);
        if (p->nr == nr)
            return;
    }
}

/* A tagged body of the probe's records. */
static uint8_t *tagged_body(const struct probe *p, size_t *len)
{
    const struct found *b = p->b;
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *body;

    sv_tenc_begin(&e, SV_KIND_FIELDS, p->version, b->release, b->d->by_target ? p->target : "");
    for (size_t i = 0; i < p->nr; i++) {
        static const uint8_t zeros[1 << 20];
        const struct sv_type_info *t = sv_type_info(p->r[i].type & ~SV_ARRAY);

        if (p->r[i].vec && (uint64_t)p->r[i].zeros * t->width > sizeof zeros)
            bail("%s: %u zero elements are more than this test holds", p->r[i].name, p->r[i].zeros);
        if (p->r[i].vec)
            sv_tenc_field(&e, p->r[i].name, p->r[i].type, 0, p->r[i].zeros, zeros);
        else
            sv_tenc_uint(&e, p->r[i].name, p->r[i].type, 0, p->r[i].v);
    }
    for (int i = 0; i < p->list_elems; i++) {
        const struct sv_desc_field *l = b->fr[b->depth].entry;
        char name[200];

        snprintf(name, sizeof name, "%s%s[%d].%s", b->fr[b->depth].prefix, l->name, i, l->sub->name);
        sv_tenc_uint(&e, name, sv_desc_type(l->sub, p->target), 0,
                     (uint64_t)l->sub->dflt != l->end ? (uint64_t)l->sub->dflt : l->end + 1);
    }
    body = sv_tenc_take(&e, len, &err);
    if (!body)
        bail("probe body: %s", err.msg);
    return body;
}

static struct sv_desc_ctx ctx_of(const struct probe *p)
{
    return (struct sv_desc_ctx){ .target = p->target, .instance = -1, .facts = p->facts,
                                 .nfacts = p->nfacts };
}

/* Did the error name the probed field (a list's: one of its elements)? */
static int names(const struct sv_error *e, const char *name)
{
    return strncmp(e->field, name, strlen(name)) == 0;
}

static void put_wire(uint8_t *at, unsigned width, int le, uint64_t v)
{
    for (unsigned i = 0; i < width; i++)
        at[le ? i : width - 1 - i] = (uint8_t)(v >> (8 * i));
}

/* Does the value fit the tagged type of the field (else it cannot be written, let alone loaded)? */
static int representable(uint8_t type, int64_t v)
{
    const struct sv_type_info *t = sv_type_info(type);

    if (t->is_signed)
        return t->width == 8 || (v >= -(1LL << (8 * t->width - 1)) && v < (1LL << (8 * t->width - 1)));
    return v >= 0 && (t->width == 8 || (uint64_t)v <= t->umax);
}

/*
 * One probe: `name` (a record of p, or the list) at value x.  Inside: the
 * tagged body decodes, its legacy bytes decode.  Outside: the tagged body
 * is refused naming it, and so are the inside legacy bytes with x written
 * where the value sits.
 */
static int probe_one(struct probe *p, const char *name, int64_t x, int inside, const struct probe *legacy_from,
                     char *why, size_t wl)
{
    const struct found *b = p->b;
    struct sv_desc_ctx c = ctx_of(p);
    struct sv_values v, lv;
    struct sv_error err;
    uint8_t *body, *leg;
    size_t blen, llen;
    uint64_t used;
    int good = 1, k;

    body = tagged_body(p, &blen);
    k = dc_decode_tagged(b->d, &c, body, blen, &v, &err);
    free(body);
    if (inside) {
        if (k < 0) {
            snprintf(why, wl, "%s = %" PRId64 " refused from a tagged body: %s", name, x, dc_errtext(&err));
            return 0;
        }
        leg = dc_encode_legacy(b->d, &c, p->version, &v, &llen, &err);
        if (!leg || dc_decode(b->d, &c, p->version, leg, llen, &lv, &err, &used) < 0) {
            snprintf(why, wl, "%s = %" PRId64 " refused from legacy bytes: %s", name, x, dc_errtext(&err));
            good = 0;
        } else {
            sv_values_free(&lv);
        }
        free(leg);
        sv_values_free(&v);
        return good;
    }
    if (k == 0 || !names(&err, name)) {
        snprintf(why, wl, "%s = %" PRId64 " from a tagged body: %s", name, x, k == 0 ? "accepted" : dc_errtext(&err));
        good = 0;
    }
    if (k == 0)
        sv_values_free(&v);
    if (legacy_from) {
        /* the inside body's legacy bytes, with x where the value sits */
        struct sv_desc_ctx lc = ctx_of(legacy_from);
        const struct sv_value *at;

        body = tagged_body(legacy_from, &blen);
        if (dc_decode_tagged(b->d, &lc, body, blen, &v, &err) < 0) {
            snprintf(why, wl, "%s: the inside probe does not decode: %s", name, dc_errtext(&err));
            free(body);
            return 0;
        }
        free(body);
        leg = dc_encode_legacy(b->d, &lc, legacy_from->version, &v, &llen, &err);
        sv_values_free(&v);
        /* where the value sits: the legacy decode's offsets */
        if (!leg || dc_decode(b->d, &lc, legacy_from->version, leg, llen, &v, &err, &used) < 0) {
            snprintf(why, wl, "%s: the inside probe's legacy bytes do not decode: %s", name, dc_errtext(&err));
            free(leg);
            return 0;
        }
        at = sv_values_get(&v, name);
        if (!at || !at->has_offset)
            bail("%s: no legacy bytes to patch", name);
        if (at->wire < 8 && !(x >= -(1LL << (8 * at->wire - 1)) && x < (1LL << (8 * at->wire)))) {
            free(leg);                  /* the legacy bytes cannot hold it */
            sv_values_free(&v);
            return good;
        }
        put_wire(leg + at->offset, at->wire, at->field->le, (uint64_t)x);
        k = dc_decode(b->d, &lc, legacy_from->version, leg, llen, &lv, &err, &used);
        if (k == 0 || !names(&err, name)) {
            snprintf(why, wl, "%s = %" PRId64 " from legacy bytes: %s", name, x, k == 0 ? "accepted" : dc_errtext(&err));
            good = 0;
        }
        if (k == 0)
            sv_values_free(&lv);
        free(leg);
        sv_values_free(&v);
    }
    return good;
}

/* The name of entry f at level k of b, concrete. */
static void name_at(const struct found *b, int k, const char *entry, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", b->fr[k].prefix, entry);
}

struct tally {
    int probes, bad, unprobed;
    char first[1200];
};

static void check(struct tally *t, int good, const char *why)
{
    t->probes++;
    if (!good)
        diag("%s", why);
    if (!good && !t->bad++)
        snprintf(t->first, sizeof t->first, "%s", why);
}

/* An entry given twice with index conditions (a default per element, as
 * hpet's timers): the same bound, probed through the twin element 0 holds. */
static int twin_probed(const struct found *b)
{
    if (b->fr[b->depth].entry->cond.kind != SV_IF_INDEX)
        return 0;
    for (size_t i = 0; i < nfound; i++) {
        const struct found *o = &found[i];

        if (o != b && o->d == b->d && strcmp(o->release, b->release) == 0 && strcmp(o->path, b->path) == 0 &&
            o->kind == b->kind && o->lo == b->lo && o->hi == b->hi)
            return 1;
    }
    return 0;
}

/* Value x of the entry named `entry` in the probe's innermost table, in and out. */
static void probe_value(struct tally *t, const struct found *b, const char *entry, int64_t in_v, int64_t out_v,
                        uint64_t ref_v, const char *ref)
{
    const struct sv_desc_field *tbl = b->fr[b->depth].table, *f = entry_named(tbl, entry);
    static struct probe in, out;        /* large: static, this test is not reentrant */
    char name[200], why[1000], what[400];
    uint8_t type;

    if (context(&in, b) < 0 || !f) {
        if (twin_probed(b))
            return;
        t->unprobed++;
        diag("%s %s %s: cannot be made present to probe", b->release, b->d->idstr, b->path);
        return;
    }
    if (ref)
        set_rec(&in, b->fr[b->depth].prefix, entry_named(tbl, ref), ref_v);
    else {
        /* the fields it is measured against allow the value probed */
        if (f->hi_field)
            set_rec(&in, b->fr[b->depth].prefix, entry_named(tbl, f->hi_field), (uint64_t)in_v);
        if (f->lo_field)
            set_rec(&in, b->fr[b->depth].prefix, entry_named(tbl, f->lo_field), (uint64_t)in_v);
    }
    out = in;
    type = sv_desc_type(f, in.target);
    name_at(b, b->depth, entry, name, sizeof name);
    snprintf(what, sizeof what, "%s %s %s (%s)", b->release, b->d->idstr, b->path, kind_name(b->kind));
    set_rec(&in, b->fr[b->depth].prefix, f, (uint64_t)in_v);
    add_required(&in);
    snprintf(why, sizeof why, "%s: ", what);
    check(t, probe_one(&in, name, in_v, 1, NULL, why + strlen(why), sizeof why - strlen(why)), why);
    if (!representable(type, out_v))
        return;
    set_rec(&out, b->fr[b->depth].prefix, f, (uint64_t)out_v);
    add_required(&out);
    snprintf(why, sizeof why, "%s: ", what);
    check(t, probe_one(&out, name, out_v, 0, &in, why + strlen(why), sizeof why - strlen(why)), why);
}

/* A list of n elements is taken, of n + 1 refused. */
static void probe_list(struct tally *t, const struct found *b, int64_t n)
{
    static struct probe in, out;        /* large: static, this test is not reentrant */
    char name[200], why[1000];

    if (context(&in, b) < 0) {
        t->unprobed++;
        return;
    }
    out = in;
    in.list_elems = (int)n;
    out.list_elems = (int)n + 1;
    add_required(&in);
    add_required(&out);
    name_at(b, b->depth, b->fr[b->depth].entry->name, name, sizeof name);
    snprintf(why, sizeof why, "%s %s %s: ", b->release, b->d->idstr, b->path);
    check(t, probe_one(&in, name, n, 1, NULL, why + strlen(why), sizeof why - strlen(why)), why);
    snprintf(why, sizeof why, "%s %s %s: ", b->release, b->d->idstr, b->path);
    check(t, probe_one(&out, name, n + 1, 0, NULL, why + strlen(why), sizeof why - strlen(why)), why);
}

static void probe_found(struct tally *t, const struct found *b)
{
    const struct sv_desc_field *f = b->fr[b->depth].entry;
    size_t at;
    const struct fact *x = fact_of(b, &at);

    if (!x)
        return;                         /* test_tables reports it */
    /* the fact's bound, not the table's: a table off by one fails here too */
    switch (b->kind) {
    case F_RANGE:
        probe_value(t, b, f->name, x->hi, x->hi + 1, 0, NULL);
        probe_value(t, b, f->name, x->lo, x->lo - 1, 0, NULL);
        break;
    case F_INDEX:
        probe_value(t, b, f->name, x->hi - 1, x->hi, 0, NULL);
        break;
    case F_CAP:
        if (f->kind == SV_D_LIST) {
            probe_list(t, b, x->hi);
        } else {
            const struct sv_desc_field *cf = entry_named(b->fr[b->depth].table, f->count);

            /* a count bounded below the capacity is probed by its own range */
            if (cf && !(cf->bounded && cf->hi < x->hi))
                probe_value(t, b, f->count, x->hi, x->hi + 1, 0, NULL);
        }
        break;
    case F_ATMOST:
        probe_value(t, b, f->name, 100, 101, 100, x->ref);
        break;
    case F_ATLEAST:
        probe_value(t, b, f->name, 100, 99, 100, x->ref);
        break;
    }
}

int main(void)
{
    struct tally t = { 0 };

    tap_init();
    plan_lazy();
    for (int r = 0; r < SV_REL_COUNT; r++)
        sv_desc_foreach(sv_releases[r].name, NULL, collect_one, NULL);
    test_tables();
    for (size_t i = 0; i < nfound; i++)
        probe_found(&t, &found[i]);
    if (t.bad)
        diag("first: %s", t.first);
    ok(t.probes > 0, "%d probes of the facts' bounds", t.probes);
    is_int(t.unprobed, 0, "every bound can be probed");
    is_int(t.bad, 0, "just inside loads and just outside is refused naming the field, tagged and legacy");
    return 0;
}
