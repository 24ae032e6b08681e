/*
 * Failures are never silent under the shim: out-of-bounds values (legacy and
 * tagged), truncated and corrupted streams end the emulator with status 1
 * on --load and --loadvm, naming device, instance, field and reason.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "shimtest.h"
#include "tap.h"

static const char *emu, *dir;
static char logpath[600];

static int under_shim(const char *action, const char *file, struct proc *p)
{
    const char *args[] = { emu, action, file, "--print-state", NULL };

    return st_exec(logpath, args, NULL, p);
}

static int plain(const char *action, const char *file, struct proc *p)
{
    const char *argv[] = { emu, action, file, "--print-state", NULL };

    return proc_run(argv, NULL, NULL, p);
}

static int log_has(const char *needle)
{
    return st_file_has(logpath, needle);
}

static char *save(const char *name, int tagged, char **listing)
{
    char *path;
    struct proc p;

    if (asprintf(&path, "%s/%s", dir, name) < 0)
        abort();
    if (tagged) {
        const char *args[] = { emu, "--ticks", "4", "--save", path, NULL };

        st_exec(NULL, args, NULL, &p);
    } else {
        const char *argv[] = { emu, "--ticks", "4", "--sections", "-", "--save", path, NULL };

        proc_run(argv, NULL, NULL, &p);
        *listing = p.err;
        p.err = NULL;
    }
    if (p.status != 0)
        bail("saving %s failed: %s", name, p.err);
    proc_free(&p);
    return path;
}

/* Expects both --load and --loadvm to end with status 1 and the messages. */
static void refused(const char *label, const char *file, const char *n1, const char *n2)
{
    static const char *const actions[] = { "--load", "--loadvm" };

    for (int i = 0; i < 2; i++) {
        struct proc p;

        under_shim(actions[i], file, &p);
        is_int(p.status, 1, "%s, %s: the emulator ends with status 1", label, actions[i]);
        ok(log_has("hooked") && log_has("load start") && log_has("load end: failed"),
           "%s, %s: the log shows the shim hooked and the load failed", label, actions[i]);
        is_int(p.out_len, 0, "%s, %s: no state was printed (it did not run on)", label, actions[i]);
        if (n1)
            like(p.err, n1, "%s, %s: the message names it", label, actions[i]);
        if (n2)
            like(p.err, n2, "%s, %s: and says why", label, actions[i]);
        proc_free(&p);
    }
}

int main(void)
{
    char *listing = NULL, *legacy, *tagged, *bad;
    char *buf;
    size_t len;
    long off;
    struct proc p;

    tap_init();
    plan_lazy();
    st_init();
    emu = st_emu;
    dir = scratch_dir("shim-load");
    snprintf(logpath, sizeof logpath, "%s/shim.log", dir);
    legacy = save("legacy.sv", 0, &listing);
    tagged = save("tagged.sv", 1, NULL);
    if (asprintf(&bad, "%s/bad.sv", dir) < 0)
        return 1;

    /* i8254 channel[1].count: 0 is outside 1..65536 (a zero count divides by zero) */
    off = st_section_offset(listing, "i8254", 64);
    ok(off > 0, "the i8254 section is at offset %ld", off);
    buf = slurp(legacy, &len);
    memset(buf + off + 40, 0, 4);
    st_write_file(bad, buf, len);
    free(buf);
    plain("--load", bad, &p);
    is_int(p.status, 0, "unshimmed, the legacy loader takes the out-of-bounds count");
    proc_free(&p);
    refused("legacy count 0", bad, "section \"i8254\" instance 64: field \"channel[1].count\"",
            "value 0 out of range");

    /* the same value in the tagged form */
    buf = slurp(tagged, &len);
    {
        char *name = memmem(buf, len, "channel[1].count", 16);

        ok(name != NULL, "the tagged stream names channel[1].count");
        if (name)
            memset(name + 16 + 1 + 1 + 4, 0, 4);      /* type, flags, count, then the u32 */
    }
    st_write_file(bad, buf, len);
    free(buf);
    refused("tagged count 0", bad, "field \"channel[1].count\"", "value 0 out of range");

    /* cut inside the mc146818rtc section */
    off = st_section_offset(listing, "mc146818rtc", 112);
    buf = slurp(legacy, &len);
    st_write_file(bad, buf, (size_t)off + 100);
    free(buf);
    plain("--loadvm", bad, &p);
    is_int(p.status, 0, "unshimmed, --loadvm of a truncated stream carries on (the legacy flaw)");
    proc_free(&p);
    refused("legacy truncated", bad, "mc146818rtc", NULL);

    buf = slurp(tagged, &len);
    st_write_file(bad, buf, len / 2 + len / 4);
    free(buf);
    refused("tagged truncated", bad, "load failed", NULL);

    /* cut exactly before the fdc section's header: the core takes the end for EOF */
    off = st_section_offset(listing, "fdc", 1008);
    buf = slurp(legacy, &len);
    st_write_file(bad, buf, (size_t)off - (1 + 4 + 1 + 3 + 4 + 4));
    free(buf);
    plain("--loadvm", bad, &p);
    is_int(p.status, 0, "unshimmed, a stream cut between sections loads as if whole");
    proc_free(&p);
    refused("cut between sections", bad, "the stream ended early", NULL);

    /* the ram section's size record: the live load fails, which 0.11 ignores */
    buf = slurp(legacy, &len);
    buf[8 + 17 + 5] ^= 0x10;
    st_write_file(bad, buf, len);
    free(buf);
    refused("ram size", bad, "section \"ram\" instance 0", "live section's load failed");

    /* cut inside the ram section: 0.11's ram load would read zeros for ever */
    buf = slurp(legacy, &len);
    st_write_file(bad, buf, 8 + 17 + 8 + 1000);
    free(buf);
    refused("cut inside ram", bad, "section \"ram\" instance 0", "the stream ends inside");

    /* an idstr the emulator does not know: the core fails, not a device */
    buf = slurp(legacy, &len);
    {
        char *name = memmem(buf, len, "\x05i8254", 6);

        if (name)
            name[1] = 'X';
    }
    st_write_file(bad, buf, len);
    free(buf);
    refused("unknown section", bad, "load failed", NULL);

    free(listing);
    free(legacy);
    free(tagged);
    free(bad);
    rmtree(dir);
    free((char *)dir);
    return 0;
}
