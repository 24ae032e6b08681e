/* legacy-emu is built like a legacy release: the savevm API is internal
 * (not in .dynsym, hidden, local in .symtab), reached by direct calls,
 * never through the PLT; the stripped build finds its debug info by
 * .gnu_debuglink and by build id; none of the builds is a script.  The
 * 0.12 build has 0.12's functions and data objects by 0.12's names. */
#include <config.h>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu-run.h"
#include "tap.h"

static const char *const api[] = {
    "register_savevm", "register_savevm_live", "unregister_savevm", "qemu_fopen_ops",
    "qemu_fclose", "qemu_put_buffer", "qemu_get_buffer", "qemu_put_byte", "qemu_get_byte",
    "qemu_put_be16", "qemu_put_be32", "qemu_put_be64", "qemu_get_be16", "qemu_get_be32",
    "qemu_get_be64", "qemu_ftell", "qemu_file_set_error", "qemu_file_has_error",
    "qemu_savevm_state_begin", "qemu_savevm_state_iterate", "qemu_savevm_state_complete",
    "qemu_loadvm_state",
};
#define N_API (sizeof api / sizeof api[0])

/* 0.12.3's savevm.c: the VMState functions and the infos (data) */
static const char *const api_012[] = {
    "vmstate_register", "vmstate_unregister", "vmstate_save_state", "vmstate_load_state",
    "qemu_savevm_state_cancel", "qemu_file_get_rate_limit",
};
static const char *const infos_012[] = {
    "vmstate_info_int8", "vmstate_info_int16", "vmstate_info_int32", "vmstate_info_int64",
    "vmstate_info_uint8_equal", "vmstate_info_uint16_equal", "vmstate_info_int32_equal",
    "vmstate_info_int32_le", "vmstate_info_uint8", "vmstate_info_uint16", "vmstate_info_uint32",
    "vmstate_info_uint64", "vmstate_info_timer", "vmstate_info_buffer", "vmstate_info_unused_buffer",
};

struct elf_file {
    int fd;
    Elf *elf;
    GElf_Ehdr eh;
};

static int elf_open(struct elf_file *e, const char *path)
{
    e->fd = open(path, O_RDONLY);
    e->elf = e->fd >= 0 ? elf_begin(e->fd, ELF_C_READ, NULL) : NULL;
    return e->elf && gelf_getehdr(e->elf, &e->eh) ? 0 : -1;
}

static void elf_close(struct elf_file *e)
{
    if (e->elf)
        elf_end(e->elf);
    if (e->fd >= 0)
        close(e->fd);
}

static Elf_Scn *section(struct elf_file *e, const char *name, GElf_Shdr *sh)
{
    size_t shstrndx;
    Elf_Scn *scn = NULL;

    if (elf_getshdrstrndx(e->elf, &shstrndx) != 0)
        return NULL;
    while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
        const char *n;

        gelf_getshdr(scn, sh);
        n = elf_strptr(e->elf, shstrndx, sh->sh_name);
        if (n && strcmp(n, name) == 0)
            return scn;
    }
    return NULL;
}

/* Looks a symbol up in .symtab or .dynsym; 1 if found. */
static int find_symbol(struct elf_file *e, const char *table, const char *name, GElf_Sym *out)
{
    GElf_Shdr sh;
    Elf_Scn *scn = section(e, table, &sh);
    Elf_Data *d;

    if (!scn || !(d = elf_getdata(scn, NULL)))
        return 0;
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
        GElf_Sym sym;
        const char *n;

        gelf_getsym(d, (int)i, &sym);
        n = elf_strptr(e->elf, sh.sh_link, sym.st_name);
        if (n && strcmp(n, name) == 0) {
            *out = sym;
            return 1;
        }
    }
    return 0;
}

/* The bytes of .text, and its address. */
static const uint8_t *text(struct elf_file *e, GElf_Addr *addr, size_t *len)
{
    GElf_Shdr sh;
    Elf_Scn *scn = section(e, ".text", &sh);
    Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

    if (!d)
        return NULL;
    *addr = sh.sh_addr;
    *len = d->d_size;
    return d->d_buf;
}

