/*
 * The shim in the emulator: tagged saves, both formats loading, legacy
 * format byte-identical, on the non-PIE, PIE and stripped builds and the
 * 0.12 build, and each way symbols are found.  Every run first checks the
 * log says it hooked.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "shimtest.h"
#include "sv-tagged.h"
#include "tap.h"

static const char *dir;
static char logpath[512];

/* Runs the emulator under the launcher with extra environment. */
static int shim_run(const char *emu, const char *const *env, const char *a1, const char *a2,
                    const char *a3, const char *a4, const char *a5, struct proc *p)
{
    const char *args[] = { emu, a1, a2, a3, a4, a5, NULL };

    return st_exec(logpath, args, env, p);
}

static int plain_run(const char *emu, const char *a1, const char *a2, const char *a3, const char *a4,
                     struct proc *p)
{
    const char *argv[] = { emu, a1, a2, a3, a4, NULL };

    return proc_run(argv, NULL, NULL, p);
}

static int log_has(const char *needle)
{
    return st_file_has(logpath, needle);
}

static char *path(const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    return p;
}

static void scenario(const char *label, const char *emu, const char *const *env)
{
    struct proc p, q;
    char *legacy = path("legacy.sv"), *tagged = path("tagged.sv"), *again = path("again.sv"),
         *down = path("down.sv");
    struct st_counts cnt;
    struct st_section secs[64];
    int nsec;
    char *state;

    /* the state after the save (0.12's emu-bus writes its checksum in
     * pre_save) and the emulator's own list of its device sections */
    {
        const char *argv[] = { emu, "--ticks", "7", "--sections", "-", "--save", legacy, "--print-state", NULL };

        proc_run(argv, NULL, NULL, &p);
    }
    is_int(p.status, 0, "%s: unshimmed legacy save", label);
    nsec = st_sections(p.err, secs, 64);
    state = p.out;
    p.out = NULL;
    proc_free(&p);

    shim_run(emu, env, "--ticks", "7", "--save", tagged, NULL, &p);
    is_int(p.status, 0, "%s: tagged save under the shim", label);
    ok(log_has("hooked: release emu"), "%s: the log says the shim hooked", label);
    is_int(p.out_len, 0, "%s: the shim wrote nothing to stdout", label);
    proc_free(&p);
    st_count_sections(tagged, &cnt);
    ok(nsec >= 13 && cnt.full == nsec && cnt.tagged == nsec && cnt.opaque == 0,
       "%s: each of the %d device sections the emulator lists is tagged at v%u with named fields "
       "(%d tagged, %d opaque%s%s)", label, nsec, SV_TAGGED_VERSION, cnt.tagged, cnt.opaque,
       cnt.opaque ? ": " : "", cnt.opaque_idstrs);

    shim_run(emu, env, "--load", tagged, "--print-state", NULL, NULL, &p);
    ok(log_has("hooked") && log_has("load end: ok"), "%s: tagged load logged", label);
    is_int(p.status, 0, "%s: tagged load succeeds", label);
    is_str(p.out, state, "%s: tagged save -> tagged load gives the same --print-state", label);
    proc_free(&p);

    shim_run(emu, env, "--load", legacy, "--print-state", NULL, NULL, &p);
    ok(log_has("hooked") && log_has("load end: ok"), "%s: legacy load logged", label);
    is_str(p.out, state, "%s: a legacy snapshot loads under the shim (fallback) to the same state", label);
    proc_free(&p);

    plain_run(emu, "--load", tagged, NULL, NULL, &q);
    ok(q.status != 0, "%s: the unshimmed emulator refuses a tagged snapshot", label);
    like(q.err, "savevm: unsupported version 1398145024 for 'timer' v2", "%s: with the legacy loader's message", label);
    proc_free(&q);

    {
        const char *e2[8] = { "SAVEVM_SHIM_FORMAT=legacy" };
        size_t n = 1;

        for (const char *const *x = env; x && *x && n < 7; x++)
            e2[n++] = *x;
        shim_run(emu, e2, "--ticks", "7", "--save", again, NULL, &p);
        ok(log_has("hooked") && log_has("save start: format legacy"), "%s: legacy-format save logged", label);
        ok(proc_same_file(again, legacy), "%s: legacy format under the shim is byte-identical to the unshimmed save", label);
        proc_free(&p);
        shim_run(emu, e2, "--load", tagged, "--save", down, NULL, &p);
        is_int(p.status, 0, "%s: a tagged snapshot loads and saves in legacy format", label);
        ok(proc_same_file(down, legacy), "%s: ... giving the original legacy bytes", label);
        proc_free(&p);
    }
    free(state);
    unlink(legacy);
    unlink(tagged);
    unlink(again);
    unlink(down);
    free(legacy);
    free(tagged);
    free(again);
    free(down);
}

/* `savevm-shim --check` on a binary, with extra environment. */
static void check(const char *label, const char *emu, const char *const *env, int want, const char *needle)
{
    const char *args[] = { "--check", emu, NULL };
    struct proc p;

    st_exec_plain(NULL, args, env, &p);
    is_int(p.status, want, "--check %s: exit %d", label, want);
    like(p.out, needle, "--check %s: reports %s", label, needle);
    proc_free(&p);
}

