/* State shared by the shim's parts: the config, the release, the binary's functions. */
#ifndef SV_SHIM_H
#define SV_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include <ffi.h>

#include "settings.h"
#include "sv-error.h"
#include "hook.h"
#include "sv-registry.h"

struct sv_refs;

typedef struct QEMUFile QEMUFile;
typedef void SaveStateHandler(QEMUFile *f, void *opaque);
typedef int SaveLiveStateHandler(QEMUFile *f, int stage, void *opaque);
typedef int LoadStateHandler(QEMUFile *f, void *opaque, int version_id);

/* The binary's own functions, at their run-time addresses; the hooked ones
 * are called through their trampolines (sv_shim.hooks). */
struct sv_binary {
    void *fopen_ops;                        /* called through libffi (its ABI's arguments) */
    int (*fclose)(QEMUFile *f);
    void (*fflush)(QEMUFile *f);
    int (*get_buffer)(QEMUFile *f, uint8_t *buf, int size);
    void (*put_buffer)(QEMUFile *f, const uint8_t *buf, int size);
    int64_t (*ftell)(QEMUFile *f);
    int (*has_error)(QEMUFile *f);
    void (*set_error)(QEMUFile *f);         /* 0.10.6, 0.11.1: sets the sticky has_error */
    void **first_se;                        /* first_se, or savevm_handlers (its first word: the first) */
    /* 0.12 on: the VMState walker, run on the shim's memory files */
    void (*vms_save_state)(QEMUFile *f, const void *vmsd, void *opaque);
    int (*vms_load_state)(QEMUFile *f, const void *vmsd, void *opaque, int version_id);
    /* the release's ram_size variable (ram_addr_t, 64 bits here); NULL: not found */
    const uint64_t *ram_size;
};

/* The hooks; the last two only where the release has VMState. */
enum {
    SV_HOOK_REGISTER, SV_HOOK_UNREGISTER, SV_HOOK_COMPLETE, SV_HOOK_LOADVM, SV_HOOK_PUT_BUFFER,
    SV_HOOK_VMS_REGISTER, SV_HOOK_VMS_UNREGISTER, SV_HOOK_COUNT
};

/* The executable's load bias and its loaded segments (PF_R/W/X). */
struct sv_exe_map {
    uintptr_t bias;
    struct { uintptr_t lo, hi; int flags; } seg[16];
    int nseg;
};

struct sv_shim {
    struct sv_config cfg;
    struct sv_exe_map exe;
    int sym_source;             /* enum sv_sym_source the savevm functions came from */
    const struct sv_release *release;
    const char *target;         /* a target's name, or NULL when the release has no target */
    struct sv_binary bin;
    struct sv_hook hooks[SV_HOOK_COUNT];
    int nhooks;                 /* SV_HOOK_VMS_REGISTER without VMState */
};

extern struct sv_shim sv_shim;

/*
 * qfile.c: the device's own handlers run on memory QEMUFiles made with the
 * binary's qemu_fopen_ops.  One writer and one reader live for the whole
 * process (a QEMUFile is a 32 KiB buffer the binary zeroes on creation).
 */
int sv_qfile_init(void);
/* Opens the writer now, before a save's stop-and-copy phase (else its first save does). */
void sv_qfile_prepare(void);
/* Runs save on the writer; *bytes (owned by qfile, valid until the next call),
 * or -1 and err when the bytes could not be kept (no memory). */
int sv_qfile_save(SaveStateHandler *save, void *opaque, const uint8_t **bytes, size_t *len,
                  const struct sv_refs **held, struct sv_error *err);
/* With held, the device's long writes (qemu_put_buffer of SV_REF_MIN bytes
 * or more) are not in *bytes but referenced from *held (struct sv_refs, valid
 * as the bytes); sv_qfile_flatten then puts them in their places (-1: no
 * memory).  Without, *bytes holds them.  sv_qfile_put_buffer is the hook
 * on the binary's qemu_put_buffer that keeps them. */
int sv_qfile_flatten(const uint8_t **bytes, size_t *len);
void sv_qfile_put_buffer(QEMUFile *f, const uint8_t *buf, int size);
/* Writes len bytes to the emulator's file f as its qemu_put_buffer would,
 * but handed to the file's put_buffer callback as they are (a NIC's 48 KiB),
 * not copied into its buffer first: the registry's QEMUFile layout, once
 * checked on the shim's own writer (else through qemu_put_buffer). */
void sv_qfile_put_long(QEMUFile *f, const uint8_t *p, int len);
/* Runs load on exactly these bytes: its return value, how far it read, whether
 * it left an error.  After a failure the reader is replaced. */
/* Runs a live section's load on the emulator's own file, whose refills are
 * watched meanwhile: when the stream ends inside the section, die(ctx, why)
 * is called and must not return.  -1 with why when the load fails.  format
 * (enum sv_live_format) is the section's record kind. */
