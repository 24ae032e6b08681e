/* State shared by the shim's parts: the config, the profile, the binary's functions. */
#ifndef SV_SHIM_H
#define SV_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "settings.h"
#include "hook.h"
#include "profiles.h"

typedef struct QEMUFile QEMUFile;
typedef void SaveStateHandler(QEMUFile *f, void *opaque);
typedef int SaveLiveStateHandler(QEMUFile *f, int stage, void *opaque);
typedef int LoadStateHandler(QEMUFile *f, void *opaque, int version_id);

/* The binary's own functions, at their run-time addresses. */
struct sv_binary {
    int (*register_live)(const char *idstr, int instance_id, int version_id,
                         SaveLiveStateHandler *save_live, SaveStateHandler *save,
                         LoadStateHandler *load, void *opaque);
    void (*unregister)(const char *idstr, void *opaque);
    int (*state_complete)(QEMUFile *f);
    int (*loadvm_state)(QEMUFile *f);
    void *fopen_ops;                        /* called through libffi (profile) */
    int (*fclose)(QEMUFile *f);
    int (*get_buffer)(QEMUFile *f, uint8_t *buf, int size);
    void (*put_buffer)(QEMUFile *f, const uint8_t *buf, int size);
    int64_t (*ftell)(QEMUFile *f);
    int (*has_error)(QEMUFile *f);
    void **first_se;
};

enum { SV_HOOK_REGISTER, SV_HOOK_UNREGISTER, SV_HOOK_COMPLETE, SV_HOOK_LOADVM, SV_HOOK_COUNT };

struct sv_shim {
    struct sv_config cfg;
    const struct sv_profile *profile;
    const char *target;         /* "i386", "x86_64", or NULL when the release has no target */
    struct sv_binary bin;
    struct sv_hook hooks[SV_HOOK_COUNT];
};

extern struct sv_shim sv_shim;

/* qfile.c: QEMUFiles over memory, made with the binary's qemu_fopen_ops. */
struct sv_membuf {
    uint8_t *data;
    size_t len, cap, pos;
    int failed;
};
int sv_qfile_init(void);
QEMUFile *sv_qfile_writer(struct sv_membuf *m);
QEMUFile *sv_qfile_reader(struct sv_membuf *m);

/* wrap.c: the replacements installed by the hooks. */
int sv_rep_register_live(const char *idstr, int instance_id, int version_id,
                         SaveLiveStateHandler *save_live, SaveStateHandler *save,
                         LoadStateHandler *load, void *opaque);
void sv_rep_unregister(const char *idstr, void *opaque);
int sv_rep_state_complete(QEMUFile *f);
int sv_rep_loadvm_state(QEMUFile *f);

#endif
