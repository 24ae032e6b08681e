/*
 * "cirrus_vga": hw/cirrus_vga.c cirrus_vga_save, version 2 in 0.10.6 and
 * 0.11.1 (the load takes 1..2).  The PCI config space leads the section
 * only on a PCI card (-M pc: 1,870 bytes; -M isapc: 1,594): a machine
 * fact, "pci", that the section's length also decides.
 *
 * Defaults: hw/cirrus_vga.c:cirrus_reset, the same in both releases: it
 * runs hw/vga.c:vga_reset (indexes, registers, DAC and palette 0), then
 * writes model-dependent bytes into sr, gr and cr (required) and the
 * hidden DAC state.  The latch, the shadow registers and the cursor are
 * left as they were: required.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field cirrus_vga_v2[] = {
    /* cirrus_vga_load: pci_device_load when vga.pci_dev, from version 2 */
    { .name = "pci", .kind = SV_D_GROUP, .since = 2, .sub = sv_desc_pci_device,
      .cond = { .kind = SV_IF_MACHINE, .field = "pci", .op = SV_OP_EQ, .value = 1 } },
    { .name = "latch", .type = SV_U32, .required = 1 },
    /* the three index registers below pick from 256-byte arrays: any u8 */
    { .name = "sr_index", .type = SV_U8 },
    /* cirrus_reset: sr[0x0f], [0x15], [0x17], [0x1f] by model and bus */
    { .name = "sr", .kind = SV_D_BYTES, .n = 256, .required = 1 },
    { .name = "gr_index", .type = SV_U8 },
    /* gr[0] and gr[1] are rebuilt from these by the load */
    { .name = "cirrus_shadow_gr0", .type = SV_U8, .required = 1 },
    { .name = "cirrus_shadow_gr1", .type = SV_U8, .required = 1 },
    /* gr[2..255]; cirrus_reset: gr[0x18] 0x0f on the CLGD5446 only */
    { .name = "gr", .kind = SV_D_BYTES, .n = 254, .required = 1 },
    /* reads mask it with 0x1f and check it against 21: any u8 */
    { .name = "ar_index", .type = SV_U8 },
    { .name = "ar", .kind = SV_D_BYTES, .n = 21 },
    { .name = "ar_flip_flop", .type = SV_U32 },
    { .name = "cr_index", .type = SV_U8 },
    /* cirrus_reset: cr[0x27] = the device id */
    { .name = "cr", .kind = SV_D_BYTES, .n = 256, .required = 1 },
    { .name = "msr", .type = SV_U8 },
    { .name = "fcr", .type = SV_U8 },
    { .name = "st00", .type = SV_U8 },
    { .name = "st01", .type = SV_U8 },
    { .name = "dac_state", .type = SV_U8 },
    /* port 0x3c9 stores into dac_cache[dac_sub_index] and wraps it at 3;
     * the hidden DAC path indexes cirrus_hidden_palette[48] with it too */
    { .name = "dac_sub_index", .type = SV_U8, .index_of = "dac_cache" },
    /* palette[256 * 3] and cirrus_hidden_palette[(i & 15) * 3 + sub]: any u8 */
    { .name = "dac_read_index", .type = SV_U8 },
    { .name = "dac_write_index", .type = SV_U8 },
    { .name = "dac_cache", .kind = SV_D_BYTES, .n = 3 },
    { .name = "palette", .kind = SV_D_BYTES, .n = 768 },
    /* Only vga_reset stores it for this card (0; the VBE port that sets it
     * is the standard VGA's).  vga_mem_readb/writeb add it to an address
     * below 0x10000 and index the 8 MiB of vram with the sum, in planar
     * modes as 32-bit words: above 0x1f0000 that leaves vram. */
    { .name = "bank_offset", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 0x1f0000 },
    /* cirrus_reset: 5 and 0 */
    { .name = "cirrus_hidden_dac_lockindex", .type = SV_U8, .dflt = 5 },
    { .name = "cirrus_hidden_dac_data", .type = SV_U8 },
    /* cirrus_hook_write_sr stores (value << 3) | (index >> 5) of two bytes */
    { .name = "hw_cursor_x", .type = SV_U32, .required = 1, .bounded = 1, .lo = 0, .hi = 2047 },
    { .name = "hw_cursor_y", .type = SV_U32, .required = 1, .bounded = 1, .lo = 0, .hi = 2047 },
    { .name = NULL },
};

const struct sv_desc sv_desc_cirrus_vga = {
    .idstr = "cirrus_vga", .min_version = 1, .version = 2, .fields = cirrus_vga_v2,
};
