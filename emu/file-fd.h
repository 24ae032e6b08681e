/* QEMUFile backend over a file descriptor, for --save and --load. */
#ifndef EMU_FILE_FD_H
#define EMU_FILE_FD_H

#include <stddef.h>

#include "savevm.h"

/* Opens FILE for writing (migration out) or reading (incoming); NULL and a
 * message on stderr when it cannot.  rate is bytes per round, as 0.11's
 * buffered migration file allows per timer tick. */
QEMUFile *emu_fopen(const char *path, int writing, size_t rate);

/* Starts the next rate-limit round (0.11: the buffered file's timer). */
void emu_file_new_round(QEMUFile *f);

#endif
