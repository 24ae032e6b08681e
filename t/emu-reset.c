/*
 * svtool reset against the device's own reset: a snapshot reset with
 * `svtool reset --section IDSTR` and loaded under the shim must leave the
 * emulator in the state its own reset gives (`legacy-emu --reset IDSTR`),
 * field for field.  The fields the legacy reset leaves as they were (the
 * required ones) keep the snapshot's values in both; the fields whose reset
 * value the section cannot know (the clock at the reset, which CPU, the
 * configuration) keep the snapshot's values under svtool.  Those lists are
 * written here from the QEMU 0.11.1 reset handlers (file:line), not from
 * the tables.  Every other device keeps its state.
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "shimtest.h"
#include "tap.h"

#define TICKS "5"

struct reset_case {
    const char *idstr;
    const char *const *left;            /* the reset leaves them ("x*": prefix) */
    const char *const *unknowable;      /* the reset computes them from outside */
    int changes;                        /* the reset changes some field at TICKS */
    const char *derived;                /* a field the load recomputes in bits ... */
    unsigned long long derived_bits;    /* ... these (compared without them) */
};

static const char *const none[] = { NULL };
/* hw/i8259.c:264-284 pic_reset: "ELCR is not reset" */
static const char *const i8259_left[] = { "elcr", NULL };
/* hw/mc146818rtc.c:577-590 rtc_reset only masks bits of registers B and C
 * in cmos_data (a default cannot say "clear these bits"), and leaves the
 * rest */
static const char *const rtc_left[] = { "cmos_index", "tm_*", "periodic_timer", "next_periodic_time",
                                        "next_second_time", "second_timer", "second_timer2", NULL };
static const char *const rtc_unknowable[] = { "cmos_data", NULL };
/* hw/i8254.c:452-464 pit_reset sets mode, gate and (:227-234) count and
 * count_load_time = the vm_clock, from which :363-383 sets channel 0's
 * timer; the latches and read/write state stay */
static const char *const i8254_left[] = { "channel[*].latched_count", "channel[*].count_latched",
                                          "channel[*].status_latched", "channel[*].status",
                                          "channel[*].read_state", "channel[*].write_state",
                                          "channel[*].write_latch", "channel[*].rw_mode",
                                          "channel[*].bcd", NULL };
static const char *const i8254_unknowable[] = { "channel[*].count_load_time",
                                                "channel[*].next_transition_time",
                                                "channel[*].irq_timer", NULL };
/* hw/serial.c:681-707 serial_reset: all but fcr.  The reset sets iir
 * UART_IIR_NO_INT whatever fcr says, while serial_load (:676-677) passes
 * fcr through serial_ioport_write, which ORs UART_IIR_FE (0xc0) into iir
 * when the FIFOs are on: bits 6-7 of iir follow fcr after a load */
static const char *const serial_left[] = { "fcr", NULL };
/* hw/pckbd.c:334-340 kbd_reset: mode and status only */
static const char *const pckbd_left[] = { "write_cmd", "pending", NULL };
/* hw/ps2.c:491-500 ps2_common_reset empties the queue, keeping its bytes */
static const char *const ps2_left[] = { "data", NULL };
/* hw/apic.c:473-500 apic_init_reset: halted unless this is the boot CPU */
static const char *const cpu_common_unknowable[] = { "halted", NULL };
/* hw/dma.c:453-457 dma_reset: the master clear; the channels stay */
static const char *const dma_left[] = { "dshift", "regs[*", NULL };
/* hw/fdc.c:780-807 fdctrl_reset: what it does not set stays; sra depends
 * on whether a second drive is configured */
static const char *const fdc_left[] = { "tdr", "dsr", "status0", "status1", "status2", "fifo", "eot",
                                        "timer0", "timer1", "precomp_trk", "config", "lock", "pwrd",
                                        NULL };
static const char *const fdc_unknowable[] = { "sra", NULL };
/* emu/dev-emu-net.c net_reset (doc/EMU.md): connections stay */
static const char *const net_left[] = { "conn[*", NULL };

static const struct reset_case cases[] = {
    { .idstr = "cpu_common", .left = none, .unknowable = cpu_common_unknowable, .changes = 1 },
    { .idstr = "i8259", .left = i8259_left, .unknowable = none, .changes = 1 },
    { .idstr = "mc146818rtc", .left = rtc_left, .unknowable = rtc_unknowable, .changes = 0 },
    { .idstr = "i8254", .left = i8254_left, .unknowable = i8254_unknowable, .changes = 1 },
    { .idstr = "serial", .left = serial_left, .unknowable = none, .changes = 1, .derived = "iir", .derived_bits = 0xc0 },
    { .idstr = "pckbd", .left = pckbd_left, .unknowable = none, .changes = 1 },
    { .idstr = "ps2kbd", .left = ps2_left, .unknowable = none, .changes = 1 },
    { .idstr = "ps2mouse", .left = ps2_left, .unknowable = none, .changes = 1 },
    { .idstr = "dma", .left = dma_left, .unknowable = none, .changes = 1 },
    { .idstr = "fdc", .left = fdc_left, .unknowable = fdc_unknowable, .changes = 1 },
    { .idstr = "emu-ring", .left = none, .unknowable = none, .changes = 1 },
    { .idstr = "emu-disk", .left = none, .unknowable = none, .changes = 1 },
    { .idstr = "emu-net", .left = net_left, .unknowable = none, .changes = 1 },
    { .idstr = "emu-versioned", .left = none, .unknowable = none, .changes = 1 },
};

