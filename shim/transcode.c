/* Section transcoding for the shim; see transcode.h. */
#include "transcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv-tagged.h"

static uint8_t *opaque_body(const struct sv_section_id *id, uint32_t version, const uint8_t *legacy,
                            size_t len, size_t *body_len, struct sv_error *err)
{
    struct sv_tenc e;

    sv_tenc_begin(&e, SV_KIND_OPAQUE, version, id->release, "");
    sv_tenc_field(&e, "legacy", SV_BYTES, 0, (uint32_t)len, legacy);
    return sv_tenc_take(&e, body_len, err);
}

uint8_t *sv_tc_to_tagged(const struct sv_section_id *id, uint32_t version, const uint8_t *legacy,
                         size_t len, size_t *body_len, int *described, char *why, size_t whylen,
                         struct sv_error *err)
{
    *described = 0;
    snprintf(why, whylen, "no descriptor for \"%s\" v%u in release %s", id->idstr, version, id->release);
    return opaque_body(id, version, legacy, len, body_len, err);
}

int sv_tc_from_tagged(const struct sv_section_id *id, uint32_t want, struct sv_stream *s,
                      uint8_t **legacy, size_t *len, uint32_t *version, struct sv_error *err)
{
    struct sv_recset r;
    const struct sv_field *f;

    if (sv_recset_read(&r, s) < 0) {
        *err = s->err;
        sv_recset_free(&r);
        return -1;
    }
    if (r.h.kind != SV_KIND_OPAQUE) {
        sv_error_set(err, SV_E_UNKNOWN, r.start, "no descriptor for \"%s\" in release %s to read its fields",
                     id->idstr, id->release);
        sv_recset_free(&r);
        return -1;
    }
    f = sv_recset_find(&r, "legacy");
    if (!f || f->type != SV_BYTES) {
        sv_error_set(err, SV_E_CORRUPT, r.start, "opaque body without a \"legacy\" bytes field");
        sv_recset_free(&r);
        return -1;
    }
    if (r.h.legacy_version > want) {
        sv_error_set(err, SV_E_UNKNOWN, r.start, "opaque body of version %u, the device has version %u",
                     r.h.legacy_version, want);
        sv_recset_free(&r);
        return -1;
    }
    *legacy = malloc(f->count ? f->count : 1);
    if (!*legacy) {
        sv_recset_free(&r);
        return sv_error_set(err, SV_E_NOMEM, r.start, "out of memory");
    }
    memcpy(*legacy, f->value, f->count);
    *len = f->count;
    *version = r.h.legacy_version;
    sv_recset_free(&r);
    return 0;
}

int sv_tc_read_legacy(const struct sv_section_id *id, uint32_t version, struct sv_stream *s,
                      uint8_t **legacy, size_t *len, struct sv_error *err)
{
    (void)id; (void)version; (void)s; (void)legacy; (void)len; (void)err;
    return 1;
}
