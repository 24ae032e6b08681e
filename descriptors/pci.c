/*
 * hw/pci.c: pci_device_save, the PCI part of ide, I440FX, PIIX3 and
 * piix4_pm; and "PCIBUS" (pcibus_save, version 1, 20 bytes on -M pc).
 * The same in 0.10.6 and 0.11.1.
 */
#include <config.h>

#include "devices.h"

const struct sv_desc_field sv_desc_pci_device[] = {
    /* pci_device_save writes 2 (the default); pci_device_load refuses
     * more than 2 after reading it */
    { .name = "version", .type = SV_U32, .dflt = 2,
      .bounded = 1, .lo = 0, .hi = 2 },
    /* the vendor and device ids, class, BARs the guest programmed: a
     * device's reset rewrites a few bytes at most */
    { .name = "config", .kind = SV_D_BYTES, .n = 256, .required = 1 },
    /* pci_device_load: only from PCI device version 2.  0.11.1
     * hw/pci.c:pci_bus_reset clears it; 0.10.6 has no bus reset, and it
     * is 0 from pci_register_device until the device raises a line */
    { .name = "irq_state", .type = SV_S32, .n = 4,
      .cond = { .kind = SV_IF_FIELD, .field = "version", .op = SV_OP_GE, .value = 2 } },
    { .name = NULL },
};

static const struct sv_desc_field pcibus_v1[] = {
    /* pcibus_load refuses a count other than the bus's own nirq, which
     * hw/piix_pci.c:i440fx_init registers as 4 (the default) */
    { .name = "nirq", .type = SV_S32, .dflt = 4, .bounded = 1, .lo = 4, .hi = 4 },
    /* 0.11.1 pci_bus_reset: 0; 0.10.6 has no bus reset, and
     * pci_register_bus allocates the counts zeroed */
    { .name = "irq_count", .type = SV_S32, .count = "nirq", .max_count = 4 },
    { .name = NULL },
};

const struct sv_desc sv_desc_pcibus = {
    .idstr = "PCIBUS", .min_version = 1, .version = 1, .fields = pcibus_v1,
};
