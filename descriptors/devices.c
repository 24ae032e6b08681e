/*
 * Which device tables each release has: one list, each table once, with
 * the releases that save the device that way.  The releases themselves
 * (names, what one borrows from another) are in compat/sv-registry.c.
 */
#include <config.h>

#include "devices.h"

#include <string.h>

#include "sv-registry.h"
#include "vms.h"

#define R010 SV_REL_BIT(SV_REL_0_10)
#define R011 SV_REL_BIT(SV_REL_0_11)
#define EMU SV_REL_BIT(SV_REL_EMU)
/* emu-next borrows 0.11's tables, not emu's: two of emu's changed under it */
#define EMUNEXT SV_REL_BIT(SV_REL_EMU_NEXT)
/* qemu-kvm-0.12 borrows 0.12's (the registry); most 0.12 devices are
 * described by tables derived from the binaries (vms.h) */
#define R012 SV_REL_BIT(SV_REL_0_12)
#define RKVM012 SV_REL_BIT(SV_REL_QEMU_KVM_0_12)
/* 0.10.6 and 0.11.1 save a device alike unless an entry names one of them */
#define BOTH (R010 | R011)

static const struct entry {
    unsigned releases;          /* SV_REL_BIT of each release that has the table */
    const struct sv_desc *desc;
} devices[] = {
    { BOTH, &sv_desc_timer },
    { BOTH, &sv_desc_cpu_common },
    { R010, &sv_desc_cpu_010 }, { R011, &sv_desc_cpu_011 },
    { BOTH, &sv_desc_i8259 },
    { BOTH, &sv_desc_i8254 },
    { BOTH, &sv_desc_mc146818rtc },
    { BOTH, &sv_desc_serial },
    { BOTH, &sv_desc_pckbd },
    { BOTH, &sv_desc_ps2kbd },
    { BOTH, &sv_desc_ps2mouse },
    { BOTH, &sv_desc_dma },
    { BOTH, &sv_desc_fdc },
    { R010, &sv_desc_ide_010 }, { R011, &sv_desc_ide_011 },
    /* 0.12's old-version loaders read v1..2 as 0.11 wrote them: apic_load_old
     * (v0.12.3 hw/apic.c:868-904; qemu-kvm hw/apic.c:995), i440fx_load_old
     * (v0.12.3 hw/piix_pci.c:139-155; qemu-kvm :145) */
    { BOTH | R012, &sv_desc_apic },
    { BOTH, &sv_desc_ioapic },
    { BOTH, &sv_desc_hpet },
    { BOTH, &sv_desc_fw_cfg },
    { BOTH, &sv_desc_i2c_bus },
    { BOTH, &sv_desc_pcibus },
    { BOTH | R012, &sv_desc_i440fx },
    { BOTH, &sv_desc_piix3 },
    { BOTH, &sv_desc_piix4_pm },
    /* -M pc's slirp, VGA, NIC, vmmouse and balloon */
    /* slirp/slirp.c: 0.12.3 saves as 0.11.1 */
    { R010, &sv_desc_slirp_010 }, { R011 | R012, &sv_desc_slirp_011 },
    { BOTH, &sv_desc_cirrus_vga },
    { BOTH, &sv_desc_ne2000 },
    { BOTH, &sv_desc_vmmouse },
    /* hw/virtio*.c, hw/virtio-pci.c, hw/msix.c, hw/pci.c: 0.12.3 saves
     * virtio-blk, -balloon and -console as 0.11.1 (pci_device_save went to
     * VMState with the same bytes); virtio-net gains has_ufo (v11) */
    { R010, &sv_desc_virtio_balloon_010 }, { R011 | R012, &sv_desc_virtio_balloon_011 },
    { R010, &sv_desc_eeprom_010 }, { R011, &sv_desc_eeprom_011 },
    /* devices the command line adds (descriptors/local.mk) */
    { BOTH, &sv_desc_rtl8139 },
    { BOTH, &sv_desc_pcnet },
    { BOTH, &sv_desc_e1000 },
    { R010, &sv_desc_virtio_net_010 }, { R011, &sv_desc_virtio_net_011 }, { R012, &sv_desc_virtio_net_012 },
    { R010, &sv_desc_virtio_console_010 }, { R011 | R012, &sv_desc_virtio_console_011 },
    { R010, &sv_desc_virtio_blk_010 }, { R011 | R012, &sv_desc_virtio_blk_011 },
    { BOTH, &sv_desc_i82551 },
    { BOTH, &sv_desc_i82557b },
    { BOTH, &sv_desc_i82559er },
    { BOTH, &sv_desc_vga },
    { BOTH, &sv_desc_vmware_vga },
    { BOTH, &sv_desc_uhci },
    { BOTH, &sv_desc_sb16 },
    { BOTH, &sv_desc_es1370 },
    { BOTH, &sv_desc_ac97 },
    { R011, &sv_desc_lsiscsi },         /* new in 0.11 */
    { R011, &sv_desc_ib700_wdt },       /* new in 0.11 */
    /* qemu-kvm's KVM code still hand-coded in 0.12 (kvmclock is VMState) */
    { RKVM012, &sv_desc_kvm_tpr_opt },
    /* the emulator's own devices (doc/EMU.md) */
    { EMU | EMUNEXT, &sv_desc_emu_ring },
    { EMU, &sv_desc_emu_disk },
    { EMU, &sv_desc_emu_net },
    { EMU | EMUNEXT, &sv_desc_emu_versioned },
    /* added later, kept last so the committed fuzz seeds' indexes hold */
    { BOTH, &sv_desc_audio },           /* audio/audio.c: any -soundhw */
    { EMU | EMUNEXT, &sv_desc_emu_quirk },
    { EMUNEXT, &sv_desc_emu_disk_next },     /* v2: the IDENTIFY part last */
    { EMUNEXT, &sv_desc_emu_net_next },      /* v2: mtu */
};

