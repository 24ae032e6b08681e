/*
 * What differs per legacy release, as data: the functions the shim finds
 * and calls, qemu_fopen_ops's argument list, the SaveStateEntry layout,
 * and how the release is recognised in a binary.
 */
#ifndef SV_PROFILES_H
#define SV_PROFILES_H

#include <stddef.h>

#include <ffi.h>

/* Indexes into a profile's symbol list. */
enum sv_fn {
    SV_FN_REGISTER_LIVE,    /* hooked: wraps each device's handlers */
    SV_FN_UNREGISTER,       /* hooked: frees the wrappers */
    SV_FN_STATE_COMPLETE,   /* hooked: legacy versions in headers for SAVEVM_SHIM_FORMAT=legacy */
    SV_FN_LOADVM_STATE,     /* hooked: load start/end in the log; a failed load ends the process */
    SV_FN_FOPEN_OPS,
    SV_FN_FCLOSE,
    SV_FN_FFLUSH,
    SV_FN_GET_BUFFER,
    SV_FN_PUT_BUFFER,
    SV_FN_FTELL,
    SV_FN_HAS_ERROR,
    SV_FN_SET_ERROR,        /* a save the shim cannot complete fails as that save */
    SV_FN_FIRST_SE,         /* the handler list head (static SaveStateEntry *first_se) */
    SV_FN_COUNT
};

struct sv_se_layout {       /* offsets in struct SaveStateEntry on x86-64 */
    size_t idstr, instance_id, version_id, section_id, save_live, save, load, opaque, next;
};

struct sv_profile {
    const char *name;               /* "0.10", "0.11", "emu" */
    const char *desc_release;       /* the descriptor set it reads and writes */
    const char *marker;             /* recognised when this symbol exists ... */
    const char *absent;             /* ... and this one does not (NULL: no test) */
    const char *x86_64_marker;      /* present only in x86_64-softmmu (NULL: no target) */
    const char *symbols[SV_FN_COUNT];
    ffi_type **fopen_args;          /* qemu_fopen_ops(opaque, callbacks...) */
    unsigned fopen_nargs;
    struct sv_se_layout se;
};

const struct sv_profile *sv_profile_find(const char *name);
/* The profiles in the order they are tried when recognising a binary. */
const struct sv_profile *const *sv_profiles(size_t *n);

#endif
