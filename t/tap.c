/* TAP output for the C tests; see t/tap.h. */
#include <config.h>

#include "tap.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tests_run, tests_failed, planned = -1, lazy;

static void vline(const char *prefix, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vline(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stdout);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
}

static void at_exit_plan(void)
{
    if (lazy)
        printf("1..%d\n", tests_run);
    else if (planned >= 0 && planned != tests_run)
        printf("# planned %d tests but ran %d\n", planned, tests_run);
    if (tests_failed)
        printf("# failed %d of %d tests\n", tests_failed, tests_run);
    fflush(stdout);
}

/* Accepts the lines configure writes: export NAME='value' */
static void load_env_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];

    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        char *p = line, *eq, *v, *end;

        if (strncmp(p, "export ", 7) != 0)
            continue;
        p += 7;
        eq = strchr(p, '=');
        if (!eq || eq[1] != '\'')
            continue;
        *eq = 0;
        v = eq + 2;
        end = strrchr(v, '\'');
        if (!end)
            continue;
        *end = 0;
        setenv(p, v, 0);
    }
    fclose(f);
}

void tap_init(void)
{
    char exe[PATH_MAX], path[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (n > 0) {
        char *slash;

        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            /* libtool may put the real binary in t/.libs */
            snprintf(path, sizeof path, "%s/env.sh", exe);
            if (access(path, R_OK) != 0)
                snprintf(path, sizeof path, "%s/../env.sh", exe);
            load_env_file(path);
        }
    }
    atexit(at_exit_plan);
}

const char *tap_env(const char *name)
{
    const char *v = getenv(name);

    if (!v || !*v)
        bail("%s is not set: run the tests through make check, or from the build tree", name);
    return v;
}

void plan(int n)
{
    planned = n;
    printf("1..%d\n", n);
}

void plan_lazy(void)
{
    lazy = 1;
}

void skip_all(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline("1..0 # SKIP ", fmt, ap);
    va_end(ap);
    lazy = 0;
    planned = -1;
    exit(0);
}

void bail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline("Bail out! ", fmt, ap);
    va_end(ap);
    lazy = 0;
    planned = -1;
    exit(255);
}

void diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline("# ", fmt, ap);
    va_end(ap);
}

void skip(int n, const char *fmt, ...)
{
    char reason[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    while (n-- > 0)
        printf("ok %d # skip %s\n", ++tests_run, reason);
    fflush(stdout);
}

static int vresult(int cond, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static int vresult(int cond, const char *fmt, va_list ap)
{
    tests_run++;
    if (!cond)
        tests_failed++;
    printf("%sok %d - ", cond ? "" : "not ", tests_run);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    return cond;
}

int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vresult(cond, fmt, ap);
    va_end(ap);
    return r;
}

int is_int(long long got, long long want, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vresult(got == want, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: %lld\n#   expected: %lld", got, want);
    return r;
}

int is_uint(unsigned long long got, unsigned long long want, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vresult(got == want, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: %#llx\n#   expected: %#llx", got, want);
    return r;
}

int is_str(const char *got, const char *want, const char *fmt, ...)
{
    va_list ap;
    int same = got && want ? strcmp(got, want) == 0 : got == want;
    int r;

    va_start(ap, fmt);
    r = vresult(same, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: \"%s\"\n#   expected: \"%s\"", got ? got : "(null)", want ? want : "(null)");
    return r;
}

int like(const char *got, const char *needle, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vresult(got && strstr(got, needle) != NULL, fmt, ap);
    va_end(ap);
    if (!r)
        diag("     got: \"%s\"\n#   wanted it to contain: \"%s\"", got ? got : "(null)", needle);
    return r;
}

int is_blob(const void *got, size_t got_len, const void *want, size_t want_len,
            const char *fmt, ...)
{
    const unsigned char *g = got, *w = want;
    va_list ap;
    size_t i;
    int r;

    for (i = 0; i < got_len && i < want_len && g[i] == w[i]; i++)
        ;
    va_start(ap, fmt);
    r = vresult(got_len == want_len && i == got_len, fmt, ap);
    va_end(ap);
    if (!r) {
        diag("     lengths: got %zu, expected %zu; first difference at byte %zu", got_len, want_len, i);
        if (i < got_len && i < want_len)
            diag("     got 0x%02x, expected 0x%02x", g[i], w[i]);
    }
    return r;
}
