/*
 * The registry of releases and targets (compat/sv-registry.c) against the
 * legacy sources: savevm.c's SaveStateEntry and qemu_fopen_ops, vl.c's ram
 * registration, hw/pc.c's machines, and which functions each release's
 * binary has (recognition).
 */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sv-registry.h"
#include "tap.h"

/* savevm.c of v0.10.6 and v0.11.1, as declared there (x86-64 sizes) */
typedef struct legacy_se {
    char idstr[256];
    int instance_id;
    int version_id;
    int section_id;
    void *save_live_state;
    void *save_state;
    void *load_state;
    void *opaque;
    struct legacy_se *next;
} legacy_se;

/* savevm.c of v0.12.3 and qemu-kvm-0.12.1.2, as declared there */
typedef struct legacy_se_012 {
    struct {
        struct legacy_se_012 *tqe_next;
        struct legacy_se_012 **tqe_prev;
    } entry;
    char idstr[256];
    int instance_id;
    int version_id;
    int section_id;
    void *set_params;
    void *save_live_state;
    void *save_state;
    void *load_state;
    const void *vmsd;
    void *opaque;
} legacy_se_012;

/* hw/hw.h of v0.12.3 (qemu-kvm-0.12.1.2's declares the same) */
typedef struct {
    const char *name;
    void *get, *put;
} legacy_vmstate_info;

typedef struct {
    const char *name;
    size_t offset;
    size_t size;
    size_t start;
    int num;
    size_t num_offset;
    size_t size_offset;
    const legacy_vmstate_info *info;
    enum { LEGACY_VMS_LAST = 0x200 } flags;
    const void *vmsd;
    int version_id;
    void *field_exists;
} legacy_vmstate_field;

typedef struct {
    const char *name;
    int version_id;
    int minimum_version_id;
    int minimum_version_id_old;
    void *load_state_old, *pre_load, *post_load, *pre_save, *post_save;
    legacy_vmstate_field *fields;
} legacy_vmstate_desc;

#define AT(layout, member, type, field) ((layout).member == offsetof(type, field))

/* savevm.c's QEMUFile: v0.10.6 (four callbacks) and v0.11.1 (five), up to its buffer */
typedef struct legacy_qf_010 {
    void *put_buffer, *get_buffer, *close, *rate_limit;
    void *opaque;
    int is_write;
    int64_t buf_offset;
    int buf_index, buf_size;
} legacy_qf_010;
typedef struct legacy_qf_011 {
    void *put_buffer, *get_buffer, *close, *rate_limit, *set_rate_limit;
    void *opaque;
    int is_write;
    int64_t buf_offset;
    int buf_index, buf_size;
} legacy_qf_011;
typedef struct legacy_qf_012 {
    void *put_buffer, *get_buffer, *close, *rate_limit, *set_rate_limit, *get_rate_limit;
    void *opaque;
    int is_write;
    int64_t buf_offset;
    int buf_index, buf_size;
} legacy_qf_012;

/* A binary's symbols, for recognition. */
static int in_list(void *opaque, const char *name)
{
    for (const char *const *s = opaque; *s; s++)
        if (strcmp(*s, name) == 0)
            return 1;
    return 0;
}

static const char *recognised(const char *const *symbols)
{
    const struct sv_release *r = sv_release_recognise(in_list, (void *)symbols);

    return r ? r->name : "(none)";
}

static const char *target_of(const char *release, const char *const *symbols)
{
    const struct sv_target *t = sv_target_recognise(sv_release_find(release), in_list, (void *)symbols);

    return t ? t->name : "(none)";
}

static int machine(const struct sv_release *r, const char *name)
{
    for (const char *const *m = r->machines; m && *m; m++)
        if (strcmp(*m, name) == 0)
            return 1;
    return 0;
}

