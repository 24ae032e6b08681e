/*
 * hw/piix_pci.c: "I440FX" (i440fx_save, version 2, 293 bytes) and "PIIX3"
 * (piix_save, version 2, 276 bytes); the same in 0.10.6 and 0.11.1.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field i440fx_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* used as a flag by i440fx_update_memory_mappings: any u8.  The i440FX
     * has no reset handler; the static is 0 until the CPU enters SMM */
    { .name = "smm_enabled", .type = SV_U8 },
    /* i440fx_load: only from version 2.  The PIIX3's reset clears it
     * (0.11.1 hw/piix_pci.c:piix3_reset; 0.10.6 runs it only at init) */
    { .name = "pci_irq_levels", .type = SV_S32, .n = 4, .since = 2 },
    { .name = NULL },
};

static const struct sv_desc_field piix3_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = NULL },
};

const struct sv_desc sv_desc_i440fx = {
    .idstr = "I440FX", .min_version = 1, .version = 2, .fields = i440fx_v2,
};

/* piix_load refuses anything but version 2 */
const struct sv_desc sv_desc_piix3 = {
    .idstr = "PIIX3", .min_version = 2, .version = 2, .fields = piix3_v2,
};
