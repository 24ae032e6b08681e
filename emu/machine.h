/* The emulated machine: its devices, its clock and the helpers they share. */
#ifndef EMU_MACHINE_H
#define EMU_MACHINE_H

#include <stdint.h>
#include <stdio.h>

#include "savevm.h"

/* One --ticks step is one millisecond of the virtual clock. */
#define EMU_TICK_NS 1000000LL
#define EMU_TICKS_PER_SEC 1000000000LL

struct emu_config {
    uint64_t ram_bytes;
    uint64_t ram_seed;
    int ram_seeded;             /* fill pages from ram_seed at power-on */
    int quirk;                  /* --quirk: the emu-quirk device is plugged */
    int vga;                    /* --vga: VGA RAM and a VGA BIOS block after guest RAM */
    uint64_t disk_bytes;        /* the 0.12 build's disk (block migration) */
    uint64_t disk_seed;
    int disk_seeded;            /* fill the disk from disk_seed at power-on */
};

/* A section's reset handler, what 0.11 registers with qemu_register_reset
 * for that device; fn NULL: 0.11 registers none (--reset refuses it). */
struct emu_reset {
    const char *idstr;
    void (*fn)(void);
};

/* What every device provides; init registers its sections like QEMU's. */
struct emu_device {
    const char *name;
    void (*init)(const struct emu_config *cfg);
    void (*tick)(int64_t now_ns);
    void (*print)(FILE *out);
    const struct emu_reset *resets;     /* one per idstr, ended by idstr NULL */
};

extern const struct emu_device dev_timer, dev_ram, dev_cpu_common, dev_i8259, dev_rtc,
    dev_i8254, dev_serial, dev_pckbd, dev_ps2, dev_dma, dev_fdc, dev_emu_ring, dev_emu_disk,
    dev_emu_net, dev_emu_versioned, dev_emu_quirk;
#ifdef EMU_SAVEVM_012
extern const struct emu_device dev_block, dev_emu_bus;

/* qdev's part in savevm: a device with a description is registered with
 * vmstate_register(-1, ...) when created and unregistered, by description
 * and opaque, when unplugged. */
void qdev_init_vmsd(const VMStateDescription *vmsd, void *dev);
/* Unplugs every qdev device of that name; how many there were. */
int qdev_unplug(const char *name);
#endif

void machine_init(const struct emu_config *cfg);
void machine_tick(void);
void machine_print_state(FILE *out);
/* Runs the reset handler of the sections named idstr (every instance):
 * 1 done, 0 no such section, -1 a section without a reset handler. */
int machine_reset(const char *idstr);
/* Hot-unplug of every device of that section name (qdev first, then the
 * hand-coded ones): how many sections went, 0 when there was none. */
int machine_unplug(const char *idstr);

/* The virtual clock, kept by the timer device (0.11: cpu_clock_offset). */
int64_t vm_clock_ns(void);
void vm_clock_advance(int64_t ns);

/* Fills len bytes (whole 8-byte words) from seed with xorshift64*. */
void emu_fill(uint8_t *p, uint64_t len, uint64_t seed);

/* (a * b) / c with a 128-bit intermediate, as 0.11's muldiv64. */
uint64_t muldiv64(uint64_t a, uint32_t b, uint32_t c);

/* --print-state lines: "<device>.<field>=<value>" */
void print_u(FILE *out, const char *dev, const char *field, unsigned long long v);
void print_s(FILE *out, const char *dev, const char *field, long long v);
void print_hex(FILE *out, const char *dev, const char *field, const uint8_t *p, size_t n);

#ifdef EMU_NEXT
/* emu-next's emu-net: the guest sets the link MTU (doc/EMU.md). */
void emu_net_set_mtu(uint16_t mtu);
#endif

/* The devices the keyboard controller reports on (dev-ps2.c). */
int ps2_kbd_pending(void);
int ps2_mouse_pending(void);

#endif
