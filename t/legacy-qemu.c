/*
 * The shim in a real legacy QEMU (0.10.6, 0.11.1, 0.12.3 or qemu-kvm-0.12.1.2,
 * i386/x86_64 softmmu) supplied by the user:
 *
 *   SAVEVM_SHIM_LEGACY_QEMU       the emulator binary (with its symbol table)
 *   SAVEVM_SHIM_LEGACY_BIOS       its pc-bios directory (-L)
 *   SAVEVM_SHIM_LEGACY_QEMU_IMG   its qemu-img (optional: the savevm/loadvm part)
 *   SAVEVM_SHIM_LEGACY_ARGS       more emulator options, split at blanks and newlines
 *                                 (devices: "-net nic,model=e1000 -usbdevice
 *                                 tablet"; qemu-kvm without KVM: "-no-kvm")
 *
 * On a paused `-M pc -S` machine: a legacy snapshot A saved without the shim
 * loads under the shim and migrates to a stream T whose device sections are
 * all tagged with named fields; T loads under the shim and migrates with
 * SAVEVM_SHIM_FORMAT=legacy to device sections byte-identical to A's; the
 * unshimmed binary refuses T; an internal snapshot on a qcow2 image saves
 * and loads under the shim, and a corrupted section in it ends the emulator
 * with status 1 instead of letting it resume.  On 0.12 (VMState, qdev) a
 * PCI device hot-plugged and then unplugged (device_add, device_del and the
 * eject the guest's ACPI would write) is gone from the next migration under
 * the shim, as without it.
 *
 * QEMU 0.10/0.11 load `-incoming exec:` from the main loop, after the
 * monitor may already have read its input, so the monitor commands are
 * written only once the shim's log says the load has ended.  `migrate`
 * without -d holds the monitor until the migration has completed, and
 * `quit` ends the emulator, whose exit the test waits for.
 */
#include <config.h>

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "sv-block.h"
#include "sv-ram.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "tap.h"

#define DEADLINE_MS 120000      /* a stuck emulator is killed after this */

static const char *qemu, *bios, *qemu_img, *launcher, *shimlib, *dir;
static char *extra_args[24];            /* SAVEVM_SHIM_LEGACY_ARGS, split */
static size_t n_extra;
static char logpath[512], disk[512];

