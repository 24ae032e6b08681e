/*
 * Start-up: parse the config once, find the savevm functions in the running
 * binary, pick the release profile, and hook.  When something is missing the
 * emulator is left unpatched (or, with SAVEVM_SHIM_REQUIRE=1, ended).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "log.h"
#include "shim.h"
#include "symbols.h"

#include <config.h>

/* The one exported symbol: which shim is loaded (gdb, nm -D). */
__attribute__((visibility("default"))) const char savevm_shim_version[] = PACKAGE_VERSION;

struct sv_shim sv_shim;
extern char **environ;

static void warn_unknown(const char *name)
{
    fprintf(stderr, "savevm-shim: warning: unknown variable %s ignored\n", name);
}

/* The executable's load bias and its executable and writable ranges. */
struct exe_map {
    uintptr_t bias;
    struct { uintptr_t lo, hi; int flags; } seg[16];
    int nseg;
};

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct exe_map *m = data;

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
static int in_segment(const struct exe_map *m, uintptr_t addr, int flag)
{
    for (int i = 0; i < m->nseg; i++)
        if (addr >= m->seg[i].lo && addr < m->seg[i].hi && (m->seg[i].flags & flag))
            return 1;
    return 0;
}

/* Once hooked, this process's children (a migration's "exec:" shell, helper
 * scripts) are not emulators: take the shim out of their LD_PRELOAD. */
