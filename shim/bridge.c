/*
 * Under the shim, a stream saved by another release loads directly
 * (doc/BRIDGING.md, "Under the shim"): which release saved it (the
 * setting, a tagged body's profile, the ram section's size), the device
 * sections bridged to this release's bytes (descriptors/bridge.c), and the
 * ram section's pages moved to this binary's RAM layout on their way to
 * its own ram load.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "log.h"
#include "shim.h"
#include "sv-ramlayout.h"

/* What one load has found out; reset when a load starts. */
static struct {
    int decided;                        /* the ram section has been looked at */
    const struct sv_release *src;       /* the stream's release when not this one */
    int by_size;                        /* taken as this release because its size is this binary's */
    uint64_t own;                       /* the size this binary's ram save announces; 0: unknown */
    struct sv_ram_config scfg, dcfg;
    struct sv_ram_layout sl, dl;
} ld;

/* The command line, as given to this process. */
static char cmdline[8192];
static char machine[32];
static int have_cmdline;

void sv_shim_bridge_begin(void)
{
    memset(&ld, 0, sizeof ld);
}

/*
 * The destination's configuration comes from this process's own command
 * line: it is what the binary was started with, known before any device
 * exists, and the same text svtool takes offline.  The -M machine is read
 * by itself, so that an option the RAM tables refuse (-kernel) does not
 * keep device sections from bridging.
 */
static void read_cmdline(void)
{
    char raw[sizeof cmdline];
    size_t n = 0, k;
    FILE *f;

    if (have_cmdline)
        return;
    have_cmdline = 1;
    if (!(f = fopen("/proc/self/cmdline", "r")))
        return;
    n = fread(raw, 1, sizeof raw - 1, f);
    fclose(f);
    raw[n] = 0;
    /* one argument a word: blanks inside one (an -incoming command) kept out of the split */
    for (k = 0; k < n; k++)
        cmdline[k] = raw[k] == 0 ? ' ' : (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\n') ? '_' : raw[k];
    cmdline[k] = 0;
    for (size_t i = 0; i < n; i += strlen(raw + i) + 1) {
        const char *a = raw + i;

        if ((strcmp(a, "-M") == 0 || strcmp(a, "--M") == 0) && i + strlen(a) + 1 < n)
            snprintf(machine, sizeof machine, "%s", a + strlen(a) + 1);
    }
}

/* The size this binary's own ram save announces, where the binary keeps it
 * (the registry's ram_size: last_ram_offset, 0.11 on; phys_ram_size, 0.10),
 * found with the other symbols at start-up.  0 when it was not found. */
static uint64_t own_ram_size(void)
{
    return sv_shim.bin.ram_size ? *sv_shim.bin.ram_size : 0;
}

/* This binary's layout, from its command line, checked against its own size. */
static int dest_layout(struct sv_error *err)
{
    uint64_t own = ld.own = own_ram_size();
    struct sv_error e;

    sv_error_clear(&e);
    read_cmdline();
    if (!own)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "cannot read this emulator's RAM size (no symbol "
                                  "last_ram_offset or phys_ram_size): its RAM layout cannot be checked");
    if (sv_ram_config_parse(sv_shim.release, cmdline, &ld.dcfg, &e) < 0)
        return sv_error_set_nooff(err, e.code, "this emulator's command line: %s", e.msg);
    if (sv_ram_layout_for_size(sv_shim.release, &ld.dcfg, own, &ld.dl, &e) < 0)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "this emulator has %llu bytes of RAM blocks, which release "
                                  "%s's layout for its command line does not give: %s",
                                  (unsigned long long)own, sv_shim.release->name, e.msg);
    return 0;
}

/* Release r's layout for this command line, of that size (guest RAM keeps its size). */
static int src_layout(const struct sv_release *r, uint64_t announced, struct sv_ram_config *c,
                      struct sv_ram_layout *l, struct sv_error *err)
{
    if (sv_ram_config_parse(r, cmdline, c, err) < 0)
        return -1;
    c->ram = ld.dcfg.ram;
    return sv_ram_layout_for_size(r, c, announced, l, err);
}

