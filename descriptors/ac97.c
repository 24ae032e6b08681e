/*
 * "ac97": hw/ac97.c ac97_save, version 2 (ac97_load takes only 2),
 * instance 0 (-soundhw ac97).  The same save and load in 0.10.6 and
 * 0.11.1: pci_device_save, the global registers, three bus-master
 * channels, the mixer and which voices run: 619 bytes.
 *
 * Defaults: hw/ac97.c:ac97_on_reset, reset_bm_regs on each channel and
 * mixer_reset.  The global registers and what reset_bm_regs leaves are
 * required.
 */
#include <config.h>

#include "devices.h"

/* AC97BusMasterRegs: PCM in, PCM out, mic in.  reset_bm_regs: bdbar,
 * civ, lvi, picb, piv, bd_valid 0, sr SR_DCH (through update_sr); cr keeps
 * its CR_DONT_CLEAR_MASK bits, and the current descriptor is left */
static const struct sv_desc_field ac97_bm[] = {
    { .name = "bdbar", .type = SV_U32 },
    /* buffer descriptor numbers, kept modulo 32; they only make guest
     * addresses (bdbar + civ * 8), so any byte loads safely */
    { .name = "civ", .type = SV_U8 },
    { .name = "lvi", .type = SV_U8 },
    { .name = "sr", .type = SV_U16, .dflt = 1 },
    { .name = "picb", .type = SV_U16 },
    { .name = "piv", .type = SV_U8 },
    { .name = "cr", .type = SV_U8, .required = 1 },
    { .name = "bd_valid", .type = SV_U32 },
    { .name = "bd_addr", .type = SV_U32, .required = 1 },
    { .name = "bd_ctl_len", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

/* mixer_reset: zeroed, then mixer_store of these registers (little-endian
 * pairs); USE_MIXER is not defined */
static const int64_t mixer_reset[256] = {
    [0x06] = 0x00, [0x07] = 0x80,               /* Master_Volume_Mono_Mute 0x8000 */
    [0x0c] = 0x08, [0x0d] = 0x80,               /* Phone_Volume_Mute 0x8008 */
    [0x0e] = 0x08, [0x0f] = 0x80,               /* Mic_Volume_Mute 0x8008 */
    [0x12] = 0x08, [0x13] = 0x88,               /* CD_Volume_Mute 0x8808 */
    [0x16] = 0x08, [0x17] = 0x88,               /* Aux_Volume_Mute 0x8808 */
    [0x1f] = 0x80,                              /* Record_Gain_Mic_Mute 0x8000 */
    [0x26] = 0x0f,                              /* Powerdown_Ctrl_Stat 0x000f */
    [0x28] = 0x09, [0x29] = 0x08,               /* Extended_Audio_ID 0x0809 */
    [0x2a] = 0x09,                              /* Extended_Audio_Ctrl_Stat 0x0009 */
    [0x2c] = 0x80, [0x2d] = 0xbb,               /* PCM_Front_DAC_Rate 0xbb80 */
    [0x2e] = 0x80, [0x2f] = 0xbb,               /* PCM_Surround_DAC_Rate */
    [0x30] = 0x80, [0x31] = 0xbb,               /* PCM_LFE_DAC_Rate */
    [0x32] = 0x80, [0x33] = 0xbb,               /* PCM_LR_ADC_Rate */
    [0x34] = 0x80, [0x35] = 0xbb,               /* MIC_ADC_Rate */
    [0x7c] = 0x84, [0x7d] = 0x83,               /* Vendor_ID1 0x8384 */
    [0x7e] = 0x00, [0x7f] = 0x76,               /* Vendor_ID2 0x7600 */
};

static const struct sv_desc_field ac97_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "glob_cnt", .type = SV_U32, .required = 1 },
    { .name = "glob_sta", .type = SV_U32, .required = 1 },
    { .name = "cas", .type = SV_U32, .required = 1 },
    { .name = "bm_regs", .kind = SV_D_GROUP, .n = 3, .sub = ac97_bm },
    /* the codec registers, 16-bit little-endian pairs, as bytes */
    { .name = "mixer_data", .kind = SV_D_BYTES, .n = 256, .dflts = mixer_reset },
    /* per voice (PI, PO, MC) whether it was running; reset_voices tests
     * each against 0.  reset_bm_regs: voice_set_active(.., 0) */
    { .name = "active", .type = SV_U8, .n = 3 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ac97 = {
    .idstr = "ac97", .min_version = 2, .version = 2, .fields = ac97_v2,
};
