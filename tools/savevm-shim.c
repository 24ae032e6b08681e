/*
 * savevm-shim: run a legacy emulator with libsavevm-shim.so preloaded, or
 * --check that the shim can hook it.  See savevm-shim(1).
 */
#include <config.h>

#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "settings.h"

#ifndef SV_PKGLIBDIR
#define SV_PKGLIBDIR "/usr/local/lib/savevm-shim"
#endif

static void usage(FILE *to)
{
    char releases[256];

    fprintf(to, "usage: savevm-shim [--format tagged|legacy] [--release R] [--source-release R]\n"
            "                   [--symbols FILE] [--log FILE] [--require] [--] EMULATOR [ARGS...]\n"
            "       savevm-shim --check [--release R] [--symbols FILE] [--log FILE] EMULATOR\n"
            "releases: %s.  See savevm-shim(1).\n", sv_release_names(releases, sizeof releases, ", "));
}

/* An option sets its SAVEVM_SHIM_* variable, checked as the shim will. */
static void set(const char *var, const char *opt, const char *v)
{
    char err[512];

    if (sv_config_check(var, v, opt, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        exit(2);
    }
    setenv(var, v, 1);
}

/* The sanitizer runtime must come first in LD_PRELOAD when the shim needs it. */
static int find_asan(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    if (info->dlpi_name && strstr(info->dlpi_name, "/libasan.so")) {
        snprintf(data, 4096, "%s", info->dlpi_name);
        return 1;
    }
    return 0;
}

/* Refuses what the shim cannot go into, before anything runs. */
static int check_binary(const char *path)
{
    unsigned char id[EI_NIDENT + 12];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        fprintf(stderr, "savevm-shim: %s: %s\n", path, strerror(errno));
        return -1;
    }
    n = read(fd, id, sizeof id);
    close(fd);
    if (n < (ssize_t)sizeof id || memcmp(id, ELFMAG, SELFMAG) != 0) {
        fprintf(stderr, "savevm-shim: %s: not an ELF executable\n", path);
        return -1;
    }
    if (id[EI_CLASS] != ELFCLASS64 || (id[18] | id[19] << 8) != EM_X86_64) {
        fprintf(stderr, "savevm-shim: %s: a %s binary; the shim supports x86-64 binaries only\n", path,
                id[EI_CLASS] == ELFCLASS32 ? "32-bit" : "non-x86-64");
        return -1;
    }
    return 0;
}

static char *which(const char *name)
{
    const char *path = getenv("PATH");
    static char buf[4096];

    if (strchr(name, '/') || !path)
        return (char *)name;
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, ":");

        snprintf(buf, sizeof buf, "%.*s/%s", (int)len, p, name);
        if (access(buf, X_OK) == 0)
            return buf;
        p += len + (p[len] == ':');
    }
    return (char *)name;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "format", required_argument, NULL, 'f' }, { "release", required_argument, NULL, 'r' },
        { "source-release", required_argument, NULL, 'R' },
        { "symbols", required_argument, NULL, 's' }, { "log", required_argument, NULL, 'l' },
        { "require", no_argument, NULL, 'q' }, { "check", no_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    const char *lib = getenv("SAVEVM_SHIM_LIBRARY");
    char libpath[4096], asan[4096] = "", *preload, *emu;
    const char *old;
    int check = 0, c;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            set("SAVEVM_SHIM_FORMAT", "--format", optarg);
            break;
        case 'r':
            set("SAVEVM_SHIM_RELEASE", "--release", optarg);
            break;
        case 'R':
            set("SAVEVM_SHIM_SOURCE_RELEASE", "--source-release", optarg);
            break;
        case 's':
            set("SAVEVM_SHIM_SYMBOLS", "--symbols", optarg);
            break;
        case 'l':
            set("SAVEVM_SHIM_LOG", "--log", optarg);
            break;
        case 'q':
            set("SAVEVM_SHIM_REQUIRE", "--require", "1");
            break;
        case 'c':
            check = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc || (check && optind + 1 != argc)) {
        usage(stderr);
        return 2;
    }
    emu = which(argv[optind]);
    if (check_binary(emu) < 0)
        return 1;
    if (!lib || !*lib) {
        snprintf(libpath, sizeof libpath, "%s/libsavevm-shim.so", SV_PKGLIBDIR);
        lib = libpath;
    }
    if (access(lib, R_OK) != 0) {
        fprintf(stderr, "savevm-shim: %s: %s (set SAVEVM_SHIM_LIBRARY to the shim's path)\n", lib,
                strerror(errno));
        return 1;
    }
    dl_iterate_phdr(find_asan, asan);
    old = getenv("LD_PRELOAD");
    if (asprintf(&preload, "%s%s%s%s%s", asan, *asan ? " " : "", lib, old && *old ? " " : "",
                 old ? old : "") < 0)
        return 1;
    setenv("LD_PRELOAD", preload, 1);

    if (check) {
        int fds[2], status;
        char buf[4096], fdnum[16];
        ssize_t n;
        size_t total = 0;
        int ok = 0;
        pid_t pid;

        if (pipe(fds) < 0)
            return 1;
        snprintf(fdnum, sizeof fdnum, "%d", fds[1]);
        setenv("SAVEVM_SHIM_CHECK", fdnum, 1);
        pid = fork();
        if (pid == 0) {
            close(fds[0]);
            execl(emu, emu, (char *)NULL);
            fprintf(stderr, "savevm-shim: %s: %s\n", emu, strerror(errno));
            _exit(127);
        }
        close(fds[1]);
        while ((n = read(fds[0], buf, sizeof buf - 1)) > 0) {
            buf[n] = 0;
            fputs(buf, stdout);
            total += (size_t)n;
            if (strstr(buf, "result: ok"))
                ok = 1;
        }
        waitpid(pid, &status, 0);
        free(preload);
        if (!total) {
            fprintf(stderr, "savevm-shim: --check: the shim did not load into %s\n", emu);
            return 1;
        }
        return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
    }
    execv(emu, argv + optind);
    fprintf(stderr, "savevm-shim: %s: %s\n", emu, strerror(errno));
    return 127;
}
