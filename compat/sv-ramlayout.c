/* The ram section's layout per release; see sv-ramlayout.h and doc/BRIDGING.md. */
#include <config.h>

#include "sv-ramlayout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIB 1024ull
#define MIB (1024ull * 1024)
#define PAGE 4096ull
/* every release: RAM below 4 GiB ends at 0xe0000000, the rest is a block
 * of its own (v0.10.6 hw/pc.c:829-835, v0.11.1 hw/pc.c:1140-1146) */
#define BELOW_4G_MAX 0xe0000000ull

/* When a row's block exists. */
enum when {
    W_ALWAYS,
    W_VGA,              /* any -vga but none */
    W_ABOVE_4G,         /* -m above BELOW_4G_MAX */
    W_VGA_DEV,          /* a VGA device is made: any -vga but none, vmware only with PCI */
    W_VMWARE,           /* -vga vmware on a machine with PCI */
};

/* How big a row's block is. */
enum size_rule {
    Z_FIXED,            /* .arg */
    Z_HIGH,             /* guest RAM from 1 MiB up to below 4 GiB */
    Z_ABOVE,            /* guest RAM above 4 GiB */
    Z_FILE,             /* .file's size, page aligned (qemu_ram_alloc rounds up) */
    Z_UP_TO,            /* the rest, up to -m + .arg */
    Z_ROM_BARS,         /* one block per PCI ROM BAR: the VGA's, then each NIC's in -net order */
};

struct row {
    uint8_t role;       /* enum sv_ram_role */
    uint8_t when;       /* enum when */
    uint8_t size;       /* enum size_rule */
    uint64_t arg;
    const char *file;   /* Z_FILE: the ROM file; also the block's name */
};

/* A release's ROM files as its tag's pc-bios has them. */
struct rom {
    const char *file;
    uint64_t size;
};

/* A -M machine's facts that change the layout (0.12 on). */
struct machine {
    const char *name;
    uint8_t pci;            /* isapc has no PCI bus: no ROM BARs, no vmware */
    uint8_t rombar;         /* PCI devices get their ROM as a BAR (a RAM block) */
    const char *nic;        /* the NIC model without model= */
};

/* A device whose ROM file becomes a ROM BAR: its -vga or -net nic model,
 * its qdev name (for -device) and its romfile. */
struct rombar_dev {
    const char *model, *qdev, *file;
};

/* An option of a release's own, as the QEMU option it stands for. */
struct opt_alias {
    const char *opt;            /* "--x" is matched as "-x" */
    const char *as;             /* NULL: it leaves the layout as it is */
    uint8_t has_arg;            /* it takes the next word */
    const char *arg;            /* .as's argument when it has none of its own */
};

struct release_layout {
    const struct row *rows;
    const struct rom *roms;
    const char *vga_default;
    const char *const *vgas;
    const struct machine *machines;         /* NULL: before 0.12, no row asks */
    const struct rombar_dev *vga_bars, *nic_bars;
    const struct opt_alias *aliases;        /* a command line of its own (the emulator's) */
    uint64_t min_ram;                       /* the least guest RAM (0: 2 MiB) */
};

/*
 * 0.10.6: one host area of phys_ram_size = ram_require + -m (vl.c:5463-5483),
 * ram_require = VGA_RAM_SIZE + PC_MAX_BIOS_SIZE = 8 + 4 MiB for pc and isapc
 * (hw/pc.c:1185, :1193, PC_MAX_BIOS_SIZE hw/pc.c:48, VGA_RAM_SIZE
 * hw/pc.h:132); qemu_ram_alloc bumps a pointer through it (exec.c:2379-2394)
 * in pc_init1's order; ram_save_live walks all of phys_ram_size
 * (vl.c:3157), allocated or not.
 */
