/*
 * VMState tables (QEMU 0.12 on) as descriptors.
 *
 * A 0.12 binary describes most of its devices itself: each
 * VMStateDescription lists its fields (name, size, flags, the VMStateInfo
 * that reads and writes them, a nested description, a version, a
 * field_exists function).  This library
 *
 *   vms-read.c     reads those tables through a reader (bytes at an
 *                  address, the symbol at an address), so the same code
 *                  serves an ELF file (svtool) and a running process (the
 *                  shim), into a plain copy: struct sv_vms_set;
 *   vms-file.c     writes that copy as a descriptor file (text or JSON) and
 *                  reads the text form back;
 *   vms-infos.c    says what each VMStateInfo, known by its symbol, puts
 *                  on the wire;
 *   vms-overlay.c  what the tables cannot tell (field_exists code, counts
 *                  set at init), per release, each entry citing its source;
 *   vms-build.c    turns a copy and its release's overlay into struct
 *                  sv_desc tables the interpreter walks;
 *   vms-sets.c     the derived sets svtool and the walker use: the ones
 *                  built in (descriptors/data/) and any given with
 *                  --descriptors.
 *
 * Layouts and flags are the registry's (struct sv_vmstate_abi).
 */
#ifndef SV_VMS_H
#define SV_VMS_H

#include <stdint.h>
#include <stdio.h>

#include "desc.h"
#include "sv-error.h"
#include "sv-registry.h"

/* The descriptor file's format revision (the "svd" line). */
#define SV_VMS_FILE_REVISION 1
/* Limits a reader enforces on what it copies. */
#define SV_VMS_NAME_MAX 128
#define SV_VMS_FIELDS_MAX 512
#define SV_VMS_DESCS_MAX 1024

/* One VMStateField, as the table has it. */
struct sv_vms_field {
    char *name;
    uint64_t offset, size, start;
    int32_t num;
    uint64_t num_offset, size_offset;
    char *info;             /* the VMStateInfo's symbol (NULL for a struct) */
    char *info_name;        /* its .name string, for messages */
    uint32_t flags;         /* SV_VMS_* */
    int32_t version_id;
    char *field_exists;     /* the function's symbol, or NULL */
    char *vmsd;             /* VMS_STRUCT: the nested description's symbol */
};

/* One VMStateDescription. */
struct sv_vms_desc {
    char *symbol;           /* vmstate_fdc */
    char *name;             /* "fdc": the section idstr when registered */
    int32_t version_id, minimum_version_id, minimum_version_id_old;
    /* code the table points at: the symbols, NULL when not set */
    char *load_state_old, *pre_load, *post_load, *pre_save, *post_save;
    struct sv_vms_field *fields;
    size_t nfields;
};

/* The tables of one binary. */
struct sv_vms_set {
    char *release;          /* registry name: "0.12" */
    char *target;           /* "i386", "x86_64" */
    char *tag;              /* the source tag it was built from, or "" */
    char *build_id;         /* hex, or "" */
    char *version;          /* the binary's own version string, or "" */
    struct sv_vms_desc *descs;
    size_t ndescs;
};

/* ---- reading tables ---- */

/* Where the tables are read from.  Addresses are the binary's own. */
struct sv_vms_reader {
    /* n bytes at addr into buf; -1 when the address is not readable data */
    int (*read)(void *opaque, uint64_t addr, void *buf, size_t n);
    /* the name of the symbol that starts at addr, or NULL */
    const char *(*symbol_at)(void *opaque, uint64_t addr);
    void *opaque;
};

/*
 * Copies the descriptions at roots[0..n) (and the nested ones they
 * reach) into set->descs, with the layout of `abi`.  Errors name the
 * description and field.
 */
int sv_vms_read(const struct sv_vms_reader *rd, const struct sv_vmstate_abi *abi,
                const uint64_t *roots, size_t n, struct sv_vms_set *set, struct sv_error *err);
void sv_vms_set_free(struct sv_vms_set *set);
const struct sv_vms_desc *sv_vms_desc_by_symbol(const struct sv_vms_set *set, const char *symbol);
/* The description a section of that idstr is saved with, or NULL (two of
 * the same name: the one whose version is `version`). */
const struct sv_vms_desc *sv_vms_desc_by_name(const struct sv_vms_set *set, const char *name, uint32_t version);

/* ---- descriptor files ---- */

/* The text form (doc/FORMAT.md, "Descriptor files"). */
int sv_vms_write_text(FILE *out, const struct sv_vms_set *set);
int sv_vms_write_json(FILE *out, const struct sv_vms_set *set);
/* Parses the text form; `what` names it in errors ("FILE", "built-in ..."). */
int sv_vms_parse_text(const char *text, size_t len, const char *what, struct sv_vms_set *set,
                      struct sv_error *err);

/* ---- VMStateInfo ---- */

