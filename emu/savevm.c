/* The savevm core: section registry, the v3 stream writer and loader, with
 * QEMU 0.11's semantics, flaws included (see doc/EMU.md, "The core"). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "savevm.h"

SaveStateEntry *first_se;

static SavevmSectionHook *section_hook;

void savevm_set_section_hook(SavevmSectionHook *hook)
{
    section_hook = hook;
}

/* Section ids come from one counter, so they depend on what was registered
 * before (and never go back when a section is unregistered). */
int register_savevm_live(const char *idstr, int instance_id, int version_id,
                         SaveLiveStateHandler *save_live_state, SaveStateHandler *save_state,
                         LoadStateHandler *load_state, void *opaque)
{
    static int next_section_id;
    SaveStateEntry *se = malloc(sizeof *se), **tail;

    if (!se) {
        fprintf(stderr, "register_savevm_live: out of memory\n");
        abort();
    }
    snprintf(se->idstr, sizeof se->idstr, "%s", idstr);
    se->instance_id = instance_id == -1 ? 0 : instance_id;
    se->version_id = version_id;
    se->section_id = next_section_id++;
    se->save_live_state = save_live_state;
    se->save_state = save_state;
    se->load_state = load_state;
    se->opaque = opaque;
    se->next = NULL;

    /* Append; -1 asks for one more than the highest instance of this idstr. */
    for (tail = &first_se; *tail; tail = &(*tail)->next)
        if (instance_id == -1 && strcmp((*tail)->idstr, se->idstr) == 0 &&
            se->instance_id <= (*tail)->instance_id)
            se->instance_id = (*tail)->instance_id + 1;
    *tail = se;
    return 0;
}

int register_savevm(const char *idstr, int instance_id, int version_id,
                    SaveStateHandler *save_state, LoadStateHandler *load_state, void *opaque)
{
    return register_savevm_live(idstr, instance_id, version_id, NULL, save_state, load_state,
                                opaque);
}

/* Removes every entry with this idstr and opaque, whatever its instance. */
void unregister_savevm(const char *idstr, void *opaque)
{
    SaveStateEntry **link = &first_se;

    while (*link) {
        SaveStateEntry *se = *link;

        if (strcmp(se->idstr, idstr) == 0 && se->opaque == opaque) {
            *link = se->next;
            free(se);
        } else {
            link = &se->next;
        }
    }
}

int savevm_unplug(const char *idstr)
{
    int n = 0;

    for (;;) {
        SaveStateEntry *se = first_se;

        while (se && strcmp(se->idstr, idstr) != 0)
            se = se->next;
        if (!se)
            return n;
        unregister_savevm(idstr, se->opaque);      /* idstr is the caller's, not the entry's */
        n++;
    }
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

int qemu_savevm_state_begin(QEMUFile *f)
{
    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    for (SaveStateEntry *se = first_se; se; se = se->next) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_START, se);
        se->save_live_state(f, QEMU_VM_SECTION_START, se->opaque);
    }
    return qemu_file_has_error(f) ? -EIO : 0;
}

/* 1 when every live section says it has converged, 0 to go on. */
int qemu_savevm_state_iterate(QEMUFile *f)
{
    int done = 1;

    for (SaveStateEntry *se = first_se; se; se = se->next) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_PART, se);
        done &= !!se->save_live_state(f, QEMU_VM_SECTION_PART, se->opaque);
    }
    if (done)
        return 1;
    return qemu_file_has_error(f) ? -EIO : 0;
}

int qemu_savevm_state_complete(QEMUFile *f)
{
    for (SaveStateEntry *se = first_se; se; se = se->next) {
        if (!se->save_live_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_END, se);
        se->save_live_state(f, QEMU_VM_SECTION_END, se->opaque);
    }
    for (SaveStateEntry *se = first_se; se; se = se->next) {
        int64_t start;

        if (!se->save_state)
            continue;
        put_section_header(f, QEMU_VM_SECTION_FULL, se);
        start = qemu_ftell(f);
        se->save_state(f, se->opaque);
        if (section_hook)
            section_hook(se, start, qemu_ftell(f) - start);
    }
    qemu_put_byte(f, QEMU_VM_EOF);
    return qemu_file_has_error(f) ? -EIO : 0;
}

static SaveStateEntry *find_se(const char *idstr, int instance_id)
{
    for (SaveStateEntry *se = first_se; se; se = se->next)
        if (strcmp(se->idstr, idstr) == 0 && se->instance_id == instance_id)
            return se;
    return NULL;
}

/* A section seen in START or FULL, for the PART/END that follow it. */
struct open_section {
    SaveStateEntry *se;
    unsigned int section_id;
    int version_id;
    struct open_section *next;
};

/* Reads one START or FULL header, checks it, calls the handler. */
static int load_section_start(QEMUFile *f, struct open_section **open)
{
    unsigned int section_id, instance_id, version_id;
    struct open_section *os;
    SaveStateEntry *se;
    char idstr[257];
    int len;

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
    os = calloc(1, sizeof *os);
    if (!os) {
        fprintf(stderr, "qemu_loadvm_state: out of memory\n");
        abort();
    }
    os->se = se;
    os->section_id = section_id;
    os->version_id = (int)version_id;
    os->next = *open;
    *open = os;

    /* The legacy flaw, kept on purpose: the handler's verdict is dropped.
     * A handler that gives up part way leaves the stream misaligned. */
    se->load_state(f, se->opaque, os->version_id);
    return 0;
}

static int load_section_part(QEMUFile *f, struct open_section *open)
{
    unsigned int section_id = qemu_get_be32(f);

    while (open && open->section_id != section_id)
        open = open->next;
    if (!open) {
        fprintf(stderr, "Unknown savevm section %d\n", (int)section_id);
        return -EINVAL;
    }
    open->se->load_state(f, open->se->opaque, open->version_id);     /* verdict dropped too */
    return 0;
}

int qemu_loadvm_state(QEMUFile *f)
{
    struct open_section *open = NULL;
    int type, ret = 0;

    if (qemu_get_be32(f) != QEMU_VM_FILE_MAGIC)
        return -EINVAL;
    /* 0.11 would hand version 2 to its old loader; this emulator has none. */
    if (qemu_get_be32(f) != QEMU_VM_FILE_VERSION)
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
        struct open_section *next = open->next;

        free(open);
        open = next;
    }
    /* A short read anywhere (even one that read zeros as EOF) fails the load. */
    if (qemu_file_has_error(f))
        ret = -EIO;
    return ret;
}
