/*
 * "es1370": hw/es1370.c es1370_save, version 2 (es1370_load takes only 2),
 * instance 0 (-soundhw es1370).  The same save and load in 0.10.6 and
 * 0.11.1: pci_device_save, three channels, five registers: 356 bytes.
 */
#include <config.h>

#include "devices.h"

/* struct chan: DAC1, DAC2, ADC.  hw/es1370.c:es1370_reset (from
 * es1370_on_reset) clears scount and leftover and leaves the rest */
static const struct sv_desc_field es1370_chan[] = {
    { .name = "shift", .type = SV_U32, .required = 1 },
    /* es1370_transfer_audio keeps (transferred + leftover) & 3 and adds it
     * to the byte count it moves */
    { .name = "leftover", .type = SV_U32, .bounded = 1, .lo = 0, .hi = 3 },
    { .name = "scount", .type = SV_U32 },
    { .name = "frame_addr", .type = SV_U32, .required = 1 },
    { .name = "frame_cnt", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field es1370_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "chan", .kind = SV_D_GROUP, .n = 3, .sub = es1370_chan },
    /* es1370_load passes ctl and sctl to es1370_update_voices.
     * es1370_reset: ctl 1, status 0x60, mempage, codec and sctl 0 */
    { .name = "ctl", .type = SV_U32, .dflt = 1 },
    { .name = "status", .type = SV_U32, .dflt = 0x60 },
    /* es1370_fixup ORs it into register addresses the switch then filters */
    { .name = "mempage", .type = SV_U32 },
    { .name = "codec", .type = SV_U32 },
    { .name = "sctl", .type = SV_U32 },
    { .name = NULL },
};

const struct sv_desc sv_desc_es1370 = {
    .idstr = "es1370", .min_version = 2, .version = 2, .fields = es1370_v2,
};
