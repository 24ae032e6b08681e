/*
 * The shim's checks that a device's own load cannot back up, on the
 * emulator's emu-quirk (legacy-emu --quirk, doc/EMU.md): its load takes any
 * version, and with an odd counter its save adds a byte its descriptor
 * leaves out.  Such a save is kept opaque and loads back to the same
 * state; the shim refuses an opaque body, and a legacy section, of a
 * version above the device's, which the device itself would take.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "shimtest.h"
#include "sv-tagged.h"
#include "tap.h"

static char *dir, logpath[4200];

/* Runs the emulator with --quirk, under the shim or not. */
static void quirk_run(int shim, const char *const *acts, struct proc *p)
{
    const char *args[16] = { st_emu, "--quirk" };
    size_t n = 2;

    for (; *acts && n < 15; acts++)
        args[n++] = *acts;
    args[n] = NULL;
    if (shim)
        st_exec(logpath, args, NULL, p);
    else
        proc_run(args, NULL, NULL, p);
}

static char *path_of(const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0)
        bail("out of memory");
    return p;
}

/* Writes buf with the 4 bytes at `at` replaced by be32 v. */
static void write_patched(const char *path, const char *buf, size_t len, long at, uint32_t v)
{
    char *copy = malloc(len);

    memcpy(copy, buf, len);
    copy[at] = (char)(v >> 24), copy[at + 1] = (char)(v >> 16), copy[at + 2] = (char)(v >> 8);
    copy[at + 3] = (char)v;
    st_write_file(path, copy, len);
    free(copy);
}

int main(void)
{
    char *tagged = NULL, *legacy = NULL, *bad;
    char *odd_state;
    size_t tlen, llen;
    struct st_counts cnt;
    struct proc p;

    tap_init();
    plan_lazy();
    st_init();
    dir = scratch_dir("shim-quirk");
    snprintf(logpath, sizeof logpath, "%s/shim.log", dir);
    bad = path_of("bad.sv");

    /* an odd counter: the save is one the descriptor cannot reproduce */
    {
        char *t = path_of("odd-tagged.sv");
        const char *save[] = { "--ticks", "5", "--print-state", "--save", t, NULL };

        quirk_run(0, (const char *[]){ "--ticks", "5", "--print-state", NULL }, &p);
        odd_state = p.out;
        p.out = NULL;
        proc_free(&p);
        like(odd_state, "emu-quirk.counter=5\n", "the emulator's emu-quirk counts ticks (5: odd)");
        quirk_run(1, save, &p);
        is_int(p.status, 0, "odd counter: saved under the shim");
        proc_free(&p);
        st_count_sections(t, &cnt);
        is_int(cnt.opaque, 1, "odd counter: exactly one section is opaque");
        is_str(cnt.opaque_idstrs, "emu-quirk", "  emu-quirk, whose 5 bytes its 4-byte descriptor cannot reproduce");
        is_int(cnt.tagged, cnt.full - 1, "  every other section is tagged (%d of %d)", cnt.tagged, cnt.full);
        ok(st_file_has(logpath, "emu-quirk") && st_file_has(logpath, "opaque"), "  the log says it was kept opaque");
        quirk_run(1, (const char *[]){ "--load", t, "--print-state", NULL }, &p);
        is_int(p.status, 0, "the opaque save loads under the shim");
        is_str(p.out, odd_state, "  to the state it was saved in (counter and check byte)");
        proc_free(&p);
        tagged = slurp(t, &tlen);
        free(t);
    }

    /* an even counter: the same device's save is described, so tagged */
    {
        char *t = path_of("even-tagged.sv");

        quirk_run(1, (const char *[]){ "--ticks", "6", "--save", t, NULL }, &p);
        proc_free(&p);
        st_count_sections(t, &cnt);
        ok(cnt.full > 0 && cnt.opaque == 0 && cnt.tagged == cnt.full,
           "even counter: all %d sections tagged, none opaque (%d)", cnt.full, cnt.opaque);
        free(t);
    }

    /*
     * An opaque body of version 2 (F-8, at body offset 10): the device is
     * version 1 and its load would take it, so the shim's check
     * (descriptors/transcode.c) is all that refuses it.
     */
    {
        const char *name = tagged ? memmem(tagged, tlen, "\x09" "emu-quirk", 10) : NULL;
        long body = name ? (long)(name - tagged) + 10 + 4 + 4 : -1;

        ok(body > 0 && memcmp(tagged + body, SV_TAGGED_MAGIC, 4) == 0 && tagged[body + 5] == SV_KIND_OPAQUE,
           "the shim's save holds emu-quirk's opaque body");
        if (body > 0) {
            write_patched(bad, tagged, tlen, body + 10, 2);
            quirk_run(1, (const char *[]){ "--load", bad, "--print-state", NULL }, &p);
            is_int(p.status, 1, "an opaque body of version 2 for the version 1 device: refused, status 1");
            like(p.err, "section \"emu-quirk\" instance 0", "  naming the section");
            like(p.err, "opaque body holds version 2, the device here has version 1", "  and why");
            is_int(p.out_len, 0, "  before the emulator runs on");
            proc_free(&p);
        }
    }

    /*
     * A legacy section of version 2: the core passes it (the shim registers
     * the device at T) and the device would take it, so the shim's check
     * (shim/wrap.c) is all that refuses it.  Unshimmed, the core refuses it.
     */
    {
        char *l = path_of("legacy.sv");
        struct st_section secs[64];
        int nsec;
        long off = -1;

        quirk_run(0, (const char *[]){ "--ticks", "6", "--sections", "-", "--save", l, NULL }, &p);
        nsec = st_sections(p.err, secs, 64);
        for (int i = 0; i < nsec; i++)
            if (strcmp(secs[i].idstr, "emu-quirk") == 0)
                off = secs[i].off;
        proc_free(&p);
        legacy = slurp(l, &llen);
        ok(off > 4 && legacy, "the legacy save holds emu-quirk v1");
        if (off > 4 && legacy) {
            write_patched(bad, legacy, llen, off - 4, 2);      /* the header's version_id */
            quirk_run(0, (const char *[]){ "--load", bad, NULL }, &p);
            like(p.err, "savevm: unsupported version 2 for 'emu-quirk' v1", "unshimmed, the core refuses v2");
            proc_free(&p);
            quirk_run(1, (const char *[]){ "--load", bad, "--print-state", NULL }, &p);
            is_int(p.status, 1, "under the shim, a legacy v2 section for the version 1 device: refused, status 1");
            like(p.err, "legacy version 2 above the device's 1", "  saying why");
            is_int(p.out_len, 0, "  before the emulator runs on");
            proc_free(&p);
        }
        free(l);
    }

    free(tagged);
    free(legacy);
    free(odd_state);
    free(bad);
    rmtree(dir);
    free(dir);
    return 0;
}
