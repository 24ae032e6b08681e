/*
 * svtool: dump, convert, diff, check and list descriptors of savevm
 * streams offline (doc/svtool.1).  This file dispatches and
 * reports; each subcommand has its own file.
 */
#include <config.h>

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "sv-registry.h"
#include "vms.h"

static void usage(FILE *to)
{
    char releases[256], targets[256];

    fprintf(to, "usage: svtool dump [--json] [--section NAME[:INSTANCE]] [--ram] [--release R] [--target T] FILE|-\n"
            "       svtool convert --to tagged|legacy [--to-release R] [--to-target T] [--force]\n"
            "                      [--release R] [--target T] [--descriptors FILE]\n"
            "                      [--from-config OPTS] [--to-config OPTS] [--print-config]\n"
            "                      [--no-device-check] IN|- OUT|-\n"
            "       svtool reset --section NAME[:INSTANCE] [--force] [--release R] [--target T] IN|- OUT|-\n"
            "       svtool diff [--release R] [--target T] A B\n"
            "       svtool check [--release R] [--target T] FILE|-\n"
            "       svtool descriptors [--release R] [--target T] [--json]\n"
            "       svtool snapshots [--json] [--release R] [--target T] IMAGE\n"
            "       svtool extract [--force] IMAGE:TAG OUT|-\n"
            "A stream FILE may be IMAGE:TAG or IMAGE:ID, a qcow2 snapshot's VM state.\n"
            "releases: %s; targets: %s.  See svtool(1).\n",
            sv_release_names(releases, sizeof releases, ", "), sv_target_list(targets, sizeof targets, ", "));
}

int sv_tool_exit_code(enum sv_errcode code)
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

int sv_tool_report(const char *file, const struct sv_error *e)
{
    char msg[1024];

    fprintf(stderr, "svtool: %s: %s\n", file, sv_error_format(e, msg, sizeof msg));
    return sv_tool_exit_code(e->code);
}

int sv_tool_complain(int code, const char *file, const char *fmt, ...)
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

void sv_tool_kill_point(const char *point)
{
    static const char *at;
    static int read;

    if (!read++)
        at = getenv("SVTOOL_TEST_KILL_AT");
    if (at && strcmp(at, point) == 0)
        raise(SIGKILL);
}

int sv_tool_known_release(const char *r)
{
    if (!r || sv_release_find(r))
        return 1;
    sv_tool_complain(EXIT_USAGE, NULL, "unknown release \"%s\"", r);
    return 0;
}

int sv_tool_known_target(const char *t)
{
    if (!t || sv_target_find(t))
        return 1;
    sv_tool_complain(EXIT_USAGE, NULL, "unknown target \"%s\"", t);
    return 0;
}

int sv_tool_descriptors(const char *path)
{
    struct sv_error e;

    sv_error_clear(&e);
    if (sv_vms_sets_load(path, &e) == 0)
        return 1;
    sv_tool_complain(EXIT_USAGE, NULL, "--descriptors: %s", e.msg);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        { "dump", sv_cmd_dump }, { "convert", sv_cmd_convert }, { "diff", sv_cmd_diff },
        { "check", sv_cmd_check }, { "descriptors", sv_cmd_descriptors },
        { "reset", sv_cmd_reset }, { "snapshots", sv_cmd_snapshots }, { "extract", sv_cmd_extract },
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
    sv_tool_complain(EXIT_USAGE, NULL, "unknown subcommand \"%s\"", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
