/* "piix4_pm": hw/acpi.c pm_save, version 1 (0.10.6 and 0.11.1). 300 bytes. */
#include <config.h>

#include "devices.h"

/* hw/acpi.c:piix4_reset only clears PCI config bytes 0x58..0x5b: the PM
 * registers and the timer are left as they were, required */
static const struct sv_desc_field piix4_pm_v1[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* PM1 registers, masked bit by bit where used */
    { .name = "pmsts", .type = SV_U16, .required = 1 },
    { .name = "pmen", .type = SV_U16, .required = 1 },
    { .name = "pmcntrl", .type = SV_U16, .required = 1 },
    { .name = "apmc", .type = SV_U8, .required = 1 },
    { .name = "apms", .type = SV_U8, .required = 1 },
    /* vl.c:qemu_put_timer: -1 when not pending */
    { .name = "tmr_timer", .type = SV_S64, .required = 1 },
    { .name = "tmr_overflow_time", .type = SV_S64, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_piix4_pm = {
    .idstr = "piix4_pm", .min_version = 1, .version = 1, .fields = piix4_pm_v1,
};
