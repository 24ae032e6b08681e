/*
 * The derived descriptor sets svtool and the walker read with: those given
 * with --descriptors first, then the built-in ones (descriptors/data/),
 * parsed at the first look-up.  See vms.h.
 */
#include <config.h>

#include "vms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    struct sv_vms_set set;
    char *origin;                   /* "built-in v0.12.3-i386.svd", a file name */
    struct sv_desc **descs;         /* one per description, one per name of a template */
    const struct sv_vms_desc **src; /* the description each was built from */
    size_t n;
};

static struct entry *sets;
static size_t nsets;
static int builtins_state;          /* 0 not yet, 1 loaded, -1 failed */
static struct sv_error builtins_err;

static void entry_free(struct entry *e)
{
    for (size_t i = 0; e->descs && i < e->n; i++)
        sv_vms_desc_free(e->descs[i]);
    free(e->descs);
    free(e->src);
    free(e->origin);
    sv_vms_set_free(&e->set);
}

static int add_desc(struct entry *e, const struct sv_vms_desc *d, const struct sv_vms_overlay *ov,
                    const char *idstr, const char *origin, struct sv_error *err)
{
    struct sv_desc **dg = realloc(e->descs, (e->n + 1) * sizeof *dg);
    const struct sv_vms_desc **sg;

    if (dg)
        e->descs = dg;
    sg = dg ? realloc(e->src, (e->n + 1) * sizeof *sg) : NULL;
    if (!sg)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    e->src = sg;
    if (!(e->descs[e->n] = sv_vms_build_as(&e->set, d, ov, idstr, err))) {
        char msg[sizeof err->msg];
        enum sv_errcode code = err->code;

        snprintf(msg, sizeof msg, "%s", err->msg);
        sv_error_clear(err);
        return sv_error_set_nooff(err, code, "%s: %s", origin, msg);
    }
    e->src[e->n++] = d;
    return 0;
}

/* front: a --descriptors file answers before what is there already */
static int add(struct sv_vms_set *set, const char *origin, int front, struct sv_error *err)
{
    struct entry e = { .set = *set }, *grown;
    const struct sv_vms_overlay *ov;

    memset(set, 0, sizeof *set);
    if (!sv_release_find(e.set.release)) {
        sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: release \"%s\" unknown", origin, e.set.release);
        goto bad;
    }
    if (!sv_release_find(e.set.release)->abi->vmstate) {
        sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: release %s has no VMState", origin, e.set.release);
        goto bad;
    }
    /* a release built for one machine only (the emulator's) has no target */
    if (sv_release_find(e.set.release)->by_target ? !sv_target_find(e.set.target) : *e.set.target != 0) {
        sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: target \"%s\" unknown", origin, e.set.target);
        goto bad;
    }
    ov = sv_vms_overlay_find(e.set.release);
    if (!(e.origin = strdup(origin))) {
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        goto bad;
    }
    for (size_t i = 0; i < e.set.ndescs; i++) {
        const struct sv_vms_desc *d = &e.set.descs[i];
        const char *const *names = NULL;
        const char *one[] = { d->name, NULL };

        if (*d->name) {
            names = one;
        } else {
            for (const struct sv_vms_template *t = ov ? ov->templates : NULL; t && t->desc; t++)
                if (strcmp(t->desc, d->symbol) == 0)
                    names = t->names;
        }
        /* a template no overlay names: no section is saved with it by that name */
        for (size_t k = 0; names && names[k]; k++)
            if (add_desc(&e, d, ov, names[k], origin, err) < 0)
                goto bad;
    }
    if (!(grown = realloc(sets, (nsets + 1) * sizeof *sets))) {
        sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        goto bad;
    }
    sets = grown;
    if (front) {
        memmove(sets + 1, sets, nsets * sizeof *sets);
        sets[0] = e;
    } else {
        sets[nsets] = e;
    }
    nsets++;
    return 0;
bad:
    entry_free(&e);
    return -1;
}

