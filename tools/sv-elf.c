/* A minimal x86-64 ELF reader; see sv-elf.h. */
#include <config.h>

#define _GNU_SOURCE 1

#include "sv-elf.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *slurp(const char *path, size_t *size, struct sv_error *err)
{
    FILE *f = fopen(path, "rb");
    uint8_t *b = NULL;
    long n;

    if (!f) {
        sv_error_set_nooff(err, SV_E_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        sv_error_set_nooff(err, SV_E_IO, "%s: cannot read: %s", path, strerror(errno));
    } else if (!(b = malloc(n ? (size_t)n : 1))) {
        sv_error_set_nooff(err, SV_E_NOMEM, "%s: out of memory", path);
    } else if (fread(b, 1, (size_t)n, f) != (size_t)n) {
        sv_error_set_nooff(err, SV_E_IO, "%s: cannot read: %s", path, strerror(errno));
        free(b);
        b = NULL;
    }
    fclose(f);
    *size = b ? (size_t)n : 0;
    return b;
}

static const Elf64_Ehdr *header(const uint8_t *img, size_t size)
{
    const Elf64_Ehdr *h = (const void *)img;

    if (size < sizeof *h || memcmp(h->e_ident, ELFMAG, SELFMAG) != 0 || h->e_ident[EI_CLASS] != ELFCLASS64 ||
        h->e_ident[EI_DATA] != ELFDATA2LSB || h->e_machine != EM_X86_64 || h->e_shentsize != sizeof(Elf64_Shdr) ||
        h->e_shoff > size || (uint64_t)h->e_shnum * sizeof(Elf64_Shdr) > size - h->e_shoff ||
        h->e_shstrndx >= h->e_shnum)
        return NULL;
    return h;
}

static const Elf64_Shdr *sections(const uint8_t *img)
{
    return (const void *)(img + ((const Elf64_Ehdr *)img)->e_shoff);
}

/* A section's bytes, when they lie inside the file. */
static const uint8_t *sec_data(const uint8_t *img, size_t size, const Elf64_Shdr *s)
{
    if (s->sh_type == SHT_NOBITS || s->sh_offset > size || s->sh_size > size - s->sh_offset)
        return NULL;
    return img + s->sh_offset;
}

static const Elf64_Shdr *find_section(const uint8_t *img, size_t size, const char *name)
{
    const Elf64_Ehdr *h = (const void *)img;
    const Elf64_Shdr *sh = sections(img);
    const char *names = (const char *)sec_data(img, size, &sh[h->e_shstrndx]);

    for (unsigned i = 0; names && i < h->e_shnum; i++)
        if (sh[i].sh_name < sh[h->e_shstrndx].sh_size && strcmp(names + sh[i].sh_name, name) == 0)
            return &sh[i];
    return NULL;
}

static int sym_cmp(const void *a, const void *b)
{
    const struct sv_elf_sym *x = a, *y = b;

    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->global != y->global)
        return x->global ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* The OBJECT and FUNC symbols of img's .symtab; 0 when it has none. */
static int load_symbols(struct sv_elf *e, const uint8_t *img, size_t size, const char *path, struct sv_error *err)
{
    const Elf64_Shdr *st = find_section(img, size, ".symtab"), *sh = sections(img);
    const Elf64_Sym *sym;
    const char *str;
    size_t n, strsize;

    if (!st)
        return 0;
    if (st->sh_link >= ((const Elf64_Ehdr *)img)->e_shnum || !(sym = (const void *)sec_data(img, size, st)) ||
        !(str = (const char *)sec_data(img, size, &sh[st->sh_link])))
        return sv_error_set_nooff(err, SV_E_CORRUPT, "%s: a broken .symtab", path);
    strsize = sh[st->sh_link].sh_size;
    n = st->sh_size / sizeof *sym;
    if (!(e->syms = calloc(n ? n : 1, sizeof *e->syms)))
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        unsigned type = ELF64_ST_TYPE(sym[i].st_info);

        if ((type != STT_OBJECT && type != STT_FUNC) || !sym[i].st_value || sym[i].st_name >= strsize ||
            sym[i].st_shndx == SHN_UNDEF)
            continue;
        e->syms[e->nsyms++] = (struct sv_elf_sym){ .value = sym[i].st_value, .size = sym[i].st_size,
                                                   .name = str + sym[i].st_name, .type = (uint8_t)type,
                                                   .global = ELF64_ST_BIND(sym[i].st_info) != STB_LOCAL };
    }
    qsort(e->syms, e->nsyms, sizeof *e->syms, sym_cmp);
    e->symbols_from = path;
    return 1;
}

