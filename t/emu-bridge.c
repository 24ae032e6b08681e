/*
 * Bridging end to end on the emulator's two builds (issue 14, item 6):
 * emu/legacy-emu (release emu) and emu/legacy-emu-next (release emu-next)
 * differ as real releases do (doc/EMU.md, "The next release"): emu-net gains
 * mtu at v2, emu-disk's IDENTIFY part moves, the VGA RAM block moves and
 * grows, the VGA BIOS changes.  A snapshot of one, moved across, loads in
 * the other, and the state the destination prints equals the source's for
 * every line both print; a line only the destination prints holds what the
 * destination prints at power-on.  Expected values come from the source's
 * and the destination's own --print-state, never from the tables.
 *
 * How a snapshot crosses is a `struct way`: offline from a legacy save,
 * offline from a save the shim tagged, or none: the destination's shim
 * loads the source's stream itself (tagged, or legacy told by its ram
 * section's size).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svtool-util.h"
#include "tap.h"

#define RAM_ARGS "--ram-mib", "2", "--vga"
#define CONFIG "-m 2 -vga std"          /* the same machine as QEMU options */
/* emu/dev-emu-net.c: emu-next's net_init and net_reset set MTU_DEFAULT 1500;
 * the guest lowers it to 576 on its 6th tick */
#define MTU_DEFAULT_LINE "emu-net.mtu=1500"
#define TICKS_MTU_KEPT 5
#define TICKS_MTU_LOWERED 9

struct build {
    const char *release;        /* as the registry spells it */
    const char *env;            /* the test environment's path to it */
};

static const struct build emu = { "emu", "SV_EMU" }, next = { "emu-next", "SV_EMU_NEXT" };

static int have_shim;
static char launcher[600], libenv[700];

/* ---- the emulator ---- */

/* The build run with RAM_ARGS and args, under the shim when asked; 0 when it exits 0. */
static int run_emu(const struct build *b, int shim, const char *const *args, struct su_run *r)
{
    const char *argv[24];
    size_t n = 0;
    struct su_run_opts o = { .env = libenv };

    if (shim) {
        /* no --release: the shim recognises each build by its symbols */
        argv[n++] = "--";
        argv[n++] = tap_env(b->env);
    }
    argv[n++] = "--ram-mib";
    argv[n++] = "2";
    argv[n++] = "--vga";
    for (; *args && n < 23; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    su_prog_run(r, shim ? &o : NULL, shim ? launcher : tap_env(b->env), argv);
    return r->code == 0 && !r->sig ? 0 : -1;
}

/* `--ticks N --print-state --save path`: its printed state (free it), NULL on failure. */
static char *save(const struct build *b, int shim, unsigned ticks, const char *path)
{
    char t[16];
    const char *args[] = { "--ticks", t, "--print-state", "--save", path, NULL };
    struct su_run r;
    char *state = NULL;

    snprintf(t, sizeof t, "%u", ticks);
    if (run_emu(b, shim, args, &r) == 0)
        state = strdup(r.out);
    else
        diag("%s save: %s: %s", b->release, su_run_status(&r), r.err);
    su_run_free(&r);
    return state;
}

/* `--load path --print-state`: the state, NULL when the load fails. */
static char *load(const struct build *b, int shim, const char *path)
{
    const char *args[] = { "--load", path, "--print-state", NULL };
    struct su_run r;
    char *state = NULL;

    if (run_emu(b, shim, args, &r) == 0)
        state = strdup(r.out);
    else
        diag("%s load: %s: %s", b->release, su_run_status(&r), r.err);
    su_run_free(&r);
    return state;
}

static char *power_on(const struct build *b)
{
    const char *args[] = { "--print-state", NULL };
    struct su_run r;
    char *state;

    if (run_emu(b, 0, args, &r) != 0)
        bail("%s --print-state: %s: %s", b->release, su_run_status(&r), r.err);
    state = strdup(r.out);
    su_run_free(&r);
    return state;
}

/* ---- printed state: "device.field=value" lines ---- */

/* The value of key in state (a static buffer), NULL when not printed. */
static const char *value_of(const char *state, const char *key)
{
    static char buf[2048];
    size_t k = strlen(key);

    for (const char *l = state; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, key, k) == 0 && l[k] == '=') {
            size_t n = strcspn(l + k + 1, "\n");

            snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), l + k + 1);
            return buf;
        }
    return NULL;
}

/* Each line of a whose key b does not print, as "key=value\n", into out. */
static void only_in(const char *a, const char *b, char *out, size_t len)
{
    size_t k = 0;

    out[0] = 0;
    for (const char *l = a; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char key[128];
        size_t n = strcspn(l, "=\n");

        snprintf(key, sizeof key, "%.*s", (int)(n < sizeof key ? n : sizeof key - 1), l);
        if (!value_of(b, key) && k + strcspn(l, "\n") + 2 < len)
            k += (size_t)snprintf(out + k, len - k, "%.*s\n", (int)strcspn(l, "\n"), l);
    }
}