int sv_vms_sets_add(struct sv_vms_set *set, const char *origin, struct sv_error *err)
{
    return add(set, origin, 1, err);
}

/* The value of a header line "KEY VALUE" of a built-in file (before its
 * first table), in out; "" when it has none. */
static void header_value(const struct sv_vms_builtin *b, const char *key, char *out, size_t outlen)
{
    size_t kl = strlen(key);

    out[0] = 0;
    for (size_t at = 0; at < b->len && at < 4096;) {
        const char *line = b->text + at, *nl = memchr(line, '\n', b->len - at);
        size_t ll = nl ? (size_t)(nl - line) : b->len - at;

        if (ll >= 5 && memcmp(line, "desc ", 5) == 0)
            break;
        if (ll > kl + 1 && memcmp(line, key, kl) == 0 && line[kl] == ' ' && ll - kl - 1 < outlen) {
            memcpy(out, line + kl + 1, ll - kl - 1);
            out[ll - kl - 1] = 0;
            return;
        }
        at += ll + 1;
    }
}

/*
 * The built-in sets of a release and target (NULL: any), parsed at their
 * first look-up: a process needs its own release's, and parsing all of
 * them costs a shim's load more than the devices' own.
 */
static int load_builtins_for(const char *release, const char *target)
{
    static signed char state[64];

    for (size_t i = 0; i < sv_vms_nbuiltins && i < sizeof state; i++) {
        struct sv_vms_set set;
        char origin[160], v[64];

        if (state[i])
            continue;
        if (release) {
            header_value(&sv_vms_builtins[i], "release", v, sizeof v);
            if (strcmp(v, release) != 0)
                continue;
        }
        if (target) {
            header_value(&sv_vms_builtins[i], "target", v, sizeof v);
            if (*v && strcmp(v, target) != 0)
                continue;
        }
        state[i] = 1;
        snprintf(origin, sizeof origin, "built-in %s", sv_vms_builtins[i].name);
        if (sv_vms_parse_text(sv_vms_builtins[i].text, sv_vms_builtins[i].len, origin, &set, &builtins_err) < 0 ||
            add(&set, origin, 0, &builtins_err) < 0) {
            state[i] = -1;
            builtins_state = -1;
        }
    }
    if (builtins_state == 0 && !release && !target)
        builtins_state = 1;
    return builtins_state < 0 ? -1 : 1;
}

static int load_builtins(void)
{
    return load_builtins_for(NULL, NULL);
}

int sv_vms_sets_builtins(struct sv_error *err)
{
    if (load_builtins() < 0) {
        *err = builtins_err;
        return -1;
    }
    return 0;
}

