/* Closures in the shim's own pages: callable, reused, libffi's as a fallback,
 * and made without libffi's reads of /proc (the start-up cost they remove). */
#include <config.h>

#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "closure.h"
#include "tap.h"

#define N 200       /* a few pages of them */

static int proc_opens;

/* libffi's first ffi_closure_alloc opens /proc files to choose how to map */
FILE *fopen(const char *path, const char *mode)
{
    FILE *(*real)(const char *, const char *) = (FILE * (*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");

    if (strncmp(path, "/proc/", 6) == 0)
        proc_opens++;
    return real(path, mode);
}

int open(const char *path, int flags, ...)
{
    int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    va_list ap;
    int mode;

    va_start(ap, flags);
    mode = va_arg(ap, int);
    va_end(ap);
    if (strncmp(path, "/proc/", 6) == 0)
        proc_opens++;
    return real(path, flags, mode);
}

static void add_user(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    *(ffi_arg *)ret = (ffi_arg)(*(int *)args[0] + (int)(intptr_t)user);
}

static ffi_cif cif;
static ffi_type *argt[] = { &ffi_type_sint };

/* Makes closure k (adds k); returns its code or NULL. */
static int (*make(ffi_closure **cl, int k))(int)
{
    void *code = NULL;

    *cl = sv_closure_alloc(&code);
    if (!*cl || ffi_prep_closure_loc(*cl, &cif, add_user, (void *)(intptr_t)k, code) != FFI_OK)
        return NULL;
    return (int (*)(int))code;
}

int main(void)
{
    static ffi_closure *cl[N];
    static int (*fn[N])(int);
    int all = 1, distinct = 1;

    tap_init();
    plan_lazy();
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, argt) != FFI_OK)
        bail("ffi_prep_cif");

    for (int k = 0; k < N; k++)
        if (!(fn[k] = make(&cl[k], k)))
            all = 0;
    ok(all, "%d closures made", N);
    is_int(proc_opens, 0, "without opening anything under /proc (libffi's first allocation does)");
    for (int k = 0; all && k < N; k++)
        if (fn[k](1000) != 1000 + k)
            all = 0;
    ok(all, "each calls its own function with its own data");
    for (int k = 1; k < N; k++)
        if (cl[k] == cl[k - 1])
            distinct = 0;
    ok(distinct, "each has its own memory");

    /* a freed slot is reused, and works again with new data */
    for (int k = 0; k < N; k += 3)
        sv_closure_free(cl[k]);
    all = 1;
    for (int k = 0; k < N; k += 3)
        if (!(fn[k] = make(&cl[k], 5 * k)) || fn[k](7) != 7 + 5 * k)
            all = 0;
    ok(all, "freed closures are made again and call their new data");
    all = 1;
    for (int k = 1; k < N; k += 3)
        if (fn[k](7) != 7 + k)
            all = 0;
    ok(all, "the others are untouched");

    /* where writable executable pages are refused: libffi's own */
    sv_closure_use_libffi(1);
    {
        ffi_closure *lc;
        int (*f)(int) = make(&lc, 42);

        ok(f && f(1) == 43, "a closure from ffi_closure_alloc works the same");
        /* so the count above can see such reads */
        ok(proc_opens > 0, "libffi's own opened %d files under /proc", proc_opens);
        if (lc)
            sv_closure_free(lc);
    }
    for (int k = 0; k < N; k++)
        sv_closure_free(cl[k]);
    return 0;
}
