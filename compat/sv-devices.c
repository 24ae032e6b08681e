/* The device sections per release and configuration; see sv-devices.h. */
#include <config.h>

#include "sv-devices.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* When a row's section exists. */
enum dev_when {
    D_ALWAYS,
    D_PCI,              /* a machine with PCI */
    D_ISA,              /* a machine without (isapc) */
    D_PER_CPU,          /* one per CPU, the CPU's index as instance */
    D_APIC,             /* one per CPU with an APIC (struct release_devices.apic_needs_pci) */
    D_ACPI,             /* PCI and no -no-acpi */
    D_HPET,             /* no -no-hpet */
    D_RTC_TD,           /* -rtc-td-hack */
    D_SERIAL,           /* one per serial port, its I/O base as instance */
    D_VGA,              /* -vga .arg */
    D_NIC,              /* one per -net nic of model .arg */
    D_USER,             /* one per -net user (.once: one for all) */
    D_BALLOON,          /* PCI and the balloon (struct release_devices.balloon) */
    D_USB,              /* PCI and -usb or -usbdevice */
    D_SOUND,            /* -soundhw .arg */
    D_AUDIO,            /* any sound card made */
    D_VIRTIO_BLK,       /* PCI, one per -drive if=virtio */
    D_VIRTCON,          /* PCI, one per -virtioconsole */
    D_KVM,              /* qemu-kvm with KVM on (no -no-kvm) */
};

enum bus { B_ANY, B_PCI, B_ISA };

#define AUTO (-1)       /* register_savevm's -1: the next free instance of that idstr */

struct dev_row {
    const char *idstr;  /* "": a device with no section */
    int32_t instance;
    uint8_t when;       /* enum dev_when */
    uint8_t bus;        /* enum bus: the machines that can have it */
    uint8_t flags;
    const char *arg;    /* D_VGA, D_NIC, D_SOUND: the model */
};
#define F_OPTIONAL 1    /* no lost state when the stream lacks it */
#define F_ONCE 2        /* D_USER: one for every -net user */

enum balloon { BAL_PCI, BAL_DEFAULT_ON, BAL_OPT_IN };

/* A -M machine: its own name for it (for another release's compat machine), PCI, defaults. */
struct machine_dev {
    const char *name, *canonical;
    uint8_t pci;
    const char *nic;    /* the default NIC model */
    const char *cpu;    /* the default -cpu; NULL: the target's (qemu32, qemu64) */
};

struct release_devices {
    const struct dev_row *rows;
    const struct machine_dev *machines;     /* the first is the default */
    uint8_t apic_needs_pci;                 /* else: CPUID_APIC or -smp > 1 */
    uint8_t balloon;                        /* enum balloon */
    uint8_t kvm;                            /* KVM on unless -no-kvm */
};

