/*
 * Harness: the whole-stream walker behind svtool check and dump, on any
 * bytes: container, tagged and legacy sections (release and target
 * inference included), ram records.  It must end in a clean error or at
 * the end of the stream, never crash or hang.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "sv-walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct walk w;
    struct walk_sec sec;
    FILE *f;
    int k, n = 0;

    if (size == 0)
        return 0;
    f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    if (walk_open_file(&w, "fuzz", f, NULL, NULL) == 0) {
        while ((k = walk_next(&w, &sec)) == 1 && n++ < 100000) {
            if (sec.format == WF_LIVE) {
                struct sv_ram_stats st = { 0 };

                k = walk_ram(&w, &sec, NULL, NULL, NULL, &st);
            }
            walk_sec_free(&sec);
            if (k < 0)
                break;
        }
        FUZZ_ASSERT(k >= 0 || w.err.code != SV_OK, "the walk failed without an error");
    }
    walk_close(&w);
    return 0;
}