/* What an info puts on the wire for one element of `size` bytes. */
enum sv_vms_wire {
    SV_VW_INT,              /* one integer of .type, .width bytes big-endian */
    SV_VW_BUFFER,           /* `size` raw bytes */
    SV_VW_FPREG,            /* x86 80-bit register: be64 mantissa, be16 exponent */
    SV_VW_U32_ARRAY4,       /* four be32 (pci irq state) */
};

struct sv_vms_info {
    const char *symbol;     /* vmstate_info_int32 */
    uint8_t wire;           /* enum sv_vms_wire */
    uint8_t type;           /* SV_VW_INT: the tagged type */
    const char *why;        /* where the source says so */
};

/* NULL when the symbol is not a known info. */
const struct sv_vms_info *sv_vms_info_find(const char *symbol);
const struct sv_vms_info *sv_vms_info_nth(size_t i);

/* ---- the overlay ---- */

/* What a field_exists function decides, per release (vms-overlay.c). */
struct sv_vms_exists {
    const char *function;       /* the symbol */
    const char *desc;           /* the description it is used in (its symbol), NULL: any */
    uint32_t since, until;      /* a test of the version only: present in since..until */
    struct sv_cond cond;        /* or a test of earlier fields (SV_IF_FIELD, .also) */
    const char *source;         /* the file and function it was read from */
};

/* A count the stream does not carry (set at init). */
struct sv_vms_count {
    const char *desc, *field;   /* description symbol, field name */
    uint32_t n;
    const char *source;
};

/* A description without a name that devices copy and name at init: the
 * names its sections take. */
struct sv_vms_template {
    const char *desc;           /* its symbol */
    const char *const *names;   /* NULL-terminated */
    const char *source;
};

struct sv_vms_overlay {
    enum sv_release_id release;
    const struct sv_vms_exists *exists;
    const struct sv_vms_count *counts;
    /* sections whose layout depends on the target (cpu): their tables
     * differ between the i386 and x86_64 binaries of one release */
    const char *const *by_target;       /* section idstrs, NULL-terminated */
    const struct sv_vms_template *templates;
};

const struct sv_vms_overlay *sv_vms_overlay_find(const char *release);

/* ---- descriptors ---- */

/*
 * The descriptor of description `d` of `set` (allocated; free with
 * sv_vms_desc_free).  What the tables cannot tell and the overlay does not
 * say becomes a field that refuses the section when a stream reaches it,
 * naming the field and the code.  Errors: a table the descriptors cannot
 * express (an unknown info, a flag), naming description and field.
 */
struct sv_desc *sv_vms_build(const struct sv_vms_set *set, const struct sv_vms_desc *d,
                             const struct sv_vms_overlay *ov, struct sv_error *err);
/* The same for a template, as the section named idstr. */
struct sv_desc *sv_vms_build_as(const struct sv_vms_set *set, const struct sv_vms_desc *d,
                                const struct sv_vms_overlay *ov, const char *idstr, struct sv_error *err);
void sv_vms_desc_free(struct sv_desc *d);

/* ---- the sets svtool reads with ---- */

/*
 * Adds a set (taken over) whose descriptors then answer sv_desc_find for
 * its release and target, before the built-in ones.  Builds every
 * description a section is saved with; fails on the first that cannot be
 * built.
 */
int sv_vms_sets_add(struct sv_vms_set *set, const char *origin, struct sv_error *err);
/* Parses the built-in sets now (they are parsed at the first look-up
 * otherwise); -1 with what was wrong with them. */
int sv_vms_sets_builtins(struct sv_error *err);
/* Reads a descriptor file and adds it. */
int sv_vms_sets_load(const char *path, struct sv_error *err);
/* For devices.c: the derived descriptor of (release, target, idstr,
 * version); NULL when none.  The built-in sets are parsed at the first call. */
const struct sv_desc *sv_vms_sets_find(const char *release, const char *target, const char *idstr,
                                       uint32_t version);
/* The n-th candidate of several layouts a section of that idstr may have
 * (hw/vga.c's "vga" is vmstate_vga_pci or, with -vga vmware, vmstate_vga_common):
 * those not nested in another of the same name first. */
const struct sv_desc *sv_vms_sets_find_nth(const char *release, const char *target, const char *idstr,
                                           uint32_t version, size_t n);
/* Each derived descriptor of release (NULL: all) and target (NULL: all). */
int sv_vms_sets_foreach(const char *release, const char *target,
                        int (*fn)(const char *release, const char *target, const struct sv_desc *d,
                                  const char *origin, void *opaque),
                        void *opaque);

/* The origin of a derived descriptor ("built-in v0.12.3-i386.svd", a file
 * name); NULL for a hand-written one. */
const char *sv_vms_sets_origin(const struct sv_desc *d);

/* The compiled-in descriptor files (descriptors/data/, generated). */
struct sv_vms_builtin {
    const char *name;           /* the file's name */
    const char *text;
    size_t len;
};
extern const struct sv_vms_builtin sv_vms_builtins[];
extern const size_t sv_vms_nbuiltins;

#endif
