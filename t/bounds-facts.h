/*
 * Every bound of every release's descriptor tables as the legacy source
 * states it, with the file and line (QEMU v0.10.6 / v0.11.1, v0.12.3 and
 * qemu-kvm-0.12.1.2 for the tables 0.12 adds; the emulator's emu/ for
 * release "emu").  Tables derived from 0.12 binaries are not here: their
 * bounds are the binary's own (t/vms.c checks them against the sources).  Written from the sources, not from the tables:
 * t/bounds-facts.c holds the tables to it.
 *
 * field: the table's name for it, "[]" standing for any element.
 * kind:  F_RANGE   lo..hi, as the load checks or the device can store
 *        F_INDEX   an index below hi, the array's length
 *        F_CAP     at most hi elements (a count's or a list's capacity)
 *        F_ATMOST  at most the value of field ref
 *        F_ATLEAST at least the value of field ref
 */
#ifndef SV_BOUNDS_FACTS_H
#define SV_BOUNDS_FACTS_H

#include <stddef.h>
#include <stdint.h>

enum fact_kind { F_RANGE, F_INDEX, F_CAP, F_ATMOST, F_ATLEAST };

struct fact {
    const char *release, *idstr, *field;
    enum fact_kind kind;
    int64_t lo, hi;
    const char *ref;
    const char *src;
};

#define RANGE(rel, id, f, l, h, src) { rel, id, f, F_RANGE, l, h, NULL, src }
#define INDEX(rel, id, f, n, src) { rel, id, f, F_INDEX, 0, n, NULL, src }
#define CAP(rel, id, f, n, src) { rel, id, f, F_CAP, 0, n, NULL, src }
#define ATMOST(rel, id, f, r, src) { rel, id, f, F_ATMOST, 0, 0, r, src }
#define ATLEAST(rel, id, f, r, src) { rel, id, f, F_ATLEAST, 0, 0, r, src }
/* the same fact in both releases, each with its own line */
#define PCI_VERSION(rel, id, f) RANGE(rel, id, f, 0, 2, "hw/pci.c:169,182")
#define RANGE2(id, f, l, h, s10, s11) RANGE("0.10", id, f, l, h, s10), RANGE("0.11", id, f, l, h, s11)
#define INDEX2(id, f, n, s10, s11) INDEX("0.10", id, f, n, s10), INDEX("0.11", id, f, n, s11)
#define CAP2(id, f, n, s10, s11) CAP("0.10", id, f, n, s10), CAP("0.11", id, f, n, s11)
#define ATMOST2(id, f, r, s10, s11) ATMOST("0.10", id, f, r, s10), ATMOST("0.11", id, f, r, s11)
#define ATLEAST2(id, f, r, s10, s11) ATLEAST("0.10", id, f, r, s10), ATLEAST("0.11", id, f, r, s11)

/* hw/pci.c pci_device_save writes version 2; pci_device_load refuses more */
#define PCI_VERSION2(id, f) RANGE2(id, f, 0, 2, "hw/pci.c:128,140", "hw/pci.c:169,182")

/*
 * hw/virtio.c virtio_save/virtio_load, shared by the virtio devices:
 * queue_sel below VIRTIO_PCI_QUEUE_MAX (the only value the port stores),
 * the config no longer than the device's own (cfg), the queues the device
 * adds (nq, with their virtio_add_queue lines), each ring at most
 * VIRTQUEUE_MAX_SIZE and at least 1 (virtqueue_get_head takes the index
 * modulo num).  0.11.1 moves the PCI part to hw/virtio-pci.c and adds MSI-X.
 */
