/*
 * Naming an input: "-" (stdin), a file, or IMAGE:TAG / IMAGE:ID, the VM
 * state of an internal snapshot of a qcow2 image, read as a stream.  A
 * name that exists as a file is always that file; otherwise the image is
 * the longest part before a colon that exists as a file.
 */
#ifndef SV_INPUT_H
#define SV_INPUT_H

#include <stdio.h>
#include <sys/stat.h>

#include "sv-error.h"
#include "sv-qcow2.h"
#include "sv-stream.h"

/* 1 when arg names a snapshot: *image (the caller frees) and *tag set. */
int sv_input_split(const char *arg, char **image, const char **tag);

/*
 * Opens arg for reading.  A snapshot's state is a read-only, seekable
 * FILE (fopencookie) over the image, which is opened O_RDONLY.  NULL with
 * err set (naming the snapshot and what is wrong) when it cannot.
 */
FILE *sv_input_open(const char *arg, struct sv_error *err);
/* The same over a state already open: fclose closes st, and q when given. */
FILE *sv_input_state_file(struct sv_qcow2_state *st, struct sv_qcow2 *q, struct sv_error *err);
/* Opens the image of a snapshot name and resolves the tag (as QEMU does). */
int sv_input_snapshot(const char *image, const char *tag, struct sv_qcow2 *q, struct sv_error *err);

/* stat of the file arg reads (the image for IMAGE:TAG); -1 with errno. */
int sv_input_stat(const char *arg, struct stat *st);

/*
 * When f is a snapshot's state (sv_input_open, sv_input_state_file): reads
 * it from f's position as s, the image mapped (sv_qcow2_state_stream), and
 * returns 0; f stays open, and must until sv_stream_free(s).  -1 for any
 * other FILE, or an image that cannot be mapped.
 */
int sv_input_stream(FILE *f, struct sv_stream *s);

/*
 * After a read from f failed: records why on s (the image's own message
 * for a snapshot's state, else the read error) and returns -1.
 */
int sv_input_fail(FILE *f, struct sv_stream *s);

#endif
