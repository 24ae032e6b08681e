/* Child processes for tests; see proc.h. */
#include <config.h>

#define _GNU_SOURCE
#include "proc.h"

#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void append(char **buf, size_t *len, const char *data, size_t n)
{
    char *p = realloc(*buf, *len + n + 1);

    if (!p)
        abort();
    memcpy(p + *len, data, n);
    *len += n;
    p[*len] = 0;
    *buf = p;
}

int proc_run(const char *const *argv, const char *const *env, const char *in_path, struct proc *p)
{
    int out[2], err[2];
    pid_t pid;
    int st;

    memset(p, 0, sizeof *p);
    p->out = calloc(1, 1);
    p->err = calloc(1, 1);
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open(in_path ? in_path : "/dev/null", O_RDONLY);

        for (const char *const *e = env; e && *e; e++) {
            if (**e == '-') {
                unsetenv(*e + 1);
            } else {
                char *kv = strdup(*e), *eq = strchr(kv, '=');

                *eq = 0;
                setenv(kv, eq + 1, 1);
            }
        }
        dup2(in, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "exec %s failed\n", argv[0]);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    {
        struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
        int open_fds = 2;

        while (open_fds) {
            char buf[65536];

            if (poll(fds, 2, -1) < 0)
                break;
            for (int i = 0; i < 2; i++) {
                ssize_t n;

                if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
                    continue;
                n = read(fds[i].fd, buf, sizeof buf);
                if (n <= 0) {
                    close(fds[i].fd);
                    fds[i].fd = -1;
                    open_fds--;
                } else if (i == 0) {
                    append(&p->out, &p->out_len, buf, (size_t)n);
                } else {
                    append(&p->err, &p->err_len, buf, (size_t)n);
                }
            }
        }
    }
    waitpid(pid, &st, 0);
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

int proc_run_checked(const char *const *argv, const char *const *env, const char *in_path, struct proc *p)
{
    const char *vg = getenv("SV_VALGRIND");
    const char *all[64];
    char *words, *save = NULL;
    size_t n = 0;
    int r;

    if (!vg || !*vg)
        return proc_run(argv, env, in_path, p);
    words = strdup(vg);
    for (char *w = strtok_r(words, " ", &save); w && n < 32; w = strtok_r(NULL, " ", &save))
        all[n++] = w;
    for (; *argv && n < 63; argv++)
        all[n++] = *argv;
    all[n] = NULL;
    r = proc_run(all, env, in_path, p);
    free(words);
    return r;
}

void proc_free(struct proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    char chunk[65536];
    size_t k;

    if (!f)
        return NULL;
    buf = calloc(1, 1);
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        append(&buf, &n, chunk, k);
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

int proc_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    int r = x && y && la == lb && memcmp(x, y, la) == 0;

    free(x);
    free(y);
    return r;
}

char *scratch_dir(const char *tag)
{
    char *d;

    if (asprintf(&d, "/tmp/sv-%s-XXXXXX", tag) < 0 || !mkdtemp(d))
        abort();
    return d;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void rmtree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
