/*
 * svtool diff: device state field by field, RAM page by page, between two
 * streams in any mix of formats.  Sections match by idstr and instance;
 * a field missing on one side counts as its default; RAM is kept as a
 * 16-byte hash per page, never as pages.
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "sv-walk.h"

struct dfield {
    char *name, *text;
    int is_default;
};

struct dsec {
    char idstr[257];
    uint32_t instance;
    int opaque;                 /* the fields are one "legacy" bytes record */
    uint8_t *legacy;            /* the legacy bytes, when known */
    size_t legacy_len;
    uint32_t legacy_version;
    struct dfield *f;
    size_t n;
    int matched;
};

struct page {
    uint64_t key;               /* address + 1; 0: empty slot */
    uint64_t h[2];
};

struct side {
    const char *name;
    struct dsec *s;
    size_t n, cap;
    struct page *pages;
    size_t npages, cap_pages;
    uint64_t mem_size;
    int ram;
    uint64_t fill_h[256][2];
    uint8_t fill_known[256];
};

/* ---- RAM: page address -> hash ---- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static void page_hash(const uint8_t *p, uint64_t h[2])
{
    uint64_t a = 0x9e3779b97f4a7c15ULL, b = 0x6a09e667f3bcc909ULL;

    for (size_t i = 0; i < SV_RAM_PAGE; i += 8) {
        uint64_t w = sv_load_be(p + i, 8);

        a = mix(a ^ w) + i;
        b = (b ^ w) * 0x100000001b3ULL + (b >> 29);
    }
    h[0] = mix(a);
    h[1] = mix(b ^ a);
}

static int page_put(struct side *sd, uint64_t addr, const uint64_t h[2])
{
    size_t i;

    if ((sd->npages + 1) * 2 > sd->cap_pages) {
        size_t ncap = sd->cap_pages ? sd->cap_pages * 2 : 1024;
        struct page *np = calloc(ncap, sizeof *np);

        if (!np)
            return -1;
        for (size_t k = 0; k < sd->cap_pages; k++) {
            if (!sd->pages[k].key)
                continue;
            for (i = mix(sd->pages[k].key) & (ncap - 1); np[i].key; i = (i + 1) & (ncap - 1))
                ;
            np[i] = sd->pages[k];
        }
        free(sd->pages);
        sd->pages = np;
        sd->cap_pages = ncap;
    }
    for (i = mix(addr + 1) & (sd->cap_pages - 1); sd->pages[i].key && sd->pages[i].key != addr + 1;
         i = (i + 1) & (sd->cap_pages - 1))
        ;
    if (!sd->pages[i].key)
        sd->npages++;
    sd->pages[i].key = addr + 1;
    sd->pages[i].h[0] = h[0];
    sd->pages[i].h[1] = h[1];
    return 0;
}

static const struct page *page_get(const struct side *sd, uint64_t addr)
{
    if (!sd->cap_pages)
        return NULL;
    for (size_t i = mix(addr + 1) & (sd->cap_pages - 1); sd->pages[i].key; i = (i + 1) & (sd->cap_pages - 1))
        if (sd->pages[i].key == addr + 1)
            return &sd->pages[i];
    return NULL;
}

static int ram_record(void *opaque, const struct sv_ram_rec *r)
{
    struct side *sd = opaque;
    uint64_t h[2];

    if (r->flags & SV_RAM_COMPRESS) {
        /* a compressed page hashes like the full page it stands for */
        if (!sd->fill_known[r->fill]) {
            uint8_t page[SV_RAM_PAGE];

            memset(page, r->fill, sizeof page);
            page_hash(page, sd->fill_h[r->fill]);
            sd->fill_known[r->fill] = 1;
        }
        return page_put(sd, r->addr, sd->fill_h[r->fill]);
    }
    if (r->flags & SV_RAM_PAGE_FLAG) {
        page_hash(r->page, h);
        return page_put(sd, r->addr, h);
    }
    return 0;
}

/* ---- device sections ---- */

