/* The registry of releases and targets; see sv-registry.h. */
#include <config.h>

#include "sv-registry.h"

#include <stdio.h>
#include <string.h>

#include "sv-v3.h"

#define I386 "i386"
#define X86_64 "x86_64"
/* target-i386/op_helper.c defines helper_divq_EAX only under TARGET_X86_64 */
const struct sv_target sv_targets[SV_TGT_COUNT] = {
    [SV_TGT_I386] = { .name = I386, .word_bytes = 4, .marker = NULL },
    [SV_TGT_X86_64] = { .name = X86_64, .word_bytes = 8, .marker = "helper_divq_EAX" },
};
const char *const sv_target_names[SV_TGT_COUNT + 1] = { [SV_TGT_I386] = I386, [SV_TGT_X86_64] = X86_64 };

/* savevm.c of 0.10.6 and 0.11.1: every function by the same name */
#define SYMBOLS_FIRST_SE { \
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
    [SV_FN_HANDLER_LIST] = "first_se", \
}
#define HOOKED (SV_FN_BIT(SV_FN_REGISTER_LIVE) | SV_FN_BIT(SV_FN_UNREGISTER) | \
                SV_FN_BIT(SV_FN_STATE_COMPLETE) | SV_FN_BIT(SV_FN_LOADVM_STATE) | \
                SV_FN_BIT(SV_FN_PUT_BUFFER))
/* char idstr[256]; int instance_id, version_id, section_id; then
 * save_live_state, save_state, load_state, opaque, next (0.10.6 and 0.11.1) */
#define SE_FIRST_SE { .idstr = 0, .instance_id = 256, .version_id = 260, .section_id = 264, \
                      .save_live = 272, .save = 280, .load = 288, .opaque = 296, .next = 304, \
                      .prev = SV_SE_NONE, .set_params = SV_SE_NONE, .vmsd = SV_SE_NONE, .size = 312 }

/* savevm.c's QEMUFile: put_buffer, get_buffer, close, rate_limit, 0.11's
 * set_rate_limit, opaque, int is_write, int64_t buf_offset, ... */
#define QF_010 { .put_buffer = 0, .opaque = 32, .buf_offset = 48 }
#define QF_011 { .put_buffer = 0, .opaque = 40, .buf_offset = 56 }
/* 0.12 adds get_rate_limit (v0.12.3 and qemu-kvm-0.12.1.2 savevm.c) */
#define QF_012 { .put_buffer = 0, .opaque = 48, .buf_offset = 64 }

/* 0.10's qemu_fopen_ops takes four callbacks, 0.11's five (set_rate_limit) */
static const struct sv_abi abi_010 = {
    .symbols = SYMBOLS_FIRST_SE, .hooked = HOOKED, .list = SV_LIST_FIRST_SE,
    .live_sig = SV_LIVE_SIG_FILE, .register_live_args = 7, .fopen_callbacks = 4, .se = SE_FIRST_SE,
    .qf = QF_010,
};
static const struct sv_abi abi_011 = {
    .symbols = SYMBOLS_FIRST_SE, .hooked = HOOKED, .list = SV_LIST_FIRST_SE,
    .live_sig = SV_LIVE_SIG_FILE, .register_live_args = 7, .fopen_callbacks = 5, .se = SE_FIRST_SE,
    .qf = QF_011,
};

/*
 * savevm.c of v0.12.3 and qemu-kvm-0.12.1.2 (the same core but for
 * qemu-kvm's vmstate_info_u64): the handlers are a QTAILQ, register_savevm_live
 * takes set_params, live handlers and the qemu_savevm_state_* functions
 * take the monitor, and vmstate_register links entries of its own.
 */
