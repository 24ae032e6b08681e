/*
 * svtool extract IMAGE:TAG OUT: a snapshot's VM state, byte for byte, as
 * a stream file that `-incoming "exec:cat OUT"` loads.  The output appears
 * whole or not at all (sv-outfile.c); the image is only read.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "svtool.h"
#include "sv-input.h"
#include "sv-outfile.h"

#define CHUNK (1u << 20)

/* Copies the state to the output; -1 with err naming the side that failed. */
static int copy_state(struct sv_qcow2_state *st, FILE *out, struct sv_error *err, int *out_failed)
{
    uint8_t *buf = malloc(CHUNK);
    ssize_t n;

    if (!buf)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    while ((n = sv_qcow2_state_read(st, buf, CHUNK)) > 0)
        if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
            *out_failed = 1;
            free(buf);
            return sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
        }
    free(buf);
    if (n < 0) {
        *err = *sv_qcow2_state_error(st);
        return -1;
    }
    return 0;
}

int sv_cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        { "force", no_argument, NULL, 'f' }, { NULL, 0, NULL, 0 },
    };
    struct sv_qcow2_state *st = NULL;
    struct sv_qcow2 q;
    struct sv_outfile of;
    struct sv_error err;
    struct stat in_st;
    const char *in, *out, *tag;
    char *image, label[96];
    int force = 0, c, i, rc, out_failed = 0;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'f')
            force = 1;
        else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool extract [--force] IMAGE:TAG OUT|-");
    }
    if (optind + 2 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "extract needs IMAGE:TAG (or IMAGE:ID) and OUT (- for stdout)");
    in = argv[optind];
    out = argv[optind + 1];
    if (!sv_input_split(in, &image, &tag))
        return sv_tool_complain(EXIT_USAGE, in, "extract reads a snapshot of a qcow2 image: give IMAGE:TAG or IMAGE:ID");
    sv_error_clear(&err);
    i = sv_input_snapshot(image, tag, &q, &err);
    if (i < 0) {
        free(image);
        return sv_tool_report(in, &err);
    }
    sv_qcow2_snapshot_label(&q.snap[i], label, sizeof label);
    if (sv_qcow2_state_open(&q, (uint32_t)i, &st, &err) < 0 ||
        sv_outfile_open(&of, out, force, stat(image, &in_st) == 0 ? &in_st : NULL, &err) < 0) {
        rc = sv_tool_report(st ? out : in, &err);
        goto done;
    }
    if (copy_state(st, of.f, &err, &out_failed) < 0) {
        rc = sv_tool_report(out_failed ? out : in, &err);
        sv_outfile_abort(&of);
        goto done;
    }
    if (sv_outfile_commit(&of, &err) < 0) {
        rc = sv_tool_report(out, &err);
        sv_outfile_abort(&of);
        goto done;
    }
    rc = EXIT_OK;
    fprintf(stderr, "svtool: warning: %s holds the VM state of snapshot %s of %s; resumed with -incoming it "
            "must meet the disk as it was at that snapshot (qemu-img snapshot -a %s %s first, or loadvm under "
            "the shim): resuming on a changed disk corrupts the guest's filesystem\n",
            strcmp(out, "-") == 0 ? "stdout" : out, label, image, q.snap[i].id, image);
done:
    sv_qcow2_state_close(st);
    sv_qcow2_close(&q);
    free(image);
    return rc;
}
