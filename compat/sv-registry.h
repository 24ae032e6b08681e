/*
 * The registry: every legacy release and target the project knows, as
 * plain data.  A release's name is spelled here and nowhere else in the
 * programs: the settings, the launcher, svtool, the walker, the shim's
 * recognition and the list of each release's devices (descriptors/devices.c)
 * all read it.  doc/HACKING.md says how to add a release.
 */
#ifndef SV_REGISTRY_H
#define SV_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

/* The releases, in the order they are listed (svtool descriptors, messages). */
enum sv_release_id {
    SV_REL_0_10,            /* QEMU 0.10.6 */
    SV_REL_0_11,            /* QEMU 0.11.1 */
    SV_REL_EMU,             /* the bundled legacy emulator (doc/EMU.md) */
    SV_REL_0_12,            /* QEMU 0.12.x (checked: v0.12.3) */
    SV_REL_QEMU_KVM_0_12,   /* qemu-kvm 0.12.x (checked: qemu-kvm-0.12.1.2) */
    SV_REL_EMU_012,         /* the bundled emulator's 0.12 build (doc/EMU.md) */
    SV_REL_EMU_NEXT,        /* the bundled emulator as a newer 0.11-style release (doc/EMU.md) */
    SV_REL_COUNT
};
#define SV_REL_BIT(id) (1u << (id))

enum sv_target_id { SV_TGT_I386, SV_TGT_X86_64, SV_TGT_COUNT };

struct sv_target {
    const char *name;
    unsigned word_bytes;        /* target_ulong */
    const char *marker;         /* a function only this target's emulator has; NULL: the other one */
};

/* The functions and data the shim finds in a binary: indexes into sv_abi.symbols. */
enum sv_fn {
    SV_FN_REGISTER_LIVE,    /* hooked: wraps each device's handlers */
    SV_FN_UNREGISTER,       /* hooked: frees the wrappers */
    SV_FN_STATE_COMPLETE,   /* hooked: legacy versions in headers for SAVEVM_SHIM_FORMAT=legacy */
    SV_FN_LOADVM_STATE,     /* hooked: load start/end in the log; a failed load ends the process */
    SV_FN_FOPEN_OPS,
    SV_FN_FCLOSE,
    SV_FN_FFLUSH,
    SV_FN_GET_BUFFER,
    SV_FN_PUT_BUFFER,       /* hooked: a device's long writes are kept where they are */
    SV_FN_FTELL,
    SV_FN_HAS_ERROR,
    SV_FN_SET_ERROR,        /* a save the shim cannot complete fails as that save */
    SV_FN_HANDLER_LIST,     /* the list of SaveStateEntry (data, not code) */
    SV_FN_COUNT
};
#define SV_FN_BIT(fn) (1u << (fn))

/* How the core keeps its SaveStateEntry list. */
enum sv_handler_list {
    SV_LIST_FIRST_SE,       /* static SaveStateEntry *first_se, linked by .next */
    SV_LIST_TAILQ,          /* QTAILQ_HEAD savevm_handlers, linked by .entry (0.12) */
};

/* SaveLiveStateHandler's parameters. */
enum sv_live_sig {
    SV_LIVE_SIG_FILE,       /* (QEMUFile *f, int stage, void *opaque) */
    SV_LIVE_SIG_MONITOR,    /* (Monitor *mon, QEMUFile *f, int stage, void *opaque) (0.12);
                             * stage -1: the migration was cancelled */
};

/* A member SaveStateEntry does not have. */
#define SV_SE_NONE ((size_t)-1)

struct sv_se_layout {       /* offsets in struct SaveStateEntry on x86-64 */
    size_t idstr, instance_id, version_id, section_id, save_live, save, load, opaque, next;
    /* SV_SE_NONE before 0.12: */
    size_t prev;            /* QTAILQ_ENTRY's tqe_prev */
    size_t set_params;      /* SaveSetParamsHandler (int blk_enable, int shared, void *opaque) */
    size_t vmsd;            /* const VMStateDescription *: non-NULL for vmstate_register's entries */
    size_t size;            /* sizeof (SaveStateEntry) */
};

/* The VMState functions (0.12 on): indexes into sv_vmstate_abi.symbols. */
enum sv_vms_fn {
    SV_VMS_REGISTER,        /* int vmstate_register(int instance_id, const VMStateDescription *, void *opaque) */
    SV_VMS_UNREGISTER,      /* void vmstate_unregister(const VMStateDescription *, void *opaque):
                             * matches vmsd and opaque */
    SV_VMS_SAVE_STATE,      /* void vmstate_save_state(QEMUFile *, const VMStateDescription *, void *opaque) */
    SV_VMS_LOAD_STATE,      /* int vmstate_load_state(QEMUFile *, const VMStateDescription *, void *opaque,
                             *                        int version_id) */
    SV_VMS_FN_COUNT
};

/* VMStateField.flags (hw/hw.h enum VMStateFlags). */
enum sv_vms_flag {
    SV_VMS_SINGLE = 0x001,
    SV_VMS_POINTER = 0x002,
    SV_VMS_ARRAY = 0x004,
    SV_VMS_STRUCT = 0x008,
    SV_VMS_VARRAY_INT32 = 0x010,    /* element count in an int32_t field */
    SV_VMS_BUFFER = 0x020,          /* a fixed-size buffer */
    SV_VMS_ARRAY_OF_POINTER = 0x040,
    SV_VMS_VARRAY_UINT16 = 0x080,   /* element count in a uint16_t field */
    SV_VMS_VBUFFER = 0x100,         /* a buffer sized by an int32_t field */
    SV_VMS_MULTIPLY = 0x200,        /* VBUFFER: the size field times .size */
};

