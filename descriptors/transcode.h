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

/* What transcoding one device section needs to know. */
struct sv_transcode {
    const char *release;        /* a release name of the registry (compat/sv-registry.c) */
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
    /* A VMState section (0.12 on): its only layout is `desc`, derived from
     * the binary's own VMStateDescription, never a hand-written table of
     * the same name (a borrowed 0.11 "timer" is not 0.12's); with no desc
     * the body is opaque and a legacy body is not read here. */
    int vmstate;
    /* sv_transcode_read_legacy: read with this layout (the walker's pick
     * among several); NULL: the registry's first.  With vmstate: the
     * section's layout everywhere. */
    const struct sv_desc *desc;
};

/*
 * Save: the legacy bytes a device wrote at `version` become a canonical
 * tagged body (F-23) in *body (the caller frees it).  The descriptor must
 * consume exactly these bytes and re-encode them byte for byte.  With no
 * target given, each target whose layout fits is tried; the one that fits
 * is reported in *target (NULL for opaque or target-independent bodies).
 * Returns 0 for a body through the descriptor; 1 for an opaque body (F-30)
 * when no descriptor fits, *err saying why; -1 when no body could be
 * made, *err saying why.
 */
int sv_transcode_to_tagged(const struct sv_transcode *t, uint32_t version, const uint8_t *legacy,
                           size_t len, uint8_t **body, size_t *body_len, const char **target,
                           struct sv_error *err);

/* The same, appending the body to `out`, a memory writer (the shim keeps
 * one for every save), and with refs (may be NULL, else empty) leaving long
 * byte values in `legacy` (struct sv_refs); on -1 out is as it was. */
int sv_transcode_save(const struct sv_transcode *t, uint32_t version, const uint8_t *legacy, size_t len,
                      struct sv_stream *out, struct sv_refs *refs, const char **target, struct sv_error *err);
/* The cached layout's one-pass save of legacy bytes in pieces
 * (sv_desc_try_save_holes): 0 done, 1 not (out as it was; the caller puts
 * the bytes in one piece and calls sv_transcode_save). */
int sv_transcode_save_holes(const struct sv_transcode *t, uint32_t version, const uint8_t *legacy, size_t len,
                            const struct sv_refs *holes, struct sv_stream *out, struct sv_refs *refs,
                            const char **target);

/*
 * Load: reads one tagged body from `in` and makes legacy bytes at version
 * `want` (0: the release's own version of the device).  F-18/F-19/F-20 and
 * the descriptor's bounds apply.  *version gets the version of the bytes
 * (an opaque body keeps its own, which must not be above `want`).
 */
int sv_transcode_to_legacy(const struct sv_transcode *t, uint32_t want, struct sv_stream *in,
                           uint8_t **legacy, size_t *len, uint32_t *version, struct sv_error *err);

/*
 * Fallback: reads one legacy body at `version` from `in` through its
 * descriptor (legacy bodies carry no length), checking bounds.  Returns 0
 * with exactly the bytes read (and the values, when vals is not NULL),
 * 1 when no descriptor exists (nothing is read), -1 on error.
 */
int sv_transcode_read_legacy(const struct sv_transcode *t, uint32_t version, struct sv_stream *in,
                             uint8_t **legacy, size_t *len, struct sv_values *vals,
                             struct sv_error *err);

#endif