static char *copy_alone(const char *src, const char *name)
{
    char *dst = path(name);
    size_t len;
    char *buf = slurp(src, &len);
    FILE *f = fopen(dst, "wb");

    fwrite(buf, 1, len, f);
    fclose(f);
    chmod(dst, 0755);
    free(buf);
    return dst;
}

int main(void)
{
    const char *emu, *pie, *stripped, *debug_dir;
    char debug_env[600], map_env[600], nodebug_env[600];
    char *alone, *map, *empty;

    tap_init();
    plan_lazy();
    emu = tap_env("SV_EMU");
    pie = tap_env("SV_EMU_PIE");
    stripped = tap_env("SV_EMU_STRIPPED");
    debug_dir = tap_env("SV_EMU_DEBUG_DIR");
    st_init();
    dir = scratch_dir("shim");
    snprintf(logpath, sizeof logpath, "%s/shim.log", dir);

    scenario("non-PIE", emu, NULL);
    scenario("PIE", pie, NULL);
    scenario("stripped, .gnu_debuglink", stripped, NULL);
    /* 10 hand-coded device sections, described by the hand-written tables,
     * 8 VMState, described by the tables the shim derives in the process */
    scenario("0.12 build", tap_env("SV_EMU_012"), NULL);

    /* a stripped binary alone: found only through the debug dir, a map, or not at all */
    alone = copy_alone(stripped, "legacy-emu-stripped");
    snprintf(debug_env, sizeof debug_env, "SAVEVM_SHIM_DEBUG_DIR=%s", debug_dir);
    {
        const char *env[] = { debug_env, NULL };

        scenario("stripped, build id", alone, env);
        check("stripped, build id", alone, env, 0, "debug file (build id)");
    }
    map = path("emu.map");
    {
        char cmd[2048];
        char *dbg;

        if (asprintf(&dbg, "%s.debug", stripped) < 0)
            return 1;
        snprintf(cmd, sizeof cmd, "%s %s > %s", tap_env("SV_NM"), dbg, map);
        ok(system(cmd) == 0, "an nm map of the debug file");
        free(dbg);
        snprintf(map_env, sizeof map_env, "SAVEVM_SHIM_SYMBOLS=%s", map);
        {
            const char *env[] = { map_env, NULL };

            scenario("stripped, symbol map", alone, env);
            check("stripped, symbol map", alone, env, 0, "symbol map");
        }
    }
    {
        /* a map of another build (the PIE one) must not be applied to this one */
        char cmd[2048], env1[700];
        const char *env[] = { env1, NULL };
        struct proc p;
        char *other = path("other.map"), *out = path("other.sv");

        snprintf(cmd, sizeof cmd, "%s %s > %s", tap_env("SV_NM"), pie, other);
        ok(system(cmd) == 0, "an nm map of another build");
        snprintf(env1, sizeof env1, "SAVEVM_SHIM_SYMBOLS=%s", other);
        shim_run(alone, env, "--ticks", "2", "--save", out, NULL, &p);
        is_int(p.status, 0, "a map for another binary: the emulator still runs");
        like(p.err, "the symbols are for another binary", "... unpatched, with a message saying why");
        proc_free(&p);
        free(other);
        free(out);
    }
    empty = path("nodebug");
    mkdir(empty, 0755);
    snprintf(nodebug_env, sizeof nodebug_env, "SAVEVM_SHIM_DEBUG_DIR=%s", empty);
    {
        const char *env[] = { nodebug_env, NULL };
        const char *req[] = { nodebug_env, "SAVEVM_SHIM_REQUIRE=1", NULL };
        char *out = path("unpatched.sv"), *ref = path("ref.sv");
        struct proc p;

        plain_run(alone, "--ticks", "3", "--save", ref, &p);
        proc_free(&p);
        shim_run(alone, env, "--ticks", "3", "--save", out, NULL, &p);
        is_int(p.status, 0, "stripped without debug info: the emulator still runs");
        like(p.err, "cannot find register_savevm_live", "... the message says what is missing");
        like(p.err, "SAVEVM_SHIM_DEBUG_DIR", "... and how to supply it");
        ok(proc_same_file(out, ref), "... and runs unpatched (legacy bytes)");
        proc_free(&p);
        shim_run(alone, req, "--ticks", "3", "--save", out, NULL, &p);
        is_int(p.status, 1, "SAVEVM_SHIM_REQUIRE=1: exits 1");
        like(p.err, "cannot find register_savevm_live", "... with the same message");
        proc_free(&p);
        check("stripped, no debug info", alone, env, 1, "not found");
        free(out);
        free(ref);
    }
    {
        /* settings and binaries the shim refuses before the emulator starts */
        const char *bad_env[] = { "SAVEVM_SHIM_FORMAT=xml", NULL };
        const char *unknown_env[] = { "SAVEVM_SHIM_FROBNICATE=1", NULL };
        char *elf32 = path("emu32");
        static const unsigned char hdr32[52] = { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0, [16] = 2, [18] = 3 };
        FILE *f = fopen(elf32, "wb");
        struct proc p;

        shim_run(emu, bad_env, "--print-state", NULL, NULL, NULL, NULL, &p);
        is_int(p.status, 1, "a bad SAVEVM_SHIM_FORMAT exits 1");
        like(p.err, "savevm-shim: SAVEVM_SHIM_FORMAT: bad value \"xml\" (allowed: tagged, legacy)",
             "... with the variable, the value and what is allowed");
        is_int(p.out_len, 0, "... before the emulator starts");
        proc_free(&p);
        shim_run(emu, unknown_env, "--print-state", NULL, NULL, NULL, NULL, &p);
        ok(p.status == 0 && p.out_len > 0, "an unknown SAVEVM_SHIM_* name is ignored");
        like(p.err, "unknown variable SAVEVM_SHIM_FROBNICATE ignored", "... with a warning");
        proc_free(&p);

        fwrite(hdr32, 1, sizeof hdr32, f);
        fclose(f);
        chmod(elf32, 0755);
        {
            const char *argv[] = { st_launcher, elf32, NULL };

            proc_run(argv, NULL, NULL, &p);
            is_int(p.status, 1, "the launcher refuses a 32-bit binary");
            like(p.err, "a 32-bit binary; the shim supports x86-64 binaries only", "... saying why");
            proc_free(&p);
        }
        {
            const char *argv[] = { st_launcher, "--format", "xml", emu, NULL };

            proc_run(argv, NULL, NULL, &p);
            is_int(p.status, 2, "a bad launcher option is a usage error");
            like(p.err, "--format: bad value \"xml\" (allowed: tagged, legacy)", "... naming it");
            proc_free(&p);
        }
        {
            const char *argv[] = { st_launcher, "--source-release", "0.9", emu, NULL };

            proc_run(argv, NULL, NULL, &p);
            is_int(p.status, 2, "a bad --source-release is a usage error");
            like(p.err, "--source-release: bad value \"0.9\" (allowed: 0.10, 0.11,", "... naming it");
            proc_free(&p);
        }
        {
            /* the emulator's release has no bridge from any other: named, before it starts */
            const char *args[] = { "--source-release", "0.10", emu, "--print-state", NULL };
            const char *env[] = { "SAVEVM_SHIM_SOURCE_RELEASE=0.11", NULL };
            const char *same[] = { "SAVEVM_SHIM_SOURCE_RELEASE=emu", NULL };

            st_exec(logpath, args, NULL, &p);
            is_int(p.status, 1, "--source-release of a release without a bridge to the emulator's exits 1");
            like(p.err, "savevm-shim: SAVEVM_SHIM_SOURCE_RELEASE=0.10: no bridge from release 0.10 to release emu "
                 "(this emulator's)", "... naming both releases");
            is_int(p.out_len, 0, "... before the emulator starts");
            proc_free(&p);
            shim_run(emu, env, "--print-state", NULL, NULL, NULL, NULL, &p);
            ok(p.status == 1 && strstr(p.err, "SAVEVM_SHIM_SOURCE_RELEASE=0.11: no bridge from release 0.11 to release emu"),
               "... the variable too");
            proc_free(&p);
            shim_run(emu, same, "--print-state", NULL, NULL, NULL, NULL, &p);
            ok(p.status == 0 && p.out_len > 0, "the emulator's own release as the source: it runs");
            proc_free(&p);
        }
        free(elf32);
    }
    {
        /* hot-unplug: the shim's unregister hook frees the device's wrapper */
        char *out = path("unplugged.sv");
        struct proc p;

        shim_run(emu, NULL, "--unplug", "emu-net", "--save", out, NULL, &p);
        is_int(p.status, 0, "unplug then save under the shim");
        ok(log_has("unregister \"emu-net\": wrapper freed"), "... the unregister hook freed the wrapper");
        ok(!log_has("save \"emu-net\""), "... and the unplugged device is not saved");
        proc_free(&p);
        shim_run(emu, NULL, "--unplug", "emu-net", "--load", out, NULL, &p);
        is_int(p.status, 0, "a machine without the device loads the stream");
        proc_free(&p);
        shim_run(emu, NULL, "--load", out, NULL, NULL, NULL, &p);
        is_int(p.status, 1, "a machine with the device refuses it: its section is missing");
        like(p.err, "section \"emu-net\" instance 0 is missing from the stream", "... naming the section");
        proc_free(&p);
        free(out);
    }
    check("non-PIE", emu, NULL, 0, "release profile: emu");
    check("PIE", pie, NULL, 0, "hook register_savevm_live: relocated");
    check("stripped", stripped, NULL, 0, "debug file (.gnu_debuglink)");
    check("0.12 build", tap_env("SV_EMU_012"), NULL, 0, "release profile: emu-0.12");
    check("0.12 build", tap_env("SV_EMU_012"), NULL, 0, "hook vmstate_unregister: relocated");

    rmtree(dir);
    free(alone);
    free(map);
    free(empty);
    free((char *)dir);
    return 0;
}