static const char *emu, *svtool, *dir;

/* --print-state lines as key/value pairs */
struct state {
    char **key, **val;
    size_t n;
};

static void parse_state(const char *text, struct state *s)
{
    char *copy = strdup(text), *save = NULL;

    memset(s, 0, sizeof *s);
    if (!copy)
        bail("out of memory");
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');

        if (!eq)
            bail("not a state line: %s", line);
        *eq = 0;
        s->key = realloc(s->key, (s->n + 1) * sizeof *s->key);
        s->val = realloc(s->val, (s->n + 1) * sizeof *s->val);
        if (!s->key || !s->val)
            bail("out of memory");
        s->key[s->n] = strdup(line);
        s->val[s->n++] = strdup(eq + 1);
    }
    free(copy);
}

static void state_free(struct state *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->key[i]);
        free(s->val[i]);
    }
    free(s->key);
    free(s->val);
}

static const char *get(const struct state *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->key[i], key) == 0)
            return s->val[i];
    return NULL;
}

/* "i8254@64.channel[0].count" -> the field "channel[0].count" when the
 * key is one of idstr's ("idstr." or "idstr@instance."), else NULL */
static const char *field_of(const char *key, const char *idstr)
{
    size_t n = strlen(idstr);

    if (strncmp(key, idstr, n) != 0)
        return NULL;
    if (key[n] == '.')
        return key + n + 1;
    if (key[n] == '@' && strchr(key + n, '.'))
        return strchr(key + n, '.') + 1;
    return NULL;
}

/* "channel[*].bcd" matches "channel[2].bcd"; a trailing "*" any rest */
static int matches(const char *pat, const char *name)
{
    while (*pat) {
        if (strcmp(pat, "*") == 0)
            return 1;
        if (strncmp(pat, "[*]", 3) == 0 && *name == '[') {
            name++;
            while (*name >= '0' && *name <= '9')
                name++;
            if (*name++ != ']')
                return 0;
            pat += 3;
            continue;
        }
        if (*pat == '[' && strcmp(pat, "[*") == 0 && *name == '[')
            return 1;
        if (*pat++ != *name++)
            return 0;
    }
    return !*name;
}

static int listed(const char *const *list, const char *field)
{
    for (; *list; list++)
        if (matches(*list, field))
            return 1;
    return 0;
}

static char *emu_state(const char *const *args)
{
    struct proc p;
    char *out;

    if (proc_run(args, NULL, NULL, &p) < 0 || p.status != 0)
        bail("%s %s: %s", args[0], args[1], p.err ? p.err : "did not run");
    out = p.out;
    p.out = NULL;
    proc_free(&p);
    return out;
}

/*
 * The keys of `keys` (a state), compared: loaded must equal `want` for
 * the device's fields by class, and `before` for everything else.  Returns
 * the number of mismatches, the first one told in *why.
 */
static int compare(const struct reset_case *rc, const struct state *keys, const struct state *loaded,
                   const struct state *reset, const struct state *before, char *why, size_t len,
                   int *changed)
{
    int bad = 0;

    for (size_t i = 0; i < keys->n; i++) {
        const char *k = keys->key[i], *f = field_of(k, rc->idstr);
        const char *l = get(loaded, k), *r = get(reset, k), *b = get(before, k);
        const char *want = b, *whence = "the snapshot";

        if (f && !listed(rc->left, f) && !listed(rc->unknowable, f)) {
            want = r;
            whence = "--reset";
            if (!b || !r || strcmp(b, r) != 0)
                (*changed)++;
        }
        if (f && listed(rc->left, f) && !(b && r && strcmp(b, r) == 0)) {
            if (!bad++)
                snprintf(why, len, "%s: the emulator's reset changed it (%s -> %s)", k, b ? b : "-",
                         r ? r : "-");
            continue;
        }
        if (f && rc->derived && strcmp(f, rc->derived) == 0 && l && want &&
            (strtoull(l, NULL, 10) & ~rc->derived_bits) == (strtoull(want, NULL, 10) & ~rc->derived_bits))
            continue;
        if (!(l && want && strcmp(l, want) == 0) && !(!l && !want)) {
            if (!bad++)
                snprintf(why, len, "%s: loaded %s, %s %s", k, l ? l : "(none)", whence,
                         want ? want : "(none)");
        }
    }
    return bad;
}

