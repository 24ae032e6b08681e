/* A small TAP producer for the C tests (plan, ok, is_int, is_blob, ...). */
#ifndef SV_TAP_H
#define SV_TAP_H

#include <stddef.h>
#include <stdint.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Loads t/env.sh beside the test program (variables already set win). */
void tap_init(void);
void plan(int n);
void plan_lazy(void);           /* plan printed at exit from the count */
void skip_all(const char *fmt, ...) TAP_PRINTF(1, 2) __attribute__((noreturn));
void bail(const char *fmt, ...) TAP_PRINTF(1, 2) __attribute__((noreturn));
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
void skip(int n, const char *fmt, ...) TAP_PRINTF(2, 3);

int ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);
int is_int(long long got, long long want, const char *fmt, ...) TAP_PRINTF(3, 4);
int is_uint(unsigned long long got, unsigned long long want, const char *fmt, ...) TAP_PRINTF(3, 4);
int is_str(const char *got, const char *want, const char *fmt, ...) TAP_PRINTF(3, 4);
int like(const char *got, const char *needle, const char *fmt, ...) TAP_PRINTF(3, 4);
int is_blob(const void *got, size_t got_len, const void *want, size_t want_len,
            const char *fmt, ...) TAP_PRINTF(5, 6);

/* Test environment: a variable from t/env.sh, or bail naming it. */
const char *tap_env(const char *name);

#endif
