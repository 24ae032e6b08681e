/*
 * "ac97": hw/ac97.c ac97_save, version 2 (ac97_load takes only 2),
 * instance 0 (-soundhw ac97).  The same save and load in 0.10.6 and
 * 0.11.1: pci_device_save, the global registers, three bus-master
 * channels, the mixer and which voices run: 619 bytes.
 */
#include <config.h>

#include "devices.h"

/* AC97BusMasterRegs: PCM in, PCM out, mic in */
static const struct sv_desc_field ac97_bm[] = {
    { .name = "bdbar", .type = SV_U32 },
    /* buffer descriptor numbers, kept modulo 32; they only make guest
     * addresses (bdbar + civ * 8), so any byte loads safely */
    { .name = "civ", .type = SV_U8 },
    { .name = "lvi", .type = SV_U8 },
    { .name = "sr", .type = SV_U16, .dflt = 1 },
    { .name = "picb", .type = SV_U16 },
    { .name = "piv", .type = SV_U8 },
    { .name = "cr", .type = SV_U8 },
    { .name = "bd_valid", .type = SV_U32 },
    { .name = "bd_addr", .type = SV_U32 },
    { .name = "bd_ctl_len", .type = SV_U32 },
    { .name = NULL },
};

static const struct sv_desc_field ac97_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "glob_cnt", .type = SV_U32 },
    { .name = "glob_sta", .type = SV_U32 },
    { .name = "cas", .type = SV_U32 },
    { .name = "bm_regs", .kind = SV_D_GROUP, .n = 3, .sub = ac97_bm },
    /* the codec registers, 16-bit little-endian pairs, as bytes */
    { .name = "mixer_data", .kind = SV_D_BYTES, .n = 256 },
    /* per voice (PI, PO, MC) whether it was running; reset_voices tests
     * each against 0 */
    { .name = "active", .type = SV_U8, .n = 3 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ac97 = {
    .idstr = "ac97", .min_version = 2, .version = 2, .fields = ac97_v2,
};