/* A release other than this one with a bridge to it and RAM tables. */
static int bridges_here(const struct sv_release *r)
{
    return r != sv_shim.release && sv_bridge_known(r, sv_shim.release) && sv_ram_layout_known(r) &&
           sv_ram_layout_known(sv_shim.release);
}

/* Which release saved a ram section announcing that size. */
static int decide(uint64_t announced, uint64_t at, struct sv_error *err)
{
    const struct sv_release *set = sv_shim.cfg.source_release, *found[SV_REL_COUNT];
    size_t nfound = 0;
    struct sv_error e;

    ld.decided = 1;
    sv_error_clear(&e);
    if (set == sv_shim.release)
        return 0;
    if (dest_layout(&e) < 0) {
        if (!set && (!ld.own || announced == ld.own)) {
            /* this binary's own size, or nothing to compare with: as without bridges */
            sv_log("ram: the stream's release is not looked for: %s", e.msg);
            return 0;
        }
        if (set)
            return sv_error_set(err, e.code, at, "SAVEVM_SHIM_SOURCE_RELEASE=%s: %s", set->name, e.msg);
        return sv_error_set(err, e.code, at, "the ram section announces %llu bytes, not this emulator's; "
                            "another release's layout cannot be moved here: %s", (unsigned long long)announced, e.msg);
    }
    if (set) {
        if (src_layout(set, announced, &ld.scfg, &ld.sl, &e) < 0)
            return sv_error_set(err, SV_E_USAGE, at, "SAVEVM_SHIM_SOURCE_RELEASE=%s: %s", set->name, e.msg);
        ld.src = set;
    } else if (announced == ld.dl.size) {
        ld.by_size = 1;
        return 0;
    } else {
        char names[256] = "";
        size_t k = 0;

        for (int i = 0; i < SV_REL_COUNT; i++) {
            const struct sv_release *r = &sv_releases[i];
            struct sv_ram_config c;
            struct sv_ram_layout l;

            sv_error_clear(&e);
            if (bridges_here(r) && src_layout(r, announced, &c, &l, &e) == 0) {
                found[nfound++] = r;
                k += (size_t)snprintf(names + k, k < sizeof names ? sizeof names - k : 0, "%s%s",
                                      nfound > 1 ? ", " : "", r->name);
                ld.scfg = c;
                ld.sl = l;
            }
        }
        if (nfound == 0) {
            sv_log("ram: %llu bytes is no release's layout for this command line: loaded as this release's",
                   (unsigned long long)announced);
            return 0;
        }
        if (nfound > 1)
            return sv_error_set(err, SV_E_USAGE, at, "the ram section's size (%llu bytes) is what releases %s give "
                                "for this command line: set SAVEVM_SHIM_SOURCE_RELEASE to the one that saved it",
                                (unsigned long long)announced, names);
        ld.src = found[0];
    }
    sv_log("ram: saved by release %s%s (%llu bytes), moved to this binary's layout (%llu bytes)", ld.src->name,
           set ? " (SAVEVM_SHIM_SOURCE_RELEASE)" : ", by its size", (unsigned long long)announced,
           (unsigned long long)ld.dl.size);
    return 0;
}

/* Is r's layout for this command line the one the ram section was loaded with? */
static int same_ram(const struct sv_release *r)
{
    struct sv_ram_config c;
    struct sv_ram_layout l;
    struct sv_error e;

    sv_error_clear(&e);
    return src_layout(r, ld.dl.size, &c, &l, &e) == 0 && sv_ram_layout_same(&l, &ld.dl);
}

int sv_shim_bridge_source(const char *profile, const struct sv_release **src, struct sv_error *err)
{
    const struct sv_release *run = sv_shim.release, *set = sv_shim.cfg.source_release, *p, *known;

    *src = NULL;
    /* the stream's release as known so far: the setting, else what the ram section was taken as */
    known = set ? set : ld.src ? ld.src : ld.decided ? run : NULL;
    if (!profile) {
        /* a legacy section says only its version */
        *src = known != run ? known : NULL;
        return 0;
    }
    p = sv_release_find(profile);
    /* a release borrowing the other's tables reads its bodies by name (F-8) */
    if (!p || p == run || p->borrows == run || run->borrows == p)
        p = run;
    else if (!sv_bridge_known(p, run))
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "a body saved by release %s: there is no bridge from "
                                  "release %s to this emulator's (%s)", p->name, p->name, run->name);
    if (known && p != known && !(known == run && ld.by_size && same_ram(p)))
        return sv_error_set_nooff(err, SV_E_USAGE, "a body saved by release %s in a stream %s release %s",
                                  p->name, set ? "SAVEVM_SHIM_SOURCE_RELEASE says is of" :
                                  "whose ram section was loaded as", known->name);
    *src = p != run ? p : NULL;
    return 0;
}

