/*
 * compat/sv-devices: which device sections a release registers for a
 * configuration.
 *
 * For every real capture (t/real/MANIFEST.tsv) the sections predicted from
 * its recorded command line must be exactly the capture's sections (idstr
 * and instance, as often as the stream holds them), read from the capture
 * with `svtool dump`; and the options derived back from those sections
 * must predict them again.  Then the options and refusals that do not
 * come from a capture, from the sources' facts (doc/BRIDGING.md).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv-devices.h"
#include "svtool-util.h"
#include "tap.h"

enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_BUILD, COL_STATE, COL_CONFIG, COL_COMMAND, COL_NCOLS };

/* The capture's sections as `svtool dump` lists them (FULL and START headers). */
static int capture_sections(const char *file, const char *release, const char *target, struct sv_dev_set *set)
{
    const char *in = su_tpath("cap.sv");
    const char *args[] = { "dump", "--release", release, "--target", target, in, NULL };
    struct sv_error e;
    struct su_run r;
    char *p;

    memset(set, 0, sizeof *set);
    if (su_real_unpack(file, in) < 0)
        return -1;
    su_svtool_run(&r, NULL, args);
    if (r.code) {
        diag("svtool dump %s: %s", file, su_run_status(&r));
        su_run_free(&r);
        return -1;
    }
    sv_error_clear(&e);
    for (p = r.out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        char idstr[64];
        unsigned inst;

        if ((strncmp(p, "section FULL ", 13) == 0 || strncmp(p, "section START ", 14) == 0) &&
            sscanf(strstr(p, "idstr=\""), "idstr=\"%63[^\"]\" instance=%u", idstr, &inst) == 2 &&
            sv_dev_set_add(set, idstr, inst, &e) < 0) {
            diag("%s: %s", file, e.msg);
            break;
        }
    }
    su_run_free(&r);
    return set->n ? 0 : -1;
}

static size_t occurrences(const struct sv_dev_set *set, const char *idstr, uint32_t inst)
{
    size_t n = 0;

    for (size_t i = 0; i < set->n; i++)
        n += strcmp(set->s[i].idstr, idstr) == 0 && set->s[i].instance == inst;
    return n;
}

/* The same sections as often, whatever the order; diag the first difference. */
static int same(const char *what, const struct sv_dev_set *a, const struct sv_dev_set *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (occurrences(a, a->s[i].idstr, a->s[i].instance) != occurrences(b, a->s[i].idstr, a->s[i].instance)) {
            diag("%s: \"%s\" %u: %zu in the capture, %zu predicted", what, a->s[i].idstr, a->s[i].instance,
                 occurrences(a, a->s[i].idstr, a->s[i].instance), occurrences(b, a->s[i].idstr, a->s[i].instance));
            return 0;
        }
    for (size_t i = 0; i < b->n; i++)
        if (!occurrences(a, b->s[i].idstr, b->s[i].instance)) {
            diag("%s: \"%s\" %u predicted, not in the capture", what, b->s[i].idstr, b->s[i].instance);
            return 0;
        }
    return 1;
}

