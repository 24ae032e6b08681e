/* The 0.11 core's migration, savevm, incoming migration and loadvm. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "file-fd.h"
#include "migration.h"

/* Like "migrate exec:cat > FILE" on a paused VM. */
int emu_migrate(const char *path, size_t rate, int blk)
{
    QEMUFile *f = emu_fopen(path, 1, rate);
    int ret;

    (void)blk;              /* 0.11 migrates no disks */
    if (!f)
        return -1;
    ret = qemu_savevm_state_begin(f);
    while (ret == 0) {
        emu_file_new_round(f);
        ret = qemu_savevm_state_iterate(f);
    }
    if (ret > 0)
        ret = qemu_savevm_state_complete(f);
    if (qemu_fclose(f) != 0 && ret == 0)
        ret = -EIO;
    if (ret < 0)
        fprintf(stderr, "migration failed\n");
    return ret;
}

/*
 * Like the monitor's savevm: the whole state, unthrottled, then the
 * snapshot (FILE) only if that succeeded, as 0.11 creates the snapshot
 * after the state is written.  A failure is reported and the machine runs
 * on; an earlier FILE stays as it was.
 */
void emu_savevm(const char *path)
{
    char tmp[4096];
    QEMUFile *f;
    int ret;

    snprintf(tmp, sizeof tmp, "%s.part", path);
    f = emu_fopen(tmp, 1, 0);
    if (!f) {
        fprintf(stderr, "Could not open VM state file\n");
        return;
    }
    ret = qemu_savevm_state_begin(f);
    while (ret == 0)
        ret = qemu_savevm_state_iterate(f);
    if (ret > 0)
        ret = qemu_savevm_state_complete(f);
    if (qemu_file_has_error(f))
        ret = -EIO;
    if (qemu_fclose(f) != 0 && ret == 0)
        ret = -EIO;
    if (ret == 0 && rename(tmp, path) != 0)
        ret = -errno;
    if (ret < 0) {
        unlink(tmp);
        fprintf(stderr, "Error %d while writing VM\n", ret);
    }
}

/* Like -incoming "exec:cat FILE": failure is fatal. */
int emu_incoming(const char *path)
{
    QEMUFile *f = emu_fopen(path, 0, 0);
    int ret;

    if (!f)
        return -1;
    ret = qemu_loadvm_state(f);
    if (ret < 0)
        fprintf(stderr, "load of migration failed\n");
    qemu_fclose(f);
    return ret;
}

/* Like the monitor's loadvm: report and carry on. */
void emu_loadvm(const char *path)
{
    QEMUFile *f = emu_fopen(path, 0, 0);
    int ret;

    if (!f) {
        fprintf(stderr, "Could not open VM state file\n");
        return;
    }
    ret = qemu_loadvm_state(f);
    qemu_fclose(f);
    if (ret < 0)
        fprintf(stderr, "Error %d while loading VM state\n", ret);
}