int sv_qfile_load_live(LoadStateHandler *load, void *opaque, int version, int format, QEMUFile *real,
                       void (*die)(void *ctx, const char *why), void *ctx, char *why, size_t whylen);
int sv_qfile_load(LoadStateHandler *load, void *opaque, int version, const uint8_t *bytes, size_t len,
                  int64_t *read, int *ferr);
/* The next n bytes f's load would read, when its buffer holds them (1),
 * without reading them; 0 otherwise. */
int sv_qfile_peek(QEMUFile *f, uint8_t *p, int n);
/* Runs load on a file whose bytes fill(ctx, buf, size) makes as they are
 * asked for (0: no more): its return value, how far it read, whether it
 * left an error. */
int sv_qfile_load_fill(LoadStateHandler *load, void *opaque, int version,
                       int (*fill)(void *ctx, uint8_t *buf, int size), void *ctx, int64_t *read, int *ferr);

/* recognise.c: the release from the symbols a binary has (compat/sv-registry.c). */
struct sv_sym;
struct sv_found {
    const struct sv_sym *syms;
    size_t n;
};
/* The symbol of that name among those looked up (NULL: not looked up). */
const struct sv_sym *sv_found_sym(const struct sv_found *f, const char *name);
/* Found in the binary (a predicate for sv_release_recognise). */
int sv_found_has(void *found, const char *name);
/* The release whose savevm functions the binary has most of. */
const struct sv_release *sv_found_closest(const struct sv_found *f);
/* Why this shim cannot hook a release with that ABI; NULL when it can. */
const char *sv_abi_unsupported(const struct sv_abi *a);

/* wrap.c: the libffi call interfaces of the wrappers, then the shim's own
 * register_savevm_live, unregister_savevm, qemu_savevm_state_complete and
 * qemu_loadvm_state (and 0.12's vmstate_register and vmstate_unregister),
 * which the hooks install in place of the binary's: the variant of each
 * that matches the release's ABI. */
int sv_wrap_init(void);
int sv_shim_register_savevm_live(const char *idstr, int instance_id, int version_id,
                                 SaveLiveStateHandler *save_live, SaveStateHandler *save,
                                 LoadStateHandler *load, void *opaque);
/* 0.12: with set_params (its save_live handlers take the monitor first) */
int sv_shim_register_savevm_live8(const char *idstr, int instance_id, int version_id, void *set_params,
                                  void *save_live, SaveStateHandler *save, LoadStateHandler *load,
                                  void *opaque);
void sv_shim_unregister_savevm(const char *idstr, void *opaque);
int sv_shim_savevm_state_complete(QEMUFile *f);
/* 0.12: the monitor first */
int sv_shim_savevm_state_complete_mon(void *mon, QEMUFile *f);
int sv_shim_loadvm_state(QEMUFile *f);
int sv_shim_vmstate_register(int instance_id, const void *vmsd, void *opaque);
void sv_shim_vmstate_unregister(const void *vmsd, void *opaque);

/* bridge.c: a stream saved by another release (doc/BRIDGING.md, "Under the shim"). */
/* A load starts: nothing known of its stream. */
void sv_shim_bridge_begin(void);
/* The release a device section is to be bridged from (*src; NULL: read as
 * this release's), for a tagged body saved by `profile` (NULL: a legacy
 * body); -1 with err for a release without a bridge here, or one the
 * stream's other sections contradict. */
int sv_shim_bridge_source(const char *profile, const struct sv_release **src, struct sv_error *err);
/* Release src's legacy bytes (freed here) -> this release's (*out, the
 * caller frees them) at *out_version. */
int sv_shim_bridge_section(const struct sv_release *src, const char *idstr, long long instance, uint32_t version,
                           uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len, uint32_t *out_version,
                           struct sv_error *err);
/* The ram section's load: 1 when it is this release's own stream (not
 * handled: the caller runs the load as ever); 0 with the load's result in
 * *ret when its records went through here; -1 with err.  die(ctx, e) must
 * not return: a record that cannot be read or moved. */
int sv_shim_bridge_ram(LoadStateHandler *load, void *opaque, int version, QEMUFile *real,
                       void (*die)(void *ctx, struct sv_error *e), void *ctx, int *ret, struct sv_error *err);
/* A section the load never reached that the stream's release does not
 * save (a live section it has not): no state is missing. */
int sv_shim_bridge_absent_ok(const char *idstr, int live);

/* vmsd.c: a VMState section's descriptor, derived from its description in
 * this process; NULL with why when there is none. */
struct sv_desc;
const struct sv_desc *sv_vmsd_descriptor(const void *vmsd, char *why, size_t whylen);

#endif
