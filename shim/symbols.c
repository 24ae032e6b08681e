/* Symbol lookup with libelf; see symbols.h. */
#include <config.h>

#include "symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char source_file[SV_SYM_DEBUGLINK + 1][PATH_MAX];

const char *sv_sym_source_name(enum sv_sym_source s)
{
    static const char *const names[] = {
        [SV_SYM_NONE] = "not found", [SV_SYM_MAP] = "symbol map", [SV_SYM_SYMTAB] = ".symtab",
        [SV_SYM_DYNSYM] = ".dynsym", [SV_SYM_BUILDID] = "debug file (build id)",
        [SV_SYM_DEBUGLINK] = "debug file (.gnu_debuglink)",
    };

    return names[s];
}

const char *sv_sym_source_file(enum sv_sym_source s)
{
    return source_file[s];
}

/* NULL with errno set when the file cannot be opened, with errno 0 when it is not ELF. */
static Elf *open_elf(const char *path, int *fd)
{
    Elf *e;

    elf_version(EV_CURRENT);
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return NULL;
    e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);     /* mapped, not copied: QEMU binaries are large */
    if (!e || elf_kind(e) != ELF_K_ELF) {
        if (e)
            elf_end(e);
        close(*fd);
        *fd = -1;
        errno = 0;
        return NULL;
    }
    return e;
}

static void close_elf(Elf *e, int fd)
{
    elf_end(e);
    close(fd);
}

static void hex(const uint8_t *p, size_t n, char *out, size_t outlen)
{
    static const char digit[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n && 2 * i + 2 < outlen; i++) {
        out[2 * i] = digit[p[i] >> 4];
        out[2 * i + 1] = digit[p[i] & 15];
    }
    out[2 * i] = 0;
}

