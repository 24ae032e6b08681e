/* The 0.12 savevm core: the savevm_handlers tail queue, register_savevm_live
 * with set_params, vmstate_register, the v3 stream writer and loader, with
 * QEMU 0.12.3's semantics (see doc/EMU.md, "The 0.12 build"). */
#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "savevm.h"

/* The layouts the shim reads, as 0.12.3's hw/hw.h and savevm.c give them
 * on x86-64. */
_Static_assert(offsetof(SaveStateEntry, idstr) == 16 && offsetof(SaveStateEntry, instance_id) == 272 &&
               offsetof(SaveStateEntry, version_id) == 276 && offsetof(SaveStateEntry, section_id) == 280 &&
               offsetof(SaveStateEntry, set_params) == 288 &&
               offsetof(SaveStateEntry, save_live_state) == 296 &&
               offsetof(SaveStateEntry, save_state) == 304 && offsetof(SaveStateEntry, load_state) == 312 &&
               offsetof(SaveStateEntry, vmsd) == 320 && offsetof(SaveStateEntry, opaque) == 328 &&
               sizeof(SaveStateEntry) == 336, "0.12's SaveStateEntry");
_Static_assert(offsetof(VMStateDescription, load_state_old) == 24 &&
               offsetof(VMStateDescription, fields) == 64 && sizeof(VMStateDescription) == 72,
               "0.12's VMStateDescription");
_Static_assert(offsetof(VMStateField, num) == 32 && offsetof(VMStateField, num_offset) == 40 &&
               offsetof(VMStateField, info) == 56 && offsetof(VMStateField, flags) == 64 &&
               offsetof(VMStateField, vmsd) == 72 && offsetof(VMStateField, version_id) == 80 &&
               offsetof(VMStateField, field_exists) == 88 && sizeof(VMStateField) == 96,
               "0.12's VMStateField");

/* 0.12: static QTAILQ_HEAD(savevm_handlers, SaveStateEntry); registration
 * order is stream order. */
static struct {
    SaveStateEntry *tqh_first;
    SaveStateEntry **tqh_last;
} savevm_handlers = { NULL, &savevm_handlers.tqh_first };

/* Section ids come from one counter shared by both ways of registering. */
static int global_section_id;
static SavevmSectionHook *section_hook;

#define FOREACH_SE(se) for (SaveStateEntry *se = savevm_handlers.tqh_first; se; se = se->entry.tqe_next)

void savevm_set_section_hook(SavevmSectionHook *hook)
{
    section_hook = hook;
}

static void insert_tail(SaveStateEntry *se)
{
    se->entry.tqe_next = NULL;
    se->entry.tqe_prev = savevm_handlers.tqh_last;
    *savevm_handlers.tqh_last = se;
    savevm_handlers.tqh_last = &se->entry.tqe_next;
}

static void remove_se(SaveStateEntry *se)
{
    if (se->entry.tqe_next)
        se->entry.tqe_next->entry.tqe_prev = se->entry.tqe_prev;
    else
        savevm_handlers.tqh_last = se->entry.tqe_prev;
    *se->entry.tqe_prev = se->entry.tqe_next;
}

/* -1 asks for one more than the highest instance of this idstr (0 if none). */
static int new_instance_id(const char *idstr)
{
    int id = 0;

    FOREACH_SE(se)
        if (strcmp(se->idstr, idstr) == 0 && id <= se->instance_id)
            id = se->instance_id + 1;
    return id;
}

static SaveStateEntry *new_se(const char *idstr, int instance_id, int version_id)
{
    SaveStateEntry *se = calloc(1, sizeof *se);

    if (!se) {
        fprintf(stderr, "savevm: out of memory\n");
        abort();                /* 0.12's qemu_mallocz aborts too */
    }
    snprintf(se->idstr, sizeof se->idstr, "%s", idstr);
    se->version_id = version_id;
    se->section_id = global_section_id++;
    se->instance_id = instance_id == -1 ? new_instance_id(idstr) : instance_id;
    return se;
}

int register_savevm_live(const char *idstr, int instance_id, int version_id,
                         SaveSetParamsHandler *set_params, SaveLiveStateHandler *save_live_state,
                         SaveStateHandler *save_state, LoadStateHandler *load_state, void *opaque)
{
    SaveStateEntry *se = new_se(idstr, instance_id, version_id);

    se->set_params = set_params;
    se->save_live_state = save_live_state;
    se->save_state = save_state;
    se->load_state = load_state;
    se->opaque = opaque;
    insert_tail(se);
    return 0;
}