static int keep_section(struct side *sd, const struct sv_walk_sec *s)
{
    struct dsec *d;

    if (sd->n == sd->cap) {
        size_t ncap = sd->cap ? sd->cap * 2 : 32;
        struct dsec *ns = realloc(sd->s, ncap * sizeof *ns);

        if (!ns)
            return -1;
        sd->s = ns;
        sd->cap = ncap;
    }
    d = &sd->s[sd->n];
    memset(d, 0, sizeof *d);
    snprintf(d->idstr, sizeof d->idstr, "%s", s->h.idstr);
    d->instance = s->h.instance_id;
    d->opaque = s->format == SV_WF_OPAQUE;
    d->legacy_version = s->legacy_version;
    if (s->format == SV_WF_LEGACY || s->format == SV_WF_OPAQUE) {
        const struct sv_field *lf = NULL;
        const uint8_t *src = s->body;
        size_t len = s->body_len;

        if (d->opaque) {
            for (size_t i = 0; i < s->rec.n; i++)
                if (strcmp(s->rec.f[i].name, "legacy") == 0)
                    lf = &s->rec.f[i];
            src = lf ? lf->value : NULL;
            len = lf ? lf->count : 0;
        }
        if (src && (d->legacy = malloc(len ? len : 1))) {
            memcpy(d->legacy, src, len);
            d->legacy_len = len;
        }
    }
    d->f = calloc(s->rec.n ? s->rec.n : 1, sizeof *d->f);
    if (!d->f)
        return -1;
    sd->n++;
    for (size_t i = 0; i < s->rec.n; i++) {
        d->f[i].name = strdup(s->rec.f[i].name);
        d->f[i].text = sv_value_text(&s->rec.f[i]);
        d->f[i].is_default = s->rec.f[i].flags & SV_FLAG_DEFAULT;
        d->n++;
        if (!d->f[i].name || !d->f[i].text)
            return -1;
    }
    return 0;
}

static void free_side(struct side *sd)
{
    for (size_t i = 0; i < sd->n; i++) {
        for (size_t k = 0; k < sd->s[i].n; k++) {
            free(sd->s[i].f[k].name);
            free(sd->s[i].f[k].text);
        }
        free(sd->s[i].f);
        free(sd->s[i].legacy);
    }
    free(sd->s);
    free(sd->pages);
}

static int load_side(struct side *sd, const char *release, const char *target)
{
    struct sv_walk w;
    struct sv_walk_sec s;
    int k, rc = 0;

    if (sv_walk_open(&w, sd->name, release, target) < 0) {
        rc = sv_tool_report(sd->name, &w.err);
        sv_walk_close(&w);
        return rc;
    }
    while (sv_walk_next(&w, &s) > 0) {
        struct sv_ram_stats st = { .mem_size = sd->mem_size };

        k = 0;
        if (s.format == SV_WF_LIVE) {
            sd->ram = 1;
            k = sv_walk_ram(&w, &s, NULL, ram_record, sd, &st);
            sd->mem_size = st.mem_size;
            if (k > 0)
                sv_error_set_nooff(&w.err, SV_E_NOMEM, "out of memory for the page table");
        } else if (keep_section(sd, &s) < 0) {
            k = sv_error_set_nooff(&w.err, SV_E_NOMEM, "out of memory");
        }
        sv_walk_sec_free(&s);
        if (k)
            break;
    }
    if (w.err.code != SV_OK)
        rc = sv_tool_report(sd->name, &w.err);
    sv_walk_close(&w);
    return rc;
}

static const struct dfield *find_field(const struct dsec *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->f[i].name, name) == 0)
            return &d->f[i];
    return NULL;
}

static void show_values(const char *a, const char *b)
{
    size_t k = 0;

    if (strlen(a) <= 72 && strlen(b) <= 72) {
        printf("A %s, B %s\n", a, b);
        return;
    }
    while (a[k] && a[k] == b[k])
        k++;
    if (a[0] == '{') {          /* an array: count the elements before k */
        size_t e = 0;

        for (size_t i = 0; i < k; i++)
            e += a[i] == ',';
        printf("arrays differ from element %zu\n", e);
    } else if (a[0] != '"') {   /* bytes, two hex digits each */
        printf("bytes differ from byte %zu (of %zu and %zu)\n", k / 2, strlen(a) / 2, strlen(b) / 2);
    } else {
        printf("strings differ from character %zu\n", k ? k - 1 : 0);
    }
}

