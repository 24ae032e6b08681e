/*
 * Allocation failure inside the shim, for t/save-fail.c.  Linked into a
 * copy of libsavevm-shim.so with --wrap=malloc,calloc,realloc, so only the
 * shim's own allocations come here (not the emulator's, not libc's), and
 * with --wrap=sv_shim_savevm_state_complete, so it knows when a save ends.
 *   SV_FAILALLOC=K          the K-th allocation (from 0) fails, only that one
 *   SV_FAILALLOC=K+         it and every one after it until the save under
 *                           way ends: memory that comes back only later
 *   SV_FAILALLOC_COUNT=FILE at a normal exit, FILE gets how many there were
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct QEMUFile QEMUFile;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
int __real_sv_shim_savevm_state_complete(QEMUFile *f);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
int __wrap_sv_shim_savevm_state_complete(QEMUFile *f);

static long calls, fail_at = -2;        /* -2: not read yet; -1: never */
static int to_save_end, failing;

static int fail_now(void)
{
    long k = calls++;

    if (fail_at == -2) {
        const char *v = getenv("SV_FAILALLOC");
        char *end;

        fail_at = v && *v ? strtol(v, &end, 10) : -1;
        to_save_end = fail_at >= 0 && *end == '+';
    }
    if (k == fail_at)
        failing = 1;
    else if (!to_save_end)
        failing = 0;
    return failing;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

int __wrap_sv_shim_savevm_state_complete(QEMUFile *f)
{
    int r = __real_sv_shim_savevm_state_complete(f);

    failing = 0;
    return r;
}

__attribute__((destructor)) static void report_count(void)
{
    const char *path = getenv("SV_FAILALLOC_COUNT");
    char line[32];
    int fd, n;

    if (!path || !*path)
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    n = snprintf(line, sizeof line, "%ld\n", calls);
    if (write(fd, line, (size_t)n) != n)
        line[0] = 0;
    close(fd);
}
