/*
 * Start-up: parse the config once, find the savevm functions in the running
 * binary, recognise its release (compat/sv-registry.c), and hook.  When
 * something is missing the emulator is left unpatched (or, with
 * SAVEVM_SHIM_REQUIRE=1, ended).
 */
#include <config.h>

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "shim.h"
#include "symbols.h"
#include "bridge.h"
#include "desc.h"
#include "sv-ramlayout.h"

/* The one exported symbol: which shim is loaded (gdb, nm -D). */
__attribute__((visibility("default"))) const char savevm_shim_version[] = PACKAGE_VERSION;

struct sv_shim sv_shim;
extern char **environ;

static void warn_unknown(const char *name)
{
    fprintf(stderr, "savevm-shim: warning: unknown variable %s ignored\n", name);
}

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct sv_exe_map *m = data;

    (void)size;
    m->bias = info->dlpi_addr;
    for (int i = 0; i < info->dlpi_phnum && m->nseg < 16; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

        if (ph->p_type != PT_LOAD)
            continue;
        m->seg[m->nseg].lo = info->dlpi_addr + ph->p_vaddr;
        m->seg[m->nseg].hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        m->seg[m->nseg].flags = (int)ph->p_flags;
        m->nseg++;
    }
    return 1;       /* the first entry is the executable */
}

/* A symbol that points outside the executable came from a map for another binary. */
static int in_segment(const struct sv_exe_map *m, uintptr_t addr, int flag)
{
    for (int i = 0; i < m->nseg; i++)
        if (addr >= m->seg[i].lo && addr < m->seg[i].hi && (m->seg[i].flags & flag))
            return 1;
    return 0;
}

/* Once hooked, this process's children (a migration's "exec:" shell, helper
 * scripts) are not emulators: take the shim out of their LD_PRELOAD.  A word
 * is the shim when it names the same file (device and inode: two stats, not
 * a realpath's readlink of every component of both paths). */
static void leave_children_alone(void)
{
    Dl_info self;
    const char *pre = getenv("LD_PRELOAD");
    char *copy, *out, *save = NULL;
    struct stat me;
    size_t n = 0;

    if (!pre || !dladdr((void *)leave_children_alone, &self) || !self.dli_fname ||
        stat(self.dli_fname, &me) != 0)
        return;
    copy = strdup(pre);
    out = calloc(1, strlen(pre) + 1);
    if (!copy || !out) {
        free(copy);
        free(out);
        return;
    }
    for (char *w = strtok_r(copy, " :", &save); w; w = strtok_r(NULL, " :", &save)) {
        struct stat st;

        if (stat(w, &st) == 0 && st.st_dev == me.st_dev && st.st_ino == me.st_ino)
            continue;
        n += (size_t)sprintf(out + n, "%s%s", n ? " " : "", w);
    }
    if (n)
        setenv("LD_PRELOAD", out, 1);
    else
        unsetenv("LD_PRELOAD");
    free(copy);
    free(out);
}

/* The report --check prints, written to the launcher's pipe. */
static FILE *report;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;

    if (!report)
        return;
    va_start(ap, fmt);
    vfprintf(report, fmt, ap);
    va_end(ap);
}

/* What each hook patches (a found symbol) and the replacement that fits
 * the release's signatures; how many hooks the release needs. */