static void read_info(Elf *e, struct sv_elf_info *info)
{
    GElf_Ehdr eh;
    Elf_Scn *scn = NULL;
    size_t shstrndx;

    if (!gelf_getehdr(e, &eh))
        return;
    info->elf_class = gelf_getclass(e);
    info->machine = eh.e_machine;
    info->is_pie = eh.e_type == ET_DYN;
    if (elf_getshdrstrndx(e, &shstrndx) != 0)
        return;
    while ((scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        const char *name;
        Elf_Data *d;

        if (!gelf_getshdr(scn, &sh))
            continue;
        name = elf_strptr(e, shstrndx, sh.sh_name);
        if (sh.sh_type == SHT_SYMTAB)
            info->has_symtab = 1;
        if (!name || sh.sh_type == SHT_NOBITS || !(d = elf_getdata(scn, NULL)) || !d->d_buf)
            continue;
        if (sh.sh_type == SHT_NOTE) {
            GElf_Nhdr nh;
            size_t off = 0, noff, doff;

            while ((off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0)
                if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
                    memcmp((char *)d->d_buf + noff, "GNU", 4) == 0)
                    hex((uint8_t *)d->d_buf + doff, nh.n_descsz, info->build_id, sizeof info->build_id);
        } else if (strcmp(name, ".gnu_debuglink") == 0 && d->d_size > 4) {
            size_t nl = strnlen(d->d_buf, d->d_size);
            size_t crc_off = (nl + 4) & ~(size_t)3;

            if (nl < sizeof info->debuglink && crc_off + 4 <= d->d_size) {
                memcpy(info->debuglink, d->d_buf, nl);
                info->debuglink[nl] = 0;
                memcpy(&info->debuglink_crc, (char *)d->d_buf + crc_off, 4);
            }
        }
    }
}

int sv_elf_info(const char *path, struct sv_elf_info *info, struct sv_error *err)
{
    int fd;
    Elf *e;

    memset(info, 0, sizeof *info);
    e = open_elf(path, &fd);
    if (!e && errno)
        return sv_error_set_nooff(err, SV_E_IO, "%s: cannot read as ELF: %s", path, strerror(errno));
    if (!e)
        return sv_error_set_nooff(err, SV_E_CORRUPT, "%s: cannot read as ELF: not an ELF file", path);
    read_info(e, info);
    close_elf(e, fd);
    return 0;
}

/*
 * A QEMU's .symtab has thousands of symbols and the shim wants a dozen or
 * so: each symbol is first tested against a small bitmap of what the
 * wanted names' first two bytes and eighth byte hash to, so only a few
 * reach a string compare.  The eighth byte may lie past a short name (in
 * the next string); the hash then only lets more through.
 */
#define KEY_BITS 8192

/* A hash of a name's first 8 bytes (what follows a shorter name's NUL too:
 * the caller makes sure 8 bytes are there). */
static unsigned key_of(const char *name)
{
    uint64_t w;

    memcpy(&w, name, 8);
    return (unsigned)((w * 0x9e3779b97f4a7c15ull) >> 51);
}

/* The first symbol from i on whose name hashes into bits (or is too near
 * the end of the strings to hash); count when none.  The scan's hot loop,
 * kept small. */
static size_t next_candidate(const Elf64_Sym *sym, size_t i, size_t count, const char *str, size_t nstr,
                             const uint8_t *bits)
{
    for (; i < count; i++) {
        size_t sn = sym[i].st_name;
        unsigned k;

        if (sn + 8 > nstr)
            return i;
        k = key_of(str + sn);
        if (bits[k >> 3] & (1u << (k & 7)))
            return i;
    }
    return count;
}

/* Records a symbol for every wanted name it matches; 1 when it was wanted.
 * keys: each wanted name's key_of, or KEY_BITS for one shorter than 8 bytes. */
static int take(struct sv_sym *syms, const unsigned *keys, size_t n, const char *name, unsigned key,
                uint64_t value, uint64_t size, enum sv_sym_source src)
{
    int got = 0;

    for (size_t k = 0; k < n; k++) {
        if (syms[k].found || (keys && keys[k] != key && keys[k] != KEY_BITS) ||
            strcmp(syms[k].name, name) != 0)
            continue;
        syms[k].value = value;
        syms[k].size = size;
        syms[k].source = src;
        syms[k].found = 1;
        got = 1;
    }
    return got;
}

/* Fills what is still missing from the symbol tables of one ELF file. */
static int from_elf(Elf *e, Elf64_Word type, enum sv_sym_source src, struct sv_sym *syms, size_t n)
{
    Elf_Scn *scn = NULL;
    int got = 0, all = 0;
    size_t want = 0;
    uint8_t bits[KEY_BITS / 8];
    unsigned keys[256];

    memset(bits, 0, sizeof bits);
    for (size_t k = 0; k < n; k++) {
        if (syms[k].found)
            continue;
        want++;
        if (n > sizeof keys / sizeof keys[0]) {
            all = 1;
            continue;
        }
        /* a name shorter than 8 bytes hashes what follows it: let every symbol through */
        keys[k] = strlen(syms[k].name) < 8 ? KEY_BITS : key_of(syms[k].name);
        if (keys[k] == KEY_BITS)
            all = 1;
        else
            bits[keys[k] / 8] |= (uint8_t)(1u << (keys[k] % 8));
    }
    while (want && (scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        Elf_Data *d, *sd;
        const char *str;
        size_t nstr, count;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !sh.sh_entsize ||
            !(d = elf_getdata(scn, NULL)) || !(sd = elf_getdata(elf_getscn(e, sh.sh_link), NULL)) || !sd->d_buf)
            continue;
        str = sd->d_buf;
        nstr = sd->d_size;
        count = d->d_size / sh.sh_entsize;
        if (gelf_getclass(e) == ELFCLASS64 && sh.sh_entsize == sizeof(Elf64_Sym) && d->d_buf) {
            /* the table as mapped: no call per symbol */
            const Elf64_Sym *sym = d->d_buf;

            for (size_t i = 0; (i = all ? i : next_candidate(sym, i, count, str, nstr, bits)) < count &&
                               (size_t)got < want; i++) {
                const Elf64_Sym *y = &sym[i];
                size_t sn = y->st_name;
                unsigned char t = ELF64_ST_TYPE(y->st_info);
                unsigned k = !all && sn + 8 <= nstr ? key_of(str + sn) : KEY_BITS;

                if (y->st_value == 0 || y->st_shndx == SHN_UNDEF || (t != STT_FUNC && t != STT_OBJECT) ||
                    sn >= nstr || !memchr(str + sn, 0, nstr - sn))
                    continue;
                got += take(syms, k == KEY_BITS ? NULL : keys, n, str + sn, k, y->st_value, y->st_size, src);
            }
            continue;
        }
        for (size_t i = 0; i < count && (size_t)got < want; i++) {
            GElf_Sym y;

            if (!gelf_getsym(d, (int)i, &y) || y.st_value == 0 || y.st_shndx == SHN_UNDEF ||
                (GELF_ST_TYPE(y.st_info) != STT_FUNC && GELF_ST_TYPE(y.st_info) != STT_OBJECT) ||
                y.st_name >= nstr || !memchr(str + y.st_name, 0, nstr - y.st_name))
                continue;
            got += take(syms, NULL, n, str + y.st_name, 0, y.st_value, y.st_size, src);
        }
    }
    return got;
}

static size_t missing(const struct sv_sym *syms, size_t n)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i++)
        m += !syms[i].found;
    return m;
}

