/* The stream walker; see sv-walk.h. */
#include <config.h>

#include "sv-walk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sv-input.h"
#include "transcode.h"

/* Legacy bodies of the described devices are far below this (fdc: 545). */
#define LOOKAHEAD (1u << 20)

const char *sv_walk_format_name(enum sv_walk_format f)
{
    static const char *const names[] = { "legacy", "tagged", "opaque", "live" };

    return names[f];
}

static const struct sv_release *pair_release(unsigned p)
{
    return &sv_releases[p / SV_WALK_NTGT];
}

static const char *pair_target(unsigned p)
{
    return sv_targets[p % SV_WALK_NTGT].name;
}

/* The pairs of the releases in mask (SV_REL_BIT). */
static unsigned pairs_of(unsigned releases)
{
    unsigned pairs = 0;

    for (unsigned p = 0; p < SV_WALK_NPAIRS; p++)
        if (releases & SV_REL_BIT(p / SV_WALK_NTGT))
            pairs |= 1u << p;
    return pairs;
}

/* Machine facts a legacy layout may need, from sections seen earlier in the
 * stream: cirrus_vga carries PCI config only on a PCI machine, whose
 * PCIBUS section the core registers (and saves) before it. */
static int walk_fact(void *opaque, const char *name, uint64_t *v)
{
    const struct sv_walk *w = opaque;

    if (strcmp(name, "pci") != 0)
        return 0;
    *v = (uint64_t)w->seen_pcibus;
    return 1;
}

/* ---- opening ---- */

static int set_err(struct sv_walk *w, const struct sv_error *e)
{
    if (w->err.code == SV_OK)
        w->err = *e;
    return -1;
}

/* The container header; releases that write another container drop out. */
static int read_header(struct sv_walk *w)
{
    unsigned same = 0;

    if (sv_v3_read_file_header(&w->in) < 0)
        return set_err(w, &w->in.err);
    for (int r = 0; r < SV_REL_COUNT; r++)
        if (sv_releases[r].container_version == SV_V3_VERSION)
            same |= SV_REL_BIT(r);
    w->pairs &= pairs_of(same);
    return 0;
}

/*
 * A regular file is mapped: RAM pages dominate and the walk needs their
 * headers only, so it reads no page it is not asked for; so is the image
 * of a snapshot's state (lib/sv-input.h), through its clusters.  Anything
 * else (a pipe) is read in 1 MiB gulps, not stdio's 4 KiB.
 */
static void open_stream(struct sv_walk *w)
{
    off_t at;

    if (sv_input_stream(w->file, &w->in) == 0)
        return;
    at = ftello(w->file);
    if (at >= 0 && sv_stream_map_reader(&w->in, fileno(w->file), (uint64_t)at) == 0)
        return;
    /* a pipe, or a snapshot's state in an image that cannot be mapped */
    setvbuf(w->file, NULL, _IOFBF, 1u << 20);
    sv_stream_file_lookahead(&w->in, w->file);
    w->in.read_error = sv_input_fail;
}

int sv_walk_open(struct sv_walk *w, const char *path, const char *release, const char *target)
{
    return sv_walk_open_file(w, path, NULL, release, target);
}

int sv_walk_open_file(struct sv_walk *w, const char *path, FILE *f, const char *release, const char *target)
{
    memset(w, 0, sizeof *w);
    sv_error_clear(&w->err);
    w->name = path;
    w->release_given = release != NULL;
    w->target_given = target != NULL;
    for (unsigned p = 0; p < SV_WALK_NPAIRS; p++)
        if ((!release || strcmp(release, pair_release(p)->name) == 0) &&
            (!target || strcmp(target, pair_target(p)) == 0))
            w->pairs |= 1u << p;
    w->saves = w->pairs;
    /* "-", a file, or IMAGE:TAG (a snapshot's VM state, lib/sv-input.h) */
    w->file = f ? f : sv_input_open(path, &w->err);
    if (!w->file)
        return -1;
    open_stream(w);
    return read_header(w);
}

int sv_walk_input_fd(const struct sv_walk *w, uint64_t off, uint64_t *file_off)
{
    return sv_stream_map_source(&w->in, off, file_off);
}

