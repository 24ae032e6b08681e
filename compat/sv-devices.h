/*
 * Which device sections (idstr, instance) a release's emulator registers
 * for a configuration: machine, -cpu and -smp, -vga, each -net nic and
 * -net user, -balloon, -usb, -soundhw, virtio disks, ... (the options as
 * sv_ram_config_parse reads them).  One table of rows per release in
 * sv-devices.c, facts from the legacy sources, checked against every
 * real capture by t/devices.t.
 *
 * svtool convert uses it both ways (doc/BRIDGING.md): the destination's
 * options a snapshot's sections need, and a refusal, by name, of a
 * section the destination has no device for or a device it has and the
 * snapshot holds no state for.
 */
#ifndef SV_DEVICES_H
#define SV_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "sv-error.h"
#include "sv-ramlayout.h"
#include "sv-registry.h"

#define SV_DEV_SECTIONS_MAX 96
#define SV_DEV_IDSTR_MAX 32

struct sv_dev_section {
    char idstr[SV_DEV_IDSTR_MAX];
    uint32_t instance;
    uint8_t optional;           /* its absence from a stream is no lost state ("block") */
    char add[48], remove[64];   /* the option that adds / removes it; "": none does */
};

struct sv_dev_set {
    struct sv_dev_section s[SV_DEV_SECTIONS_MAX];
    size_t n;
};

/* Does the release have a device table? */
int sv_devices_known(const struct sv_release *r);

/* Appends a section (as a stream holds it). */
int sv_dev_set_add(struct sv_dev_set *set, const char *idstr, uint32_t instance, struct sv_error *err);

/*
 * The sections release r registers in configuration c.  An option whose
 * devices the table does not model (c->unmodelled: -device, -watchdog,
 * -drive if=scsi, ...), an unknown -cpu, a NIC model the machine cannot
 * have: -1 with *err naming it.
 */
int sv_devices_of(const struct sv_release *r, const struct sv_ram_config *c, struct sv_dev_set *set,
                  struct sv_error *err);

/*
 * The configuration of r whose devices are `have`'s sections: c comes in
 * with what the sections cannot say (-m, -M, -cpu, -romsize) and leaves
 * with the devices' options.  target ("i386", "x86_64") names the default
 * CPU.  A section r has no device for: -1 with *err naming it.  The
 * result is only a proposal: sv_devices_compare checks it.
 */
int sv_devices_config(const struct sv_release *r, const char *target, const struct sv_dev_set *have,
                      struct sv_ram_config *c, struct sv_error *err);

/*
 * `have` (a stream's sections) against `want` (sv_devices_of of the
 * destination): the first section without a device, then the first
 * required device without a section, refused naming it, the release and
 * the option that would add or remove it.  0 when they match.
 */
int sv_devices_compare(const struct sv_release *r, const struct sv_dev_set *have, const struct sv_dev_set *want,
                       struct sv_error *err);

/* c as QEMU options for r ("-m 128 -M pc-0.11 -net nic,model=ne2k_pci ..."),
 * the defaults left out; what options cannot carry (the disks of virtio-blk
 * drives, the serial ports' backends) in `note` (may be NULL). */
void sv_devices_options(const struct sv_release *r, const struct sv_ram_config *c, char *out, size_t len,
                        char *note, size_t note_len);

/* The machine of r that is machine m of release from ("pc" of 0.11 is
 * 0.12's "pc-0.11"); NULL when r has none of that name. */
const char *sv_devices_same_machine(const struct sv_release *from, const char *m, const struct sv_release *r);

#endif
