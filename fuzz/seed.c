/*
 * Writes the seed corpora (make fuzz-seeds): for every described device and
 * version its default legacy body (desc harness) and tagged body (tagged
 * harness), plus the golden tagged bodies of t/golden.h.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "desc.h"
#include "golden.h"

static const char *out_dir;
static unsigned idx, written;

static void put(const char *harness, const char *name, const uint8_t *hdr, size_t hl,
                const uint8_t *data, size_t len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", out_dir, harness);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, harness, name);
    f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "seed: %s: %s\n", path, strerror(errno));
        return;
    }
    fwrite(hdr, 1, hl, f);
    fwrite(data, 1, len, f);
    fclose(f);
    written++;
}

static int one(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    (void)opaque;
    for (uint32_t v = d->min_version; v <= d->version; v++) {
        struct sv_desc_ctx ctx = { .target = target[0] ? target : "i386", .instance = -1 };
        struct sv_values none = { .desc = d, .version = v };
        struct sv_stream legacy, tagged;
        struct sv_error err;
        uint8_t hdr[2] = { (uint8_t)idx, (uint8_t)(v - d->min_version) };
        char name[256];
        const uint8_t *p;
        size_t n;

        sv_error_clear(&err);
        sv_stream_mem_writer(&legacy, 0);
        if (sv_desc_encode_legacy(d, &ctx, v, &none, &legacy, &err) == 0) {
            struct sv_stream in;
            struct sv_values vals = { 0 };
            uint64_t used;

            p = sv_stream_mem_data(&legacy, &n);
            snprintf(name, sizeof name, "%s-%s-%s-v%u", release, target[0] ? target : "any", d->idstr, v);
            put("desc", name, hdr, 2, p, n);
            sv_stream_mem_reader(&in, p, n);
            sv_stream_mem_writer(&tagged, 0);
            if (sv_desc_decode_legacy(d, &ctx, v, &in, &vals, &used, &err) == 0 &&
                sv_desc_encode_tagged(d, &ctx, release, &vals, &tagged, &err) == 0) {
                const uint8_t *t;
                size_t tn;

                t = sv_stream_mem_data(&tagged, &tn);
                put("tagged", name, NULL, 0, t, tn);
            }
            sv_values_free(&vals);
            sv_stream_free(&tagged);
        }
        sv_stream_free(&legacy);
    }
    idx++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seed CORPUS-DIR\n");
        return 2;
    }
    out_dir = argv[1];
    mkdir(out_dir, 0755);
    sv_desc_foreach(NULL, NULL, one, NULL);
    put("tagged", "golden-pit", NULL, 0, golden_pit, sizeof golden_pit);
    put("tagged", "golden-mixed", NULL, 0, golden_mixed, sizeof golden_mixed);
    put("tagged", "golden-opaque", NULL, 0, golden_opaque, sizeof golden_opaque);
    printf("seed: %u inputs written under %s\n", written, out_dir);
    return 0;
}