static void leave_children_alone(void)
{
    Dl_info self;
    const char *pre = getenv("LD_PRELOAD");
    char *copy, *out, *save = NULL, me[PATH_MAX];
    size_t n = 0;

    if (!pre || !dladdr((void *)leave_children_alone, &self) || !self.dli_fname)
        return;
    copy = strdup(pre);
    out = calloc(1, strlen(pre) + 1);
    if (!copy || !out) {
        free(copy);
        free(out);
        return;
    }
    if (!realpath(self.dli_fname, me)) {
        free(copy);
        free(out);
        return;
    }
    for (char *w = strtok_r(copy, " :", &save); w; w = strtok_r(NULL, " :", &save)) {
        char real[PATH_MAX];

        if (realpath(w, real) && strcmp(real, me) == 0)
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

static const struct {
    enum sv_fn fn;
    void *replacement;
} hooked[SV_HOOK_COUNT] = {
    [SV_HOOK_REGISTER] = { SV_FN_REGISTER_LIVE, (void *)sv_shim_register_savevm_live },
    [SV_HOOK_UNREGISTER] = { SV_FN_UNREGISTER, (void *)sv_shim_unregister_savevm },
    [SV_HOOK_COMPLETE] = { SV_FN_STATE_COMPLETE, (void *)sv_shim_savevm_state_complete },
    [SV_HOOK_LOADVM] = { SV_FN_LOADVM_STATE, (void *)sv_shim_loadvm_state },
};

/* Ends the process when required; otherwise the emulator runs unpatched. */
static void give_up(const char *why)
{
    sv_complain("%s; the emulator runs without the shim%s", why,
                sv_shim.cfg.require ? " (SAVEVM_SHIM_REQUIRE=1: exiting)" : "");
    say("result: not hooked: %s\n", why);
    if (report) {
        fclose(report);
        _exit(1);
    }
    if (sv_shim.cfg.require)
        _exit(1);
}

static void setup(void)
{
    char exe[PATH_MAX], err[512], why[PATH_MAX + 1024];
    struct sv_symopts opt = { sv_shim.cfg.symbols, sv_shim.cfg.debug_dir };
    struct sv_sym syms[SV_FN_COUNT + 12];
    const struct sv_profile *const *all, *p = NULL;
    size_t nprof, n = 0, base;
    struct exe_map em = { 0 };
    uintptr_t bias;
    ssize_t len;
    int missing;

    /* AT_EXECFN, not /proc/self/exe: under valgrind the latter is valgrind */
    {
        const char *fn = (const char *)getauxval(AT_EXECFN);

        if (!fn || !realpath(fn, exe)) {
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

    /* every profile's functions are named alike; its markers tell them apart */
    all = sv_profiles(&nprof);
    memset(syms, 0, sizeof syms);
    for (int i = 0; i < SV_FN_COUNT; i++)
        syms[n++].name = all[0]->symbols[i];
    base = n;
    for (size_t i = 0; i < nprof; i++) {
        syms[n++].name = all[i]->marker;
        if (all[i]->absent)
            syms[n++].name = all[i]->absent;
        if (all[i]->x86_64_marker)
            syms[n++].name = all[i]->x86_64_marker;
    }
    missing = sv_symbols_resolve(exe, &opt, syms, n, err, sizeof err);
    if (missing < 0)
        return give_up(err);
    if (sv_shim.cfg.release) {
        p = sv_profile_find(sv_shim.cfg.release);
    } else {
        for (size_t i = 0; i < nprof && !p; i++) {
            int has_marker = 0, has_absent = 0;

            for (size_t k = base; k < n; k++) {
                if (syms[k].found && strcmp(syms[k].name, all[i]->marker) == 0)
                    has_marker = 1;
                if (syms[k].found && all[i]->absent && strcmp(syms[k].name, all[i]->absent) == 0)
                    has_absent = 1;
            }
            if (has_marker && !has_absent)
                p = all[i];
        }
    }
    for (int i = 0; i < SV_FN_COUNT; i++) {
        say("symbol %s: %s", syms[i].name, sv_sym_source_name(syms[i].source));
        if (syms[i].found)
            say(" %s at %#lx\n", sv_sym_source_file(syms[i].source),
                (unsigned long)(syms[i].value + bias));
        else
            say("\n");
    }
    for (int i = 0; i < SV_FN_COUNT; i++) {
        if (!syms[i].found) {
            snprintf(why, sizeof why,
                     "cannot find %s in %s (no .symtab, .dynsym or debug file has it): install the "
                     "emulator's debug file, point SAVEVM_SHIM_DEBUG_DIR at it, or give an nm map in "
                     "SAVEVM_SHIM_SYMBOLS", syms[i].name, exe);
            return give_up(why);
        }
    }
    for (int i = 0; i < SV_FN_COUNT; i++) {
        int flag = i == SV_FN_FIRST_SE ? PF_W : PF_X;

        if (!in_segment(&em, (uintptr_t)(syms[i].value + bias), flag)) {
            snprintf(why, sizeof why, "%s (from the %s) is at %#lx, outside %s's %s segments: "
                     "the symbols are for another binary", syms[i].name,
                     sv_sym_source_name(syms[i].source), (unsigned long)(syms[i].value + bias), exe,
                     flag == PF_W ? "writable" : "executable");
            return give_up(why);
        }
    }
    if (!p)
        return give_up("cannot tell the release of this emulator: set SAVEVM_SHIM_RELEASE (0.10, 0.11, emu)");
    sv_shim.profile = p;
    if (p->x86_64_marker) {
        sv_shim.target = "i386";
        for (size_t k = base; k < n; k++)
            if (syms[k].found && strcmp(syms[k].name, p->x86_64_marker) == 0)
                sv_shim.target = "x86_64";
    }
    say("release profile: %s%s\n", p->name, sv_shim.cfg.release ? " (SAVEVM_SHIM_RELEASE)" : "");
    if (sv_shim.target)
        say("target: %s\n", sv_shim.target);

#define ADDR(fn) ((void *)(uintptr_t)(syms[fn].value + bias))
    sv_shim.bin.register_live = ADDR(SV_FN_REGISTER_LIVE);
    sv_shim.bin.unregister = ADDR(SV_FN_UNREGISTER);
    sv_shim.bin.state_complete = ADDR(SV_FN_STATE_COMPLETE);
    sv_shim.bin.loadvm_state = ADDR(SV_FN_LOADVM_STATE);
    sv_shim.bin.fopen_ops = ADDR(SV_FN_FOPEN_OPS);
    sv_shim.bin.fclose = ADDR(SV_FN_FCLOSE);
    sv_shim.bin.fflush = ADDR(SV_FN_FFLUSH);
    sv_shim.bin.get_buffer = ADDR(SV_FN_GET_BUFFER);
    sv_shim.bin.put_buffer = ADDR(SV_FN_PUT_BUFFER);
    sv_shim.bin.ftell = ADDR(SV_FN_FTELL);
    sv_shim.bin.has_error = ADDR(SV_FN_HAS_ERROR);
    sv_shim.bin.first_se = ADDR(SV_FN_FIRST_SE);
    if (sv_qfile_init() < 0 || sv_wrap_init() < 0)
        return give_up("libffi cannot prepare the call interfaces");

    for (int h = 0; h < SV_HOOK_COUNT; h++) {
        const struct sv_sym *s = &syms[hooked[h].fn];

        if (sv_hook_prepare(&sv_shim.hooks[h], s->name, ADDR(hooked[h].fn), s->size,
                            hooked[h].replacement, err, sizeof err) < 0) {
            for (int k = 0; k < h; k++)
                sv_hook_discard(&sv_shim.hooks[k]);
            snprintf(why, sizeof why, "cannot hook: %s", err);
            return give_up(why);
        }
        say("hook %s: relocated %zu bytes\n", s->name, sv_shim.hooks[h].patch_len);
    }
#undef ADDR
    if (report) {
        say("result: ok\n");
        fclose(report);
        _exit(0);
    }
    for (int h = 0; h < SV_HOOK_COUNT; h++) {
        if (sv_hook_install(&sv_shim.hooks[h], err, sizeof err) < 0) {
            /* put back what was already written */
            for (int k = 0; k < h; k++)
                sv_hook_remove(&sv_shim.hooks[k], why, sizeof why);
            snprintf(why, sizeof why, "cannot hook: %s", err);
            return give_up(why);
        }
    }
    leave_children_alone();
    sv_log("hooked: release %s, format %s", p->name,
           sv_shim.cfg.format == SV_FORMAT_LEGACY ? "legacy" : "tagged");
}

__attribute__((constructor)) static void shim_init(void)
{
    static int done;
    char err[512];

    if (done++)
        return;
    if (sv_config_parse(environ, &sv_shim.cfg, err, sizeof err, warn_unknown) < 0) {
        fprintf(stderr, "%s\n", err);
        _exit(1);
    }
    sv_log_open(sv_shim.cfg.log);
    if (sv_shim.cfg.check_fd >= 0) {
        report = fdopen(sv_shim.cfg.check_fd, "w");
        if (!report)
            _exit(1);
    }
    setup();
}
