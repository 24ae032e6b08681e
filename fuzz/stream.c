/*
 * Harness: the whole-stream walker behind svtool check and dump, on any
 * bytes: container, tagged and legacy sections (release and target
 * inference included), ram records.  It must end in a clean error or at
 * the end of the stream, never crash or hang.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "sv-walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sv_walk w;
    FILE *f;

    if (size == 0)
        return 0;
    f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    if (sv_walk_open_file(&w, "fuzz", f, NULL, NULL) == 0)
        FUZZ_ASSERT(sv_walk_all(&w) == 0 || w.err.code != SV_OK, "the walk failed without an error");
    sv_walk_close(&w);
    return 0;
}