static void check_case(const struct reset_case *rc, const char *snap, const char *form,
                       const struct state *before)
{
    char out[700], why[400] = "";
    const char *reset_args[] = { svtool, "reset", "--section", rc->idstr, snap, out, NULL };
    const char *emu_reset[] = { emu, "--ticks", TICKS, "--reset", rc->idstr, "--print-state", NULL };
    const char *load[] = { emu, "--load", out, "--print-state", NULL };
    struct state loaded, reset;
    struct proc p;
    char *text;
    int bad, changed = 0;

    snprintf(out, sizeof out, "%s/%s-%s.sv", dir, rc->idstr, form);
    proc_run(reset_args, NULL, NULL, &p);
    is_int(p.status, 0, "%s %s: svtool reset exit 0", form, rc->idstr);
    if (p.status)
        diag("%s", p.err);
    proc_free(&p);
    st_exec(NULL, load, NULL, &p);
    is_int(p.status, 0, "%s %s: the reset snapshot loads under the shim", form, rc->idstr);
    if (p.status)
        diag("%s", p.err);
    parse_state(p.out ? p.out : "", &loaded);
    proc_free(&p);
    text = emu_state(emu_reset);
    parse_state(text, &reset);
    free(text);
    /* every key of either side, so a field on one side only counts */
    bad = compare(rc, &loaded, &loaded, &reset, before, why, sizeof why, &changed);
    bad += compare(rc, &reset, &loaded, &reset, before, why + strlen(why), sizeof why - strlen(why),
                   &changed);
    ok(bad == 0, "%s %s: loaded state = the device's own reset, the rest as saved", form, rc->idstr);
    if (bad)
        diag("%d mismatches; %s", bad, why);
    if (rc->changes)
        ok(changed > 0, "%s %s: the reset changed %d field(s)", form, rc->idstr, changed);
    state_free(&loaded);
    state_free(&reset);
}

int main(void)
{
    char legacy[600], tagged[600], out[700];
    const char *save[] = { emu, "--ticks", TICKS, "--save", legacy, NULL };
    const char *print[] = { emu, "--ticks", TICKS, "--print-state", NULL };
    struct state before;
    struct proc p;
    char *text;

    tap_init();
    plan_lazy();
    st_init();
    emu = st_emu;
    svtool = tap_env("SV_SVTOOL");
    dir = scratch_dir("emu-reset");
    snprintf(legacy, sizeof legacy, "%s/legacy.sv", dir);
    snprintf(tagged, sizeof tagged, "%s/tagged.sv", dir);
    save[0] = print[0] = emu;
    text = emu_state(save);
    free(text);
    {
        const char *conv[] = { svtool, "convert", "--to", "tagged", legacy, tagged, NULL };

        proc_run(conv, NULL, NULL, &p);
        if (p.status)
            bail("convert: %s", p.err);
        proc_free(&p);
    }
    text = emu_state(print);
    parse_state(text, &before);
    free(text);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_case(&cases[i], legacy, "legacy", &before);
        check_case(&cases[i], tagged, "tagged", &before);
    }

    /* a tagged input gives a tagged section back */
    {
        const char *args[] = { svtool, "reset", "--section", "serial", tagged, out, NULL };
        const char *dump[] = { svtool, "dump", "--section", "serial", out, NULL };

        snprintf(out, sizeof out, "%s/form.sv", dir);
        proc_run(args, NULL, NULL, &p);
        proc_free(&p);
        proc_run(dump, NULL, NULL, &p);
        like(p.out ? p.out : "", "idstr=\"serial\" instance=1016 version=1398145024 ",
             "a tagged snapshot's reset section stays tagged");
        like(p.out ? p.out : "", " format=tagged legacy_version=3\n", "  as the tagged form");
        like(p.out ? p.out : "", "\n  iir = 1 (u8)\n", "  at serial_reset's iir (hw/serial.c:687)");
        proc_free(&p);
    }
    /* no reset handler in 0.11 for the clocks: the emulator refuses, and
     * svtool's reset of the timer changes nothing (its one default,
     * ticks_per_sec, is what vl.c:init_timers stores) */
    {
        const char *args[] = { emu, "--reset", "timer", NULL };
        const char *sv[] = { svtool, "reset", "--section", "timer", legacy, out, NULL };
        const char *load[] = { emu, "--load", out, "--print-state", NULL };
        struct state loaded;

        proc_run(args, NULL, NULL, &p);
        is_int(p.status, 2, "legacy-emu --reset timer: exit 2");
        like(p.err, "\"timer\" has no reset handler", "  saying why");
        proc_free(&p);
        snprintf(out, sizeof out, "%s/timer.sv", dir);
        proc_run(sv, NULL, NULL, &p);
        is_int(p.status, 0, "svtool reset --section timer: exit 0");
        proc_free(&p);
        st_exec(NULL, load, NULL, &p);
        parse_state(p.out ? p.out : "", &loaded);
        ok(p.status == 0 && loaded.n == before.n && loaded.n > 0 &&
           strcmp(get(&loaded, "timer.cpu_clock_offset"), get(&before, "timer.cpu_clock_offset")) == 0,
           "  and the clock is the snapshot's");
        state_free(&loaded);
        proc_free(&p);
    }
    state_free(&before);
    rmtree(dir);
    return 0;
}