#define VIRTIO_010(id, cfg, cfgsrc, nq, nqsrc)                                                  \
    RANGE("0.10", id, "virtio.pci.version", 0, 2, "hw/pci.c:128,140"),                       \
    RANGE("0.10", id, "virtio.queue_sel", 0, 15, "hw/virtio.c:113,540-541"),                 \
    RANGE("0.10", id, "virtio.config_len", 0, cfg, cfgsrc),                                  \
    CAP("0.10", id, "virtio.config", cfg ? cfg : 1, cfgsrc " (0 bytes: capacity 1, unused)"), \
    RANGE("0.10", id, "virtio.num_queues", 0, nq, nqsrc),                                    \
    CAP("0.10", id, "virtio.queue", 16, "hw/virtio.c:113 VIRTIO_PCI_QUEUE_MAX"),             \
    RANGE("0.10", id, "virtio.queue[].num", 1, 1024, "hw/virtio.h:61, hw/virtio.c:725")
#define VIRTIO_011(id, cfg, cfgsrc, nq, nqsrc)                                                  \
    RANGE("0.11", id, "virtio.pci_version", 0, 2, "hw/pci.c:169,182"),                       \
    CAP("0.11", id, "virtio.msix.table", 31, "hw/msix.c:50,234 MSIX_MAX_ENTRIES (entry 0 apart)"), \
    RANGE("0.11", id, "virtio.queue_sel", 0, 15, "hw/virtio.c:75, hw/virtio-pci.c:191-192"), \
    RANGE("0.11", id, "virtio.config_len", 0, cfg, cfgsrc),                                  \
    CAP("0.11", id, "virtio.config", cfg ? cfg : 1, cfgsrc " (0 bytes: capacity 1, unused)"), \
    RANGE("0.11", id, "virtio.num_queues", 0, nq, nqsrc),                                    \
    CAP("0.11", id, "virtio.queue", 16, "hw/virtio.c:75 VIRTIO_PCI_QUEUE_MAX"),              \
    RANGE("0.11", id, "virtio.queue[].num", 1, 1024, "hw/virtio.h:65, hw/virtio.c:585")

/*
 * The same for 0.12 (v0.12.3) and qemu-kvm-0.12 (qemu-kvm-0.12.1.2), whose
 * hw/virtio.c, hw/virtio-pci.c and hw/virtio.h lines agree; the PCI
 * config's version is vmstate_pci_device's VMSTATE_INT32_LE (at most the
 * version 2 it saves), MSIX_MAX_ENTRIES is in hw/msix.c.
 */
#define VIRTIO_012(rel, id, cfg, cfgsrc, nq, nqsrc, pcisrc, msixsrc)                            \
    RANGE(rel, id, "virtio.pci_version", 0, 2, pcisrc),                                       \
    CAP(rel, id, "virtio.msix.table", 31, msixsrc " MSIX_MAX_ENTRIES (entry 0 apart)"),       \
    RANGE(rel, id, "virtio.queue_sel", 0, 15, "hw/virtio.c:78, hw/virtio-pci.c:196-197"),    \
    RANGE(rel, id, "virtio.config_len", 0, cfg, cfgsrc),                                      \
    CAP(rel, id, "virtio.config", cfg ? cfg : 1, cfgsrc " (0 bytes: capacity 1, unused)"),    \
    RANGE(rel, id, "virtio.num_queues", 0, nq, nqsrc),                                        \
    CAP(rel, id, "virtio.queue", 16, "hw/virtio.c:78 VIRTIO_PCI_QUEUE_MAX"),                  \
    RANGE(rel, id, "virtio.queue[].num", 1, 1024, "hw/virtio.h:72, hw/virtio.c:588")

/* slirp/slirp.c slirp_sbuf_save/load; sbreserve in tcp_mss rounds TCP_RCVSPACE and
 * TCP_SNDSPACE (8192) up to a multiple of the MSS, at least 32: at most 9555 */
#define SLIRP_SBUF(rel, which, s_mss, s_load)                                                   \
    RANGE(rel, "slirp", "socket[]." which ".datalen", 0, 9555, s_mss),                        \
    ATLEAST(rel, "slirp", "socket[]." which ".datalen", "cc", s_load " (sb_cc of sb_datalen)"), \
    RANGE(rel, "slirp", "socket[]." which ".wptr", 0, 9555, s_mss),                           \
    ATMOST(rel, "slirp", "socket[]." which ".wptr", "datalen", s_load " (sb_data + off)"),   \
    RANGE(rel, "slirp", "socket[]." which ".rptr", 0, 9555, s_mss),                           \
    ATMOST(rel, "slirp", "socket[]." which ".rptr", "datalen", s_load " (sb_data + off)"),   \
    CAP(rel, "slirp", "socket[]." which ".data", 9555, s_mss)