int sv_shim_bridge_section(const struct sv_release *src, const char *idstr, long long instance, uint32_t version,
                           uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len, uint32_t *out_version,
                           struct sv_error *err)
{
    struct sv_bridge b = { .from = src, .to = sv_shim.release, .target = sv_shim.target };
    enum sv_bridge_how how;
    int r;

    read_cmdline();
    b.machine = machine[0] ? machine : NULL;
    r = sv_bridge_section(&b, idstr, instance, version, bytes, len, out, out_len, out_version, &how, err);
    free(bytes);
    if (r == 0)
        sv_log("bridge \"%s\" instance %lld: release %s v%u -> %s v%u (%s)", idstr, instance, src->name, version,
               sv_shim.release->name, *out_version, how == SV_BRIDGE_AS_IS ? "unchanged" : "through values");
    return r;
}

/*
 * The ram load of another release's stream: the binary's own ram load
 * reads a memory file whose bytes are made here, one record at a time,
 * from the emulator's file (a page's worth at most is held): the size
 * becomes this binary's, pages move to the block of the same role
 * (sv_ram_move_page, as svtool convert).  Records stop at the EOS one, so
 * nothing past the section is read from the emulator's file.
 */
struct ramf {
    QEMUFile *real;
    uint64_t pending;           /* the first word, read to decide */
    int has_pending, moving, eos;
    uint8_t rec[8 + SV_RAM_PAGE];
    size_t len, at;
    uint64_t made;
    void (*die)(void *ctx, struct sv_error *e);
    void *ctx;
};

static void ram_die(struct ramf *f, struct sv_error *e)
{
    f->die(f->ctx, e);
}

static void get_exact(struct ramf *f, uint8_t *p, int n, uint64_t at)
{
    int got = 0;

    while (got < n) {
        int k = sv_shim.bin.get_buffer(f->real, p + got, n - got);

        if (k <= 0) {
            struct sv_error e;

            sv_error_clear(&e);
            sv_error_set(&e, SV_E_TRUNC, at, "the stream ends inside the section");
            ram_die(f, &e);
        }
        got += k;
    }
}

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

/* The next record in f->rec (possibly none: a dropped page). */
static void next_record(struct ramf *f)
{
    uint64_t at = (uint64_t)sv_shim.bin.ftell(f->real), word, addr = 0;
    struct sv_ram_rec r = { 0 };
    struct sv_error e;
    uint8_t w[8];
    int k;

    sv_error_clear(&e);
    if (f->has_pending) {
        word = f->pending;
        f->has_pending = 0;
        at -= 8;
    } else {
        get_exact(f, w, 8, at);
        word = 0;
        for (int i = 0; i < 8; i++)
            word = word << 8 | w[i];
    }
    r.flags = (uint32_t)(word & (SV_RAM_PAGE - 1));
    r.addr = word & ~(uint64_t)(SV_RAM_PAGE - 1);
    r.offset = at;
    f->len = 8;
    f->at = 0;
    if (r.flags & ~(uint32_t)(SV_RAM_COMPRESS | SV_RAM_MEM_SIZE | SV_RAM_PAGE_FLAG | SV_RAM_EOS)) {
        sv_error_set(&e, SV_E_UNKNOWN, at, "ram record flags %#x: not a record the shim can move", r.flags);
        ram_die(f, &e);
    }
    if (r.flags & SV_RAM_COMPRESS) {
        get_exact(f, f->rec + 8, 1, at + 8);
        r.fill = f->rec[8];
        f->len = 9;
    } else if (r.flags & SV_RAM_PAGE_FLAG) {
        get_exact(f, f->rec + 8, SV_RAM_PAGE, at + 8);
        r.page = f->rec + 8;
        f->len = 8 + SV_RAM_PAGE;
    }
    if (f->moving && (r.flags & SV_RAM_MEM_SIZE))
        word = ld.dl.size | r.flags;
    else if (f->moving && (r.flags & (SV_RAM_COMPRESS | SV_RAM_PAGE_FLAG))) {
        k = sv_ram_move_page(ld.src, &ld.sl, sv_shim.release, &ld.dl, &r, &addr, &e);
        if (k < 0)
            ram_die(f, &e);
        if (k > 0) {
            f->len = 0;     /* zero, and no place here: this binary's own contents stay */
            return;
        }
        word = addr | r.flags;
    }
    put_be64(f->rec, word);
    f->eos = (r.flags & SV_RAM_EOS) != 0;
}

