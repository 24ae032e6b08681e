/*
 * A bridge on the real binaries (doc/BRIDGING.md), when the user names them:
 *
 *   SAVEVM_SHIM_LEGACY_QEMU          the source emulator (i386 softmmu)
 *   SAVEVM_SHIM_LEGACY_BIOS          its pc-bios directory (-L)
 *   SAVEVM_SHIM_LEGACY_DEST_QEMU     the destination emulator
 *   SAVEVM_SHIM_LEGACY_DEST_BIOS     its pc-bios directory
 *   SAVEVM_SHIM_LEGACY_RELEASE       the source's release (default 0.10)
 *   SAVEVM_SHIM_LEGACY_DEST_RELEASE  the destination's (default 0.11)
 *
 * Skipped unless the first four are set, and for a pair without a check
 * here (0.10 -> 0.11, 0.11 -> 0.10, 0.11 -> 0.12, 0.12 -> 0.11, 0.12 <-> qemu-kvm-0.12
 * have one; a qemu-kvm binary runs with -no-kvm).  For `-m 128 -M pc` and with
 * a virtio NIC, paused and after the BIOS has run (the guest halted in it): a
 * fresh snapshot A from the source (migrate "exec:cat > A"), A loaded back
 * into the source, A converted with svtool convert --release --to-release
 * into B, B loaded into an unmodified destination: its CPU registers (as
 * values: general registers, EIP, EFLAGS, segment selectors, bases, limits
 * and flags, GDT, IDT, CR0-CR4) and both PICs (info pic) must equal what
 * the source shows after loading A.  A itself loaded into the destination must not give them for
 * the running guest (the bridge is what makes the difference).
 *
 * The destination runs the options svtool convert --print-config prints
 * (0.12: -M pc-0.11, the NIC's model named, -net user for the slirp
 * section, -balloon virtio), and for 0.12 -rtc clock=vm.  0.12.3's TCG executes guest code while the VM
 * is stopped (its own -S snapshot is inside SeaBIOS), so a CPU that is not
 * halted runs on after the load there: its paused registers are skipped.
 *
 * Under the shim (0.10 -> 0.11, when the build has it): the source under
 * the shim saves a tagged snapshot T (paused and after the BIOS has run);
 * the destination under the shim loads T directly, and loads A, the
 * legacy one, without conversion (its release told by the ram section's
 * size): the registers and PICs there must equal what the source under
 * the shim shows after loading T back.
 *
 * The emulators load `-incoming exec:` from their main loop, the monitor
 * too; the exec command touches a file once cat has written the whole
 * stream into the pipe, which needs the load to be under way (the stream
 * is larger than a pipe), and the load then runs to its end before the
 * main loop reads the monitor again.  Every wait has a deadline; a stuck
 * emulator is killed.
 */
#include <config.h>

#define _GNU_SOURCE
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
#include "svtool-util.h"
#include "tap.h"

#define DEADLINE_MS 60000

static const char *src_qemu, *src_bios, *dst_qemu, *dst_bios, *src_rel, *dst_rel, *dir;
static int src_kvm, dst_kvm;    /* qemu-kvm binaries: TCG with -no-kvm */
static char disk[600];
/* set: the next emulators start under the launcher, logging to shim_log */
static const char *launcher, *shimlib;
static int shimmed;
static char shim_log[700];
static const char *shim_opt, *shim_arg;    /* one more launcher option */

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

struct vm {
    pid_t pid;
    int in;
    char out[640];
    int prompts;
};

static int count_prompts(const char *path, char **text)
{
    size_t len;
    char *t = slurp(path, &len);
    int n = 0;

    for (const char *p = t; p && (p = strstr(p, "(qemu) ")); p += 7)
        n++;
    if (text)
        *text = t;
    else
        free(t);
    return n;
}

static int cmd(struct vm *v, const char *c, char **text);
static int prompt(struct vm *v);