static const struct sv_vmstate_abi vmstate_012 = {
    .symbols = {
        [SV_VMS_REGISTER] = "vmstate_register",
        [SV_VMS_UNREGISTER] = "vmstate_unregister",
        [SV_VMS_SAVE_STATE] = "vmstate_save_state",
        [SV_VMS_LOAD_STATE] = "vmstate_load_state",
    },
    /* hw/hw.h enum VMStateFlags: VMS_SINGLE .. VMS_MULTIPLY */
    .flags_known = 0x3ff,
    .layout = {
        /* name; int version_id, minimum_version_id, minimum_version_id_old;
         * then load_state_old, pre_load, post_load, pre_save, post_save, fields */
        .desc = { .name = 0, .version_id = 8, .minimum_version_id = 12, .minimum_version_id_old = 16,
                  .load_state_old = 24, .pre_load = 32, .post_load = 40, .pre_save = 48, .post_save = 56,
                  .fields = 64, .size = 72 },
        /* name, offset, size, start; int num; num_offset, size_offset, info;
         * enum flags; vmsd; int version_id; field_exists */
        .field = { .name = 0, .offset = 8, .size = 16, .start = 24, .num = 32, .num_offset = 40,
                   .size_offset = 48, .info = 56, .flags = 64, .vmsd = 72, .version_id = 80,
                   .field_exists = 88, .size_of = 96 },
        .info = { .name = 0, .get = 8, .put = 16, .size = 24 },
    },
};

static const struct sv_abi abi_012 = {
    .symbols = {
        [SV_FN_REGISTER_LIVE] = "register_savevm_live",
        [SV_FN_UNREGISTER] = "unregister_savevm",
        [SV_FN_STATE_COMPLETE] = "qemu_savevm_state_complete",
        [SV_FN_LOADVM_STATE] = "qemu_loadvm_state",
        [SV_FN_FOPEN_OPS] = "qemu_fopen_ops",
        [SV_FN_FCLOSE] = "qemu_fclose",
        [SV_FN_FFLUSH] = "qemu_fflush",
        [SV_FN_GET_BUFFER] = "qemu_get_buffer",
        [SV_FN_PUT_BUFFER] = "qemu_put_buffer",
        [SV_FN_FTELL] = "qemu_ftell",
        [SV_FN_HAS_ERROR] = "qemu_file_has_error",
        [SV_FN_SET_ERROR] = "qemu_file_set_error",
        [SV_FN_HANDLER_LIST] = "savevm_handlers",
    },
    .hooked = HOOKED, .list = SV_LIST_TAILQ, .live_sig = SV_LIVE_SIG_MONITOR,
    /* qemu_fopen_ops: 0.12 adds get_rate_limit (block migration's) */
    .register_live_args = 8, .fopen_callbacks = 6, .state_monitor = 1,
    /* QTAILQ_ENTRY entry (next, prev); char idstr[256]; int instance_id,
     * version_id, section_id; set_params, save_live_state, save_state,
     * load_state, vmsd, opaque */
    .se = { .next = 0, .prev = 8, .idstr = 16, .instance_id = 272, .version_id = 276, .section_id = 280,
            .set_params = 288, .save_live = 296, .save = 304, .load = 312, .vmsd = 320, .opaque = 328,
            .size = 336 },
    .vmstate = &vmstate_012,
    .qf = QF_012,
};

/* vl.c: ram_save_live, v3 */
static const struct sv_live_section live_ram[] = { { "ram", SV_LIVE_RAM, 3, 0 }, { NULL, 0, 0, 0 } };
/* block-migration.c blk_mig_init: "block" v1, which vl.c's main calls
 * always, before it registers ram */
static const struct sv_live_section live_012[] = {
    { "block", SV_LIVE_BLOCK, 1, 1 }, { "ram", SV_LIVE_RAM, 3, 1 }, { NULL, 0, 0, 0 },
};

/* hw/pc.c: the RAM layout (the ram section's size) depends on the machine */
static const char *const machines_010[] = { "pc", "isapc", NULL };
static const char *const machines_011[] = { "pc", "pc-0.11", "pc-0.10", "isapc", NULL };
/* v0.12.3: pc is pc-0.12; qemu-kvm-0.12.1.2: pc is pc-0.11 and there is no pc-0.12 */
static const char *const machines_012[] = { "pc", "pc-0.12", "pc-0.11", "pc-0.10", "isapc", NULL };
static const char *const machines_kvm_012[] = { "pc", "pc-0.11", "pc-0.10", "isapc", NULL };

