/*
 * A save the shim cannot complete fails as that save, and the guest runs
 * on.  The emulator runs under a copy of the shim whose own allocations
 * fail on demand (t/failalloc.c), at each point of a savevm in turn:
 *   - memory gone from allocation K to the end of that save: the emulator
 *     reports "Error -5 while writing VM" (QEMU 0.11's message), the shim
 *     says once which section failed, the machine's state is untouched, an
 *     earlier snapshot of that name is still there, and the next save is
 *     byte for byte the save of a run that never failed;
 *   - one allocation failing: the save either fails as above or carries the
 *     section opaque, and then that snapshot loads to the machine's state;
 *   - a migration failing that way leaves a file the shim's load refuses at
 *     the failed section, naming it.
 * Expected states come from the emulator without the shim.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "shimtest.h"
#include "tap.h"

static char *dir, failshim[4200];

static char *path(const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    return p;
}

/* The emulator under the failing shim; spec is SV_FAILALLOC (NULL: nothing fails). */
static void fail_run(const char *spec, const char *count_file, const char *const *args, struct proc *p)
{
    char lib[4300], k[64] = "-SV_FAILALLOC", cnt[4200] = "-SV_FAILALLOC_COUNT";
    const char *env[] = { lib, k, cnt, NULL };

    snprintf(lib, sizeof lib, "SAVEVM_SHIM_LIBRARY=%s", failshim);
    if (spec)
        snprintf(k, sizeof k, "SV_FAILALLOC=%s", spec);
    if (count_file)
        snprintf(cnt, sizeof cnt, "SV_FAILALLOC_COUNT=%s", count_file);
    st_exec(NULL, args, env, p);
}

/* How many of the shim's allocations a run makes. */
static long allocations(const char *const *args)
{
    char *cnt = path("count"), *text;
    struct proc p;
    long n;

    unlink(cnt);
    fail_run(NULL, cnt, args, &p);
    if (p.status != 0)
        bail("%s %s ...: status %d: %s", args[0], args[1], p.status, p.err);
    proc_free(&p);
    text = slurp(cnt, NULL);
    if (!text)
        bail("the failing shim wrote no count to %s", cnt);
    n = strtol(text, NULL, 10);
    free(text);
    free(cnt);
    return n;
}

static char *plain_state(const char *const *args)
{
    struct proc p;
    char *out;

    proc_run(args, NULL, NULL, &p);
    if (p.status != 0)
        bail("%s: status %d: %s", args[0], p.status, p.err);
    out = p.out;
    p.out = NULL;
    proc_free(&p);
    return out;
}

