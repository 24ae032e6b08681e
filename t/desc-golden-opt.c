/*
 * Golden vectors for the devices the command line adds (-net nic, virtio,
 * ...): per device and version, decode by name, width and offset; exact
 * round trips (legacy -> values -> legacy, legacy -> tagged -> legacy);
 * canonical tagged bodies; every bound refused just outside it, in all
 * three directions, naming field and offset; every truncated prefix
 * failing cleanly.  The vectors are written from the QEMU 0.10.6 / 0.11.1
 * save functions, field by field, not from our tables.
 */
#include <config.h>

#include "desc.h"
#include "desc-check.h"
#include "desc-golden.h"
#include "desc-golden-pci.h"
#include "desc-golden-cards.h"
#include "tap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct golden;
typedef void build_fn(struct dc_vec *g, const struct golden *gd);

struct golden {
    const char *what, *release, *target, *idstr;
    uint32_t version;
    long long instance;
    size_t size;                        /* computed from the save function */
    const struct dc_item *items;           /* or: */
    build_fn *build;
    int a, b;                           /* the builder's parameters */
};

static void build(const struct golden *gd, struct dc_vec *g)
{
    memset(g, 0, sizeof *g);
    if (gd->items)
        dc_put_items(g, gd->items, gd->version);
    else
        gd->build(g, gd);
}

/* the standard VGA's machine fact (descriptors/vga.c): gd->a */
static const struct sv_desc_fact vga_pci[2] = { { "vga_pci", 0 }, { "vga_pci", 1 } };

static struct sv_desc_ctx ctx_of(const struct golden *gd)
{
    struct sv_desc_ctx c = { .target = gd->target, .instance = gd->instance };

    if (strcmp(gd->idstr, "vga") == 0) {
        c.facts = &vga_pci[gd->a];
        c.nfacts = 1;
    }
    return c;
}

/* Vectors above 16 KiB are cut at a sample of prefixes: see desc-check.c. */
static void check_one(const struct golden *gd)
{
    static struct dc_vec g;
    struct dc_check_case cc = {
        .what = gd->what, .release = gd->release, .version = gd->version, .ctx = ctx_of(gd),
        .idstr = gd->idstr, .size = gd->size, .size_from = "the save function writes",
        .sample_truncation = 1,
    };

    build(gd, &g);
    dc_check_golden(&cc, &g);
}

/* hw/rtl8139.c rtl8139_save; older versions as rtl8139_load reads them */
static void rtl8139_vector(struct dc_vec *g, const struct golden *gd)
{
    static const char *const tally[] = {
        "TxOk", "RxOk", "TxERR", "RxERR", "MissPkt", "FAE", "Tx1Col", "TxMCol",
        "RxOkPhy", "RxOkBrd", "RxOkMul", "TxAbt", "TxUndrn",
    };
    static const int tally_w[] = { 8, 8, 8, 4, 2, 2, 4, 4, 8, 8, 4, 2, 2 };
    uint32_t v = gd->version;

    if (v >= 3)
        golden_pci(g, "pci", 0xec);
    dc_put(g, "phys", 0, 6, 0x52, 1);
    dc_put(g, "mult", 0, 8, 0xff, 0);
    dc_put(g, "TxStatus", 4, 4, 0x2000, 0x100);
    dc_put(g, "TxAddr", 4, 4, 0x1f000, 0x800);
    dc_put(g, "RxBuf", 4, 0, 0x1e000, 0);
    dc_put(g, "RxBufferSize", 4, 0, 8192, 0);
    dc_put(g, "RxBufPtr", 4, 0, 0xfff0, 0);
    dc_put(g, "RxBufAddr", 4, 0, 0x60, 0);
    dc_put(g, "IntrStatus", 2, 0, 1, 0);
    dc_put(g, "IntrMask", 2, 0, 0xe07f, 0);
    dc_put(g, "TxConfig", 4, 0, 0x74000600, 0);
    dc_put(g, "RxConfig", 4, 0, 0xf70e, 0);
    dc_put(g, "RxMissed", 4, 0, 0, 0);
    dc_put(g, "CSCR", 2, 0, 0x0100, 0);
    dc_put(g, "Cfg9346", 1, 0, 0, 0);
    dc_put(g, "Config0", 1, 0, 0, 0);
    dc_put(g, "Config1", 1, 0, 0, 0);
    dc_put(g, "Config3", 1, 0, 0x40, 0);
    dc_put(g, "Config4", 1, 0, 0, 0);
    dc_put(g, "Config5", 1, 0, 0, 0);
    dc_put(g, "clock_enabled", 1, 0, 0, 0);
    dc_put(g, "bChipCmdState", 1, 0, 0x0c, 0);
    dc_put(g, "MultiIntr", 2, 0, 0, 0);
    dc_put(g, "BasicModeCtrl", 2, 0, 0x1000, 0);
    dc_put(g, "BasicModeStatus", 2, 0, 0x782d, 0);
    dc_put(g, "NWayAdvert", 2, 0, 0x05e1, 0);
    dc_put(g, "NWayLPAR", 2, 0, 0x05e1, 0);
    dc_put(g, "NWayExpansion", 2, 0, 1, 0);
    dc_put(g, "CpCmd", 2, 0, 0, 0);
    dc_put(g, "TxThresh", 1, 0, 0, 0);
    dc_put(g, "unused", 4, 0, 0, 0);
    dc_put(g, "macaddr", 0, 6, 0x52, 1);
    dc_put(g, "mmio_io_addr", 4, 0, 248 << 3, 0);     /* an io-memory slot */
    dc_put(g, "currTxDesc", 4, 0, 3, 0);
    dc_put(g, "currCPlusRxDesc", 4, 0, 17, 0);
    dc_put(g, "currCPlusTxDesc", 4, 0, 63, 0);
    dc_put(g, "RxRingAddrLO", 4, 0, 0x1d000, 0);
    dc_put(g, "RxRingAddrHI", 4, 0, 0, 0);
    dc_put(g, "eeprom.contents", 2, 64, 0x8129, 1);   /* EEPROM_9346_SIZE */
    dc_put(g, "eeprom.mode", 4, 0, 2, 0);
    dc_put(g, "eeprom.tick", 4, 0, 9, 0);
    dc_put(g, "eeprom.address", 1, 0, 63, 0);
    dc_put(g, "eeprom.input", 2, 0, 0x1bf, 0);
    dc_put(g, "eeprom.output", 2, 0, 0xffff, 0);
    dc_put(g, "eeprom.eecs", 1, 0, 1, 0);
    dc_put(g, "eeprom.eesk", 1, 0, 0, 0);
    dc_put(g, "eeprom.eedi", 1, 0, 1, 0);
    dc_put(g, "eeprom.eedo", 1, 0, 0, 0);
    if (v >= 2) {
        dc_put(g, "TCTR", 4, 0, 0x1234, 0);
        dc_put(g, "TimerInt", 4, 0, 0, 0);
        dc_put(g, "TCTR_base", 8, 0, 0x1d1a94a2000, 0);
        for (int i = 0; i < 13; i++)
            dc_putf(g, tally_w[i], 0, 100 + i, 0, "tally.%s", tally[i]);
    }
    if (v >= 4)
        dc_put(g, "cplus_enabled", 4, 0, 1, 0);
}