static int hooks_of(const struct sv_abi *a, const struct sv_sym *const *fn, const struct sv_sym *const *vfn,
                    const struct sv_sym **sym, void **replacement)
{
    sym[SV_HOOK_REGISTER] = fn[SV_FN_REGISTER_LIVE];
    replacement[SV_HOOK_REGISTER] = a->register_live_args == 8 ? (void *)sv_shim_register_savevm_live8
                                                               : (void *)sv_shim_register_savevm_live;
    sym[SV_HOOK_UNREGISTER] = fn[SV_FN_UNREGISTER];
    replacement[SV_HOOK_UNREGISTER] = (void *)sv_shim_unregister_savevm;
    sym[SV_HOOK_COMPLETE] = fn[SV_FN_STATE_COMPLETE];
    replacement[SV_HOOK_COMPLETE] = a->state_monitor ? (void *)sv_shim_savevm_state_complete_mon
                                                     : (void *)sv_shim_savevm_state_complete;
    sym[SV_HOOK_LOADVM] = fn[SV_FN_LOADVM_STATE];
    replacement[SV_HOOK_LOADVM] = (void *)sv_shim_loadvm_state;
    sym[SV_HOOK_PUT_BUFFER] = fn[SV_FN_PUT_BUFFER];
    replacement[SV_HOOK_PUT_BUFFER] = (void *)sv_qfile_put_buffer;
    if (!a->vmstate)
        return SV_HOOK_VMS_REGISTER;
    sym[SV_HOOK_VMS_REGISTER] = vfn[SV_VMS_REGISTER];
    replacement[SV_HOOK_VMS_REGISTER] = (void *)sv_shim_vmstate_register;
    sym[SV_HOOK_VMS_UNREGISTER] = vfn[SV_VMS_UNREGISTER];
    replacement[SV_HOOK_VMS_UNREGISTER] = (void *)sv_shim_vmstate_unregister;
    return SV_HOOK_COUNT;
}

/* Ends the process for --check or when required; otherwise the emulator runs unpatched. */
static void give_up(const char *why)
{
    const char *tail = sv_shim.cfg.require ? " (SAVEVM_SHIM_REQUIRE=1: exiting)" : "";

    say("result: not hooked: %s\n", why);
    if (report)
        fclose(report);
    if (report || sv_shim.cfg.require)
        sv_shim_exit(1, "%s; the emulator runs without the shim%s", why, tail);
    sv_complain("%s; the emulator runs without the shim", why);
}

