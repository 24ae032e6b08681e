/*
 * Golden vectors of the -vga and -soundhw devices, which svtool's stream
 * tests use too: the standard VGA in each of its layouts, vmware_vga, and
 * es1370 (written from the save functions, not from our tables).
 */
#ifndef SV_DESC_GOLDEN_CARDS_H
#define SV_DESC_GOLDEN_CARDS_H

#include "desc-check.h"
#include "desc-golden-pci.h"

/*
 * hw/vga.c vga_save (v0.11.1 line 2123; v0.10.6 2125): pci_device_save only
 * "if (s->pci_dev)" (2128 / 2130), and vga_load reads it only from version
 * 2 (2175 / 2177).  pci_vga_init sets pci_dev (2505 / 2525); isa_vga_init
 * does not, nor does hw/vmware_vga.c vmsvga_init, which runs
 * vga_common_init and vga_init (registering this section) on the VGA state
 * it embeds (1130-1131 / 1129-1131).  pci: the VGA is the PCI one.  The
 * VBE part follows with is_vbe 1 (vga.c 2155 / 2157) because
 * hw/vga_int.h:31 defines CONFIG_BOCHS_VBE whatever configure says.
 */
static inline void golden_vga(struct dc_vec *g, uint32_t version, int pci)
{
    if (version >= 2 && pci)
        golden_pci(g, "pci", 0x34);
    dc_put(g, "latch", 4, 0, 0x0f0f0f0f, 0);
    dc_put(g, "sr_index", 1, 0, 7, 0);
    dc_put(g, "sr", 0, 8, 0x03, 1);
    dc_put(g, "gr_index", 1, 0, 15, 0);
    dc_put(g, "gr", 0, 16, 0, 1);
    dc_put(g, "ar_index", 1, 0, 0x20, 0);
    dc_put(g, "ar", 0, 21, 0, 1);
    dc_put(g, "ar_flip_flop", 4, 0, 1, 0);
    dc_put(g, "cr_index", 1, 0, 0xff, 0);
    dc_put(g, "cr", 0, 256, 0x5f, 1);
    dc_put(g, "msr", 1, 0, 0x67, 0);
    dc_put(g, "fcr", 1, 0, 0, 0);
    dc_put(g, "st00", 1, 0, 0, 0);
    dc_put(g, "st01", 1, 0, 0x09, 0);
    dc_put(g, "dac_state", 1, 0, 0, 0);
    dc_put(g, "dac_sub_index", 1, 0, 2, 0);
    dc_put(g, "dac_read_index", 1, 0, 255, 0);
    dc_put(g, "dac_write_index", 1, 0, 16, 0);
    dc_put(g, "dac_cache", 0, 3, 0x3f, 0);
    dc_put(g, "palette", 0, 768, 0, 1);
    dc_put(g, "bank_offset", 4, 0, 0x7f0000, 0);       /* the last 64 KiB bank */
    dc_put(g, "is_vbe", 1, 0, 1, 0);
    dc_put(g, "vbe_index", 2, 0, 4, 0);
    dc_put(g, "vbe_regs", 2, 10, 0xb0c0, 1);           /* VBE_DISPI_INDEX_NB */
    dc_put(g, "vbe_start_addr", 4, 0, 0, 0);
    dc_put(g, "vbe_line_offset", 4, 0, 4096, 0);
    dc_put(g, "vbe_bank_mask", 4, 0, 127, 0);
}

/* hw/vmware_vga.c pci_vmsvga_save: 131,404 bytes */
static const struct dc_item golden_vmware_vga_v0[] = {
    { "pci.version", 4, 0, 2, 0 },
    { "pci.config", 0, 256, 0xad, 0x15 },
    { "pci.irq_state", 4, 4, 0, 0 },
    { "depth", 4, 0, 24, 0 },
    { "enable", 4, 0, 1, 0 },
    { "config", 4, 0, 1, 0 },
    { "cursor_id", 4, 0, 3, 0 },
    { "cursor_x", 4, 0, 512, 0 },
    { "cursor_y", 4, 0, 384, 0 },
    { "cursor_on", 4, 0, 1, 0 },
    { "index", 4, 0, 0x400 + 768 + 5, 0 },          /* a scratch register */
    { "scratch", -4, 0x8000, 0x01020304, 0x01010101 },  /* host order */
    { "new_width", 4, 0, 1024, 0 },
    { "new_height", 4, 0, 768, 0 },
    { "guest", 4, 0, 0x5010, 0 },
    { "svgaid", 4, 0, 0x90000002, 0 },
    { "syncing", 4, 0, 0, 0 },
    { "fb_size", 4, 0, 1024 * 768 * 3, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/es1370.c es1370_save: 356 bytes */
static inline void golden_es1370(struct dc_vec *g)
{
    golden_pci(g, "pci", 0x74);
    for (int i = 0; i < 3; i++) {
        dc_putf(g, 4, 0, i == 2 ? 0 : 2, 0, "chan[%d].shift", i);
        dc_putf(g, 4, 0, i, 0, "chan[%d].leftover", i);
        dc_putf(g, 4, 0, 0x00ff00ff, 0, "chan[%d].scount", i);
        dc_putf(g, 4, 0, 0x1f000000 + 0x1000 * i, 0, "chan[%d].frame_addr", i);
        dc_putf(g, 4, 0, 0x0003000f, 0, "chan[%d].frame_cnt", i);
    }
    dc_put(g, "ctl", 4, 0, 0x20, 0);
    dc_put(g, "status", 4, 0, 0x60, 0);
    dc_put(g, "mempage", 4, 0, 0xc, 0);
    dc_put(g, "codec", 4, 0, 0x0018, 0);
    dc_put(g, "sctl", 4, 0, 0x0208, 0);
}

#endif
