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
    int no_copy_range;          /* copy_file_range refused: read and write */
    char tmp[8320];             /* fallback temporary name; "" with O_TMPFILE */
};

/*
 * Refuses (SV_E_USAGE) an output that is the input (in_st, NULL for none)
 * or not a regular file, and an existing one without force; opens the
 * temporary file.  Nothing is created on error.
 */
int sv_outfile_open(struct sv_outfile *o, const char *path, int force, const struct stat *in_st,
                 struct sv_error *err);
/*
 * Appends len bytes of the file in_fd from byte in_off, after what f holds:
 * with copy_file_range where the kernel can (no byte passes through this
 * process), read and write where it cannot (another file system, stdout a
 * pipe or a device).  -1 with err for a write error, -2 for a read error.
 */
int sv_outfile_copy(struct sv_outfile *o, int in_fd, uint64_t in_off, uint64_t len, struct sv_error *err);
/* Flushes, syncs and links the file into place. */
int sv_outfile_commit(struct sv_outfile *o, struct sv_error *err);
/* Drops the output (nothing is left behind). */
void sv_outfile_abort(struct sv_outfile *o);

#endif