/* nm lines: "ADDR [SIZE] TYPE NAME"; "# build-id: HEX" ties the map to one build. */
static int from_map(const char *path, const char *build_id, struct sv_sym *syms, size_t n,
                    struct sv_error *err)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int lineno = 0;

    if (!f)
        return sv_error_set_nooff(err, SV_E_IO, "SAVEVM_SHIM_SYMBOLS: %s: %s", path, strerror(errno));
    while (fgets(line, sizeof line, f)) {
        char a[4][256];
        int k;

        lineno++;
        if (sscanf(line, " # build-id: %80s", a[0]) == 1) {
            if (build_id[0] && strcmp(a[0], build_id) != 0) {
                fclose(f);
                return sv_error_set_nooff(err, SV_E_USAGE,
                                          "SAVEVM_SHIM_SYMBOLS: %s: line %d: build id %s, but the emulator's is %s",
                                          path, lineno, a[0], build_id);
            }
            continue;
        }
        if (line[0] == '#' || line[0] == '\n')
            continue;
        k = sscanf(line, "%255s %255s %255s %255s", a[0], a[1], a[2], a[3]);
        if (k == 2 && strlen(a[0]) == 1)
            continue;       /* "U name": undefined here, nothing to find */
        if (k < 3) {
            fclose(f);
            return sv_error_set_nooff(err, SV_E_CORRUPT, "SAVEVM_SHIM_SYMBOLS: %s: line %d: not an nm line",
                                      path, lineno);
        }
        for (size_t i = 0; i < n; i++) {
            const char *name = k == 4 ? a[3] : a[2];
            char *end;

            if (syms[i].found || strcmp(syms[i].name, name) != 0)
                continue;
            syms[i].value = strtoull(a[0], &end, 16);
            if (*end) {
                fclose(f);
                return sv_error_set_nooff(err, SV_E_CORRUPT,
                                          "SAVEVM_SHIM_SYMBOLS: %s: line %d: bad address \"%s\"", path,
                                          lineno, a[0]);
            }
            syms[i].size = k == 4 ? strtoull(a[1], NULL, 16) : 0;
            syms[i].source = SV_SYM_MAP;
            syms[i].found = 1;
        }
    }
    fclose(f);
    snprintf(source_file[SV_SYM_MAP], PATH_MAX, "%s", path);
    return 0;
}

/* A debug file only counts when it belongs to this build. */
static int try_debug(const char *path, const struct sv_elf_info *exe, enum sv_sym_source src,
                     struct sv_sym *syms, size_t n)
{
    struct sv_elf_info di;
    struct sv_error ignored;
    int fd;
    Elf *e;

