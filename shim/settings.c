/* SAVEVM_SHIM_* parsing; see settings.h. */
#include <config.h>

#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "SAVEVM_SHIM_"

enum kind {
    K_FORMAT,       /* tagged | legacy */
    K_RELEASE,      /* a release of the registry */
    K_BOOL,         /* 0 | 1 */
    K_PATH,         /* not empty */
    K_FD,           /* a file descriptor number */
    K_OTHERS,       /* the launcher's and the test suite's: not the shim's */
};

/* Every variable: what its value is and where it goes. */
static const struct var {
    const char *name;       /* a trailing '_' matches every name it starts */
    enum kind kind;
    size_t at;              /* offsetof in struct sv_config */
} vars[] = {
    { "SAVEVM_SHIM_FORMAT", K_FORMAT, offsetof(struct sv_config, format) },
    { "SAVEVM_SHIM_RELEASE", K_RELEASE, offsetof(struct sv_config, release) },
    { "SAVEVM_SHIM_SOURCE_RELEASE", K_RELEASE, offsetof(struct sv_config, source_release) },
    { "SAVEVM_SHIM_REQUIRE", K_BOOL, offsetof(struct sv_config, require) },
    { "SAVEVM_SHIM_SYMBOLS", K_PATH, offsetof(struct sv_config, symbols) },
    { "SAVEVM_SHIM_LOG", K_PATH, offsetof(struct sv_config, log) },
    { "SAVEVM_SHIM_DEBUG_DIR", K_PATH, offsetof(struct sv_config, debug_dir) },
    { "SAVEVM_SHIM_CHECK", K_FD, offsetof(struct sv_config, check_fd) },
    { "SAVEVM_SHIM_LIBRARY", K_OTHERS, 0 },     /* which shim the launcher preloads */
    { "SAVEVM_SHIM_LEGACY_", K_OTHERS, 0 },     /* t/legacy-qemu.c */
};

static const struct var *find_var(const char *name)
{
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        size_t n = strlen(vars[i].name);

        if (vars[i].name[n - 1] == '_' ? strncmp(name, vars[i].name, n) == 0 : strcmp(name, vars[i].name) == 0)
            return &vars[i];
    }
    return NULL;
}

/* Stores v in c (when not NULL); -1 with what is allowed when v is bad. */
static int take(const struct var *var, const char *v, struct sv_config *c, char *allowed, size_t len)
{
    char *slot = c ? (char *)c + var->at : NULL;
    const struct sv_release *r;
    char *end;
    long fd;

    switch (var->kind) {
    case K_FORMAT:
        if (strcmp(v, "tagged") != 0 && strcmp(v, "legacy") != 0)
            break;
        if (slot)
            *(enum sv_format *)slot = strcmp(v, "legacy") == 0 ? SV_FORMAT_LEGACY : SV_FORMAT_TAGGED;
        return 0;
    case K_RELEASE:
        if (!(r = sv_release_find(v))) {
            sv_release_names(allowed, len, ", ");
            return -1;
        }
        if (slot)
            *(const struct sv_release **)slot = r;
        return 0;
    case K_BOOL:
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
            break;
        if (slot)
            *(int *)slot = v[0] == '1';
        return 0;
    case K_PATH:
        if (!*v)
            break;
        if (slot)
            *(const char **)slot = v;
        return 0;
    case K_FD:
        fd = strtol(v, &end, 10);
        if (!*v || *end || fd < 0 || fd > 65535)
            break;
        if (slot)
            *(int *)slot = (int)fd;
        return 0;
    case K_OTHERS:
        return 0;
    }
    snprintf(allowed, len, "%s", var->kind == K_FORMAT ? "tagged, legacy" : var->kind == K_BOOL ? "0, 1" :
             var->kind == K_PATH ? "a path" : "a file descriptor number");
    return -1;
}

static int bad(char *err, size_t len, const char *label, const char *val, const char *allowed)
{
    snprintf(err, len, "savevm-shim: %s: bad value \"%s\" (allowed: %s)", label, val, allowed);
    return -1;
}

int sv_config_check(const char *var, const char *value, const char *label, char *err, size_t errlen)
{
    const struct var *v = find_var(var);
    char allowed[256];

    if (!v)
        return bad(err, errlen, label, value, "nothing: unknown variable");
    return take(v, value, NULL, allowed, sizeof allowed) < 0 ? bad(err, errlen, label, value, allowed) : 0;
}

int sv_config_parse(char *const *envp, struct sv_config *c, char *err, size_t errlen,
                    void (*warn)(const char *name))
{
    memset(c, 0, sizeof *c);
    c->format = SV_FORMAT_TAGGED;
    c->check_fd = -1;
    for (char *const *e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        const struct var *var;
        char name[64], allowed[256];
        size_t nl;

        if (strncmp(*e, PREFIX, sizeof PREFIX - 1) != 0 || !eq)
            continue;
        nl = (size_t)(eq - *e);
        if (nl >= sizeof name)
            nl = sizeof name - 1;
        memcpy(name, *e, nl);
        name[nl] = 0;
        if (!(var = find_var(name))) {
            if (warn)
                warn(name);
        } else if (take(var, eq + 1, c, allowed, sizeof allowed) < 0) {
            return bad(err, errlen, name, eq + 1, allowed);
        }
    }
    return 0;
}
