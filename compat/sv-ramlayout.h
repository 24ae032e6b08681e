/*
 * The ram section's layout per release: which blocks the binary allocates,
 * in allocation order, as a function of its configuration (-m, -M, -vga,
 * -net nic, the ROM files' sizes).  The ram section's page addresses are
 * offsets into that layout (no per-block header before 0.13), so moving a
 * snapshot to another release moves its pages from one layout to the
 * other (tools/sv-convert.c, doc/BRIDGING.md).  The rows are data, one
 * table per release in sv-ramlayout.c; a release without rows has no
 * known layout.
 */
#ifndef SV_RAMLAYOUT_H
#define SV_RAMLAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "sv-error.h"
#include "sv-ram.h"
#include "sv-registry.h"

/* What a block holds; a bridge moves a block to the block of the same
 * role (the n-th of that role to the n-th). */
enum sv_ram_role {
    SV_RAM_LOW,         /* guest RAM 0 - 0xa0000 */
    SV_RAM_HOLE,        /* 0xa0000 - 0x100000: allocated, shadow RAM at most */
    SV_RAM_HIGH,        /* guest RAM 1 MiB - below 4 GiB */
    SV_RAM_ABOVE_4G,    /* guest RAM above 4 GiB */
    SV_RAM_VGA,         /* the VGA memory */
    SV_RAM_BIOS,        /* bios.bin, mapped below 4 GiB */
    SV_RAM_OPTROM,      /* what is mapped at 0xc0000: the VGA BIOS (0.10), the option-ROM RAM (0.11) */
    SV_RAM_RESERVE,     /* 0.10: never allocated, still saved */
    SV_RAM_VGA_FIFO,    /* vmware's SVGA FIFO as a block of its own (0.12) */
    SV_RAM_ROM_BAR,     /* a PCI device's ROM BAR (0.12) */
    SV_RAM_ROLE_COUNT
};
const char *sv_ram_role_name(enum sv_ram_role r);

#define SV_RAM_CFG_NICS 8
#define SV_RAM_CFG_ROMS 8
#define SV_RAM_NAME_MAX 48

/* A configuration, from the QEMU options the user gives. */
struct sv_ram_config {
    uint64_t ram;                       /* -m in bytes; 0: not given */
    char machine[32];                   /* -M; "": the release's default */
    char vga[16];                       /* -vga; "": the release's default */
    char nic[SV_RAM_CFG_NICS][24];      /* each -net nic's model, in order; "": default */
    unsigned nnics;
    uint8_t net_given;                  /* any -net option: no default NIC (0.12 net.c:1334-1340, :1368) */
    struct { char file[SV_RAM_NAME_MAX]; uint64_t size; } rom[SV_RAM_CFG_ROMS];
    unsigned nroms;                     /* -romsize FILE=BYTES: not the tag's pc-bios size */
    /* what the options say about the devices (compat/sv-devices.h) */
    char cpu[24];                       /* -cpu; "": the machine's default */
    unsigned smp;                       /* -smp N; 0: not given (one CPU) */
    unsigned nusers;                    /* -net user */
    char sound[SV_RAM_CFG_NICS][12];    /* -soundhw's cards, in order */
    unsigned nsounds;
    unsigned nvirtio_blk;               /* -drive ...,if=virtio */
    unsigned nvirtcons;                 /* -virtioconsole */
    unsigned nserial_opts;              /* -serial options: each takes the next port, none too */
    uint8_t serial_ports;               /* bit i: port i has a device (-serial other than none) */
    int8_t balloon;                     /* -balloon: 1 virtio, -1 none, 0 not given */
    uint8_t usb, no_acpi, no_hpet, rtc_td_hack, no_kvm;
    char unmodelled[48];                /* the first option adding devices the device model does not know */
};

struct sv_ram_block {
    uint8_t role;                       /* enum sv_ram_role */
    char name[SV_RAM_NAME_MAX];         /* "VGA RAM", "bios.bin" */
    uint64_t offset, size;
};

#define SV_RAM_BLOCKS_MAX 24

struct sv_ram_layout {
    struct sv_ram_block b[SV_RAM_BLOCKS_MAX];
    size_t n;
    uint64_t size;                      /* what the ram section announces */
};

/*
 * Parses QEMU options ("-m 128 -M pc -vga std -net nic,model=virtio").
 * Options that do not change the layout are skipped; one that changes it
 * in a way the tables do not model (-kernel, -option-rom, -boot n) and an
 * unknown option are refused, naming them.  A token not starting with "-"
 * (the binary, a disk image) is skipped.  `-romsize FILE=BYTES` gives a ROM
 * file's size where it is not the release's own.  The options that
 * change which devices exist (-cpu, -smp, -soundhw, -usb, -balloon, ...)
 * are recorded for the device model (compat/sv-devices.h): one parser of
 * QEMU options for both.
 */
int sv_ram_config_parse(const struct sv_release *r, const char *opts, struct sv_ram_config *c,
                        struct sv_error *err);

/* Does the registry's release have layout rows? */
int sv_ram_layout_known(const struct sv_release *r);

/* The layout of r in configuration c (c->ram must be set). */
int sv_ram_layout_of(const struct sv_release *r, const struct sv_ram_config *c, struct sv_ram_layout *l,
                     struct sv_error *err);

/*
 * The layout whose size is `announced`: c->ram from it when not given
 * (-m is the one unknown), else checked against it.  On success c->ram is set.
 */
int sv_ram_layout_for_size(const struct sv_release *r, struct sv_ram_config *c, uint64_t announced,
                           struct sv_ram_layout *l, struct sv_error *err);

/* The block holding offset addr, NULL past the end. */
const struct sv_ram_block *sv_ram_layout_at(const struct sv_ram_layout *l, uint64_t addr);
/* The n-th (from 0) block of that role, NULL if none. */
const struct sv_ram_block *sv_ram_layout_role(const struct sv_ram_layout *l, enum sv_ram_role role,
                                              unsigned n);
/* Which of its role a block is (0 for the first). */
unsigned sv_ram_layout_nth(const struct sv_ram_layout *l, const struct sv_ram_block *b);

/* The same blocks at the same offsets: moving pages between them changes nothing. */
int sv_ram_layout_same(const struct sv_ram_layout *a, const struct sv_ram_layout *b);

/*
 * Where a page record (COMPRESS or PAGE) of release fr's layout `from`
 * goes in release tr's layout `to`: the block of the same role, the same
 * offset in it.  0 with *addr; 1 when it has no place there and is zero
 * (dropped: the destination's own contents stay); -1 with err naming the
 * source's block when it has no place and is not zero.  svtool convert and
 * the shim's ram load both move pages through here.
 */
int sv_ram_move_page(const struct sv_release *fr, const struct sv_ram_layout *from, const struct sv_release *tr,
                     const struct sv_ram_layout *to, const struct sv_ram_rec *r, uint64_t *addr,
                     struct sv_error *err);

#endif
