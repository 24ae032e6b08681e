/* SAVEVM_SHIM_* parsing; see settings.h. */
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "SAVEVM_SHIM_"

static int bad(char *err, size_t len, const char *var, const char *val, const char *allowed)
{
    snprintf(err, len, "savevm-shim: %s: bad value \"%s\" (allowed: %s)", var, val, allowed);
    return -1;
}

static int one_of(const char *v, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(v, choices[i]) == 0)
            return i;
    return -1;
}

int sv_config_parse(char *const *envp, struct sv_config *c, char *err, size_t errlen,
                    void (*warn)(const char *name))
{
    static const char *const formats[] = { "tagged", "legacy", NULL };
    static const char *const releases[] = { "0.10", "0.11", "emu", NULL };
    static const char *const bools[] = { "0", "1", NULL };

    memset(c, 0, sizeof *c);
    c->format = SV_FORMAT_TAGGED;
    c->check_fd = -1;
    for (char *const *e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '='), *v;
        char name[64];
        size_t nl;

        if (strncmp(*e, PREFIX, sizeof PREFIX - 1) != 0 || !eq)
            continue;
        nl = (size_t)(eq - *e);
        if (nl >= sizeof name)
            nl = sizeof name - 1;
        memcpy(name, *e, nl);
        name[nl] = 0;
        v = eq + 1;
        if (strcmp(name, "SAVEVM_SHIM_FORMAT") == 0) {
            int k = one_of(v, formats);

            if (k < 0)
                return bad(err, errlen, name, v, "tagged, legacy");
            c->format = k ? SV_FORMAT_LEGACY : SV_FORMAT_TAGGED;
        } else if (strcmp(name, "SAVEVM_SHIM_RELEASE") == 0) {
            if (one_of(v, releases) < 0)
                return bad(err, errlen, name, v, "0.10, 0.11, emu");
            c->release = v;
        } else if (strcmp(name, "SAVEVM_SHIM_REQUIRE") == 0) {
            int k = one_of(v, bools);

            if (k < 0)
                return bad(err, errlen, name, v, "0, 1");
            c->require = k;
        } else if (strcmp(name, "SAVEVM_SHIM_SYMBOLS") == 0 || strcmp(name, "SAVEVM_SHIM_LOG") == 0 ||
                   strcmp(name, "SAVEVM_SHIM_DEBUG_DIR") == 0) {
            if (!*v)
                return bad(err, errlen, name, v, "a path");
            if (name[12] == 'S')
                c->symbols = v;
            else if (name[12] == 'L')
                c->log = v;
            else
                c->debug_dir = v;
        } else if (strcmp(name, "SAVEVM_SHIM_CHECK") == 0) {
            char *end;
            long fd = strtol(v, &end, 10);

            if (!*v || *end || fd < 0 || fd > 65535)
                return bad(err, errlen, name, v, "a file descriptor number");
            c->check_fd = (int)fd;
        } else if (strcmp(name, "SAVEVM_SHIM_LIBRARY") == 0 ||
                   strncmp(name, "SAVEVM_SHIM_LEGACY_", 19) == 0) {
            /* the launcher's (which shim to preload) and the test suite's */
        } else if (warn) {
            warn(name);
        }
    }
    return 0;
}
