/*
 * One device section between its legacy bytes and a tagged body, through
 * the device's descriptor, or the opaque form (F-30) where none fits.
 * The shim and svtool both go through here, so they write the same bytes.
 */
#ifndef SV_TRANSCODE_H
#define SV_TRANSCODE_H

#include <stddef.h>
#include <stdint.h>

#include "desc.h"

struct sv_xc {
    const char *release;        /* "0.10", "0.11", "emu" */
    const char *target;         /* "i386", "x86_64"; NULL: decide from the bytes */
    const char *idstr;
    long long instance;         /* for messages */
    const struct sv_desc_fact *facts;
    size_t nfacts;
    int (*fact_hook)(void *opaque, const char *name, uint64_t *v);
    void *opaque;
    /* the caller's slot remembering the layout that fitted last time
     * (saves a registry search per save); NULL: no memory */
    const struct sv_desc **cache;
};

/*
 * Save: the legacy bytes a device wrote at `version` become a canonical
 * tagged body (F-23).  The descriptor must consume exactly these bytes and
 * re-encode them byte for byte; otherwise, or without a descriptor, the
 * body is opaque (F-30), *described is 0 and `why` says why.  With no
 * target given, each target whose layout fits is tried; the one that fits
 * is reported in *target (NULL for opaque or target-independent bodies).
 */
uint8_t *sv_xc_to_tagged(const struct sv_xc *x, uint32_t version, const uint8_t *legacy, size_t len,
                         size_t *body_len, int *described, const char **target,
                         char *why, size_t whylen, struct sv_error *err);

/*
 * Load: reads one tagged body from `in` and makes legacy bytes at version
 * `want` (0: the release's own version of the device).  F-18/F-19/F-20 and
 * the descriptor's bounds apply.  *version gets the version of the bytes
 * (an opaque body keeps its own, which must not be above `want`).
 */
int sv_xc_tagged_to_legacy(const struct sv_xc *x, uint32_t want, struct sv_stream *in,
                           uint8_t **legacy, size_t *len, uint32_t *version, struct sv_error *err);

/*
 * Fallback: reads one legacy body at `version` from `in` through its
 * descriptor (legacy bodies carry no length), checking bounds.  Returns 0
 * with exactly the bytes read (and the values, when vals is not NULL),
 * 1 when no descriptor exists (nothing is read), -1 on error.
 */
int sv_xc_read_legacy(const struct sv_xc *x, uint32_t version, struct sv_stream *in,
                      uint8_t **legacy, size_t *len, struct sv_values *vals, struct sv_error *err);

/* The descriptor a release uses for a device now (its newest version); NULL if none. */
const struct sv_desc *sv_xc_current(const char *release, const char *target, const char *idstr);

#endif