    sv_error_clear(&ignored);
    if (access(path, R_OK) != 0 || sv_elf_info(path, &di, &ignored) < 0)
        return 0;       /* not this build's debug file: look on */
    if (exe->build_id[0] && strcmp(di.build_id, exe->build_id) != 0)
        return 0;
    if (src == SV_SYM_DEBUGLINK && !exe->build_id[0]) {
        FILE *f = fopen(path, "rb");
        uLong crc = crc32(0, Z_NULL, 0);
        unsigned char buf[65536];
        size_t k;

        if (!f)
            return 0;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0)
            crc = crc32(crc, buf, (uInt)k);
        fclose(f);
        if ((uint32_t)crc != exe->debuglink_crc)
            return 0;
    }
    e = open_elf(path, &fd);
    if (!e)
        return 0;
    if (from_elf(e, SHT_SYMTAB, src, syms, n) > 0)
        snprintf(source_file[src], PATH_MAX, "%s", path);
    close_elf(e, fd);
    return 1;
}

int sv_symbols_resolve(const char *exe, const struct sv_symopts *opt, struct sv_sym *syms, size_t n,
                       struct sv_error *err)
{
    struct sv_elf_info info;
    char path[PATH_MAX * 2], dir[PATH_MAX];
    int fd;
    Elf *e;

    for (size_t i = 0; i < sizeof source_file / sizeof source_file[0]; i++)
        source_file[i][0] = 0;
    /* the executable, opened once for its facts and its tables */
    memset(&info, 0, sizeof info);
    e = open_elf(exe, &fd);
    if (!e && errno)
        return sv_error_set_nooff(err, SV_E_IO, "%s: cannot read as ELF: %s", exe, strerror(errno));
    if (!e)
        return sv_error_set_nooff(err, SV_E_CORRUPT, "%s: cannot read as ELF: not an ELF file", exe);
    read_info(e, &info);
    if (opt->map_path && from_map(opt->map_path, info.build_id, syms, n, err) < 0) {
        close_elf(e, fd);
        return -1;
    }
    if (missing(syms, n) && from_elf(e, SHT_SYMTAB, SV_SYM_SYMTAB, syms, n) > 0)
        snprintf(source_file[SV_SYM_SYMTAB], PATH_MAX, "%s", exe);
    if (missing(syms, n) && from_elf(e, SHT_DYNSYM, SV_SYM_DYNSYM, syms, n) > 0)
        snprintf(source_file[SV_SYM_DYNSYM], PATH_MAX, "%s", exe);
    close_elf(e, fd);
    if (missing(syms, n) && info.build_id[0]) {
        const char *roots[] = { opt->debug_dir, "/usr/lib/debug" };

        for (size_t r = 0; r < 2 && missing(syms, n); r++) {
            if (!roots[r])
                continue;
            snprintf(path, sizeof path, "%s/.build-id/%.2s/%s.debug", roots[r], info.build_id,
                     info.build_id + 2);
            try_debug(path, &info, SV_SYM_BUILDID, syms, n);
        }
    }
    if (missing(syms, n) && info.debuglink[0]) {
        char *slash;

        snprintf(dir, sizeof dir, "%s", exe);
        slash = strrchr(dir, '/');
        if (slash)
            *slash = 0;
        else
            strcpy(dir, ".");
        /* gdb's search order, with the override first */
        const char *dirs[][2] = { { opt->debug_dir, "" }, { dir, "" }, { dir, "/.debug" } };
        for (size_t i = 0; i < 3 && missing(syms, n); i++) {
            if (!dirs[i][0])
                continue;
            snprintf(path, sizeof path, "%s%s/%s", dirs[i][0], dirs[i][1], info.debuglink);
            try_debug(path, &info, SV_SYM_DEBUGLINK, syms, n);
        }
        if (missing(syms, n)) {
            snprintf(path, sizeof path, "/usr/lib/debug%s/%s", dir, info.debuglink);
            try_debug(path, &info, SV_SYM_DEBUGLINK, syms, n);
        }
    }
    return (int)missing(syms, n);
}