static void setup(void)
{
    char exe[PATH_MAX], msg[768], why[PATH_MAX + 1024];
    struct sv_symopts opt = { sv_shim.cfg.symbols, sv_shim.cfg.debug_dir };
    struct sv_error err;
    const char *names[SV_REGISTRY_SYMBOLS_MAX];
    struct sv_sym syms[SV_REGISTRY_SYMBOLS_MAX];
    const struct sv_sym *fn[SV_FN_COUNT + SV_VMS_FN_COUNT], **vfn = fn + SV_FN_COUNT;
    const struct sv_sym *hook_sym[SV_HOOK_COUNT];
    void *replacement[SV_HOOK_COUNT];
    struct sv_found res = { syms, 0 };
    const struct sv_abi *abi;
    int nfn;
    const struct sv_release *p;
    const struct sv_target *t;
    const char *unsupported;
    struct sv_exe_map em = { 0 };
    uintptr_t bias;
    ssize_t len;
    int missing;

    /* AT_EXECFN, not /proc/self/exe: under valgrind the latter is valgrind */
    {
        const char *execfn = (const char *)getauxval(AT_EXECFN);

        if (!execfn || !realpath(execfn, exe)) {
            len = readlink("/proc/self/exe", exe, sizeof exe - 1);
            if (len <= 0)
                return give_up("cannot find the executable's path");
            exe[len] = 0;
        }
    }
    dl_iterate_phdr(first_object, &em);
    bias = em.bias;
    sv_log("shim loaded into %s (load bias %#lx)", exe, (unsigned long)bias);
    say("emulator: %s\n", exe);

    /* every release's functions and markers, looked up at once */
    res.n = sv_registry_symbols(names, SV_REGISTRY_SYMBOLS_MAX);
    memset(syms, 0, sizeof syms);
    for (size_t i = 0; i < res.n; i++)
        syms[i].name = names[i];
    sv_error_clear(&err);
    missing = sv_symbols_resolve(exe, &opt, syms, res.n, &err);
    if (missing < 0)
        return give_up(sv_error_format(&err, msg, sizeof msg));
    p = sv_shim.cfg.release ? sv_shim.cfg.release : sv_release_recognise(sv_found_has, &res);
    /* unrecognised: say what the closest release's core lacks */
    abi = (p ? p : sv_found_closest(&res))->abi;
    for (int i = 0; i < SV_FN_COUNT; i++)
        fn[i] = sv_found_sym(&res, abi->symbols[i]);
    nfn = SV_FN_COUNT + (abi->vmstate ? SV_VMS_FN_COUNT : 0);
    for (int i = 0; abi->vmstate && i < SV_VMS_FN_COUNT; i++)
        vfn[i] = sv_found_sym(&res, abi->vmstate->symbols[i]);
    for (int i = 0; i < nfn; i++) {
        say("symbol %s: %s", fn[i]->name, sv_sym_source_name(fn[i]->source));
        if (fn[i]->found)
            say(" %s at %#lx\n", sv_sym_source_file(fn[i]->source),
                (unsigned long)(fn[i]->value + bias));
        else
            say("\n");
    }
    for (int i = 0; i < nfn; i++) {
        if (!fn[i]->found) {
            snprintf(why, sizeof why,
                     "cannot find %s in %s (no .symtab, .dynsym or debug file has it): install the "
                     "emulator's debug file, point SAVEVM_SHIM_DEBUG_DIR at it, or give an nm map in "
                     "SAVEVM_SHIM_SYMBOLS", fn[i]->name, exe);
            return give_up(why);
        }
    }
    for (int i = 0; i < nfn; i++) {
        int flag = i == SV_FN_HANDLER_LIST ? PF_W : PF_X;

        if (!in_segment(&em, (uintptr_t)(fn[i]->value + bias), flag)) {
            snprintf(why, sizeof why, "%s (from the %s) is at %#lx, outside %s's %s segments: "
                     "the symbols are for another binary", fn[i]->name,
                     sv_sym_source_name(fn[i]->source), (unsigned long)(fn[i]->value + bias), exe,
                     flag == PF_W ? "writable" : "executable");
            return give_up(why);
        }
    }
    if (!p) {
        char releases[256];

        snprintf(why, sizeof why, "cannot tell the release of this emulator: set SAVEVM_SHIM_RELEASE (%s)",
                 sv_release_names(releases, sizeof releases, ", "));
        return give_up(why);
    }
    if ((unsupported = sv_abi_unsupported(p->abi))) {
        snprintf(why, sizeof why, "release %s's savevm core has %s: this shim cannot hook it", p->name,
                 unsupported);
        return give_up(why);
    }
    sv_shim.release = p;
    sv_shim.exe = em;
    sv_shim.sym_source = fn[SV_FN_REGISTER_LIVE]->source;
    t = sv_target_recognise(p, sv_found_has, &res);
    sv_shim.target = t ? t->name : NULL;
    say("release profile: %s%s\n", p->name, sv_shim.cfg.release ? " (SAVEVM_SHIM_RELEASE)" : "");
    /* a bad value for this emulator: what the user asked for cannot happen (HACKING.md's policy) */
    if (sv_shim.cfg.source_release && sv_shim.cfg.source_release != p &&
        (!sv_bridge_known(sv_shim.cfg.source_release, p) || !sv_ram_layout_known(sv_shim.cfg.source_release) ||
         !sv_ram_layout_known(p)))
        sv_shim_exit(1, "SAVEVM_SHIM_SOURCE_RELEASE=%s: no bridge from release %s to release %s (this emulator's)%s",
                     sv_shim.cfg.source_release->name, sv_shim.cfg.source_release->name, p->name,
                     sv_bridge_known(sv_shim.cfg.source_release, p) ? ": no RAM layout tables" : "");
    if (sv_shim.target)
        say("target: %s\n", sv_shim.target);

#define ADDR(i) ((void *)(uintptr_t)(fn[i]->value + bias))
    sv_shim.bin.fopen_ops = ADDR(SV_FN_FOPEN_OPS);
    sv_shim.bin.fclose = ADDR(SV_FN_FCLOSE);
    sv_shim.bin.fflush = ADDR(SV_FN_FFLUSH);
    sv_shim.bin.get_buffer = ADDR(SV_FN_GET_BUFFER);
    sv_shim.bin.put_buffer = ADDR(SV_FN_PUT_BUFFER);
    sv_shim.bin.ftell = ADDR(SV_FN_FTELL);
    sv_shim.bin.has_error = ADDR(SV_FN_HAS_ERROR);
    sv_shim.bin.set_error = ADDR(SV_FN_SET_ERROR);
    sv_shim.bin.first_se = ADDR(SV_FN_HANDLER_LIST);
    {
        const struct sv_sym *rs = sv_found_sym(&res, p->ram_size);

        sv_shim.bin.ram_size = rs && rs->found ? (const uint64_t *)(uintptr_t)(rs->value + bias) : NULL;
    }
    if (p->abi->vmstate) {
        sv_shim.bin.vms_save_state = ADDR(SV_FN_COUNT + SV_VMS_SAVE_STATE);
        sv_shim.bin.vms_load_state = ADDR(SV_FN_COUNT + SV_VMS_LOAD_STATE);
    }
    if (sv_qfile_init() < 0 || sv_wrap_init() < 0)
        return give_up("libffi cannot prepare the call interfaces");

    sv_shim.nhooks = hooks_of(p->abi, fn, vfn, hook_sym, replacement);
    for (int h = 0; h < sv_shim.nhooks; h++) {
        const struct sv_sym *s = hook_sym[h];

        if (sv_hook_prepare(&sv_shim.hooks[h], s->name, (void *)(uintptr_t)(s->value + bias), s->size,
                            replacement[h], &err) < 0) {
            for (int k = 0; k < h; k++)
                sv_hook_discard(&sv_shim.hooks[k]);
            snprintf(why, sizeof why, "cannot hook: %s", sv_error_format(&err, msg, sizeof msg));
            return give_up(why);
        }
        say("hook %s: relocated %zu bytes\n", s->name, sv_shim.hooks[h].patch_len);
    }
#undef ADDR
    /* the built-in tables of a VMState release (its cpu's) are parsed now,
     * not in a load's downtime (doc/PERFORMANCE.md) */
    if (p->abi->vmstate && !report)
        sv_desc_find(p->name, sv_shim.target, "", 0);
    if (report) {
        say("result: ok\n");
        fclose(report);
        sv_shim_exit(0, NULL);      /* --check: the launcher prints the report */
    }
    {
        struct sv_hook *all[SV_HOOK_COUNT];

        for (int h = 0; h < sv_shim.nhooks; h++)
            all[h] = &sv_shim.hooks[h];
        /* all at once: one protection change for the pages they share */
        if (sv_hooks_install(all, sv_shim.nhooks, &err) < 0) {
            for (int h = 0; h < sv_shim.nhooks; h++)
                sv_hook_discard(&sv_shim.hooks[h]);
            snprintf(why, sizeof why, "cannot hook: %s", sv_error_format(&err, msg, sizeof msg));
            return give_up(why);
        }
    }
    leave_children_alone();
    sv_log("hooked: release %s, format %s", p->name,
           sv_shim.cfg.format == SV_FORMAT_LEGACY ? "legacy" : "tagged");
}

__attribute__((constructor)) static void shim_init(void)
{
    static const char prefix[] = "savevm-shim: ";
    static int done;
    char err[512];

    if (done++)
        return;
    if (sv_config_parse(environ, &sv_shim.cfg, err, sizeof err, warn_unknown) < 0)
        sv_shim_exit(1, "%s", strncmp(err, prefix, sizeof prefix - 1) ? err : err + sizeof prefix - 1);
    sv_log_open(sv_shim.cfg.log);
    if (sv_shim.cfg.check_fd >= 0) {
        report = fdopen(sv_shim.cfg.check_fd, "w");
        if (!report)
            sv_shim_exit(1, "SAVEVM_SHIM_CHECK=%d: %s", sv_shim.cfg.check_fd, strerror(errno));
    }
    setup();
}