static int ram_fill(void *ctx, uint8_t *buf, int size)
{
    struct ramf *f = ctx;
    int n = 0;

    while (n < size) {
        size_t k;

        if (f->at == f->len) {
            if (f->eos)
                break;
            next_record(f);
            continue;
        }
        k = f->len - f->at;
        if (k > (size_t)(size - n))
            k = (size_t)(size - n);
        memcpy(buf + n, f->rec + f->at, k);
        f->at += k;
        n += (int)k;
    }
    f->made += (uint64_t)n;
    return n;
}

int sv_shim_bridge_ram(LoadStateHandler *load, void *opaque, int version, QEMUFile *real,
                       void (*die)(void *ctx, struct sv_error *e), void *ctx, int *ret, struct sv_error *err)
{
    const struct sv_release *set = sv_shim.cfg.source_release;
    struct ramf f;
    int64_t read = 0;
    int ferr = 0, any = 0, peeked;

    if (ld.decided && !ld.src)
        return 1;       /* the stream's own: each part costs no more than this */
    /* not an initializer: that would clear the page buffer on each part */
    f.real = real;
    f.pending = 0;
    f.has_pending = f.moving = f.eos = 0;
    f.len = f.at = 0;
    f.made = 0;
    f.die = die;
    f.ctx = ctx;
    if (!ld.decided) {
        uint64_t at = (uint64_t)sv_shim.bin.ftell(real);
        uint8_t w[8];

        for (int i = 0; i < SV_REL_COUNT; i++)
            any |= bridges_here(&sv_releases[i]);
        if (version != 3 || (!set && !any) || set == sv_shim.release) {
            ld.decided = 1;
            return 1;       /* no other release can be the source: as without bridges */
        }
        /* the stream's own ram section then loads as without bridges,
         * straight from the emulator's file */
        peeked = sv_qfile_peek(real, w, 8);
        if (!peeked)
            get_exact(&f, w, 8, at);
        for (int i = 0; i < 8; i++)
            f.pending = f.pending << 8 | w[i];
        /* the first record of a stream's ram section is its size */
        if ((f.pending & SV_RAM_MEM_SIZE) &&
            decide(f.pending & ~(uint64_t)(SV_RAM_PAGE - 1), at, err) < 0)
            return -1;
        if (peeked && !ld.src)
            return 1;
        if (peeked)
            get_exact(&f, w, 8, at);
        f.has_pending = 1;
    }
    f.moving = ld.src != NULL;
    *ret = sv_qfile_load_fill(load, opaque, version, ram_fill, &f, &read, &ferr);
    if (*ret < 0)
        return sv_error_set(err, SV_E_CORRUPT, (uint64_t)sv_shim.bin.ftell(real), "the ram load returned %d%s",
                            *ret, f.moving ? " on the moved records" : "");
    if (ferr || !f.eos || f.at != f.len || read != (int64_t)f.made)
        return sv_error_set(err, SV_E_CORRUPT, (uint64_t)sv_shim.bin.ftell(real),
                            "the ram load read %lld of the %llu bytes made for it", (long long)read,
                            (unsigned long long)f.made);
    return 0;
}

int sv_shim_bridge_absent_ok(const char *idstr, int live)
{
    const struct sv_release *src = sv_shim.cfg.source_release ? sv_shim.cfg.source_release : ld.src;

    /* 0.12's block section: a 0.11 stream has none, and without -b it carries nothing */
    return live && src && src != sv_shim.release && !sv_release_live(src, idstr);
}
