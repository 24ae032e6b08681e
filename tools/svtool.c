/*
 * svtool: dump, convert, diff, check and list descriptors of savevm
 * streams offline (issue 6, doc/svtool.1).  This file dispatches and
 * reports; each subcommand has its own file.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "desc.h"

static void usage(FILE *to)
{
    fputs("usage: svtool dump [--json] [--section NAME[:INSTANCE]] [--ram] [--release R] [--target T] FILE|-\n"
          "       svtool convert --to tagged|legacy [--to-release R] [--to-target T] [--force]\n"
          "                      [--release R] [--target T] IN|- OUT|-\n"
          "       svtool diff [--release R] [--target T] A B\n"
          "       svtool check [--release R] [--target T] FILE|-\n"
          "       svtool descriptors [--release R] [--target T] [--json]\n"
          "       svtool snapshots [--json] [--release R] [--target T] IMAGE\n"
          "       svtool extract [--force] IMAGE:TAG OUT|-\n"
          "A stream FILE may be IMAGE:TAG or IMAGE:ID, a qcow2 snapshot's VM state.\n"
          "releases: 0.10, 0.11, emu; targets: i386, x86_64.  See svtool(1).\n", to);
}

int exit_code_of(enum sv_errcode code)
{
    switch (code) {
    case SV_OK:
        return EXIT_OK;
    case SV_E_IO:
    case SV_E_USAGE:
    case SV_E_NOMEM:
        return EXIT_USAGE;
    default:
        return EXIT_CONTENT;
    }
}

int report(const char *file, const struct sv_error *e)
{
    char msg[1024];

    fprintf(stderr, "svtool: %s: %s\n", file, sv_error_format(e, msg, sizeof msg));
    return exit_code_of(e->code);
}

int complain(int code, const char *file, const char *fmt, ...)
{
    va_list ap;

    fputs("svtool: ", stderr);
    if (file)
        fprintf(stderr, "%s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

void test_kill_point(const char *point)
{
    static const char *at;
    static int read;

    if (!read++)
        at = getenv("SVTOOL_TEST_KILL_AT");
    if (at && strcmp(at, point) == 0)
        raise(SIGKILL);
}

static int known(const char *what, const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(*list, v) == 0)
            return 1;
    complain(EXIT_USAGE, NULL, "unknown %s \"%s\"", what, v);
    return 0;
}

int known_release(const char *r)
{
    return !r || known("release", r, sv_desc_releases);
}

int known_target(const char *t)
{
    return !t || known("target", t, sv_desc_targets);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        { "dump", cmd_dump }, { "convert", cmd_convert }, { "diff", cmd_diff },
        { "check", cmd_check }, { "descriptors", cmd_descriptors },
        { "snapshots", cmd_snapshots }, { "extract", cmd_extract },
    };

    /* `ulimit -f` is a full disk to report, not a signal to die of */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    complain(EXIT_USAGE, NULL, "unknown subcommand \"%s\"", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
