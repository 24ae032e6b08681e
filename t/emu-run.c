/* Helpers for the emulator tests; see emu-run.h. */
#include <config.h>

#define _XOPEN_SOURCE 700
#include "emu-run.h"

#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

extern char **environ;

static char dir[4096];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void remove_scratch(void)
{
    if (dir[0])
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *er_scratch_dir(void)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");

        snprintf(dir, sizeof dir, "%s/sv-emu-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            bail("mkdtemp %s failed", dir);
        atexit(remove_scratch);
    }
    return dir;
}

const char *er_scratch(const char *name)
{
    static char bufs[8][4096];
    static int next;
    char *b = bufs[next++ % 8];

    if ((size_t)snprintf(b, sizeof bufs[0], "%s/%s", er_scratch_dir(), name) >= sizeof bufs[0])
        bail("scratch path too long: %s", name);
    return b;
}

uint8_t *er_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (!f)
        return NULL;
    do {
        if (n + 65536 + 1 > cap) {
            uint8_t *nb;

            cap = (n + 65536 + 1) * 2;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

int er_spew(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok_ = f && fwrite(buf, 1, len, f) == len;

    if (f && fclose(f) != 0)
        ok_ = 0;
    return ok_ ? 0 : -1;
}

int er_run(const char *const *argv, struct er_result *r)
{
    static int seq;
    char out_path[64], err_path[64];
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int st, rc;

    memset(r, 0, sizeof *r);
    snprintf(out_path, sizeof out_path, "run-%d.out", seq);
    snprintf(err_path, sizeof err_path, "run-%d.err", seq++);
    snprintf(out_path, sizeof out_path, "%s", er_scratch(out_path));
    snprintf(err_path, sizeof err_path, "%s", er_scratch(err_path));

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        bail("cannot run %s: %s", argv[0], strerror(rc));
    while (waitpid(pid, &st, 0) < 0)
        ;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = (char *)er_slurp(out_path, &r->out_len);
    r->err = (char *)er_slurp(err_path, &r->err_len);
    if (!r->out || !r->err)
        bail("cannot read the output of %s", argv[0]);
    unlink(out_path);
    unlink(err_path);
    return r->status;
}

void er_run_free(struct er_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

int er_parse_sections(const char *path, struct er_section *out, int max)
{
    FILE *f = fopen(path, "r");
    int n = 0;

    if (!f)
        return -1;
    while (n < max && fscanf(f, "%256s %d %d %ld %ld", out[n].idstr, &out[n].instance,
                             &out[n].version, &out[n].offset, &out[n].length) == 5)
        n++;
    fclose(f);
    return n;
}

const struct er_section *er_find_section(const struct er_section *s, int n,
                                        const char *idstr, int instance)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s[i].idstr, idstr) == 0 && s[i].instance == instance)
            return &s[i];
    return NULL;
}
