/* The 0.12 core's part of the savevm API (included by savevm.h in the
 * EMU_SAVEVM_012 build): the shape of QEMU 0.12.3's hw/hw.h and savevm.c,
 * written here from scratch.  The struct layouts are 0.12's on x86-64, field
 * for field, because the shim reads them: SaveStateEntry on the
 * savevm_handlers tail queue, VMStateDescription, VMStateField, VMStateInfo. */
#ifndef EMU_SAVEVM012_H
#define EMU_SAVEVM012_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The monitor a migration or savevm was started from (0.12 passes it down
 * to the live handlers, which print their progress on it). */
typedef struct Monitor Monitor;
struct Monitor {
    FILE *out;
};
void monitor_printf(Monitor *mon, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), visibility("hidden")));

typedef void SaveSetParamsHandler(int blk_enable, int shared, void *opaque);
/* stage 1, 2, 3 (START, PART, END), or -1: the migration was cancelled */
typedef int SaveLiveStateHandler(Monitor *mon, QEMUFile *f, int stage, void *opaque);

typedef struct VMStateInfo VMStateInfo;
typedef struct VMStateDescription VMStateDescription;

struct VMStateInfo {
    const char *name;
    int (*get)(QEMUFile *f, void *pv, size_t size);
    void (*put)(QEMUFile *f, void *pv, size_t size);
};

enum VMStateFlags {
    VMS_SINGLE = 0x001,
    VMS_POINTER = 0x002,
    VMS_ARRAY = 0x004,
    VMS_STRUCT = 0x008,
    VMS_VARRAY_INT32 = 0x010,       /* count in an int32_t field */
    VMS_BUFFER = 0x020,
    VMS_ARRAY_OF_POINTER = 0x040,
    VMS_VARRAY_UINT16 = 0x080,      /* count in a uint16_t field */
    VMS_VBUFFER = 0x100,            /* size in an int32_t field */
    VMS_MULTIPLY = 0x200,           /* that size times .size */
};

typedef struct {
    const char *name;
    size_t offset;
    size_t size;
    size_t start;
    int num;
    size_t num_offset;
    size_t size_offset;
    const VMStateInfo *info;
    enum VMStateFlags flags;
    const VMStateDescription *vmsd;
    int version_id;
    bool (*field_exists)(void *opaque, int version_id);
} VMStateField;

struct VMStateDescription {
    const char *name;
    int version_id;
    int minimum_version_id;
    int minimum_version_id_old;
    LoadStateHandler *load_state_old;
    int (*pre_load)(void *opaque);
    int (*post_load)(void *opaque, int version_id);
    void (*pre_save)(void *opaque);
    void (*post_save)(void *opaque);
    VMStateField *fields;           /* ends with a field whose name is NULL */
};

/* 0.12.3's infos, by their names in the binary.  The name strings are 0.12's
 * too: "int32 equal" names both int32_equal and int32_le. */
#define EMU_INFO __attribute__((visibility("hidden")))
extern const VMStateInfo vmstate_info_int8 EMU_INFO, vmstate_info_int16 EMU_INFO,
    vmstate_info_int32 EMU_INFO, vmstate_info_int64 EMU_INFO, vmstate_info_uint8_equal EMU_INFO,
    vmstate_info_uint16_equal EMU_INFO, vmstate_info_int32_equal EMU_INFO, vmstate_info_int32_le EMU_INFO,
    vmstate_info_uint8 EMU_INFO, vmstate_info_uint16 EMU_INFO, vmstate_info_uint32 EMU_INFO,
    vmstate_info_uint64 EMU_INFO, vmstate_info_timer EMU_INFO, vmstate_info_buffer EMU_INFO,
    vmstate_info_unused_buffer EMU_INFO;

/* A timer as vmstate_info_timer sees it: a be64 expiry on the wire, -1 when
 * not pending (0.12: qemu_put_timer / qemu_get_timer). */
typedef struct QEMUTimer {
    int64_t expire_time;
    int pending;
} QEMUTimer;

