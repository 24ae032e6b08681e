/*
 * Device descriptors: one table per legacy device section, and the one
 * interpreter that walks them.
 *
 * A table is an array of struct sv_desc_field, one entry per wire field in
 * the order the legacy save function writes them, ended by an entry whose
 * name is NULL.  Four kinds of entry:
 *
 *   SV_D_INT    an integer, or an array of them (.n fixed, or .count)
 *   SV_D_BYTES  a raw byte buffer (.n fixed, or .count)
 *   SV_D_GROUP  the fields of .sub, once (.n == 0: "name.field") or
 *               repeated (.n or .count: "name[i].field")
 *   SV_D_LIST   elements of .sub until a tag equals .end (slirp's sockets):
 *               the first entry of .sub is the tag, read before each
 *               element; the tag .end ends the list and is not stored
 *
 * Per entry, all optional:
 *   .wire       legacy bytes per element when they differ from .type's width
 *               (serial v1 stores its u16 divider in one byte)
 *   .le         legacy element is host order (x86: little-endian), as
 *               qemu_put_buffer of a struct or an int array writes it
 *   .since/.until  legacy versions the field exists in (0: no limit)
 *   .cond       present only when a condition holds (see enum sv_cond_kind)
 *   .dflt       the default (each element of an array; each byte of bytes):
 *               the value the device's reset handler gives the field (or its
 *               init, for a device without one), 0 unless given, with a
 *               comment citing the legacy function that sets it
 *   .dflts      per-element defaults of a fixed integer array or bytes
 *               whose reset values differ (.n of them); .dflt is then unused
 *   .required   no default: reset does not set the field (configuration,
 *               identity, sizes, RAM, a value read from a clock, state the
 *               reset leaves as it was).  A tagged body without it is
 *               refused naming it (F-18), and its is_default flag is never
 *               set (F-23), so a reader that does not know it cannot skip
 *               it (F-19).  svtool reset keeps its value.
 *   .lo/.hi     bounds, when .bounded: what the release's legacy code can
 *               store or safely load, never a datasheet range
 *   .index_of   bounded by "less than the length of" that sibling array
 *   .lo_field/.hi_field  also at least / at most the value of that earlier
 *               field (same group or enclosing), when it is present: a
 *               buffer offset within a length the stream gives (slirp)
 *   .max_count  for counted arrays: the capacity of the legacy buffer
 *
 * The tagged type of an integer is .type (SV_U8..SV_S64, SV_BOOL), or SV_TL
 * for target_ulong: u32 on i386, u64 on x86_64.
 */
#ifndef SV_DESC_H
#define SV_DESC_H

#include <stdint.h>
#include <stddef.h>

#include "sv-error.h"
#include "sv-registry.h"
#include "sv-stream.h"
#include "sv-tagged.h"

enum sv_desc_kind {
    SV_D_INT = 0,       /* the zero value: a table entry need not say it */
    SV_D_BYTES,
    SV_D_GROUP,
    SV_D_LIST,
};

/* target_ulong: a pseudo type resolved from the context's target */
#define SV_TL 0x40u

/*
 * What decides whether a field is present.  A field reference names an
 * earlier field of the same group, or of an enclosing one.
 */
enum sv_cond_kind {
    SV_IF_ALWAYS = 0,
    SV_IF_FIELD,        /* (.field & .mask) OP .value; mask 0 = all bits */
    SV_IF_INDEX,        /* the enclosing group element's index OP .value */
    SV_IF_TARGET,       /* the target is .field ("i386", "x86_64") */
    SV_IF_MACHINE,      /* machine fact .field OP .value (see sv_desc_ctx) */
    SV_IF_UNDESCRIBED,  /* decided by code no table describes (.field says which):
                         * a walk that reaches the field fails, naming it */
};

enum sv_cond_op { SV_OP_EQ = 0, SV_OP_NE, SV_OP_GE, SV_OP_LT };

struct sv_cond {
    uint8_t kind;       /* enum sv_cond_kind */
    uint8_t op;         /* enum sv_cond_op */
    const char *field;
    uint64_t mask;
    uint64_t value;
    /* and .also holds too (with .not_also: does not hold); evaluated only
     * when this one holds */
    const struct sv_cond *also;
    uint8_t not_also;
};