/* How many lines both print, and how many of those differ (diag'd unless quiet). */
static int compare_common(const char *src, const char *dst, int *common, int quiet)
{
    int differ = 0;

    *common = 0;
    for (const char *l = src; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char key[128], want[2048];
        size_t n = strcspn(l, "=\n");
        const char *got;

        snprintf(key, sizeof key, "%.*s", (int)(n < sizeof key ? n : sizeof key - 1), l);
        if (l[n] != '=' || !(got = value_of(dst, key)))
            continue;
        (*common)++;
        snprintf(want, sizeof want, "%.*s", (int)strcspn(l + n + 1, "\n"), l + n + 1);
        if (strcmp(got, want) != 0) {
            if (differ++ < 5 && !quiet)
                diag("%s: source %.60s, destination %.60s", key, want, got);
        }
    }
    return differ;
}

/* ---- ways across ---- */

struct way {
    const char *name;
    int shim_save;      /* the source saves under the shim (a tagged stream) */
    int shim_load;      /* the destination loads under the shim */
    /* in (the source's save) -> out, what the destination loads; r: the last step's run */
    int (*cross)(const struct build *src, const struct build *dst, const char *in, const char *out,
                 const char *force, struct su_run *r);
};

static int bridge(const struct build *src, const struct build *dst, const char *in, const char *out,
                  const char *force, struct su_run *r)
{
    const char *args[] = { "convert", "--release", src->release, "--to", "legacy", "--to-release", dst->release,
                           "--from-config", CONFIG, force ? force : in, force ? in : out, force ? out : NULL,
                           NULL };

    su_svtool_run(r, NULL, args);
    return r->code == 0 ? 0 : -1;
}

/* svtool convert: a tagged stream to its own release's legacy one, then across */
static int bridge_tagged(const struct build *src, const struct build *dst, const char *in, const char *out,
                         const char *force, struct su_run *r)
{
    char *legacy = strdup(su_tpath("own-legacy.sv"));
    const char *args[] = { "convert", "--to", "legacy", in, legacy, NULL };
    int rc;

    unlink(legacy);
    su_svtool_run(r, NULL, args);
    if (r->code != 0) {
        free(legacy);
        return -1;
    }
    su_run_free(r);
    rc = bridge(src, dst, legacy, out, force, r);
    free(legacy);
    return rc;
}

/* no .cross: the destination's shim loads the source's stream as it is */
static const struct way ways[] = {
    { "offline, legacy", 0, 0, bridge },
    { "offline, tagged by the shim", 1, 0, bridge_tagged },
    { "the destination's shim, tagged", 1, 1, NULL },
    { "the destination's shim, legacy (told by the ram size)", 0, 1, NULL },
};

/* ---- the checks ---- */

/*
 * src saves after `ticks`, the snapshot goes across `w`, dst loads it:
 * the lines both print are equal; dst's lines src lacks are dst's power-on
 * ones (`added`, "key=value\n" each, says which they must be); src's lines
 * dst lacks are `gone`.
 */
