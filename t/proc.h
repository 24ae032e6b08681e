/* Running a program from a test: arguments, extra environment, captured output. */
#ifndef SV_PROC_H
#define SV_PROC_H

#include <stddef.h>

struct proc {
    int status;         /* exit status, or 128 + signal */
    char *out, *err;    /* NUL-terminated */
    size_t out_len, err_len;
};

/*
 * Runs argv (argv[0] a path) with env entries "NAME=value" set and "-NAME"
 * unset (env may be NULL), standard input from in_path (NULL: /dev/null),
 * and waits for it.  Returns 0, or -1 if it could not start.
 */
int proc_run(const char *const *argv, const char *const *env, const char *in_path, struct proc *p);
/* The same under $SV_VALGRIND (a command line) when that is set: make check-valgrind. */
int proc_run_checked(const char *const *argv, const char *const *env, const char *in_path, struct proc *p);
void proc_free(struct proc *p);

/* A whole file, NUL-terminated; NULL if unreadable. */
char *slurp(const char *path, size_t *len);
/* Both files readable and byte for byte equal. */
int proc_same_file(const char *a, const char *b);
/* A fresh directory under /tmp, removed with everything in it by rmtree. */
char *scratch_dir(const char *tag);
void rmtree(const char *dir);

#endif