static void captures(void)
{
    char path[700], line[8192];
    FILE *f;
    int header = 1, n = 0, predicted = 0, derived = 0, kvm = 0, isa_ide = 0;

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        const struct sv_release *r;
        struct sv_dev_set have, want, again;
        struct sv_ram_config c, d;
        struct sv_error e;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header) {
            header = 0;
            continue;
        }
        if (k < COL_NCOLS)
            bail("MANIFEST.tsv: a line with %d columns", k);
        n++;
        r = sv_release_find(col[COL_RELEASE]);
        sv_error_clear(&e);
        if (!r || capture_sections(col[COL_FILE], col[COL_RELEASE], col[COL_TARGET], &have) < 0) {
            diag("%s: release %s, or no sections", col[COL_FILE], col[COL_RELEASE]);
            continue;
        }
        kvm += occurrences(&have, "kvmclock", 0) > 0;
        isa_ide += occurrences(&have, "isa-ide", 0) == 2;
        if (sv_ram_config_parse(r, col[COL_COMMAND], &c, &e) < 0 || sv_devices_of(r, &c, &want, &e) < 0) {
            diag("%s: %s", col[COL_FILE], e.msg);
            continue;
        }
        if (!same(col[COL_FILE], &have, &want))
            continue;
        predicted++;
        /* back: what the sections say, with the command line's -m, -M, -cpu */
        memset(&d, 0, sizeof d);
        d.ram = c.ram;
        memcpy(d.machine, c.machine, sizeof d.machine);
        memcpy(d.cpu, c.cpu, sizeof d.cpu);
        if (sv_devices_config(r, col[COL_TARGET], &have, &d, &e) < 0 || sv_devices_of(r, &d, &again, &e) < 0) {
            diag("%s: derived: %s", col[COL_FILE], e.msg);
            continue;
        }
        if (same(col[COL_FILE], &have, &again))
            derived++;
    }
    fclose(f);
    ok(n > 500, "the manifest lists the captures (%d)", n);
    is_int(predicted, n, "every capture's command line predicts exactly its sections");
    is_int(derived, n, "the options derived from every capture's sections predict them again");
    ok(kvm >= 12, "the captures include qemu-kvm with KVM on (%d), kvmclock and kvm-tpr-opt predicted", kvm);
    ok(isa_ide >= 8, "0.12 isapc captures hold isa-ide 0 twice (%d), predicted twice", isa_ide);
}

/* The options derived for a capture's sections at another release. */
static const char *options_for(const char *capture, const char *from, const char *target, const char *to,
                               const char *machine, const char *drop, char *note, size_t note_len)
{
    static char out[512];
    struct sv_dev_set have;
    struct sv_ram_config c;
    struct sv_error e;

    memset(&c, 0, sizeof c);
    c.ram = 128ull << 20;
    snprintf(c.machine, sizeof c.machine, "%s", machine);
    sv_error_clear(&e);
    if (capture_sections(capture, from, target, &have) < 0)
        return "(no capture)";
    if (drop) {                 /* a section the bridge would drop */
        size_t j = 0;

        for (size_t i = 0; i < have.n; i++)
            if (strcmp(have.s[i].idstr, drop) != 0)
                have.s[j++] = have.s[i];
        have.n = j;
    }
    if (sv_devices_config(sv_release_find(to), target, &have, &c, &e) < 0) {
        snprintf(out, sizeof out, "error: %s", e.msg);
        return out;
    }
    sv_devices_options(sv_release_find(to), &c, out, sizeof out, note, note_len);
    return out;
}