/* Serial ports' I/O bases, the instance of each (serial_io[], v0.10.6 hw/pc.c:1020-1027). */
static const uint32_t serial_io[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

/* -cpu models without CPUID_APIC: 486 and the Pentiums use I486_FEATURES /
 * PENTIUM_FEATURES, not PPRO_FEATURES (v0.11.1 target-i386/helper.c:107-117,
 * :222-257; v0.12.3 :250-285); every other model has it. */
static const char *const cpus_without_apic[] = { "486", "pentium", "pentium2", "pentium3", NULL };
static const char *const cpus_with_apic[] = {
    "qemu32", "qemu64", "kvm32", "kvm64", "phenom", "core2duo", "coreduo", "athlon", "n270", "host", NULL,
};

/*
 * The sections every release has for the pc machines: timer and ram
 * (v0.10.6 vl.c:5516-5517, v0.11.1 :5823-5824), cpu and cpu_common per CPU
 * (exec.c cpu_exec_init, v0.10.6 :550-552), fw_cfg (hw/pc.c bochs_bios_init),
 * the PICs at 0x20 and 0xa0 (hw/i8259.c), the RTC at 0x70, the PIT at 0x40,
 * keyboard controller, PS/2 devices, vmmouse (i8042_init, v0.10.6 hw/pc.c:1071),
 * both DMA controllers (:1072), the floppy controller at 0x3f0 (:1084),
 * PCIBUS/I440FX/PIIX3/ide/ioapic with PCI (:968-1013, :1062-1063).
 */
#define COMMON_ROWS \
    { "timer", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "ram", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "cpu_common", 0, D_PER_CPU, B_ANY, 0, NULL }, \
    { "cpu", 0, D_PER_CPU, B_ANY, 0, NULL }, \
    { "apic", 0, D_APIC, B_ANY, 0, NULL }, \
    { "fw_cfg", AUTO, D_ALWAYS, B_ANY, 0, NULL }, \
    { "i8259", 0x20, D_ALWAYS, B_ANY, 0, NULL }, \
    { "i8259", 0xa0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "PCIBUS", AUTO, D_PCI, B_ANY, 0, NULL }, \
    { "I440FX", 0, D_PCI, B_ANY, 0, NULL }, \
    { "PIIX3", 0, D_PCI, B_ANY, 0, NULL }, \
    { "mc146818rtc", 0x70, D_ALWAYS, B_ANY, 0, NULL }, \
    { "ioapic", 0, D_PCI, B_ANY, 0, NULL }, \
    { "i8254", 0x40, D_ALWAYS, B_ANY, 0, NULL }, \
    { "hpet", AUTO, D_HPET, B_ANY, 0, NULL }, \
    { "serial", 0, D_SERIAL, B_ANY, 0, NULL }, \
    { "ide", 0, D_PCI, B_ANY, 0, NULL }, \
    { "pckbd", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "ps2kbd", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "ps2mouse", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "vmmouse", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "dma", 0, D_ALWAYS, B_ANY, 0, NULL }, \
    { "dma", 1, D_ALWAYS, B_ANY, 0, NULL }, \
    { "fdc", 0x3f0, D_ALWAYS, B_ANY, 0, NULL }, \
    /* piix4_pm_init and its SMBus (v0.10.6 hw/pc.c:1092-1097, hw/acpi.c:544, hw/i2c.c:48) */ \
    { "piix4_pm", 0, D_ACPI, B_PCI, 0, NULL }, \
    { "i2c_bus", AUTO, D_ACPI, B_PCI, 0, NULL }, \
    /* -vga (select_vgahw); vmware only on PCI (hw/pc.c "no PCI bus") */ \
    { "cirrus_vga", 0, D_VGA, B_ANY, 0, "cirrus" }, \
    { "vga", 0, D_VGA, B_ANY, 0, "std" }, \
    { "vga", 0, D_VGA, B_PCI, 0, "vmware" }, \
    { "vmware_vga", 0, D_VGA, B_PCI, 0, "vmware" }, \
    /* NICs: register_savevm(-1) each (v0.10.6 hw/ne2000.c:836, hw/e1000.c:1120, \
     * hw/rtl8139.c:3494, hw/pcnet.c:1957, hw/eepro100.c:1808 with its eeprom at \
     * instance 0, hw/eeprom93xx.c:295) */ \
    { "ne2000", AUTO, D_NIC, B_PCI, 0, "ne2k_pci" }, \
    { "e1000", AUTO, D_NIC, B_PCI, 0, "e1000" }, \
    { "rtl8139", AUTO, D_NIC, B_PCI, 0, "rtl8139" }, \
    { "pcnet", AUTO, D_NIC, B_PCI, 0, "pcnet" }, \
    { "i82551", AUTO, D_NIC, B_PCI, 0, "i82551" }, \
    { "eeprom", 0, D_NIC, B_PCI, 0, "i82551" }, \
    { "i82557b", AUTO, D_NIC, B_PCI, 0, "i82557b" }, \
    { "eeprom", 0, D_NIC, B_PCI, 0, "i82557b" }, \
    { "i82559er", AUTO, D_NIC, B_PCI, 0, "i82559er" }, \
    { "eeprom", 0, D_NIC, B_PCI, 0, "i82559er" }, \
    { "virtio-net", AUTO, D_NIC, B_PCI, 0, "virtio" }, \
    /* audio_init (v0.10.6 hw/pc.c:746-775, :1074): sb16 on ISA, the others on PCI; \
     * the audio state once with the first card (audio/audio.c:1809) */ \
    { "sb16", 0, D_SOUND, B_ANY, 0, "sb16" }, \
    { "es1370", 0, D_SOUND, B_PCI, 0, "es1370" }, \
    { "ac97", 0, D_SOUND, B_PCI, 0, "ac97" }, \
    { "audio", 0, D_AUDIO, B_ANY, 0, NULL }, \
    /* usb_uhci_piix3_init (v0.10.6 hw/pc.c:1088-1089, hw/usb-uhci.c:1103) */ \
    { "uhci", 0, D_USB, B_PCI, 0, NULL }, \
    /* virtio_blk_id++ (v0.10.6 hw/virtio-blk.c:325), hw/pc.c:1126-1131 */ \
    { "virtio-blk", AUTO, D_VIRTIO_BLK, B_PCI, 0, NULL }, \
    { "virtio-balloon", AUTO, D_BALLOON, B_PCI, 0, NULL }, \
    { "virtio-console", AUTO, D_VIRTCON, B_PCI, 0, NULL }

/*
 * 0.10.6: the APIC only with PCI (hw/pc.c:839-840), the balloon always with
 * PCI (:1137-1138); ne2k_isa on isapc (:783); slirp_init once for all -net
 * user (net.c:520-521, slirp/slirp.c:209); -rtc-td-hack adds mc146818rtc-td (hw/mc146818rtc.c:561).
 */
static const struct dev_row rows_010[] = {
    COMMON_ROWS,
    { "ne2000", AUTO, D_NIC, B_ISA, 0, "ne2k_isa" },
    { "slirp", 0, D_USER, B_ANY, F_ONCE, NULL },
    { "mc146818rtc-td", 0x70, D_RTC_TD, B_ANY, 0, NULL },
    { NULL, 0, 0, 0, 0, NULL },
};

/*
 * 0.11.1: the APIC when the CPU has one or -smp > 1 (hw/pc.c:1093-1096);
 * the balloon unless -balloon none (hw/pc.c:1432, vl.c:230, :4624-4626);
 * one slirp per -net user (net.c:872, slirp/slirp.c:226).
 */
static const struct dev_row rows_011[] = {
    COMMON_ROWS,
    { "ne2000", AUTO, D_NIC, B_ISA, 0, "ne2k_isa" },
    { "slirp", 0, D_USER, B_ANY, 0, NULL },
    { "mc146818rtc-td", 0x70, D_RTC_TD, B_ANY, 0, NULL },
    { NULL, 0, 0, 0, 0, NULL },
};

/*
 * 0.12.3: the block section always (block-migration.c:539; absent from a
 * stream without block migration, which its loader takes); ISA ne2000
 * saves nothing (vmstate_isa_ne2000 never registered, hw/ne2000-isa.c);
 * isapc's two IDE buses both at instance 0 (hw/ide/isa.c:74, hw/pc.c:1193);
 * the balloon only with -balloon virtio (vl.c:4453-4471); the td fields
 * live in mc146818rtc v2 (no section of their own).
 */
static const struct dev_row rows_012[] = {
    COMMON_ROWS,
    { "block", 0, D_ALWAYS, B_ANY, F_OPTIONAL, NULL },
    { "", AUTO, D_NIC, B_ISA, 0, "ne2k_isa" },
    { "isa-ide", 0, D_ISA, B_ANY, 0, NULL },
    { "isa-ide", 0, D_ISA, B_ANY, 0, NULL },
    { "slirp", 0, D_USER, B_ANY, 0, NULL },
    { NULL, 0, 0, 0, 0, NULL },
};

/* qemu-kvm-0.12.1.2: 0.12.3's, and with KVM kvmclock (qemu-kvm-x86.c:796,
 * where the host kernel has KVM_CAP_ADJUST_CLOCK) and kvm-tpr-opt (kvm-tpr-opt.c:406) */
static const struct dev_row rows_kvm_012[] = {
    COMMON_ROWS,
    { "block", 0, D_ALWAYS, B_ANY, F_OPTIONAL, NULL },
    { "", AUTO, D_NIC, B_ISA, 0, "ne2k_isa" },
    { "isa-ide", 0, D_ISA, B_ANY, 0, NULL },
    { "isa-ide", 0, D_ISA, B_ANY, 0, NULL },
    { "slirp", 0, D_USER, B_ANY, 0, NULL },
    { "kvmclock", 0, D_KVM, B_ANY, 0, NULL },
    { "kvm-tpr-opt", 0, D_KVM, B_ANY, 0, NULL },
    { NULL, 0, 0, 0, 0, NULL },
};

/* Default NICs: v0.10.6 hw/pc.c:1044, v0.11.1 :1341 (ne2k_pci), v0.12.3 :1177
 * (e1000), qemu-kvm :1205 (rtl8139); without PCI ne2k_isa.  isapc's CPU is a
 * 486 from 0.12 on (v0.12.3 hw/pc.c:1275-1276, qemu-kvm :1324).  0.11's pc
 * is its pc-0.11 (v0.11.1 hw/pc.c:1479-1481), 0.12's its pc-0.12. */
static const struct machine_dev machines_010[] = {
    { "pc", "pc", 1, "ne2k_pci", NULL }, { "isapc", "isapc", 0, "ne2k_isa", NULL }, { NULL, NULL, 0, NULL, NULL },
};
static const struct machine_dev machines_011[] = {
    { "pc", "pc-0.11", 1, "ne2k_pci", NULL }, { "pc-0.11", "pc-0.11", 1, "ne2k_pci", NULL },
    { "pc-0.10", "pc-0.10", 1, "ne2k_pci", NULL }, { "isapc", "isapc", 0, "ne2k_isa", NULL },
    { NULL, NULL, 0, NULL, NULL },
};
static const struct machine_dev machines_012[] = {
    { "pc", "pc-0.12", 1, "e1000", NULL }, { "pc-0.12", "pc-0.12", 1, "e1000", NULL },
    { "pc-0.11", "pc-0.11", 1, "e1000", NULL }, { "pc-0.10", "pc-0.10", 1, "e1000", NULL },
    { "isapc", "isapc", 0, "ne2k_isa", "486" }, { NULL, NULL, 0, NULL, NULL },
};
/* qemu-kvm's pc is named pc-0.11 (qemu-kvm hw/pc.c:1338-1345) but is what
 * upstream's pc-0.12 is to another release: PCI ROM BARs (no rombar
 * property) and virtio-blk's two vectors (loaders.md) */
static const struct machine_dev machines_kvm_012[] = {
    { "pc", "pc-0.12", 1, "rtl8139", NULL }, { "pc-0.11", "pc-0.11", 1, "rtl8139", NULL },
    { "pc-0.10", "pc-0.10", 1, "rtl8139", NULL }, { "isapc", "isapc", 0, "ne2k_isa", "486" },
    { NULL, NULL, 0, NULL, NULL },
};

static const struct release_devices devices[SV_REL_COUNT] = {
    [SV_REL_0_10] = { rows_010, machines_010, 1, BAL_PCI, 0 },
    [SV_REL_0_11] = { rows_011, machines_011, 0, BAL_DEFAULT_ON, 0 },
    [SV_REL_0_12] = { rows_012, machines_012, 0, BAL_OPT_IN, 0 },
    [SV_REL_QEMU_KVM_0_12] = { rows_kvm_012, machines_kvm_012, 0, BAL_OPT_IN, 1 },
};

static const struct release_devices *devices_of(const struct sv_release *r)
{
    const struct release_devices *d = r ? &devices[sv_release_id(r)] : NULL;

    return d && d->rows ? d : NULL;
}

int sv_devices_known(const struct sv_release *r)
{
    return devices_of(r) != NULL;
}

static int in_list(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (strcmp(*l, s) == 0)
            return 1;
    return 0;
}

static const struct machine_dev *machine_of(const struct release_devices *d, const char *name)
{
    for (const struct machine_dev *m = d->machines; m->name; m++)
        if (!name[0] || strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

const char *sv_devices_same_machine(const struct sv_release *from, const char *m, const struct sv_release *r)
{
    const struct release_devices *fd = devices_of(from), *d = devices_of(r);
    const struct machine_dev *fm = fd ? machine_of(fd, m ? m : "") : NULL;

    if (!fm || !d)
        return NULL;
    for (const struct machine_dev *x = d->machines; x->name; x++)
        if (strcmp(x->name, fm->canonical) == 0 || strcmp(x->canonical, fm->canonical) == 0)
            return x->name;
    return NULL;
}

/* The option that adds (add) or removes a row's device, "" when none does. */
static void row_option(const struct release_devices *d, const struct dev_row *w, int add, char *out, size_t len)
{
    const char *s = "";

    switch (w->when) {
    case D_PCI: s = add ? "-M pc" : "-M isapc"; break;
    case D_ISA: s = add ? "-M isapc" : "-M pc"; break;
    case D_PER_CPU: s = "-smp"; break;
    case D_APIC:
        /* 0.10.6 makes one with PCI whatever the CPU */
        if (d->apic_needs_pci)
            s = add ? "-M pc" : "-M isapc";
        else
            s = add ? "a -cpu with an APIC" : "a -cpu without an APIC (486, pentium, pentium2, pentium3)";
        break;
    case D_ACPI: s = add ? "" : "-no-acpi"; break;
    case D_HPET: s = add ? "" : "-no-hpet"; break;
    case D_RTC_TD: s = "-rtc-td-hack"; break;
    case D_SERIAL: s = add ? "-serial" : "-serial none"; break;
    case D_VGA: snprintf(out, len, "%s %s", add ? "-vga" : "another -vga than", w->arg); return;
    case D_NIC: snprintf(out, len, "%s-net nic,model=%s", add ? "" : "that ", w->arg); return;
    case D_USER: s = "-net user"; break;
    case D_BALLOON:
        s = d->balloon == BAL_PCI ? (add ? "-M pc" : "-M isapc") : add ? "-balloon virtio" : "-balloon none";
        break;
    case D_USB: s = add ? "-usb" : "-usb and -usbdevice"; break;
    case D_SOUND: snprintf(out, len, "-soundhw %s", w->arg); return;
    case D_AUDIO: s = "-soundhw"; break;
    case D_VIRTIO_BLK: s = add ? "-drive file=DISK,if=virtio" : "that -drive if=virtio"; break;
    case D_VIRTCON: s = "-virtioconsole"; break;
    case D_KVM: s = add ? "KVM on (no -no-kvm)" : "-no-kvm"; break;
    default: break;
    }
    snprintf(out, len, "%s", s);
}

int sv_dev_set_add(struct sv_dev_set *set, const char *idstr, uint32_t instance, struct sv_error *err)
{
    struct sv_dev_section *s;

    if (set->n == SV_DEV_SECTIONS_MAX)
        return sv_error_set_nooff(err, SV_E_LIMIT, "more than %d device sections", SV_DEV_SECTIONS_MAX);
    if (strlen(idstr) >= sizeof s->idstr)
        return sv_error_set_nooff(err, SV_E_LIMIT, "section \"%.40s...\": a longer idstr than any device's", idstr);
    s = &set->s[set->n++];
    memset(s, 0, sizeof *s);
    strcpy(s->idstr, idstr);
    s->instance = instance;
    return 0;
}

/* A row's section at its instance (AUTO: the next free one of its idstr). */
static int add_row(const struct release_devices *d, struct sv_dev_set *set, const struct dev_row *w,
                   uint32_t instance, struct sv_error *err)
{
    struct sv_dev_section *s;

    if (!w->idstr[0])
        return 0;
    if (w->instance == AUTO) {
        instance = 0;
        for (size_t i = 0; i < set->n; i++)
            if (strcmp(set->s[i].idstr, w->idstr) == 0 && set->s[i].instance >= instance)
                instance = set->s[i].instance + 1;
    }
    if (sv_dev_set_add(set, w->idstr, instance, err) < 0)
        return -1;
    s = &set->s[set->n - 1];
    s->optional = (w->flags & F_OPTIONAL) != 0;
    row_option(d, w, 1, s->add, sizeof s->add);
    row_option(d, w, 0, s->remove, sizeof s->remove);
    return 0;
}

static int has_apic(const struct release_devices *d, const struct machine_dev *m, const struct sv_ram_config *c,
                    const char *cpu, struct sv_error *err)
{
    if (d->apic_needs_pci)
        return m->pci;
    if (c->smp > 1)
        return 1;
    if (in_list(cpus_without_apic, cpu))
        return 0;
    if (in_list(cpus_with_apic, cpu))
        return 1;
    return sv_error_set_nooff(err, SV_E_USAGE, "option -cpu %s: whether it has an APIC is not known here", cpu);
}

static int nic_known(const struct release_devices *d, const char *model, const struct machine_dev *m)
{
    for (const struct dev_row *w = d->rows; w->idstr; w++)
        if (w->when == D_NIC && strcmp(w->arg, model) == 0 && (w->bus == B_ANY || (w->bus == B_PCI) == m->pci))
            return 1;
    return 0;
}

int sv_devices_of(const struct sv_release *r, const struct sv_ram_config *c, struct sv_dev_set *set,
                  struct sv_error *err)
{
    const struct release_devices *d = devices_of(r);
    const struct machine_dev *m;
    const char *cpu, *vga = c->vga[0] ? c->vga : "cirrus";
    unsigned ncpus = c->smp ? c->smp : 1, nnics;
    /* without -serial one port (vl.c's default serial device) */
    unsigned ports = c->nserial_opts ? c->serial_ports : 1;
    int apic, sound = 0;

    memset(set, 0, sizeof *set);
    if (!d)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s: its devices are not known", r->name);
    if (!(m = machine_of(d, c->machine)))
        return sv_error_set_nooff(err, SV_E_USAGE, "option -M %s: release %s has no such machine", c->machine, r->name);
    if (c->unmodelled[0])
        return sv_error_set_nooff(err, SV_E_USAGE, "option %s: its devices are not modelled", c->unmodelled);
    cpu = c->cpu[0] ? c->cpu : m->cpu ? m->cpu : "qemu32";
    if ((apic = has_apic(d, m, c, cpu, err)) < 0)
        return -1;
    if (ports >> (sizeof serial_io / sizeof serial_io[0]))
        return sv_error_set_nooff(err, SV_E_LIMIT, "a -serial beyond the 4 ports");
    /* no -net at all: -net nic -net user (v0.10.6 vl.c:5414-5418, v0.11.1 :5757-5761) */
    nnics = c->net_given ? c->nnics : 1;
    for (unsigned i = 0; i < nnics; i++) {
        const char *model = c->net_given && c->nic[i][0] ? c->nic[i] : m->nic;

        if (!nic_known(d, model, m))
            return sv_error_set_nooff(err, SV_E_USAGE, "option -net nic,model=%s: release %s -M %s has no such NIC",
                                      model, r->name, m->name);
    }
    for (unsigned i = 0; i < c->nsounds; i++) {
        int known = 0;

        for (const struct dev_row *w = d->rows; w->idstr; w++)
            known |= w->when == D_SOUND && strcmp(w->arg, c->sound[i]) == 0;
        if (!known)
            return sv_error_set_nooff(err, SV_E_USAGE, "option -soundhw %s: not a card release %s has", c->sound[i],
                                      r->name);
    }
    for (const struct dev_row *w = d->rows; w->idstr; w++) {
        unsigned n = 0;

        if ((w->bus == B_PCI && !m->pci) || (w->bus == B_ISA && m->pci))
            continue;
        switch (w->when) {
        case D_ALWAYS: n = 1; break;
        case D_PCI: n = m->pci; break;
        case D_ISA: n = !m->pci; break;
        case D_PER_CPU: n = ncpus; break;
        case D_APIC: n = apic ? ncpus : 0; break;
        case D_ACPI: n = !c->no_acpi; break;
        case D_HPET: n = !c->no_hpet; break;
        case D_RTC_TD: n = c->rtc_td_hack; break;
        case D_VGA: n = strcmp(vga, w->arg) == 0; break;
        case D_USER:
            n = c->net_given ? c->nusers : 1;
            if ((w->flags & F_ONCE) && n > 1)
                n = 1;
            break;
        case D_BALLOON:
            n = d->balloon == BAL_PCI || (d->balloon == BAL_DEFAULT_ON ? c->balloon >= 0 : c->balloon > 0);
            break;
        case D_USB: n = c->usb; break;
        case D_SOUND:
            for (unsigned i = 0; i < c->nsounds; i++)
                n += strcmp(c->sound[i], w->arg) == 0;
            sound |= n > 0;
            break;
        case D_AUDIO: n = sound; break;
        case D_VIRTIO_BLK: n = c->nvirtio_blk; break;
        case D_VIRTCON: n = c->nvirtcons; break;
        case D_KVM: n = d->kvm && !c->no_kvm; break;
        case D_SERIAL:
            for (unsigned i = 0; i < sizeof serial_io / sizeof serial_io[0]; i++)
                if ((ports >> i & 1) && add_row(d, set, w, serial_io[i], err) < 0)
                    return -1;
            continue;
        case D_NIC:
            /* in -net order with the other models' (instances count per idstr) */
            continue;
        }
        for (unsigned i = 0; i < n; i++)
            if (add_row(d, set, w, (w->when == D_PER_CPU || w->when == D_APIC) ? i : (uint32_t)w->instance, err) < 0)
                return -1;
    }
    for (unsigned i = 0; i < nnics; i++) {
        const char *model = c->net_given && c->nic[i][0] ? c->nic[i] : m->nic;

        for (const struct dev_row *w = d->rows; w->idstr; w++)
            if (w->when == D_NIC && strcmp(w->arg, model) == 0 && (w->bus == B_ANY || (w->bus == B_PCI) == m->pci) &&
                add_row(d, set, w, (uint32_t)w->instance, err) < 0)
                return -1;
    }
    return 0;
}

/* The first row of that idstr that a machine with (pci) or without PCI can have. */
static const struct dev_row *row_for(const struct release_devices *d, const char *idstr, int pci)
{
    for (const struct dev_row *w = d->rows; w->idstr; w++)
        if (strcmp(w->idstr, idstr) == 0 && (w->bus == B_ANY || (w->bus == B_PCI) == pci))
            return w;
    return NULL;
}

int sv_devices_config(const struct sv_release *r, const char *target, const struct sv_dev_set *have,
                      struct sv_ram_config *c, struct sv_error *err)
{
    const struct release_devices *d = devices_of(r);
    const struct machine_dev *m;
    int apic = 0, hpet = 0, acpi = 0, kvm = 0, balloon = 0, pci = 0;
    unsigned ports = 0;

    if (!d)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s: its devices are not known", r->name);
    for (size_t i = 0; i < have->n; i++)
        pci |= strcmp(have->s[i].idstr, "I440FX") == 0;
    /* the machine: the one given, else the default, isapc without a PCI host */
    if (!c->machine[0] && !pci)
        snprintf(c->machine, sizeof c->machine, "isapc");
    if (!(m = machine_of(d, c->machine)))
        return sv_error_set_nooff(err, SV_E_USAGE, "option -M %s: release %s has no such machine", c->machine, r->name);
    c->net_given = 1;
    c->nnics = c->nusers = c->nsounds = c->nvirtio_blk = c->nvirtcons = 0;
    c->vga[0] = 0;
    c->smp = 0;
    c->usb = c->rtc_td_hack = 0;
    for (size_t i = 0; i < have->n; i++) {
        const struct sv_dev_section *s = &have->s[i];
        const struct dev_row *w = row_for(d, s->idstr, m->pci);

        if (!w)
            return sv_error_set_nooff(err, SV_E_UNKNOWN, "section \"%s\" instance %u: release %s -M %s has no device "
                                      "that saves it", s->idstr, s->instance, r->name, m->name);
        switch (w->when) {
        case D_PER_CPU:
            if (s->instance + 1 > c->smp)
                c->smp = s->instance + 1;
            break;
        case D_APIC: apic = 1; break;
        case D_HPET: hpet = 1; break;
        case D_ACPI: acpi = 1; break;
        case D_KVM: kvm = 1; break;
        case D_BALLOON: balloon = 1; break;
        case D_SERIAL:
            for (unsigned k = 0; k < sizeof serial_io / sizeof serial_io[0]; k++)
                if (serial_io[k] == s->instance)
                    ports |= 1u << k;
            break;
        case D_RTC_TD: c->rtc_td_hack = 1; break;
        case D_USB: c->usb = 1; break;
        case D_VIRTIO_BLK: c->nvirtio_blk++; break;
        case D_VIRTCON: c->nvirtcons++; break;
        case D_USER: c->nusers++; break;
        case D_VGA:
            if (!c->vga[0] || strcmp(w->arg, "vmware") == 0 || strcmp(s->idstr, "vmware_vga") == 0)
                snprintf(c->vga, sizeof c->vga, "%s", strcmp(s->idstr, "vmware_vga") == 0 ? "vmware" : w->arg);
            break;
        case D_SOUND:
            if (c->nsounds == SV_RAM_CFG_NICS)
                return sv_error_set_nooff(err, SV_E_LIMIT, "more than %d sound cards", SV_RAM_CFG_NICS);
            snprintf(c->sound[c->nsounds++], sizeof c->sound[0], "%s", w->arg);
            break;
        case D_NIC:
            if (strcmp(s->idstr, "eeprom") == 0)
                break;          /* comes with its eepro100 */
            if (c->nnics == SV_RAM_CFG_NICS)
                return sv_error_set_nooff(err, SV_E_LIMIT, "more than %d NICs", SV_RAM_CFG_NICS);
            snprintf(c->nic[c->nnics++], sizeof c->nic[0], "%s", w->arg);
            break;
        default: break;
        }
    }
    if (c->smp == 1)
        c->smp = 0;
    if (!c->vga[0])
        snprintf(c->vga, sizeof c->vga, "none");
    else if (strcmp(c->vga, "cirrus") == 0)
        c->vga[0] = 0;                  /* the default */
    c->no_hpet = !hpet;
    c->no_acpi = m->pci && !acpi;
    c->no_kvm = d->kvm && !kvm;
    c->balloon = balloon ? 1 : -1;
    /* the default port alone needs no option */
    c->serial_ports = (uint8_t)ports;
    c->nserial_opts = ports == 1 ? 0 : ports ? 32 - (unsigned)__builtin_clz(ports) : 1;
    /* a CPU with an APIC where the machine's default has none (0.12 isapc's 486) */
    if (apic && !c->cpu[0] && m->cpu && in_list(cpus_without_apic, m->cpu) && !c->smp)
        snprintf(c->cpu, sizeof c->cpu, "%s", target && strcmp(target, "x86_64") == 0 ? "qemu64" : "qemu32");
    return 0;
}

/* How many sections of have equal s (idstr and instance). */
static size_t occurrences(const struct sv_dev_set *set, const struct sv_dev_section *s)
{
    size_t n = 0;

    for (size_t i = 0; i < set->n; i++)
        n += strcmp(set->s[i].idstr, s->idstr) == 0 && set->s[i].instance == s->instance;
    return n;
}

int sv_devices_compare(const struct sv_release *r, const struct sv_dev_set *have, const struct sv_dev_set *want,
                       struct sv_error *err)
{
    const struct release_devices *d = devices_of(r);

    for (size_t i = 0; i < have->n; i++) {
        const struct sv_dev_section *s = &have->s[i];
        const struct dev_row *w;
        char add[64] = "";

        if (occurrences(have, s) <= occurrences(want, s))
            continue;
        if (d && ((w = row_for(d, s->idstr, 1)) || (w = row_for(d, s->idstr, 0))))
            row_option(d, w, 1, add, sizeof add);
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "section \"%s\" instance %u: release %s would have no device for "
                                  "it (%s%s)", s->idstr, s->instance, r->name, add[0] ? "add " : "no option makes one",
                                  add);
    }
    for (size_t i = 0; i < want->n; i++) {
        const struct sv_dev_section *s = &want->s[i];

        if (s->optional || occurrences(want, s) <= occurrences(have, s))
            continue;
        return sv_error_set_nooff(err, SV_E_MISSING, "device \"%s\" instance %u: release %s would have it and the "
                                  "snapshot holds no state for it (%s%s)", s->idstr, s->instance, r->name,
                                  s->remove[0] ? "remove with " : "no option removes it", s->remove);
    }
    return 0;
}

/* Appends to out, a space first unless out is empty. */
static void SV_PRINTF(3, 4) opt(char *out, size_t len, const char *fmt, ...)
{
    size_t n = strlen(out);
    va_list ap;

    if (n && n + 1 < len)
        out[n++] = ' ', out[n] = 0;
    if (n >= len)
        return;
    va_start(ap, fmt);
    vsnprintf(out + n, len - n, fmt, ap);
    va_end(ap);
}

void sv_devices_options(const struct sv_release *r, const struct sv_ram_config *c, char *out, size_t len,
                        char *note, size_t note_len)
{
    const struct release_devices *d = devices_of(r);

    out[0] = 0;
    if (note && note_len)
        note[0] = 0;
    if (c->ram)
        opt(out, len, "-m %llu", (unsigned long long)(c->ram >> 20));
    if (c->machine[0])
        opt(out, len, "-M %s", c->machine);
    if (c->cpu[0])
        opt(out, len, "-cpu %s", c->cpu);
    if (c->smp > 1)
        opt(out, len, "-smp %u", c->smp);
    if (c->vga[0])
        opt(out, len, "-vga %s", c->vga);
    for (unsigned i = 0; i < c->nnics; i++)
        opt(out, len, "-net nic,model=%s", c->nic[i]);
    for (unsigned i = 0; i < c->nusers; i++)
        opt(out, len, "-net user");
    if (c->net_given && !c->nnics && !c->nusers)
        opt(out, len, "-net none");
    if (d && d->balloon == BAL_OPT_IN && c->balloon > 0)
        opt(out, len, "-balloon virtio");
    if (d && d->balloon == BAL_DEFAULT_ON && c->balloon < 0)
        opt(out, len, "-balloon none");
    if (c->usb)
        opt(out, len, "-usb");
    for (unsigned i = 0; i < c->nsounds; i++) {
        if (i) {
            size_t n = strlen(out);

            snprintf(out + n, n < len ? len - n : 0, ",%s", c->sound[i]);
        } else {
            opt(out, len, "-soundhw %s", c->sound[i]);
        }
    }
    if (c->no_acpi)
        opt(out, len, "-no-acpi");
    if (c->no_hpet)
        opt(out, len, "-no-hpet");
    if (c->rtc_td_hack)
        opt(out, len, "-rtc-td-hack");
    if (c->nserial_opts && !c->serial_ports)
        opt(out, len, "-serial none");
    if (c->no_kvm)
        opt(out, len, "-no-kvm");
    if (!note)
        return;
    /* what the sections cannot say: the disks and the ports' backends */
    if (c->nvirtio_blk)
        opt(note, note_len, "-drive file=DISK,if=virtio for each of its %u virtio-blk disks;", c->nvirtio_blk);
    if (c->nvirtcons)
        opt(note, note_len, "-virtioconsole for each of its %u virtio consoles;", c->nvirtcons);
    if (c->nserial_opts && c->serial_ports) {
        /* one -serial per port in order, none for a port without a device */
        opt(note, note_len, "-serial");
        for (unsigned i = 0; i < c->nserial_opts; i++)
            opt(note, note_len, "%s%s", c->serial_ports >> i & 1 ? "DEV" : "none",
                i + 1 < c->nserial_opts ? " -serial" : " (serial ports in order);");
    }
    if (note[0])
        note[strlen(note) - 1] = 0;
}