const struct sv_release sv_releases[SV_REL_COUNT] = {
    [SV_REL_0_10] = {
        .name = "0.10",
        /* savevm.c: qemu_file_set_rate_limit arrived in 0.11 */
        .markers = { "qemu_fopen_ops" }, .absent = "qemu_file_set_rate_limit",
        .by_target = 1, .container_version = SV_V3_VERSION, .abi = &abi_010,
        .live = live_ram, .machines = machines_010,
        /* vl.c: one area of phys_ram_size (v0.10.6 :3214) */
        .ram_size = "phys_ram_size",
    },
    [SV_REL_0_11] = {
        .name = "0.11",
        .markers = { "qemu_file_set_rate_limit" },
        .by_target = 1, .container_version = SV_V3_VERSION, .abi = &abi_011,
        .live = live_ram, .machines = machines_011,
        /* exec.c: the end of the RAMBlock list (v0.11.1 vl.c:3106) */
        .ram_size = "last_ram_offset",
    },
    [SV_REL_EMU] = {
        /* 0.11's core and devices plus the emulator's emu-* devices */
        .name = "emu", .borrows = &sv_releases[SV_REL_0_11],
        .markers = { "qemu_file_set_rate_limit", "dev_emu_ring" },
        .by_target = 0, .container_version = SV_V3_VERSION, .abi = &abi_011,
        .live = live_ram, .machines = NULL,
        .ram_size = "last_ram_offset",
    },
    [SV_REL_0_12] = {
        /* savevm.c: vmstate_register arrived in 0.12; qemu-kvm's savevm.c adds vmstate_info_u64 */
        .name = "0.12",
        .markers = { "qemu_file_set_rate_limit", "vmstate_register" }, .absent = "vmstate_info_u64",
        .by_target = 1, .container_version = SV_V3_VERSION, .abi = &abi_012,
        .live = live_012, .machines = machines_012,
        .ram_size = "last_ram_offset",
    },
    [SV_REL_QEMU_KVM_0_12] = {
        /* 0.12's devices but for cpu v12 and ioapic v2 (descriptors/devices.c) */
        .name = "qemu-kvm-0.12", .borrows = &sv_releases[SV_REL_0_12],
        .markers = { "qemu_file_set_rate_limit", "vmstate_register", "vmstate_info_u64" },
        .by_target = 1, .container_version = SV_V3_VERSION, .abi = &abi_012,
        .live = live_012, .machines = machines_kvm_012,
        .ram_size = "last_ram_offset",
    },
    [SV_REL_EMU_012] = {
        /* the emulator with 0.12's core: 0.11's hand-coded devices and the
         * emu-* ones (through emu), VMState devices described by the binary */
        .name = "emu-0.12", .borrows = &sv_releases[SV_REL_EMU],
        .markers = { "qemu_file_set_rate_limit", "vmstate_register", "dev_emu_ring" },
        .absent = "vmstate_info_u64",
        .by_target = 0, .container_version = SV_V3_VERSION, .abi = &abi_012,
        .live = live_012, .machines = NULL,
        .ram_size = "last_ram_offset",
    },
    [SV_REL_EMU_NEXT] = {
        /* emu's next build (EMU_NEXT): 0.11's core, emu-net v2, emu-disk's
         * layout changed, its RAM blocks moved; only it has emu_net_set_mtu */
        .name = "emu-next", .borrows = &sv_releases[SV_REL_0_11],
        .markers = { "qemu_file_set_rate_limit", "dev_emu_ring", "emu_net_set_mtu" },
        .by_target = 0, .container_version = SV_V3_VERSION, .abi = &abi_011,
        .live = live_ram, .machines = NULL,
        .ram_size = "last_ram_offset",
    },
};

const struct sv_release *sv_release_find(const char *name)
{
    for (int i = 0; name && i < SV_REL_COUNT; i++)
        if (strcmp(sv_releases[i].name, name) == 0)
            return &sv_releases[i];
    return NULL;
}