/* Offsets and sizes of the VMState structures on x86-64 (hw/hw.h). */
struct sv_vmstate_layout {
    struct {                /* VMStateDescription */
        size_t name, version_id, minimum_version_id, minimum_version_id_old, load_state_old,
               pre_load, post_load, pre_save, post_save, fields, size;
    } desc;
    struct {                /* VMStateField; an entry whose name is NULL ends a table */
        size_t name, offset, size, start, num, num_offset, size_offset, info, flags, vmsd,
               version_id, field_exists, size_of;
    } field;
    struct {                /* VMStateInfo */
        size_t name, get, put, size;
    } info;
};

struct sv_vmstate_abi {
    const char *symbols[SV_VMS_FN_COUNT];
    uint32_t flags_known;               /* every SV_VMS_* flag the release has */
    struct sv_vmstate_layout layout;
};

struct sv_qf_layout {       /* offsets in struct QEMUFile on x86-64 */
    size_t put_buffer, opaque, buf_offset;
};

/* A release's savevm core as the shim calls and reads it (x86-64 builds). */
struct sv_abi {
    const char *symbols[SV_FN_COUNT];
    uint32_t hooked;                /* SV_FN_BIT of each function the shim hooks */
    uint8_t list;                   /* enum sv_handler_list */
    uint8_t live_sig;               /* enum sv_live_sig */
    uint8_t register_live_args;     /* register_savevm_live: 7; 8 with set_params (0.12) */
    uint8_t fopen_callbacks;        /* qemu_fopen_ops after its opaque: 4 (0.10), 5 (0.11), 6 (0.12) */
    uint8_t state_monitor;          /* qemu_savevm_state_begin/iterate/complete/cancel take a
                                     * Monitor * before the QEMUFile * (0.12) */
    struct sv_se_layout se;
    const struct sv_vmstate_abi *vmstate;   /* NULL: no VMState (before 0.12) */
    struct sv_qf_layout qf;         /* a long body part goes to the file's put_buffer past its buffer */
};

/* The record formats of live sections (compat/sv-ram.h, compat/sv-block.h). */
enum sv_live_format { SV_LIVE_RAM, SV_LIVE_BLOCK };

/* A release's live sections, in the order its streams start them (the
 * core writes every START before any device section). */
struct sv_live_section {
    const char *idstr;              /* NULL ends a list */
    uint8_t format;                 /* enum sv_live_format */
    uint32_t version;
    uint8_t always;                 /* registered whatever the machine: every stream has it */
};

#define SV_MARKERS_MAX 3

struct sv_release {
    const char *name;
    const struct sv_release *borrows;   /* uses that release's device tables too (NULL: none) */
    /* recognised in a binary that has every marker and not `absent`; of
     * several that fit, the one with the most markers */
    const char *markers[SV_MARKERS_MAX];
    const char *absent;
    uint8_t by_target;                  /* its builds differ per target */
    uint32_t container_version;         /* the stream's header (compat/sv-v3.h) */
    const struct sv_abi *abi;
    const struct sv_live_section *live;
    const char *const *machines;        /* -M names, NULL-terminated; NULL: one fixed machine */
    /* the variable holding the size its ram save announces (a bridge into
     * it checks its RAM layout against it); NULL: none */
    const char *ram_size;
};

extern const struct sv_release sv_releases[SV_REL_COUNT];
extern const struct sv_target sv_targets[SV_TGT_COUNT];
/* The target names, NULL-terminated. */
extern const char *const sv_target_names[SV_TGT_COUNT + 1];

/* NULL when unknown. */
const struct sv_release *sv_release_find(const char *name);
const struct sv_target *sv_target_find(const char *name);
static inline enum sv_release_id sv_release_id(const struct sv_release *r)
{
    return (enum sv_release_id)(r - sv_releases);
}
/* "0.10, 0.11, emu, ..." (with sep ", "), for usage texts and messages; returns buf. */
const char *sv_release_names(char *buf, size_t len, const char *sep);
const char *sv_target_list(char *buf, size_t len, const char *sep);
/* SV_REL_BIT of r and of every release whose tables it borrows. */
unsigned sv_release_tables(const struct sv_release *r);
/* r's live section of that name, or NULL. */
const struct sv_live_section *sv_release_live(const struct sv_release *r, const char *idstr);

/*
 * Recognition from the symbols a binary has (has() returns non-zero for a
 * symbol it defines).  NULL when no release, or two equally specific
 * ones, fit.  A release without targets has no target (NULL).
 */
const struct sv_release *sv_release_recognise(int (*has)(void *opaque, const char *symbol), void *opaque);
const struct sv_target *sv_target_recognise(const struct sv_release *r,
                                            int (*has)(void *opaque, const char *symbol), void *opaque);
/* Every symbol name recognition and the releases' ABIs use, each once, into
 * names (room for max; SV_REGISTRY_SYMBOLS_MAX always suffices); returns how many. */
#define SV_REGISTRY_SYMBOLS_MAX (SV_REL_COUNT * (SV_FN_COUNT + SV_VMS_FN_COUNT + SV_MARKERS_MAX + 2) + \
                                 SV_TGT_COUNT)
size_t sv_registry_symbols(const char **names, size_t max);

#endif
