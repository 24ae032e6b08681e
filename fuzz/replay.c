/*
 * Replays a harness's committed corpus and regression inputs as a TAP test,
 * under any compiler: what the fuzzer found once stays found.
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "proc.h"
#include "tap.h"

#ifndef FUZZ_NAME
#error FUZZ_NAME names the harness
#endif

static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    *count = 0;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        char path[4096 + 256];
        size_t len;
        char *buf;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        buf = slurp(path, &len);
        if (!buf)
            continue;
        /* an exact-size copy, so a sanitizer sees any read past the input */
        {
            uint8_t *exact = malloc(len ? len : 1);

            memcpy(exact, buf, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
        }
        free(buf);
        ++*count;
    }
    closedir(d);
    return 0;
}

int main(void)
{
    static const char *const kinds[] = { "corpus", "regress" };
    const char *src;

    tap_init();
    plan(2);
    src = tap_env("SV_TOP_SRCDIR");
    for (int i = 0; i < 2; i++) {
        char dir[4096];
        size_t n;
        int r;

        snprintf(dir, sizeof dir, "%s/fuzz/%s/%s", src, kinds[i], FUZZ_NAME);
        r = replay_dir(dir, &n);
        ok(r == 0 && (i == 1 || n > 0), "%s: replayed %zu %s inputs from fuzz/%s/%s", FUZZ_NAME, n,
           kinds[i], kinds[i], FUZZ_NAME);
    }
    return 0;
}