/* hw/pcnet.c pcnet_save, the PCI device: 4756 bytes */
static const struct dc_item pcnet_v2[] = {
    { "pci.version", 4, 0, 2, 0 },
    { "pci.config", 0, 256, 0x22, 0x10 },
    { "pci.irq_state", 4, 4, 0, 0 },
    { "rap", 4, 0, 88, 0 },
    { "isr", 4, 0, 0, 0 },
    { "lnkst", 4, 0, 0x40, 0 },
    { "rdra", 4, 0, 0x3f000, 0 },
    { "tdra", 4, 0, 0x3e000, 0 },
    { "prom", 0, 16, 0x52, 1 },
    { "csr", 2, 128, 0x0100, 3 },
    { "bcr", 2, 32, 0x0005, 1 },
    { "timer", 8, 0, 0x2540be400, 0 },
    { "xmit_pos", 4, 0, -1, 0 },                   /* between frames */
    { "recv_pos", 4, 0, 0, 0 },
    { "buffer", 0, 4096, 0, 7 },
    { "tx_busy", 4, 0, 0, 0 },
    { "poll_timer", 8, 0, 0x2540c8000, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/e1000.c nic_save: 67,609 bytes; version 1 adds an s32 */
static void e1000_vector(struct dc_vec *g, const struct golden *gd)
{
    static const char *const mac[] = {
        "CTRL", "EECD", "EERD", "GPRC", "GPTC", "ICR", "ICS", "IMC", "IMS", "LEDCTL", "MANC",
        "MDIC", "MPC", "PBA", "RCTL", "RDBAH", "RDBAL", "RDH", "RDLEN", "RDT", "STATUS",
        "SWSM", "TCTL", "TDBAH", "TDBAL", "TDH", "TDLEN", "TDT", "TORH", "TORL", "TOTH",
        "TOTL", "TPR", "TPT", "TXDCTL", "WUFC", "VET",
    };

    golden_pci(g, "pci", 0x86);
    if (gd->version == 1)
        dc_put(g, "instance_id", 4, 0, -1, 0);
    dc_put(g, "mmio_base", 4, 0, 0, 0);
    dc_put(g, "rxbuf_size", 4, 0, 2048, 0);
    dc_put(g, "rxbuf_min_shift", 4, 0, 1, 0);
    dc_put(g, "eecd_val_in", 4, 0, 0x186, 0);
    dc_put(g, "eecd_bitnum_in", 2, 0, 9, 0);
    dc_put(g, "eecd_bitnum_out", 2, 0, 0x60f, 0);
    dc_put(g, "eecd_reading", 2, 0, 1, 0);
    dc_put(g, "eecd_old_eecd", 4, 0, 0x108, 0);
    dc_put(g, "tx_ipcss", 1, 0, 14, 0);
    dc_put(g, "tx_ipcso", 1, 0, 24, 0);
    dc_put(g, "tx_ipcse", 2, 0, 33, 0);
    dc_put(g, "tx_tucss", 1, 0, 34, 0);
    dc_put(g, "tx_tucso", 1, 0, 50, 0);
    dc_put(g, "tx_tucse", 2, 0, 0, 0);
    dc_put(g, "tx_paylen", 4, 0, 1448, 0);
    dc_put(g, "tx_hdr_len", 1, 0, 54, 0);
    dc_put(g, "tx_mss", 2, 0, 1448, 0);
    dc_put(g, "tx_size", 2, 0, 60, 0);
    dc_put(g, "tx_tso_frames", 2, 0, 0, 0);
    dc_put(g, "tx_sum_needed", 1, 0, 3, 0);
    dc_put(g, "tx_ip", 1, 0, 1, 0);
    dc_put(g, "tx_tcp", 1, 0, -1, 0);
    dc_put(g, "tx_header", 0, 256, 0x45, 1);
    dc_put(g, "tx_data", 0, 0x10000, 0, 0x3b);
    dc_put(g, "eeprom_data", 2, 64, 0x5452, 0x11);
    dc_put(g, "phy_reg", 2, 0x20, 0x1140, 1);
    for (int i = 0; i < 37; i++)
        dc_putf(g, 4, 0, 0x100 * i + 1, 0, "mac.%s", mac[i]);
    dc_put(g, "RA", 4, 32, 0x12005452, 1);
    dc_put(g, "MTA", 4, 128, 0, 0);
    dc_put(g, "VFTA", 4, 128, 0, 0x10);
}

/* The virtio transport of this file's cases: ctrl_q the third queue's size */
static void virtio_part(struct dc_vec *g, const struct golden *gd, uint32_t cfg, int nq, uint32_t ctrl_q)
{
    struct golden_virtio v = {
        .release = gd->release, .config_len = cfg, .nq = nq, .qnum = { 256, 256, ctrl_q },
        .features = strcmp(gd->release, "0.10") == 0 ? 0x20 : 0x10000020,
        .qaddr = 0x3f00000, .qstride = 0x1000, .avail_step = 40, .io_base = 0xc000, .nvec = gd->b,
    };

    golden_virtio(g, &v);
}

/* hw/virtio-net.c virtio_net_save, 0.10.6; gd->a MAC filter entries */
static void virtio_net_010_vector(struct dc_vec *g, const struct golden *gd)
{
    uint32_t v = gd->version;

    virtio_part(g, gd, 8, 3, 16);
    dc_put(g, "mac", 0, 6, 0x52, 1);
    dc_put(g, "tx_timer_active", 4, 0, 1, 0);
    dc_put(g, "mergeable_rx_bufs", 4, 0, 1, 0);
    if (v >= 3)
        dc_put(g, "status", 2, 0, 1, 0);
    if (v >= 4) {
        dc_put(g, "promisc", 4, 0, 0, 0);
        dc_put(g, "allmulti", 4, 0, 1, 0);
    }
    if (v >= 5) {
        dc_put(g, "mac_table_in_use", 4, 0, gd->a, 0);
        for (int i = 0; i < gd->a; i++)
            dc_putf(g, 0, 6, 0x01 + i, 0x11, "mac_table[%d].mac", i);
    }
    if (v >= 6)
        dc_put(g, "vlans", 0, 512, 0, 0);
}

/* 0.11.1; gd->a MAC filter entries, gd->b MSI-X vectors */
static void virtio_net_011_vector(struct dc_vec *g, const struct golden *gd)
{
    uint32_t v = gd->version;

    virtio_part(g, gd, 8, 3, 64);
    dc_put(g, "mac", 0, 6, 0x52, 1);
    dc_put(g, "tx_timer_active", 4, 0, 0, 0);
    dc_put(g, "mergeable_rx_bufs", 4, 0, 1, 0);
    if (v >= 3)
        dc_put(g, "status", 2, 0, 1, 0);
    if (v >= 4) {
        dc_put(g, "promisc", v >= 8 ? 1 : 4, 0, 1, 0);
        dc_put(g, "allmulti", v >= 8 ? 1 : 4, 0, 0, 0);
    }
    if (v >= 5) {
        dc_put(g, "mac_table_in_use", 4, 0, gd->a, 0);
        for (int i = 0; i < gd->a; i++)
            dc_putf(g, 0, 6, 0x01 + i, 0x11, "mac_table[%d].mac", i);
    }
    if (v >= 6)
        dc_put(g, "vlans", 0, 512, 0x01, 0);
    if (v >= 7)
        dc_put(g, "vnet_hdr", 4, 0, 0, 0);
    if (v >= 9) {
        dc_put(g, "multi_overflow", 1, 0, 0, 0);
        dc_put(g, "uni_overflow", 1, 0, 1, 0);
    }
    if (v >= 10) {
        dc_put(g, "alluni", 1, 0, 0, 0);
        dc_put(g, "nomulti", 1, 0, 0, 0);
        dc_put(g, "nouni", 1, 0, 1, 0);
        dc_put(g, "nobcast", 1, 0, 0, 0);
    }
}

/* hw/virtio-console.c virtio_console_save: virtio_save, two queues */
static void virtio_console_vector(struct dc_vec *g, const struct golden *gd)
{
    virtio_part(g, gd, 0, 2, 0);
}

/* hw/eepro100.c nic_save: 4706 bytes; older versions as nic_load reads them */
static void eepro100_vector(struct dc_vec *g, const struct golden *gd)
{
    static const char *const stats[] = {
        "tx_good_frames", "tx_max_collisions", "tx_late_collisions", "tx_underruns",
        "tx_lost_crs", "tx_deferred", "tx_single_collisions", "tx_multiple_collisions",
        "tx_total_collisions", "rx_good_frames", "rx_crc_errors", "rx_alignment_errors",
        "rx_resource_errors", "rx_overrun_errors", "rx_cdt_errors", "rx_short_frame_errors",
        "fc_xmt_pause", "fc_rcv_pause", "fc_rcv_unsupported",
    };
    static const char *const units[] = {
        "device", "pointer", "cu_base", "cu_offset", "ru_base", "ru_offset", "statsaddr",
    };
    uint32_t v = gd->version;

    if (v >= 3)
        golden_pci(g, "pci", 0x86);
    if (v >= 2)
        dc_put(g, "rxcr", 1, 0, 0x0c, 0);
    dc_put(g, "cmd", 1, 0, 0, 0);
    dc_put(g, "start", 4, 0, 0, 0);
    dc_put(g, "stop", 4, 0, 0, 0);
    dc_put(g, "boundary", 1, 0, 0, 0);
    dc_put(g, "tsr", 1, 0, 0, 0);
    dc_put(g, "tpsr", 1, 0, 0, 0);
    dc_put(g, "tcnt", 2, 0, 0, 0);
    dc_put(g, "rcnt", 2, 0, 0, 0);
    dc_put(g, "rsar", 4, 0, 0, 0);
    dc_put(g, "rsr", 1, 0, 0, 0);
    dc_put(g, "isr", 1, 0, 0, 0);
    dc_put(g, "dcfg", 1, 0, 0, 0);
    dc_put(g, "imr", 1, 0, 0, 0);
    dc_put(g, "phys", 0, 6, 0, 0);
    dc_put(g, "curpag", 1, 0, 0, 0);
    dc_put(g, "mult", 0, 8, 0, 0);
    dc_put(g, "mem", 0, 4096, 0x50, 0x01);
    dc_put(g, "scb_stat", 1, 0, 0x50, 0);
    dc_put(g, "int_stat", 1, 0, 0, 0);
    dc_put(g, "region", 4, 3, 0xf2000000, 0x40);
    dc_put(g, "macaddr", 0, 6, 0x52, 1);
    dc_put(g, "statcounter", 4, 19, 0, 1);
    dc_put(g, "mdimem", 2, 32, 0x3000, 1);
    for (int i = 0; i < 7; i++)
        dc_putf(g, 4, 0, i ? 0x1e000 + 0x100 * i : 0x82559, 0, "%s", units[i]);
    for (int i = 0; i < 19; i++)
        dc_putf(g, 4, 0, 7 * i, 0, "statistics.%s", stats[i]);
    dc_put(g, "statistics.xmt_tco_frames", 2, 0, 0, 0);
    dc_put(g, "statistics.rcv_tco_frames", 2, 0, 0, 0);
    dc_put(g, "statistics.complete", 4, 0, 0xa005, 0);
    dc_put(g, "configuration", 0, 22, 0x16, 1);
}

/* hw/vga.c vga_save: 1407 bytes; version 1 has no PCI part */
static void vga_vector(struct dc_vec *g, const struct golden *gd)
{
    golden_vga(g, gd->version, gd->a);
}

static void es1370_vector(struct dc_vec *g, const struct golden *gd)
{
    (void)gd;
    golden_es1370(g);
}

static const struct dc_item audio_v1[] = {
    { NULL, 0, 0, 0, 0 },
};


/* hw/sb16.c SB_save: 707 bytes */
static const struct dc_item sb16_v1[] = {
    { "irq", 4, 0, 5, 0 },
    { "dma", 4, 0, 1, 0 },
    { "hdma", 4, 0, 5, 0 },
    { "port", 4, 0, 0x220, 0 },
    { "ver", 4, 0, 0x0405, 0 },
    { "in_index", 4, 0, 10, 0 },
    { "out_data_len", 4, 0, 50, 0 },
    { "fmt_stereo", 4, 0, 1, 0 },
    { "fmt_signed", 4, 0, 1, 0 },
    { "fmt_bits", 4, 0, 16, 0 },
    { "fmt", 4, 0, 3, 0 },
    { "dma_auto", 4, 0, 1, 0 },
    { "block_size", 4, 0, 2048, 0 },
    { "fifo", 4, 0, 1, 0 },
    { "freq", 4, 0, 44100, 0 },
    { "time_const", 4, 0, -1, 0 },
    { "speaker", 4, 0, 1, 0 },
    { "needed_bytes", 4, 0, 2, 0 },
    { "cmd", 4, 0, -1, 0 },
    { "use_hdma", 4, 0, 1, 0 },
    { "highspeed", 4, 0, 0, 0 },
    { "can_write", 4, 0, 1, 0 },
    { "v2x6", 4, 0, 0, 0 },
    { "csp_param", 1, 0, 0, 0 },
    { "csp_value", 1, 0, 0, 0 },
    { "csp_mode", 1, 0, 0, 0 },
    { "csp_param_again", 1, 0, 0, 0 },             /* csp_param a second time */
    { "csp_regs", 0, 256, 0, 1 },
    { "csp_index", 1, 0, 0xff, 0 },
    { "csp_reg83", 0, 4, 0, 0 },
    { "csp_reg83r", 4, 0, 3, 0 },
    { "csp_reg83w", 4, 0, 7, 0 },
    { "in2_data", 0, 10, 0x10, 1 },
    { "out_data", 0, 50, 0xaa, 0 },
    { "test_reg", 1, 0, 0, 0 },
    { "last_read_byte", 1, 0, 0xaa, 0 },
    { "nzero", 4, 0, 0, 0 },
    { "left_till_irq", 4, 0, 1024, 0 },
    { "dma_running", 4, 0, 0, 0 },
    { "bytes_per_second", 4, 0, 176400, 0 },
    { "align", 4, 0, 3, 0 },
    { "mixer_nreg", 4, 0, 0x82, 0 },
    { "mixer_regs", 0, 256, 0x04, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/ac97.c ac97_save: 619 bytes */
static void ac97_vector(struct dc_vec *g, const struct golden *gd)
{
    (void)gd;
    golden_pci(g, "pci", 0x86);
    dc_put(g, "glob_cnt", 4, 0, 2, 0);
    dc_put(g, "glob_sta", 4, 0, 0x300100, 0);
    dc_put(g, "cas", 4, 0, 0, 0);
    for (int i = 0; i < 3; i++) {
        dc_putf(g, 4, 0, 0x3a000 + 0x100 * i, 0, "bm_regs[%d].bdbar", i);
        dc_putf(g, 1, 0, 31, 0, "bm_regs[%d].civ", i);
        dc_putf(g, 1, 0, 30, 0, "bm_regs[%d].lvi", i);
        dc_putf(g, 2, 0, 1, 0, "bm_regs[%d].sr", i);
        dc_putf(g, 2, 0, 0, 0, "bm_regs[%d].picb", i);
        dc_putf(g, 1, 0, 0, 0, "bm_regs[%d].piv", i);
        dc_putf(g, 1, 0, 0, 0, "bm_regs[%d].cr", i);
        dc_putf(g, 4, 0, 1, 0, "bm_regs[%d].bd_valid", i);
        dc_putf(g, 4, 0, 0x3b000, 0, "bm_regs[%d].bd_addr", i);
        dc_putf(g, 4, 0, (int64_t)0x80001000, 0, "bm_regs[%d].bd_ctl_len", i);
    }
    dc_put(g, "mixer_data", 0, 256, 0, 3);
    dc_put(g, "active", 1, 3, 0, 1);
}

/* hw/usb-uhci.c uhci_save: 303 bytes */
static const struct dc_item uhci_v1[] = {
    { "pci.version", 4, 0, 2, 0 },
    { "pci.config", 0, 256, 0x86, 0x12 },
    { "pci.irq_state", 4, 4, 0, 0 },
    { "num_ports", 1, 0, 2, 0 },                    /* NB_PORTS */
    { "port[0].ctrl", 2, 0, 0x0085, 0 },
    { "port[1].ctrl", 2, 0, 0x0080, 0 },
    { "cmd", 2, 0, 0x00c1, 0 },
    { "status", 2, 0, 0, 0 },
    { "intr", 2, 0, 0x000f, 0 },
    { "frnum", 2, 0, 0x07ff, 0 },
    { "fl_base_addr", 4, 0, 0x37a4f000, 0 },
    { "sof_timing", 1, 0, 64, 0 },
    { "status2", 1, 0, 0, 0 },
    { "frame_timer", 8, 0, 0x2540be400, 0 },
    { NULL, 0, 0, 0, 0 },
};

/* hw/lsi53c895a.c lsi_scsi_save (0.11.1): 8690 bytes */
static void lsiscsi_vector(struct dc_vec *g, const struct golden *gd)
{
    static const char *const u8a[] = {
        "istat0", "istat1", "dcmd", "dstat", "dien", "sist0", "sist1", "sien0", "sien1",
        "mbox0", "mbox1", "dfifo", "ctest2", "ctest3", "ctest4", "ctest5", "ccntl0", "ccntl1",
    };
    static const char *const u8b[] = {
        "dmode", "dcntl", "scntl0", "scntl1", "scntl2", "scntl3", "sstat0", "sstat1", "scid",
        "sxfer", "socl", "sdid", "ssid", "sfbr", "stest1", "stest2", "stest3", "sidl", "stime0",
        "respid0", "respid1",
    };
    static const char *const u32b[] = {
        "mmrs", "mmws", "sfs", "drs", "sbms", "dbms", "dnad64", "pmjad1", "pmjad2", "rbc", "ua",
        "ia", "sbc", "csbc",
    };

    (void)gd;
    golden_pci(g, "pci", 0x00);
    dc_put(g, "carry", 4, 0, 1, 0);
    dc_put(g, "sense", 4, 0, 0, 0);
    dc_put(g, "msg_action", 4, 0, 2, 0);
    dc_put(g, "msg_len", 4, 0, 8, 0);                  /* LSI_MAX_MSGIN_LEN */
    dc_put(g, "msg", 0, 8, 0x80, 1);
    dc_put(g, "waiting", 4, 0, 0, 0);
    dc_put(g, "dsa", 4, 0, 0x1f000, 0);
    dc_put(g, "temp", 4, 0, 0, 0);
    dc_put(g, "dnad", 4, 0, 0x1f100, 0);
    dc_put(g, "dbc", 4, 0, 0x24, 0);
    for (int i = 0; i < 18; i++)
        dc_putf(g, 1, 0, i, 0, "%s", u8a[i]);
    dc_put(g, "dsp", 4, 0, 0xfebf0000, 0);
    dc_put(g, "dsps", 4, 0, 0x401, 0);
    for (int i = 0; i < 21; i++)
        dc_putf(g, 1, 0, 0x40 + i, 0, "%s", u8b[i]);
    for (int i = 0; i < 14; i++)
        dc_putf(g, 4, 0, 0x1000 * i, 0, "%s", u32b[i]);
    dc_put(g, "scratch", -4, 18, 0x100, 0x100);        /* host order */
    dc_put(g, "sbr", 1, 0, 0, 0);
    dc_put(g, "script_ram", -4, 2048, 0x78020000, 3);
}

/* hw/virtio-blk.c virtio_blk_save: gd->a failed requests, each 1 byte and
 * an x86_64 host's VirtQueueElement (40,976 bytes); gd->b MSI-X vectors */
static void virtio_blk_vector(struct dc_vec *g, const struct golden *gd)
{
    virtio_part(g, gd, strcmp(gd->release, "0.10") == 0 ? 20 : 536, 1, 0);
    for (int i = 0; i < gd->a; i++) {
        dc_putf(g, 1, 0, 1, 0, "req[%d].more", i);
        dc_putf(g, -4, 0, 17 + i, 0, "req[%d].index", i);
        dc_putf(g, -4, 0, 2, 0, "req[%d].out_num", i);
        dc_putf(g, -4, 0, 1024, 0, "req[%d].in_num", i);
        dc_putf(g, -4, 0, 0, 0, "req[%d].pad", i);
        dc_putf(g, -8, 1024, 0x3f000000, 0x200, "req[%d].in_addr", i);
        dc_putf(g, -8, 2048, (int64_t)0x7f0012340000, 0x100, "req[%d].in_sg", i);
        dc_putf(g, -8, 2048, 0, 0, "req[%d].out_sg", i);
    }
    dc_put(g, "req", 1, 0, 0, 0);                      /* the end: not a value */
    g->ne--;
}

/* hw/wdt_ib700.c ib700_save: 8 bytes */
static const struct dc_item ib700_wdt_v0[] = {
    { "timer", 8, 0, 0x4a817c800, 0 },
    { NULL, 0, 0, 0, 0 },
};

static const struct golden goldens[] = {
    { "rtl8139 v4", "0.11", NULL, "rtl8139", 4, 0, 642, NULL, rtl8139_vector, 0, 0 },
    { "0.10 rtl8139 v4", "0.10", NULL, "rtl8139", 4, 0, 642, NULL, rtl8139_vector, 0, 0 },
    { "rtl8139 v3", "0.11", NULL, "rtl8139", 3, 0, 638, NULL, rtl8139_vector, 0, 0 },
    { "rtl8139 v2 (no PCI part)", "0.10", NULL, "rtl8139", 2, 0, 362, NULL, rtl8139_vector, 0, 0 },
    { "rtl8139 v1", "0.11", NULL, "rtl8139", 1, 0, 282, NULL, rtl8139_vector, 0, 0 },
    { "pcnet v2", "0.11", NULL, "pcnet", 2, 0, 4756, pcnet_v2, NULL, 0, 0 },
    { "0.10 pcnet v2", "0.10", NULL, "pcnet", 2, 1, 4756, pcnet_v2, NULL, 0, 0 },
    { "e1000 v2", "0.11", NULL, "e1000", 2, 0, 67608, NULL, e1000_vector, 0, 0 },
    { "0.10 e1000 v2", "0.10", NULL, "e1000", 2, 0, 67608, NULL, e1000_vector, 0, 0 },
    { "e1000 v1", "0.11", NULL, "e1000", 1, 0, 67612, NULL, e1000_vector, 0, 0 },
    { "0.10 virtio-net v6, 2 MAC filters", "0.10", NULL, "virtio-net", 6, 0, 886, NULL,
      virtio_net_010_vector, 2, 0 },
    { "0.10 virtio-net v5", "0.10", NULL, "virtio-net", 5, 0, 362, NULL, virtio_net_010_vector, 0, 0 },
    { "0.10 virtio-net v2", "0.10", NULL, "virtio-net", 2, 0, 348, NULL, virtio_net_010_vector, 0, 0 },
    { "virtio-net v10, MSI-X 3 vectors, 2 MAC filters", "0.11", NULL, "virtio-net", 10, 0, 955, NULL,
      virtio_net_011_vector, 2, 3 },
    { "virtio-net v10, no MSI-X", "0.11", NULL, "virtio-net", 10, 1, 886, NULL,
      virtio_net_011_vector, 0, 0 },
    { "virtio-net v10, MSI-X 10 vectors, 64 MAC filters", "0.11", NULL, "virtio-net", 10, 0, 1440, NULL,
      virtio_net_011_vector, 64, 10 },
    { "virtio-net v10, MSI-X 32 vectors", "0.11", NULL, "virtio-net", 10, 0, 1410, NULL,
      virtio_net_011_vector, 0, 32 },
    { "virtio-net v7 as 0.11 loads it", "0.11", NULL, "virtio-net", 7, 0, 949, NULL,
      virtio_net_011_vector, 1, 3 },
    { "0.10 virtio-console v1", "0.10", NULL, "virtio-console", 1, 0, 316, NULL,
      virtio_console_vector, 0, 0 },
    { "virtio-console v1", "0.11", NULL, "virtio-console", 1, 0, 320, NULL, virtio_console_vector, 0, 0 },
    { "virtio-console v1, MSI-X 2 vectors", "0.11", NULL, "virtio-console", 1, 0, 359, NULL,
      virtio_console_vector, 0, 2 },
    { "i82559er v3", "0.11", NULL, "i82559er", 3, 0, 4706, NULL, eepro100_vector, 0, 0 },
    { "0.10 i82551 v3", "0.10", NULL, "i82551", 3, 0, 4706, NULL, eepro100_vector, 0, 0 },
    { "i82557b v3", "0.11", NULL, "i82557b", 3, 1, 4706, NULL, eepro100_vector, 0, 0 },
    { "i82559er v2 (no PCI part)", "0.11", NULL, "i82559er", 2, 0, 4706 - 276, NULL,
      eepro100_vector, 0, 0 },
    { "i82559er v1", "0.10", NULL, "i82559er", 1, 0, 4706 - 277, NULL, eepro100_vector, 0, 0 },
    { "vga v2, -vga std -M pc", "0.11", NULL, "vga", 2, 0, 1407, NULL, vga_vector, 1, 0 },
    { "0.10 vga v2, -vga std -M pc", "0.10", NULL, "vga", 2, 0, 1407, NULL, vga_vector, 1, 0 },
    { "vga v2, -vga std -M isapc", "0.11", NULL, "vga", 2, 0, 1407 - 276, NULL, vga_vector, 0, 0 },
    { "0.10 vga v2, -vga std -M isapc", "0.10", NULL, "vga", 2, 0, 1407 - 276, NULL, vga_vector, 0, 0 },
    { "vga v2 inside -vga vmware", "0.11", NULL, "vga", 2, 0, 1407 - 276, NULL, vga_vector, 0, 0 },
    { "vga v1", "0.11", NULL, "vga", 1, 0, 1407 - 276, NULL, vga_vector, 1, 0 },
    /* audio/audio.c audio_save writes nothing (v0.11.1 1675-1679, v0.10.6 1674-1678) */
    { "audio v1", "0.11", NULL, "audio", 1, 0, 0, audio_v1, NULL, 0, 0 },
    { "0.10 audio v1", "0.10", NULL, "audio", 1, 0, 0, audio_v1, NULL, 0, 0 },
    { "vmware_vga v0", "0.11", NULL, "vmware_vga", 0, 0, 131404, golden_vmware_vga_v0, NULL, 0, 0 },
    { "0.10 vmware_vga v0", "0.10", NULL, "vmware_vga", 0, 0, 131404, golden_vmware_vga_v0, NULL, 0, 0 },
    { "sb16 v1", "0.11", NULL, "sb16", 1, 0, 707, sb16_v1, NULL, 0, 0 },
    { "0.10 sb16 v1", "0.10", NULL, "sb16", 1, 0, 707, sb16_v1, NULL, 0, 0 },
    { "es1370 v2", "0.11", NULL, "es1370", 2, 0, 356, NULL, es1370_vector, 0, 0 },
    { "0.10 es1370 v2", "0.10", NULL, "es1370", 2, 0, 356, NULL, es1370_vector, 0, 0 },
    { "ac97 v2", "0.11", NULL, "ac97", 2, 0, 619, NULL, ac97_vector, 0, 0 },
    { "0.10 ac97 v2", "0.10", NULL, "ac97", 2, 0, 619, NULL, ac97_vector, 0, 0 },
    { "uhci v1", "0.11", NULL, "uhci", 1, 0, 303, uhci_v1, NULL, 0, 0 },
    { "0.10 uhci v1", "0.10", NULL, "uhci", 1, 0, 303, uhci_v1, NULL, 0, 0 },
    { "lsiscsi v0", "0.11", NULL, "lsiscsi", 0, 0, 8688, NULL, lsiscsi_vector, 0, 0 },
    { "0.10 virtio-blk v2", "0.10", NULL, "virtio-blk", 2, 0, 327, NULL, virtio_blk_vector, 0, 0 },
    { "0.10 virtio-blk v2, a failed request", "0.10", NULL, "virtio-blk", 2, 0, 327 + 40977, NULL,
      virtio_blk_vector, 1, 0 },
    { "virtio-blk v2", "0.11", NULL, "virtio-blk", 2, 0, 843, NULL, virtio_blk_vector, 0, 0 },
    { "virtio-blk v2, MSI-X 2 vectors, two failed requests", "0.11", NULL, "virtio-blk", 2, 0,
      843 + 35 + 2 + 2 * 40977, NULL, virtio_blk_vector, 2, 2 },
    { "ib700_wdt v0", "0.11", NULL, "ib700_wdt", 0, 0, 8, ib700_wdt_v0, NULL, 0, 0 },
};

/* Decode a vector after patching `width` bytes big-endian at `at`. */
static int decode_patched(const struct golden *gd, size_t at, unsigned width, uint64_t x, int le,
                          struct sv_error *err)
{
    const struct sv_desc *d = sv_desc_find(gd->release, gd->target, gd->idstr, gd->version);
    struct sv_desc_ctx c = ctx_of(gd);
    static struct dc_vec g;
    struct sv_values v;
    uint64_t used;
    int r;

    build(gd, &g);
    for (unsigned i = 0; i < width; i++)
        g.b[at + (le ? i : width - 1 - i)] = (uint8_t)(x >> (8 * i));
    r = dc_decode(d, &c, gd->version, g.b, g.len, &v, err, &used);
    sv_values_free(&v);
    return r;
}

static size_t offset_of(const struct golden *gd, const char *name)
{
    static struct dc_vec g;

    build(gd, &g);
    for (size_t i = 0; i < g.ne; i++)
        if (strcmp(g.e[i].name, name) == 0)
            return g.e[i].at;
    return (size_t)-1;
}

/* Hostile counts the plain bounds do not show: capacities of counted parts. */
static void test_hostile(void)
{
    const struct golden *net = &goldens[13];    /* v10, MSI-X 3 vectors */
    struct sv_error err;
    size_t at;

    at = offset_of(net, "virtio.pci_msix_flags");
    ok(decode_patched(net, at, 2, 0x8000 | 32, 1, &err) < 0 && err.code == SV_E_RANGE &&
       strcmp(err.field, "virtio.pci_msix_flags") == 0 && err.has_offset && err.offset == at,
       "virtio: an MSI-X table of 33 vectors is refused at the flags word (%s)", dc_errtext(&err));
    at = offset_of(net, "virtio.num_queues");
    ok(decode_patched(net, at, 4, 17, 0, &err) < 0 && err.code == SV_E_RANGE &&
       strcmp(err.field, "virtio.num_queues") == 0 && err.offset == at,
       "virtio: 17 queues are refused (CVE-2013-4151)");
    at = offset_of(net, "virtio.config_len");
    ok(decode_patched(net, at, 4, 0x1000, 0, &err) < 0 && err.code == SV_E_RANGE &&
       strcmp(err.field, "virtio.config_len") == 0 && err.offset == at,
       "virtio: a config longer than the device's is refused (CVE-2014-0182)");
    at = offset_of(net, "mac_table_in_use");
    ok(decode_patched(net, at, 4, 65, 0, &err) < 0 && err.code == SV_E_RANGE &&
       strcmp(err.field, "mac_table_in_use") == 0, "virtio-net: 65 MAC filter entries are refused");
    at = offset_of(&goldens[0], "currTxDesc");
    ok(decode_patched(&goldens[0], at, 4, 4, 0, &err) < 0 && err.code == SV_E_RANGE &&
       strcmp(err.field, "currTxDesc") == 0 && err.offset == at,
       "rtl8139: currTxDesc 4 is refused: %s", dc_errtext(&err));
}

/* Each release finds its own table; versions outside the loader's are refused. */
static void test_registry(void)
{
    ok(sv_desc_find("0.10", NULL, "virtio-net", 7) == NULL, "0.10 has no virtio-net v7");
    ok(sv_desc_find("0.11", NULL, "virtio-net", 10) != NULL, "0.11 has virtio-net v10");
    ok(sv_desc_find("0.11", NULL, "virtio-net", 1) == NULL, "virtio_net_load refuses v1");
    ok(sv_desc_find("0.11", NULL, "pcnet", 1) == NULL, "pcnet_load takes only v2");
    ok(sv_desc_find("0.10", NULL, "lsiscsi", 0) == NULL, "0.10 saves no lsiscsi section");
    ok(sv_desc_find("0.11", NULL, "lsiscsi", 0) != NULL, "0.11 has lsiscsi v0");
    ok(sv_desc_find("0.10", NULL, "ib700_wdt", 0) == NULL, "0.10 has no watchdog");
    ok(sv_desc_find("0.11", NULL, "eeprom", 20061113) != NULL,
       "eeprom's date version 20061113 has a table (T is above it)");
    ok(sv_desc_find("emu", NULL, "e1000", 2) == sv_desc_find("0.11", NULL, "e1000", 2),
       "emu borrows the 0.11 tables");
}

int main(void)
{
    tap_init();
    plan_lazy();
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
        check_one(&goldens[i]);
    test_hostile();
    test_registry();
    return 0;
}
