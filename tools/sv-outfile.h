/*
 * An output file that appears whole or not at all: written to an unnamed
 * O_TMPFILE in the output's directory (or a hidden temporary name where
 * that is not supported), fsync'ed, then linked into place.
 */
#ifndef SV_OUTFILE_H
#define SV_OUTFILE_H

#include <stdio.h>
#include <sys/stat.h>

#include "sv-error.h"

struct sv_outfile {
    const char *path;           /* "-": stdout */
    FILE *f;
    int fd;
    int force;
    char tmp[8320];             /* fallback temporary name; "" with O_TMPFILE */
};

/*
 * Refuses (SV_E_USAGE) an output that is the input (in_st, NULL for none)
 * or not a regular file, and an existing one without force; opens the
 * temporary file.  Nothing is created on error.
 */
int sv_outfile_open(struct sv_outfile *o, const char *path, int force, const struct stat *in_st,
                 struct sv_error *err);
/* Flushes, syncs and links the file into place. */
int sv_outfile_commit(struct sv_outfile *o, struct sv_error *err);
/* Drops the output (nothing is left behind). */
void sv_outfile_abort(struct sv_outfile *o);

#endif
