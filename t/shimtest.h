/* What the shim's tests share: running the emulator under the launcher, streams' section lists. */
#ifndef SV_SHIMTEST_H
#define SV_SHIMTEST_H

#include <stddef.h>

#include "proc.h"

extern const char *st_emu, *st_shimlib;
extern char st_launcher[];

/* Reads SV_EMU, SV_SHIM and the launcher's path from the test environment. */
void st_init(void);
/*
 * Runs `savevm-shim [--log LOG] ARGS...` with SAVEVM_SHIM_LIBRARY set and
 * extra env entries (NULL-terminated, may be NULL), under $SV_VALGRIND when
 * that is set.  LOG, when given, is removed first.
 */
int st_exec(const char *log, const char *const *args, const char *const *env, struct proc *p);
/* The same never under valgrind (--check reports on the process it is in). */
int st_exec_plain(const char *log, const char *const *args, const char *const *env, struct proc *p);
int st_file_has(const char *path, const char *needle);
void st_write_file(const char *path, const void *buf, size_t len);

/* One line of the emulator's --sections listing. */
struct st_section {
    char idstr[64];
    int instance, version;
    long off, len;      /* the body, in the stream */
};
int st_sections(const char *listing, struct st_section *secs, int max);
/* The body offset of one section, -1 when absent. */
long st_section_offset(const char *listing, const char *idstr, int instance);

/* The FULL sections of a stream file: how many, how many are tagged with
 * named fields, how many opaque (F-30) and which (space-separated). */
struct st_counts {
    int full, tagged, opaque;
    char opaque_idstrs[512];
};
void st_count_sections(const char *path, struct st_counts *n);

/*
 * What the tests of loads under the shim start from: a scratch directory,
 * the shim's log there, and one machine of the emulator saved twice, as
 * the emulator writes it (with its --sections listing and printed state)
 * and under the shim (tagged).
 */
struct st_fixture {
    char *dir;
    char log[4200];
    char legacy_path[4200], tagged_path[4200], bad_path[4200];
    char *legacy, *tagged;      /* the streams' bytes */
    size_t legacy_len, tagged_len;
    char *listing;              /* the legacy save's --sections */
    char *state;                /* its --print-state */
    struct st_section secs[64];
    int nsec;
};

/* tap_init, a lazy plan, st_init, then both saves after `ticks` ticks (bails if one fails). */
void st_setup(struct st_fixture *fx, const char *tag, unsigned ticks);
/* `emu ACTION FILE --print-state` under the shim, logging to fx->log. */
int st_load(const struct st_fixture *fx, const char *action, const char *file, struct proc *p);
/* `emu ACTION FILE --print-state` without it. */
int st_load_plain(const char *action, const char *file, struct proc *p);
int st_log_has(const struct st_fixture *fx, const char *needle);
/* A copy of len bytes of buf in fx->bad_path, which it returns. */
const char *st_write_bad(struct st_fixture *fx, const void *buf, size_t len);
void st_teardown(struct st_fixture *fx);

/* Section i of the legacy save decoded by release emu's table (x86_64):
 * 1, 0 when no table describes it, -1 when it does not decode (t/shimtest-desc.c). */
struct sv_values;
int st_section_values(const struct st_fixture *fx, int i, struct sv_values *vals);

#endif