#define SLIRP(rel, s_mss, s_load, s_list, s_nstates, s_maxrxt)                                  \
    CAP(rel, "slirp", "socket", 1024, s_list),                                               \
    SLIRP_SBUF(rel, "so_rcv", s_mss, s_load), SLIRP_SBUF(rel, "so_snd", s_mss, s_load),      \
    RANGE(rel, "slirp", "socket[].tcp.t_state", 0, 10, s_nstates),                          \
    RANGE(rel, "slirp", "socket[].tcp.t_rxtshift", 0, 12, s_maxrxt)

static const struct fact facts[] = {
    /* vl.c init_timers: ticks_per_sec = QEMU_TIMER_BASE, never changed */
    RANGE2("timer", "ticks_per_sec", 1000000000, 1000000000, "vl.c:1235", "vl.c:1043"),
    /* target-i386/machine.c cpu_load: fpregs_format 0 or 1, else -EINVAL */
    RANGE2("cpu", "fpregs_format", 0, 1, "target-i386/machine.c:202,235", "target-i386/machine.c:230,263"),
    /* 0.11.1 cpu_save: -1 or i * 64 + bit of interrupt_bitmap[4]; cpu_load indexes it */
    RANGE("0.11", "cpu", "pending_irq", -1, 255, "target-i386/machine.c:150-154,357-358"),
    /* cpu_load fills (mcg_cap & 0xff) banks; mce_init allocates MCE_BANKS_DEF */
    CAP("0.11", "cpu", "mce_banks", 10, "target-i386/cpu.h:256, target-i386/helper.c:1558-1561"),
    /* hw/i8254.c pit_load_count: 0 becomes 0x10000 */
    RANGE2("i8254", "channel[].count", 1, 0x10000, "hw/i8254.c:229-232", "hw/i8254.c:229-232"),
    /* hw/mc146818rtc.c cmos_data[128]; cmos_ioport_write stores data & 0x7f */
    INDEX2("mc146818rtc", "cmos_index", 128, "hw/mc146818rtc.c:60,150", "hw/mc146818rtc.c:66,204"),
    /* hw/ps2.c PS2_QUEUE_SIZE: ps2_queue stops at it, data[rptr] / data[wptr] */
    RANGE2("ps2kbd", "queue.count", 0, 256, "hw/ps2.c:73,128", "hw/ps2.c:73,128"),
    INDEX2("ps2kbd", "queue.rptr", 256, "hw/ps2.c:73,172", "hw/ps2.c:73,172"),
    INDEX2("ps2kbd", "queue.wptr", 256, "hw/ps2.c:73,130", "hw/ps2.c:73,130"),
    RANGE2("ps2mouse", "queue.count", 0, 256, "hw/ps2.c:73,128", "hw/ps2.c:73,128"),
    INDEX2("ps2mouse", "queue.rptr", 256, "hw/ps2.c:73,172", "hw/ps2.c:73,172"),
    INDEX2("ps2mouse", "queue.wptr", 256, "hw/ps2.c:73,130", "hw/ps2.c:73,130"),
    /* hw/dma.c DMA_init: dma_init2 with dshift 0 and 1 */
    RANGE2("dma", "dshift", 0, 1, "hw/dma.c:564-566", "hw/dma.c:562-564"),
    /* hw/fdc.h MAX_FD 2; fdc_load refuses n > MAX_FD */
    RANGE2("fdc", "num_drives", 0, 2, "hw/fdc.h:2, hw/fdc.c:709", "hw/fdc.h:2, hw/fdc.c:715"),
    CAP2("fdc", "drive", 2, "hw/fdc.h:2, hw/fdc.c:709", "hw/fdc.h:2, hw/fdc.c:715"),
    /* hw/ide.c pci_ide_load: bm->ide_if = &d->ide_if[ifidx] of ide_if[4];
     * WIN_SETMULT stores at most MAX_MULT_SECTORS */
    PCI_VERSION2("ide", "pci.version"),
    RANGE2("ide", "bmdma[].ifidx", 0, 3, "hw/ide.c:506,3233", "hw/ide.c:510,3263"),
    RANGE2("ide", "drive[].mult_sectors", 0, 16, "hw/ide.c:207,2252", "hw/ide.c:207,2274"),
    /* hw/apic.c apic_mem_writel: count_shift = (v + 1) & 7 */
    RANGE2("apic", "count_shift", 0, 7, "hw/apic.c:784", "hw/apic.c:858"),
    /* hw/hpet.c hpet_init: tn = i below HPET_NUM_TIMERS (hw/hpet_emul.h:20) */
    RANGE2("hpet", "timer[].tn", 0, 2, "hw/hpet.c:542", "hw/hpet.c:541"),
    /* hw/pci.c pcibus_load refuses nirq other than the bus's, which
     * hw/piix_pci.c i440fx_init registers as 4 */
    RANGE2("PCIBUS", "nirq", 4, 4, "hw/pci.c:79, hw/piix_pci.c:179", "hw/pci.c:100, hw/piix_pci.c:180"),
    CAP2("PCIBUS", "irq_count", 4, "hw/piix_pci.c:179", "hw/piix_pci.c:180"),
    PCI_VERSION2("I440FX", "pci.version"),
    PCI_VERSION2("PIIX3", "pci.version"),
    PCI_VERSION2("piix4_pm", "pci.version"),
    /* slirp_state_load reads sockets while the byte is not 0, unbounded: 1024
     * is our capacity (descriptors/slirp.c); TCP_NSTATES indexes
     * tcp_outflags[], TCP_MAXRXTSHIFT + 1 tcp_backoff[] */
    SLIRP("0.10", "slirp/tcp_input.c:1720-1725, slirp/tcp.h:43-44", "slirp/slirp.c:965-978",
          "slirp/slirp.c:1011 (no bound; ours)", "slirp/tcp_output.c:54,101",
          "slirp/tcp_timer.h:106, slirp/tcp_timer.c:125"),
    SLIRP("0.11", "slirp/tcp_input.c:1482-1487, slirp/tcp.h:41-42", "slirp/slirp.c:1008-1021",
          "slirp/slirp.c:1065 (no bound; ours)", "slirp/tcp_output.c:43",
          "slirp/tcp_timer.h:105, slirp/tcp_timer.c:115"),
    /* hw/cirrus_vga.c: only vga_reset stores bank_offset (0); vga_mem_readb
     * adds it to an address below 0x10000 and, planar, indexes the 8 MiB of
     * VGA RAM as 32-bit words (hw/vga.c:723/725, hw/pc.h VGA_RAM_SIZE);
     * cirrus_hook_write_sr stores (byte << 3) | (index >> 5) */
    PCI_VERSION2("cirrus_vga", "pci.version"),
    INDEX2("cirrus_vga", "dac_sub_index", 3, "hw/vga_int.h:132", "hw/vga_int.h:132"),
    RANGE2("cirrus_vga", "bank_offset", 0, 0x1f0000, "hw/vga.c:723", "hw/vga.c:725"),
    RANGE2("cirrus_vga", "hw_cursor_x", 0, 2047, "hw/cirrus_vga.c:1347", "hw/cirrus_vga.c:1347"),
    RANGE2("cirrus_vga", "hw_cursor_y", 0, 2047, "hw/cirrus_vga.c:1358", "hw/cirrus_vga.c:1358"),
    /* hw/ne2000.c ne2000_ioport_write: start and stop = byte << 8 */
    PCI_VERSION2("ne2000", "pci.version"),
    RANGE2("ne2000", "start", 0, 0xff00, "hw/ne2000.c:362", "hw/ne2000.c:365"),
    RANGE2("ne2000", "stop", 0, 0xff00, "hw/ne2000.c:365", "hw/ne2000.c:368"),
    /* hw/vmmouse.c VMMOUSE_QUEUE_SIZE: vmmouse_load refuses another size;
     * queue[VMMOUSE_QUEUE_SIZE], filled up to it */
    RANGE2("vmmouse", "queue_size", 1024, 1024, "hw/vmmouse.c:43,258", "hw/vmmouse.c:43,258"),
    RANGE2("vmmouse", "nb_queue", 0, 1024, "hw/vmmouse.c:55,118", "hw/vmmouse.c:55,118"),
    /* virtio-balloon: 8 config bytes, two queues of 128 */
    VIRTIO_010("virtio-balloon", 8, "hw/virtio-balloon.c:180", 2, "hw/virtio-balloon.c:188-189"),
    VIRTIO_011("virtio-balloon", 8, "hw/virtio-balloon.c:178", 2, "hw/virtio-balloon.c:184-185"),
    /* hw/eeprom93xx.c eeprom93xx_new: 16, 64 or 256 words; version 20061112
     * keeps the size in a byte (0.10.6's uint8_t size; 0.11.1 reads a byte) */
    RANGE2("eeprom", "size", 0, 255, "hw/eeprom93xx.c:86,98", "hw/eeprom93xx.c:136"),
    RANGE("0.11", "eeprom", "size", 0, 256, "hw/eeprom93xx.c:85,139,301-312"),
    CAP2("eeprom", "contents", 256, "hw/eeprom93xx.c:274-285", "hw/eeprom93xx.c:301-312"),
    /* hw/rtl8139.c: the MMIO slot cpu_register_io_memory returned (below
     * one page); TxStatus[4]; the EEPROM address & EEPROM_9346_ADDR_MASK */
    PCI_VERSION2("rtl8139", "pci.version"),
    RANGE2("rtl8139", "mmio_io_addr", 0, 4095, "hw/rtl8139.c:3333,3472", "hw/rtl8139.c:3337,3469"),
    INDEX2("rtl8139", "currTxDesc", 4, "hw/rtl8139.c:429", "hw/rtl8139.c:429"),
    INDEX2("rtl8139", "eeprom.address", 64, "hw/rtl8139.c:357,510", "hw/rtl8139.c:357,510"),
    /* hw/pcnet.c csr[128], rap = val & 0x7f; buffer[4096] */
    PCI_VERSION2("pcnet", "pci.version"),
    INDEX2("pcnet", "rap", 128, "hw/pcnet.c:71,1656", "hw/pcnet.c:70,1667"),
    RANGE2("pcnet", "xmit_pos", -1, 4096, "hw/pcnet.c:75", "hw/pcnet.c:74"),
    PCI_VERSION2("e1000", "pci.version"),
    /* virtio-net: virtio_net_config, rx, tx and ctrl queues; MAC_TABLE_ENTRIES */
    VIRTIO_010("virtio-net", 8, "hw/virtio-net.c:599", 3, "hw/virtio-net.c:610-612"),
    RANGE("0.10", "virtio-net", "mac_table_in_use", 0, 32, "hw/virtio-net.c:21,552"),
    CAP("0.10", "virtio-net", "mac_table", 32, "hw/virtio-net.c:21,552"),
    VIRTIO_011("virtio-net", 8, "hw/virtio-net.c:718", 3, "hw/virtio-net.c:727-729"),
    RANGE("0.11", "virtio-net", "mac_table_in_use", 0, 64, "hw/virtio-net.c:21,648"),
    CAP("0.11", "virtio-net", "mac_table", 64, "hw/virtio-net.c:21,648"),
    /* virtio_net_load exits on a non-zero vnet header flag */
    RANGE("0.11", "virtio-net", "vnet_hdr", 0, 0, "hw/virtio-net.c:661-664"),
    /* 0.12's version 11: has_vnet_hdr and has_ufo are what the tap peer
     * offers (tap_has_vnet_hdr, tap_has_ufo: 0 or 1) */
    VIRTIO_012("0.12", "virtio-net", 8, "hw/virtio-net.c:844", 3, "hw/virtio-net.c:853-855",
               "hw/pci.c:361", "hw/msix.c:50"),
    RANGE("0.12", "virtio-net", "mac_table_in_use", 0, 64, "hw/virtio-net.c:23,757"),
    CAP("0.12", "virtio-net", "mac_table", 64, "hw/virtio-net.c:23,757"),
    RANGE("0.12", "virtio-net", "vnet_hdr", 0, 1, "hw/virtio-net.c:37,135"),
    RANGE("0.12", "virtio-net", "has_ufo", 0, 1, "hw/virtio-net.c:38,145"),
    VIRTIO_012("qemu-kvm-0.12", "virtio-net", 8, "hw/virtio-net.c:836", 3, "hw/virtio-net.c:845-847",
               "hw/pci.c:363", "hw/msix.c:52"),
    RANGE("qemu-kvm-0.12", "virtio-net", "mac_table_in_use", 0, 64, "hw/virtio-net.c:23,749"),
    CAP("qemu-kvm-0.12", "virtio-net", "mac_table", 64, "hw/virtio-net.c:23,749"),
    RANGE("qemu-kvm-0.12", "virtio-net", "vnet_hdr", 0, 1, "hw/virtio-net.c:37,135"),
    RANGE("qemu-kvm-0.12", "virtio-net", "has_ufo", 0, 1, "hw/virtio-net.c:38,145"),
    /* virtio-console: no config, two queues of 128 */
    VIRTIO_010("virtio-console", 0, "hw/virtio-console.c:134", 2, "hw/virtio-console.c:140-141"),
    VIRTIO_011("virtio-console", 0, "hw/virtio-console.c:131", 2, "hw/virtio-console.c:134-135"),
    /* virtio-blk: virtio_blk_config, one queue of 128, whose elements hold
     * in_sg[] and out_sg[] of VIRTQUEUE_MAX_SIZE */
    VIRTIO_010("virtio-blk", 20, "hw/virtio-blk.c:309", 1, "hw/virtio-blk.c:322"),
    CAP("0.10", "virtio-blk", "req", 128, "hw/virtio-blk.c:322"),
    RANGE("0.10", "virtio-blk", "req[].out_num", 0, 1024, "hw/virtio.h:70"),
    RANGE("0.10", "virtio-blk", "req[].in_num", 0, 1024, "hw/virtio.h:69"),
    VIRTIO_011("virtio-blk", 536, "hw/virtio-blk.c:426", 1, "hw/virtio-blk.c:443"),
    CAP("0.11", "virtio-blk", "req", 128, "hw/virtio-blk.c:443"),
    RANGE("0.11", "virtio-blk", "req[].out_num", 0, 1024, "hw/virtio.h:74"),
    RANGE("0.11", "virtio-blk", "req[].in_num", 0, 1024, "hw/virtio.h:73"),
    PCI_VERSION2("i82551", "pci.version"),
    PCI_VERSION2("i82557b", "pci.version"),
    PCI_VERSION2("i82559er", "pci.version"),
    /* hw/vga.c: sr_index = val & 7, gr_index = val & 0x0f, dac_cache[3];
     * bank_offset = (val & vbe_bank_mask) << 16, vbe_bank_mask =
     * (vram_size >> 16) - 1 of VGA_RAM_SIZE (8 MiB) in every configuration;
     * vga_save writes is_vbe 1 and vga_load refuses 0 (CONFIG_BOCHS_VBE is
     * defined by hw/vga_int.h:31 itself) */
    PCI_VERSION2("vga", "pci.version"),
    INDEX2("vga", "sr_index", 8, "hw/vga.c:428", "hw/vga.c:430"),
    INDEX2("vga", "gr_index", 16, "hw/vga.c:456", "hw/vga.c:458"),
    INDEX2("vga", "dac_sub_index", 3, "hw/vga_int.h:132", "hw/vga_int.h:132"),
    RANGE2("vga", "bank_offset", 0, 8 * 1024 * 1024 - 0x10000, "hw/vga.c:605,1916", "hw/vga.c:607,1914"),
    RANGE2("vga", "is_vbe", 1, 1, "hw/vga.c:2157,2208", "hw/vga.c:2155,2206"),
    RANGE2("vga", "vbe_bank_mask", 0, 127, "hw/vga.c:1916", "hw/vga.c:1914"),
    PCI_VERSION2("vmware_vga", "pci.version"),
    /* hw/usb-uhci.c NB_PORTS 2: uhci_load refuses another count */
    PCI_VERSION2("uhci", "pci.version"),
    RANGE2("uhci", "num_ports", 2, 2, "hw/usb-uhci.c:70,388", "hw/usb-uhci.c:70,389"),
    CAP2("uhci", "port", 2, "hw/usb-uhci.c:70", "hw/usb-uhci.c:70"),
    /* hw/sb16.c: irq_of_magic gives 5, 7, 9 or 10; in2_data[10]; out_data[50];
     * csp_reg83[reg % 4] of a counter from 0; mixer_regs[256] */
    RANGE2("sb16", "irq", 5, 10, "hw/sb16.c:134", "hw/sb16.c:134"),
    RANGE2("sb16", "in_index", 0, 10, "hw/sb16.c:95,948", "hw/sb16.c:95,948"),
    RANGE2("sb16", "out_data_len", 0, 50, "hw/sb16.c:96,373", "hw/sb16.c:96,373"),
    RANGE2("sb16", "csp_reg83r", 0, INT32_MAX, "hw/sb16.c:700", "hw/sb16.c:700"),
    RANGE2("sb16", "csp_reg83w", 0, INT32_MAX, "hw/sb16.c:715", "hw/sb16.c:715"),
    RANGE2("sb16", "mixer_nreg", 0, 255, "hw/sb16.c:112,1073", "hw/sb16.c:112,1073"),
    /* hw/es1370.c es1370_transfer_audio: leftover = (...) & 3 */
    PCI_VERSION2("es1370", "pci.version"),
    RANGE2("es1370", "chan[].leftover", 0, 3, "hw/es1370.c:861", "hw/es1370.c:861"),
    PCI_VERSION2("ac97", "pci.version"),
    /* hw/lsi53c895a.c msg[LSI_MAX_MSGIN_LEN] */
    PCI_VERSION("0.11", "lsiscsi", "pci.version"),
    RANGE("0.11", "lsiscsi", "msg_len", 0, 8, "hw/lsi53c895a.c:166,559"),
    /* the emulator's own devices (emu/, doc/EMU.md) */
    RANGE("emu", "emu-ring", "used", 0, 16, "emu/dev-emu-ring.c:18,61"),
    RANGE("emu", "emu-ring", "head", 0, 15, "emu/dev-emu-ring.c:18,60"),
    CAP("emu", "emu-ring", "slot", 16, "emu/dev-emu-ring.c:18,49"),
    RANGE("emu", "emu-net", "conn[].marker", 0x2a, 0x2a, "emu/dev-emu-net.c:21,108"),
    CAP("emu", "emu-net", "conn", 8192, "emu/dev-emu-net.c:108 (no bound; ours: F-22's 65,536 fields)"),
    /* emu-next's emu-net v2: the same list (EMU_NEXT in emu/dev-emu-net.c) */
    RANGE("emu-next", "emu-net", "conn[].marker", 0x2a, 0x2a, "emu/dev-emu-net.c:21,108"),
    CAP("emu-next", "emu-net", "conn", 8192, "emu/dev-emu-net.c:108 (no bound; ours: F-22's 65,536 fields)"),
};

#endif
