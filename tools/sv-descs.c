/* svtool descriptors: (release, target, idstr, versions) of every described device. */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "svtool.h"
#include "desc.h"

struct list {
    int json, n;
};

static int one(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    struct list *l = opaque;

    if (l->json) {
        printf("%s\n  {\"release\": \"%s\", \"target\": \"%s\", \"idstr\": ", l->n ? "," : "", release, target);
        sv_print_json_string(stdout, d->idstr, strlen(d->idstr));
        printf(", \"min_version\": %u, \"version\": %u}", d->min_version, d->version);
    } else {
        printf("release=%s target=%s idstr=\"%s\" versions=%u..%u\n", release, *target ? target : "-",
               d->idstr, d->min_version, d->version);
    }
    l->n++;
    return 0;
}

int sv_cmd_descriptors(int argc, char **argv)
{
    static const struct option opts[] = {
        { "release", required_argument, NULL, 'R' }, { "target", required_argument, NULL, 'T' },
        { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    const char *release = NULL, *target = NULL;
    struct list l = { 0 };
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'R')
            release = optarg;
        else if (c == 'T')
            target = optarg;
        else if (c == 'j')
            l.json = 1;
        else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool descriptors [--release R] [--target T] [--json]");
    }
    if (optind != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "descriptors takes no file");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    if (l.json)
        fputs("{\"descriptors\": [", stdout);
    sv_desc_foreach(release, target, one, &l);
    if (l.json)
        fputs(l.n ? "\n]}\n" : "]}\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout))
        return sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
    return EXIT_OK;
}