static void across(const struct way *w, const struct build *src, const struct build *dst, unsigned ticks,
                   const char *added, const char *gone)
{
    char *in = strdup(su_tpath("src.sv")), *out = strdup(su_tpath("dst.sv"));
    char *state, *got, *fresh = power_on(dst), extra[4096];
    struct su_run r;
    int common = 0, differ, moved = 0;
    static const char *const changed_by_the_guest[] = { "ram.fnv1a", "vga.fnv1a", "vgabios.id", "vgabios.fnv1a",
                                                        "emu-disk.identify", "emu-net.ip_id", NULL };

    unlink(in);
    unlink(out);
    if (!(state = save(src, w->shim_save, ticks, in))) {
        ok(0, "%s -> %s, %s: the source saves", src->release, dst->release, w->name);
        goto done;
    }
    /* the state is worth carrying: what the destination shows at power-on differs */
    for (const char *const *k = changed_by_the_guest; *k; k++) {
        const char *v = value_of(state, *k);
        char *mine = v ? strdup(v) : NULL;

        moved += mine && (!value_of(fresh, *k) || strcmp(mine, value_of(fresh, *k)) != 0);
        free(mine);
    }
    is_int(moved, 6, "%s -> %s, %s: ram, VGA RAM, VGA BIOS, IDENTIFY and emu-net differ from the destination's "
           "power-on", src->release, dst->release, w->name);
    if (!w->cross) {
        free(out);
        out = strdup(in);
    } else if (!ok(w->cross(src, dst, in, out, NULL, &r) == 0, "%s -> %s, %s: converts", src->release,
                   dst->release, w->name)) {
        diag("%s: %s", su_run_status(&r), r.err);
        su_run_free(&r);
        goto done;
    } else {
        su_run_free(&r);
    }
    if (!ok((got = load(dst, w->shim_load, out)) != NULL, "%s -> %s, %s: %s loads it", src->release, dst->release,
            w->name, dst->release))
        goto done;
    differ = compare_common(state, got, &common, 0);
    ok(differ == 0 && common > 200, "%s -> %s, %s: the %d lines both print are equal (%d differ)", src->release,
       dst->release, w->name, common, differ);
    only_in(got, state, extra, sizeof extra);
    is_str(extra, added, "%s -> %s, %s: the lines only %s prints", src->release, dst->release, w->name,
           dst->release);
    /* and each holds the destination's power-on value */
    only_in(fresh, state, extra, sizeof extra);
    is_str(extra, added, "%s -> %s, %s: ... are what it prints at power-on", src->release, dst->release, w->name);
    only_in(state, got, extra, sizeof extra);
    is_str(extra, gone, "%s -> %s, %s: the lines only %s prints", src->release, dst->release, w->name,
           src->release);
    free(got);
    /* without the bridge (the shim's, when it bridges) the destination does not come out so */
    if ((got = load(dst, w->cross ? w->shim_load : 0, in)) != NULL)
        ok(compare_common(state, got, &common, 1) != 0, "%s -> %s, %s: the unconverted stream does not give the "
           "source's state", src->release, dst->release, w->name);
    else
        ok(1, "%s -> %s, %s: the unconverted stream does not load", src->release, dst->release, w->name);
    free(got);
done:
    free(state);
    free(fresh);
    free(in);
    free(out);
}

/* emu-next's mtu not at its default: refused by name; --force drops and lists it */
static void refused(const struct way *w)
{
    char *in = strdup(su_tpath("mtu.sv")), *out = strdup(su_tpath("mtu-out.sv"));
    char *state = save(&next, w->shim_save, TICKS_MTU_LOWERED, in), *got = NULL;
    struct su_run r;
    int common = 0;

    unlink(out);
    if (!ok(state && !strstr(state, MTU_DEFAULT_LINE "\n"), "emu-next -> emu, %s: mtu lowered after %d ticks",
            w->name, TICKS_MTU_LOWERED))
        goto done;
    if (!w->cross) {
        /* the destination's shim refuses the load: the emulator ends, naming the field */
        const char *args[] = { "--", tap_env(emu.env), RAM_ARGS, "--load", in, "--print-state", NULL };
        struct su_run_opts o = { .env = libenv };

        su_prog_run(&r, &o, launcher, args);
        ok(r.code == 1, "emu-next -> emu, %s: the load is refused (%s)", w->name, su_run_status(&r));
        like(r.err, "section \"emu-net\" instance 0: field \"mtu\"", "... naming section and field");
        ok(!strstr(r.out, "emu-net."), "... before the state is printed");
        su_run_free(&r);
        goto done;
    }
    ok(w->cross(&next, &emu, in, out, NULL, &r) != 0, "emu-next -> emu, %s: refused", w->name);
    like(r.err, "section \"emu-net\" instance 0: field \"mtu\"", "... naming section and field");
    ok(!su_file_exists(out), "... and writes nothing");
    su_run_free(&r);
    ok(w->cross(&next, &emu, in, out, "--force", &r) == 0, "emu-next -> emu, %s: --force converts", w->name);
    like(r.err, "section \"emu-net\" instance 0: field \"mtu\": value 576 dropped", "... listing the dropped field");
    su_run_free(&r);
    if (ok((got = load(&emu, w->shim_load, out)) != NULL, "... and emu loads it")) {
        int differ = compare_common(state, got, &common, 0);

        ok(differ == 0 && common > 200, "... the %d lines both print are equal (%d differ)", common, differ);
    }
done:
    free(got);
    free(state);
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    atexit(su_tmpdir_cleanup);
    have_shim = strcmp(tap_env("SV_HAVE_SHIM"), "yes") == 0;
    snprintf(launcher, sizeof launcher, "%s/savevm-shim", tap_env("SV_TOP_BUILDDIR"));
    snprintf(libenv, sizeof libenv, "SAVEVM_SHIM_LIBRARY=%s", tap_env("SV_SHIM"));

    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        const struct way *w = &ways[i];

        if ((w->shim_save || w->shim_load) && !have_shim) {
            skip(1, "%s: built without the shim", w->name);
            continue;
        }
        across(w, &emu, &next, 12, MTU_DEFAULT_LINE "\n", "");
        /* mtu still at its default: it has no place in emu, and may go */
        across(w, &next, &emu, TICKS_MTU_KEPT, "", MTU_DEFAULT_LINE "\n");
        refused(w);
    }
    return 0;
}