/* The emulator's shorthands for table entries (st: the device's struct). */
#define VMF_SIZEOF(st, f) sizeof(((st *)0)->f)
#define VMF_SINGLE(st, f, inf, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f), .info = &(inf), .flags = VMS_SINGLE, .version_id = (ver) }
#define VMF_ARRAY(st, f, inf, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f[0]), .num = (int)(VMF_SIZEOF(st, f) / VMF_SIZEOF(st, f[0])), \
    .info = &(inf), .flags = VMS_ARRAY, .version_id = (ver) }
/* f points to the elements; count is an int32_t field */
#define VMF_VARRAY_INT32(st, f, count, inf, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f[0]), .num_offset = offsetof(st, count), .info = &(inf), \
    .flags = VMS_VARRAY_INT32 | VMS_POINTER, .version_id = (ver) }
/* f is the array itself; count is a uint16_t field, not checked against it */
#define VMF_VARRAY_UINT16(st, f, count, inf, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f[0]), .num_offset = offsetof(st, count), .info = &(inf), \
    .flags = VMS_VARRAY_UINT16, .version_id = (ver) }
#define VMF_STRUCT_ARRAY(st, f, desc, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f[0]), .num = (int)(VMF_SIZEOF(st, f) / VMF_SIZEOF(st, f[0])), \
    .vmsd = &(desc), .flags = VMS_STRUCT | VMS_ARRAY, .version_id = (ver) }
#define VMF_BUFFER_TEST(st, f, test) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f), .info = &vmstate_info_buffer, .flags = VMS_BUFFER, \
    .field_exists = (test) }
/* f is a QEMUTimer * */
#define VMF_TIMER(st, f, ver) { .name = #f, .offset = offsetof(st, f), \
    .size = VMF_SIZEOF(st, f), .info = &vmstate_info_timer, .flags = VMS_SINGLE | VMS_POINTER, \
    .version_id = (ver) }
#define VMF_UNUSED(ver, n) { .name = "unused", .size = (n), .info = &vmstate_info_unused_buffer, \
    .flags = VMS_BUFFER, .version_id = (ver) }
#define VMF_END { .name = NULL }

SAVEVM_API int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                                  int version_id);
SAVEVM_API void vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque);
SAVEVM_API int vmstate_register(int instance_id, const VMStateDescription *vmsd, void *opaque);
SAVEVM_API void vmstate_unregister(const VMStateDescription *vmsd, void *opaque);

/* One registered section; field order as in 0.12 (x86-64: entry at 0,
 * idstr 16, instance_id 272, version_id 276, section_id 280, set_params
 * 288, save_live_state 296, save_state 304, load_state 312, vmsd 320,
 * opaque 328; 336 bytes). */
typedef struct SaveStateEntry {
    struct {
        struct SaveStateEntry *tqe_next;
        struct SaveStateEntry **tqe_prev;      /* the previous entry's tqe_next, or the head's */
    } entry;
    char idstr[256];
    int instance_id;
    int version_id;
    int section_id;
    SaveSetParamsHandler *set_params;
    SaveLiveStateHandler *save_live_state;
    SaveStateHandler *save_state;
    LoadStateHandler *load_state;
    const VMStateDescription *vmsd;
    void *opaque;
} SaveStateEntry;

SAVEVM_API int register_savevm_live(const char *idstr, int instance_id, int version_id,
                                    SaveSetParamsHandler *set_params,
                                    SaveLiveStateHandler *save_live_state,
                                    SaveStateHandler *save_state,
                                    LoadStateHandler *load_state, void *opaque);

SAVEVM_API int qemu_savevm_state_begin(Monitor *mon, QEMUFile *f, int blk_enable, int shared);
SAVEVM_API int qemu_savevm_state_iterate(Monitor *mon, QEMUFile *f);
SAVEVM_API int qemu_savevm_state_complete(Monitor *mon, QEMUFile *f);
SAVEVM_API void qemu_savevm_state_cancel(Monitor *mon, QEMUFile *f);

#endif