/* Direct call (e8) or jump (e9) sites in [from, from+len) aimed at target. */
static int count_branches(const uint8_t *t, GElf_Addr base, size_t tlen, GElf_Addr from,
                          size_t len, GElf_Addr target)
{
    int n = 0;

    if (from < base || from + len > base + tlen)
        return 0;
    for (size_t i = from - base; i + 5 <= from - base + len; i++) {
        int32_t rel;

        if (t[i] != 0xe8 && t[i] != 0xe9)
            continue;
        rel = (int32_t)((uint32_t)t[i + 1] | (uint32_t)t[i + 2] << 8 | (uint32_t)t[i + 3] << 16 |
                        (uint32_t)t[i + 4] << 24);
        if (base + i + 5 + (GElf_Addr)(int64_t)rel == target)
            n++;
    }
    return n;
}

static void check_not_exported(const char *path, const char *what)
{
    /* SV_NM may carry options (libtool's "nm -B") */
    char *nm = strdup(tap_env("SV_NM")), *save = NULL;
    const char *argv[8];
    struct er_result r;
    struct elf_file e;
    int found = 0, n = 0;

    for (char *w = strtok_r(nm, " ", &save); w && n < 5; w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    argv[n++] = "-D";
    argv[n++] = path;
    argv[n] = NULL;
    er_run(argv, &r);
    free(nm);
    ok(r.status == 0 && strstr(r.out, "savevm") == NULL && strstr(r.out, "qemu_") == NULL,
       "%s: nm -D shows no savevm API", what);
    er_run_free(&r);
    if (elf_open(&e, path) != 0)
        bail("%s: not an ELF file", path);
    for (size_t i = 0; i < N_API; i++) {
        GElf_Sym s;

        found += find_symbol(&e, ".dynsym", api[i], &s);
    }
    is_int(found, 0, "%s: no API symbol in .dynsym", what);
    {
        GElf_Shdr sh;

        ok(section(&e, ".interp", &sh) != NULL && section(&e, ".dynamic", &sh) != NULL,
           "%s: a dynamically linked executable", what);
    }
    elf_close(&e);
}

/* Local, or global with hidden visibility (today's ld keeps that binding) */
static int is_internal(const GElf_Sym *sym)
{
    return GELF_ST_BIND(sym->st_info) == STB_LOCAL ||
           GELF_ST_VISIBILITY(sym->st_other) == STV_HIDDEN;
}

/* code: the binary whose .text is checked; syms: where its symbols are;
 * list: the name of its SaveStateEntry list */
static void check_internal_and_direct(const char *code, const char *syms, const char *what,
                                      const char *list)
{
    struct elf_file c, s;
    GElf_Sym sym, reg, live;
    GElf_Addr base;
    size_t tlen;
    const uint8_t *t;
    int good = 0;

    if (elf_open(&c, code) != 0 || elf_open(&s, syms) != 0)
        bail("%s: cannot read %s or %s", what, code, syms);
    for (size_t i = 0; i < N_API; i++)
        if (find_symbol(&s, ".symtab", api[i], &sym) && GELF_ST_TYPE(sym.st_info) == STT_FUNC &&
            sym.st_size > 0 && is_internal(&sym))
            good++;
        else
            diag("%s: %s missing, not a function, exported or empty", what, api[i]);
    is_int(good, (long long)N_API, "%s: every API function is an internal, sized FUNC in .symtab",
           what);
    ok(find_symbol(&s, ".symtab", list, &sym) && GELF_ST_TYPE(sym.st_info) == STT_OBJECT &&
       is_internal(&sym), "%s: %s is in .symtab, internal", what, list);

    t = text(&c, &base, &tlen);
    if (!t || !find_symbol(&s, ".symtab", "register_savevm", &reg) ||
        !find_symbol(&s, ".symtab", "register_savevm_live", &live)) {
        ok(0, "%s: .text and the register functions", what);
        ok(0, "%s: direct calls", what);
    } else {
        int n = count_branches(t, base, tlen, reg.st_value, reg.st_size, live.st_value);
        int callers = count_branches(t, base, tlen, base, tlen, reg.st_value);

        ok(n >= 1, "%s: register_savevm calls or jumps to register_savevm_live directly", what);
        ok(callers >= 10, "%s: %d direct call sites of register_savevm", what, callers);
    }
    {
        GElf_Shdr sh;
        Elf_Scn *scn = section(&c, ".rela.plt", &sh);
        Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
        int via_plt = 0;

        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Rela rela;
            GElf_Sym ds;
            GElf_Shdr dsh;
            Elf_Scn *dyn = section(&c, ".dynsym", &dsh);
            Elf_Data *dd = dyn ? elf_getdata(dyn, NULL) : NULL;
            const char *n;

            gelf_getrela(d, (int)i, &rela);
            if (!dd || !gelf_getsym(dd, (int)GELF_R_SYM(rela.r_info), &ds))
                continue;
            n = elf_strptr(c.elf, dsh.sh_link, ds.st_name);
            via_plt += n && (strstr(n, "savevm") || strncmp(n, "qemu_", 5) == 0);
        }
        is_int(via_plt, 0, "%s: no savevm API through the PLT", what);
    }
    elf_close(&c);
    elf_close(&s);
}