static const struct row rows_010[] = {
    { SV_RAM_LOW, W_ALWAYS, Z_FIXED, 0xa0000, NULL },           /* hw/pc.c:847 */
    { SV_RAM_HOLE, W_ALWAYS, Z_FIXED, 0x60000, NULL },          /* hw/pc.c:854, never mapped */
    { SV_RAM_HIGH, W_ALWAYS, Z_HIGH, 0, NULL },                 /* hw/pc.c:855 */
    { SV_RAM_ABOVE_4G, W_ABOVE_4G, Z_ABOVE, 0, NULL },          /* hw/pc.c:862 */
    /* vga_ram_size = VGA_RAM_SIZE (vl.c:4664), allocated whatever -vga says
     * (hw/pc.c:870); vmware's EMBED_STDVGA uses it (hw/vmware_vga.c:1129-1131) */
    { SV_RAM_VGA, W_ALWAYS, Z_FIXED, 8 * MIB, NULL },
    /* hw/pc.c:876-882: load_image once, mapped as ROM at 4 GiB - size and
     * its last 128 KiB at 0xe0000 (:914-919, :959) */
    { SV_RAM_BIOS, W_ALWAYS, Z_FILE, 0, "bios.bin" },
    /* hw/pc.c:895-899: 64 KiB whatever the VGA BIOS file's size (at most
     * 64 KiB), mapped as ROM at 0xc0000 (:909-910) */
    { SV_RAM_OPTROM, W_VGA, Z_FIXED, 64 * KIB, NULL },
    /* the rest of ram_require: never allocated, sent as zero pages */
    { SV_RAM_RESERVE, W_ALWAYS, Z_UP_TO, 12 * MIB, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};

/*
 * 0.11.1: a RAMBlock list, each block appended at last_ram_offset
 * (exec.c:2441-2472); the section announces last_ram_offset (vl.c:3106).
 * Machine type, NIC, sound, usb and virtio do not change it.
 */
static const struct row rows_011[] = {
    { SV_RAM_LOW, W_ALWAYS, Z_FIXED, 0xa0000, NULL },           /* hw/pc.c:1154 */
    { SV_RAM_HOLE, W_ALWAYS, Z_FIXED, 0x60000, NULL },          /* hw/pc.c:1161 */
    { SV_RAM_HIGH, W_ALWAYS, Z_HIGH, 0, NULL },                 /* hw/pc.c:1162 */
    { SV_RAM_ABOVE_4G, W_ABOVE_4G, Z_ABOVE, 0, NULL },          /* hw/pc.c:1172 */
    /* hw/pc.c:1193-1194, ROM-mapped (:1203-1209, :1234-1235) */
    { SV_RAM_BIOS, W_ALWAYS, Z_FILE, 0, "bios.bin" },
    /* hw/pc.c:1213-1215: 128 KiB mapped as RAM at 0xc0000; load_option_rom
     * copies the VGA BIOS and option ROMs into it (:1050-1077), no allocation */
    { SV_RAM_OPTROM, W_ALWAYS, Z_FIXED, 128 * KIB, NULL },
    /* vga_common_init when the VGA device is made (hw/vga.c:2282,
     * VGA_RAM_SIZE hw/vga_int.h:219) */
    { SV_RAM_VGA, W_VGA, Z_FIXED, 8 * MIB, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};

/*
 * 0.12.3 (and qemu-kvm-0.12.1.2, which differs in what the macros below
 * say): 0.11's blocks in 0.11's order, then what the devices allocate in
 * creation order (pc_init1 makes the VGA before the NICs, v0.12.3
 * hw/pc.c:1123-1176).  The VGA's ROM BAR follows its VGA RAM because
 * pci_add_option_rom runs after the device's init (hw/pci.c:1365-1372).
 */
static const struct row rows_012[] = {
    { SV_RAM_LOW, W_ALWAYS, Z_FIXED, 0xa0000, NULL },           /* hw/pc.c:1025 */
    { SV_RAM_HOLE, W_ALWAYS, Z_FIXED, 0x60000, NULL },          /* hw/pc.c:1032 */
    { SV_RAM_HIGH, W_ALWAYS, Z_HIGH, 0, NULL },                 /* hw/pc.c:1033 */
    { SV_RAM_ABOVE_4G, W_ABOVE_4G, Z_ABOVE, 0, NULL },          /* hw/pc.c:1043 */
    /* hw/pc.c:1064; written by the ROM loader at the first reset (:1065) */
    { SV_RAM_BIOS, W_ALWAYS, Z_FILE, 0, "bios.bin" },
    /* PC_ROM_SIZE mapped as RAM at 0xc0000 (hw/pc.c:1085-1086, hw/loader.h:38-42);
     * the VGA BIOS and option ROMs go through fw_cfg, no allocation */
    { SV_RAM_OPTROM, W_ALWAYS, Z_FIXED, 128 * KIB, NULL },
    /* vmware: SVGA_FIFO_SIZE before its VGA RAM (hw/vmware_vga.c:1136-1137, :116) */
    { SV_RAM_VGA_FIFO, W_VMWARE, Z_FIXED, 64 * KIB, NULL },
    /* hw/cirrus_vga.c:3193 (PCI), :3127 (ISA); hw/vga-pci.c:83; hw/vga-isa.c:38;
     * hw/vmware_vga.c:1140 */
    { SV_RAM_VGA, W_VGA_DEV, Z_FIXED, 8 * MIB, NULL },
    { SV_RAM_ROM_BAR, W_ALWAYS, Z_ROM_BARS, 0, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};

/*
 * qemu-kvm-0.12.1.2: RAM below 4 GiB is one block of -m (hw/pc.c:1041),
 * the hole inside it; the three rows give the same offsets and let the
 * roles match the other releases'.  VGA_RAM_SIZE is 16 MiB
 * (hw/vga_int.h:227); BIOS hw/pc.c:1073, option-ROM RAM :1100.
 */
static const struct row rows_kvm_012[] = {
    { SV_RAM_LOW, W_ALWAYS, Z_FIXED, 0xa0000, NULL },
    { SV_RAM_HOLE, W_ALWAYS, Z_FIXED, 0x60000, NULL },
    { SV_RAM_HIGH, W_ALWAYS, Z_HIGH, 0, NULL },
    { SV_RAM_ABOVE_4G, W_ABOVE_4G, Z_ABOVE, 0, NULL },
    { SV_RAM_BIOS, W_ALWAYS, Z_FILE, 0, "bios.bin" },
    { SV_RAM_OPTROM, W_ALWAYS, Z_FIXED, 128 * KIB, NULL },
    { SV_RAM_VGA_FIFO, W_VMWARE, Z_FIXED, 64 * KIB, NULL },     /* hw/vmware_vga.c as 0.12.3 */
    { SV_RAM_VGA, W_VGA_DEV, Z_FIXED, 16 * MIB, NULL },
    { SV_RAM_ROM_BAR, W_ALWAYS, Z_ROM_BARS, 0, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};

/*
 * ROM BARs exist with the qdev property rombar=1, the default (v0.12.3
 * hw/pci.c:67); -M pc-0.11 and pc-0.10 set PCI.rombar=0 (hw/pc.c:1318-1320,
 * :1357-1359), and the ROM goes through fw_cfg instead (hw/pci.c:1468-1479).
 * The default NIC: e1000 with PCI, ne2k_isa without (hw/pc.c:1171-1176).
 */
static const struct machine machines_012[] = {
    { "pc", 1, 1, "e1000" }, { "pc-0.12", 1, 1, "e1000" }, { "pc-0.11", 1, 0, "e1000" },
    { "pc-0.10", 1, 0, "e1000" }, { "isapc", 0, 0, "ne2k_isa" }, { NULL, 0, 0, NULL },
};
/* qemu-kvm has no rombar property: every PCI ROM is a BAR (hw/pci.c:1604-1640);
 * default NIC rtl8139 (hw/pc.c:1205) */
static const struct machine machines_kvm_012[] = {
    { "pc", 1, 1, "rtl8139" }, { "pc-0.11", 1, 1, "rtl8139" }, { "pc-0.10", 1, 1, "rtl8139" },
    { "isapc", 0, 0, "ne2k_isa" }, { NULL, 0, 0, NULL },
};

/* .romfile of each device (v0.12.3 hw/cirrus_vga.c:3228, hw/e1000.c:1140,
 * hw/rtl8139.c:3366, hw/virtio-pci.c:564; qemu-kvm alike); std VGA and
 * vmware add theirs with rom_add_vga, ne2k_pci, pcnet and eepro100 with
 * rom_add_option: fw_cfg, no block */
static const struct rombar_dev vga_bars_012[] = {
    { "cirrus", "cirrus-vga", "vgabios-cirrus.bin" }, { NULL, NULL, NULL },
};
static const struct rombar_dev nic_bars_012[] = {
    { "e1000", "e1000", "pxe-e1000.bin" }, { "rtl8139", "rtl8139", "pxe-rtl8139.bin" },
    { "virtio", "virtio-net-pci", "pxe-virtio.bin" }, { NULL, NULL, NULL },
};

/* git show TAG:pc-bios/FILE | wc -c */
static const struct rom roms_010[] = {
    { "bios.bin", 131072 }, { "vgabios.bin", 38400 }, { "vgabios-cirrus.bin", 35840 }, { NULL, 0 },
};
#define roms_011 roms_010       /* v0.11.1's pc-bios has the same sizes */
static const struct rom roms_012[] = {
    { "bios.bin", 131072 }, { "vgabios.bin", 38400 }, { "vgabios-cirrus.bin", 35840 },
    { "pxe-e1000.bin", 72192 }, { "pxe-rtl8139.bin", 56320 }, { "pxe-virtio.bin", 56320 }, { NULL, 0 },
};
static const struct rom roms_kvm_012[] = {
    { "bios.bin", 131072 }, { "vgabios.bin", 39936 }, { "vgabios-cirrus.bin", 35840 },
    { "pxe-e1000.bin", 72192 }, { "pxe-rtl8139.bin", 56320 }, { "pxe-virtio.bin", 56320 }, { NULL, 0 },
};

/* vl.c select_vgahw (v0.10.6 :4495, v0.11.1 alike); cirrus_vga_enabled = 1 by default */
static const char *const vgas_010[] = { "std", "cirrus", "vmware", "none", NULL };

/* ---- the bundled emulator's builds (emu/ram.c, doc/EMU.md) ---- */

/* Guest RAM is one block at 0 (--ram-mib), described as 0.11's three rows,
 * which give the same offsets; `-vga std` is the emulator's --vga. */
#define ROWS_EMU_GUEST_RAM \
    { SV_RAM_LOW, W_ALWAYS, Z_FIXED, 0xa0000, NULL }, \
    { SV_RAM_HOLE, W_ALWAYS, Z_FIXED, 0x60000, NULL }, \
    { SV_RAM_HIGH, W_ALWAYS, Z_HIGH, 0, NULL }
/* emu: VGA_RAM_SIZE, then VGABIOS_BLOCK (emu/ram.c ram_init) */
static const struct row rows_emu[] = {
    ROWS_EMU_GUEST_RAM,
    { SV_RAM_VGA, W_VGA, Z_FIXED, 256 * KIB, NULL },
    { SV_RAM_OPTROM, W_VGA, Z_FIXED, 32 * KIB, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};
/* emu-next (EMU_NEXT): the VGA BIOS block first and bigger, then VGA RAM, bigger */
static const struct row rows_emu_next[] = {
    ROWS_EMU_GUEST_RAM,
    { SV_RAM_OPTROM, W_VGA, Z_FIXED, 64 * KIB, NULL },
    { SV_RAM_VGA, W_VGA, Z_FIXED, 512 * KIB, NULL },
    { SV_RAM_ROLE_COUNT, 0, 0, 0, NULL },  /* the end */
};
static const struct rom roms_emu[] = { { NULL, 0 } };
/* emu/main.c's options: --ram-mib N is -m N (MiB), --vga is -vga std; the
 * others and the actions leave the layout alone */
static const struct opt_alias aliases_emu[] = {
    { "-ram-mib", "-m", 1, NULL }, { "-vga", "-vga", 0, "std" },
    { "-ram-seed", NULL, 1, NULL }, { "-rate-limit", NULL, 1, NULL }, { "-sections", NULL, 1, NULL },
    { "-quirk", NULL, 0, NULL }, { "-ticks", NULL, 1, NULL }, { "-print-state", NULL, 0, NULL },
    { "-save", NULL, 1, NULL }, { "-savevm", NULL, 1, NULL }, { "-load", NULL, 1, NULL },
    { "-loadvm", NULL, 1, NULL }, { "-unplug", NULL, 1, NULL }, { "-reset", NULL, 1, NULL },
    { NULL, NULL, 0, NULL },
};
/* without --vga (the default) no VGA block */
static const char *const vgas_emu[] = { "std", "none", NULL };

/* ---- end of the emulator's builds ---- */

static const struct release_layout layouts[SV_REL_COUNT] = {
    [SV_REL_0_10] = { .rows = rows_010, .roms = roms_010, .vga_default = "cirrus", .vgas = vgas_010 },
    [SV_REL_0_11] = { .rows = rows_011, .roms = roms_011, .vga_default = "cirrus", .vgas = vgas_010 },
    [SV_REL_0_12] = { .rows = rows_012, .roms = roms_012, .vga_default = "cirrus", .vgas = vgas_010,
                      .machines = machines_012, .vga_bars = vga_bars_012, .nic_bars = nic_bars_012 },
    [SV_REL_QEMU_KVM_0_12] = { .rows = rows_kvm_012, .roms = roms_kvm_012, .vga_default = "cirrus",
                               .vgas = vgas_010, .machines = machines_kvm_012, .vga_bars = vga_bars_012,
                               .nic_bars = nic_bars_012 },
    [SV_REL_EMU] = { .rows = rows_emu, .roms = roms_emu, .vga_default = "none", .vgas = vgas_emu,
                     .aliases = aliases_emu, .min_ram = MIB },
    [SV_REL_EMU_NEXT] = { .rows = rows_emu_next, .roms = roms_emu, .vga_default = "none", .vgas = vgas_emu,
                          .aliases = aliases_emu, .min_ram = MIB },
};

static const char *const role_names[SV_RAM_ROLE_COUNT] = {
    [SV_RAM_LOW] = "RAM 0-640K",
    [SV_RAM_HOLE] = "0xa0000-0xfffff",
    [SV_RAM_HIGH] = "RAM from 1M",
    [SV_RAM_ABOVE_4G] = "RAM above 4G",
    [SV_RAM_VGA] = "VGA RAM",
    [SV_RAM_BIOS] = "BIOS",
    [SV_RAM_OPTROM] = "option ROMs at 0xc0000",
    [SV_RAM_RESERVE] = "unallocated reserve",
    [SV_RAM_VGA_FIFO] = "SVGA FIFO",
    [SV_RAM_ROM_BAR] = "PCI ROM BAR",
};

const char *sv_ram_role_name(enum sv_ram_role r)
{
    return r < SV_RAM_ROLE_COUNT ? role_names[r] : "?";
}

static const struct release_layout *layout_of(const struct sv_release *r)
{
    const struct release_layout *l = r ? &layouts[sv_release_id(r)] : NULL;

    return l && l->rows ? l : NULL;
}

static uint64_t min_ram(const struct release_layout *rl)
{
    return rl->min_ram ? rl->min_ram : 2 * MIB;
}

int sv_ram_layout_known(const struct sv_release *r)
{
    return layout_of(r) != NULL;
}

/* Options that take an argument and leave the layout as it is. */
static const char *const skip_arg[] = {
    "-L", "-hda", "-hdb", "-hdc", "-hdd", "-cdrom", "-fda", "-fdb", "-drive", "-cpu", "-smp",
    "-monitor", "-serial", "-parallel", "-soundhw", "-usbdevice", "-balloon", "-incoming", "-name",
    "-k", "-vnc", "-pidfile", "-rtc", "-startdate", "-watchdog", "-watchdog-action", "-uuid",
    "-virtioconsole", "-mtdblock", "-sd", "-pflash", "-clock", "-d", "-chroot", "-runas",
    "-tdf", "-icount", "-echr", "-mem-path", "-pcidevice", "-qmp", "-chardev", "-device", NULL,
};
/* Options without an argument that leave the layout as it is. */
static const char *const skip_flag[] = {
    "-S", "-nographic", "-usb", "-snapshot", "-no-reboot", "-no-shutdown", "-no-acpi", "-no-hpet",
    "-no-kvm", "-no-kqemu", "-enable-kvm", "-localtime", "-rtc-td-hack", "-no-fd-bootchk",
    "-std-vga", "-full-screen", "-no-quit", "-daemonize", "-s", "-win2k-hack", "-semihosting",
    "-no-kvm-irqchip", "-no-kvm-pit", NULL,
};
/* The options that shape the layout, each with an argument. */
static const char *const layout_arg[] = { "-m", "-M", "-vga", "-net", "-boot", "-romsize", NULL };
/* Options that add blocks or ROM bytes the tables do not model yet. */
static const char *const unmodelled[] = { "-kernel", "-option-rom", "-initrd", "-bios", NULL };

static int in_list(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (strcmp(*l, s) == 0)
            return 1;
    return 0;
}

/* The ROM BAR device of that model (by_qdev: a -device argument, "e1000,mac=..."). */
static const struct rombar_dev *rombar_of(const struct rombar_dev *l, const char *name, int by_qdev)
{
    for (; l && l->model; l++) {
        const char *n = by_qdev ? l->qdev : l->model;
        size_t len = strlen(n);

        if (strncmp(n, name, len) == 0 && (!name[len] || (by_qdev && name[len] == ',')))
            return l;
    }
    return NULL;
}

static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!isdigit((unsigned char)*s))
        return -1;
    v = strtoull(s, &end, 10);
    /* vl.c QEMU_OPTION_m (v0.10.6 :4950-4965): megabytes, or an M/G suffix */
    if (!*end || ((*end == 'M' || *end == 'm') && !end[1]))
        v <<= 20;
    else if ((*end == 'G' || *end == 'g') && !end[1])
        v <<= 30;
    else
        return -1;
    *out = v;
    return 0;
}

/* -net nic[,model=X][,...]: the model, "" for the default */
static void nic_model(const char *arg, char *out, size_t len)
{
    const char *m = strstr(arg, ",model=");
    size_t n;

    out[0] = 0;
    if (!m)
        return;
    m += strlen(",model=");
    n = strcspn(m, ",");
    if (n >= len)
        n = len - 1;
    memcpy(out, m, n);
    out[n] = 0;
}

static void copy_name(char *out, size_t len, const char *s, size_t n)
{
    if (n >= len)
        n = len - 1;
    memcpy(out, s, n);
    out[n] = 0;
}

/* The first option whose devices the device model does not know. */
static void unmodelled_dev(struct sv_ram_config *c, const char *tok, const char *arg)
{
    if (!c->unmodelled[0])
        snprintf(c->unmodelled, sizeof c->unmodelled, "%s%s%s", tok, arg ? " " : "", arg ? arg : "");
}

/* Is ",KEY=VALUE" (or "KEY=VALUE" first) in a -drive argument? */
static int has_param(const char *arg, const char *kv)
{
    size_t n = strlen(kv);

    for (const char *p = arg; (p = strstr(p, kv)); p++)
        if ((p == arg || p[-1] == ',') && (p[n] == ',' || !p[n]))
            return 1;
    return 0;
}

/* What an option says about the devices (sv-devices.c); flags have arg NULL.
 * Options outside these add no device section or none at all. */
static int note_devices(struct sv_ram_config *c, const char *tok, const char *arg, struct sv_error *err)
{
    if (!arg) {
        if (strcmp(tok, "-usb") == 0)
            c->usb = 1;
        else if (strcmp(tok, "-no-acpi") == 0)
            c->no_acpi = 1;
        else if (strcmp(tok, "-no-hpet") == 0)
            c->no_hpet = 1;
        else if (strcmp(tok, "-rtc-td-hack") == 0)
            c->rtc_td_hack = 1;
        else if (strcmp(tok, "-no-kvm") == 0)
            c->no_kvm = 1;
        return 0;
    }
    if (strcmp(tok, "-cpu") == 0) {
        copy_name(c->cpu, sizeof c->cpu, arg, strcspn(arg, ","));
    } else if (strcmp(tok, "-smp") == 0) {
        char *end;
        unsigned long n = strtoul(arg, &end, 10);

        if (!isdigit((unsigned char)*arg) || (*end && *end != ',') || n < 1 || n > 255)
            return sv_error_set_nooff(err, SV_E_USAGE, "option -smp %s: not a CPU count", arg);
        c->smp = (unsigned)n;
    } else if (strcmp(tok, "-usbdevice") == 0) {
        c->usb = 1;                     /* vl.c QEMU_OPTION_usbdevice (v0.11.1 :5450-5451) */
    } else if (strcmp(tok, "-balloon") == 0) {
        c->balloon = strcmp(arg, "none") == 0 ? -1 : 1;
        if (strncmp(arg, "virtio", 6) != 0 && c->balloon > 0)
            return sv_error_set_nooff(err, SV_E_USAGE, "option -balloon %s: want none or virtio", arg);
    } else if (strcmp(tok, "-soundhw") == 0) {
        for (const char *p = arg; *p; p += *p == ',') {
            size_t n = strcspn(p, ",");

            if (strncmp(p, "all", n) == 0 && n == 3)
                unmodelled_dev(c, tok, arg);
            else if (c->nsounds == SV_RAM_CFG_NICS)
                return sv_error_set_nooff(err, SV_E_LIMIT, "more than %d sound cards", SV_RAM_CFG_NICS);
            else
                copy_name(c->sound[c->nsounds++], sizeof c->sound[0], p, n);
            p += n;
        }
    } else if (strcmp(tok, "-drive") == 0) {
        if (has_param(arg, "if=virtio"))
            c->nvirtio_blk++;
        else if (has_param(arg, "if=scsi"))
            unmodelled_dev(c, tok, "if=scsi");
    } else if (strcmp(tok, "-serial") == 0) {
        /* each -serial takes the next port, none leaves it empty (v0.11.1 vl.c
         * serial_device_index; pc_init1 skips a NULL serial_hds[i], hw/pc.c:1320) */
        if (c->nserial_opts >= 8)
            return sv_error_set_nooff(err, SV_E_LIMIT, "more than 8 -serial");
        if (strcmp(arg, "none") != 0)
            c->serial_ports |= (uint8_t)(1u << c->nserial_opts);
        c->nserial_opts++;
    } else if (strcmp(tok, "-virtioconsole") == 0) {
        c->nvirtcons++;
    } else if (strcmp(tok, "-device") == 0 || strcmp(tok, "-pcidevice") == 0 || strcmp(tok, "-watchdog") == 0) {
        unmodelled_dev(c, tok, arg);
    }
    return 0;
}

int sv_ram_config_parse(const struct sv_release *r, const char *opts, struct sv_ram_config *c,
                        struct sv_error *err)
{
    const struct release_layout *rl = layout_of(r);
    char *copy = strdup(opts ? opts : ""), *save = NULL, *tok;
    int rc = 0;

    memset(c, 0, sizeof *c);
    if (!copy)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    if (!rl) {
        free(copy);
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s: its RAM layout is not known", r->name);
    }
    for (tok = strtok_r(copy, " \t\n", &save); tok && rc == 0; tok = strtok_r(NULL, " \t\n", &save)) {
        const char *arg = NULL;

        if (tok[0] != '-' || !tok[1])
            continue;                   /* the binary, a disk image */
        if (tok[1] == '-')
            tok++;                      /* --m as -m */
        for (const struct opt_alias *a = rl->aliases; a && a->opt; a++) {
            if (strcmp(a->opt, tok) != 0)
                continue;
            if (a->has_arg)
                arg = strtok_r(NULL, " \t\n", &save);
            tok = a->as ? (char *)a->as : NULL;
            arg = a->arg ? a->arg : arg;
            break;
        }
        if (!tok)
            continue;
        if (in_list(skip_flag, tok)) {
            note_devices(c, tok, NULL, err);
            continue;
        }
        if (in_list(unmodelled, tok)) {
            rc = sv_error_set_nooff(err, SV_E_USAGE, "option %s: its RAM blocks are not modelled", tok);
            break;
        }
        if (!in_list(skip_arg, tok) && !in_list(layout_arg, tok)) {
            rc = sv_error_set_nooff(err, SV_E_USAGE, "option %s: unknown here (not known to leave the RAM layout "
                                    "as it is)", tok);
            break;
        }
        if (!arg)
            arg = strtok_r(NULL, " \t\n", &save);
        if (!arg) {
            rc = sv_error_set_nooff(err, SV_E_USAGE, "option %s needs an argument", tok);
            break;
        }
        if (strcmp(tok, "-device") == 0 && rombar_of(rl->nic_bars, arg, 1)) {
            rc = sv_error_set_nooff(err, SV_E_USAGE, "option -device %s: its ROM BAR is not modelled", arg);
        } else if (strcmp(tok, "-device") == 0 && rombar_of(rl->vga_bars, arg, 1)) {
            rc = sv_error_set_nooff(err, SV_E_USAGE, "option -device %s: its ROM BAR is not modelled", arg);
        } else if (in_list(skip_arg, tok)) {
            rc = note_devices(c, tok, arg, err);
        } else if (strcmp(tok, "-m") == 0) {
            if (parse_size(arg, &c->ram) < 0 || c->ram < min_ram(rl) || c->ram % PAGE)
                rc = sv_error_set_nooff(err, SV_E_USAGE, "option -m %s: not a RAM size", arg);
        } else if (strcmp(tok, "-M") == 0) {
            int known = 0;

            for (const char *const *m = r->machines; m && *m; m++)
                known |= strcmp(*m, arg) == 0;
            if (!known || strlen(arg) >= sizeof c->machine)
                rc = sv_error_set_nooff(err, SV_E_USAGE, "option -M %s: release %s has no such machine",
                                        arg, r->name);
            else
                strcpy(c->machine, arg);
        } else if (strcmp(tok, "-vga") == 0) {
            if (!in_list(rl->vgas, arg) || strlen(arg) >= sizeof c->vga)
                rc = sv_error_set_nooff(err, SV_E_USAGE, "option -vga %s: release %s has no such VGA",
                                        arg, r->name);
            else
                strcpy(c->vga, arg);
        } else if (strcmp(tok, "-net") == 0) {
            c->net_given = 1;
            if (strncmp(arg, "user", 4) == 0 && (!arg[4] || arg[4] == ','))
                c->nusers++;            /* a slirp section each (v0.11.1 slirp/slirp.c:226) */
            if (strncmp(arg, "nic", 3) != 0 || (arg[3] && arg[3] != ','))
                continue;               /* user, tap, none: no device */
            if (c->nnics == SV_RAM_CFG_NICS)
                rc = sv_error_set_nooff(err, SV_E_LIMIT, "more than %d -net nic", SV_RAM_CFG_NICS);
            else
                nic_model(arg, c->nic[c->nnics++], sizeof c->nic[0]);
        } else if (strcmp(tok, "-boot") == 0) {
            /* vl.c: -boot n adds each NIC's PXE ROM (v0.10.6 :5429-5455) */
            if (strchr(arg, 'n'))
                rc = sv_error_set_nooff(err, SV_E_USAGE, "option -boot %s: network boot ROMs are not modelled",
                                        arg);
        } else if (strcmp(tok, "-romsize") == 0) {
            const char *eq = strchr(arg, '=');
            uint64_t v;
            char *end;

            v = eq ? strtoull(eq + 1, &end, 0) : 0;
            if (!eq || eq == arg || (size_t)(eq - arg) >= SV_RAM_NAME_MAX || !eq[1] || *end || !v)
                rc = sv_error_set_nooff(err, SV_E_USAGE, "option -romsize %s: want FILE=BYTES", arg);
            else if (c->nroms == SV_RAM_CFG_ROMS)
                rc = sv_error_set_nooff(err, SV_E_LIMIT, "more than %d -romsize", SV_RAM_CFG_ROMS);
            else {
                memcpy(c->rom[c->nroms].file, arg, (size_t)(eq - arg));
                c->rom[c->nroms].file[eq - arg] = 0;
                c->rom[c->nroms++].size = v;
            }
        }
    }
    free(copy);
    return rc;
}

static uint64_t rom_size(const struct release_layout *rl, const struct sv_ram_config *c, const char *file)
{
    for (unsigned i = 0; i < c->nroms; i++)
        if (strcmp(c->rom[i].file, file) == 0)
            return c->rom[i].size;
    for (const struct rom *m = rl->roms; m->file; m++)
        if (strcmp(m->file, file) == 0)
            return m->size;
    return 0;
}

/* The machine -M names (the first is the default); NULL before 0.12. */
static const struct machine *machine_of(const struct release_layout *rl, const struct sv_ram_config *c)
{
    for (const struct machine *m = rl->machines; m && m->name; m++)
        if (!c->machine[0] || strcmp(m->name, c->machine) == 0)
            return m;
    return NULL;
}

static struct sv_ram_block *add_block(struct sv_ram_layout *l, enum sv_ram_role role, const char *name,
                                      uint64_t *at, uint64_t size, struct sv_error *err)
{
    struct sv_ram_block *b;

    if (l->n == SV_RAM_BLOCKS_MAX) {
        sv_error_set_nooff(err, SV_E_LIMIT, "more than %d RAM blocks", SV_RAM_BLOCKS_MAX);
        return NULL;
    }
    b = &l->b[l->n++];
    b->role = role;
    snprintf(b->name, sizeof b->name, "%s", name);
    b->offset = *at;
    b->size = size;
    *at += size;
    return b;
}

/* A ROM BAR is the ROM file's size rounded up to a power of two (v0.12.3 hw/pci.c:1493-1497). */
static int add_rom_bar(const struct release_layout *rl, const struct sv_ram_config *c,
                       const struct rombar_dev *d, struct sv_ram_layout *l, uint64_t *at, struct sv_error *err)
{
    uint64_t size = rom_size(rl, c, d->file), bar = PAGE;

    if (!size)
        return sv_error_set_nooff(err, SV_E_USAGE, "no size for %s: give -romsize %s=BYTES", d->file, d->file);
    while (bar < size)
        bar <<= 1;
    return add_block(l, SV_RAM_ROM_BAR, d->file, at, bar, err) ? 0 : -1;
}

/* The VGA's ROM BAR, then each NIC's in -net order (the default NIC without -net). */
static int add_rom_bars(const struct release_layout *rl, const struct sv_ram_config *c, const char *vga,
                        struct sv_ram_layout *l, uint64_t *at, struct sv_error *err)
{
    const struct machine *m = machine_of(rl, c);
    const struct rombar_dev *d;

    if (!m || !m->pci || !m->rombar)
        return 0;
    if ((d = rombar_of(rl->vga_bars, vga, 0)) && add_rom_bar(rl, c, d, l, at, err) < 0)
        return -1;
    for (unsigned i = 0; i < (c->net_given ? c->nnics : 1); i++) {
        const char *model = c->net_given && c->nic[i][0] ? c->nic[i] : m->nic;

        if ((d = rombar_of(rl->nic_bars, model, 0)) && add_rom_bar(rl, c, d, l, at, err) < 0)
            return -1;
    }
    return 0;
}

/* Does row w's block exist in this configuration? */
static int row_applies(const struct release_layout *rl, const struct row *w, const struct sv_ram_config *c,
                       const char *vga)
{
    const struct machine *m = machine_of(rl, c);
    int pci = !m || m->pci;

    switch (w->when) {
    case W_VGA: return strcmp(vga, "none") != 0;
    case W_ABOVE_4G: return c->ram > BELOW_4G_MAX;
    /* without PCI, -vga vmware makes no device (v0.12.3 hw/pc.c:1130-1134) */
    case W_VGA_DEV: return strcmp(vga, "none") != 0 && (pci || strcmp(vga, "vmware") != 0);
    case W_VMWARE: return pci && strcmp(vga, "vmware") == 0;
    default: return 1;
    }
}

int sv_ram_layout_of(const struct sv_release *r, const struct sv_ram_config *c, struct sv_ram_layout *l,
                     struct sv_error *err)
{
    const struct release_layout *rl = layout_of(r);
    const char *vga = c->vga[0] ? c->vga : rl ? rl->vga_default : "";
    uint64_t below = c->ram < BELOW_4G_MAX ? c->ram : BELOW_4G_MAX, at = 0;

    memset(l, 0, sizeof *l);
    if (!rl)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s: its RAM layout is not known", r->name);
    if (c->ram < min_ram(rl))
        return sv_error_set_nooff(err, SV_E_USAGE, "no RAM size (-m)");
    for (const struct row *w = rl->rows; w->role != SV_RAM_ROLE_COUNT; w++) {
        uint64_t size = 0;

        if (!row_applies(rl, w, c, vga))
            continue;
        if (w->size == Z_ROM_BARS) {
            if (add_rom_bars(rl, c, vga, l, &at, err) < 0)
                return -1;
            continue;
        }
        switch (w->size) {
        case Z_FIXED: size = w->arg; break;
        case Z_HIGH: size = below - MIB; break;
        case Z_ABOVE: size = c->ram - BELOW_4G_MAX; break;
        case Z_FILE:
            if (!(size = rom_size(rl, c, w->file)))
                return sv_error_set_nooff(err, SV_E_USAGE, "no size for %s: give -romsize %s=BYTES",
                                          w->file, w->file);
            size = (size + PAGE - 1) & ~(PAGE - 1);
            break;
        case Z_UP_TO:
            if (c->ram + w->arg < at)
                return sv_error_set_nooff(err, SV_E_LIMIT, "the blocks outgrow the release's RAM area");
            size = c->ram + w->arg - at;
            break;
        }
        if (!size)
            continue;
        if (!add_block(l, w->role, w->file ? w->file : sv_ram_role_name(w->role), &at, size, err))
            return -1;
    }
    l->size = at;
    return 0;
}

int sv_ram_layout_for_size(const struct sv_release *r, struct sv_ram_config *c, uint64_t announced,
                           struct sv_ram_layout *l, struct sv_error *err)
{
    if (!c->ram) {
        /* below 3.5 GiB the size is -m plus what does not depend on it */
        struct sv_ram_config probe = *c;

        probe.ram = 16 * MIB;
        if (sv_ram_layout_of(r, &probe, l, err) < 0)
            return -1;
        if (announced <= l->size - probe.ram || announced - (l->size - probe.ram) < min_ram(layout_of(r)))
            return sv_error_set_nooff(err, SV_E_CORRUPT,
                                      "the ram section announces %llu bytes, less than release %s's blocks besides RAM",
                                      (unsigned long long)announced, r->name);
        c->ram = announced - (l->size - probe.ram);
        if (c->ram % PAGE || c->ram >= BELOW_4G_MAX)
            c->ram = 0;
    }
    if (c->ram && sv_ram_layout_of(r, c, l, err) < 0)
        return -1;
    if (!c->ram || l->size != announced)
        return sv_error_set_nooff(err, SV_E_USAGE,
                                  "the ram section announces %llu bytes; release %s's layout for this configuration has %llu",
                                  (unsigned long long)announced, r->name, (unsigned long long)(c->ram ? l->size : 0));
    return 0;
}

const struct sv_ram_block *sv_ram_layout_at(const struct sv_ram_layout *l, uint64_t addr)
{
    for (size_t i = 0; i < l->n; i++)
        if (addr >= l->b[i].offset && addr - l->b[i].offset < l->b[i].size)
            return &l->b[i];
    return NULL;
}

const struct sv_ram_block *sv_ram_layout_role(const struct sv_ram_layout *l, enum sv_ram_role role, unsigned n)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->b[i].role == role && n-- == 0)
            return &l->b[i];
    return NULL;
}

unsigned sv_ram_layout_nth(const struct sv_ram_layout *l, const struct sv_ram_block *b)
{
    unsigned n = 0;

    for (const struct sv_ram_block *x = l->b; x < b; x++)
        n += x->role == b->role;
    return n;
}

int sv_ram_layout_same(const struct sv_ram_layout *a, const struct sv_ram_layout *b)
{
    if (a->n != b->n || a->size != b->size)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->b[i].role != b->b[i].role || a->b[i].offset != b->b[i].offset || a->b[i].size != b->b[i].size)
            return 0;
    return 1;
}

