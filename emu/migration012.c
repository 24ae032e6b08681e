/* The 0.12 core's migration, savevm, incoming migration and loadvm: the
 * monitor goes down to the live handlers, `migrate -b` turns block
 * migration on through set_params, a failed round cancels (stage -1). */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "file-fd.h"
#include "migration.h"

/* The emulator's one monitor prints to stderr (stdout is --print-state's). */
static Monitor monitor;

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(mon->out ? mon->out : stderr, fmt, ap);
    va_end(ap);
}

int emu_migrate(const char *path, size_t rate, int blk)
{
    QEMUFile *f = emu_fopen(path, 1, rate);
    int ret;

    if (!f)
        return -1;
    /* begin and iterate cancel by themselves when the file fails */
    ret = qemu_savevm_state_begin(&monitor, f, blk, 0);
    while (ret == 0) {
        emu_file_new_round(f);
        ret = qemu_savevm_state_iterate(&monitor, f);
    }
    if (ret > 0)
        ret = qemu_savevm_state_complete(&monitor, f);
    if (qemu_fclose(f) != 0 && ret == 0)
        ret = -EIO;
    if (ret < 0)
        fprintf(stderr, "migration failed\n");
    return ret;
}

/* 0.12's qemu_savevm_state: no disks, unthrottled; then the snapshot. */
void emu_savevm(const char *path)
{
    char tmp[4096];
    QEMUFile *f;
    int ret;

    snprintf(tmp, sizeof tmp, "%s.part", path);
    f = emu_fopen(tmp, 1, 0);
    if (!f) {
        monitor_printf(&monitor, "Could not open VM state file\n");
        return;
    }
    ret = qemu_savevm_state_begin(&monitor, f, 0, 0);
    while (ret == 0)
        ret = qemu_savevm_state_iterate(&monitor, f);
    if (ret > 0)
        ret = qemu_savevm_state_complete(&monitor, f);
    if (qemu_file_has_error(f))
        ret = -EIO;
    if (qemu_fclose(f) != 0 && ret == 0)
        ret = -EIO;
    if (ret == 0 && rename(tmp, path) != 0)
        ret = -errno;
    if (ret < 0) {
        unlink(tmp);
        monitor_printf(&monitor, "Error %d while writing VM\n", ret);
    }
}

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

void emu_loadvm(const char *path)
{
    QEMUFile *f = emu_fopen(path, 0, 0);
    int ret;

    if (!f) {
        monitor_printf(&monitor, "Could not open VM state file\n");
        return;
    }
    ret = qemu_loadvm_state(f);
    qemu_fclose(f);
    if (ret < 0)
        monitor_printf(&monitor, "Error %d while loading VM state\n", ret);
}
