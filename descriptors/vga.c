/*
 * "vga": hw/vga.c vga_save, version 2, instance 0.  The same save and load
 * in 0.10.6 and 0.11.1.  pci_device_save comes first only when the VGA is a
 * PCI device: -vga std on -M pc (pci_vga_init sets pci_dev), not -vga std on
 * -M isapc (isa_vga_init) and not the VGA that -vga vmware embeds
 * (vmsvga_init runs vga_common_init and vga_init on it, and registers this
 * section too): machine fact "vga_pci", which the section's length also
 * decides.  The VBE registers follow because hw/vga_int.h always defines
 * CONFIG_BOCHS_VBE: 1407 bytes with the PCI part, 1131 without.  vga_load
 * takes versions up to 2, the PCI part from 2.
 *
 * Defaults: hw/vga.c:vga_reset, the same in both releases: every index,
 * register, the DAC, the palette and the VBE registers 0, but
 * vbe_regs[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID0.  The latch is left as it
 * was; what the build or the VRAM size decides is required.
 */
#include <config.h>

#include "devices.h"

static const int64_t vbe_regs_reset[10] = { 0xb0c0 };

static const struct sv_desc_field vga_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .since = 2, .sub = sv_desc_pci_device,
      .cond = { .kind = SV_IF_MACHINE, .field = "vga_pci", .op = SV_OP_EQ, .value = 1 } },
    { .name = "latch", .type = SV_U32, .required = 1 },
    /* vga_ioport_read/write use sr[sr_index] and gr[gr_index] unchecked; the
     * guest can only store val & 7 and val & 0x0f */
    { .name = "sr_index", .type = SV_U8, .index_of = "sr" },
    { .name = "sr", .kind = SV_D_BYTES, .n = 8 },
    { .name = "gr_index", .type = SV_U8, .index_of = "gr" },
    { .name = "gr", .kind = SV_D_BYTES, .n = 16 },
    /* used as ar_index & 0x1f and checked or switched on: any u8 */
    { .name = "ar_index", .type = SV_U8 },
    { .name = "ar", .kind = SV_D_BYTES, .n = 21 },
    { .name = "ar_flip_flop", .type = SV_S32 },
    /* cr[256]: any u8 indexes it */
    { .name = "cr_index", .type = SV_U8 },
    { .name = "cr", .kind = SV_D_BYTES, .n = 256 },
    { .name = "msr", .type = SV_U8 },
    { .name = "fcr", .type = SV_U8 },
    { .name = "st00", .type = SV_U8 },
    { .name = "st01", .type = SV_U8 },
    { .name = "dac_state", .type = SV_U8 },
    /* the DAC writes dac_cache[dac_sub_index] and reads
     * palette[read_index * 3 + dac_sub_index]; it only counts 0..2 */
    { .name = "dac_sub_index", .type = SV_U8, .index_of = "dac_cache" },
    /* times 3 plus at most 2: inside the 768-byte palette */
    { .name = "dac_read_index", .type = SV_U8 },
    { .name = "dac_write_index", .type = SV_U8 },
    { .name = "dac_cache", .kind = SV_D_BYTES, .n = 3 },
    { .name = "palette", .kind = SV_D_BYTES, .n = 768 },
    /* vga_mem_readb/writeb add it to an offset below 64 KiB and index the
     * VGA RAM (VGA_RAM_SIZE, 8 MiB); VBE_DISPI_INDEX_BANK only stores
     * (val & vbe_bank_mask) << 16 */
    { .name = "bank_offset", .type = SV_S32, .bounded = 1, .lo = 0,
      .hi = 8 * 1024 * 1024 - 0x10000 },
    /* CONFIG_BOCHS_VBE: vga_load refuses 0.  A constant of the build and
     * the card, not reset state */
    { .name = "is_vbe", .type = SV_U8, .required = 1,
      .bounded = 1, .lo = 1, .hi = 1 },
    /* the guest stores any u16; vbe_ioport_read/write_data check it */
    { .name = "vbe_index", .type = SV_U16 },
    /* VBE_DISPI_INDEX_NB; vga_reset: VBE_DISPI_ID0 (0xb0c0) at
     * VBE_DISPI_INDEX_ID (0), the rest 0 */
    { .name = "vbe_regs", .type = SV_U16, .n = 10, .dflts = vbe_regs_reset },
    /* display offsets the guest sets through the VBE registers */
    { .name = "vbe_start_addr", .type = SV_U32 },
    { .name = "vbe_line_offset", .type = SV_U32 },
    /* vga_reset: (vram_size >> 16) - 1, never changed; it limits the bank */
    { .name = "vbe_bank_mask", .type = SV_U32, .required = 1,
      .bounded = 1, .lo = 0, .hi = 127 },
    { .name = NULL },
};

const struct sv_desc sv_desc_vga = {
    .idstr = "vga", .min_version = 1, .version = 2, .fields = vga_v2,
};
