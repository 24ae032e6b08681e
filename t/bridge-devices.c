/*
 * svtool convert --release A --to-release B and the destination's devices
 * (doc/BRIDGING.md, "The destination's configuration"), on real captures:
 * the options printed for a 0.11.1 default pc snapshot going to 0.12 are
 * those issue 14 names (-M pc-0.11, the NIC's model, -balloon virtio) with
 * -net user for 0.11.1's slirp (its default network is -net nic -net
 * user); a --to-config missing a device the snapshot holds, or adding one
 * it holds no state for, is refused naming it and the option, with or
 * without --force, and nothing is written (an existing OUT is left as it
 * was); --no-device-check says on stderr that it did not compare; the
 * usage text and the docs name the options.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svtool-util.h"
#include "tap.h"

#define RUN(r, ...) su_svtool_run((r), NULL, (const char *const[]){ __VA_ARGS__, NULL })

static const char *const want_012 = "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio";

/* Exactly one line on stderr. */
static int one_line(const char *s)
{
    const char *nl = s ? strchr(s, '\n') : NULL;

    return nl && !nl[1];
}

static void printed(void)
{
    char *in = strdup(su_tpath("pc-011.sv")), *out = strdup(su_tpath("out.sv")), line[1024];
    struct su_run r;

    if (su_real_unpack("v0.11.1/i386/pc-paused.sv.xz", in) < 0)
        bail("no capture");
    unlink(out);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", in, out);
    snprintf(line, sizeof line, "svtool: %s: run release 0.12 with: %s\n", out, want_012);
    ok(r.code == 0 && r.err && strcmp(r.err, line) == 0 && r.out_len == 0,
       "0.11.1 -M pc -> 0.12: stderr names the options (%s)", r.err);
    su_run_free(&r);
    unlink(out);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--print-config", in, out);
    snprintf(line, sizeof line, "%s\n", want_012);
    ok(r.code == 0 && r.out && strcmp(r.out, line) == 0 && su_file_exists(out),
       "--print-config: only the options on stdout (%s)", r.out);
    su_run_free(&r);
    unlink(out);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--to-config", want_012, in, out);
    ok(r.code == 0 && su_file_exists(out), "the printed options given as --to-config convert (%s)", r.err);
    su_run_free(&r);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--print-config", in, "-");
    ok(r.code == 2 && strstr(r.err, "--print-config") && r.out_len == 0, "--print-config with OUT - is refused (%s)",
       r.err);
    su_run_free(&r);
    RUN(&r, "convert", "--to", "legacy", "--print-config", in, out);
    ok(r.code == 2 && strstr(r.err, "--print-config"), "--print-config without another release is refused (%s)", r.err);
    su_run_free(&r);
    free(in);
    free(out);
}

/*
 * qemu-kvm's pc, though named pc-0.11 (qemu-kvm hw/pc.c:1338-1345), has
 * PCI ROM BARs (qemu-kvm hw/pci.c:1604-1640) and virtio-blk's two vectors
 * as upstream's pc: the two cross to each other's pc, not to pc-0.11.
 */
static void kvm_machine(void)
{
    static const struct {
        const char *capture, *from, *to, *config, *want;
    } cases[] = {
        { "qemu-kvm-0.12.1.2/i386/pc-running.sv.xz", "qemu-kvm-0.12", "0.12",
          "-m 128 -M pc -net nic,model=rtl8139 -net user", "-m 128 -M pc -net nic,model=rtl8139 -net user\n" },
        { "v0.12.3/i386/pc-running.sv.xz", "0.12", "qemu-kvm-0.12",
          "-m 128 -M pc -net nic,model=e1000 -net user", "-m 128 -M pc -net nic,model=e1000 -net user -no-kvm\n" },
    };
    char *in = strdup(su_tpath("kvm.sv")), *out = strdup(su_tpath("kvm-out.sv"));

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct su_run r;

        if (su_real_unpack(cases[i].capture, in) < 0)
            bail("no capture %s", cases[i].capture);
        unlink(out);
        RUN(&r, "convert", "--release", cases[i].from, "--to", "legacy", "--to-release", cases[i].to,
            "--from-config", cases[i].config, "--print-config", in, out);
        ok(r.code == 0 && r.out && strcmp(r.out, cases[i].want) == 0, "%s -M pc -> %s: its pc (%s%s)", cases[i].from,
           cases[i].to, r.out ? r.out : "", r.err);
        su_run_free(&r);
    }
    free(in);
    free(out);
}

/* A virtio disk: the options cannot carry it; a second line says so. */
static void note(void)
{
    char *in = strdup(su_tpath("blk-011.sv")), *out = strdup(su_tpath("blk.sv"));
    struct su_run r;

    if (su_real_unpack("v0.11.1/i386/virtio-blk-paused.sv.xz", in) < 0)
        bail("no capture");
    unlink(out);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--print-config", in, out);
    ok(r.code == 0 && r.err && strstr(r.err, ": and give release 0.12: -drive file=DISK,if=virtio for each of its 1 "
                                             "virtio-blk disks\n") && !strstr(r.out, "-drive"),
       "a virtio disk: the user is told to give it, the options do not guess it (%s)", r.err);
    su_run_free(&r);
    free(in);
    free(out);
}

