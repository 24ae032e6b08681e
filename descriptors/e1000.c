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
 *
 * Defaults: hw/e1000.c:e1000_reset (0.11.1 registers it; 0.10.6 does the
 * same at init and registers no reset): phy_reg from phy_reg_init,
 * mac_reg zeroed but for mac_reg_init, rxbuf_min_shift 1, tx zeroed.  The
 * EEPROM (it holds the MAC address), the receive buffer size and the
 * EEPROM access state are left: required.
 */
#include <config.h>

#include "devices.h"

/* mac_regtosave[], in that order; e1000_reset: mac_reg_init, else 0 */
static const struct sv_desc_field e1000_mac[] = {
    /* E1000_CTRL_SWDPIN2 | SWDPIN0 | SPD_1000 | SLU */
    { .name = "CTRL", .type = SV_U32, .dflt = 0x140240 },
    { .name = "EECD", .type = SV_U32 },
    { .name = "EERD", .type = SV_U32 },
    { .name = "GPRC", .type = SV_U32 },
    { .name = "GPTC", .type = SV_U32 },
    { .name = "ICR", .type = SV_U32 },
    { .name = "ICS", .type = SV_U32 },
    { .name = "IMC", .type = SV_U32 },
    { .name = "IMS", .type = SV_U32 },
    { .name = "LEDCTL", .type = SV_U32, .dflt = 0x602 },
    /* EN_MNG2HOST | RCV_TCO_EN | ARP_EN | 0298_EN | RMCP_EN */
    { .name = "MANC", .type = SV_U32, .dflt = 0x222300 },
    { .name = "MDIC", .type = SV_U32 },
    { .name = "MPC", .type = SV_U32 },
    { .name = "PBA", .type = SV_U32, .dflt = 0x00100030 },
    { .name = "RCTL", .type = SV_U32 },
    { .name = "RDBAH", .type = SV_U32 },
    { .name = "RDBAL", .type = SV_U32 },
    { .name = "RDH", .type = SV_U32 },
    { .name = "RDLEN", .type = SV_U32 },
    { .name = "RDT", .type = SV_U32 },
    /* 0x80000000 | GIO_MASTER_ENABLE | ASDV | MTXCKOK | SPEED_1000 | FD | LU */
    { .name = "STATUS", .type = SV_U32, .dflt = 0x80080783 },
    { .name = "SWSM", .type = SV_U32 },
    { .name = "TCTL", .type = SV_U32 },
    { .name = "TDBAH", .type = SV_U32 },
    { .name = "TDBAL", .type = SV_U32 },
    { .name = "TDH", .type = SV_U32 },
    { .name = "TDLEN", .type = SV_U32 },
    { .name = "TDT", .type = SV_U32 },
    { .name = "TORH", .type = SV_U32 },
    { .name = "TORL", .type = SV_U32 },
    { .name = "TOTH", .type = SV_U32 },
    { .name = "TOTL", .type = SV_U32 },
    { .name = "TPR", .type = SV_U32 },
    { .name = "TPT", .type = SV_U32 },
    { .name = "TXDCTL", .type = SV_U32 },
    { .name = "WUFC", .type = SV_U32 },
    { .name = "VET", .type = SV_U32 },
    { .name = NULL },
};

/* phy_reg_init: PHY_CTRL, PHY_STATUS ("link initially up"), PHY_ID1,
 * PHY_ID2 (PHY_ID2_INIT, 0xc20 for the 82540EM), PHY_AUTONEG_ADV,
 * PHY_LP_ABILITY, PHY_1000T_CTRL, PHY_1000T_STATUS and the M88E1000 ones */
static const int64_t phy_reset[0x20] = {
    [0x00] = 0x1140, [0x01] = 0x796d, [0x02] = 0x141, [0x03] = 0xc20,
    [0x04] = 0xde1, [0x05] = 0x1e0, [0x09] = 0x0e00, [0x0a] = 0x3c00,
    [0x10] = 0x360, [0x11] = 0xac00, [0x14] = 0x0d60,
};

static const struct sv_desc_field e1000_v2[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    /* version 1: "once some unused instance id", read and dropped */
    { .name = "instance_id", .type = SV_S32, .until = 1 },
    /* written as 0 (once mmio_base), read and dropped */
    { .name = "mmio_base", .type = SV_U32 },
    { .name = "rxbuf_size", .type = SV_U32, .required = 1 },
    /* e1000_reset: 1 */
    { .name = "rxbuf_min_shift", .type = SV_U32, .dflt = 1 },
    { .name = "eecd_val_in", .type = SV_U32, .required = 1 },
    { .name = "eecd_bitnum_in", .type = SV_U16, .required = 1 },
    { .name = "eecd_bitnum_out", .type = SV_U16, .required = 1 },
    { .name = "eecd_reading", .type = SV_U16, .required = 1 },
    { .name = "eecd_old_eecd", .type = SV_U32, .required = 1 },
    /* e1000_reset: memset of tx, 0 up to tx_data */
    { .name = "tx_ipcss", .type = SV_U8 },
    { .name = "tx_ipcso", .type = SV_U8 },
    { .name = "tx_ipcse", .type = SV_U16 },
    { .name = "tx_tucss", .type = SV_U8 },
    { .name = "tx_tucso", .type = SV_U8 },
    { .name = "tx_tucse", .type = SV_U16 },
    { .name = "tx_paylen", .type = SV_U32 },
    { .name = "tx_hdr_len", .type = SV_U8 },
    { .name = "tx_mss", .type = SV_U16 },
    { .name = "tx_size", .type = SV_U16 },
    { .name = "tx_tso_frames", .type = SV_U16 },
    { .name = "tx_sum_needed", .type = SV_U8 },
    { .name = "tx_ip", .type = SV_S8 },
    { .name = "tx_tcp", .type = SV_S8 },
    { .name = "tx_header", .kind = SV_D_BYTES, .n = 256 },
    { .name = "tx_data", .kind = SV_D_BYTES, .n = 0x10000 },
    { .name = "eeprom_data", .type = SV_U16, .n = 64, .required = 1 },
    { .name = "phy_reg", .type = SV_U16, .n = 0x20, .dflts = phy_reset },
    { .name = "mac", .kind = SV_D_GROUP, .sub = e1000_mac },
    /* mac_regarraystosave[]: receive addresses, multicast and VLAN tables */
    { .name = "RA", .type = SV_U32, .n = 32 },
    { .name = "MTA", .type = SV_U32, .n = 128 },
    { .name = "VFTA", .type = SV_U32, .n = 128 },
    { .name = NULL },
};

const struct sv_desc sv_desc_e1000 = {
    .idstr = "e1000", .min_version = 1, .version = 2, .fields = e1000_v2,
};
