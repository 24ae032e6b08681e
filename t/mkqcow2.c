/*
 * Test-only: t/qcow2-writer.c from the command line, for bench/run, the
 * fuzz seeds and trying things by hand.
 *
 *   mkqcow2 [--version 2|3] [--cluster-bits N] [--disk-size BYTES] [--compress]
 *           [--zero-clusters] [--holes] [--extra BYTES] [--backing NAME] OUT [TAG=STATEFILE]...
 *
 * Snapshot ids are 1, 2, ...; an empty STATEFILE makes a snapshot without state.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2-writer.h"

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "version", required_argument, NULL, 'v' }, { "cluster-bits", required_argument, NULL, 'c' },
        { "disk-size", required_argument, NULL, 'd' }, { "compress", no_argument, NULL, 'z' },
        { "zero-clusters", no_argument, NULL, '0' }, { "holes", no_argument, NULL, 'h' },
        { "extra", required_argument, NULL, 'e' }, { "backing", required_argument, NULL, 'b' },
        { NULL, 0, NULL, 0 },
    };
    struct qw_image img = { .version = 2, .cluster_bits = 16, .disk_size = 1 << 20 };
    struct qw_snap proto = { 0 };
    struct qw_layout lay;
    static char ids[QW_MAX_SNAPS][12];
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'v': img.version = (unsigned)atoi(optarg); break;
        case 'c': img.cluster_bits = (unsigned)atoi(optarg); break;
        case 'd': img.disk_size = strtoull(optarg, NULL, 0); break;
        case 'z': proto.compress = 1; break;
        case '0': proto.zero_clusters = 1; break;
        case 'h': proto.holes = 1; break;
        case 'e': proto.extra_size = (uint32_t)strtoul(optarg, NULL, 0); proto.extra16 = 1; break;
        case 'b': img.backing = optarg; break;
        default:
            fprintf(stderr, "usage: mkqcow2 [options] OUT [TAG=STATEFILE]...\n");
            return 2;
        }
    }
    if (optind >= argc || argc - optind - 1 > QW_MAX_SNAPS) {
        fprintf(stderr, "usage: mkqcow2 [options] OUT [TAG=STATEFILE]... (at most %d)\n", QW_MAX_SNAPS);
        return 2;
    }
    for (int i = optind + 1; i < argc; i++) {
        struct qw_snap *s = &img.snap[img.nsnap];
        char *eq = strchr(argv[i], '=');

        if (!eq) {
            fprintf(stderr, "mkqcow2: %s: want TAG=STATEFILE\n", argv[i]);
            return 2;
        }
        *eq = 0;
        *s = proto;
        snprintf(ids[img.nsnap], sizeof ids[0], "%u", img.nsnap + 1);
        s->id = ids[img.nsnap];
        s->name = argv[i];
        s->state_file = eq[1] ? eq + 1 : NULL;
        s->date_sec = 1262304000u + img.nsnap;
        img.nsnap++;
    }
    return qw_write(argv[optind], &img, &lay) == 0 ? 0 : 1;
}
