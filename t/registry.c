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
    const struct sv_release *r010 = sv_release_find("0.10"), *r011 = sv_release_find("0.11");
    const struct sv_release *emu = sv_release_find("emu");
    const char *names[SV_REGISTRY_SYMBOLS_MAX];
    char buf[256];
    size_t n;
    int dup = 0, missing = 0;

    tap_init();
    plan_lazy();

    ok(r010 && r011 && emu, "the releases 0.10, 0.11 and emu are known");
    if (!r010 || !r011 || !emu)
        bail("a release is missing");
    ok(!sv_release_find("0.12") && !sv_release_find("") && !sv_release_find(NULL), "others are not");
    is_str(sv_release_names(buf, sizeof buf, ", "), "0.10, 0.11, emu", "the releases, listed in order");
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
    is_str(recognised(bin_other), "(none)", "a binary without savevm is none");
    is_str(target_of("0.11", bin_011_x86_64), "x86_64", "helper_divq_EAX: x86_64");
    is_str(target_of("0.11", bin_011_i386), "i386", "without it: i386");
    is_str(target_of("0.10", bin_010_x86_64), "x86_64", "0.10 the same");
    is_str(target_of("emu", bin_011_x86_64), "(none)", "the emulator has no target");

    ok((sv_release_tables(emu) & SV_REL_BIT(SV_REL_0_11)) && emu->borrows == r011,
       "emu reads 0.11's tables");
    ok(!(sv_release_tables(r011) & SV_REL_BIT(SV_REL_EMU)) && sv_release_tables(r010) == SV_REL_BIT(SV_REL_0_10),
       "0.10 and 0.11 read only their own");

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
    for (int i = 0; i < SV_REL_COUNT; i++) {
        const struct sv_abi *a = sv_releases[i].abi;
        const struct sv_se_layout *se = &a->se;

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
        is_int(sv_releases[i].container_version, 3, "%s: writes the v3 container", sv_releases[i].name);
    }

    /* vl.c: register_savevm_live("ram", 0, 3, ...) */
    ok(sv_release_live(r011, "ram") && sv_release_live(r011, "ram")->format == SV_LIVE_RAM &&
       sv_release_live(r011, "ram")->version == 3, "0.11's live ram section, v3");
    ok(sv_release_live(r010, "ram") && sv_release_live(emu, "ram"), "0.10 and emu have it too");
    ok(!sv_release_live(r011, "block") && !sv_release_live(r011, "timer"), "no other live section");

    /* hw/pc.c */
    ok(machine(r010, "pc") && machine(r010, "isapc") && !machine(r010, "pc-0.10"), "0.10: pc, isapc");
    ok(machine(r011, "pc-0.11") && machine(r011, "pc-0.10") && machine(r011, "isapc"),
       "0.11: pc-0.11, pc-0.10, isapc");

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
    }
    is_int(dup, 0, "each once");
    is_int(missing, 0, "every release's functions among them");
    return 0;
}