void sv_walk_close(struct sv_walk *w)
{
    if (w->file && w->file != stdin)
        fclose(w->file);
    w->file = NULL;
    sv_stream_free(&w->in);
}

void sv_walk_sec_free(struct sv_walk_sec *sec)
{
    free(sec->body);
    if (sec->have_rec)
        sv_recset_free(&sec->rec);
    sv_values_free(&sec->vals);
    memset(sec, 0, sizeof *sec);
}

/* "0.10 or 0.11", or with prefix "--target ": "--target i386 or --target x86_64" */
static void names_of(unsigned pairs, int targets, const char *prefix, char *buf, size_t len)
{
    size_t k = 0;
    int first = 1;

    buf[0] = 0;
    for (unsigned i = 0; i < (targets ? SV_WALK_NTGT : SV_WALK_NREL); i++) {
        unsigned mask = 0;

        for (unsigned p = 0; p < SV_WALK_NPAIRS; p++)
            if ((targets ? p % SV_WALK_NTGT : p / SV_WALK_NTGT) == i)
                mask |= 1u << p;
        if (!(pairs & mask))
            continue;
        k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s%s%s", first ? "" : " or ", prefix,
                              targets ? sv_targets[i].name : sv_releases[i].name);
        first = 0;
    }
}

/* A release that borrows another's tables (the registry) is that release
 * plus devices of its own: a stream both fit uses none of them, so it is
 * the lender's. */
unsigned sv_walk_writers(const struct sv_walk *w)
{
    /* a release whose binaries save the versions found wrote the stream,
     * not one that merely loads them (0.11.1 loads 0.10.6's cpu v8) */
    return w->pairs & w->saves ? w->pairs & w->saves : w->pairs;
}

static unsigned label_pairs(const struct sv_walk *w)
{
    unsigned pairs = sv_walk_writers(w), drop = 0;

    for (int r = 0; r < SV_REL_COUNT; r++) {
        const struct sv_release *lender = sv_releases[r].borrows;

        if (lender && (pairs & pairs_of(SV_REL_BIT(sv_release_id(lender)))))
            drop |= pairs_of(SV_REL_BIT(r));
    }
    return pairs & ~drop;
}

int sv_walk_releases(const struct sv_walk *w, char *buf, size_t len)
{
    names_of(label_pairs(w), 0, "", buf, len);
    return strstr(buf, " or ") == NULL;
}

const char *sv_walk_release(const struct sv_walk *w)
{
    const struct sv_release *r = NULL;
    unsigned pairs = label_pairs(w);

    for (unsigned p = 0; p < SV_WALK_NPAIRS; p++) {
        if (!(pairs & 1u << p))
            continue;
        if (r && r != pair_release(p))
            return NULL;
        r = pair_release(p);
    }
    return r ? r->name : NULL;
}

/* ---- choosing a legacy layout ---- */

static int live_index(const struct sv_walk *w, uint32_t id)
{
    for (unsigned i = 0; i < w->nlive; i++)
        if (w->live[i].id == id)
            return (int)i;
    return -1;
}

/* Could a section header (or the end) start at p?  n bytes are visible;
 * eof: nothing follows them.  Unsure (buffer too short) counts as yes. */
static int plausible(const struct sv_walk *w, const uint8_t *p, size_t n, int eof)
{
    size_t need;
    uint32_t v;

    if (n == 0)
        return !eof;
    switch (p[0]) {
    case SV_V3_EOF:
        return n == 1;
    case SV_V3_PART:
    case SV_V3_END:
        if (n < 5)
            return !eof;
        return live_index(w, (uint32_t)sv_load_be(p + 1, 4)) >= 0;
    case SV_V3_START:
    case SV_V3_FULL:
        if (n < 6)
            return !eof;
        need = 6 + (size_t)p[5] + 8;
        if (p[5] == 0)
            return 0;
        for (size_t i = 0; i < p[5] && 6 + i < n; i++)
            if (p[6 + i] <= 0x20 || p[6 + i] >= 0x7f)
                return 0;
        if (n < need)
            return !eof;
        v = (uint32_t)sv_load_be(p + need - 4, 4);
        return v == SV_TAGGED_VERSION || v < 1000;
    }
    return 0;
}