/* Prints the differences of two sections; returns how many. */
static int diff_section(const struct dsec *a, const struct dsec *b)
{
    int n = 0;

    if ((a->opaque || b->opaque) && a->legacy && b->legacy) {
        /* no names on one side: compare what the device wrote */
        if (a->legacy_version != b->legacy_version || a->legacy_len != b->legacy_len ||
            memcmp(a->legacy, b->legacy, a->legacy_len) != 0) {
            printf("section \"%s\" instance %" PRIu32 ": legacy bytes differ (v%" PRIu32 ", %zu bytes; v%"
                   PRIu32 ", %zu bytes)\n", a->idstr, a->instance, a->legacy_version, a->legacy_len,
                   b->legacy_version, b->legacy_len);
            return 1;
        }
        return 0;
    }
    for (size_t i = 0; i < a->n; i++) {
        const struct dfield *x = &a->f[i], *y = find_field(b, x->name);

        if (y ? strcmp(x->text, y->text) == 0 : x->is_default)
            continue;
        n++;
        printf("section \"%s\" instance %" PRIu32 ": field \"%s\": ", a->idstr, a->instance, x->name);
        if (y)
            show_values(x->text, y->text);
        else
            printf("A %s, missing in B (not at its default)\n", x->text);
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct dfield *y = &b->f[i];

        if (find_field(a, y->name) || y->is_default)
            continue;
        n++;
        printf("section \"%s\" instance %" PRIu32 ": field \"%s\": missing in A, B %s (not at its default)\n",
               a->idstr, a->instance, y->name, strlen(y->text) <= 72 ? y->text : "(long value)");
    }
    return n;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

static void range_out(uint64_t lo, uint64_t hi, int *first)
{
    printf("%s%#" PRIx64 "-%#" PRIx64, *first ? "" : ", ", lo, hi + SV_RAM_PAGE - 1);
    *first = 0;
}

/* Page addresses present and different (or on one side only), as ranges. */
static int diff_ram(const struct side *a, const struct side *b)
{
    uint64_t *addr, n = 0, lo = 0, hi = 0;
    int nd = 0, first = 1;

    if (a->mem_size != b->mem_size) {
        printf("ram: mem_size: A %" PRIu64 ", B %" PRIu64 "\n", a->mem_size, b->mem_size);
        nd++;
    }
    addr = malloc((a->npages + b->npages + 1) * sizeof *addr);
    if (!addr) {
        sv_tool_complain(EXIT_USAGE, NULL, "out of memory");
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) {
        const struct side *x = pass ? b : a, *y = pass ? a : b;

        for (size_t i = 0; i < x->cap_pages; i++) {
            const struct page *p = &x->pages[i], *q;

            if (!p->key)
                continue;
            q = page_get(y, p->key - 1);
            if (q ? (!pass && (q->h[0] != p->h[0] || q->h[1] != p->h[1])) : 1)
                addr[n++] = p->key - 1;
        }
    }
    if (n) {
        qsort(addr, n, sizeof *addr, cmp_u64);
        printf("ram: %" PRIu64 " pages differ: ", n);
        lo = hi = addr[0];
        for (uint64_t i = 1; i < n; i++) {
            if (addr[i] == hi + SV_RAM_PAGE) {
                hi = addr[i];
                continue;
            }
            range_out(lo, hi, &first);
            lo = hi = addr[i];
        }
        range_out(lo, hi, &first);
        putchar('\n');
        nd++;
    }
    free(addr);
    return nd;
}

int sv_cmd_diff(int argc, char **argv)
{
    static const struct option opts[] = {
        { "release", required_argument, NULL, 'R' }, { "target", required_argument, NULL, 'T' },
        { "descriptors", required_argument, NULL, 'D' }, { NULL, 0, NULL, 0 },
    };
    const char *release = NULL, *target = NULL;
    struct side *a, *b;
    int c, rc, nd = 0;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'R')
            release = optarg;
        else if (c == 'T')
            target = optarg;
        else if (c == 'D') {
            if (!sv_tool_descriptors(optarg))
                return EXIT_USAGE;
        } else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool diff [--release R] [--target T] "
                                    "[--descriptors FILE] A B");
    }
    if (optind + 2 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "diff needs two files A and B");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    if (strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
        return sv_tool_complain(EXIT_USAGE, NULL, "diff can read only one of A and B from stdin");
    a = calloc(1, sizeof *a);
    b = calloc(1, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return sv_tool_complain(EXIT_USAGE, NULL, "out of memory");
    }
    a->name = argv[optind];
    b->name = argv[optind + 1];
    if ((rc = load_side(a, release, target)) == 0 && (rc = load_side(b, release, target)) == 0) {
        for (size_t i = 0; i < a->n; i++) {
            struct dsec *x = &a->s[i], *y = NULL;

            for (size_t k = 0; k < b->n && !y; k++)
                if (!b->s[k].matched && strcmp(b->s[k].idstr, x->idstr) == 0 &&
                    b->s[k].instance == x->instance)
                    y = &b->s[k];
            if (!y) {
                printf("section \"%s\" instance %" PRIu32 ": only in A\n", x->idstr, x->instance);
                nd++;
                continue;
            }
            y->matched = 1;
            nd += diff_section(x, y);
        }
        for (size_t k = 0; k < b->n; k++)
            if (!b->s[k].matched) {
                printf("section \"%s\" instance %" PRIu32 ": only in B\n", b->s[k].idstr, b->s[k].instance);
                nd++;
            }
        if (a->ram != b->ram) {
            printf("ram: only in %s\n", a->ram ? "A" : "B");
            nd++;
        } else {
            int k = diff_ram(a, b);

            nd = k < 0 ? -1 : nd + k;
        }
        rc = nd < 0 ? EXIT_USAGE : nd ? EXIT_CONTENT : EXIT_OK;
        if (fflush(stdout) != 0)
            rc = sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
    }
    free_side(a);
    free_side(b);
    free(a);
    free(b);
    return rc;
}
