/*
 * Tagged over legacy bytes per device, for bench/run: each described
 * device of a release and target at its current version, with the values a
 * freshly reset device has (its descriptor's defaults; the required fields,
 * which a reset leaves, at zero or their least bound), on a PCI machine.
 * With idstr:count arguments, only those devices, each counted that often
 * (the sections of one machine).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc-check.h"
#include "desc.h"

static char *const *only;
static int nonly;

static int times(const char *idstr)
{
    if (!nonly)
        return 1;
    for (int i = 0; i < nonly; i++) {
        size_t n = strcspn(only[i], ":");

        if (strlen(idstr) == n && strncmp(only[i], idstr, n) == 0)
            return only[i][n] ? atoi(only[i] + n + 1) : 1;
    }
    return 0;
}

static int one(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    const char *want_target = opaque;
    static const struct sv_desc_fact pci = { "pci", 1 };
    struct sv_desc_ctx ctx = { .target = want_target, .instance = -1, .facts = &pci, .nfacts = 1 };
    int k = times(d->idstr);
    struct sv_stream tagged, in;
    struct sv_values vals = { 0 };
    struct sv_error err;
    uint64_t used;
    size_t ln = 0, tn;
    uint8_t *p;

    if (!k || (target[0] && strcmp(target, want_target) != 0) ||
        sv_desc_newest(release, want_target, d->idstr) != d)
        return 0;
    sv_error_clear(&err);
    sv_stream_mem_writer(&tagged, 0);
    if ((p = dc_default_body(d, &ctx, d->version, &ln))) {
        sv_stream_mem_reader(&in, p, ln);
        if (sv_desc_decode_legacy(d, &ctx, d->version, &in, &vals, &used, &err) == 0 &&
            sv_desc_encode_tagged(d, &ctx, release, &vals, &tagged, &err) == 0) {
            sv_stream_mem_data(&tagged, &tn);
            for (int i = 0; i < k; i++)
                printf("%s %u %zu %zu\n", d->idstr, d->version, ln, tn);
        }
    }
    if (!p || err.code != SV_OK)
        fprintf(stderr, "bench/sizes: %s v%u: no body of reset values\n", d->idstr, d->version);
    sv_values_free(&vals);
    free(p);
    sv_stream_free(&tagged);
    return 0;
}

int main(int argc, char **argv)
{
    const char *release = argc > 1 ? argv[1] : "0.11", *target = argc > 2 ? argv[2] : "i386";

    only = argv + 3;
    nonly = argc > 3 ? argc - 3 : 0;

    sv_desc_foreach(release, NULL, one, (void *)target);
    return 0;
}
