/*
 * Harness: the tagged body decoder.  Whatever decodes must re-encode to the
 * same bytes (F-23's canonical form is a fixed point of decode/encode).
 */
#include <config.h>

#include <string.h>

#include "fuzz.h"
#include "sv-tagged.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sv_stream s;
    struct sv_recset r;
    struct sv_tenc e;
    uint8_t *again;
    size_t n;

    sv_stream_mem_reader(&s, data, size);
    if (sv_recset_read(&r, &s) < 0) {
        FUZZ_ASSERT(s.err.code != SV_OK, "failed without an error");
        sv_recset_free(&r);
        return 0;
    }
    FUZZ_ASSERT(r.end <= size, "body end %llu past the input", (unsigned long long)r.end);
    sv_tenc_begin(&e, r.h.kind, r.h.legacy_version, r.h.profile, r.h.target);
    for (size_t i = 0; i < r.n; i++)
        sv_tenc_field(&e, r.f[i].name, r.f[i].type, r.f[i].flags, r.f[i].count, r.f[i].value);
    again = sv_tenc_take(&e, &n, NULL);
    FUZZ_ASSERT(again && n == r.end && memcmp(again, data, n) == 0, "decode then encode differs");
    free(again);
    for (size_t i = 0; i < r.n; i++)
        FUZZ_ASSERT(sv_recset_find(&r, r.f[i].name) != NULL, "a field cannot be found by name");
    {
        struct sv_error err;

        sv_error_clear(&err);
        sv_recset_check_unknown(&r, &err);
    }
    sv_recset_free(&r);
    return 0;
}
