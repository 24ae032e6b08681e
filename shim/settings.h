/* The shim's settings: every SAVEVM_SHIM_* variable, parsed once at start-up. */
#ifndef SV_SETTINGS_H
#define SV_SETTINGS_H

#include <stddef.h>

#include "sv-registry.h"

enum sv_format { SV_FORMAT_TAGGED, SV_FORMAT_LEGACY };

struct sv_config {
    enum sv_format format;      /* SAVEVM_SHIM_FORMAT: tagged (default) | legacy */
    const struct sv_release *release;   /* SAVEVM_SHIM_RELEASE: NULL = recognise */
    const char *symbols;        /* SAVEVM_SHIM_SYMBOLS: nm-format map */
    const char *log;            /* SAVEVM_SHIM_LOG: log file */
    int require;                /* SAVEVM_SHIM_REQUIRE: 1 = exit when the shim cannot hook */
    const char *debug_dir;      /* SAVEVM_SHIM_DEBUG_DIR: extra debug-file root */
    int check_fd;               /* SAVEVM_SHIM_CHECK: report to this fd and exit (the launcher's --check) */
    const struct sv_release *source_release;    /* SAVEVM_SHIM_SOURCE_RELEASE: a load's stream was saved by
                                                 * this release (NULL: tell from the stream) */
};

/*
 * Parses envp.  On a bad value returns -1 with
 * `savevm-shim: VAR: bad value "x" (allowed: ...)` in err.  Unknown
 * SAVEVM_SHIM_* names are passed to warn (one call each) and ignored.
 */
int sv_config_parse(char *const *envp, struct sv_config *c, char *err, size_t errlen,
                    void (*warn)(const char *name));

/*
 * Checks one variable's value as sv_config_parse would (the launcher's
 * options set the variables); -1 with `savevm-shim: LABEL: bad value "x"
 * (allowed: ...)` in err.
 */
int sv_config_check(const char *var, const char *value, const char *label, char *err, size_t errlen);

#endif
