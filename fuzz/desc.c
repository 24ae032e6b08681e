/*
 * Harness: the descriptor interpreter, per device.  Byte 0 picks a
 * (release, target, device), byte 1 a version; the rest is a legacy body.
 * Whatever decodes must re-encode to exactly the bytes it consumed, and
 * survive legacy -> tagged -> legacy unchanged.
 */
#include <config.h>

#include <string.h>

#include "desc.h"
#include "fuzz.h"

struct entry {
    const char *release, *target;
    const struct sv_desc *d;
};

static struct entry entries[512];
static size_t nentries;

static int collect(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    (void)opaque;
    if (nentries < sizeof entries / sizeof entries[0])
        entries[nentries++] = (struct entry){ release, target, d };
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct entry *en;
    struct sv_desc_ctx ctx = { .instance = -1 };
    struct sv_values vals = { 0 }, back = { 0 };
    struct sv_stream in, out, tagged, in2, out2;
    struct sv_recset r;
    struct sv_error err;
    uint64_t consumed = 0;
    uint32_t version;
    const uint8_t *p, *p2;
    size_t n, n2;

    if (!nentries)
        sv_desc_foreach(NULL, NULL, collect, NULL);
    if (size < 2 || !nentries)
        return 0;
    en = &entries[data[0] % nentries];
    version = en->d->min_version + data[1] % (en->d->version - en->d->min_version + 1);
    ctx.target = en->target[0] ? en->target : "i386";
    sv_error_clear(&err);
    sv_stream_mem_reader(&in, data + 2, size - 2);
    if (sv_desc_decode_legacy(en->d, &ctx, version, &in, &vals, &consumed, &err) < 0) {
        FUZZ_ASSERT(err.code != SV_OK, "%s: failed without an error", en->d->idstr);
        sv_values_free(&vals);
        return 0;
    }
    FUZZ_ASSERT(consumed <= size - 2, "%s: consumed past the input", en->d->idstr);
    sv_stream_mem_writer(&out, 0);
    FUZZ_ASSERT(sv_desc_encode_legacy(en->d, &ctx, version, &vals, &out, &err) == 0,
                "%s v%u: decoded values do not re-encode", en->d->idstr, version);
    p = sv_stream_mem_data(&out, &n);
    FUZZ_ASSERT(n == consumed && (n == 0 || memcmp(p, data + 2, n) == 0), "%s v%u: legacy round trip differs",
                en->d->idstr, version);

    sv_stream_mem_writer(&tagged, 0);
    FUZZ_ASSERT(sv_desc_encode_tagged(en->d, &ctx, en->release, &vals, &tagged, &err) == 0,
                "%s v%u: values do not encode tagged", en->d->idstr, version);
    p2 = sv_stream_mem_data(&tagged, &n2);
    sv_stream_mem_reader(&in2, p2, n2);
    FUZZ_ASSERT(sv_recset_read(&r, &in2) == 0, "%s: own tagged body does not decode", en->d->idstr);
    FUZZ_ASSERT(sv_desc_decode_tagged(en->d, &ctx, &r, &back, &err) == 0,
                "%s: own tagged body does not load", en->d->idstr);
    sv_stream_mem_writer(&out2, 0);
    FUZZ_ASSERT(sv_desc_encode_legacy(en->d, &ctx, version, &back, &out2, &err) == 0,
                "%s: tagged values do not re-encode", en->d->idstr);
    p2 = sv_stream_mem_data(&out2, &n2);
    FUZZ_ASSERT(n2 == n && (n == 0 || memcmp(p2, p, n) == 0), "%s v%u: legacy -> tagged -> legacy differs",
                en->d->idstr, version);
    sv_recset_free(&r);
    sv_stream_free(&out);
    sv_stream_free(&out2);
    sv_stream_free(&tagged);
    sv_values_free(&vals);
    sv_values_free(&back);
    return 0;
}
