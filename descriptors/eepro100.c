/*
 * The eepro100 family: hw/eepro100.c nic_save, version 3, one section per
 * NIC under the NIC model's name: "i82551", "i82557b" or "i82559er" (the
 * models pci_nic_init knows on a PC; the VLAN client's model string is the
 * idstr).  The same save and load in 0.10.6 and 0.11.1: 4706 bytes.
 * nic_load takes versions up to 3: the PCI part from 3, rxcr from 2.
 *
 * The device's EEPROM saves its own section, "eeprom" (hw/eeprom93xx.c),
 * at version 20061112 (0.10.6) or 20061113 (0.11.1): above the tagged
 * version T, so no table can describe it (doc/FORMAT.md F-2).
 *
 * No loaded field indexes a host array here: this release saves no receive
 * or command FIFO positions, the MDI register number comes masked out of
 * mem[], and the unit pointers and offsets are guest addresses.
 *
 * Defaults: hw/eepro100.c:nic_reset (nic_selective_reset) clears the CSR
 * space but for the MDI control register and loads the default MDI
 * registers; everything else is left as it was: required.
 */
#include <config.h>

#include "devices.h"

/* eepro100_stats_t */
static const struct sv_desc_field eepro100_stats[] = {
    { .name = "tx_good_frames", .type = SV_U32, .required = 1 },
    { .name = "tx_max_collisions", .type = SV_U32, .required = 1 },
    { .name = "tx_late_collisions", .type = SV_U32, .required = 1 },
    { .name = "tx_underruns", .type = SV_U32, .required = 1 },
    { .name = "tx_lost_crs", .type = SV_U32, .required = 1 },
    { .name = "tx_deferred", .type = SV_U32, .required = 1 },
    { .name = "tx_single_collisions", .type = SV_U32, .required = 1 },
    { .name = "tx_multiple_collisions", .type = SV_U32, .required = 1 },
    { .name = "tx_total_collisions", .type = SV_U32, .required = 1 },
    { .name = "rx_good_frames", .type = SV_U32, .required = 1 },
    { .name = "rx_crc_errors", .type = SV_U32, .required = 1 },
    { .name = "rx_alignment_errors", .type = SV_U32, .required = 1 },
    { .name = "rx_resource_errors", .type = SV_U32, .required = 1 },
    { .name = "rx_overrun_errors", .type = SV_U32, .required = 1 },
    { .name = "rx_cdt_errors", .type = SV_U32, .required = 1 },
    { .name = "rx_short_frame_errors", .type = SV_U32, .required = 1 },
    { .name = "fc_xmt_pause", .type = SV_U32, .required = 1 },
    { .name = "fc_rcv_pause", .type = SV_U32, .required = 1 },
    { .name = "fc_rcv_unsupported", .type = SV_U32, .required = 1 },
    { .name = "xmt_tco_frames", .type = SV_U16, .required = 1 },
    { .name = "rcv_tco_frames", .type = SV_U16, .required = 1 },
    { .name = "complete", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

/* nic_selective_reset: mem zeroed, then BIT(21) stored host-order (x86:
 * little-endian) at SCBCtrlMDI (16) */
static const int64_t mem_reset[4096] = { [16 + 2] = 0x20 };

/* nic_selective_reset copies eepro100_mdi_default */
static const int64_t mdi_reset[32] = {
    0x3000, 0x780d, 0x02a8, 0x0154, 0x05e1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0x0003, 0, 0x0001,
};

static const struct sv_desc_field eepro100_v3[] = {
    { .name = "pci", .kind = SV_D_GROUP, .since = 3, .sub = sv_desc_pci_device },
    /* version 1: nic_load sets 0x0c instead.  This and the fields up to
     * mult are left by the reset */
    { .name = "rxcr", .type = SV_U8, .required = 1, .since = 2 },
    /* fields of the state the save function writes whatever they mean */
    { .name = "cmd", .type = SV_U8, .required = 1 },
    { .name = "start", .type = SV_U32, .required = 1 },
    { .name = "stop", .type = SV_U32, .required = 1 },
    { .name = "boundary", .type = SV_U8, .required = 1 },
    { .name = "tsr", .type = SV_U8, .required = 1 },
    { .name = "tpsr", .type = SV_U8, .required = 1 },
    { .name = "tcnt", .type = SV_U16, .required = 1 },
    { .name = "rcnt", .type = SV_U16, .required = 1 },
    { .name = "rsar", .type = SV_U32, .required = 1 },
    { .name = "rsr", .type = SV_U8, .required = 1 },
    { .name = "isr", .type = SV_U8, .required = 1 },
    { .name = "dcfg", .type = SV_U8, .required = 1 },
    { .name = "imr", .type = SV_U8, .required = 1 },
    { .name = "phys", .kind = SV_D_BYTES, .required = 1, .n = 6 },
    { .name = "curpag", .type = SV_U8, .required = 1 },
    { .name = "mult", .kind = SV_D_BYTES, .required = 1, .n = 8 },
    /* the CSR space, PCI_MEM_SIZE bytes */
    { .name = "mem", .kind = SV_D_BYTES, .n = 4096, .dflts = mem_reset },
    { .name = "scb_stat", .type = SV_U8, .required = 1 },
    { .name = "int_stat", .type = SV_U8, .required = 1 },
    { .name = "region", .type = SV_U32, .required = 1, .n = 3 },
    { .name = "macaddr", .kind = SV_D_BYTES, .required = 1, .n = 6 },
    { .name = "statcounter", .type = SV_U32, .required = 1, .n = 19 },
    { .name = "mdimem", .type = SV_U16, .n = 32, .dflts = mdi_reset },
    /* the model (0x82551, ...); only the set-up code switches on it */
    { .name = "device", .type = SV_U32, .required = 1 },
    { .name = "pointer", .type = SV_U32, .required = 1 },
    { .name = "cu_base", .type = SV_U32, .required = 1 },
    { .name = "cu_offset", .type = SV_U32, .required = 1 },
    { .name = "ru_base", .type = SV_U32, .required = 1 },
    { .name = "ru_offset", .type = SV_U32, .required = 1 },
    { .name = "statsaddr", .type = SV_U32, .required = 1 },
    { .name = "statistics", .kind = SV_D_GROUP, .sub = eepro100_stats },
    { .name = "configuration", .kind = SV_D_BYTES, .required = 1, .n = 22 },
    { .name = NULL },
};

const struct sv_desc sv_desc_i82551 = {
    .idstr = "i82551", .min_version = 1, .version = 3, .fields = eepro100_v3,
};

const struct sv_desc sv_desc_i82557b = {
    .idstr = "i82557b", .min_version = 1, .version = 3, .fields = eepro100_v3,
};

const struct sv_desc sv_desc_i82559er = {
    .idstr = "i82559er", .min_version = 1, .version = 3, .fields = eepro100_v3,
};
