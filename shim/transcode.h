/*
 * One device section between its legacy bytes and a tagged body, through
 * the device's descriptor; the opaque form (F-30) when there is none.
 */
#ifndef SV_TRANSCODE_H
#define SV_TRANSCODE_H

#include <stddef.h>
#include <stdint.h>

#include "sv-stream.h"

struct sv_section_id {
    const char *release;        /* descriptor release: "0.10", "0.11", "emu" */
    const char *idstr;
    long long instance;
};

/*
 * Save: the legacy bytes a device wrote at `version` become a canonical
 * tagged body.  *described is 1 for named fields, 0 for the opaque form;
 * then `why` says why (no descriptor, bytes left over, first differing offset).
 */
uint8_t *sv_tc_to_tagged(const struct sv_section_id *id, uint32_t version, const uint8_t *legacy,
                         size_t len, size_t *body_len, int *described, char *why, size_t whylen,
                         struct sv_error *err);

/*
 * Load: reads one tagged body from s and produces legacy bytes for a device
 * whose own version is `want` (*version gets the version of the bytes:
 * `want` for described bodies, the stored one for opaque bodies).
 */
int sv_tc_from_tagged(const struct sv_section_id *id, uint32_t want, struct sv_stream *s,
                      uint8_t **legacy, size_t *len, uint32_t *version, struct sv_error *err);

/*
 * Fallback: reads one legacy body at `version` from s through its
 * descriptor, checking bounds.  Returns 0 with the exact bytes read,
 * 1 when no descriptor exists (nothing read), -1 on error.
 */
int sv_tc_read_legacy(const struct sv_section_id *id, uint32_t version, struct sv_stream *s,
                      uint8_t **legacy, size_t *len, struct sv_error *err);

#endif
