/*
 * Finding the emulator's internal functions: its .symtab and .dynsym,
 * separate debug info (build id, .gnu_debuglink), or a symbol map.
 */
#ifndef SV_SYMBOLS_H
#define SV_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "sv-error.h"

enum sv_sym_source {
    SV_SYM_NONE = 0,
    SV_SYM_MAP,         /* SAVEVM_SHIM_SYMBOLS */
    SV_SYM_SYMTAB,      /* the executable's .symtab */
    SV_SYM_DYNSYM,      /* the executable's .dynsym */
    SV_SYM_BUILDID,     /* a debug file found by build id */
    SV_SYM_DEBUGLINK,   /* a debug file found by .gnu_debuglink */
};

struct sv_sym {
    const char *name;       /* what to look for (set by the caller) */
    uint64_t value;         /* link-time address */
    uint64_t size;          /* 0 when unknown */
    enum sv_sym_source source;
    int found;
};

struct sv_elf_info {
    int elf_class;          /* ELFCLASS32 / ELFCLASS64, 0 if not ELF */
    int machine;            /* EM_X86_64, ... */
    int is_pie;             /* ET_DYN */
    int has_symtab;
    char build_id[81];      /* hex, "" when none */
    char debuglink[256];    /* file name, "" when none */
    uint32_t debuglink_crc;
};

/* Facts about an ELF file; -1 and err (naming the file) when it cannot be read. */
int sv_elf_info(const char *path, struct sv_elf_info *info, struct sv_error *err);

struct sv_symopts {
    const char *map_path;       /* NULL: none */
    const char *debug_dir;      /* extra root for .build-id/ and debuglink files */
};

/*
 * Looks up every symbol in syms[] in each source in turn until all are
 * found.  Returns the number still missing; -1 and err on a hard error
 * (an unreadable map, a map for another build).  sv_sym_source_file()
 * then says, per source used, the file it came from (for --check).
 */
int sv_symbols_resolve(const char *exe, const struct sv_symopts *opt, struct sv_sym *syms, size_t n,
                       struct sv_error *err);
const char *sv_sym_source_name(enum sv_sym_source s);
/* The file the last resolve read for a source ("" if none). */
const char *sv_sym_source_file(enum sv_sym_source s);

/* Every named function and data object of one source, by address. */
struct sv_symindex {
    struct sv_symindex_ent {
        uint64_t value;     /* link-time address */
        const char *name;
    } *ents;
    size_t n;
    char *names;            /* the names' storage */
};

/*
 * Loads the index from the file a source of the last resolve came from
 * (the executable's .symtab or .dynsym, its debug file, or the map).
 * -1 and err when it cannot be read.
 */
int sv_symindex_load(enum sv_sym_source src, struct sv_symindex *ix, struct sv_error *err);
/* The name of a symbol that starts at addr (link-time), or NULL. */
const char *sv_symindex_at(const struct sv_symindex *ix, uint64_t addr);
void sv_symindex_free(struct sv_symindex *ix);

#endif
