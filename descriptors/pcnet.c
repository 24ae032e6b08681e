/*
 * "pcnet": hw/pcnet.c pcnet_save, version 2 (pcnet_load takes only 2),
 * instance 0, 1, ... (one per NIC).  The same in 0.10.6 and 0.11.1.  On a
 * PC the device is the PCI one (pci_pcnet_init), so pci_device_save comes
 * first: 4756 bytes.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field pcnet_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* pcnet_csr_writew stores csr[rap] for the registers it does not
     * handle itself; pcnet_ioport_writew only stores val & 0x7f */
    { .name = "rap", .type = SV_S32, .index_of = "csr" },
    { .name = "isr", .type = SV_S32 },
    { .name = "lnkst", .type = SV_S32 },
    { .name = "rdra", .type = SV_U32 },
    { .name = "tdra", .type = SV_U32 },
    { .name = "prom", .kind = SV_D_BYTES, .n = 16 },
    { .name = "csr", .type = SV_U16, .n = 128 },
    { .name = "bcr", .type = SV_U16, .n = 32 },
    { .name = "timer", .type = SV_U64 },
    /* pcnet_transmit: -1 between frames, else where the next descriptor's
     * bytes go in buffer[4096]; a loaded value past the buffer makes the
     * next descriptor's DMA write past it */
    { .name = "xmit_pos", .type = SV_S32, .dflt = -1,
      .bounded = 1, .lo = -1, .hi = 4096 },
    /* only tested against 0 */
    { .name = "recv_pos", .type = SV_S32 },
    { .name = "buffer", .kind = SV_D_BYTES, .n = 4096 },
    { .name = "tx_busy", .type = SV_S32 },
    /* qemu_put_timer: the expiry time, -1 when not pending */
    { .name = "poll_timer", .type = SV_S64, .dflt = -1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_pcnet = {
    .idstr = "pcnet", .min_version = 2, .version = 2, .fields = pcnet_v2,
};