static char *path(const char *name)
{
    char *p;

    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    return p;
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_file(const char *file, const void *data, size_t len)
{
    FILE *f = fopen(file, "wb");
    int r;

    if (!f)
        return -1;
    r = fwrite(data, 1, len, f) == len ? 0 : -1;
    return fclose(f) == 0 ? r : -1;
}

static int file_has(const char *file, const char *needle)
{
    char *s = slurp(file, NULL);
    int r = s && strstr(s, needle);

    free(s);
    return r;
}

static int count_in(const char *s, const char *needle)
{
    int n = 0;

    for (; s && (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

/* ---- running the emulator ---------------------------------------------- */

/* The emulator's arguments: a paused pc, no display, the monitor on stdio. */
static size_t qemu_args(const char **a, size_t n, const char *hda, const char *incoming_file,
                        char *incoming, size_t inlen)
{
    a[n++] = qemu;
    a[n++] = "-L";
    a[n++] = bios;
    a[n++] = "-M";
    a[n++] = "pc";
    a[n++] = "-S";
    a[n++] = "-nographic";
    a[n++] = "-monitor";
    a[n++] = "stdio";
    a[n++] = "-serial";
    a[n++] = "null";
    /* 0.10 refuses to start without a drive; the default user net stays */
    a[n++] = "-hda";
    a[n++] = hda;
    for (size_t i = 0; i < n_extra; i++)
        a[n++] = extra_args[i];
    if (incoming_file) {
        snprintf(incoming, inlen, "exec:cat %s", incoming_file);
        a[n++] = "-incoming";
        a[n++] = incoming;
    }
    a[n] = NULL;
    return n;
}

/* The environment of a run under the launcher (format: NULL, "tagged" or "legacy"). */
static void shim_env(const char **e, char *lib, size_t liblen, const char *format, char *fmt, size_t fmtlen)
{
    size_t n = 0;

    snprintf(lib, liblen, "SAVEVM_SHIM_LIBRARY=%s", shimlib);
    e[n++] = lib;
    if (format) {
        snprintf(fmt, fmtlen, "SAVEVM_SHIM_FORMAT=%s", format);
        e[n++] = fmt;
    } else {
        e[n++] = "-SAVEVM_SHIM_FORMAT";
    }
    e[n] = NULL;
}

/*
 * A run with a monitor script in a file (nothing to wait for but the exit):
 * proc_run under timeout(1), so a stuck emulator cannot hang the test.
 */
static int scripted(int shimmed, const char *format, const char *hda, const char *script, struct proc *p)
{
    const char *argv[64], *env[8];
    char lib[600], fmt[64], secs[16], *in = path("monitor.in");
    size_t n = 0;
    int r;

    snprintf(secs, sizeof secs, "%d", DEADLINE_MS / 1000);
    argv[n++] = "timeout";
    argv[n++] = "-s";
    argv[n++] = "KILL";
    argv[n++] = secs;
    if (shimmed) {
        argv[n++] = launcher;
        argv[n++] = "--log";
        argv[n++] = logpath;
        shim_env(env, lib, sizeof lib, format, fmt, sizeof fmt);
        unlink(logpath);
    } else {
        env[0] = "-LD_PRELOAD";
        env[1] = NULL;
    }
    qemu_args(argv, n, hda, NULL, NULL, 0);
    if (write_file(in, script, strlen(script)) < 0)
        bail("cannot write %s", in);
    r = proc_run(argv, env, in, p);
    free(in);
    return r;
}

/* A run whose monitor input is written later (after an -incoming load). */
struct run {
    pid_t pid;
    int in_fd;
    char *out_path, *err_path;
    int status;         /* as proc.h: exit status or 128 + signal; -1 while running */
};

static int spawn(struct run *r, int shimmed, const char *format, const char *incoming_file, const char *tag)
{
    const char *argv[64], *env[8];
    char lib[600], fmt[64], incoming[1024], name[64];
    size_t n = 0;
    int fds[2];

    memset(r, 0, sizeof *r);
    r->status = -1;
    snprintf(name, sizeof name, "%s.out", tag);
    r->out_path = path(name);
    snprintf(name, sizeof name, "%s.err", tag);
    r->err_path = path(name);
    if (shimmed) {
        argv[n++] = launcher;
        argv[n++] = "--log";
        argv[n++] = logpath;
        shim_env(env, lib, sizeof lib, format, fmt, sizeof fmt);
        unlink(logpath);
    } else {
        env[0] = "-LD_PRELOAD";
        env[1] = NULL;
    }
    qemu_args(argv, n, disk, incoming_file, incoming, sizeof incoming);
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    r->pid = fork();
    if (r->pid < 0)
        return -1;
    if (r->pid == 0) {
        int out = open(r->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(r->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        for (const char *const *e = env; *e; e++) {
            if (**e == '-') {
                unsetenv(*e + 1);
            } else {
                char *kv = strdup(*e), *eq = strchr(kv, '=');

                *eq = 0;
                setenv(kv, eq + 1, 1);
            }
        }
        dup2(fds[0], 0);
        dup2(out, 1);
        dup2(err, 2);
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "exec %s failed\n", argv[0]);
        _exit(127);
    }
    close(fds[0]);
    r->in_fd = fds[1];
    return 0;
}

static int reaped(struct run *r)
{
    int st;

    if (r->status >= 0)
        return 1;
    if (waitpid(r->pid, &st, WNOHANG) != r->pid)
        return 0;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 1;
}

/* Polls until `file` holds `needle` (1), the emulator exits first (0), or the deadline (-1). */
static int await_text(struct run *r, const char *file, const char *needle)
{
    long long end = now_ms() + DEADLINE_MS;

    while (now_ms() < end) {
        if (file_has(file, needle))
            return 1;
        if (reaped(r))
            return file_has(file, needle);
        poll(NULL, 0, 10);
    }
    return -1;
}

/* Writes the monitor script and closes the emulator's stdin. */
static void feed(struct run *r, const char *script)
{
    size_t len = strlen(script), done = 0;

    while (done < len) {
        ssize_t k = write(r->in_fd, script + done, len - done);

        if (k <= 0)
            break;      /* the emulator has gone; its status tells */
        done += (size_t)k;
    }
    close(r->in_fd);
    r->in_fd = -1;
}

/* Waits for the exit; kills the emulator (by its pid) at the deadline. */
static int finish(struct run *r)
{
    long long end = now_ms() + DEADLINE_MS;

    while (!reaped(r) && now_ms() < end)
        poll(NULL, 0, 10);
    if (!reaped(r)) {
        diag("%s: still running after %d s: killed", r->out_path, DEADLINE_MS / 1000);
        kill(r->pid, SIGKILL);
        while (!reaped(r))
            poll(NULL, 0, 10);
    }
    if (r->in_fd >= 0)
        close(r->in_fd);
    r->in_fd = -1;
    return r->status;
}

static void run_free(struct run *r)
{
    free(r->out_path);
    free(r->err_path);
}

/* Loads `in` under the shim, then migrates to `out` once the load has ended. */
static int load_then_migrate(const char *format, const char *in, const char *out, const char *label)
{
    struct run r;
    char script[1200];
    char *o, *e;
    int st, waited;

    if (spawn(&r, 1, format, in, label) < 0)
        bail("cannot start %s", qemu);
    waited = await_text(&r, logpath, "load end:");
    if (waited < 0)
        diag("%s: the shim's log never said \"load end:\"", label);
    snprintf(script, sizeof script, "\nmigrate \"exec:cat > %s\"\ninfo migrate\nquit\n", out);
    feed(&r, script);
    st = finish(&r);
    o = slurp(r.out_path, NULL);
    e = slurp(r.err_path, NULL);
    ok(file_has(logpath, "hooked: release "), "%s: the shim hooked the emulator", label);
    ok(file_has(logpath, "load end: ok"), "%s: the shim's log says the load ended ok", label);
    is_int(st, 0, "%s: the emulator exits 0 after quit", label);
    like(o, "Migration status: completed", "%s: info migrate says completed", label);
    if (st != 0)
        diag("stderr: %s", e ? e : "");
    free(o);
    free(e);
    run_free(&r);
    return st;
}

/* ---- reading streams --------------------------------------------------- */

struct section {
    char idstr[257];
    uint32_t instance, version;
    int kind;                   /* SV_KIND_*, or -1: not tagged */
    uint64_t offset, end;       /* header start, body end */
    uint64_t first_record;      /* tagged: where the first field record starts */
};

struct parsed {
    uint64_t full_start;        /* where the first FULL section starts */
    struct section *sec;
    size_t n;
    uint64_t eof_end;
    int complete;               /* reached the EOF section */
};

/*
 * Walks a v3 stream: RAM (and 0.12's block) records for START/PART/END, tagged FULL bodies
 * by their length.  A legacy FULL body has no length: the walk stops there
 * (full_start is still known).
 */
static int parse_stream(const uint8_t *buf, size_t len, struct parsed *p, char *why, size_t whylen)
{
    struct sv_stream s;
    struct sv_v3_section sec;
    struct sv_ram_stats st = { 0 };
    struct sv_block_stats bst = { 0 };
    uint32_t block_id = UINT32_MAX;     /* 0.12's live block section, by its START */
    char msg[512];

    memset(p, 0, sizeof *p);
    p->full_start = UINT64_MAX;
    sv_stream_mem_reader(&s, buf, len);
    if (sv_v3_read_file_header(&s) < 0)
        goto fail;
    for (;;) {
        if (sv_v3_read_section(&s, &sec) < 0)
            goto fail;
        if (sec.type == SV_V3_EOF) {
            p->eof_end = s.offset;
            p->complete = 1;
            return 0;
        }
        if (sec.type != SV_V3_FULL) {
            if (p->full_start != UINT64_MAX) {
                snprintf(why, whylen, "a live section after the first FULL section at %llu",
                         (unsigned long long)sec.offset);
                return -1;
            }
            if (sec.type == SV_V3_START && strcmp(sec.idstr, "block") == 0)
                block_id = sec.section_id;
            if (sec.section_id == block_id ? sv_block_walk(&s, NULL, NULL, NULL, &bst) < 0
                                           : sv_ram_walk(&s, NULL, NULL, NULL, &st) < 0)
                goto fail;
            continue;
        }
        if (p->full_start == UINT64_MAX)
            p->full_start = sec.offset;
        if (!sv_v3_is_tagged(&sec))
            return 0;       /* legacy: no length to go on */
        {
            struct sv_tdec d;
            struct sv_field f;
            struct section *x;
            int k;

            p->sec = realloc(p->sec, (p->n + 1) * sizeof *p->sec);
            if (!p->sec)
                abort();
            x = &p->sec[p->n++];
            memset(x, 0, sizeof *x);
            snprintf(x->idstr, sizeof x->idstr, "%s", sec.idstr);
            x->instance = sec.instance_id;
            x->version = sec.version_id;
            x->offset = sec.offset;
            if (sv_tdec_begin(&d, &s) < 0)
                goto fail;
            x->kind = d.h.kind;
            x->first_record = s.offset;
            while ((k = sv_tdec_next(&d, &f)) == 1)
                ;
            sv_tdec_free(&d);
            if (k < 0)
                goto fail;
            x->end = s.offset;
        }
    }
fail:
    snprintf(why, whylen, "%s", sv_error_format(&s.err, msg, sizeof msg));
    return -1;
}

static void parsed_free(struct parsed *p)
{
    free(p->sec);
    p->sec = NULL;
}

/* The FULL sections of a stream (from the first one to the end: devices, then EOF). */
static const uint8_t *device_part(const uint8_t *buf, size_t len, size_t *dlen, const char *label)
{
    struct parsed p;
    char why[600] = "";

    if (parse_stream(buf, len, &p, why, sizeof why) < 0 || p.full_start == UINT64_MAX) {
        diag("%s: cannot find its FULL sections: %s", label, why);
        parsed_free(&p);
        *dlen = 0;
        return NULL;
    }
    *dlen = len - (size_t)p.full_start;
    buf += p.full_start;
    parsed_free(&p);
    return buf;
}

/* Names the section of a legacy stream around offset `at` (best effort, for diag). */
static void name_section_at(const uint8_t *buf, size_t len, size_t at)
{
    for (size_t i = at < len ? at : len - 1; i + 10 < len && i > 0; i--) {
        uint8_t l = buf[i + 5];

        if (buf[i] == SV_V3_FULL && l > 0 && i + 6 + l + 8 <= len && i + 6 + l + 8 <= at + 1) {
            int printable = 1;

            for (size_t k = 0; k < l; k++)
                if (buf[i + 6 + k] < 0x21 || buf[i + 6 + k] > 0x7e)
                    printable = 0;
            if (printable) {
                diag("  in or after section \"%.*s\" (header at %zu)", (int)l, buf + i + 6, i);
                return;
            }
        }
    }
}

/* ---- the checks -------------------------------------------------------- */

static void migrate_legacy_snapshot(const char *a)
{
    struct proc p;
    char script[1200];

    snprintf(script, sizeof script, "\nmigrate \"exec:cat > %s\"\ninfo migrate\nquit\n", a);
    scripted(0, NULL, disk, script, &p);
    is_int(p.status, 0, "legacy snapshot A0: the unshimmed emulator exits 0");
    like(p.out, "Migration status: completed", "legacy snapshot A0: migration completed");
    if (p.status)
        diag("stderr: %s", p.err);
    proc_free(&p);
}

static void say(struct run *r, const char *text)
{
    for (size_t done = 0, len = strlen(text); done < len;) {
        ssize_t k = write(r->in_fd, text + done, len - done);

        if (k <= 0)
            return;     /* the emulator has gone; its status tells */
        done += (size_t)k;
    }
}

/*
 * 0.12.3 (built without the I/O thread) runs the guest's CPU while the
 * machine is stopped: vl.c main_loop calls tcg_cpu_exec whatever
 * vm_running says, and cpu_can_run looks at env->stop only; the BIOS of a
 * stopped machine polls on, its registers changing between two saves.  So
 * A0 is taken from a guest halted with interrupts off (the disk's boot
 * sector: cli; hlt), where the CPU has nothing to run: `cont`, then
 * `info registers` until it says HLT=1, `stop`, migrate.
 */
static void migrate_halted_snapshot(const char *a)
{
    struct run r;
    char script[1200];
    long long end = now_ms() + DEADLINE_MS;
    int halted = 0, st;
    char *o;

    if (spawn(&r, 0, NULL, NULL, "A0") < 0)
        bail("cannot start %s", qemu);
    say(&r, "\ncont\n");
    while (!halted && !reaped(&r) && now_ms() < end) {
        say(&r, "info registers\n");
        poll(NULL, 0, 10);
        halted = file_has(r.out_path, "HLT=1");
    }
    ok(halted, "legacy snapshot A0: the guest halted in its boot sector");
    snprintf(script, sizeof script, "stop\nmigrate \"exec:cat > %s\"\ninfo migrate\nquit\n", a);
    feed(&r, script);
    st = finish(&r);
    o = slurp(r.out_path, NULL);
    is_int(st, 0, "legacy snapshot A0: the unshimmed emulator exits 0");
    like(o, "Migration status: completed", "legacy snapshot A0: migration completed");
    free(o);
    run_free(&r);
}

static void check_tagged(const char *t, int loaded)
{
    size_t len;
    uint8_t *buf = (uint8_t *)slurp(t, &len);
    struct parsed p;
    char why[600] = "";
    int opaque = 0;

    if (!ok(buf != NULL, "T exists")) {
        free(buf);
        return;
    }
    ok(parse_stream(buf, len, &p, why, sizeof why) == 0 && p.complete,
       "T parses to its EOF section (every FULL section tagged, with a length)%s%s",
       *why ? ": " : "", why);
    ok(p.n >= 28, "T has %zu FULL sections (a paused -M pc has at least 28)", p.n);
    is_int((long long)p.n, loaded, "T has as many FULL sections as the shim loaded from A");
    for (size_t i = 0; i < p.n; i++) {
        const struct section *x = &p.sec[i];

        if (x->version != SV_TAGGED_VERSION || x->kind != SV_KIND_FIELDS)
            opaque++;
        ok(x->version == SV_TAGGED_VERSION && x->kind == SV_KIND_FIELDS,
           "T: \"%s\" instance %u is tagged (v%u) with named fields (kind %d)", x->idstr, x->instance,
           x->version, x->kind);
    }
    if (opaque)
        diag("%d section(s) of T are not tagged with named fields; the shim's log says why", opaque);
    parsed_free(&p);
    free(buf);
}

static void compare_devices(const char *a, const char *l)
{
    size_t la, ll, da, dl;
    uint8_t *x = (uint8_t *)slurp(a, &la), *y = (uint8_t *)slurp(l, &ll);
    const uint8_t *pa = x ? device_part(x, la, &da, "A") : NULL;
    const uint8_t *pl = y ? device_part(y, ll, &dl, "L") : NULL;

    ok(pa && pl, "the device sections of A and of L are found");
    if (pa && pl) {
        size_t i;

        for (i = 0; i < da && i < dl && pa[i] == pl[i]; i++)
            ;
        if (!ok(da == dl && i == da,
                "L's device sections (%zu bytes) are byte-identical to A's (%zu bytes)", dl, da)) {
            diag("first difference at device offset %zu (A at %zu, L at %zu)", i,
                 (size_t)(pa - x) + i, (size_t)(pl - y) + i);
            name_section_at(x, la, (size_t)(pa - x) + i);
        }
    } else {
        ok(0, "L's device sections are byte-identical to A's");
    }
    free(x);
    free(y);
}

static void unshimmed_refuses(const char *t)
{
    struct run r;
    int found;
    char *e;

    if (spawn(&r, 0, NULL, t, "refuse") < 0)
        bail("cannot start %s", qemu);
    /* 0.11 spins at 100% CPU after a failed -incoming load: stop it once it said so */
    found = await_text(&r, r.err_path, "load of migration failed");
    if (!reaped(&r))
        kill(r.pid, SIGKILL);
    finish(&r);
    e = slurp(r.err_path, NULL);
    ok(found == 1, "the unshimmed emulator fails to load T");
    like(e, "savevm: unsupported version 1398145024 for '", "... with the legacy loader's message");
    free(e);
    run_free(&r);
}

/* Where the snapshot's vmstate starts in a qcow2 file (it is written contiguously). */
static const uint8_t *find_vmstate(const uint8_t *img, size_t len)
{
    static const uint8_t magic[8] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 3 };

    return memmem(img, len, magic, sizeof magic);
}

static void internal_snapshot(void)
{
    char *img = path("disk.qcow2"), *bad = path("bad.qcow2");
    const char *argv[] = { qemu_img, "create", "-f", "qcow2", img, "64M", NULL };
    struct proc p;
    size_t len;
    uint8_t *buf;
    const uint8_t *vm;
    struct parsed ps;
    char why[600] = "";
    int flipped = 0;

    proc_run(argv, NULL, NULL, &p);
    is_int(p.status, 0, "qemu-img create -f qcow2");
    proc_free(&p);

    scripted(1, NULL, img, "\nsavevm snap1\ninfo snapshots\nloadvm snap1\ninfo status\nquit\n", &p);
    is_int(p.status, 0, "savevm + loadvm under the shim: exits 0");
    ok(file_has(logpath, "hooked: release "), "savevm: the shim hooked the emulator");
    like(p.out, "snap1", "info snapshots lists snap1");
    ok(file_has(logpath, "save end: ok"), "savevm: the shim's log says the save ended ok");
    ok(file_has(logpath, "load end: ok"), "loadvm: the shim's log says the load ended ok");
    like(p.out, "VM status: paused", "after loadvm the machine is there, paused");
    if (p.status)
        diag("stderr: %s", p.err);
    proc_free(&p);

    buf = (uint8_t *)slurp(img, &len);
    vm = buf ? find_vmstate(buf, len) : NULL;
    ok(vm != NULL, "the image holds the snapshot's vmstate");
    if (vm && parse_stream(vm, len - (size_t)(vm - buf), &ps, why, sizeof why) == 0 && ps.complete) {
        ok(1, "the snapshot's vmstate parses as a tagged stream");
        for (size_t i = 0; i < ps.n && !flipped; i++) {
            /* a body with at least one record (0.10's idle slirp has none) */
            if (ps.sec[i].kind != SV_KIND_FIELDS || ps.sec[i].first_record >= ps.sec[i].end)
                continue;
            /* the first record: u8 name length, then the name; spoil the name */
            buf[(vm - buf) + ps.sec[i].first_record + 1] ^= 0xff;
            diag("corrupting the first field name of \"%s\" instance %u", ps.sec[i].idstr,
                 ps.sec[i].instance);
            flipped = 1;
        }
        parsed_free(&ps);
    } else {
        ok(0, "the snapshot's vmstate parses as a tagged stream: %s", why);
        parsed_free(&ps);
    }
    ok(flipped && write_file(bad, buf, len) == 0, "a copy of the image with one section corrupted");
    free(buf);

    scripted(0, NULL, img, "\nloadvm snap1\ninfo status\nquit\n", &p);
    like(p.err, "savevm: unsupported version 1398145024 for '", "the unshimmed emulator refuses the tagged snapshot");
    proc_free(&p);

    if (flipped) {
        scripted(1, NULL, bad, "\nloadvm snap1\ninfo status\nquit\n", &p);
        is_int(p.status, 1, "loadvm of the corrupted snapshot under the shim: exit status 1");
        like(p.err, "savevm-shim: load failed", "... saying the load failed");
        ok(!strstr(p.out, "VM status"), "... without resuming (no monitor command ran after loadvm)");
        ok(file_has(logpath, "load end: failed"), "... and the log says so");
        proc_free(&p);
    } else {
        skip(4, "no tagged section to corrupt");
    }
    free(img);
    free(bad);
}

/* The (idstr, instance) of each FULL section of a stream, "a/0 b/1 ..." (NULL: unreadable). */
static char *section_list(const char *file)
{
    size_t len, used = 0, cap = 1;
    uint8_t *buf = (uint8_t *)slurp(file, &len);
    struct parsed p;
    char why[600] = "", *out = calloc(1, 1);

    if (!buf || !out || parse_stream(buf, len, &p, why, sizeof why) < 0 || !p.complete) {
        diag("%s: %s", file, why);
        free(buf);
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < p.n; i++) {
        char one[300];
        int k = snprintf(one, sizeof one, "%s%s/%u", i ? " " : "", p.sec[i].idstr, p.sec[i].instance);

        if (used + (size_t)k + 1 > cap && !(out = realloc(out, cap = 2 * (used + (size_t)k + 1))))
            abort();
        memcpy(out + used, one, (size_t)k + 1);
        used += (size_t)k;
    }
    parsed_free(&p);
    free(buf);
    return out;
}

/*
 * 0.12: an e1000 hot-plugged on PCI slot 16 with device_add (qdev:
 * vmstate_register), then unplugged: device_del asks the guest, and the
 * guest's ACPI would write the slot to piix4's eject register (hw/acpi.c
 * PCI_EJ_BASE 0xae08, pciej_write -> qdev_free -> vmstate_unregister by
 * description and opaque); the monitor's `o` writes it here.  The next
 * migration under the shim holds T's sections, none of the gone device.
 */
static void unplug_then_migrate(const char *t)
{
    static const char script_fmt[] = "\ndevice_add e1000,id=hotplugged,addr=0x10\ninfo pci\n"
                                     "device_del hotplugged\no /w 0xae08 0x10000\ninfo pci\n"
                                     "migrate \"exec:cat > %s\"\ninfo migrate\nquit\n";
    char script[1200], *u = path("U.sv"), *u0 = path("U0.sv"), *lt, *lu;
    struct proc p;

    snprintf(script, sizeof script, script_fmt, u0);
    scripted(0, NULL, disk, script, &p);
    is_int(p.status, 0, "unplug, unshimmed: the emulator exits 0");
    is_int(count_in(p.out, "device  16, function 0"), 1, "unplug, unshimmed: slot 16 listed once, before the eject");
    proc_free(&p);

    snprintf(script, sizeof script, script_fmt, u);
    scripted(1, "tagged", disk, script, &p);
    is_int(p.status, 0, "hot-plug, unplug, then migrate under the shim: the emulator exits 0");
    is_int(count_in(p.out, "device  16, function 0"), 1, "  slot 16 listed once, before the eject");
    like(p.out, "Migration status: completed", "  the migration completed");
    ok(file_has(logpath, "vmstate_unregister \"e1000\": wrapper freed"),
       "  the shim freed the e1000's wrapper at vmstate_unregister");
    ok(!file_has(logpath, "save end: failed"), "  the save did not fail");
    if (p.status)
        diag("stderr: %s", p.err);
    proc_free(&p);
    lt = section_list(t);
    lu = section_list(u);
    ok(lt && lu && strcmp(lt, lu) == 0, "  the stream holds T's sections, none of the unplugged device");
    if (lt && lu && strcmp(lt, lu) != 0)
        diag("T: %s\nU: %s", lt, lu);
    free(lt);
    free(lu);
    /* no load of U: the hot-plugged NIC's option ROM took guest RAM, and
     * 0.12.3's ram_load refuses a stream whose RAM differs from the
     * machine's, with the shim or without */
    free(u);
    free(u0);
}

int main(void)
{
    char *a0, *a, *t, *l;
    int loaded, vmstate = 0;
    const char *more;

    tap_init();
    qemu = getenv("SAVEVM_SHIM_LEGACY_QEMU");
    bios = getenv("SAVEVM_SHIM_LEGACY_BIOS");
    qemu_img = getenv("SAVEVM_SHIM_LEGACY_QEMU_IMG");
    if (!qemu || !*qemu || !bios || !*bios)
        skip_all("set SAVEVM_SHIM_LEGACY_QEMU (a legacy QEMU with its symbol table) and "
                 "SAVEVM_SHIM_LEGACY_BIOS (its pc-bios directory) to run");
    if (access(qemu, X_OK) != 0)
        bail("SAVEVM_SHIM_LEGACY_QEMU=%s: %s", qemu, strerror(errno));
    if ((more = getenv("SAVEVM_SHIM_LEGACY_ARGS"))) {
        char *copy = strdup(more), *save = NULL;

        for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
            if (n_extra == sizeof extra_args / sizeof extra_args[0])
                bail("SAVEVM_SHIM_LEGACY_ARGS: more than %zu words", n_extra);
            extra_args[n_extra++] = w;
        }
    }
    plan_lazy();
    signal(SIGPIPE, SIG_IGN);
    shimlib = tap_env("SV_SHIM");
    if (asprintf((char **)&launcher, "%s/savevm-shim", tap_env("SV_TOP_BUILDDIR")) < 0)
        return 1;
    dir = scratch_dir("legacy-qemu");
    snprintf(logpath, sizeof logpath, "%s/shim.log", dir);
    /* a raw drive (0.10 will not start without one) whose boot sector
     * halts: cli; hlt; jmp back to the hlt; the 55 aa signature */
    snprintf(disk, sizeof disk, "%s/blank.raw", dir);
    {
        static const uint8_t halt[] = { 0xfa, 0xf4, 0xeb, 0xfd };
        uint8_t mbr[512] = { 0 };
        int fd = open(disk, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        memcpy(mbr, halt, sizeof halt);
        mbr[510] = 0x55;
        mbr[511] = 0xaa;
        if (fd < 0 || write(fd, mbr, sizeof mbr) != (ssize_t)sizeof mbr || ftruncate(fd, 1 << 20) < 0 ||
            close(fd) < 0)
            bail("cannot make %s", disk);
    }
    a0 = path("A0.sv");
    a = path("A.sv");
    t = path("T.sv");
    l = path("L.sv");

    {
        const char *argv[] = { launcher, "--check", qemu, NULL };
        char lib[600];
        const char *env[] = { lib, NULL };
        struct proc p;

        snprintf(lib, sizeof lib, "SAVEVM_SHIM_LIBRARY=%s", shimlib);
        proc_run(argv, env, NULL, &p);
        is_int(p.status, 0, "savevm-shim --check %s", qemu);
        like(p.out, "result: ok", "--check: result ok");
        /* the VMState releases (qdev hot-unplug) */
        vmstate = p.out && (strstr(p.out, "release profile: 0.12\n") ||
                            strstr(p.out, "release profile: qemu-kvm-0.12\n"));
        /* 0.12's RTC runs on the host clock, paused or not (vl.c: rtc_clock
         * = host_clock): two saves a second apart differ.  On the virtual
         * clock it stops with the machine. */
        if (vmstate && n_extra + 2 <= sizeof extra_args / sizeof extra_args[0]) {
            extra_args[n_extra++] = "-rtc";
            extra_args[n_extra++] = "clock=vm";
        }
        proc_free(&p);
    }

    /*
     * A0, saved without the shim, restored once under it (the fallback
     * path, saving legacy): A.  What a device's own load changes shows
     * here, once, as it would without the shim: 0.12.3's cirrus_vga has
     * four palette bytes after its first load that a fresh machine lacks.
     */
    if (vmstate)
        migrate_halted_snapshot(a0);
    else
        migrate_legacy_snapshot(a0);
    load_then_migrate("legacy", a0, a, "A0 under the shim, legacy format -> A");

    load_then_migrate("tagged", a, t, "A under the shim -> T");
    {
        char *log = slurp(logpath, NULL);

        /* each section of A once: `load "idstr" instance N v...` */
        loaded = count_in(log, "] load \"");
        if (log && strstr(log, "opaque ("))
            for (char *s = strstr(log, "opaque ("); s; s = strstr(s + 1, "opaque (")) {
                char *eol = strchr(s, '\n');
                char *bol = s;

                while (bol > log && bol[-1] != '\n')
                    bol--;
                diag("shim log: %.*s", (int)((eol ? eol : s + strlen(s)) - bol), bol);
            }
        free(log);
    }
    check_tagged(t, loaded);

    load_then_migrate("legacy", t, l, "T under the shim, legacy format -> L");
    ok(file_has(logpath, "save start: format legacy"), "the shim saved L in the legacy format");
    compare_devices(a, l);

    unshimmed_refuses(t);
    if (vmstate)
        unplug_then_migrate(t);

    if (qemu_img && *qemu_img)
        internal_snapshot();
    else
        skip(1, "savevm/loadvm on qcow2: SAVEVM_SHIM_LEGACY_QEMU_IMG is not set");

    free(a0);
    free(a);
    free(t);
    free(l);
    rmtree(dir);
    return 0;
}