/* Starts an emulator with the monitor on a pipe; args after the common ones. */
static int start(struct vm *v, const char *qemu, const char *bios, const char *const *extra, const char *tag)
{
    const char *argv[46];
    int n = 0, fds[2];

    memset(v, 0, sizeof *v);
    static int runs;

    /* a file per run: nothing of an earlier emulator's output can land in it */
    snprintf(v->out, sizeof v->out, "%s/%s-%d.out", dir, tag, ++runs);
    if (shimmed) {
        snprintf(shim_log, sizeof shim_log, "%s/%s-%d.log", dir, tag, runs);
        argv[n++] = launcher;
        argv[n++] = "--log";
        argv[n++] = shim_log;
        if (shim_opt) {
            argv[n++] = shim_opt;
            argv[n++] = shim_arg;
        }
    }
    argv[n++] = qemu;
    if ((qemu == src_qemu && src_kvm) || (qemu == dst_qemu && dst_kvm))
        argv[n++] = "-no-kvm";
    argv[n++] = "-L";
    argv[n++] = bios;
    argv[n++] = "-m";
    argv[n++] = "128";
    argv[n++] = "-S";
    argv[n++] = "-nographic";
    argv[n++] = "-monitor";
    argv[n++] = "stdio";
    argv[n++] = "-serial";
    argv[n++] = "null";
    argv[n++] = "-hda";
    argv[n++] = disk;
    for (; *extra && n < 38; extra++)
        argv[n++] = *extra;
    if (n >= 38)
        return -1;
    argv[n] = NULL;
    if (pipe2(fds, O_CLOEXEC) < 0 || (v->pid = fork()) < 0)
        return -1;
    if (v->pid == 0) {
        int o = open(v->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        dup2(fds[0], 0);
        dup2(o, 1);
        dup2(o, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[0]);
    v->in = fds[1];
    return 0;
}

/* The banner's prompt, then an empty line: 0.10.6's monitor may lose the
 * first byte it reads (/work/legacy/README.md), so nothing real goes first. */
static int ready(struct vm *v)
{
    return prompt(v) < 0 || cmd(v, "", NULL) < 0 ? -1 : 0;
}

/* Waits for the next prompt; 0 ok, -1 on the deadline or the emulator's end. */
static int prompt(struct vm *v)
{
    long long end = now_ms() + DEADLINE_MS;

    while (now_ms() < end) {
        if (count_prompts(v->out, NULL) > v->prompts) {
            v->prompts++;
            return 0;
        }
        if (waitpid(v->pid, NULL, WNOHANG) == v->pid) {
            v->pid = 0;
            return -1;
        }
        poll(NULL, 0, 10);
    }
    return -1;
}

/* Runs a monitor command; its output (malloc'd) in *text when asked. */
static int cmd(struct vm *v, const char *c, char **text)
{
    char *all, *p;
    int seen = v->prompts;

    if (write(v->in, c, strlen(c)) < 0 || write(v->in, "\n", 1) < 0 || prompt(v) < 0)
        return -1;
    if (text) {
        count_prompts(v->out, &all);
        p = all;
        for (int i = 0; i < seen && p; i++)
            p = strstr(p, "(qemu) ") ? strstr(p, "(qemu) ") + 7 : NULL;
        *text = strdup(p ? p : "");
        free(all);
    }
    return 0;
}

static void stop_vm(struct vm *v)
{
    long long end = now_ms() + DEADLINE_MS;

    if (v->pid > 0) {
        ssize_t k = write(v->in, "quit\n", 5);

        (void)k;    /* gone already: waitpid says */
        while (waitpid(v->pid, NULL, WNOHANG) != v->pid && now_ms() < end)
            poll(NULL, 0, 10);
        if (now_ms() >= end) {
            kill(v->pid, SIGKILL);
            waitpid(v->pid, NULL, 0);
        }
    }
    close(v->in);
}

static int wait_file(const char *f)
{
    long long end = now_ms() + DEADLINE_MS;

    while (now_ms() < end) {
        if (access(f, F_OK) == 0)
            return 0;
        poll(NULL, 0, 10);
    }
    return -1;
}

/* The registers as values: "NAME=value" pairs and the segment lines. */
struct regs {
    char text[4096];
    int n;
};

static void parse_regs(const char *out, struct regs *r)
{
    static const char *const names[] = {
        "EAX=", "EBX=", "ECX=", "EDX=", "ESI=", "EDI=", "EBP=", "ESP=", "EIP=", "EFL=", "CR0=", "CR2=", "CR3=",
        "CR4=", "HLT=", "ES =", "CS =", "SS =", "DS =", "FS =", "GS =", "LDT=", "TR =", "GDT=", "IDT=", NULL,
    };
    size_t k = 0;

    r->text[0] = 0;
    r->n = 0;
    for (int i = 0; names[i]; i++) {
        const char *p = strstr(out, names[i]);
        unsigned long long v[4] = { 0 };
        int got;

        if (!p)
            continue;
        p += strlen(names[i]);
        /* segment lines: selector base limit flags; GDT/IDT: base limit */
        got = sscanf(p, "%llx %llx %llx %llx", &v[0], &v[1], &v[2], &v[3]);
        if (names[i][2] != ' ' && strncmp(names[i], "LDT", 3) && strncmp(names[i], "GDT", 3) &&
            strncmp(names[i], "IDT", 3))
            got = got > 0 ? 1 : 0;
        k += (size_t)snprintf(r->text + k, sizeof r->text - k, "%.3s", names[i]);
        for (int j = 0; j < got; j++)
            k += (size_t)snprintf(r->text + k, sizeof r->text - k, " %llx", v[j]);
        k += (size_t)snprintf(r->text + k, sizeof r->text - k, "; ");
        r->n++;
    }
}

static int registers(struct vm *v, struct regs *r)
{
    char *t;

    if (cmd(v, "info registers", &t) < 0)
        return -1;
    parse_regs(t, r);
    if (r->n != 25)
        diag("info registers gave %d of the 25 values: %.300s", r->n, t);
    free(t);
    return r->n == 25 ? 0 : -1;
}

/* set: state() adds memory the ram section moves (under_shim) */
static int with_memory;

/*
 * Guest memory from blocks the bridge moves: the BIOS's last bytes (the
 * bios.bin block, mapped at 0xe0000-0xfffff; 0.10.6's and 0.11.1's
 * bios.bin differ there) and the VGA text screen (VGA RAM, read through
 * the VGA's own handlers).  Each "ADDR: 0x.." line's values as text.
 */
static int memory(struct vm *v, struct regs *r)
{
    static const char *const cmds[] = { "xp /16xb 0xffff0", "xp /32xb 0xb8000", NULL };
    int lines = 0;

    for (int i = 0; cmds[i]; i++) {
        char *t;

        if (cmd(v, cmds[i], &t) < 0)
            return -1;
        for (char *l = strtok(t, "\r\n"); l; l = strtok(NULL, "\r\n")) {
            unsigned long long a;
            const char *colon = strstr(l, ": 0x");
            size_t k = strlen(r->text);

            if (!colon || sscanf(l, "%llx:", &a) != 1)
                continue;
            snprintf(r->text + k, sizeof r->text - k, "%llx%.*s; ", a, (int)strcspn(colon, "\x1b"), colon);
            lines++;
        }
        free(t);
    }
    if (lines < 3)
        diag("xp gave %d lines", lines);
    return lines < 3 ? -1 : 0;
}

/* The registers, then both i8259s (info pic, one format in all three
 * releases): device state loaded after the cpu section's, which a load
 * that stops at the cpu section leaves at the destination's own. */
static int state(struct vm *v, struct regs *r)
{
    char *t;
    int got = 0;

    if (registers(v, r) < 0 || cmd(v, "info pic", &t) < 0)
        return -1;
    for (const char *p = t; (p = strstr(p, "pic")); p += 3) {
        unsigned n, irr, imr, isr, hprio, base, rr, elcr, fnm;
        size_t k = strlen(r->text);

        if (sscanf(p, "pic%u: irr=%x imr=%x isr=%x hprio=%u irq_base=%x rr_sel=%u elcr=%x fnm=%u", &n, &irr, &imr,
                   &isr, &hprio, &base, &rr, &elcr, &fnm) != 9)
            continue;
        snprintf(r->text + k, sizeof r->text - k, "pic%u %x %x %x %u %x %u %x %u; ", n, irr, imr, isr, hprio, base, rr,
                 elcr, fnm);
        got++;
    }
    if (got != 2)
        diag("info pic gave %d of the 2 controllers: %.300s", got, t);
    free(t);
    if (got == 2 && with_memory && memory(v, r) < 0)
        return -1;
    return got == 2 ? 0 : -1;
}

/* A fresh snapshot; running: the guest runs until it halts in the BIOS. */
static int snapshot(const char *const *cfg, int running, const char *file, struct regs *r)
{
    struct vm v;
    char mig[800];
    int rc = -1;

    if (start(&v, src_qemu, src_bios, cfg, "save") < 0 || ready(&v) < 0) {
        diag("the source did not start");
        goto out;
    }
    if (running) {
        long long end = now_ms() + DEADLINE_MS;
        struct regs x = { .n = 0 };

        if (cmd(&v, "cont", NULL) < 0)
            goto out;
        /* the BIOS finds no boot disk and halts: wait for that state */
        while (now_ms() < end && !strstr(x.text, "HLT 1;"))
            if (registers(&v, &x) < 0) {
                diag("info registers: %s", x.text);
                goto out;
            }
        if (cmd(&v, "stop", NULL) < 0)
            goto out;
    }
    snprintf(mig, sizeof mig, "migrate \"exec:cat > %s\"", file);
    if (state(&v, r) < 0 || cmd(&v, mig, NULL) < 0)
        goto out;
    rc = 0;
out:
    stop_vm(&v);
    return rc;
}

/* Loads file into an emulator and reads its registers and PICs. */
static int load(const char *qemu, const char *bios, const char *const *cfg, const char *file, const char *tag,
                struct regs *r)
{
    const char *argv[40];
    char inc[1600], done[700];
    struct vm v;
    int n = 0, rc = -1;

    snprintf(done, sizeof done, "%s/%s.done", dir, tag);
    unlink(done);
    snprintf(inc, sizeof inc, "exec:cat %s; touch %s", file, done);
    for (; *cfg && n < 36; cfg++)
        argv[n++] = *cfg;
    argv[n++] = "-incoming";
    argv[n++] = inc;
    argv[n] = NULL;
    if (start(&v, qemu, bios, argv, tag) < 0 || wait_file(done) < 0 || ready(&v) < 0) {
        diag("%s: the emulator did not load %s", tag, file);
        goto out;
    }
    rc = state(&v, r);
out:
    stop_vm(&v);
    return rc;
}

/* What the destination is given besides the options svtool prints. */
struct pair {
    const char *const *extra;   /* after the printed options */
    int runs_stopped;           /* executes guest code while stopped */
    int running_only;           /* the source runs the guest while stopped too: no paused snapshot */
};

static int log_has(const char *what)
{
    char *t = slurp(shim_log, NULL);
    int r = t && strstr(t, what) != NULL;

    free(t);
    return r;
}

/* An emulator that must end during its load: its status (-1: it did not) and what it said. */
static int refused(const char *qemu, const char *bios, const char *const *cfg, const char *file, const char *tag,
                   char **text)
{
    const char *argv[40];
    char inc[800];
    struct vm v;
    int n = 0, st = -1, status;
    long long end = now_ms() + DEADLINE_MS;

    snprintf(inc, sizeof inc, "exec:cat %s", file);
    for (; *cfg && n < 36; cfg++)
        argv[n++] = *cfg;
    argv[n++] = "-incoming";
    argv[n++] = inc;
    argv[n] = NULL;
    *text = NULL;
    if (start(&v, qemu, bios, argv, tag) < 0)
        return -1;
    while (now_ms() < end) {
        if (waitpid(v.pid, &status, WNOHANG) == v.pid) {
            v.pid = 0;
            st = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        poll(NULL, 0, 10);
    }
    stop_vm(&v);
    *text = slurp(v.out, NULL);
    return st;
}

/* The shim's loads: the source's tagged snapshot T, and A without conversion, into the destination. */
static void under_shim(const char *label, const char *const *cfg, const char *const *dcfg, int running, const char *a,
                       const struct regs *a_back)
{
    char t[700], *stream;
    struct regs saved, back = { .n = 0 }, there = { .n = 0 }, legacy = { .n = 0 }, a_mem = { .n = 0 };
    size_t len;

    snprintf(t, sizeof t, "%s/%s-tagged.sv", dir, label);
    shimmed = 1;
    with_memory = 1;
    if (snapshot(cfg, running, t, &saved) < 0) {
        ok(0, "%s: a tagged snapshot from the source under the shim", label);
        goto out;
    }
    stream = slurp(t, &len);
    ok(stream && memmem(stream, len, "SVTG", 4) && memmem(stream, len, "\x04""0.10", 5),
       "%s: the source under the shim saves tagged sections of release %s", label, src_rel);
    free(stream);
    ok(load(src_qemu, src_bios, cfg, t, "shim-back", &back) == 0 && log_has("load end: ok"),
       "%s: the source under the shim loads its tagged snapshot back", label);
    ok(load(dst_qemu, dst_bios, dcfg, t, "shim-dest", &there) == 0 && log_has("load end: ok"),
       "%s: the destination under the shim loads the tagged snapshot", label);
    ok(log_has("ram: saved by release 0.10, by its size") && log_has("bridge \"cpu\" instance 0: release 0.10"),
       "%s: its log says the ram section and the cpu came from release 0.10", label);
    ok(back.n && strcmp(back.text, there.text) == 0,
       "%s: ... with the registers, PICs, BIOS and VGA text the source shows after loading it", label);
    if (strcmp(back.text, there.text))
        diag("source: %s\ndestination: %s", back.text, there.text);
    /* A: what the source, unshimmed, shows after loading A, memory too */
    shimmed = 0;
    if (load(src_qemu, src_bios, cfg, a, "legacy-back", &a_mem) < 0 || strncmp(a_mem.text, a_back->text, strlen(a_back->text)))
        diag("the source loading A again: %s", a_mem.text);
    shimmed = 1;
    ok(load(dst_qemu, dst_bios, dcfg, a, "shim-legacy", &legacy) == 0 && log_has("load end: ok") &&
       a_mem.n && strcmp(a_mem.text, legacy.text) == 0,
       "%s: the destination under the shim loads the legacy snapshot unconverted with the source's registers, PICs, "
       "BIOS and VGA text", label);
    if (strcmp(a_mem.text, legacy.text))
        diag("source: %s\ndestination: %s", a_mem.text, legacy.text);
    shim_opt = "--source-release";
    shim_arg = src_rel;
    ok(load(dst_qemu, dst_bios, dcfg, a, "shim-set", &legacy) == 0 && log_has("(SAVEVM_SHIM_SOURCE_RELEASE)") &&
       a_mem.n && strcmp(a_mem.text, legacy.text) == 0, "%s: ... and with --source-release %s", label, src_rel);
    shim_opt = NULL;
    if (!running && strcmp(label, "pc-paused") == 0) {
        /* a BIOS of 256 KiB: 0.11.1's blocks grow by 128 KiB (v0.11.1 hw/pc.c:1193), which the
         * command line does not say: 0x8840000 + 0x20000 */
        char big[700], cp[1600], *text = NULL, *bin;
        size_t blen;
        int st, fd;

        snprintf(big, sizeof big, "%s/bios-256k", dir);
        snprintf(cp, sizeof cp, "cp -r '%s' '%s' && chmod -R u+w '%s'", dst_bios, big, big);
        if (system(cp) != 0 || !(bin = slurp(strcat(strcpy(cp, big), "/bios.bin"), &blen)) || blen != 131072)
            bail("cannot copy %s", dst_bios);
        fd = open(cp, O_WRONLY | O_TRUNC);
        {
            static uint8_t pad[131072];

            memset(pad, 0xff, sizeof pad);
            if (fd < 0 || write(fd, pad, sizeof pad) != (ssize_t)sizeof pad || write(fd, bin, blen) != (ssize_t)blen)
                bail("cannot write %s", cp);
        }
        close(fd);
        free(bin);
        st = refused(dst_qemu, big, dcfg, a, "shim-bigbios", &text);
        ok(st == 1 && text && strstr(text, "savevm-shim: load failed: ") &&
           strstr(text, "this emulator has 142999552 bytes of RAM blocks, which release 0.11's layout for its command "
                  "line does not give"),
           "%s: a destination whose RAM blocks are not its command line's refuses the stream, saying so", label);
        if (text && !strstr(text, "142999552"))
            diag("status %d: %.600s", st, text);
        free(text);
    }
out:
    shimmed = 0;
    with_memory = 0;
}

/* The options svtool printed for the destination (--print-config), split
 * into words in buf; NULL when it printed none. */
static const char **printed_options(const char *out, char *buf, size_t len, const char **words, int max)
{
    char *save = NULL, *w;
    int n = 0;

    snprintf(buf, len, "%.*s", (int)strcspn(out ? out : "", "\n"), out ? out : "");
    for (w = strtok_r(buf, " ", &save); w && n < max - 1; w = strtok_r(NULL, " ", &save))
        words[n++] = w;
    words[n] = NULL;
    return n ? words : NULL;
}

static void one(const char *label, const char *const *cfg, const char *cfg_text, const struct pair *to, int running)
{
    char a[700], b[700], opts[1024];
    const char *dcfg[40], *words[32];
    struct regs saved, back, there = { .n = 0 }, control = { .n = 0 };
    struct su_run r;
    int n = 0;

    if (to->running_only && !running) {
        skip(4, "%s: the source runs the guest while stopped (its paused state is not one)", label);
        return;
    }
    snprintf(a, sizeof a, "%s/%s.sv", dir, label);
    snprintf(b, sizeof b, "%s/%s-%s.sv", dir, label, dst_rel);
    if (snapshot(cfg, running, a, &saved) < 0) {
        ok(0, "%s: a snapshot from the source", label);
        return;
    }
    ok(load(src_qemu, src_bios, cfg, a, "back", &back) == 0 && strcmp(saved.text, back.text) == 0,
       "%s: the source loads its own snapshot back with the registers it saved", label);
    {
        /* no --to-config: the destination runs what svtool derives and prints */
        const char *args[] = { "convert", "--release", src_rel, "--to", "legacy", "--to-release", dst_rel,
                               "--from-config", cfg_text, "--print-config", a, b, NULL };

        su_svtool_run(&r, NULL, args);
        is_int(r.code, 0, "%s: svtool convert --release %s --to-release %s --print-config", label, src_rel, dst_rel);
        if (r.code)
            diag("%s", r.err);
        if (!printed_options(r.out, opts, sizeof opts, words, 32)) {
            ok(0, "%s: svtool printed the destination's options", label);
            su_run_free(&r);
            return;
        }
        diag("%s: release %s runs with: %s", label, dst_rel, r.out);
        su_run_free(&r);
    }
    for (const char *const *c = words; *c && n < 30; c++)
        dcfg[n++] = *c;
    for (const char *const *c = to->extra; *c && n < 38; c++)
        dcfg[n++] = *c;
    dcfg[n] = NULL;
    if (load(dst_qemu, dst_bios, dcfg, b, "dest", &there) < 0)
        ok(0, "%s: the destination loads the converted snapshot", label);
    else if (to->runs_stopped && !running)
        skip(1, "%s: the destination ran the guest on after the load (it executes while stopped)", label);
    else
        ok(strcmp(back.text, there.text) == 0,
           "%s: the destination loads the converted snapshot with the source's registers and PICs", label);
    if (strcmp(back.text, there.text))
        diag("source: %s\ndestination: %s", back.text, there.text);
    if (running) {
        load(dst_qemu, dst_bios, dcfg, a, "control", &control);
        ok(strcmp(back.text, control.text) != 0,
           "%s: unconverted, the destination does not show them (control)", label);
    }
    if (launcher)
        under_shim(label, cfg, dcfg, running, a, &back);
}

int main(void)
{
    static const char *const pc[] = { "-M", "pc", NULL };
    static const char *const virtio[] = { "-M", "pc", "-net", "nic,model=virtio", "-net", "user", NULL };
    static const char *const none[] = { NULL };
    /* 0.12: a guest clock that stands while stopped, for the comparison */
    static const char *const clock_vm[] = { "-rtc", "clock=vm", NULL };
    static const struct pair same_pc = { none, 0, 0 }, same_virtio = { none, 0, 0 };
    static const struct pair to012_pc = { clock_vm, 1, 0 }, to012_virtio = { clock_vm, 1, 0 };
    /* 0.11 -> 0.10: 0.10.6 -M pc has the same devices, its balloon built in */
    static const struct pair to010_pc = { none, 0, 0 }, to010_virtio = { none, 0, 0 };
    /* 0.12.3 <-> qemu-kvm-0.12.1.2 (-no-kvm): the NIC named (0.12.3's default
     * is e1000, qemu-kvm's rtl8139), slirp as both have by default; both
     * run TCG guest code while stopped */
    static const char *const pc_e1000[] = { "-M", "pc", "-net", "nic,model=e1000", "-net", "user",
                                            "-rtc", "clock=vm", NULL };
    static const char *const pc_rtl[] = { "-M", "pc", "-net", "nic,model=rtl8139", "-net", "user",
                                          "-rtc", "clock=vm", NULL };
    static const char *const virtio_vm[] = { "-M", "pc", "-net", "nic,model=virtio", "-net", "user",
                                             "-rtc", "clock=vm", NULL };
    static const struct pair kvm_pair = { clock_vm, 1, 1 };
    /* 0.12 -> 0.11 */
    static const char *const pc011_ne2k[] = { "-M", "pc-0.11", "-net", "nic,model=ne2k_pci", "-net", "user",
                                              "-rtc", "clock=vm", NULL };
    static const char *const virtio011_vm[] = { "-M", "pc-0.11", "-net", "nic,model=virtio", "-net", "user",
                                                "-rtc", "clock=vm", NULL };
    static const struct pair to011_pair = { none, 0, 1 };
    const struct pair *to_pc, *to_virtio;
    const char *src_pc_text = "-m 128 -M pc", *src_virtio_text = "-m 128 -M pc -net nic,model=virtio";
    const char *const *src_pc = pc, *const *src_virtio = virtio;
    int fd;

    tap_init();
    signal(SIGPIPE, SIG_IGN);   /* a monitor whose emulator has exited: its write fails, and waitpid says */
    src_qemu = getenv("SAVEVM_SHIM_LEGACY_QEMU");
    src_bios = getenv("SAVEVM_SHIM_LEGACY_BIOS");
    dst_qemu = getenv("SAVEVM_SHIM_LEGACY_DEST_QEMU");
    dst_bios = getenv("SAVEVM_SHIM_LEGACY_DEST_BIOS");
    src_rel = getenv("SAVEVM_SHIM_LEGACY_RELEASE") ? getenv("SAVEVM_SHIM_LEGACY_RELEASE") : "0.10";
    dst_rel = getenv("SAVEVM_SHIM_LEGACY_DEST_RELEASE") ? getenv("SAVEVM_SHIM_LEGACY_DEST_RELEASE") : "0.11";
    if (!src_qemu || !src_bios || !dst_qemu || !dst_bios)
        skip_all("set SAVEVM_SHIM_LEGACY_QEMU, _BIOS, _DEST_QEMU and _DEST_BIOS to bridge real binaries");
    if (!strcmp(src_rel, "0.10") && !strcmp(dst_rel, "0.11")) {
        to_pc = &same_pc;
        to_virtio = &same_virtio;
    } else if (!strcmp(src_rel, "0.11") && !strcmp(dst_rel, "0.12")) {
        to_pc = &to012_pc;
        to_virtio = &to012_virtio;
    } else if (!strcmp(src_rel, "0.11") && !strcmp(dst_rel, "0.10")) {
        to_pc = &to010_pc;
        to_virtio = &to010_virtio;
    } else if (!strcmp(src_rel, "0.12") && !strcmp(dst_rel, "qemu-kvm-0.12")) {
        to_pc = to_virtio = &kvm_pair;
        src_pc = pc_e1000;
        src_pc_text = "-m 128 -M pc -net nic,model=e1000 -net user";
        src_virtio = virtio_vm;
    } else if (!strcmp(src_rel, "qemu-kvm-0.12") && !strcmp(dst_rel, "0.12")) {
        to_pc = to_virtio = &kvm_pair;
        src_pc = pc_rtl;
        src_pc_text = "-m 128 -M pc -net nic,model=rtl8139 -net user";
        src_virtio = virtio_vm;
    } else if (!strcmp(src_rel, "0.12") && !strcmp(dst_rel, "0.11")) {
        /* 0.12.3 with 0.11.1's devices (its pc-0.11, ne2k_pci, slirp); it
         * runs the guest while stopped, 0.11.1 does not */
        to_pc = to_virtio = &to011_pair;
        src_pc = pc011_ne2k;
        src_pc_text = "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user";
        src_virtio = virtio011_vm;
        src_virtio_text = "-m 128 -M pc-0.11 -net nic,model=virtio -net user";
    } else
        skip_all("no real-binary check for %s -> %s", src_rel, dst_rel);
    src_kvm = strstr(src_rel, "kvm") != NULL;
    dst_kvm = strstr(dst_rel, "kvm") != NULL;
    plan_lazy();
    /* the shim's own loads: 0.10 -> 0.11 on a build with the shim */
    if (!strcmp(src_rel, "0.10") && !strcmp(dst_rel, "0.11") && !strcmp(tap_env("SV_HAVE_SHIM"), "yes")) {
        static char l[4096];

        shimlib = tap_env("SV_SHIM");
        snprintf(l, sizeof l, "%s/savevm-shim", tap_env("SV_TOP_BUILDDIR"));
        launcher = l;
        setenv("SAVEVM_SHIM_LIBRARY", shimlib, 1);
    }
    dir = su_tmpdir();
    /* 0.10 refuses to start without a drive: an empty raw disk */
    snprintf(disk, sizeof disk, "%s/disk.raw", dir);
    if ((fd = open(disk, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 || ftruncate(fd, 16 << 20) < 0)
        bail("cannot make %s", disk);
    close(fd);
    one("pc-paused", src_pc, src_pc_text, to_pc, 0);
    one("pc-running", src_pc, src_pc_text, to_pc, 1);
    one("virtio-net-paused", src_virtio, src_virtio_text, to_virtio, 0);
    one("virtio-net-running", src_virtio, src_virtio_text, to_virtio, 1);
    return 0;
}
