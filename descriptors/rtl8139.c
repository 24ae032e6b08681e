/*
 * "rtl8139": hw/rtl8139.c rtl8139_save, version 4, instance 0, 1, ... (one
 * per NIC).  The same save and load in 0.10.6 and 0.11.1: 642 bytes.
 * rtl8139_load takes versions up to 4: the PCI part from 3, the timer and
 * tally counters from 2, cplus_enabled from 4.
 *
 * Defaults: hw/rtl8139.c:rtl8139_reset (the same in both releases; 0.11.1
 * registers it, 0.10.6 runs it at init and on the guest's reset command),
 * with the tally counters cleared.  The MAC address, the EEPROM (it holds
 * the MAC address) and the registers it leaves are required.
 */
#include <config.h>

#include "devices.h"

/* the 93C46 EEPROM (prom9346_*); rtl8139_reset writes the ids and the
 * MAC address into contents and leaves the rest */
static const struct sv_desc_field rtl8139_eeprom[] = {
    /* EEPROM_9346_SIZE 16-bit words */
    { .name = "contents", .type = SV_U16, .required = 1, .n = 64 },
    /* Chip9346_none..Chip9346_data_write_all, used in a switch */
    { .name = "mode", .type = SV_S32, .required = 1 },
    { .name = "tick", .type = SV_U32, .required = 1 },
    /* prom9346_shift_clock reads and writes contents[address]; it only
     * ever stores address & EEPROM_9346_ADDR_MASK */
    { .name = "address", .type = SV_U8, .required = 1, .index_of = "contents" },
    { .name = "input", .type = SV_U16, .required = 1 },
    { .name = "output", .type = SV_U16, .required = 1 },
    { .name = "eecs", .type = SV_U8, .required = 1 },
    { .name = "eesk", .type = SV_U8, .required = 1 },
    { .name = "eedi", .type = SV_U8, .required = 1 },
    { .name = "eedo", .type = SV_U8, .required = 1 },
    { .name = NULL },
};

/* RTL8139TallyCounters_save; RTL8139TallyCounters_clear: all 0 */
static const struct sv_desc_field rtl8139_tally[] = {
    { .name = "TxOk", .type = SV_U64 },
    { .name = "RxOk", .type = SV_U64 },
    { .name = "TxERR", .type = SV_U64 },
    { .name = "RxERR", .type = SV_U32 },
    { .name = "MissPkt", .type = SV_U16 },
    { .name = "FAE", .type = SV_U16 },
    { .name = "Tx1Col", .type = SV_U32 },
    { .name = "TxMCol", .type = SV_U32 },
    { .name = "RxOkPhy", .type = SV_U64 },
    { .name = "RxOkBrd", .type = SV_U64 },
    { .name = "RxOkMul", .type = SV_U32 },
    { .name = "TxAbt", .type = SV_U16 },
    { .name = "TxUndrn", .type = SV_U16 },
    { .name = NULL },
};

