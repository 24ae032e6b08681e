/* Every device file's export; devices.c lists them per release. */
#ifndef SV_DEVICES_H
#define SV_DEVICES_H

#include "desc.h"

extern const struct sv_desc sv_desc_timer;          /* vl.c */
extern const struct sv_desc sv_desc_cpu_common;     /* exec.c */
extern const struct sv_desc sv_desc_cpu_010;        /* target-i386/machine.c */
extern const struct sv_desc sv_desc_cpu_011;
extern const struct sv_desc sv_desc_i8259;
extern const struct sv_desc sv_desc_i8254;
extern const struct sv_desc sv_desc_mc146818rtc;
extern const struct sv_desc sv_desc_serial;
extern const struct sv_desc sv_desc_pckbd;
extern const struct sv_desc sv_desc_ps2kbd;         /* hw/ps2.c */
extern const struct sv_desc sv_desc_ps2mouse;
extern const struct sv_desc sv_desc_dma;
extern const struct sv_desc sv_desc_fdc;
extern const struct sv_desc sv_desc_ide_010;        /* hw/ide.c, PCI (PIIX) */
extern const struct sv_desc sv_desc_ide_011;
extern const struct sv_desc sv_desc_apic;
extern const struct sv_desc sv_desc_ioapic;
extern const struct sv_desc sv_desc_hpet;
extern const struct sv_desc sv_desc_fw_cfg;
extern const struct sv_desc sv_desc_i2c_bus;
extern const struct sv_desc sv_desc_pcibus;         /* hw/pci.c */
extern const struct sv_desc sv_desc_i440fx;         /* hw/piix_pci.c */
extern const struct sv_desc sv_desc_piix3;
extern const struct sv_desc sv_desc_piix4_pm;       /* hw/acpi.c */
/* -M pc's slirp, VGA, NIC, vmmouse and balloon */
extern const struct sv_desc sv_desc_slirp_010;      /* slirp/slirp.c */
extern const struct sv_desc sv_desc_slirp_011;
extern const struct sv_desc sv_desc_cirrus_vga;     /* hw/cirrus_vga.c */
extern const struct sv_desc sv_desc_ne2000;         /* hw/ne2000.c */
extern const struct sv_desc sv_desc_vmmouse;        /* hw/vmmouse.c */
extern const struct sv_desc sv_desc_eeprom_010;     /* hw/eeprom93xx.c */
extern const struct sv_desc sv_desc_eeprom_011;
extern const struct sv_desc sv_desc_virtio_balloon_010; /* hw/virtio-balloon.c */
extern const struct sv_desc sv_desc_virtio_balloon_011;
/* the emulator's own devices, only in its own release (doc/EMU.md) */
extern const struct sv_desc sv_desc_emu_ring;
extern const struct sv_desc sv_desc_emu_disk;
extern const struct sv_desc sv_desc_emu_net;
extern const struct sv_desc sv_desc_emu_versioned;
extern const struct sv_desc sv_desc_emu_quirk;       /* --quirk */
/* emu-next's new layouts (doc/EMU.md) */
extern const struct sv_desc sv_desc_emu_disk_next;
extern const struct sv_desc sv_desc_emu_net_next;
/* devices the command line adds */
extern const struct sv_desc sv_desc_rtl8139;        /* -net nic,model=rtl8139 */
extern const struct sv_desc sv_desc_pcnet;          /* -net nic,model=pcnet */
extern const struct sv_desc sv_desc_e1000;          /* -net nic,model=e1000 */
extern const struct sv_desc sv_desc_virtio_net_010; /* -net nic,model=virtio */
extern const struct sv_desc sv_desc_virtio_net_011;
extern const struct sv_desc sv_desc_virtio_net_012;
extern const struct sv_desc sv_desc_virtio_console_010; /* -virtioconsole */
extern const struct sv_desc sv_desc_virtio_console_011;
extern const struct sv_desc sv_desc_virtio_blk_010;  /* -drive if=virtio */
extern const struct sv_desc sv_desc_virtio_blk_011;
extern const struct sv_desc sv_desc_i82551;         /* -net nic,model=i82551 (eepro100) */
extern const struct sv_desc sv_desc_i82557b;
extern const struct sv_desc sv_desc_i82559er;
extern const struct sv_desc sv_desc_vga;            /* -vga std */
extern const struct sv_desc sv_desc_vmware_vga;     /* -vga vmware */
extern const struct sv_desc sv_desc_uhci;           /* -usb */
extern const struct sv_desc sv_desc_sb16;           /* -soundhw sb16 */
extern const struct sv_desc sv_desc_es1370;         /* -soundhw es1370 */
extern const struct sv_desc sv_desc_audio;          /* audio/audio.c: any -soundhw */
extern const struct sv_desc sv_desc_ac97;           /* -soundhw ac97 */
extern const struct sv_desc sv_desc_lsiscsi;        /* -drive if=scsi (0.11 only) */
extern const struct sv_desc sv_desc_ib700_wdt;      /* -watchdog ib700 (0.11 only) */

/* qemu-kvm-0.12 with KVM on */
extern const struct sv_desc sv_desc_kvm_tpr_opt;        /* kvm-tpr-opt.c */

/* hw/pci.c pci_device_save: the group every PCI device's section starts with */
extern const struct sv_desc_field sv_desc_pci_device[];

/* hw/virtio.c virtio_save: the common part (group "virtio"), per device
 * and release (descriptors/virtio.c says why) */
extern const struct sv_desc_field sv_desc_virtio_common_net_010[], sv_desc_virtio_common_net_011[];
extern const struct sv_desc_field sv_desc_virtio_common_blk_010[], sv_desc_virtio_common_blk_011[];
extern const struct sv_desc_field sv_desc_virtio_common_console_010[], sv_desc_virtio_common_console_011[];
extern const struct sv_desc_field sv_desc_virtio_common_balloon_010[], sv_desc_virtio_common_balloon_011[];

#endif