static int rel_cmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;

    return *x < *y ? -1 : *x > *y;
}

/* A PIE's pointers: R_X86_64_RELATIVE (and RELATIVE64) in .rela.dyn. */
static int load_relocs(struct sv_elf *e, struct sv_error *err)
{
    const Elf64_Shdr *s = find_section(e->image, e->size, ".rela.dyn");
    const Elf64_Rela *r;
    size_t n;

    if (!s)
        return 0;
    if (!(r = (const void *)sec_data(e->image, e->size, s)))
        return sv_error_set_nooff(err, SV_E_CORRUPT, "%s: a broken .rela.dyn", e->path);
    n = s->sh_size / sizeof *r;
    if (!(e->relocs = calloc(n ? n : 1, sizeof *e->relocs)))
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        unsigned type = ELF64_R_TYPE(r[i].r_info);

        if (type == R_X86_64_RELATIVE || type == R_X86_64_RELATIVE64) {
            e->relocs[e->nrelocs].where = r[i].r_offset;
            e->relocs[e->nrelocs++].value = (uint64_t)r[i].r_addend;
        }
    }
    qsort(e->relocs, e->nrelocs, sizeof *e->relocs, rel_cmp);
    return 0;
}

static void build_id(struct sv_elf *e)
{
    const Elf64_Shdr *s = find_section(e->image, e->size, ".note.gnu.build-id");
    const uint8_t *p = s ? sec_data(e->image, e->size, s) : NULL;
    const Elf64_Nhdr *n = (const void *)p;
    size_t k = 0;

    if (!p || s->sh_size < sizeof *n || n->n_type != NT_GNU_BUILD_ID || n->n_descsz > 20 ||
        sizeof *n + ((n->n_namesz + 3) & ~3u) + n->n_descsz > s->sh_size)
        return;
    p += sizeof *n + ((n->n_namesz + 3) & ~3u);
    for (unsigned i = 0; i < n->n_descsz; i++)
        k += (size_t)snprintf(e->build_id + k, sizeof e->build_id - k, "%02x", p[i]);
}

int sv_elf_open(struct sv_elf *e, const char *path, const char *debug_file, struct sv_error *err)
{
    char guess[128];
    int k;

    memset(e, 0, sizeof *e);
    e->path = path;
    if (!(e->image = slurp(path, &e->size, err)))
        return -1;
    if (!header(e->image, e->size))
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: not an x86-64 ELF file", path);
    e->pie = ((const Elf64_Ehdr *)e->image)->e_type == ET_DYN;
    build_id(e);
    if (load_relocs(e, err) < 0)
        return -1;
    if (!debug_file && (k = load_symbols(e, e->image, e->size, path, err)) != 0)
        return k < 0 ? -1 : 0;
    /* stripped: the debug file has the symbols, the binary the bytes */
    if (!debug_file && e->build_id[0]) {
        snprintf(guess, sizeof guess, "/usr/lib/debug/.build-id/%.2s/%s.debug", e->build_id, e->build_id + 2);
        debug_file = guess;
    }
    if (!debug_file)
        return sv_error_set_nooff(err, SV_E_MISSING, "%s: no symbols (stripped) and no build id to find a "
                                  "debug file by: give --debug-file", path);
    if (!(e->debug_image = slurp(debug_file, &e->debug_size, err))) {
        if (debug_file == guess) {
            sv_error_clear(err);
            sv_error_set_nooff(err, SV_E_MISSING, "%s: no symbols (stripped), and no debug file at %s: "
                               "give --debug-file", path, guess);
        }
        return -1;
    }
    if (!header(e->debug_image, e->debug_size))
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: not an x86-64 ELF file", debug_file);
    e->symbols_from = debug_file;
    k = load_symbols(e, e->debug_image, e->debug_size, debug_file, err);
    if (k == 0)
        return sv_error_set_nooff(err, SV_E_MISSING, "%s: the debug file has no symbols either", debug_file);
    return k < 0 ? -1 : 0;
}