int register_savevm(const char *idstr, int instance_id, int version_id,
                    SaveStateHandler *save_state, LoadStateHandler *load_state, void *opaque)
{
    return register_savevm_live(idstr, instance_id, version_id, NULL, NULL, save_state, load_state,
                                opaque);
}

/* Removes every entry with this idstr and opaque, whatever its instance. */
void unregister_savevm(const char *idstr, void *opaque)
{
    SaveStateEntry *se = savevm_handlers.tqh_first, *next;

    for (; se; se = next) {
        next = se->entry.tqe_next;
        if (strcmp(se->idstr, idstr) == 0 && se->opaque == opaque) {
            remove_se(se);
            free(se);
        }
    }
}

/* The entry is filled here, never through register_savevm_live: its idstr
 * and version are the description's, and it has no handlers. */
int vmstate_register(int instance_id, const VMStateDescription *vmsd, void *opaque)
{
    SaveStateEntry *se = new_se(vmsd->name, instance_id, vmsd->version_id);

    se->vmsd = vmsd;
    se->opaque = opaque;
    insert_tail(se);
    return 0;
}

/* Matches by description and opaque, not by name. */
void vmstate_unregister(const VMStateDescription *vmsd, void *opaque)
{
    SaveStateEntry *se = savevm_handlers.tqh_first, *next;

    for (; se; se = next) {
        next = se->entry.tqe_next;
        if (se->vmsd == vmsd && se->opaque == opaque) {
            remove_se(se);
            free(se);
        }
    }
}

/* A hand-coded device's exit: unregister_savevm with its own opaque. */
int savevm_unplug(const char *idstr)
{
    int n = 0;

    for (;;) {
        SaveStateEntry *found = NULL;

        FOREACH_SE(se)
            if (!found && strcmp(se->idstr, idstr) == 0 && !se->vmsd)
                found = se;
        if (!found)
            return n;
        unregister_savevm(idstr, found->opaque);    /* idstr is the caller's, not the entry's */
        n++;
    }
}

static int entry_load(QEMUFile *f, SaveStateEntry *se, int version_id)
{
    if (!se->vmsd)
        return se->load_state(f, se->opaque, version_id);
    return vmstate_load_state(f, se->vmsd, se->opaque, version_id);
}

static void entry_save(QEMUFile *f, SaveStateEntry *se)
{
    if (!se->vmsd)
        se->save_state(f, se->opaque);
    else
        vmstate_save_state(f, se->vmsd, se->opaque);
}

/* type, section id and, for START and FULL, idstr, instance and version */
static void put_section_header(QEMUFile *f, int type, const SaveStateEntry *se)
{
    size_t len = strlen(se->idstr);

    qemu_put_byte(f, type);
    qemu_put_be32(f, (unsigned int)se->section_id);
    if (type != QEMU_VM_SECTION_START && type != QEMU_VM_SECTION_FULL)
        return;
    qemu_put_byte(f, (int)len);
    qemu_put_buffer(f, (const uint8_t *)se->idstr, (int)len);
    qemu_put_be32(f, (unsigned int)se->instance_id);
    qemu_put_be32(f, (unsigned int)se->version_id);
}

int qemu_savevm_state_begin(Monitor *mon, QEMUFile *f, int blk_enable, int shared)
{
    FOREACH_SE(se)
        if (se->set_params)
            se->set_params(blk_enable, shared, se->opaque);
    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    FOREACH_SE(se) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_START, se);
        se->save_live_state(mon, f, QEMU_VM_SECTION_START, se->opaque);
    }
    if (qemu_file_has_error(f)) {
        qemu_savevm_state_cancel(mon, f);
        return -EIO;
    }
    return 0;
}

/* 1 when done; a live section that is not stops the round (0.12 sends one
 * section at a time until it converges). */
int qemu_savevm_state_iterate(Monitor *mon, QEMUFile *f)
{
    int ret = 1;

    FOREACH_SE(se) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_PART, se);
        ret = se->save_live_state(mon, f, QEMU_VM_SECTION_PART, se->opaque);
        if (!ret)
            break;
    }
    if (ret)
        return 1;
    if (qemu_file_has_error(f)) {
        qemu_savevm_state_cancel(mon, f);
        return -EIO;
    }
    return 0;
}