static const struct sv_desc_field rtl8139_v4[] = {
    { .name = "pci", .kind = SV_D_GROUP, .since = 3, .sub = sv_desc_pci_device },
    { .name = "phys", .kind = SV_D_BYTES, .required = 1, .n = 6 },
    { .name = "mult", .kind = SV_D_BYTES, .required = 1, .n = 8 },
    /* rtl8139_reset: TxHostOwns each */
    { .name = "TxStatus", .type = SV_U32, .n = 4, .dflt = 0x2000 },
    { .name = "TxAddr", .type = SV_U32, .required = 1, .n = 4 },
    { .name = "RxBuf", .type = SV_U32 },
    /* the ring size in guest memory; the ring offsets wrap with it.
     * rtl8139_reset_rxring(s, 8192) */
    { .name = "RxBufferSize", .type = SV_U32, .dflt = 8192 },
    { .name = "RxBufPtr", .type = SV_U32 },
    { .name = "RxBufAddr", .type = SV_U32 },
    { .name = "IntrStatus", .type = SV_U16 },
    { .name = "IntrMask", .type = SV_U16 },
    /* HW_REVID(1, 1, 1, 0, 1, 1, 0), the RTL-8139C+ */
    { .name = "TxConfig", .type = SV_U32, .dflt = 0x74800000 },
    { .name = "RxConfig", .type = SV_U32, .required = 1 },
    { .name = "RxMissed", .type = SV_U32, .required = 1 },
    /* CSCR_F_LINK_100 | CSCR_HEART_BIT | CSCR_LD */
    { .name = "CSCR", .type = SV_U16, .dflt = 0x340 },
    { .name = "Cfg9346", .type = SV_U8, .required = 1 },
    { .name = "Config0", .type = SV_U8 },
    { .name = "Config1", .type = SV_U8, .dflt = 0xc },
    { .name = "Config3", .type = SV_U8, .dflt = 1 },
    { .name = "Config4", .type = SV_U8, .required = 1 },
    { .name = "Config5", .type = SV_U8 },
    { .name = "clock_enabled", .type = SV_U8, .dflt = 1 },
    /* CmdReset ("ACK the reset") */
    { .name = "bChipCmdState", .type = SV_U8, .dflt = 0x10 },
    { .name = "MultiIntr", .type = SV_U16, .required = 1 },
    /* autonegotiation */
    { .name = "BasicModeCtrl", .type = SV_U16, .dflt = 0x1000 },
    /* 0x7809 | 0x0020 | 0x0004 */
    { .name = "BasicModeStatus", .type = SV_U16, .dflt = 0x782d },
    { .name = "NWayAdvert", .type = SV_U16, .dflt = 0x05e1 },
    { .name = "NWayLPAR", .type = SV_U16, .dflt = 0x05e1 },
    { .name = "NWayExpansion", .type = SV_U16, .dflt = 1 },
    { .name = "CpCmd", .type = SV_U16 },
    { .name = "TxThresh", .type = SV_U8, .required = 1 },
    /* written as 0, read and dropped */
    { .name = "unused", .type = SV_U32 },
    { .name = "macaddr", .kind = SV_D_BYTES, .required = 1, .n = 6 },
    /* the io-memory slot cpu_register_io_memory gave the MMIO BAR; the load
     * takes it as is and rtl8139_mmio_map maps the BAR with it.  A value
     * with page bits set would map the BAR as RAM at that offset past the
     * guest's memory: only the IO_MEM_NB_ENTRIES << IO_MEM_SHIFT slot
     * values (below one 4 KiB page) load safely */
    { .name = "mmio_io_addr", .type = SV_S32, .required = 1, .bounded = 1, .lo = 0, .hi = 4095 },
    /* rtl8139_transmit indexes TxStatus[] and TxAddr[] with it, and only
     * stores (currTxDesc + 1) % 4 */
    { .name = "currTxDesc", .type = SV_U32, .index_of = "TxStatus" },
    /* C+ descriptor numbers: guest addresses, not host indexes */
    { .name = "currCPlusRxDesc", .type = SV_U32 },
    { .name = "currCPlusTxDesc", .type = SV_U32 },
    { .name = "RxRingAddrLO", .type = SV_U32 },
    { .name = "RxRingAddrHI", .type = SV_U32 },
    { .name = "eeprom", .kind = SV_D_GROUP, .sub = rtl8139_eeprom },
    { .name = "TCTR", .type = SV_U32, .since = 2 },
    { .name = "TimerInt", .type = SV_U32, .since = 2 },
    { .name = "TCTR_base", .type = SV_S64, .since = 2 },
    { .name = "tally", .kind = SV_D_GROUP, .since = 2, .sub = rtl8139_tally },
    /* version 3 derives it from CpCmd */
    { .name = "cplus_enabled", .type = SV_U32, .since = 4 },
    { .name = NULL },
};

const struct sv_desc sv_desc_rtl8139 = {
    .idstr = "rtl8139", .min_version = 1, .version = 4, .fields = rtl8139_v4,
};