struct sv_desc_field {
    const char *name;                   /* NULL ends the table */
    uint8_t kind;                       /* enum sv_desc_kind */
    uint8_t type;                       /* tagged type (INT), SV_BYTES (BYTES) */
    uint8_t wire;                       /* legacy bytes per element, 0: type width */
    uint8_t le;                         /* legacy host order (little-endian) */
    uint32_t n;                         /* fixed length / repeats */
    const char *count;                  /* or: the earlier field holding it */
    const char *count_alt;              /* where `count` is absent: this one (one member, two encodings) */
    uint64_t count_mask;                /* count = field & mask; 0: all bits */
    uint32_t max_count;                 /* capacity when counted */
    uint64_t end;                       /* SV_D_LIST: the tag that ends it */
    uint32_t since, until;              /* legacy versions; 0: open */
    struct sv_cond cond;
    int64_t dflt;
    const int64_t *dflts;               /* per element, when they differ */
    uint8_t required;                   /* no default (F-18) */
    uint8_t bounded;
    int64_t lo, hi;                     /* signed for signed types */
    const char *index_of;
    const char *lo_field, *hi_field;    /* bounded by earlier fields' values */
    const struct sv_desc_field *sub;    /* GROUP and LIST members */
};

/* A device section's layout for one release. */
struct sv_desc {
    const char *idstr;
    uint32_t min_version;               /* oldest version its loader takes */
    uint32_t version;                   /* the version the release saves */
    uint32_t also_saves;                /* another version its binaries save (a variant
                                         * of the device registers it), 0: none */
    uint8_t by_target;                  /* layout depends on the target */
    const struct sv_desc_field *fields;
};

struct sv_value;

/* Machine facts: a name and a value, e.g. { "pci", 1 }. */
struct sv_desc_fact {
    const char *name;
    uint64_t value;
};

/*
 * What the caller knows about the machine.  A layout that depends on the
 * machine (SV_IF_MACHINE) is resolved, in this order: from .facts; from
 * .fact_hook (e.g. answering from sections seen earlier in the stream);
 * when reading tagged bodies or values, from whether the field is there;
 * when reading legacy bytes, by trying each value (0, 1) and keeping the
 * layout that consumes exactly .legacy_len bytes.
 */
struct sv_desc_ctx {
    const char *target;                 /* "i386", "x86_64" */
    long long instance;                 /* for messages; -1 unknown */
    const struct sv_desc_fact *facts;
    size_t nfacts;
    /* 1 and *v set when known, 0 when not */
    int (*fact_hook)(void *opaque, const char *name, uint64_t *v);
    void *opaque;
    uint64_t legacy_len;                /* the legacy body length, 0: unknown */
    /* encoding legacy bytes: set, a value the layout has no place for and
     * that is not at its default is given here and left out (svtool
     * convert --force between releases); NULL: it fails the encoding */
    void (*dropped)(void *opaque, const struct sv_value *v);
    void *dropped_opaque;
};

/* One named typed value, in descriptor order. */
struct sv_value {
    char *name;                         /* "channel[1].count" */
    const struct sv_desc_field *field;
    uint8_t type;                       /* resolved tagged type, | SV_ARRAY */
    uint8_t wire;                       /* resolved legacy bytes per element */
    uint32_t count;                     /* elements (arrays), bytes (bytes) */
    uint64_t offset;                    /* where it was read or written */
    int has_offset;
    uint64_t u;                         /* a scalar (sign-extended if signed) */
    uint64_t *a;                        /* array elements */
    uint8_t *b;                         /* bytes */
};

struct sv_arena;

struct sv_values {
    const struct sv_desc *desc;
    uint32_t version;                   /* the legacy layout they follow */
    char target[SV_PROFILE_MAX + 1];    /* "" when the device does not care */
    struct sv_value *v;
    size_t n, cap;
    struct sv_arena *arena;             /* the values' names, arrays and bytes */
};

void sv_values_free(struct sv_values *vals);
/* NULL when absent. */
const struct sv_value *sv_values_get(const struct sv_values *vals, const char *name);
/* Element i of an integer value (the scalar for i == 0). */
uint64_t sv_value_elem(const struct sv_value *v, uint32_t i);
/* Sets element i; for tests and tools that edit state. */
void sv_value_set_elem(struct sv_value *v, uint32_t i, uint64_t x);

/*
 * Legacy body at `version` -> values.  The body has no length: the layout
 * says how much is read; *consumed gets it.
 */
int sv_desc_decode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, struct sv_stream *in, struct sv_values *out,
                          uint64_t *consumed, struct sv_error *err);
/*
 * Values -> legacy body at `version`.  A field the values lack takes its
 * default; a value the layout at `version` lacks must be at its default,
 * else the call fails naming it.
 */
int sv_desc_encode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          uint32_t version, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err);
/*
 * Values -> canonical tagged body (F-23) at the values' version, labelled
 * with `profile` and the target (or "" when the layout does not depend on it).
 */
int sv_desc_encode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          const char *profile, const struct sv_values *vals,
                          struct sv_stream *out, struct sv_error *err);
