/* Release profiles 0.10, 0.11 and emu; see profiles.h. */
#include "profiles.h"

#include <string.h>

/* qemu_fopen_ops: 0.11 takes five callbacks, 0.10 four (no set_rate_limit) */
static ffi_type *fopen_args_011[] = {
    &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer,
    &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer,
};
static ffi_type *fopen_args_010[] = {
    &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer,
    &ffi_type_pointer, &ffi_type_pointer,
};

/* savevm.c: char idstr[256]; int instance_id, version_id, section_id; then
 * save_live_state, save_state, load_state, opaque, next (same in 0.10.6 and 0.11.1) */
#define SE_LAYOUT { .idstr = 0, .instance_id = 256, .version_id = 260, .section_id = 264, \
                    .save_live = 272, .save = 280, .load = 288, .opaque = 296, .next = 304 }

#define SYMBOLS { \
    [SV_FN_REGISTER_LIVE] = "register_savevm_live", \
    [SV_FN_UNREGISTER] = "unregister_savevm", \
    [SV_FN_STATE_COMPLETE] = "qemu_savevm_state_complete", \
    [SV_FN_LOADVM_STATE] = "qemu_loadvm_state", \
    [SV_FN_FOPEN_OPS] = "qemu_fopen_ops", \
    [SV_FN_FCLOSE] = "qemu_fclose", \
    [SV_FN_FFLUSH] = "qemu_fflush", \
    [SV_FN_GET_BUFFER] = "qemu_get_buffer", \
    [SV_FN_PUT_BUFFER] = "qemu_put_buffer", \
    [SV_FN_FTELL] = "qemu_ftell", \
    [SV_FN_HAS_ERROR] = "qemu_file_has_error", \
    [SV_FN_SET_ERROR] = "qemu_file_set_error", \
    [SV_FN_FIRST_SE] = "first_se", \
}

static const struct sv_profile emu = {
    .name = "emu", .desc_release = "emu",
    .marker = "dev_emu_ring", .absent = NULL,       /* the emu's own device table */
    .symbols = SYMBOLS, .fopen_args = fopen_args_011, .fopen_nargs = 6, .se = SE_LAYOUT,
};
static const struct sv_profile r011 = {
    .name = "0.11", .desc_release = "0.11",
    .marker = "qemu_file_set_rate_limit", .absent = NULL,
    /* target-i386/op_helper.c defines it only under TARGET_X86_64 */
    .x86_64_marker = "helper_divq_EAX",
    .symbols = SYMBOLS, .fopen_args = fopen_args_011, .fopen_nargs = 6, .se = SE_LAYOUT,
};
static const struct sv_profile r010 = {
    .name = "0.10", .desc_release = "0.10",
    .marker = "qemu_fopen_ops", .absent = "qemu_file_set_rate_limit",
    .x86_64_marker = "helper_divq_EAX",
    .symbols = SYMBOLS, .fopen_args = fopen_args_010, .fopen_nargs = 5, .se = SE_LAYOUT,
};

static const struct sv_profile *const all[] = { &emu, &r011, &r010 };

const struct sv_profile *const *sv_profiles(size_t *n)
{
    *n = sizeof all / sizeof all[0];
    return all;
}

const struct sv_profile *sv_profile_find(const char *name)
{
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}
