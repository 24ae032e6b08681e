/*
 * "e1000": hw/e1000.c nic_save, version 2, instance 0, 1, ... (one per NIC).
 * The same save and load in 0.10.6 and 0.11.1: 67,608 bytes, nearly all of
 * it the transmit data buffer.  nic_load takes version 1 too, which has one
 * more s32 after the PCI part.
 *
 * No loaded field indexes a host array: the ring heads and tails (RDH,
 * TDH, ...) only make guest addresses, the EEPROM and PHY indexes are
 * masked where they are used (set_eecd, set_mdic, flash_eerd_read), and
 * tx.size, a u16, cannot pass the 0x10000 bytes of tx.data.
 */
#include "devices.h"

/* mac_regtosave[], in that order */
static const struct sv_desc_field e1000_mac[] = {
    { .name = "CTRL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "EECD", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "EERD", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "GPRC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "GPTC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "ICR", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "ICS", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "IMC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "IMS", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "LEDCTL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "MANC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "MDIC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "MPC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "PBA", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RCTL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RDBAH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RDBAL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RDH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RDLEN", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "RDT", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "STATUS", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "SWSM", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TCTL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TDBAH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TDBAL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TDH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TDLEN", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TDT", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TORH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TORL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TOTH", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TOTL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TPR", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TPT", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "TXDCTL", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "WUFC", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "VET", .kind = SV_D_INT, .type = SV_U32 },
    { .name = NULL },
};

static const struct sv_desc_field e1000_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* version 1: "once some unused instance id", read and dropped */
    { .name = "instance_id", .kind = SV_D_INT, .type = SV_S32, .until = 1 },
    /* written as 0 (once mmio_base), read and dropped */
    { .name = "mmio_base", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "rxbuf_size", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "rxbuf_min_shift", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "eecd_val_in", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "eecd_bitnum_in", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "eecd_bitnum_out", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "eecd_reading", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "eecd_old_eecd", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "tx_ipcss", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_ipcso", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_ipcse", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "tx_tucss", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_tucso", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_tucse", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "tx_paylen", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "tx_hdr_len", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_mss", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "tx_size", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "tx_tso_frames", .kind = SV_D_INT, .type = SV_U16 },
    { .name = "tx_sum_needed", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "tx_ip", .kind = SV_D_INT, .type = SV_S8 },
    { .name = "tx_tcp", .kind = SV_D_INT, .type = SV_S8 },
    { .name = "tx_header", .kind = SV_D_BYTES, .n = 256 },
    { .name = "tx_data", .kind = SV_D_BYTES, .n = 0x10000 },
    { .name = "eeprom_data", .kind = SV_D_INT, .type = SV_U16, .n = 64 },
    { .name = "phy_reg", .kind = SV_D_INT, .type = SV_U16, .n = 0x20 },
    { .name = "mac", .kind = SV_D_GROUP, .sub = e1000_mac },
    /* mac_regarraystosave[]: receive addresses, multicast and VLAN tables */
    { .name = "RA", .kind = SV_D_INT, .type = SV_U32, .n = 32 },
    { .name = "MTA", .kind = SV_D_INT, .type = SV_U32, .n = 128 },
    { .name = "VFTA", .kind = SV_D_INT, .type = SV_U32, .n = 128 },
    { .name = NULL },
};

const struct sv_desc sv_desc_e1000 = {
    .idstr = "e1000", .min_version = 1, .version = 2, .fields = e1000_v2,
};
