/* The registry: which tables each release profile holds. */
#include "devices.h"

#include <string.h>

const char *const sv_desc_releases[] = { "0.10", "0.11", "emu", NULL };
const char *const sv_desc_targets[] = { "i386", "x86_64", NULL };

/* 0.10.6 and 0.11.1 share a table where the save functions are the same. */
static const struct sv_desc_entry registry[] = {
    { "0.10", &sv_desc_timer },
    { "0.10", &sv_desc_cpu_common },
    { "0.10", &sv_desc_cpu_010 },
    { "0.10", &sv_desc_i8259 },
    { "0.10", &sv_desc_i8254 },
    { "0.10", &sv_desc_mc146818rtc },
    { "0.10", &sv_desc_serial },
    { "0.10", &sv_desc_pckbd },
    { "0.10", &sv_desc_ps2kbd },
    { "0.10", &sv_desc_ps2mouse },
    { "0.10", &sv_desc_dma },
    { "0.10", &sv_desc_fdc },
    { "0.10", &sv_desc_ide_010 },
    { "0.10", &sv_desc_apic },
    { "0.10", &sv_desc_ioapic },
    { "0.10", &sv_desc_hpet },
    { "0.10", &sv_desc_fw_cfg },
    { "0.10", &sv_desc_i2c_bus },
    { "0.10", &sv_desc_pcibus },
    { "0.10", &sv_desc_i440fx },
    { "0.10", &sv_desc_piix3 },
    { "0.10", &sv_desc_piix4_pm },
    /* -M pc's slirp, VGA, NIC, vmmouse and balloon */
    { "0.10", &sv_desc_slirp_010 }, { "0.10", &sv_desc_cirrus_vga }, { "0.10", &sv_desc_ne2000 },
    { "0.10", &sv_desc_vmmouse }, { "0.10", &sv_desc_virtio_balloon_010 },
    { "0.10", &sv_desc_eeprom_010 },
    /* devices the command line adds (descriptors/local.mk) */
    { "0.10", &sv_desc_rtl8139 }, { "0.10", &sv_desc_pcnet }, { "0.10", &sv_desc_e1000 },
    { "0.10", &sv_desc_virtio_net_010 }, { "0.10", &sv_desc_virtio_console_010 },
    { "0.10", &sv_desc_virtio_blk_010 },
    { "0.10", &sv_desc_i82551 }, { "0.10", &sv_desc_i82557b }, { "0.10", &sv_desc_i82559er },
    { "0.10", &sv_desc_vga }, { "0.10", &sv_desc_vmware_vga }, { "0.10", &sv_desc_uhci },
    { "0.10", &sv_desc_sb16 }, { "0.10", &sv_desc_es1370 }, { "0.10", &sv_desc_ac97 },
    { "0.10", &sv_desc_audio },
    { "0.11", &sv_desc_timer },
    { "0.11", &sv_desc_cpu_common },
    { "0.11", &sv_desc_cpu_011 },
    { "0.11", &sv_desc_i8259 },
    { "0.11", &sv_desc_i8254 },
    { "0.11", &sv_desc_mc146818rtc },
    { "0.11", &sv_desc_serial },
    { "0.11", &sv_desc_pckbd },
    { "0.11", &sv_desc_ps2kbd },
    { "0.11", &sv_desc_ps2mouse },
    { "0.11", &sv_desc_dma },
    { "0.11", &sv_desc_fdc },
    { "0.11", &sv_desc_ide_011 },
    { "0.11", &sv_desc_apic },
    { "0.11", &sv_desc_ioapic },
    { "0.11", &sv_desc_hpet },
    { "0.11", &sv_desc_fw_cfg },
    { "0.11", &sv_desc_i2c_bus },
    { "0.11", &sv_desc_pcibus },
    { "0.11", &sv_desc_i440fx },
    { "0.11", &sv_desc_piix3 },
    { "0.11", &sv_desc_piix4_pm },
    /* -M pc's slirp, VGA, NIC, vmmouse and balloon */
    { "0.11", &sv_desc_slirp_011 }, { "0.11", &sv_desc_cirrus_vga }, { "0.11", &sv_desc_ne2000 },
    { "0.11", &sv_desc_vmmouse }, { "0.11", &sv_desc_virtio_balloon_011 },
    { "0.11", &sv_desc_eeprom_011 },
    /* devices the command line adds (descriptors/local.mk) */
    { "0.11", &sv_desc_rtl8139 }, { "0.11", &sv_desc_pcnet }, { "0.11", &sv_desc_e1000 },
    { "0.11", &sv_desc_virtio_net_011 }, { "0.11", &sv_desc_virtio_console_011 },
    { "0.11", &sv_desc_virtio_blk_011 },
    { "0.11", &sv_desc_i82551 }, { "0.11", &sv_desc_i82557b }, { "0.11", &sv_desc_i82559er },
    { "0.11", &sv_desc_vga }, { "0.11", &sv_desc_vmware_vga }, { "0.11", &sv_desc_uhci },
    { "0.11", &sv_desc_sb16 }, { "0.11", &sv_desc_es1370 }, { "0.11", &sv_desc_ac97 },
    { "0.11", &sv_desc_audio },
    { "0.11", &sv_desc_lsiscsi }, { "0.11", &sv_desc_ib700_wdt },
    /* "emu" is 0.11 plus the emulator's own emu-* devices (doc/EMU.md) */
    { "emu", &sv_desc_emu_ring }, { "emu", &sv_desc_emu_disk }, { "emu", &sv_desc_emu_net },
    { "emu", &sv_desc_emu_versioned }, { "emu", &sv_desc_emu_quirk },
};