void sv_elf_close(struct sv_elf *e)
{
    free(e->image);
    free(e->debug_image);
    free(e->syms);
    free(e->relocs);
    memset(e, 0, sizeof *e);
}

int sv_elf_read(const struct sv_elf *e, uint64_t addr, void *buf, size_t n)
{
    const Elf64_Ehdr *h = (const void *)e->image;
    const Elf64_Shdr *sh = sections(e->image);

    for (unsigned i = 0; i < h->e_shnum; i++) {
        const Elf64_Shdr *s = &sh[i];
        const uint8_t *d;
        size_t lo, hi;

        if (!(s->sh_flags & SHF_ALLOC) || addr < s->sh_addr || addr - s->sh_addr > s->sh_size ||
            n > s->sh_size - (addr - s->sh_addr))
            continue;
        if (s->sh_type == SHT_NOBITS) {
            memset(buf, 0, n);
            return 0;
        }
        if (!(d = sec_data(e->image, e->size, s)))
            return -1;
        memcpy(buf, d + (addr - s->sh_addr), n);
        /* relocated slots that overlap [addr, addr + n) */
        lo = 0;
        hi = e->nrelocs;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;

            if (e->relocs[mid].where + 8 <= addr)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t r = lo; r < e->nrelocs && e->relocs[r].where < addr + n; r++) {
            uint8_t v[8];

            for (int b = 0; b < 8; b++)
                v[b] = (uint8_t)(e->relocs[r].value >> (8 * b));
            for (int b = 0; b < 8; b++) {
                uint64_t at = e->relocs[r].where + (uint64_t)b;

                if (at >= addr && at < addr + n)
                    ((uint8_t *)buf)[at - addr] = v[b];
            }
        }
        return 0;
    }
    return -1;
}

const char *sv_elf_symbol_at(const struct sv_elf *e, uint64_t addr)
{
    size_t lo = 0, hi = e->nsyms;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (e->syms[mid].value < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->nsyms && e->syms[lo].value == addr ? e->syms[lo].name : NULL;
}

const struct sv_elf_sym *sv_elf_symbol(const struct sv_elf *e, const char *name)
{
    const struct sv_elf_sym *best = NULL;

    for (size_t i = 0; i < e->nsyms; i++)
        if (strcmp(e->syms[i].name, name) == 0 && (!best || (e->syms[i].global && !best->global)))
            best = &e->syms[i];
    return best;
}

const char *sv_elf_find_string(const struct sv_elf *e, const char *prefix, const char *stop, char *buf,
                               size_t len)
{
    const Elf64_Shdr *s = find_section(e->image, e->size, ".rodata");
    const uint8_t *d = s ? sec_data(e->image, e->size, s) : NULL, *p, *end;
    size_t k = strlen(prefix), n = 0;

    buf[0] = 0;
    if (!d)
        return buf;
    end = d + s->sh_size;
    p = memmem(d, s->sh_size, prefix, k);
    if (!p)
        return buf;
    for (p += k; p < end && *p && n + 1 < len; p++) {
        if (stop && strncmp((const char *)p, stop, strlen(stop)) == 0)
            break;
        buf[n++] = (char)*p;
    }
    buf[n] = 0;
    return buf;
}