static int values_equal(const struct sv_values *a, const struct sv_values *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct sv_value *x = &a->v[i], *y = &b->v[i];

        if (strcmp(x->name, y->name) != 0 || x->type != y->type || x->count != y->count)
            return 0;
        if (x->b ? memcmp(x->b, y->b, x->count) != 0 : 0)
            return 0;
        for (uint32_t k = 0; !x->b && k < (x->a ? x->count : 1); k++)
            if (sv_value_elem(x, k) != sv_value_elem(y, k))
                return 0;
    }
    return 1;
}

struct group {
    const struct sv_desc *d;
    int tgt;                    /* -1: the layout does not depend on it */
    size_t rank;                /* of the release's layouts for the idstr, the n-th (sv_desc_find_nth) */
    unsigned pairs;
    int ok;
    struct sv_values vals;
};

#define MAX_GROUPS (SV_WALK_NPAIRS * 2)

/*
 * Picks the pair to decode a legacy section with, narrowing w->pairs.
 * Pairs without a descriptor for (idstr, version) drop out; when the rest
 * disagree on the layout, each layout is tried on a look-ahead buffer and
 * kept when it decodes and a plausible section header (or the end) follows.
 */
static int choose_layout(struct sv_walk *w, const struct sv_v3_section *h, unsigned *pick,
                         const struct sv_desc **chosen)
{
    struct group g[MAX_GROUPS];
    unsigned ng = 0, cand = 0, keep = 0, nok = 0;
    const uint8_t *p;
    size_t n;
    char names[96];

    for (unsigned i = 0; i < SV_WALK_NPAIRS; i++) {
        const struct sv_desc *d;

        if (!(w->pairs & 1u << i))
            continue;
        /* a release may save one idstr with several layouts: each is a group;
         * it saves this version when one of them does */
        int saves_it = 0;

        for (size_t rank = 0; ng < MAX_GROUPS &&
             (d = sv_desc_find_nth(pair_release(i)->name, pair_target(i), h->idstr, h->version_id, rank));
             rank++) {
            int tgt = d->by_target ? (int)(i % SV_WALK_NTGT) : -1;
            unsigned j;

            cand |= 1u << i;
            if (d->version == h->version_id || d->also_saves == h->version_id)
                saves_it = 1;
            for (j = 0; j < ng && !(g[j].d == d && g[j].tgt == tgt); j++)
                ;
            if (j == ng)
                g[ng++] = (struct group){ .d = d, .tgt = tgt, .rank = rank };
            g[j].pairs |= 1u << i;
        }
        if ((cand & 1u << i) && !saves_it)
            w->saves &= ~(1u << i);
    }
    if (!cand) {
        names_of(w->pairs, 0, "", names, sizeof names);
        sv_error_set(&w->err, SV_E_UNKNOWN, h->offset,
                     "no descriptor for device \"%s\" version %u in release %s: "
                     "the length of its legacy body is unknowable, the walk stops here",
                     h->idstr, h->version_id, names);
        return -1;
    }
    if (ng == 1) {
        w->pairs = cand;
        *pick = (unsigned)__builtin_ctz(cand);
        *chosen = g[0].d;
        return 0;
    }
    n = sv_peek(&w->in, LOOKAHEAD, &p);
    for (unsigned j = 0; j < ng; j++) {
        unsigned first = (unsigned)__builtin_ctz(g[j].pairs);
        struct sv_transcode x = { .release = pair_release(first)->name, .target = pair_target(first),
                                  .idstr = h->idstr, .instance = h->instance_id,
                                  .fact_hook = walk_fact, .opaque = w, .desc = g[j].d };
        struct sv_stream m;
        struct sv_error e;
        uint8_t *bytes;
        size_t len;

        sv_error_clear(&e);
        sv_stream_mem_reader(&m, p, n);
        if (sv_transcode_read_legacy(&x, h->version_id, &m, &bytes, &len, &g[j].vals, &e) == 0 &&
            plausible(w, p + len, n - len, n < LOOKAHEAD)) {
            g[j].ok = 1;
            nok++;
        }
        free(bytes);
    }
    /* layouts that read the same values are the same layout here */
    for (unsigned j = 0; j < ng; j++) {
        if (!g[j].ok)
            continue;
        for (unsigned k = j + 1; k < ng; k++)
            if (g[k].ok && values_equal(&g[j].vals, &g[k].vals)) {
                g[j].pairs |= g[k].pairs;
                g[k].ok = 0;
                nok--;
            }
    }
    /* a layout that fits where the release's likelier one fits too is not the one */
    for (unsigned j = 0; j < ng; j++)
        for (unsigned k = 0; g[j].ok && g[j].rank && k < ng; k++)
            if (k != j && g[k].ok && g[k].rank < g[j].rank && (g[k].pairs & g[j].pairs) == g[j].pairs) {
                g[j].ok = 0;
                nok--;
            }
    *chosen = NULL;
    for (unsigned j = 0; j < ng; j++) {
        if (g[j].ok) {
            keep |= g[j].pairs;
            if (!*chosen)
                *chosen = g[j].d;
        }
        sv_values_free(&g[j].vals);
    }
    if (nok == 0) {
        /* none fits: decode with the first for a precise message */
        *pick = (unsigned)__builtin_ctz(g[0].pairs);
        *chosen = g[0].d;
        return 0;
    }
    if (nok > 1) {
        int by_target = 1;

        for (unsigned j = 0; j < ng; j++)
            for (unsigned k = 0; k < ng; k++)
                if ((keep & g[j].pairs) && (keep & g[k].pairs) && g[j].d != g[k].d)
                    by_target = 0;
        names_of(keep, by_target, by_target ? "--target " : "--release ", names, sizeof names);
        sv_error_set(&w->err, SV_E_USAGE, h->offset,
                     "the stream does not say which %s wrote this section: give %s",
                     by_target ? "target" : "release", names);
        return -1;
    }
    w->pairs = keep;
    *pick = (unsigned)__builtin_ctz(keep);
    return 0;
}

