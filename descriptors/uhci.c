/*
 * "uhci": hw/usb-uhci.c uhci_save, version 1, instance 0 (-usb: the PIIX3
 * USB function).  The same save and load in 0.10.6 and 0.11.1: 303 bytes.
 * uhci_load takes versions up to 1.  The USB devices behind it (usb-hid's
 * tablet, mouse and keyboard, ...) register no sections of their own.
 *
 * Defaults: hw/usb-uhci.c:uhci_reset (0.11.1 registers it; 0.10.6 runs it
 * at init and on the guest's HCRESET).  What it leaves is required.
 */
#include <config.h>

#include "devices.h"

/* uhci_reset: 0x0080, then uhci_attach adds the status of a device
 * plugged into the port: the configuration decides */
static const struct sv_desc_field uhci_port[] = {
    { .name = "ctrl", .type = SV_U16, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field uhci_v1[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* uhci_save writes NB_PORTS (2, the default); uhci_load refuses
     * another count */
    { .name = "num_ports", .type = SV_U8, .dflt = 2,
      .bounded = 1, .lo = 2, .hi = 2 },
    { .name = "port", .kind = SV_D_GROUP, .count = "num_ports", .max_count = 2, .sub = uhci_port },
    /* uhci_reset: cmd, status, intr, fl_base_addr, status2 0,
     * sof_timing 64 */
    { .name = "cmd", .type = SV_U16 },
    { .name = "status", .type = SV_U16 },
    { .name = "intr", .type = SV_U16 },
    /* masked (& 0x3ff) where it picks the frame list entry */
    { .name = "frnum", .type = SV_U16, .required = 1 },
    { .name = "fl_base_addr", .type = SV_U32 },
    { .name = "sof_timing", .type = SV_U8, .dflt = 64 },
    { .name = "status2", .type = SV_U8 },
    /* qemu_put_timer: the expiry time, -1 when not pending; uhci_reset
     * leaves it */
    { .name = "frame_timer", .type = SV_S64, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_uhci = {
    .idstr = "uhci", .min_version = 1, .version = 1, .fields = uhci_v1,
};
