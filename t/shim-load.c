/*
 * Failures are never silent under the shim: out-of-bounds values (legacy and
 * tagged), truncated and corrupted streams end the emulator with status 1
 * on --load and --loadvm, naming device, instance, field and reason.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "shimtest.h"
#include "tap.h"

static struct st_fixture fx;

/* Expects both --load and --loadvm to end with status 1 and the messages. */
static void refused(const char *label, const char *file, const char *n1, const char *n2)
{
    static const char *const actions[] = { "--load", "--loadvm" };

    for (int i = 0; i < 2; i++) {
        struct proc p;

        st_load(&fx, actions[i], file, &p);
        is_int(p.status, 1, "%s, %s: the emulator ends with status 1", label, actions[i]);
        ok(st_log_has(&fx, "hooked") && st_log_has(&fx, "load start") && st_log_has(&fx, "load end: failed"),
           "%s, %s: the log shows the shim hooked and the load failed", label, actions[i]);
        is_int(p.out_len, 0, "%s, %s: no state was printed (it did not run on)", label, actions[i]);
        if (n1)
            like(p.err, n1, "%s, %s: the message names it", label, actions[i]);
        if (n2)
            like(p.err, n2, "%s, %s: and says why", label, actions[i]);
        proc_free(&p);
    }
}

/*
 * The tagged stream with its first body's release profile (F-9) made
 * `profile`: the body's length grows with the label.  NULL when there is
 * no body.
 */
static char *with_profile(const char *profile, size_t *out_len, char *idstr, size_t idlen)
{
    char *b = fx.tagged, *o;
    size_t n = strlen(profile), at, plen, blen;
    char *body = memmem(b, fx.tagged_len, "SVTG", 4);

    if (!body || !(o = malloc(fx.tagged_len + n)))
        return NULL;
    at = (size_t)(body - b);
    plen = (uint8_t)body[14];
    blen = (size_t)((uint8_t)body[6] << 24 | (uint8_t)body[7] << 16 | (uint8_t)body[8] << 8 | (uint8_t)body[9]);
    memcpy(o, b, at + 14);
    o[at + 14] = (char)n;
    memcpy(o + at + 15, profile, n);
    memcpy(o + at + 15 + n, body + 15 + plen, fx.tagged_len - at - 15 - plen);
    blen += n - plen;
    for (int i = 0; i < 4; i++)
        o[at + 6 + i] = (char)(blen >> (24 - 8 * i));
    *out_len = fx.tagged_len + n - plen;
    /* the section's idstr: its header ends with idstr-len idstr instance(4) version(4) */
    for (size_t k = 1; k < 64 && k + 9 <= at; k++) {
        size_t l = (uint8_t)b[at - 8 - k - 1];

        if (l == k) {
            snprintf(idstr, idlen, "%.*s", (int)k, b + at - 8 - k);
            break;
        }
    }
    return o;
}

int main(void)
{
    const char *bad;
    char *buf;
    size_t len;
    long off;
    struct proc p;

    st_setup(&fx, "shim-load", 4);

    /* i8254 channel[1].count: 0 is outside 1..65536 (a zero count divides by zero) */
    off = st_section_offset(fx.listing, "i8254", 64);
    ok(off > 0, "the i8254 section is at offset %ld", off);
    buf = slurp(fx.legacy_path, &len);
    memset(buf + off + 40, 0, 4);
    bad = st_write_bad(&fx, buf, len);
    free(buf);
    st_load_plain("--load", bad, &p);
    is_int(p.status, 0, "unshimmed, the legacy loader takes the out-of-bounds count");
    proc_free(&p);
    refused("legacy count 0", bad, "section \"i8254\" instance 64: field \"channel[1].count\"",
            "value 0 out of range");

    /* the same value in the tagged form */
    buf = slurp(fx.tagged_path, &len);
    {
        char *name = memmem(buf, len, "channel[1].count", 16);

        ok(name != NULL, "the tagged stream names channel[1].count");
        if (name)
            memset(name + 16 + 1 + 1 + 4, 0, 4);      /* type, flags, count, then the u32 */
    }
    st_write_bad(&fx, buf, len);
    free(buf);
    refused("tagged count 0", bad, "field \"channel[1].count\"", "value 0 out of range");

    /* cut inside the mc146818rtc section */
    off = st_section_offset(fx.listing, "mc146818rtc", 112);
    st_write_bad(&fx, fx.legacy, (size_t)off + 100);
    st_load_plain("--loadvm", bad, &p);
    is_int(p.status, 0, "unshimmed, --loadvm of a truncated stream carries on (the legacy flaw)");
    proc_free(&p);
    refused("legacy truncated", bad, "mc146818rtc", NULL);

    st_write_bad(&fx, fx.tagged, fx.tagged_len / 2 + fx.tagged_len / 4);
    refused("tagged truncated", bad, "load failed", NULL);

    /* a body saved by a release without a bridge to the emulator's: refused by both names */
    {
        static const char *const rels[] = { "0.10", "0.12" };

        for (int i = 0; i < 2; i++) {
            char idstr[80] = "", want[200];
            char *o = with_profile(rels[i], &len, idstr, sizeof idstr);

            ok(o && idstr[0], "a tagged stream whose first body says release %s (section \"%s\")", rels[i], idstr);
            if (!o)
                continue;
            st_write_bad(&fx, o, len);
            free(o);
            snprintf(want, sizeof want, "section \"%s\"", idstr);
            refused(rels[i], bad, want, rels[i][3] == '0' ?
                    "a body saved by release 0.10: there is no bridge from release 0.10 to this emulator's (emu)" :
                    "a body saved by release 0.12: there is no bridge from release 0.12 to this emulator's (emu)");
        }
    }

    /* cut exactly before the fdc section's header: the core takes the end for EOF */
    off = st_section_offset(fx.listing, "fdc", 1008);
    st_write_bad(&fx, fx.legacy, (size_t)off - (1 + 4 + 1 + 3 + 4 + 4));
    st_load_plain("--loadvm", bad, &p);
    is_int(p.status, 0, "unshimmed, a stream cut between sections loads as if whole");
    proc_free(&p);
    refused("cut between sections", bad, "the stream ended early", NULL);

    /* the ram section's size record: the live load fails, which 0.11 ignores */
    buf = slurp(fx.legacy_path, &len);
    buf[8 + 17 + 5] ^= 0x10;
    st_write_bad(&fx, buf, len);
    free(buf);
    refused("ram size", bad, "section \"ram\" instance 0", "live section's load failed");

    /* cut inside the ram section: 0.11's ram load would read zeros for ever */
    st_write_bad(&fx, fx.legacy, 8 + 17 + 8 + 1000);
    refused("cut inside ram", bad, "section \"ram\" instance 0", "the stream ends inside");

    /* an idstr the emulator does not know: the core fails, not a device */
    buf = slurp(fx.legacy_path, &len);
    {
        char *name = memmem(buf, len, "\x05i8254", 6);

        if (name)
            name[1] = 'X';
    }
    st_write_bad(&fx, buf, len);
    free(buf);
    refused("unknown section", bad, "load failed", NULL);

    st_teardown(&fx);
    return 0;
}