/* A record set (sv_recset_read) -> values at the body's legacy version. */
int sv_desc_decode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *ctx,
                          struct sv_recset *r, struct sv_values *out, struct sv_error *err);

/*
 * A body whose long byte values stay in the legacy bytes they came from:
 * `out` holds the rest, and reference i says that len bytes at p go at
 * offset `at` of it (before what is there).  For a caller that writes the
 * body in pieces (the shim), so a NIC's 48 KiB buffer is not copied once
 * more on its way to the emulator's file.
 */
#define SV_REF_MIN 2048
#define SV_REFS_MAX 8
struct sv_refs {
    size_t n;
    struct sv_ref {
        size_t at;
        const uint8_t *p;
        size_t len;
    } r[SV_REFS_MAX];
};

/*
 * The two directions the shim runs in its stop-and-copy phase, in one pass
 * over a table compiled for the version and target (built on first use, or
 * by sv_desc_prepare).  Save: exactly `len` legacy bytes at `version` -> a
 * canonical tagged body (the bytes sv_desc_decode_legacy and
 * sv_desc_encode_tagged make), appended to `out`, a memory writer; while it
 * encodes it proves that a load of the body gives back these bytes.  Load:
 * a tagged body this table wrote (profile and version checked by the
 * caller), in memory, -> legacy bytes at its version, appended to `out`.
 * With refs (may be NULL), a save leaves byte values of SV_REF_MIN bytes or
 * more in `legacy` (see struct sv_refs).
 * Each returns 0 when done, 1 when not (out unchanged): the bytes do not fit
 * (the calls above then say why), or the table is one the compiled form
 * leaves to them.
 */
int sv_desc_try_save(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                     const char *profile, const uint8_t *legacy, size_t len, struct sv_stream *out,
                     struct sv_refs *refs);
int sv_desc_try_load(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                     const uint8_t *body, size_t len, struct sv_stream *out);
/*
 * The save with legacy bytes in pieces: `legacy` holds them less the holes,
 * and hole i puts len bytes at p before offset `at` of it (struct sv_refs;
 * the shim's capture of a device's long writes).  A hole must be one byte
 * value whole (a NIC's buffer), which then goes as a ref when refs allow;
 * anything else is "not done" (1), and the caller puts the bytes in one
 * piece and asks again.  ctx->legacy_len is the length with the holes.
 */
int sv_desc_try_save_holes(const struct sv_desc *d, const struct sv_desc_ctx *ctx, uint32_t version,
                           const char *profile, const uint8_t *legacy, size_t len,
                           const struct sv_refs *holes, struct sv_stream *out, struct sv_refs *refs);
/* Compiles the table for that version and target now (before a save's
 * stop-and-copy phase); 0, or -1 when it is left to the walker. */
int sv_desc_prepare(const struct sv_desc *d, const char *target, uint32_t version);

/* The tables of each release (descriptors/devices.c; the releases are in
 * compat/sv-registry.h).  Release and target by name, as tagged bodies name them. */
/* NULL when no table of that release holds (target, idstr, version). */
const struct sv_desc *sv_desc_find(const char *release, const char *target,
                                   const char *idstr, uint32_t version);
/* Where a release saves one idstr with several layouts (0.12's "vga": PCI or
 * ISA), the n-th of them, the likeliest first; sv_desc_find is n = 0. */
const struct sv_desc *sv_desc_find_nth(const char *release, const char *target, const char *idstr,
                                       uint32_t version, size_t n);
/* One call per (release, target, descriptor); target is "" for a device
 * that does not depend on it.  NULL filters match everything; a non-zero
 * return from fn stops the walk and is returned. */
int sv_desc_foreach(const char *release, const char *target,
                    int (*fn)(const char *release, const char *target,
                              const struct sv_desc *d, void *opaque),
                    void *opaque);
/* The target names, NULL-terminated (the registry's list). */
#define sv_desc_targets sv_target_names
/* Every table once, in turn (i from 0); NULL past the last (for the table checker). */
const struct sv_desc *sv_desc_nth(size_t i);
/* The table a release uses for a device now (its newest version); NULL if none. */
const struct sv_desc *sv_desc_newest(const char *release, const char *target, const char *idstr);
/* The tagged type of target_ulong on a target (SV_U32, SV_U64); 0 when the
 * registry does not know the target. */
uint8_t sv_desc_target_ulong(const char *target);

/* Helpers the interpreter and the checker share. */
/* Is field f present at this version for this target (static part only)? */
int sv_desc_in_version(const struct sv_desc_field *f, uint32_t version);
/* Resolved tagged type for a target; 0 when SV_TL and the target is unknown. */
uint8_t sv_desc_type(const struct sv_desc_field *f, const char *target);

#endif
