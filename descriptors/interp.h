/*
 * Inside the descriptor interpreter.  One walker goes over a table, entry by
 * entry; each element comes from a source, is checked against the rules,
 * appended to a list of values and, when the walk has a sink, written as
 * legacy bytes.  A source is a small set of operations (like a nanopb
 * stream): the legacy bytes read in order, a value list and a tagged record
 * set looked up by name.
 *
 *   interp.c          the public calls: set up a walk, run it, finish it
 *   interp-walk.c     the walker: integers, bytes, groups, lists
 *   interp-rules.c    presence, counts, bounds, types
 *   interp-values.c   the value list a walk builds (in an arena)
 *   interp-src-*.c    the three sources
 *   interp-plan.c     a table compiled for one version and target, and
 *   interp-run.c      run over a body in one pass (interp-plan.h): the
 *                     shim's save and load; the walker decides what they
 *                     do not do
 */
#ifndef SV_INTERP_H
#define SV_INTERP_H

#include "desc.h"

#define SV_DESC_MAX_FACTS 4

struct sv_desc_walker;

/* The entry the walker is at, as a source sees it. */
struct sv_desc_item {
    const struct sv_desc_field *f;
    const char *name;                   /* "channel[1].count" */
    uint8_t type;                       /* resolved tagged type (element) */
    const struct sv_type_info *t;
    unsigned wire;                      /* legacy bytes per element */
    int64_t n;                          /* elements; < 0 for a scalar */
    uint32_t cnt;                       /* elements (1 for a scalar), or bytes */
    uint64_t dflt;                      /* each element's default */
    int has;                            /* messages about it point at off */
    uint64_t off;
    const void *found;                  /* the source's own record of it */
};

struct sv_desc_source {
    /* Where the next element is read from; 0 when the source has no offsets. */
    int (*where)(const struct sv_desc_walker *w, uint64_t *off);
    /* Looks the entry up and checks its shape; may point it->has/off at it. */
    int (*find)(struct sv_desc_walker *w, struct sv_desc_item *it);
    /* Element i of an integer entry, held as sv_sign_extend does; *x holds
     * the default on entry, *off where messages about the element point. */
    int (*get_int)(struct sv_desc_walker *w, struct sv_desc_item *it, uint32_t i, uint64_t *x,
                   uint64_t *off);
    /* A byte entry's it->cnt bytes into b, which holds the default. */
    int (*get_bytes)(struct sv_desc_walker *w, struct sv_desc_item *it, uint8_t *b);
    /* Is there an element named `name`?  NULL for a byte stream: there the
     * bytes themselves decide the layout (list tags, machine facts). */
    int (*has)(struct sv_desc_walker *w, const char *name);
    /* Where a message about a missing element points; 0: nowhere (NULL too). */
    int (*missing_at)(const struct sv_desc_walker *w, uint64_t *off);
};

extern const struct sv_desc_source sv_desc_src_legacy;   /* data: struct sv_stream */
extern const struct sv_desc_source sv_desc_src_values;   /* data: struct sv_desc_values_src */
extern const struct sv_desc_source sv_desc_src_tagged;   /* data: struct sv_recset */

/* The value-list source's state: what has been taken so far. */
struct sv_desc_values_src {
    const struct sv_values *vals;
    uint8_t *used;
    size_t next;                        /* where the next look-up tries first */
};

struct sv_desc_walker {
    const struct sv_desc *d;
    const struct sv_desc_ctx *ctx;
    const char *target;
    uint32_t version;
    const struct sv_desc_source *src;
    void *src_data;
    struct sv_stream *out;              /* legacy sink, or NULL */
    struct sv_values *dst;
    struct sv_error *err;
    /* machine facts the legacy bytes must decide (see sv_desc_ctx) */
    const char *unknown[SV_DESC_MAX_FACTS];
    int nunknown, need_fact;
    unsigned assume;                    /* bit i: value of unknown[i] */
};

/* Where in the table a walk is: the names and values of one group element. */
struct sv_desc_scope {
    const char *prefix;                 /* "" at the top, "channel[1]" inside */
    size_t first;                       /* this scope's first value in dst */
    long index;                         /* group element index, -1 none */
    const struct sv_desc_field *table;
    const struct sv_desc_scope *up;
};

/* interp-walk.c */
/* Walks the whole table from the top. */
int sv_desc_walk(struct sv_desc_walker *w);
/* Records an error naming the field (has_off: at offset off); returns -1. */
int sv_desc_fail(struct sv_desc_walker *w, enum sv_errcode code, int has_off, uint64_t off,
                 const char *field, const char *fmt, ...) SV_PRINTF(6, 7);
/* A stream's own error (truncation, i/o) becomes the walk's, naming the field. */
int sv_desc_stream_fail(struct sv_desc_walker *w, struct sv_stream *s, const char *field);

/* interp-rules.c */
static inline int sv_desc_type_signed(uint8_t type)
{
    const struct sv_type_info *t = sv_type_info(type & ~SV_ARRAY);

    return t && t->is_signed;
}

/* Does a value held as sv_sign_extend does fit `width` bytes? */
static inline int sv_desc_fits_width(uint64_t v, unsigned width, int sign)
{
    return width >= 8 || sv_sign_extend(v, width, sign) == v;
}

/* The entry of that name in a table; NULL when none. */
const struct sv_desc_field *sv_desc_sibling(const struct sv_desc_field *table, const char *name);
/* The name of the first element an entry would produce, to probe for it. */
void sv_desc_probe_name(const struct sv_desc_field *f, const char *full, char *buf, size_t len);
/* a OP b (enum sv_cond_op) */
int sv_desc_compare(uint8_t op, uint64_t a, uint64_t b);
/* a < b, a == b, a > b: -1, 0, 1, for values of either signedness */
int sv_desc_cmp_mixed(uint64_t a, int asign, uint64_t b, int bsign);
/* 1 present, 0 absent, -1 error. */
int sv_desc_present(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                    const struct sv_desc_field *f, const char *full);
/* Element count: fixed, counted, -1 for a scalar or single group, -2 on error. */
int64_t sv_desc_count(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                      const struct sv_desc_field *f, const char *full);
/* Width, type and bounds of an element held as sv_sign_extend does. */
int sv_desc_check(struct sv_desc_walker *w, const struct sv_desc_scope *sc,
                  const struct sv_desc_item *it, uint64_t v, int has, uint64_t off);

/* interp-values.c */
/* The newest value of that name; -1 when none. */
long sv_desc_values_find(const struct sv_values *vals, const char *name);
/* n bytes (8-aligned) from the values' arena, freed with them; NULL when out of memory. */
void *sv_desc_values_alloc(struct sv_values *vals, size_t n);
/* Appends a value; a and b come from w->dst's arena. */
int sv_desc_values_append(struct sv_desc_walker *w, const char *full, const struct sv_desc_field *f,
                          uint8_t type, uint8_t wire, uint32_t count, uint64_t u, uint64_t *a,
                          uint8_t *b, int has, uint64_t off);
/* An integer entry's default for element i (.dflts when the elements'
 * reset values differ), held as sv_sign_extend does. */
static inline uint64_t sv_desc_default(const struct sv_desc_field *f, const struct sv_type_info *t,
                                       uint32_t i)
{
    return sv_sign_extend((uint64_t)(f->dflts ? f->dflts[i] : f->dflt), t->width, t->is_signed);
}
/* Is every element of v at its entry's default? */
int sv_desc_value_is_default(const struct sv_value *v);

#endif