const struct sv_target *sv_target_find(const char *name)
{
    for (int i = 0; name && i < SV_TGT_COUNT; i++)
        if (strcmp(sv_targets[i].name, name) == 0)
            return &sv_targets[i];
    return NULL;
}

const char *sv_release_names(char *buf, size_t len, const char *sep)
{
    size_t k = 0;

    buf[0] = 0;
    for (int i = 0; i < SV_REL_COUNT && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? sep : "", sv_releases[i].name);
    return buf;
}

const char *sv_target_list(char *buf, size_t len, const char *sep)
{
    size_t k = 0;

    buf[0] = 0;
    for (int i = 0; i < SV_TGT_COUNT && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? sep : "", sv_targets[i].name);
    return buf;
}

unsigned sv_release_tables(const struct sv_release *r)
{
    unsigned mask = 0;

    for (; r; r = r->borrows)
        mask |= SV_REL_BIT(sv_release_id(r));
    return mask;
}

const struct sv_live_section *sv_release_live(const struct sv_release *r, const char *idstr)
{
    for (const struct sv_live_section *l = r->live; l && l->idstr; l++)
        if (strcmp(l->idstr, idstr) == 0)
            return l;
    return NULL;
}

/* How many markers r has; -1 when the binary does not fit r. */
static int fit(const struct sv_release *r, int (*has)(void *, const char *), void *opaque)
{
    int n = 0;

    for (; n < SV_MARKERS_MAX && r->markers[n]; n++)
        if (!has(opaque, r->markers[n]))
            return -1;
    if (n == 0 || (r->absent && has(opaque, r->absent)))
        return -1;
    return n;
}

const struct sv_release *sv_release_recognise(int (*has)(void *opaque, const char *symbol), void *opaque)
{
    const struct sv_release *best = NULL;
    int best_n = -1, tie = 0;

    for (int i = 0; i < SV_REL_COUNT; i++) {
        int n = fit(&sv_releases[i], has, opaque);

        if (n > best_n) {
            best = &sv_releases[i];
            best_n = n;
            tie = 0;
        } else if (n >= 0 && n == best_n) {
            tie = 1;
        }
    }
    return tie ? NULL : best;
}

const struct sv_target *sv_target_recognise(const struct sv_release *r,
                                            int (*has)(void *opaque, const char *symbol), void *opaque)
{
    const struct sv_target *plain = NULL;

    if (!r || !r->by_target)
        return NULL;
    for (int i = 0; i < SV_TGT_COUNT; i++) {
        if (!sv_targets[i].marker)
            plain = &sv_targets[i];
        else if (has(opaque, sv_targets[i].marker))
            return &sv_targets[i];
    }
    return plain;
}

static size_t add_name(const char **names, size_t n, size_t max, const char *name)
{
    if (!name)
        return n;
    for (size_t i = 0; i < n && i < max; i++)
        if (strcmp(names[i], name) == 0)
            return n;
    if (n < max)
        names[n] = name;
    return n + 1;
}

size_t sv_registry_symbols(const char **names, size_t max)
{
    size_t n = 0;

    for (int i = 0; i < SV_REL_COUNT; i++) {
        const struct sv_release *r = &sv_releases[i];

        for (int f = 0; f < SV_FN_COUNT; f++)
            n = add_name(names, n, max, r->abi->symbols[f]);
        for (int f = 0; r->abi->vmstate && f < SV_VMS_FN_COUNT; f++)
            n = add_name(names, n, max, r->abi->vmstate->symbols[f]);
        for (int m = 0; m < SV_MARKERS_MAX; m++)
            n = add_name(names, n, max, r->markers[m]);
        n = add_name(names, n, max, r->absent);
        n = add_name(names, n, max, r->ram_size);
    }
    for (int t = 0; t < SV_TGT_COUNT; t++)
        n = add_name(names, n, max, sv_targets[t].marker);
    return n;
}
