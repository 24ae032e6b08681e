/*
 * A table compiled for one version and target: the walk of interp-walk.c
 * laid out ahead of time.  Entries absent at that version or target are
 * gone, fixed groups are unrolled with their names spelled out, types,
 * widths, defaults and bounds are resolved, and each field reference is
 * the few places its value can be.  What depends on the bytes stays as
 * operations: conditions, counts, lists and machine facts.
 *
 *   interp-plan.c      the compiler and the cache of compiled tables
 *   interp-run.c       the one-pass save (legacy -> tagged, with the
 *                      round-trip proof) and load (tagged -> legacy)
 *
 * A plan never reports an error: where its run fails, or meets what it does
 * not cover, the caller goes back to the walker, which decides (and words
 * the error).  So a run may only succeed where the walker succeeds, with
 * the same bytes (t/desc-plan.c holds it to that).
 */
#ifndef SV_INTERP_PLAN_H
#define SV_INTERP_PLAN_H

#include "interp.h"

#define PLAN_MAX_SLOTS 32       /* values kept for references */
#define PLAN_MAX_DEPTH 4        /* counted groups and lists inside each other */
#define PLAN_MAX_CAND 4         /* scopes a reference may resolve in */
#define PLAN_MAX_OPS 65536

enum plan_kind {
    P_INT,                      /* an integer, or an array of them */
    P_BYTES,
    P_COND,                     /* the next `body` ops only when the condition holds */
    P_GROUP,                    /* counted group: `body` ops per element */
    P_LIST,                     /* list: `body` ops per element, its tag first */
};

/* checks of an integer element (interp-rules.c sv_desc_check) */
#define C_FITS 0x01             /* the wire is wider than the type */
#define C_BOOL 0x02
#define C_RANGE 0x04            /* .bounded or .index_of: lo..hi */
#define C_REL 0x08              /* .lo_field / .hi_field */

/* Where a referenced value may be: the first candidate present wins. */
struct plan_ref {
    uint8_t n;
    struct {
        uint8_t depth;          /* the dynamic element it lives in */
        uint8_t slot;
        uint8_t scalar;         /* an integer scalar (arrays and bytes hold 0) */
        uint8_t sign;
    } c[PLAN_MAX_CAND];
};

struct plan_op {
    uint8_t kind;               /* enum plan_kind */
    uint8_t depth;              /* dynamic elements (counted groups, lists) it is in */
    uint8_t type;               /* element type, resolved; SV_BYTES for bytes */
    uint8_t rtype;              /* the record's type: | SV_ARRAY for an array */
    uint8_t width, wire, le, sign;
    uint8_t checks;             /* C_* */
    int8_t slot;                /* its value kept for references; -1 not */
    uint8_t cond_kind, cond_op; /* P_COND: SV_IF_FIELD, SV_IF_INDEX, SV_IF_MACHINE */
    uint32_t n;                 /* elements (or bytes); 1 for a scalar */
    int16_t count_ref;          /* counted: the count's reference; -1 fixed */
    int16_t lo_ref, hi_ref;     /* C_REL; -1 none */
    int16_t cond_ref;           /* SV_IF_FIELD */
    uint32_t max_count;
    uint64_t count_mask;
    uint64_t dflt;              /* each element's default as held (sv_sign_extend); a byte for bytes */
    const int64_t *dflts;       /* per-element defaults (.dflts), or NULL */
    uint8_t required;           /* no default: never flagged as at it (F-23) */
    int64_t lo, hi;             /* C_RANGE */
    uint64_t cond_mask, cond_value, end;
    uint32_t body;              /* P_COND, P_GROUP, P_LIST: the ops that follow and belong to it */
    uint32_t head;              /* offset of its record head in plan->heads, or NO_HEAD */
    uint16_t head_len;
    uint16_t name_len;
    uint16_t probe_len;
    uint16_t max_rel;           /* P_GROUP, P_LIST: the longest name inside an element, after its prefix */
    /* A run of small fixed fields at depth 0 whose records hold their
     * legacy bytes as they are: saved together from a template of their
     * records.  Its first op has seg_len; each member also runs alone. */
    uint16_t seg_len;           /* ops in the run that starts here, 0 none */
    uint32_t seg_tmpl;          /* its records, values zero, in plan->tmpl */
    uint32_t seg_in, seg_out;   /* legacy bytes it reads, record bytes it writes */
    uint32_t in_off, out_off;   /* a member's value, from the run's start, in each */
    uint8_t scalar;             /* a member that is one integer */
    uint64_t dflt_raw;          /* an integer's default as its record's bytes read */
    uint32_t name_off, probe_off;       /* while compiling: offsets in names */
    const char *name;           /* the full name at depth 0, else relative to its element */
    const char *probe;          /* SV_IF_MACHINE: the name whose record says "present" */
    const char *fact;
    const struct sv_desc_field *f;
};

#define NO_HEAD UINT32_MAX

struct sv_plan {
    struct sv_plan *next;       /* the cache's chain */
    const struct sv_desc *d;
    uint32_t version;
    char target[SV_PROFILE_MAX + 1];    /* the walk's target, "" none */
    char label[SV_PROFILE_MAX + 1];     /* the body's target label */
    int usable;                 /* 0: the walker does this one */
    struct plan_op *ops;
    size_t nops;
    struct plan_ref *refs;
    size_t nrefs;
    int nslots;
    /* the body's header for the profile saved with last (interp-run.c) */
    char hdr_profile[SV_PROFILE_MAX + 1];
    uint8_t hdr[4 + 1 + 1 + 4 + 4 + 1 + SV_PROFILE_MAX + 1 + SV_PROFILE_MAX + 4];
    size_t hdr_len;
    uint8_t *heads;             /* record heads of the depth-0 fields: nl name type flags count */
    uint8_t *tmpl;              /* the runs' record templates */
    char *names;                /* the ops' names */
};

/* interp-plan.c: the compiled table (cached; built on first use); NULL when
 * the walker must do it (an unusual table, no memory). */
const struct sv_plan *sv_plan_get(const struct sv_desc *d, const char *target, uint32_t version);
/* Forgets every compiled table (tests: allocation failures while compiling). */
void sv_plan_flush(void);

/* interp-run.c: 0 done, 1 not done (out as it was): the walker decides. */
int sv_plan_save(const struct sv_plan *p, const struct sv_desc_ctx *ctx, const char *profile,
                 const uint8_t *legacy, size_t len, const struct sv_refs *holes, struct sv_stream *out,
                 struct sv_refs *refs);
int sv_plan_load(const struct sv_plan *p, const struct sv_desc_ctx *ctx, const uint8_t *body,
                 size_t len, struct sv_stream *out);

#endif
