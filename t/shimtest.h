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

#endif
