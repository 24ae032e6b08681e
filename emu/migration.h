/* The monitor's and the command line's ways in and out of a snapshot, one
 * file per savevm core (migration.c for 0.11, migration012.c for 0.12). */
#ifndef EMU_MIGRATION_H
#define EMU_MIGRATION_H

#include <stddef.h>

/* `migrate "exec:cat > FILE"` on a paused VM, rate bytes per round (0:
 * unlimited), with the disks (`migrate -b`, 0.12 only) when blk is set.
 * -1 after "migration failed". */
int emu_migrate(const char *path, size_t rate, int blk);
/* The monitor's savevm: FILE replaced only when whole; failures reported,
 * the machine runs on. */
void emu_savevm(const char *path);
/* `-incoming "exec:cat FILE"`: -1 after "load of migration failed". */
int emu_incoming(const char *path);
/* The monitor's loadvm: failures reported, the machine runs on. */
void emu_loadvm(const char *path);

#endif