static void check_012(const char *path)
{
    struct elf_file e;
    GElf_Sym sym;
    int good = 0;

    check_not_exported(path, "legacy-emu-012");
    check_internal_and_direct(path, path, "legacy-emu-012", "savevm_handlers");
    if (elf_open(&e, path) != 0)
        bail("%s: not an ELF file", path);
    is_int(e.eh.e_type, ET_EXEC, "legacy-emu-012: not PIE");
    for (size_t i = 0; i < sizeof api_012 / sizeof api_012[0]; i++)
        if (find_symbol(&e, ".symtab", api_012[i], &sym) && GELF_ST_TYPE(sym.st_info) == STT_FUNC &&
            sym.st_size > 0 && is_internal(&sym))
            good++;
        else
            diag("legacy-emu-012: %s missing, not a function, exported or empty", api_012[i]);
    is_int(good, (long long)(sizeof api_012 / sizeof api_012[0]),
           "legacy-emu-012: 0.12's VMState functions are internal, sized FUNCs");
    good = 0;
    for (size_t i = 0; i < sizeof infos_012 / sizeof infos_012[0]; i++)
        if (find_symbol(&e, ".symtab", infos_012[i], &sym) && GELF_ST_TYPE(sym.st_info) == STT_OBJECT &&
            sym.st_size == 24 && is_internal(&sym))
            good++;
        else
            diag("legacy-emu-012: %s missing or not a 24-byte object", infos_012[i]);
    is_int(good, (long long)(sizeof infos_012 / sizeof infos_012[0]),
           "legacy-emu-012: every 0.12 VMStateInfo is a 24-byte object by its 0.12 name");
    ok(!find_symbol(&e, ".symtab", "first_se", &sym), "legacy-emu-012: no first_se");
    elf_close(&e);
}

static int is_elf_file(const char *path)
{
    uint8_t magic[4] = { 0 };
    FILE *f = fopen(path, "rb");
    int ok_ = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "\177ELF", 4) == 0;

    if (f)
        fclose(f);
    return ok_;
}

static void build_id(struct elf_file *e, char *hex, size_t n)
{
    GElf_Shdr sh;
    Elf_Scn *scn = section(e, ".note.gnu.build-id", &sh);
    Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
    GElf_Nhdr nh;
    size_t name_off, desc_off;

    hex[0] = 0;
    if (!d || gelf_getnote(d, 0, &nh, &name_off, &desc_off) == 0 || nh.n_type != NT_GNU_BUILD_ID)
        return;
    for (size_t i = 0; i < nh.n_descsz && 2 * i + 3 <= n; i++)
        snprintf(hex + 2 * i, 3, "%02x", ((const uint8_t *)d->d_buf)[desc_off + i]);
}