/* Appends one symbol; the names go into one growing buffer (offsets until the end). */
struct index_build {
    struct sv_symindex_ent *ents;
    size_t n, cap;
    char *names;
    size_t used, room;
    int failed;
};

static void index_add(struct index_build *b, uint64_t value, const char *name)
{
    size_t len = strlen(name) + 1;

    if (b->failed || !value || !*name)
        return;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        struct sv_symindex_ent *e = realloc(b->ents, cap * sizeof *e);

        if (!e) {
            b->failed = 1;
            return;
        }
        b->ents = e;
        b->cap = cap;
    }
    if (b->used + len > b->room) {
        size_t room = b->room ? 2 * b->room : 65536;
        char *p;

        while (room < b->used + len)
            room *= 2;
        if (!(p = realloc(b->names, room))) {
            b->failed = 1;
            return;
        }
        b->names = p;
        b->room = room;
    }
    memcpy(b->names + b->used, name, len);
    b->ents[b->n].value = value;
    b->ents[b->n].name = (const char *)(uintptr_t)b->used;
    b->n++;
    b->used += len;
}

static void index_from_elf(Elf *e, Elf64_Word type, struct index_build *b)
{
    Elf_Scn *scn = NULL;

    while ((scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        Elf_Data *d;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !(d = elf_getdata(scn, NULL)))
            continue;
        for (size_t i = 0; sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            const char *name;

            if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
                (GELF_ST_TYPE(sym.st_info) != STT_FUNC && GELF_ST_TYPE(sym.st_info) != STT_OBJECT))
                continue;
            if ((name = elf_strptr(e, sh.sh_link, sym.st_name)))
                index_add(b, sym.st_value, name);
        }
    }
}

static int index_from_map(const char *path, struct index_build *b)
{
    FILE *f = fopen(path, "r");
    char line[1024];

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        char a[4][256];
        int k = sscanf(line, "%255s %255s %255s %255s", a[0], a[1], a[2], a[3]);

        if (line[0] != '#' && k >= 3)
            index_add(b, strtoull(a[0], NULL, 16), k == 4 ? a[3] : a[2]);
    }
    fclose(f);
    return 0;
}

static int by_value(const void *a, const void *b)
{
    const struct sv_symindex_ent *x = a, *y = b;

    return x->value < y->value ? -1 : x->value > y->value;
}

int sv_symindex_load(enum sv_sym_source src, struct sv_symindex *ix, struct sv_error *err)
{
    const char *path = sv_sym_source_file(src);
    struct index_build b = { 0 };
    int fd, r = 0;
    Elf *e;

    memset(ix, 0, sizeof *ix);
    if (!path[0])
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "no symbol source to index");
    if (src == SV_SYM_MAP) {
        r = index_from_map(path, &b);
    } else if ((e = open_elf(path, &fd))) {
        index_from_elf(e, src == SV_SYM_DYNSYM ? SHT_DYNSYM : SHT_SYMTAB, &b);
        close_elf(e, fd);
    } else {
        r = -1;
    }
    if (r < 0 || b.failed) {
        free(b.ents);
        free(b.names);
        return sv_error_set_nooff(err, b.failed ? SV_E_NOMEM : SV_E_IO, "%s: cannot index its symbols", path);
    }
    for (size_t i = 0; i < b.n; i++)
        b.ents[i].name = b.names + (uintptr_t)b.ents[i].name;
    qsort(b.ents, b.n, sizeof *b.ents, by_value);
    ix->ents = b.ents;
    ix->n = b.n;
    ix->names = b.names;
    return 0;
}

const char *sv_symindex_at(const struct sv_symindex *ix, uint64_t addr)
{
    size_t lo = 0, hi = ix->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (ix->ents[mid].value < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && ix->ents[lo].value == addr ? ix->ents[lo].name : NULL;
}

void sv_symindex_free(struct sv_symindex *ix)
{
    free(ix->ents);
    free(ix->names);
    memset(ix, 0, sizeof *ix);
}