static void refused(void)
{
    char *in = strdup(su_tpath("pc-011.sv")), *out = strdup(su_tpath("out.sv"));
    static const char old[] = "not a snapshot: an earlier file";
    struct su_run r;
    size_t n;
    char *back;

    if (su_real_unpack("v0.11.1/i386/pc-paused.sv.xz", in) < 0)
        bail("no capture");
    unlink(out);
    /* the --to-config of doc/BRIDGING.md before the check: no -balloon virtio */
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--to-config",
        "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user", in, out);
    ok(r.code == 1 && one_line(r.err) &&
       strstr(r.err, "--to-config: section \"virtio-balloon\" instance 0: release 0.12 would have no device for it "
                     "(add -balloon virtio)") && !su_file_exists(out),
       "a section the destination has no device for is refused naming it, nothing written (%s)", r.err);
    su_run_free(&r);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--to-config",
        "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -balloon virtio", in, out);
    ok(r.code == 1 && one_line(r.err) && strstr(r.err, "section \"slirp\" instance 0") &&
       strstr(r.err, "(add -net user)") && !su_file_exists(out), "without -net user: slirp refused (%s)", r.err);
    su_run_free(&r);
    RUN(&r, "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--to-config",
        "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio -usb", in, out);
    ok(r.code == 1 && one_line(r.err) &&
       strstr(r.err, "device \"uhci\" instance 0: release 0.12 would have it and the snapshot holds no state for it "
                     "(remove with -usb") && !su_file_exists(out),
       "a destination device the snapshot holds nothing for is refused naming it, nothing written (%s)", r.err);
    su_run_free(&r);
    /* --force replaces OUT and drops fields, never a device: OUT stays as it was */
    su_write_file(out, old, sizeof old - 1);
    RUN(&r, "convert", "--force", "--release", "0.11", "--to", "legacy", "--to-release", "0.12", "--to-config",
        "-m 128 -M pc-0.11 -net nic,model=e1000 -net user -balloon virtio", in, out);
    back = (char *)su_read_file(out, &n);
    ok(r.code == 1 && one_line(r.err) && strstr(r.err, "section \"ne2000\" instance 0") &&
       strstr(r.err, "add -net nic,model=ne2k_pci") && back && n == sizeof old - 1 && !memcmp(back, old, n),
       "--force does not pass a missing device; the existing OUT is left as it was (%s)", r.err);
    free(back);
    su_run_free(&r);
    unlink(out);
    /* a machine the derived options cannot fix: 0.10.6 isapc has no APIC, 0.11.1's does */
    if (su_real_unpack("v0.10.6/i386/M-isapc-paused.sv.xz", in) < 0)
        bail("no capture");
    RUN(&r, "convert", "--release", "0.10", "--to", "legacy", "--to-release", "0.11", "--from-config", "-m 128 -M isapc",
        in, out);
    ok(r.code == 1 && one_line(r.err) && strstr(r.err, "device \"apic\" instance 0: release 0.11 would have it") &&
       strstr(r.err, "a -cpu without an APIC") && !su_file_exists(out),
       "0.10.6 isapc -> 0.11: the APIC 0.11.1 adds is refused (%s)", r.err);
    su_run_free(&r);
    RUN(&r, "convert", "--no-device-check", "--release", "0.10", "--to", "legacy", "--to-release", "0.11",
        "--from-config", "-m 128 -M isapc", in, out);
    ok(r.code == 0 && su_file_exists(out) && strstr(r.err, "were not compared with the snapshot's sections") &&
       !strstr(r.err, "run release"), "--no-device-check converts and says it did not compare (%s)", r.err);
    su_run_free(&r);
    free(in);
    free(out);
}

static int mentions(const char *path, const char *const *words)
{
    size_t n;
    char *t = (char *)su_read_file(path, &n), *z;
    int all = 1;

    if (!t || !(z = realloc(t, n + 1))) {
        free(t);
        return 0;
    }
    z[n] = 0;
    for (; *words; words++)
        if (!strstr(z, *words)) {
            diag("%s: no %s", path, *words);
            all = 0;
        }
    free(z);
    return all;
}

static void documented(void)
{
    static const char *const words[] = { "\\-\\-print\\-config", "\\-\\-no\\-device\\-check", NULL };
    static const char *const bridging[] = { "--print-config", "--no-device-check", "run release 0.12 with:",
                                            "-M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio", NULL };
    char path[700];
    struct su_run r;

    RUN(&r, "convert");
    ok(r.code == 2, "convert without arguments is a usage error");
    su_run_free(&r);
    su_svtool_run(&r, NULL, (const char *const[]){ NULL });
    ok(r.err && strstr(r.err, "[--print-config]") && strstr(r.err, "[--no-device-check]"),
       "the usage text names --print-config and --no-device-check");
    su_run_free(&r);
    snprintf(path, sizeof path, "%s/doc/svtool.1", tap_env("SV_TOP_SRCDIR"));
    ok(mentions(path, words), "doc/svtool.1 describes them");
    snprintf(path, sizeof path, "%s/doc/BRIDGING.md", tap_env("SV_TOP_SRCDIR"));
    ok(mentions(path, bridging), "doc/BRIDGING.md describes them and the options for 0.11 -> 0.12");
}

int main(void)
{
    tap_init();
    plan_lazy();
    printed();
    note();
    kvm_machine();
    refused();
    documented();
    return 0;
}