static void check_stripped(const char *path, const char *debug_dir)
{
    struct elf_file e, dbg;
    GElf_Shdr sh;
    GElf_Sym sym;
    char id[128], dbg_id[128], beside[4096], by_id[4096];
    Elf_Scn *link;

    if (elf_open(&e, path) != 0)
        bail("%s: not an ELF file", path);
    ok(section(&e, ".symtab", &sh) == NULL, "stripped: no .symtab");
    is_int(e.eh.e_type, ET_EXEC, "stripped: not PIE");
    link = section(&e, ".gnu_debuglink", &sh);
    ok(link != NULL, "stripped: has .gnu_debuglink");
    if (link) {
        Elf_Data *d = elf_getdata(link, NULL);

        is_str(d ? (const char *)d->d_buf : NULL, "legacy-emu-stripped.debug",
               "stripped: debuglink names legacy-emu-stripped.debug");
    } else {
        ok(0, "stripped: debuglink name");
    }
    build_id(&e, id, sizeof id);
    ok(strlen(id) >= 8, "stripped: has a build id (%s)", id);

    snprintf(beside, sizeof beside, "%s.debug", path);
    snprintf(by_id, sizeof by_id, "%s/.build-id/%.2s/%s.debug", debug_dir, id, id + 2);
    ok(access(beside, R_OK) == 0, "debug file beside the binary");
    ok(access(by_id, R_OK) == 0, "debug file under the debug dir by build id: %s", by_id);
    if (elf_open(&dbg, by_id) == 0) {
        build_id(&dbg, dbg_id, sizeof dbg_id);
        is_str(dbg_id, id, "the debug file has the same build id");
        ok(find_symbol(&dbg, ".symtab", "register_savevm_live", &sym) && sym.st_value != 0,
           "the debug file has the symbols");
        elf_close(&dbg);
        check_internal_and_direct(path, by_id, "stripped + debug file", "first_se");
    } else {
        ok(0, "debug file readable");
    }
    elf_close(&e);
}

/* 0.11.1 ignores an LD_PRELOADed register_savevm; so must every build. */
static void check_preload(const char *emu, const char *what)
{
    char lib[4096];
    const char *argv[] = { emu, "--save", er_scratch("preload.sv"), NULL };
    struct er_result r;

    snprintf(lib, sizeof lib, "%s/t/emu-preload.so", tap_env("SV_TOP_BUILDDIR"));
    setenv("LD_PRELOAD", lib, 1);
    setenv("ASAN_OPTIONS", "verify_asan_link_order=0", 1);     /* preload before libasan */
    er_run(argv, &r);
    unsetenv("LD_PRELOAD");
    unsetenv("ASAN_OPTIONS");
    is_int(r.status, 0, "%s: saves with a preloaded register_savevm", what);
    like(r.err, "emu-preload: loaded", "%s: the preload library was loaded", what);
    ok(strstr(r.err, "register_savevm(") == NULL, "%s: and its register_savevm never called", what);
    er_run_free(&r);
}

int main(void)
{
    const char *plain, *pie, *stripped, *debug_dir;
    struct elf_file e;

    tap_init();
    plan_lazy();
    plain = tap_env("SV_EMU");
    pie = tap_env("SV_EMU_PIE");
    stripped = tap_env("SV_EMU_STRIPPED");
    debug_dir = tap_env("SV_EMU_DEBUG_DIR");
    if (elf_version(EV_CURRENT) == EV_NONE)
        bail("libelf: %s", elf_errmsg(-1));

    ok(is_elf_file(plain) && is_elf_file(pie) && is_elf_file(stripped),
       "all three builds are ELF executables, not wrapper scripts");

    if (elf_open(&e, plain) != 0)
        bail("%s", plain);
    is_int(e.eh.e_type, ET_EXEC, "legacy-emu: not PIE");
    elf_close(&e);
    if (elf_open(&e, pie) != 0)
        bail("%s", pie);
    is_int(e.eh.e_type, ET_DYN, "legacy-emu-pie: PIE");
    elf_close(&e);

    check_not_exported(plain, "legacy-emu");
    check_not_exported(pie, "legacy-emu-pie");
    check_not_exported(stripped, "legacy-emu-stripped");
    check_internal_and_direct(plain, plain, "legacy-emu", "first_se");
    check_internal_and_direct(pie, pie, "legacy-emu-pie", "first_se");
    check_012(tap_env("SV_EMU_012"));
    check_stripped(stripped, debug_dir);
    check_preload(plain, "legacy-emu");
    check_preload(pie, "legacy-emu-pie");
    check_preload(stripped, "legacy-emu-stripped");
    return 0;
}
