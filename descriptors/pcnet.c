/*
 * "pcnet": hw/pcnet.c pcnet_save, version 2 (pcnet_load takes only 2),
 * instance 0, 1, ... (one per NIC).  The same in 0.10.6 and 0.11.1.  On a
 * PC the device is the PCI one (pci_pcnet_init), so pci_device_save comes
 * first: 4756 bytes.
 *
 * The card registers no reset handler: the defaults are its init state,
 * the zeroed device with what hw/pcnet.c:pcnet_h_reset (run by
 * pcnet_common_init, and pcnet_s_reset by the guest's software reset)
 * sets.  The PROM and the CSRs 12..14 hold the MAC address: required.
 */
#include <config.h>

#include "devices.h"

/* pcnet_h_reset: MSRDA, MSWRA, MC, LNKST, LED1..3, FDC, BSBC, EECAS, SWS,
 * PLAT; pcnet_s_reset then clears BSBC bit 7 (already clear) */
static const int64_t bcr_reset[32] = {
    [0] = 0x0005, [1] = 0x0005, [2] = 0x0002, [4] = 0x00c0, [5] = 0x0084,
    [6] = 0x0088, [7] = 0x0090, [18] = 0x9001, [19] = 0x0002, [20] = 0x0200,
    [22] = 0xff06,
};

static const struct sv_desc_field pcnet_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* pcnet_csr_writew stores csr[rap] for the registers it does not
     * handle itself; pcnet_ioport_writew only stores val & 0x7f */
    /* pcnet_s_reset: rap, rdra, tdra 0, lnkst 0x40 */
    { .name = "rap", .type = SV_S32, .index_of = "csr" },
    { .name = "isr", .type = SV_S32 },
    { .name = "lnkst", .type = SV_S32, .dflt = 0x40 },
    { .name = "rdra", .type = SV_U32 },
    { .name = "tdra", .type = SV_U32 },
    { .name = "prom", .kind = SV_D_BYTES, .n = 16, .required = 1 },
    { .name = "csr", .type = SV_U16, .n = 128, .required = 1 },
    { .name = "bcr", .type = SV_U16, .n = 32, .dflts = bcr_reset },
    /* the poll time stamp; 0 until the card is started */
    { .name = "timer", .type = SV_U64 },
    /* pcnet_transmit: -1 between frames, else where the next descriptor's
     * bytes go in buffer[4096]; a loaded value past the buffer makes the
     * next descriptor's DMA write past it.  0 at init, -1 from the first
     * transmit on */
    { .name = "xmit_pos", .type = SV_S32,
      .bounded = 1, .lo = -1, .hi = 4096 },
    /* only tested against 0 */
    { .name = "recv_pos", .type = SV_S32 },
    { .name = "buffer", .kind = SV_D_BYTES, .n = 4096 },
    { .name = "tx_busy", .type = SV_S32 },
    /* qemu_put_timer: the expiry time, -1 when not pending (pcnet_common_init
     * creates it unarmed) */
    { .name = "poll_timer", .type = SV_S64, .dflt = -1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_pcnet = {
    .idstr = "pcnet", .min_version = 2, .version = 2, .fields = pcnet_v2,
};
