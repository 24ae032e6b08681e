/*
 * Every prefix of the committed stream seeds, and each of them with one
 * byte XOR 0xFF at every offset, through the walker behind svtool check
 * and dump, in-process: a clean end or a clean error, never a crash (the
 * sanitizer build turns any overread into a failure here).
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "sv-walk.h"
#include "tap.h"

/* 1: walked to the end, 0: a clean error, -1: an error without a code */
static int walk_whole(const uint8_t *data, size_t size)
{
    struct sv_walk w;
    FILE *f = fmemopen((void *)data, size, "rb");
    int r = -1;

    if (!f)
        bail("fmemopen");
    if (sv_walk_open_file(&w, "sweep", f, NULL, NULL) == 0)
        r = sv_walk_all(&w);
    r = r == 0 ? 1 : w.err.code != SV_OK ? 0 : -1;
    sv_walk_close(&w);
    return r;
}

int main(void)
{
    static const char *const seeds[] = { "emu-legacy.sv", "emu-tagged.sv" };
    const char *src;

    tap_init();
    plan_lazy();
    src = tap_env("SV_TOP_SRCDIR");
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[4096];
        size_t len, bad_prefix = 0, bad_flip = 0, whole = 0;
        char *buf;

        snprintf(path, sizeof path, "%s/fuzz/corpus/stream/%s", src, seeds[i]);
        buf = slurp(path, &len);
        if (!buf)
            bail("cannot read %s", path);
        is_int(walk_whole((uint8_t *)buf, len), 1, "%s walks to its end", seeds[i]);
        for (size_t n = 0; n < len; n++) {
            uint8_t *copy = malloc(n ? n : 1);     /* exact size: overreads are seen */

            memcpy(copy, buf, n);
            bad_prefix += walk_whole(copy, n) != 0;
            free(copy);
        }
        for (size_t o = 0; o < len; o++) {
            uint8_t *copy = malloc(len);
            int r;

            memcpy(copy, buf, len);
            copy[o] ^= 0xff;
            r = walk_whole(copy, len);
            bad_flip += r < 0;
            whole += r == 1;
            free(copy);
        }
        is_int(bad_prefix, 0, "%s: each of %zu prefixes is a clean error", seeds[i], len);
        is_int(bad_flip, 0, "%s: each of %zu flipped bytes walks or fails cleanly (%zu still walk)",
               seeds[i], len, whole);
        free(buf);
    }
    return 0;
}