int main(void)
{
    /* what the release's savevm.c, exec.c and target-i386/op_helper.c define */
    static const char *const bin_010_i386[] = { "qemu_fopen_ops", "register_savevm_live", NULL };
    static const char *const bin_011_i386[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit", NULL };
    static const char *const bin_011_x86_64[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit",
                                                  "helper_divq_EAX", NULL };
    static const char *const bin_010_x86_64[] = { "qemu_fopen_ops", "helper_divq_EAX", NULL };
    static const char *const bin_emu[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit", "dev_emu_ring", NULL };
    static const char *const bin_other[] = { "main", "printf", NULL };
    /* emu/dev-emu-net.c defines emu_net_set_mtu under EMU_NEXT alone */
    static const char *const bin_emu_next[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit", "dev_emu_ring",
                                                "emu_net_set_mtu", NULL };
    static const char *const bin_emu_012[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit", "vmstate_register",
                                               "savevm_handlers", "dev_emu_ring", NULL };
    /* savevm.c of v0.12.3; qemu-kvm-0.12.1.2's also defines vmstate_info_u64 (under __linux__) */
    static const char *const bin_012_i386[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit", "vmstate_register",
                                                "savevm_handlers", NULL };
    static const char *const bin_012_x86_64[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit",
                                                  "vmstate_register", "savevm_handlers", "helper_divq_EAX", NULL };
    static const char *const bin_kvm_x86_64[] = { "qemu_fopen_ops", "qemu_file_set_rate_limit",
                                                  "vmstate_register", "savevm_handlers", "vmstate_info_u64",
                                                  "helper_divq_EAX", NULL };
    const struct sv_release *r010 = sv_release_find("0.10"), *r011 = sv_release_find("0.11");
    const struct sv_release *emu = sv_release_find("emu"), *r012 = sv_release_find("0.12");
    const struct sv_release *kvm = sv_release_find("qemu-kvm-0.12"), *emu012 = sv_release_find("emu-0.12");
    const char *names[SV_REGISTRY_SYMBOLS_MAX];
    char buf[256];
    size_t n;
    int dup = 0, missing = 0;

    tap_init();
    plan_lazy();

    ok(r010 && r011 && emu && r012 && kvm, "the releases 0.10, 0.11, emu, 0.12 and qemu-kvm-0.12 are known");
    if (!r010 || !r011 || !emu || !r012 || !kvm)
        bail("a release is missing");
    ok(!sv_release_find("0.13") && !sv_release_find("qemu-kvm") && !sv_release_find("") &&
       !sv_release_find(NULL), "others are not");
    is_str(sv_release_names(buf, sizeof buf, ", "), "0.10, 0.11, emu, 0.12, qemu-kvm-0.12, emu-0.12, emu-next",
           "the releases, listed in order");
    is_str(sv_target_list(buf, sizeof buf, ", "), "i386, x86_64", "the targets, listed in order");
    ok(!sv_target_find("sparc") && !sv_target_find(NULL), "an unknown target is not found");
    /* target-i386/cpu.h: TARGET_LONG_BITS 64 under TARGET_X86_64, else 32 */
    is_int(sv_target_find("i386")->word_bytes, 4, "i386: target_ulong is 4 bytes");
    is_int(sv_target_find("x86_64")->word_bytes, 8, "x86_64: target_ulong is 8 bytes");
    is_str(sv_target_names[SV_TGT_COUNT - 1], sv_targets[SV_TGT_COUNT - 1].name, "the name list matches");
    ok(sv_target_names[SV_TGT_COUNT] == NULL, "... and is NULL-terminated");

    is_str(recognised(bin_010_i386), "0.10", "a binary without qemu_file_set_rate_limit is 0.10");
    is_str(recognised(bin_011_i386), "0.11", "one with it is 0.11");
    is_str(recognised(bin_emu), "emu", "the emulator is emu, not 0.11");
    is_str(recognised(bin_emu_next), "emu-next", "its next build is emu-next, not emu");
    is_str(recognised(bin_other), "(none)", "a binary without savevm is none");
    is_str(target_of("0.11", bin_011_x86_64), "x86_64", "helper_divq_EAX: x86_64");
    is_str(target_of("0.11", bin_011_i386), "i386", "without it: i386");
    is_str(target_of("0.10", bin_010_x86_64), "x86_64", "0.10 the same");
    is_str(target_of("emu", bin_011_x86_64), "(none)", "the emulator has no target");
    is_str(recognised(bin_012_i386), "0.12", "vmstate_register: 0.12, not 0.11");
    is_str(recognised(bin_kvm_x86_64), "qemu-kvm-0.12", "vmstate_info_u64 too: qemu-kvm-0.12");
    is_str(target_of("0.12", bin_012_x86_64), "x86_64", "0.12: x86_64 by helper_divq_EAX");
    is_str(target_of("qemu-kvm-0.12", bin_kvm_x86_64), "x86_64", "qemu-kvm-0.12 the same");
    is_str(target_of("0.12", bin_012_i386), "i386", "0.12 without it: i386");
    is_str(recognised(bin_emu_012), "emu-0.12", "the emulator's 0.12 build is emu-0.12, not 0.12 or emu");
    is_str(target_of("emu-0.12", bin_012_x86_64), "(none)", "... with no target");
    ok(emu012 && emu012->abi == r012->abi && emu012->borrows == emu &&
       (sv_release_tables(emu012) & SV_REL_BIT(SV_REL_0_11)) && sv_release_live(emu012, "block"),
       "emu-0.12: 0.12's core, the emulator's and 0.11's tables, the block section");

    ok((sv_release_tables(emu) & SV_REL_BIT(SV_REL_0_11)) && emu->borrows == r011,
       "emu reads 0.11's tables");
    ok(!(sv_release_tables(r011) & SV_REL_BIT(SV_REL_EMU)) && sv_release_tables(r010) == SV_REL_BIT(SV_REL_0_10),
       "0.10 and 0.11 read only their own");
    ok(kvm->borrows == r012 && sv_release_tables(r012) == SV_REL_BIT(SV_REL_0_12),
       "qemu-kvm-0.12 reads 0.12's tables, 0.12 only its own");

    /* savevm.c: qemu_fopen_ops(opaque, put, get, close, rate_limit[, set_rate_limit]) */
    is_int(r010->abi->fopen_callbacks, 4, "0.10: qemu_fopen_ops takes four callbacks");
    is_int(r011->abi->fopen_callbacks, 5, "0.11: five");
    is_int(emu->abi->fopen_callbacks, 5, "emu: as 0.11");
    ok(r010->abi->qf.put_buffer == offsetof(legacy_qf_010, put_buffer) &&
       r010->abi->qf.opaque == offsetof(legacy_qf_010, opaque) &&
       r010->abi->qf.buf_offset == offsetof(legacy_qf_010, buf_offset), "0.10: QEMUFile as savevm.c declares it");
    for (const struct sv_release *r11 = r011; r11; r11 = r11 == r011 ? emu : NULL)
        ok(r11->abi->qf.put_buffer == offsetof(legacy_qf_011, put_buffer) &&
           r11->abi->qf.opaque == offsetof(legacy_qf_011, opaque) &&
           r11->abi->qf.buf_offset == offsetof(legacy_qf_011, buf_offset), "%s: QEMUFile as 0.11's savevm.c declares it",
           r11->name);
    /* v0.12.3 and qemu-kvm-0.12.1.2 savevm.c: get_rate_limit added */
    for (int i = 0; i < SV_REL_COUNT; i++)
        if (sv_releases[i].abi->fopen_callbacks == 6)
            ok(sv_releases[i].abi->qf.put_buffer == offsetof(legacy_qf_012, put_buffer) &&
               sv_releases[i].abi->qf.opaque == offsetof(legacy_qf_012, opaque) &&
               sv_releases[i].abi->qf.buf_offset == offsetof(legacy_qf_012, buf_offset),
               "%s: QEMUFile as 0.12's savevm.c declares it", sv_releases[i].name);
    for (int i = 0; i < SV_REL_COUNT; i++) {
        const struct sv_abi *a = sv_releases[i].abi;
        const struct sv_se_layout *se = &a->se;

        is_int(sv_releases[i].container_version, 3, "%s: writes the v3 container", sv_releases[i].name);
        if (a->list != SV_LIST_FIRST_SE)
            continue;
        ok(se->prev == SV_SE_NONE && se->set_params == SV_SE_NONE && se->vmsd == SV_SE_NONE &&
           se->size == sizeof(legacy_se) && !a->vmstate && !a->state_monitor,
           "%s: no set_params, vmsd or VMState", sv_releases[i].name);
        ok(se->idstr == offsetof(legacy_se, idstr) && se->instance_id == offsetof(legacy_se, instance_id) &&
           se->version_id == offsetof(legacy_se, version_id) &&
           se->section_id == offsetof(legacy_se, section_id) &&
           se->save_live == offsetof(legacy_se, save_live_state) && se->save == offsetof(legacy_se, save_state) &&
           se->load == offsetof(legacy_se, load_state) && se->opaque == offsetof(legacy_se, opaque) &&
           se->next == offsetof(legacy_se, next), "%s: SaveStateEntry as savevm.c declares it",
           sv_releases[i].name);
        ok(a->list == SV_LIST_FIRST_SE && strcmp(a->symbols[SV_FN_HANDLER_LIST], "first_se") == 0 &&
           a->register_live_args == 7 && a->live_sig == SV_LIVE_SIG_FILE,
           "%s: first_se, a 7-argument register_savevm_live", sv_releases[i].name);
    }
    for (const struct sv_release *const *rp = (const struct sv_release *const[]){ r012, kvm, emu012, NULL }; *rp;
         rp++) {
        const struct sv_abi *a = (*rp)->abi;
        const struct sv_se_layout *se = &a->se;
        const struct sv_vmstate_layout *l = a->vmstate ? &a->vmstate->layout : NULL;
        const char *rn = (*rp)->name;

        ok(a->list == SV_LIST_TAILQ && strcmp(a->symbols[SV_FN_HANDLER_LIST], "savevm_handlers") == 0,
           "%s: the QTAILQ savevm_handlers", rn);
        ok(a->register_live_args == 8 && a->live_sig == SV_LIVE_SIG_MONITOR && a->state_monitor,
           "%s: register_savevm_live with set_params, the monitor in live handlers and qemu_savevm_state_*", rn);
        /* savevm.c of both: qemu_fopen_ops(..., set_rate_limit, get_rate_limit) */
        is_int(a->fopen_callbacks, 6, "%s: qemu_fopen_ops takes six callbacks", rn);
        ok(AT(*se, next, legacy_se_012, entry.tqe_next) && AT(*se, prev, legacy_se_012, entry.tqe_prev) &&
           AT(*se, idstr, legacy_se_012, idstr) && AT(*se, instance_id, legacy_se_012, instance_id) &&
           AT(*se, version_id, legacy_se_012, version_id) && AT(*se, section_id, legacy_se_012, section_id) &&
           AT(*se, set_params, legacy_se_012, set_params) && AT(*se, save_live, legacy_se_012, save_live_state) &&
           AT(*se, save, legacy_se_012, save_state) && AT(*se, load, legacy_se_012, load_state) &&
           AT(*se, vmsd, legacy_se_012, vmsd) && AT(*se, opaque, legacy_se_012, opaque) &&
           se->size == sizeof(legacy_se_012), "%s: SaveStateEntry as savevm.c declares it", rn);
        ok(l != NULL, "%s: has VMState", rn);
        if (!l)
            continue;
        ok(strcmp(a->vmstate->symbols[SV_VMS_REGISTER], "vmstate_register") == 0 &&
           strcmp(a->vmstate->symbols[SV_VMS_UNREGISTER], "vmstate_unregister") == 0 &&
           strcmp(a->vmstate->symbols[SV_VMS_SAVE_STATE], "vmstate_save_state") == 0 &&
           strcmp(a->vmstate->symbols[SV_VMS_LOAD_STATE], "vmstate_load_state") == 0,
           "%s: vmstate_register, _unregister, _save_state, _load_state", rn);
        is_int(a->vmstate->flags_known, 0x3ff, "%s: the flags VMS_SINGLE (0x001) to VMS_MULTIPLY (0x200)", rn);
        ok(AT(l->desc, name, legacy_vmstate_desc, name) && AT(l->desc, version_id, legacy_vmstate_desc, version_id) &&
           AT(l->desc, minimum_version_id, legacy_vmstate_desc, minimum_version_id) &&
           AT(l->desc, minimum_version_id_old, legacy_vmstate_desc, minimum_version_id_old) &&
           AT(l->desc, load_state_old, legacy_vmstate_desc, load_state_old) &&
           AT(l->desc, pre_load, legacy_vmstate_desc, pre_load) && AT(l->desc, post_load, legacy_vmstate_desc, post_load) &&
           AT(l->desc, pre_save, legacy_vmstate_desc, pre_save) && AT(l->desc, post_save, legacy_vmstate_desc, post_save) &&
           AT(l->desc, fields, legacy_vmstate_desc, fields) && l->desc.size == sizeof(legacy_vmstate_desc),
           "%s: VMStateDescription as hw/hw.h declares it", rn);
        ok(AT(l->field, name, legacy_vmstate_field, name) && AT(l->field, offset, legacy_vmstate_field, offset) &&
           AT(l->field, size, legacy_vmstate_field, size) && AT(l->field, start, legacy_vmstate_field, start) &&
           AT(l->field, num, legacy_vmstate_field, num) && AT(l->field, num_offset, legacy_vmstate_field, num_offset) &&
           AT(l->field, size_offset, legacy_vmstate_field, size_offset) &&
           AT(l->field, info, legacy_vmstate_field, info) && AT(l->field, flags, legacy_vmstate_field, flags) &&
           AT(l->field, vmsd, legacy_vmstate_field, vmsd) && AT(l->field, version_id, legacy_vmstate_field, version_id) &&
           AT(l->field, field_exists, legacy_vmstate_field, field_exists) &&
           l->field.size_of == sizeof(legacy_vmstate_field), "%s: VMStateField as hw/hw.h declares it", rn);
        ok(AT(l->info, name, legacy_vmstate_info, name) && AT(l->info, get, legacy_vmstate_info, get) &&
           AT(l->info, put, legacy_vmstate_info, put) && l->info.size == sizeof(legacy_vmstate_info),
           "%s: VMStateInfo as hw/hw.h declares it", rn);
    }
    ok(!r011->abi->vmstate && !emu->abi->vmstate, "0.11 and emu have no VMState");

    /* vl.c: register_savevm_live("ram", 0, 3, ...) */
    ok(sv_release_live(r011, "ram") && sv_release_live(r011, "ram")->format == SV_LIVE_RAM &&
       sv_release_live(r011, "ram")->version == 3, "0.11's live ram section, v3");
    ok(sv_release_live(r010, "ram") && sv_release_live(emu, "ram"), "0.10 and emu have it too");
    ok(!sv_release_live(r011, "block") && !sv_release_live(r011, "timer"), "no other live section");
    /* block-migration.c: register_savevm_live("block", 0, 1, ...) */
    ok(sv_release_live(r012, "block") && sv_release_live(r012, "block")->format == SV_LIVE_BLOCK &&
       sv_release_live(r012, "block")->version == 1, "0.12's live block section, v1");
    ok(sv_release_live(kvm, "block") && sv_release_live(kvm, "ram") && sv_release_live(r012, "ram") &&
       sv_release_live(r012, "ram")->version == 3, "qemu-kvm-0.12 has it too, and both ram v3");

    /* hw/pc.c */
    ok(machine(r010, "pc") && machine(r010, "isapc") && !machine(r010, "pc-0.10"), "0.10: pc, isapc");
    ok(machine(r011, "pc-0.11") && machine(r011, "pc-0.10") && machine(r011, "isapc"),
       "0.11: pc-0.11, pc-0.10, isapc");
    ok(machine(r012, "pc-0.12") && machine(r012, "pc-0.11") && machine(r012, "pc-0.10") && machine(r012, "isapc"),
       "0.12: pc-0.12, pc-0.11, pc-0.10, isapc");
    ok(!machine(kvm, "pc-0.12") && machine(kvm, "pc-0.11") && machine(kvm, "pc-0.10"),
       "qemu-kvm-0.12: pc is pc-0.11, no pc-0.12");

    n = sv_registry_symbols(names, SV_REGISTRY_SYMBOLS_MAX);
    ok(n > 0 && n <= SV_REGISTRY_SYMBOLS_MAX, "the symbols recognition needs fit (%zu)", n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            dup += strcmp(names[i], names[k]) == 0;
    for (int i = 0; i < SV_REL_COUNT; i++) {
        for (int f = 0; f < SV_FN_COUNT; f++) {
            size_t k = 0;

            while (k < n && strcmp(names[k], sv_releases[i].abi->symbols[f]) != 0)
                k++;
            missing += k == n;
        }
        for (int f = 0; sv_releases[i].abi->vmstate && f < SV_VMS_FN_COUNT; f++) {
            size_t k = 0;

            while (k < n && strcmp(names[k], sv_releases[i].abi->vmstate->symbols[f]) != 0)
                k++;
            missing += k == n;
        }
    }
    is_int(dup, 0, "each once");
    is_int(missing, 0, "every release's functions among them");
    return 0;
}