#define NDEVICES (sizeof devices / sizeof devices[0])

const struct sv_desc *sv_desc_nth(size_t i)
{
    return i < NDEVICES ? devices[i].desc : NULL;
}

const struct sv_desc *sv_desc_find(const char *release, const char *target,
                                   const char *idstr, uint32_t version)
{
    return sv_desc_find_nth(release, target, idstr, version, 0);
}

const struct sv_desc *sv_desc_find_nth(const char *release, const char *target, const char *idstr,
                                       uint32_t version, size_t n)
{
    const struct sv_release *r = sv_release_find(release);
    unsigned tables = r ? sv_release_tables(r) : 0;

    /* tables derived from the release's own binaries (vms.h) first: what
     * the binary describes is what it saves (the emulator's 0.12 build
     * borrows hand-written tables of the same names, from before VMState) */
    if (r && r->abi->vmstate) {
        const char *t = target && *target ? target : NULL;
        const struct sv_desc *d = sv_vms_sets_find_nth(r->name, t, idstr, version, n);
        size_t k = 0;

        if (d)
            return d;
        while (sv_vms_sets_find_nth(r->name, t, idstr, version, k))
            k++;
        n -= k;         /* n >= k here: the derived ones were 0..k-1 */
    }
    for (size_t i = 0; i < NDEVICES; i++) {
        const struct sv_desc *d = devices[i].desc;

        if (!(devices[i].releases & tables) || strcmp(d->idstr, idstr) != 0)
            continue;
        if (d->by_target && !sv_target_find(target))
            continue;
        if (version >= d->min_version && version <= d->version)
            return n == 0 ? d : NULL;
    }
    return NULL;
}

struct derived {
    int (*fn)(const char *release, const char *target, const struct sv_desc *d, void *opaque);
    void *opaque;
};

static int each_derived(const char *release, const char *target, const struct sv_desc *d, const char *origin,
                        void *opaque)
{
    struct derived *x = opaque;

    (void)origin;
    return x->fn(release, target, d, x->opaque);
}

int sv_desc_foreach(const char *release, const char *target,
                    int (*fn)(const char *release, const char *target,
                              const struct sv_desc *d, void *opaque),
                    void *opaque)
{
    for (int ri = 0; ri < SV_REL_COUNT; ri++) {
        const struct sv_release *r = &sv_releases[ri];
        unsigned tables = sv_release_tables(r);

        if (release && strcmp(release, r->name) != 0)
            continue;
        for (size_t i = 0; i < NDEVICES; i++) {
            const struct sv_desc *d = devices[i].desc;
            int k;

            if (!(devices[i].releases & tables))
                continue;
            if (!d->by_target) {
                if ((k = fn(r->name, "", d, opaque)) != 0)
                    return k;
                continue;
            }
            for (int t = 0; t < SV_TGT_COUNT; t++) {
                if (target && strcmp(target, sv_targets[t].name) != 0)
                    continue;
                if ((k = fn(r->name, sv_targets[t].name, d, opaque)) != 0)
                    return k;
            }
        }
        if (r->abi->vmstate) {
            struct derived x = { fn, opaque };
            int k = sv_vms_sets_foreach(r->name, target, each_derived, &x);

            if (k)
                return k;
        }
    }
    return 0;
}

uint8_t sv_desc_target_ulong(const char *target)
{
    const struct sv_target *t = sv_target_find(target);

    return !t ? 0 : t->word_bytes == 8 ? SV_U64 : SV_U32;
}

struct newest {
    const char *idstr;
    const struct sv_desc *d;
};

static int pick_newest(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    struct newest *l = opaque;

    (void)release;
    (void)target;
    if (strcmp(d->idstr, l->idstr) == 0 && (!l->d || d->version > l->d->version))
        l->d = d;
    return 0;
}

const struct sv_desc *sv_desc_newest(const char *release, const char *target, const char *idstr)
{
    struct newest l = { idstr, NULL };

    sv_desc_foreach(release, target, pick_newest, &l);
    return l.d;
}
