/* The emulator writes QEMU 0.11.1's bytes: each shared device's section
 * against golden vectors (t/emu-golden-vectors.h), section headers, ids
 * and order, the stream's head and tail, for every build variant. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu-golden-vectors.h"
#include "emu-run.h"
#include "tap.h"

struct golden {
    const char *idstr;
    int instance, version, section_id;
    const uint8_t *poweron, *ticks3;
    size_t poweron_len, ticks3_len;
};

#define G(id, inst, ver, sid, a, b) { id, inst, ver, sid, a, b, sizeof a, sizeof b }

/* Registration order of QEMU 0.11.1's -M pc for these devices; "ram" is
 * section 1, between timer and cpu_common. */
static const struct golden goldens[] = {
    G("timer", 0, 2, 0, g0_timer, g3_timer),
    G("cpu_common", 0, 1, 2, g0_cpu_common, g3_cpu_common),
    G("i8259", 32, 1, 3, g0_i8259_master, g3_i8259_master),
    G("i8259", 160, 1, 4, g0_i8259_slave, g3_i8259_slave),
    G("mc146818rtc", 112, 1, 5, g0_rtc, g0_rtc),    /* ticks3 patched below */
    G("i8254", 64, 1, 6, g0_i8254, g3_i8254),
    G("serial", 1016, 3, 7, g0_serial, g3_serial),
    G("pckbd", 0, 3, 8, g0_pckbd, g3_pckbd),
    G("ps2kbd", 0, 3, 9, g0_ps2kbd, g3_ps2kbd),
    G("ps2mouse", 0, 2, 10, g0_ps2mouse, g3_ps2mouse),
    G("dma", 0, 1, 11, g0_dma0, g3_dma0),
    G("dma", 1, 1, 12, g0_dma1, g3_dma1),
    G("fdc", 1008, 2, 13, g0_fdc, g3_fdc),
    G("emu-ring", 0, 1, 14, g0_emu_ring, g3_emu_ring),
    G("emu-disk", 0, 1, 15, g0_emu_disk, g3_emu_disk),
    G("emu-net", 0, 1, 16, g0_emu_net, g3_emu_net),
    G("emu-versioned", 0, 3, 17, g0_emu_versioned, g3_emu_versioned),
};

#define N_GOLDEN (int)(sizeof goldens / sizeof goldens[0])

/* After three ticks the RTC differs from power-on only in cmos_index. */
static uint8_t g3_rtc[sizeof g0_rtc];

static void check_header(const uint8_t *s, size_t len, const struct er_section *si,
                         const struct golden *g, const char *what)
{
    size_t idlen = strlen(g->idstr), hlen = 1 + 4 + 1 + idlen + 4 + 4;
    uint8_t want[1 + 4 + 1 + 256 + 8], *p = want;

    if (si->offset < (long)hlen || (size_t)si->offset > len) {
        ok(0, "%s: %s header in the file", what, g->idstr);
        return;
    }
    *p++ = 0x04;                        /* FULL */
    *p++ = 0, *p++ = 0, *p++ = 0, *p++ = (uint8_t)g->section_id;
    *p++ = (uint8_t)idlen;
    memcpy(p, g->idstr, idlen), p += idlen;
    *p++ = (uint8_t)(g->instance >> 24), *p++ = (uint8_t)(g->instance >> 16);
    *p++ = (uint8_t)(g->instance >> 8), *p++ = (uint8_t)g->instance;
    *p++ = 0, *p++ = 0, *p++ = 0, *p++ = (uint8_t)g->version;
    is_blob(s + si->offset - hlen, hlen, want, hlen, "%s: %s %d FULL header (id %d, v%d)", what,
            g->idstr, g->instance, g->section_id, g->version);
}

static void check_state(const char *emu, const char *what, int ticks3)
{
    const char *save = er_scratch("golden.sv"), *report = er_scratch("golden.sections");
    const char *argv[] = { emu, "--sections", report, "--ticks", ticks3 ? "3" : "0",
                           "--save", save, NULL };
    struct er_section si[64];
    struct er_result r;
    uint8_t *s;
    size_t len;
    int n;

    er_run(argv, &r);
    is_int(r.status, 0, "%s: --save exits 0", what);
    if (r.err_len)
        diag("stderr: %s", r.err);
    er_run_free(&r);
    n = er_parse_sections(report, si, 64);
    s = er_slurp(save, &len);
    if (!s || n < 0)
        bail("%s: no stream or no --sections report", what);

    is_int(n, N_GOLDEN, "%s: one FULL section per device", what);
    ok(len > 40 && memcmp(s, "QEVM\0\0\0\3", 8) == 0, "%s: QEVM version 3", what);
    {
        static const uint8_t ram_start[] = {
            0x01, 0, 0, 0, 1,               /* START, section id 1 */
            3, 'r', 'a', 'm', 0, 0, 0, 0,   /* "ram", instance 0 */
            0, 0, 0, 3,                     /* version 3 */
            0, 0, 0, 0, 0, 0x10, 0, 0x04,   /* RAM size 1 MiB | MEM_SIZE */
        };
        is_blob(s + 8, sizeof ram_start, ram_start, sizeof ram_start,
                "%s: live ram START comes first, with the memory size", what);
    }
    ok(len > 0 && s[len - 1] == 0x00, "%s: ends with EOF", what);
    if (n > 0)
        is_int(si[n - 1].offset + si[n - 1].length, (long long)len - 1,
               "%s: EOF right after the last section", what);

    for (int i = 0; i < N_GOLDEN; i++) {
        const struct golden *g = &goldens[i];
        const struct er_section *f = i < n ? &si[i] : NULL;
        const uint8_t *want = ticks3 ? g->ticks3 : g->poweron;
        size_t want_len = ticks3 ? g->ticks3_len : g->poweron_len;

        if (ticks3 && strcmp(g->idstr, "mc146818rtc") == 0)
            want = g3_rtc;
        if (!f || strcmp(f->idstr, g->idstr) != 0 || f->instance != g->instance) {
            ok(0, "%s: section %d is %s %d", what, i, g->idstr, g->instance);
            continue;
        }
        is_int(f->version, g->version, "%s: %s %d version", what, g->idstr, g->instance);
        check_header(s, len, f, g, what);
        if ((size_t)(f->offset + f->length) <= len)
            is_blob(s + f->offset, (size_t)f->length, want, want_len, "%s: %s %d bytes (%zu)",
                    what, g->idstr, g->instance, want_len);
        else
            ok(0, "%s: %s section inside the file", what, g->idstr);
    }
    free(s);
}

int main(void)
{
    const char *variants[][2] = {
        { "SV_EMU", "non-PIE" }, { "SV_EMU_PIE", "PIE" }, { "SV_EMU_STRIPPED", "stripped" },
    };

    tap_init();
    plan_lazy();
    memcpy(g3_rtc, g0_rtc, sizeof g3_rtc);
    g3_rtc[128] = 3;                    /* cmos_index: the guest polled three times */

    for (size_t v = 0; v < 3; v++) {
        const char *emu = tap_env(variants[v][0]);
        char what[64];

        snprintf(what, sizeof what, "%s power-on", variants[v][1]);
        check_state(emu, what, 0);
        snprintf(what, sizeof what, "%s --ticks 3", variants[v][1]);
        check_state(emu, what, 1);
    }
    return 0;
}