/* The state the normal shim loads from a snapshot; NULL when the load fails. */
static char *loaded_state(const char *snap)
{
    const char *args[] = { st_emu, "--load", snap, "--print-state", NULL };
    struct proc p;
    char *out = NULL;

    st_exec(NULL, args, NULL, &p);
    if (p.status == 0) {
        out = p.out;
        p.out = NULL;
    }
    proc_free(&p);
    return out;
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* `section "X" instance N` from the shim's message, or "" */
static void failed_section(const char *err, char *out, size_t len)
{
    const char *m = strstr(err, "savevm-shim: save failed: "), *s = m ? strstr(m, "section \"") : NULL;
    const char *colon = s ? strchr(s, ':') : NULL;

    snprintf(out, len, "%.*s", colon ? (int)(colon - s) : 0, colon ? s : "");
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *b = slurp(from, &len);

    if (!b)
        bail("cannot read %s", from);
    st_write_file(to, b, len);
    free(b);
}

int main(void)
{
    char *a, *b, *old, *a_ref, *b_ref, *m;
    const char *ref_args[] = { NULL, "--ticks", "3", "--print-state", "--ticks", "2", "--print-state", NULL };
    const char *three[] = { NULL, "--ticks", "3", "--print-state", NULL };
    const char *five[] = { NULL, "--ticks", "5", "--print-state", NULL };
    const char *run_args[] = { NULL, "--ticks", "3", "--print-state", "--savevm", NULL, "--ticks", "2",
                               "--save", NULL, "--print-state", NULL };
    const char *save_args[] = { NULL, "--ticks", "3", "--print-state", "--savevm", NULL, NULL };
    const char *migrate_args[] = { NULL, "--ticks", "3", "--save", NULL, NULL };
    char *ref_out, *ref3, *ref5, *s;
    long c0, c1, stride;
    int all = getenv("SV_SWEEP_ALL") && *getenv("SV_SWEEP_ALL");
    struct proc p;

    tap_init();
    plan_lazy();
    st_init();
    snprintf(failshim, sizeof failshim, "%s/t/.libs/libsvfailshim.so", tap_env("SV_TOP_BUILDDIR"));
    if (access(failshim, R_OK) != 0)
        bail("%s: not built", failshim);
    dir = scratch_dir("save-fail");
    a = path("a.sv");
    b = path("b.sv");
    old = path("old.sv");
    a_ref = path("a-ref.sv");
    b_ref = path("b-ref.sv");
    m = path("m.sv");
    ref_args[0] = three[0] = five[0] = run_args[0] = save_args[0] = migrate_args[0] = st_emu;
    run_args[5] = save_args[5] = a;
    run_args[9] = b;
    migrate_args[4] = m;

    ref_out = plain_state(ref_args);
    ref3 = plain_state(three);
    ref5 = plain_state(five);

    /* what a run that never fails saves */
    fail_run(NULL, NULL, run_args, &p);
    is_int(p.status, 0, "without failures: savevm, then save, under the failing shim's build");
    ok(strcmp(p.out, ref_out) == 0, "... the machine's state is the unshimmed machine's");
    proc_free(&p);
    copy_file(a, a_ref);
    copy_file(b, b_ref);
    s = loaded_state(a_ref);
    ok(s && strcmp(s, ref3) == 0, "... its savevm loads to the state it was taken in");
    free(s);
    s = loaded_state(b_ref);
    ok(s && strcmp(s, ref5) == 0, "... and so does the save after it");
    free(s);
    {
        const char *args[] = { st_emu, "--ticks", "1", "--savevm", old, NULL };

        st_exec(NULL, args, NULL, &p);
        is_int(p.status, 0, "an earlier snapshot under the same name");
        proc_free(&p);
    }

    /* the save's allocations are [c0, c1) */
    c0 = allocations(three);
    c1 = allocations(save_args);
    ok(c1 - c0 >= 20, "a savevm makes %ld of the shim's allocations (after %ld at start-up)", c1 - c0, c0);
    stride = all || c1 - c0 < 40 ? 1 : (c1 - c0) / 40;

    /* memory gone from allocation k to the end of that save */
    {
        long runs = 0, wrong = 0;
        char why[512] = "";

        for (long k = c0; k < c1; k += stride) {
            char spec[32], sec[300];
            const char *bad = NULL;

            snprintf(spec, sizeof spec, "%ld+", k);
            copy_file(old, a);
            unlink(b);
            fail_run(spec, NULL, run_args, &p);
            failed_section(p.err, sec, sizeof sec);
            if (p.status != 0)
                bad = "the emulator ended";
            else if (strcmp(p.out, ref_out) != 0)
                bad = "the machine's state changed";
            else if (!strstr(p.err, "Error -5 while writing VM\n"))
                bad = "the savevm did not fail as a savevm";
            else if (count_of(p.err, "savevm-shim: save failed: ") != 1 || !sec[0])
                bad = "not one message naming the section";
            else if (!proc_same_file(a, old))
                bad = "the earlier snapshot is gone";
            else if (!proc_same_file(b, b_ref))
                bad = "the next save differs from a save that never failed";
            if (bad && !wrong++)
                snprintf(why, sizeof why, "SV_FAILALLOC=%s: %s; stderr: %s", spec, bad, p.err);
            runs++;
            proc_free(&p);
        }
        if (!is_int(wrong, 0, "memory gone in a savevm (%ld points of %ld): it fails, the guest runs on, "
                    "the next save is whole", runs, c1 - c0))
            diag("first: %s", why);
    }

    /* one allocation failing: the section goes opaque, or the save fails */
    {
        long runs = 0, wrong = 0, failed = 0, opaque = 0;
        char why[512] = "";

        /* every stride-th point, and the save's last (its last sections' bodies) */
        for (long k = c0; k < c1; k = k + stride < c1 || k == c1 - 1 ? k + stride : c1 - 1) {
            char spec[32];
            const char *bad = NULL;

            snprintf(spec, sizeof spec, "%ld", k);
            copy_file(old, a);
            unlink(b);
            fail_run(spec, NULL, run_args, &p);
            if (p.status != 0)
                bad = "the emulator ended";
            else if (strcmp(p.out, ref_out) != 0)
                bad = "the machine's state changed";
            else if (!proc_same_file(b, b_ref))
                bad = "the next save differs from a save that never failed";
            else if (strstr(p.err, "Error -5 while writing VM\n")) {
                failed++;
                if (!proc_same_file(a, old))
                    bad = "the earlier snapshot is gone";
            } else {
                char *got = loaded_state(a);

                opaque++;
                if (!got || strcmp(got, ref3) != 0)
                    bad = "a savevm that succeeded does not load to its state";
                free(got);
            }
            if (bad && !wrong++)
                snprintf(why, sizeof why, "SV_FAILALLOC=%s: %s; stderr: %s", spec, bad, p.err);
            runs++;
            proc_free(&p);
        }
        if (!is_int(wrong, 0, "one allocation failing in a savevm (%ld points): nothing is lost", runs))
            diag("first: %s", why);
        ok(failed > 0 && opaque > 0, "... which the save survives with a section opaque (%ld) or fails "
           "(%ld)", opaque, failed);
    }

    /* a migration that fails: what reached the file is refused at the failed section */
    {
        long runs = 0, wrong = 0;
        char why[700] = "";

        for (long k = c0; k < c1; k += stride * 4) {
            char spec[32], sec[300];
            const char *bad = NULL;
            const char *load[] = { st_emu, "--load", m, "--print-state", NULL };
            struct proc q;

            snprintf(spec, sizeof spec, "%ld+", k);
            unlink(m);
            fail_run(spec, NULL, migrate_args, &p);
            failed_section(p.err, sec, sizeof sec);
            st_exec(NULL, load, NULL, &q);
            if (p.status != 1 || !strstr(p.err, "migration failed\n") || !sec[0])
                bad = "the migration did not fail, naming the section";
            else if (access(m, R_OK) != 0)
                bad = "no file (the emulator's migration leaves what it wrote)";
            else if (q.status != 1 || q.out_len != 0)
                bad = "the shim's load did not refuse the file";
            else if (!strstr(q.err, "savevm-shim: load failed: ") || !strstr(q.err, sec))
                bad = "the load's message does not name the failed section";
            if (bad && !wrong++)
                snprintf(why, sizeof why, "SV_FAILALLOC=%s: %s; save: %sload: %s", spec, bad, p.err, q.err);
            runs++;
            proc_free(&p);
            proc_free(&q);
        }
        if (!is_int(wrong, 0, "a failed migration's file (%ld points) is refused at the failed section", runs))
            diag("first: %s", why);
    }

    free(ref_out);
    free(ref3);
    free(ref5);
    free(a);
    free(b);
    free(old);
    free(a_ref);
    free(b_ref);
    free(m);
    rmtree(dir);
    free(dir);
    return 0;
}