const struct sv_desc *const sv_desc_all[] = {
    &sv_desc_timer, &sv_desc_cpu_common, &sv_desc_cpu_010, &sv_desc_cpu_011,
    &sv_desc_i8259, &sv_desc_i8254, &sv_desc_mc146818rtc, &sv_desc_serial,
    &sv_desc_pckbd, &sv_desc_ps2kbd, &sv_desc_ps2mouse, &sv_desc_dma, &sv_desc_fdc,
    &sv_desc_ide_010, &sv_desc_ide_011, &sv_desc_apic, &sv_desc_ioapic, &sv_desc_hpet,
    &sv_desc_fw_cfg, &sv_desc_i2c_bus, &sv_desc_pcibus, &sv_desc_i440fx, &sv_desc_piix3,
    &sv_desc_piix4_pm,
    /* -M pc's slirp, VGA, NIC, vmmouse and balloon; the emulator's own */
    &sv_desc_slirp_010, &sv_desc_slirp_011, &sv_desc_cirrus_vga, &sv_desc_ne2000, &sv_desc_vmmouse,
    &sv_desc_eeprom_010, &sv_desc_eeprom_011,
    &sv_desc_virtio_balloon_010, &sv_desc_virtio_balloon_011,
    &sv_desc_emu_ring, &sv_desc_emu_disk, &sv_desc_emu_net, &sv_desc_emu_versioned,
    &sv_desc_emu_quirk,
    /* devices the command line adds */
    &sv_desc_rtl8139, &sv_desc_pcnet, &sv_desc_e1000,
    &sv_desc_virtio_net_010, &sv_desc_virtio_net_011,
    &sv_desc_virtio_console_010, &sv_desc_virtio_console_011,
    &sv_desc_virtio_blk_010, &sv_desc_virtio_blk_011,
    &sv_desc_i82551, &sv_desc_i82557b, &sv_desc_i82559er, &sv_desc_vga, &sv_desc_vmware_vga,
    &sv_desc_uhci, &sv_desc_sb16, &sv_desc_es1370, &sv_desc_audio, &sv_desc_ac97, &sv_desc_lsiscsi,
    &sv_desc_ib700_wdt,
    NULL,
};

/* The release whose entries a profile borrows ("emu" -> "0.11"). */
static const char *base_of(const char *release)
{
    return strcmp(release, "emu") == 0 ? "0.11" : release;
}

static int in_release(const struct sv_desc_entry *e, const char *release)
{
    return strcmp(e->release, base_of(release)) == 0 || strcmp(e->release, release) == 0;
}

static int known_target(const char *target)
{
    for (const char *const *t = sv_desc_targets; *t; t++)
        if (strcmp(*t, target) == 0)
            return 1;
    return 0;
}

const struct sv_desc *sv_desc_find(const char *release, const char *target,
                                   const char *idstr, uint32_t version)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        const struct sv_desc *d = registry[i].desc;

        if (!in_release(&registry[i], release) || strcmp(d->idstr, idstr) != 0)
            continue;
        if (d->by_target && (!target || !known_target(target)))
            continue;
        if (version >= d->min_version && version <= d->version)
            return d;
    }
    return NULL;
}

int sv_desc_foreach(const char *release, const char *target,
                    int (*fn)(const char *release, const char *target,
                              const struct sv_desc *d, void *opaque),
                    void *opaque)
{
    for (const char *const *rel = sv_desc_releases; *rel; rel++) {
        if (release && strcmp(release, *rel) != 0)
            continue;
        for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
            const struct sv_desc *d = registry[i].desc;
            int r;

            if (!in_release(&registry[i], *rel))
                continue;
            if (!d->by_target) {
                if ((r = fn(*rel, "", d, opaque)) != 0)
                    return r;
                continue;
            }
            for (const char *const *t = sv_desc_targets; *t; t++) {
                if (target && strcmp(target, *t) != 0)
                    continue;
                if ((r = fn(*rel, *t, d, opaque)) != 0)
                    return r;
            }
        }
    }
    return 0;
}
