/* Every device file's export; registry.c lists them per release. */
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

/* hw/pci.c pci_device_save: the group every PCI device's section starts with */
extern const struct sv_desc_field sv_desc_pci_device[];

#endif