static void derived_options(void)
{
    char note[256];
    const char *o;

    /* 0.11.1's default pc -> 0.12.3 (issue 14; doc/BRIDGING.md: 0.11.1's
     * default network is -net nic -net user, its NIC ne2k_pci, its balloon on) */
    o = options_for("v0.11.1/i386/pc-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    is_str(o, "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio",
           "0.11.1 -M pc -> 0.12: the options the issue names, with -net user for slirp");
    o = options_for("v0.11.1/i386/nic-virtio-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    is_str(o, "-m 128 -M pc-0.11 -net nic,model=virtio -net user -balloon virtio", "0.11.1 virtio-net -> 0.12");
    o = options_for("v0.11.1/i386/usb-tablet-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    ok(strstr(o, " -usb") != NULL, "0.11.1 -usb -> 0.12 needs -usb (%s)", o);
    o = options_for("v0.11.1/i386/sound-es1370-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    ok(strstr(o, " -soundhw es1370") != NULL, "0.11.1 -soundhw es1370 -> 0.12 needs it (%s)", o);
    o = options_for("v0.11.1/i386/smp2-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    ok(strstr(o, " -smp 2") != NULL, "0.11.1 -smp 2 -> 0.12 needs -smp 2 (%s)", o);
    o = options_for("v0.11.1/i386/vga-std-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    ok(strstr(o, " -vga std") != NULL, "0.11.1 -vga std -> 0.12 needs -vga std (%s)", o);
    o = options_for("v0.11.1/i386/virtio-blk-paused.sv.xz", "0.11", "i386", "0.12", "pc-0.11", NULL, note, sizeof note);
    ok(strstr(note, "-drive file=DISK,if=virtio") && strstr(note, " 1 virtio-blk") && !strstr(o, "-drive"),
       "a virtio disk is named in the note, not guessed in the options (%s)", note);
    /* 0.11.1 isapc (qemu32: an APIC) -> 0.12.3, whose isapc default is a 486 */
    o = options_for("v0.11.1/i386/M-isapc-paused.sv.xz", "0.11", "i386", "0.12", "", NULL, note, sizeof note);
    ok(strstr(o, "error: section \"ne2000\" instance 0: release 0.12 -M isapc has no device") != NULL,
       "0.11.1 isapc -> 0.12: its ISA ne2000 has no device there (%s)", o);
    o = options_for("v0.11.1/i386/M-isapc-paused.sv.xz", "0.11", "i386", "0.12", "", "ne2000", note, sizeof note);
    is_str(o, "-m 128 -M isapc -cpu qemu32 -net user", "without it: -M isapc -cpu qemu32 (0.12's isapc is a 486)");
    /* 0.12.3's pc -> 0.11: e1000 named, the balloon off */
    o = options_for("v0.12.3/i386/pc-paused.sv.xz", "0.12", "i386", "0.11", "pc", "block", note, sizeof note);
    is_str(o, "-m 128 -M pc -net nic,model=e1000 -net user -balloon none", "0.12.3 -M pc -> 0.11: e1000, -balloon none");
    /* qemu-kvm without KVM -> itself says -no-kvm */
    o = options_for("qemu-kvm-0.12.1.2/x86_64/pc-paused.sv.xz", "qemu-kvm-0.12", "x86_64", "qemu-kvm-0.12", "pc",
                    NULL, note, sizeof note);
    ok(strstr(o, "-net nic,model=rtl8139") && strstr(o, "-no-kvm"), "qemu-kvm -no-kvm's sections need -no-kvm (%s)", o);
}

static void refusals(void)
{
    const struct sv_release *r012 = sv_release_find("0.12"), *r011 = sv_release_find("0.11");
    struct sv_dev_set have, want;
    struct sv_ram_config c;
    struct sv_error e;

    if (capture_sections("v0.11.1/i386/pc-paused.sv.xz", "0.11", "i386", &have) < 0)
        bail("no capture");
    sv_error_clear(&e);
    /* 0.12.3 -M pc-0.11 -net nic,model=ne2k_pci without -net user: no slirp */
    if (sv_ram_config_parse(r012, "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -balloon virtio", &c, &e) < 0 ||
        sv_devices_of(r012, &c, &want, &e) < 0)
        bail("%s", e.msg);
    ok(sv_devices_compare(r012, &have, &want, &e) < 0 && e.code == SV_E_UNKNOWN &&
       strstr(e.msg, "section \"slirp\" instance 0") && strstr(e.msg, "add -net user"),
       "a section without a device is refused naming it and -net user (%s)", e.msg);
    sv_error_clear(&e);
    if (sv_ram_config_parse(r012, "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user", &c, &e) < 0 ||
        sv_devices_of(r012, &c, &want, &e) < 0)
        bail("%s", e.msg);
    ok(sv_devices_compare(r012, &have, &want, &e) < 0 && strstr(e.msg, "\"virtio-balloon\" instance 0") &&
       strstr(e.msg, "add -balloon virtio"), "the 0.11.1 balloon on a 0.12.3 without one is refused (%s)", e.msg);
    sv_error_clear(&e);
    if (sv_ram_config_parse(r012, "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio -usb", &c,
                            &e) < 0 || sv_devices_of(r012, &c, &want, &e) < 0)
        bail("%s", e.msg);
    ok(sv_devices_compare(r012, &have, &want, &e) < 0 && e.code == SV_E_MISSING &&
       strstr(e.msg, "device \"uhci\" instance 0") && strstr(e.msg, "remove with -usb"),
       "a destination device the snapshot holds no state for is refused naming it (%s)", e.msg);
    sv_error_clear(&e);
    if (sv_ram_config_parse(r012, "-m 128 -M pc-0.11 -net nic,model=ne2k_pci -net user -balloon virtio", &c, &e) < 0 ||
        sv_devices_of(r012, &c, &want, &e) < 0)
        bail("%s", e.msg);
    ok(sv_devices_compare(r012, &have, &want, &e) == 0, "the printed options match: nothing refused (%s)", e.msg);
    /* no option can make it: mc146818rtc-td on 0.12 */
    sv_error_clear(&e);
    sv_dev_set_add(&have, "mc146818rtc-td", 0x70, &e);
    ok(sv_devices_config(r012, "i386", &have, &c, &e) < 0 && strstr(e.msg, "\"mc146818rtc-td\" instance 112") &&
       strstr(e.msg, "no device"), "a section release 0.12 has no device for is refused deriving (%s)", e.msg);
    sv_error_clear(&e);
    ok(sv_ram_config_parse(r011, "-m 128 -watchdog i6300esb", &c, &e) == 0 && sv_devices_of(r011, &c, &want, &e) < 0 &&
       strstr(e.msg, "-watchdog i6300esb"), "an option whose devices are not modelled is refused naming it (%s)", e.msg);
    /* slirp: 0.11.1 registers one per -net user (each its own stack, v0.11.1
     * slirp/slirp.c:226), 0.10.6 one for all (a single global stack, v0.10.6 :209) */
    {
        const struct sv_release *r010 = sv_release_find("0.10");
        struct sv_dev_set w10;

        sv_error_clear(&e);
        ok(sv_ram_config_parse(r011, "-m 128 -net nic -net user -net user", &c, &e) == 0 &&
           sv_devices_of(r011, &c, &want, &e) == 0 && sv_ram_config_parse(r010, "-m 128 -net nic -net user -net user",
                                                                           &c, &e) == 0 &&
           sv_devices_of(r010, &c, &w10, &e) == 0, "two -net user (%s)", e.msg);
        is_int((long long)occurrences(&want, "slirp", 0) * 10 + (long long)occurrences(&w10, "slirp", 0), 21,
               "two -net user: two slirp sections on 0.11, one on 0.10");
    }
    /* each -serial takes the next port (0x3f8, 0x2f8, ...), none leaves it empty */
    sv_error_clear(&e);
    ok(sv_ram_config_parse(r011, "-m 128 -serial none -serial stdio", &c, &e) == 0 &&
       sv_devices_of(r011, &c, &want, &e) == 0, "-serial none -serial stdio (%s)", e.msg);
    {
        size_t n = 0, at = 0;

        for (size_t i = 0; i < want.n; i++)
            if (strcmp(want.s[i].idstr, "serial") == 0)
                n++, at = want.s[i].instance;
        ok(n == 1 && at == 0x2f8, "-serial none -serial stdio: one port, at 0x2f8 (%zu, %#zx)", n, at);
        memset(&c, 0, sizeof c);
        c.ram = 128ull << 20;
        if (sv_devices_config(r011, "i386", &want, &c, &e) == 0) {
            char o[512], nt[256];

            sv_devices_options(r011, &c, o, sizeof o, nt, sizeof nt);
            is_str(nt, "-serial none -serial DEV (serial ports in order)", "the note gives the ports in order");
        } else {
            ok(0, "derived: %s", e.msg);
        }
    }
    sv_error_clear(&e);
    ok(sv_ram_config_parse(r011, "-m 128 -cpu foo", &c, &e) == 0 && sv_devices_of(r011, &c, &want, &e) < 0 &&
       strstr(e.msg, "-cpu foo"), "an unknown -cpu is refused naming it (%s)", e.msg);
    sv_error_clear(&e);
    ok(sv_ram_config_parse(r011, "-m 128 -M isapc -net nic,model=e1000", &c, &e) == 0 &&
       sv_devices_of(r011, &c, &want, &e) < 0 && strstr(e.msg, "model=e1000"),
       "a PCI NIC on isapc is refused (%s)", e.msg);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    derived_options();
    refusals();
    return 0;
}