/* ---- machine facts the stream does not state ---- */

#define WALK_NGUESS 4             /* facts a layout may depend on */

/* The machine facts a table's layout depends on that walk_fact cannot answer. */
static size_t unknown_facts(struct sv_walk *w, const struct sv_desc_field *f, const char **names, size_t n)
{
    for (; f && f->name; f++) {
        uint64_t v;
        size_t i;

        if (f->cond.kind == SV_IF_MACHINE && !walk_fact(w, f->cond.field, &v)) {
            for (i = 0; i < n && strcmp(names[i], f->cond.field) != 0; i++)
                ;
            if (i == n && n < WALK_NGUESS)
                names[n++] = f->cond.field;
        }
        if (f->kind == SV_D_GROUP || f->kind == SV_D_LIST)
            n = unknown_facts(w, f->sub, names, n);
    }
    return n;
}

/*
 * A layout may depend on a fact no earlier section tells (the standard
 * VGA's PCI part, descriptors/vga.c: -vga vmware embeds a VGA without one
 * on a PCI machine).  Each assignment is tried on the look-ahead and kept
 * when the section decodes and a plausible header (or the end) follows;
 * when none fits, the first is kept for a precise message.
 */
static int guess_facts(struct sv_walk *w, const struct sv_transcode *x, const struct sv_v3_section *h,
                       struct sv_desc_fact *facts, size_t *nfacts)
{
    const struct sv_desc *d = sv_desc_find(x->release, x->target, h->idstr, h->version_id);
    const char *names[WALK_NGUESS];
    size_t n = d ? unknown_facts(w, d->fields, names, 0) : 0, avail;
    unsigned fits = 0, pick = 0;
    const uint8_t *p;

