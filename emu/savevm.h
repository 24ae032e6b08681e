/* The savevm API of the miniature legacy emulator: the shape of QEMU 0.11's
 * hw/hw.h (names, signatures, semantics), written here from scratch.  The
 * 0.12 build (EMU_SAVEVM_012) takes the 0.12 core's part from savevm012.h.
 *
 * Every function below is an out-of-line, hidden symbol: the shim finds them
 * by name in .symtab or debug info, patches the entries of some and calls
 * others, exactly as it does in a real 0.11 binary.  SAVEVM_API keeps the
 * compiler from inlining, cloning (.isra/.constprop) or exporting them. */
#ifndef EMU_SAVEVM_H
#define EMU_SAVEVM_H

#include <stddef.h>
#include <stdint.h>

#if defined(__clang__)
#define SAVEVM_API __attribute__((noinline, visibility("hidden")))
#else
#define SAVEVM_API __attribute__((noinline, noclone, visibility("hidden")))
#endif

/* 0.11: IO_BUF_SIZE */
#define QEMU_FILE_BUF_SIZE 32768

/* Stream container (0.11 savevm.c) */
#define QEMU_VM_FILE_MAGIC      0x5145564d      /* "QEVM" */
#define QEMU_VM_FILE_VERSION    0x00000003
#define QEMU_VM_EOF             0x00
#define QEMU_VM_SECTION_START   0x01
#define QEMU_VM_SECTION_PART    0x02
#define QEMU_VM_SECTION_END     0x03
#define QEMU_VM_SECTION_FULL    0x04

typedef struct QEMUFile QEMUFile;

typedef int (QEMUFilePutBufferFunc)(void *opaque, const uint8_t *buf, int64_t pos, int size);
typedef int (QEMUFileGetBufferFunc)(void *opaque, uint8_t *buf, int64_t pos, int size);
typedef int (QEMUFileCloseFunc)(void *opaque);
typedef int (QEMUFileRateLimit)(void *opaque);
typedef size_t (QEMUFileSetRateLimit)(void *opaque, size_t new_rate);
typedef size_t (QEMUFileGetRateLimit)(void *opaque);        /* 0.12 */

/* Field order as in 0.11 (0.12 adds get_rate_limit), so a debugger's view
 * of the struct matches. */
struct QEMUFile {
    QEMUFilePutBufferFunc *put_buffer;
    QEMUFileGetBufferFunc *get_buffer;
    QEMUFileCloseFunc *close;
    QEMUFileRateLimit *rate_limit;
    QEMUFileSetRateLimit *set_rate_limit;
#ifdef EMU_SAVEVM_012
    QEMUFileGetRateLimit *get_rate_limit;
#endif
    void *opaque;
    int is_write;
    int64_t buf_offset;         /* writing: file offset of buf[0]; reading: of buf[buf_size] */
    int buf_index;
    int buf_size;               /* 0 while writing */
    uint8_t buf[QEMU_FILE_BUF_SIZE];
    int has_error;
};

#ifdef EMU_SAVEVM_012
SAVEVM_API QEMUFile *qemu_fopen_ops(void *opaque, QEMUFilePutBufferFunc *put_buffer,
                                    QEMUFileGetBufferFunc *get_buffer, QEMUFileCloseFunc *close,
                                    QEMUFileRateLimit *rate_limit,
                                    QEMUFileSetRateLimit *set_rate_limit,
                                    QEMUFileGetRateLimit *get_rate_limit);
SAVEVM_API size_t qemu_file_get_rate_limit(QEMUFile *f);
#else
SAVEVM_API QEMUFile *qemu_fopen_ops(void *opaque, QEMUFilePutBufferFunc *put_buffer,
                                    QEMUFileGetBufferFunc *get_buffer, QEMUFileCloseFunc *close,
                                    QEMUFileRateLimit *rate_limit,
                                    QEMUFileSetRateLimit *set_rate_limit);
#endif
SAVEVM_API int qemu_fclose(QEMUFile *f);
SAVEVM_API void qemu_fflush(QEMUFile *f);
SAVEVM_API void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, int size);
SAVEVM_API void qemu_put_byte(QEMUFile *f, int v);
SAVEVM_API void qemu_put_be16(QEMUFile *f, unsigned int v);
SAVEVM_API void qemu_put_be32(QEMUFile *f, unsigned int v);
SAVEVM_API void qemu_put_be64(QEMUFile *f, uint64_t v);
SAVEVM_API int qemu_get_buffer(QEMUFile *f, uint8_t *buf, int size);
SAVEVM_API int qemu_get_byte(QEMUFile *f);
SAVEVM_API unsigned int qemu_get_be16(QEMUFile *f);
SAVEVM_API unsigned int qemu_get_be32(QEMUFile *f);
SAVEVM_API uint64_t qemu_get_be64(QEMUFile *f);
SAVEVM_API int64_t qemu_ftell(QEMUFile *f);
SAVEVM_API int qemu_file_rate_limit(QEMUFile *f);
SAVEVM_API size_t qemu_file_set_rate_limit(QEMUFile *f, size_t new_rate);
SAVEVM_API void qemu_file_set_error(QEMUFile *f);
SAVEVM_API int qemu_file_has_error(QEMUFile *f);

typedef void SaveStateHandler(QEMUFile *f, void *opaque);
typedef int LoadStateHandler(QEMUFile *f, void *opaque, int version_id);

SAVEVM_API int register_savevm(const char *idstr, int instance_id, int version_id,
                               SaveStateHandler *save_state, LoadStateHandler *load_state,
                               void *opaque);
SAVEVM_API void unregister_savevm(const char *idstr, void *opaque);

#ifdef EMU_SAVEVM_012
#include "savevm012.h"
#else
typedef int SaveLiveStateHandler(QEMUFile *f, int stage, void *opaque);

/* One registered section; field order as in 0.11. */
typedef struct SaveStateEntry {
    char idstr[256];
    int instance_id;
    int version_id;
    int section_id;
    SaveLiveStateHandler *save_live_state;
    SaveStateHandler *save_state;
    LoadStateHandler *load_state;
    void *opaque;
    struct SaveStateEntry *next;
} SaveStateEntry;

/* Registration order is stream order. */
extern SaveStateEntry *first_se __attribute__((visibility("hidden")));

SAVEVM_API int register_savevm_live(const char *idstr, int instance_id, int version_id,
                                    SaveLiveStateHandler *save_live_state,
                                    SaveStateHandler *save_state,
                                    LoadStateHandler *load_state, void *opaque);

SAVEVM_API int qemu_savevm_state_begin(QEMUFile *f);
SAVEVM_API int qemu_savevm_state_iterate(QEMUFile *f);
SAVEVM_API int qemu_savevm_state_complete(QEMUFile *f);
#endif
SAVEVM_API int qemu_loadvm_state(QEMUFile *f);

/* Diagnostics for tests (not in 0.11): where each FULL section landed. */
typedef void SavevmSectionHook(const SaveStateEntry *se, int64_t offset, int64_t length);
void savevm_set_section_hook(SavevmSectionHook *hook) __attribute__((visibility("hidden")));
/* Hot-unplug, as a device's exit function does it: unregister_savevm with
 * the device's own opaque.  Returns how many sections went (0: no such idstr). */
int savevm_unplug(const char *idstr) __attribute__((visibility("hidden")));

#endif