int sv_vms_sets_load(const char *path, struct sv_error *err)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    struct sv_vms_set set;
    int r;

    if (!f)
        return sv_error_set_nooff(err, SV_E_IO, "%s: cannot open: %s", path, strerror(errno));
    /* descriptor files are small: a few hundred KiB at most */
    do {
        if (len == cap) {
            char *g = cap < (16u << 20) ? realloc(text, cap ? 2 * cap : 65536) : NULL;

            if (!g) {
                free(text);
                fclose(f);
                return sv_error_set_nooff(err, cap ? SV_E_LIMIT : SV_E_NOMEM, "%s: larger than 16 MiB", path);
            }
            text = g;
            cap = cap ? 2 * cap : 65536;
        }
        n = fread(text + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        free(text);
        fclose(f);
        return sv_error_set_nooff(err, SV_E_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    fclose(f);
    load_builtins();
    r = sv_vms_parse_text(text, len, path, &set, err);
    free(text);
    if (r < 0)
        return -1;
    return add(&set, path, 1, err);
}

/* Does d fit (target, version)?  A layout that does not depend on the
 * target fits any. */
static int fits(const struct entry *e, const struct sv_desc *d, const char *target, const char *idstr,
                uint32_t version)
{
    if (strcmp(d->idstr, idstr) != 0 || version < d->min_version || version > d->version)
        return 0;
    if (!d->by_target)
        return 1;
    return target && strcmp(target, e->set.target) == 0;
}

/*
 * Is description i nested in another of the same name (hw/ne2000.c's
 * vmstate_ne2000 inside vmstate_pci_ne2000, both "ne2000")?  A section
 * is saved with the outer one: it is looked up first.
 */
static int inner(const struct sv_vms_set *set, const struct sv_vms_desc *d)
{

    for (size_t k = 0; k < set->ndescs; k++) {
        const struct sv_vms_desc *o = &set->descs[k];

        if (o == d || strcmp(o->name, d->name) != 0)
            continue;
        for (size_t f = 0; f < o->nfields; f++)
            if (o->fields[f].vmsd && strcmp(o->fields[f].vmsd, d->symbol) == 0)
                return 1;
    }
    return 0;
}

/* Was a description of that symbol a candidate before (s, i) in the order below? */
static int seen_before(const char *release, const char *target, const char *idstr, uint32_t version, int pass,
                       size_t s_at, size_t i_at)
{
    const char *sym = sets[s_at].src[i_at]->symbol;

    for (int p = 0; p <= pass; p++)
        for (size_t s = 0; s < nsets; s++) {
            if (strcmp(sets[s].set.release, release) != 0)
                continue;
            for (size_t i = 0; i < sets[s].n; i++) {
                if (p == pass && s == s_at && i == i_at)
                    return 0;
                if (fits(&sets[s], sets[s].descs[i], target, idstr, version) &&
                    inner(&sets[s].set, sets[s].src[i]) == p && strcmp(sets[s].src[i]->symbol, sym) == 0)
                    return 1;
            }
        }
    return 0;
}

const struct sv_desc *sv_vms_sets_find_nth(const char *release, const char *target, const char *idstr,
                                           uint32_t version, size_t n)
{
    load_builtins_for(release, target);
    for (int pass = 0; pass < 2; pass++)
        for (size_t s = 0; release && s < nsets; s++) {
            if (strcmp(sets[s].set.release, release) != 0)
                continue;
            for (size_t i = 0; i < sets[s].n; i++) {
                if (!fits(&sets[s], sets[s].descs[i], target, idstr, version) ||
                    inner(&sets[s].set, sets[s].src[i]) != pass)
                    continue;
                /* one layout is one candidate, whichever target's set holds it */
                if (seen_before(release, target, idstr, version, pass, s, i))
                    continue;
                if (n-- == 0)
                    return sets[s].descs[i];
            }
        }
    return NULL;
}

const struct sv_desc *sv_vms_sets_find(const char *release, const char *target, const char *idstr,
                                       uint32_t version)
{
    return sv_vms_sets_find_nth(release, target, idstr, version, 0);
}

int sv_vms_sets_foreach(const char *release, const char *target,
                        int (*fn)(const char *release, const char *target, const struct sv_desc *d,
                                  const char *origin, void *opaque),
                        void *opaque)
{
    load_builtins();
    for (size_t s = 0; s < nsets; s++) {
        const struct entry *e = &sets[s];

        if (release && strcmp(release, e->set.release) != 0)
            continue;
        for (size_t i = 0; i < e->n; i++) {
            const struct sv_desc *d = e->descs[i];
            int k;

            /* each table once: the one a look-up finds */
            if (d->by_target && target && strcmp(target, e->set.target) != 0)
                continue;
            if (sv_vms_sets_find(e->set.release, d->by_target ? e->set.target : NULL, d->idstr, d->version) != d)
                continue;
            if ((k = fn(e->set.release, d->by_target ? e->set.target : "", d, e->origin, opaque)) != 0)
                return k;
        }
    }
    return 0;
}

const char *sv_vms_sets_origin(const struct sv_desc *d)
{
    for (size_t s = 0; d && s < nsets; s++)
        for (size_t i = 0; i < sets[s].n; i++)
            if (sets[s].descs[i] == d)
                return sets[s].origin;
    return NULL;
}
