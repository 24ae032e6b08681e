/*
 * "vmware_vga": hw/vmware_vga.c pci_vmsvga_save, version 0, instance 0
 * (-vga vmware).  The same save and load in 0.10.6 and 0.11.1:
 * pci_device_save, then vmsvga_save: 131,404 bytes, nearly all of it the
 * scratch registers.
 *
 * The card has no reset handler: the defaults are its init state, the
 * zeroed device pci_register_device allocates with what
 * hw/vmware_vga.c:vmsvga_reset (run once by vmsvga_init) sets.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field vmware_vga_v0[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* vmsvga_load refuses a depth other than its own while enabled.
     * vmsvga_reset: 24 in 0.10.6, the display's depth in 0.11.1 */
    { .name = "depth", .type = SV_S32, .required = 1 },
    /* vmsvga_reset: enable, config, cursor.on and index 0 */
    { .name = "enable", .type = SV_S32 },
    /* not 0: the FIFO sits at the end of the VGA RAM */
    { .name = "config", .type = SV_S32 },
    { .name = "cursor_id", .type = SV_S32 },
    { .name = "cursor_x", .type = SV_S32 },
    { .name = "cursor_y", .type = SV_S32 },
    { .name = "cursor_on", .type = SV_S32 },
    /* the register number; vmsvga_value_read/write check it against the
     * scratch range before they index scratch[] */
    { .name = "index", .type = SV_S32 },
    /* scratch_size (SVGA_SCRATCH_SIZE) host-order u32s; vmsvga_init
     * allocates them with qemu_malloc, uninitialised */
    { .name = "scratch", .type = SV_U32, .n = 0x8000, .le = 1, .required = 1 },
    { .name = "new_width", .type = SV_S32 },
    { .name = "new_height", .type = SV_S32 },
    { .name = "guest", .type = SV_U32 },
    /* vmsvga_reset: SVGA_ID (SVGA_ID_2, 0x90000002) */
    { .name = "svgaid", .type = SV_U32, .dflt = 0x90000002 },
    { .name = "syncing", .type = SV_S32 },
    /* only read back by the guest (SVGA_REG_FB_SIZE) without DIRECT_VRAM */
    { .name = "fb_size", .type = SV_S32 },
    { .name = NULL },
};

const struct sv_desc sv_desc_vmware_vga = {
    .idstr = "vmware_vga", .min_version = 0, .version = 0, .fields = vmware_vga_v0,
};