int qemu_savevm_state_complete(Monitor *mon, QEMUFile *f)
{
    FOREACH_SE(se) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_END, se);
        se->save_live_state(mon, f, QEMU_VM_SECTION_END, se->opaque);
    }
    FOREACH_SE(se) {
        int64_t start;

        if (!se->save_state && !se->vmsd)
            continue;
        put_section_header(f, QEMU_VM_SECTION_FULL, se);
        start = qemu_ftell(f);
        entry_save(f, se);
        if (section_hook)
            section_hook(se, start, qemu_ftell(f) - start);
    }
    qemu_put_byte(f, QEMU_VM_EOF);
    return qemu_file_has_error(f) ? -EIO : 0;
}

/* Stage -1 to every live handler: a migration that will not complete. */
void qemu_savevm_state_cancel(Monitor *mon, QEMUFile *f)
{
    FOREACH_SE(se)
        if (se->save_live_state)
            se->save_live_state(mon, f, -1, se->opaque);
}

static SaveStateEntry *find_se(const char *idstr, int instance_id)
{
    FOREACH_SE(se)
        if (strcmp(se->idstr, idstr) == 0 && se->instance_id == instance_id)
            return se;
    return NULL;
}

/* A section seen in START or FULL, for the PART/END that follow it. */
struct load_entry {
    SaveStateEntry *se;
    unsigned int section_id;
    int version_id;
    struct load_entry *next;
};

/* Reads one START or FULL header, checks it, loads the section. */
static int load_section_start(QEMUFile *f, struct load_entry **open)
{
    unsigned int section_id, instance_id, version_id;
    struct load_entry *le;
    SaveStateEntry *se;
    char idstr[257];
    int len, ret;

    section_id = qemu_get_be32(f);
    len = qemu_get_byte(f);
    qemu_get_buffer(f, (uint8_t *)idstr, len);
    idstr[len] = 0;
    instance_id = qemu_get_be32(f);
    version_id = qemu_get_be32(f);

    se = find_se(idstr, (int)instance_id);
    if (!se) {
        fprintf(stderr, "Unknown savevm section or instance '%s' %d\n", idstr, (int)instance_id);
        return -EINVAL;
    }
    if ((int)version_id > se->version_id) {
        fprintf(stderr, "savevm: unsupported version %d for '%s' v%d\n", (int)version_id, idstr,
                se->version_id);
        return -EINVAL;
    }
    le = calloc(1, sizeof *le);
    if (!le) {
        fprintf(stderr, "qemu_loadvm_state: out of memory\n");
        abort();
    }
    le->se = se;
    le->section_id = section_id;
    le->version_id = (int)version_id;
    le->next = *open;
    *open = le;

    /* 0.12 checks what 0.11 dropped: a failed section fails the load */
    ret = entry_load(f, se, le->version_id);
    if (ret < 0)
        fprintf(stderr, "qemu: warning: error while loading state for instance 0x%x of device '%s'\n",
                instance_id, idstr);
    return ret;
}

static int load_section_part(QEMUFile *f, struct load_entry *open)
{
    unsigned int section_id = qemu_get_be32(f);
    int ret;

    while (open && open->section_id != section_id)
        open = open->next;
    if (!open) {
        fprintf(stderr, "Unknown savevm section %d\n", (int)section_id);
        return -EINVAL;
    }
    ret = entry_load(f, open->se, open->version_id);
    if (ret < 0)
        fprintf(stderr, "qemu: warning: error while loading state section id %d\n", (int)section_id);
    return ret;
}

int qemu_loadvm_state(QEMUFile *f)
{
    struct load_entry *open = NULL;
    unsigned int v;
    int type, ret = 0;

    if (qemu_get_be32(f) != QEMU_VM_FILE_MAGIC)
        return -EINVAL;
    v = qemu_get_be32(f);
    if (v == 2) {
        fprintf(stderr, "SaveVM v2 format is obsolete and don't work anymore\n");
        return -ENOTSUP;
    }
    if (v != QEMU_VM_FILE_VERSION)
        return -ENOTSUP;

    while (ret == 0 && (type = qemu_get_byte(f)) != QEMU_VM_EOF) {
        switch (type) {
        case QEMU_VM_SECTION_START:
        case QEMU_VM_SECTION_FULL:
            ret = load_section_start(f, &open);
            break;
        case QEMU_VM_SECTION_PART:
        case QEMU_VM_SECTION_END:
            ret = load_section_part(f, open);
            break;
        default:
            fprintf(stderr, "Unknown savevm section type %d\n", type);
            ret = -EINVAL;
            break;
        }
    }

    while (open) {
        struct load_entry *next = open->next;

        free(open);
        open = next;
    }
    /* a short read anywhere (even one that read zeros as EOF) fails the load */
    if (qemu_file_has_error(f))
        ret = -EIO;
    return ret;
}