static int zero_page(const struct sv_ram_rec *r)
{
    if (r->flags & SV_RAM_COMPRESS)
        return r->fill == 0;
    for (unsigned i = 0; i < SV_RAM_PAGE; i++)
        if (r->page[i])
            return 0;
    return 1;
}

int sv_ram_move_page(const struct sv_release *fr, const struct sv_ram_layout *from, const struct sv_release *tr,
                     const struct sv_ram_layout *to, const struct sv_ram_rec *r, uint64_t *addr,
                     struct sv_error *err)
{
    const struct sv_ram_block *sb, *db;
    uint64_t off;

    if (!(sb = sv_ram_layout_at(from, r->addr)))
        return sv_error_set(err, SV_E_RANGE, r->offset, "page %#llx outside release %s's layout",
                            (unsigned long long)r->addr, fr->name);
    off = r->addr - sb->offset;
    db = sv_ram_layout_role(to, (enum sv_ram_role)sb->role, sv_ram_layout_nth(from, sb));
    if (db && off < db->size) {
        *addr = db->offset + off;
        return 0;
    }
    if (zero_page(r))
        return 1;
    return sv_error_set(err, SV_E_RANGE, r->offset,
                        "page %#llx of the source's block \"%s\" (%s) is not zero and has no place in release %s's layout",
                        (unsigned long long)r->addr, sb->name, sv_ram_role_name((enum sv_ram_role)sb->role), tr->name);
}