    *nfacts = 0;
    if (!n)
        return 0;
    avail = sv_peek(&w->in, LOOKAHEAD, &p);
    for (unsigned a = 0; a < 1u << n; a++) {
        struct sv_transcode t = *x;
        struct sv_stream m;
        struct sv_error e;
        uint8_t *bytes = NULL;
        size_t len = 0;

        for (size_t i = 0; i < n; i++)
            facts[i] = (struct sv_desc_fact){ names[i], (a >> i) & 1 };
        t.facts = facts;
        t.nfacts = n;
        sv_error_clear(&e);
        sv_stream_mem_reader(&m, p, avail);
        if (sv_transcode_read_legacy(&t, h->version_id, &m, &bytes, &len, NULL, &e) == 0 &&
            plausible(w, p + len, avail - len, avail < LOOKAHEAD) && !fits++)
            pick = a;
        free(bytes);
    }
    if (fits > 1) {
        sv_error_set(&w->err, SV_E_USAGE, h->offset,
                     "the stream does not say machine fact \"%s\", and the layout fits either way",
                     names[0]);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        facts[i].value = (pick >> i) & 1;
    *nfacts = n;
    return 0;
}

/* ---- sections ---- */

static int read_legacy(struct sv_walk *w, struct sv_walk_sec *sec)
{
    struct sv_transcode x = { .idstr = sec->h.idstr, .instance = sec->h.instance_id,
                              .fact_hook = walk_fact, .opaque = w };
    struct sv_desc_ctx c = { .instance = sec->h.instance_id, .fact_hook = walk_fact, .opaque = w };
    struct sv_stream body, m;
    struct sv_error e;
    struct sv_desc_fact facts[WALK_NGUESS];
    unsigned pick;
    size_t len, nfacts;

    if (choose_layout(w, &sec->h, &pick, &x.desc) < 0)
        return -1;
    x.release = pair_release(pick)->name;
    x.target = pair_target(pick);
    if (guess_facts(w, &x, &sec->h, facts, &nfacts) < 0)
        return -1;
    x.facts = c.facts = facts;
    x.nfacts = c.nfacts = nfacts;
    sv_error_clear(&e);
    if (sv_transcode_read_legacy(&x, sec->h.version_id, &w->in, &sec->body, &sec->body_len, &sec->vals, &e) != 0)
        return set_err(w, sv_stream_failed(&w->in) ? &w->in.err : &e);
    sec->format = SV_WF_LEGACY;
    sec->length = sec->body_len;
    sec->legacy_version = sec->h.version_id;
    sec->release = x.release;
    sec->target = sec->vals.desc->by_target ? x.target : "";
    /* the canonical tagged form gives the fields' names, types and flags (F-23) */
    c.target = x.target;
    sv_stream_mem_writer(&body, SV_BODY_MAX);
    if (sv_desc_encode_tagged(sec->vals.desc, &c, x.release, &sec->vals, &body, &e) < 0) {
        sv_stream_free(&body);
        return set_err(w, &e);
    }
    {
        const uint8_t *b = sv_stream_mem_data(&body, &len);

        sv_stream_mem_reader(&m, b, len);
        if (sv_recset_read(&sec->rec, &m) < 0) {
            sv_recset_free(&sec->rec);
            sv_stream_free(&body);
            return set_err(w, &m.err);
        }
    }
    sec->have_rec = 1;
    sv_stream_free(&body);
    return 0;
}

static int read_tagged(struct sv_walk *w, struct sv_walk_sec *sec)
{
    uint8_t head[10];
    size_t got = sv_read_some(&w->in, head, sizeof head), cap = 0;
    uint32_t claimed = got == sizeof head ? (uint32_t)sv_load_be(head + 6, 4) : 0;
    struct sv_stream m;

    if (sv_stream_failed(&w->in))
        return set_err(w, &w->in.err);
    /* the body grows only as bytes arrive (F-22) */
    sec->body = malloc(sizeof head);
    if (!sec->body)
        return sv_error_set_nooff(&w->err, SV_E_NOMEM, "out of memory");
    memcpy(sec->body, head, got);
    sec->body_len = got;
    cap = sizeof head;
    if (got == sizeof head && memcmp(head, SV_TAGGED_MAGIC, 4) == 0 && claimed <= SV_BODY_MAX) {
        while (sec->body_len < claimed) {
            size_t want = claimed - sec->body_len, k;

            if (want > 65536)
                want = 65536;
            if (sec->body_len + want > cap) {
                uint8_t *b = realloc(sec->body, sec->body_len + want);

                if (!b)
                    return sv_error_set_nooff(&w->err, SV_E_NOMEM, "out of memory");
                sec->body = b;
                cap = sec->body_len + want;
            }
            k = sv_read_some(&w->in, sec->body + sec->body_len, want);
            sec->body_len += k;
            if (k < want)
                break;
        }
        if (sv_stream_failed(&w->in))
            return set_err(w, &w->in.err);
        if (sec->body_len < claimed && claimed >= 20)
            return sv_error_set(&w->err, SV_E_TRUNC, sec->h.body,
                                "truncated: the tagged body's length is %u bytes, the stream ends after %zu",
                                claimed, sec->body_len);
    }
    sv_stream_mem_reader(&m, sec->body, sec->body_len);
    sv_stream_set_offset(&m, sec->h.body);
    if (sv_recset_read(&sec->rec, &m) < 0) {
        sv_recset_free(&sec->rec);
        return set_err(w, &m.err);
    }
    sec->have_rec = 1;
    sec->format = sec->rec.h.kind == SV_KIND_OPAQUE ? SV_WF_OPAQUE : SV_WF_TAGGED;
    sec->length = sec->rec.h.body_len;
    sec->legacy_version = sec->rec.h.legacy_version;
    sec->release = sec->rec.h.profile;
    sec->target = sec->rec.h.target;
    return 0;
}

static int at_end(struct sv_walk *w)
{
    const uint8_t *p;
    uint64_t extra = 0, at = w->in.offset;
    size_t n;

    w->done = 1;
    while ((n = sv_peek(&w->in, 65536, &p)) > 0) {
        extra += n;
        sv_skip(&w->in, n, "trailing bytes");
    }
    if (sv_stream_failed(&w->in))
        return set_err(w, &w->in.err);
    if (extra)
        return sv_error_set(&w->err, SV_E_CORRUPT, at, "%llu trailing bytes after the end-of-stream marker",
                            (unsigned long long)extra);
    return 0;
}

/* A START opens a live section one of the possible releases has: its
 * record format, or NULL. */
static const struct sv_live_section *known_live(const struct sv_walk *w, const char *idstr)
{
    for (unsigned p = 0; p < SV_WALK_NPAIRS; p++) {
        const struct sv_live_section *l;

        if ((w->pairs & 1u << p) && (l = sv_release_live(pair_release(p), idstr)))
            return l;
    }
    return NULL;
}

/*
 * The releases whose streams can start their live sections so: `idstr`
 * as the live section number `nth` (a release starts them in its list's
 * order), or, for idstr NULL, a device section after nth live ones (every
 * section a release always has came first).
 */
static unsigned pairs_fitting_live(const char *idstr, unsigned nth)
{
    unsigned mask = 0;

    for (int r = 0; r < SV_REL_COUNT; r++) {
        const struct sv_live_section *l = sv_releases[r].live;
        unsigned i = 0, fits = 1;

        for (; l && l[i].idstr && (!idstr || strcmp(l[i].idstr, idstr) != 0); i++)
            if (i >= nth && l[i].always)
                fits = 0;
        if (idstr && (!l || !l[i].idstr || i != nth))
            fits = 0;
        if (fits)
            mask |= SV_REL_BIT(r);
    }
    return pairs_of(mask);
}

int sv_walk_next(struct sv_walk *w, struct sv_walk_sec *sec)
{
    const struct sv_live_section *l;
    int r;

    memset(sec, 0, sizeof *sec);
    if (w->done)
        return 0;
    if (sv_v3_read_section(&w->in, &sec->h) < 0) {
        w->done = 1;
        return set_err(w, &w->in.err);
    }
    switch (sec->h.type) {
    case SV_V3_EOF:
        return at_end(w) < 0 ? -1 : 0;
    case SV_V3_START:
        if (!(l = known_live(w, sec->h.idstr)) || w->nlive == sizeof w->live / sizeof w->live[0]) {
            char names[96];

            names_of(w->pairs, 0, "", names, sizeof names);
            if (w->nlive == sizeof w->live / sizeof w->live[0])
                sv_error_set(&w->err, SV_E_LIMIT, sec->h.offset, "live section \"%s\": more than %zu "
                             "live sections", sec->h.idstr, sizeof w->live / sizeof w->live[0]);
            else
                sv_error_set(&w->err, SV_E_UNKNOWN, sec->h.offset, "live section \"%s\": release %s "
                             "has no live section of that name with known records", sec->h.idstr, names);
            sv_error_add_section(&w->err, sec->h.idstr, sec->h.instance_id);
            w->done = 1;
            return -1;
        }
        w->live[w->nlive].id = sec->h.section_id;
        snprintf(w->live[w->nlive].idstr, sizeof w->live[0].idstr, "%s", sec->h.idstr);
        w->live[w->nlive].version = sec->h.version_id;
        w->live[w->nlive].format = l->format;
        w->live[w->nlive++].instance = sec->h.instance_id;
        /* a block section is written by 0.12 on, first: other releases drop
         * out (unless none would be left: the caller named the release) */
        if (w->pairs & pairs_fitting_live(sec->h.idstr, w->nlive - 1))
            w->pairs &= pairs_fitting_live(sec->h.idstr, w->nlive - 1);
        sec->format = SV_WF_LIVE;
        sec->live_format = l->format;
        return 1;
    case SV_V3_PART:
    case SV_V3_END:
        if ((r = live_index(w, sec->h.section_id)) < 0) {
            sv_error_set(&w->err, SV_E_CORRUPT, sec->h.offset, "%s section for id %u, which no START opened",
                         sv_v3_type_name(sec->h.type), sec->h.section_id);
            w->done = 1;
            return -1;
        }
        snprintf(sec->h.idstr, sizeof sec->h.idstr, "%s", w->live[r].idstr);
        sec->h.instance_id = w->live[r].instance;
        sec->h.version_id = w->live[r].version;
        sec->format = SV_WF_LIVE;
        sec->live_format = w->live[r].format;
        return 1;
    }
    if (strcmp(sec->h.idstr, "PCIBUS") == 0)
        w->seen_pcibus = 1;
    /* the live sections a release always writes come before this one */
    if (!w->seen_full++ && (w->pairs & pairs_fitting_live(NULL, w->nlive)))
        w->pairs &= pairs_fitting_live(NULL, w->nlive);
    r = sec->h.version_id == SV_TAGGED_VERSION ? read_tagged(w, sec) : read_legacy(w, sec);
    if (r < 0) {
        struct sv_v3_section h = sec->h;

        sv_error_add_section(&w->err, sec->h.idstr, sec->h.instance_id);
        w->done = 1;
        sv_walk_sec_free(sec);     /* a failed section owns nothing; its header stays for messages */
        sec->h = h;
        return -1;
    }
    return 1;
}

/* After a live body's walk: its length, or the error with the section named. */
static int live_done(struct sv_walk *w, struct sv_walk_sec *sec, struct sv_stream *copy, int r)
{
    sec->length = w->in.offset - sec->h.body;
    if (r == 0)
        return 0;
    if (sv_stream_failed(&w->in))
        set_err(w, &w->in.err);
    else if (copy && sv_stream_failed(copy))
        set_err(w, &copy->err);
    if (w->err.code != SV_OK)
        sv_error_add_section(&w->err, sec->h.idstr, sec->h.instance_id);
    w->done = 1;
    return r;
}

int sv_walk_ram(struct sv_walk *w, struct sv_walk_sec *sec, struct sv_stream *copy,
             int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
             struct sv_ram_stats *st)
{
    if (sec->live_format == SV_LIVE_BLOCK)
        return sv_walk_block(w, sec, copy, NULL, NULL, &(struct sv_block_stats){ 0 });
    return live_done(w, sec, copy, sv_ram_walk(&w->in, copy, fn, opaque, st));
}

int sv_walk_block(struct sv_walk *w, struct sv_walk_sec *sec, struct sv_stream *copy,
                  int (*fn)(void *opaque, const struct sv_block_rec *r), void *opaque,
                  struct sv_block_stats *st)
{
    return live_done(w, sec, copy, sv_block_walk(&w->in, copy, fn, opaque, st));
}

int sv_walk_all(struct sv_walk *w)
{
    struct sv_walk_sec sec;
    int k;

    while ((k = sv_walk_next(w, &sec)) == 1) {
        k = sec.format == SV_WF_LIVE ? sv_walk_ram(w, &sec, NULL, NULL, NULL, &(struct sv_ram_stats){ 0 }) : 0;
        sv_walk_sec_free(&sec);
        if (k)
            return -1;
    }
    return k;
}
