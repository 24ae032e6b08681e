/*
 * Just enough of an x86-64 ELF file for svtool descriptors --from-binary:
 * its symbols (from .symtab, or a separate debug file for a stripped
 * binary), the bytes at an address of its loaded image (pointers in a PIE
 * as its R_X86_64_RELATIVE relocations set them), its build id.
 */
#ifndef SV_ELF_H
#define SV_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "sv-error.h"

struct sv_elf_sym {
    uint64_t value, size;
    const char *name;
    uint8_t type;           /* STT_OBJECT, STT_FUNC */
    uint8_t global;
};

struct sv_elf {
    const char *path;
    uint8_t *image;         /* the whole file */
    size_t size;
    int pie;                /* ET_DYN */
    const char *symbols_from;   /* path of the file the symbols came from */
    uint8_t *debug_image;   /* the debug file, when used */
    size_t debug_size;
    struct sv_elf_sym *syms;    /* sorted by value */
    size_t nsyms;
    struct { uint64_t where, value; } *relocs;  /* sorted by where */
    size_t nrelocs;
    char build_id[41];
};

/*
 * Opens path; debug_file (NULL: none) gives the symbols when the binary
 * has no .symtab, else /usr/lib/debug/.build-id/xx/yyyy.debug is tried.
 */
int sv_elf_open(struct sv_elf *e, const char *path, const char *debug_file, struct sv_error *err);
void sv_elf_close(struct sv_elf *e);
/* n bytes of the loaded image at addr; -1 outside the file's allocated sections. */
int sv_elf_read(const struct sv_elf *e, uint64_t addr, void *buf, size_t n);
const char *sv_elf_symbol_at(const struct sv_elf *e, uint64_t addr);
const struct sv_elf_sym *sv_elf_symbol(const struct sv_elf *e, const char *name);
/* A string the read-only data holds that starts with prefix, up to stop (not
 * included); "" when none.  Returns buf. */
const char *sv_elf_find_string(const struct sv_elf *e, const char *prefix, const char *stop, char *buf,
                               size_t len);

#endif
