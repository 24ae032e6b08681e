/* Bridging device sections between releases; see bridge.h and doc/BRIDGING.md. */
#include <config.h>

#include "bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

/* How a pair's device crosses. */
struct rule {
    const char *idstr;
    uint8_t as_is;                      /* the destination reads the source's version as written */
    const struct sv_desc_move *moves;   /* else: through values, with this mapping */
    const struct sv_bridge_edit *edits; /* or: the bytes edited (then .version: 0 keeps it) */
    uint32_t version;
    const char *refuse;                 /* or: why the section cannot cross */
    uint32_t only_version;              /* the rule is for this version alone (0: any) */
    const char *refuse_machines;        /* .refuse only on these destination -M (" pc "; NULL: all) */
};

#define AS_IS(id) { id, 1, NULL, NULL, 0, NULL, 0, NULL }
#define VALUES(id, moves) { id, 0, moves, NULL, 0, NULL, 0, NULL }
#define EDITS(id, edits, version) { id, 0, NULL, edits, version, NULL, 0, NULL }

/*
 * 0.11.1 cpu v10 writes mcg_status, mcg_ctl and the banks only when
 * mcg_cap != 0 (v0.11.1 target-i386/machine.c:163-173); 0.12.3 reads them
 * for v10 always, MCE_BANKS_DEF * 4 = 40 banks (v0.12.3 machine.c:458-461).
 * Without MCE they are 0 in 0.12.3 too: mce_init sets only mcg_cap and
 * mcg_ctl, and only for a model with CPUID MCE|MCA (v0.12.3
 * target-i386/helper.c mce_init).
 */
static const struct sv_bridge_edit edits_cpu_011_012[] = {
    { "mcg_cap", SV_ED_INSERT_AFTER, NULL, 8 + 8 + 40 * 8, "mcg_cap", 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/*
 * ide v3: 0.11.1 writes hob_nsector before hob_sector (v0.11.1
 * hw/ide.c:2880-2882), 0.12.3 reads hob_sector first (v0.12.3
 * hw/ide/core.c:2754-2756); each drive is read at ide_drive's own v4
 * (savevm.c:1170-1171), which adds after cdrom_changed: req_nb_sectors be32,
 * io_buffer (io_buffer_total_len = IDE_DMA_BUF_SECTORS * 512 + 4 = 131076
 * bytes, core.c:2643), cur_io_buffer_offset, cur_io_buffer_len be32,
 * end_transfer_fn_idx u8, elementary_transfer_size, packet_transfer_size be32
 * (core.c:2762-2772): zero, so ide_drive_post_load leaves the transfer
 * alone (cur_io_buffer_len 0, core.c:2708-2712); 0.11.1 saved no transfer.
 */
static const struct sv_bridge_edit edits_ide_011_012[] = {
    { "drive[].hob_nsector", SV_ED_SWAP, "drive[].hob_sector", 0, NULL, 0, NULL },
    { "drive[].cdrom_changed", SV_ED_INSERT_AFTER, NULL, 4 + 131076 + 4 + 4 + 1 + 4 + 4, NULL, 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/*
 * i8254 v1 (0.11.1 pit_save): channel 0 alone has next_transition_time and
 * its timer after its state.  qemu-kvm's old loader refuses v1 (hw/i8254.c
 * :422-431), so v2 (v0.12.3 hw/i8254.c:396-462): each channel with
 * next_transition_time, channel 0's timer last.  Channels 1 and 2 have no
 * irq timer and never use theirs (pit_irq_timer_update runs for channel
 * 0's timer): 0.
 */
static const struct sv_bridge_edit edits_i8254_011_012[] = {
    { "channel[1].count_load_time", SV_ED_INSERT_AFTER, NULL, 8, NULL, 0, NULL },
    { "channel[2].count_load_time", SV_ED_INSERT_AFTER, NULL, 8, NULL, 0, NULL },
    { "channel[0].irq_timer", SV_ED_MOVE_AFTER, "channel[2].count_load_time", 0, NULL, 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/* pcnet v2's recv_pos (v0.11.1 hw/pcnet.c:1905) is gone in v3; 0.12.3's v2
 * skip of it never runs, the nested vmstate_pcnet being read at v3
 * (v0.12.3 hw/pcnet.c:1853-1874) */
static const struct sv_bridge_edit edits_pcnet_011_012[] = {
    { "recv_pos", SV_ED_DROP, NULL, 0, NULL, 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/* eepro100 v3: 0.12.3 has no statistics.complete (v0.11.1 hw/eepro100.c:1703;
 * v0.12.3 vmsd hw/eepro100.c:1771-1777) */
static const struct sv_bridge_edit edits_eepro100_011_012[] = {
    { "statistics.complete", SV_ED_DROP, NULL, 0, NULL, 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/* rtl8139 v4: 0.12.3's tally counters have no RxOkMul (v0.11.1
 * hw/rtl8139.c:1360; v0.12.3 hw/rtl8139.c:1326-1345) */
static const struct sv_bridge_edit edits_rtl8139_011_012[] = {
    { "tally.RxOkMul", SV_ED_DROP, NULL, 0, NULL, 0, NULL },
    { NULL, 0, NULL, 0, NULL, 0, NULL },
};

/*
 * 0.10.6 -> 0.11.1 (notes: loaders.md).  Devices not listed whose table is
 * the same in both releases (devices.c) cross unchanged; the others go
 * through values.
 */
static const struct rule rules_010_011[] = {
    /* v2 ip_id and v3 bootp are read only for those versions (v0.11.1 slirp/slirp.c:1094-1100) */
    AS_IS("slirp"),
    /* v9/v10 fields are read only for those versions (v0.11.1 target-i386/machine.c:209, :354-377) */
    AS_IS("cpu"),
    /* v2: cdrom_changed derived from sense_key/asc (v0.11.1 hw/ide.c:2920-2926; takes 2..3 at :3248) */
    AS_IS("ide"),
    /* the old size byte and pad (v0.11.1 hw/eeprom93xx.c:121, :135-140) */
    AS_IS("eeprom"),
    /* the same version numbers, the virtio core changed under them (v0.10.6
     * hw/virtio.c:755-784; v0.11.1 hw/virtio.c:615-646, hw/virtio-pci.c:105-119) */
    VALUES("virtio-net", sv_desc_virtio_moves_010_011),
    VALUES("virtio-blk", sv_desc_virtio_moves_010_011),
    VALUES("virtio-console", sv_desc_virtio_moves_010_011),
    VALUES("virtio-balloon", sv_desc_virtio_moves_010_011),
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- 0.11.1 -> 0.10.6 (the downgrade) ---- */

/* ide v3 -> v2: 0.10.6 has no cdrom_changed (v0.11.1 hw/ide.c:2880-2884
 * saves it after asc); a media change the guest has not seen yet is lost */
static const struct sv_desc_move ide_moves_011_010[] = {
    { .from = "drive[].cdrom_changed", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = NULL, .to = NULL },
};

/*
 * 0.10.6 loads only up to its own versions (v0.10.6 savevm.c:943-948), so
 * what 0.11.1 saves at a newer version goes through values: cpu v10 -> v8,
 * ide v3 -> v2, slirp v3 -> v1 (ip_id and the bootp table at their
 * defaults), eeprom 20061113 -> 20061112 (the size byte and a pad byte);
 * the virtio devices keep their numbers but not their layout.  What 0.10.6
 * has no field for must be what 0.10.6 has instead (the mappings), else the
 * section is refused naming the field.
 */
static const struct rule rules_011_010[] = {
    /* 0.11.1 isapc has an APIC (CPUID_APIC of its default qemu32, v0.11.1
     * hw/pc.c:1093-1096); 0.10.6 makes one only with PCI (v0.10.6
     * hw/pc.c:838-840) */
    { "apic", 0, NULL, NULL, 0, "its isapc has no APIC (0.10.6 makes one only with PCI)", 0, " isapc " },
    VALUES("cpu", sv_desc_cpu_moves_011_010),
    VALUES("ide", ide_moves_011_010),
    VALUES("virtio-net", sv_desc_virtio_moves_011_010),
    VALUES("virtio-blk", sv_desc_virtio_blk_moves_011_010),
    VALUES("virtio-console", sv_desc_virtio_moves_011_010),
    VALUES("virtio-balloon", sv_desc_virtio_moves_011_010),
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- end of 0.11.1 -> 0.10.6 ---- */

/*
 * 0.11.1 -> 0.12.3 (notes: loaders.md).  0.12.3's tables are derived from
 * its binary and name fields otherwise than 0.11's hand-written ones: a
 * device crosses unchanged where 0.12.3 reads 0.11.1's bytes as written,
 * by the same layout or by an old-version loader.
 */
static const struct rule rules_011_012[] = {
    /* the same wire, field by field (v0.11.1 vs v0.12.3 save and load functions) */
    AS_IS("slirp"), AS_IS("timer"), AS_IS("cpu_common"), AS_IS("i8259"),
    AS_IS("PCIBUS"), AS_IS("ioapic"), AS_IS("vga"), AS_IS("cirrus_vga"),
    AS_IS("hpet"), AS_IS("serial"), AS_IS("e1000"), AS_IS("eeprom"),
    AS_IS("pckbd"), AS_IS("ps2kbd"), AS_IS("ps2mouse"), AS_IS("vmmouse"),
    AS_IS("dma"), AS_IS("fdc"), AS_IS("piix4_pm"), AS_IS("i2c_bus"),
    AS_IS("uhci"), AS_IS("sb16"), AS_IS("es1370"), AS_IS("audio"),
    AS_IS("virtio-balloon"), AS_IS("virtio-console"), AS_IS("lsiscsi"),
    AS_IS("ib700_wdt"),
    /* isapc's ne2k_isa: 0.12.3 defines vmstate_isa_ne2000 (hw/ne2000-isa.c:53)
     * but never registers it (:64-120), its loader has no such section */
    { "ne2000", 0, NULL, NULL, 0, "release 0.12 saves and loads no ISA ne2000 (v2)", 2, NULL },
    /* virtio-blk-pci has vectors=2 on pc (v0.12.3 hw/virtio-pci.c:555): its load
     * reads MSI-X state 0.11.1 never saved; pc-0.11 and pc-0.10 set 0 (hw/pc.c:1306-1308) */
    { "virtio-blk", 0, NULL, NULL, 0, "with -M pc it has MSI-X state 0.11.1 did not save: load with -M pc-0.11", 0,
      " pc pc-0.12 " },
    AS_IS("virtio-blk"),
    /* PCI ne2000 v3: the same wire (v0.12.3 hw/ne2000.c:666, nested :636) */
    AS_IS("ne2000"),
    /* v10 read by the v11 loader; has_ufo only from v11 (v0.12.3 hw/virtio-net.c:799-804) */
    AS_IS("virtio-net"),
    /* v2: the 3 old "active" bytes skipped (v0.12.3 hw/ac97.c:1232) */
    AS_IS("ac97"),
    /* old versions read by old loaders: apic v2 apic_load_old (v0.12.3 hw/apic.c:868-904),
     * fw_cfg v1 UINT16_HACK (hw/fw_cfg.c:207-209), I440FX v2 i440fx_load_old
     * (hw/piix_pci.c:139-155), PIIX3 v2 (:303), mc146818rtc v1 (hw/mc146818rtc.c:557-558)
     */
    AS_IS("apic"), AS_IS("fw_cfg"), AS_IS("I440FX"), AS_IS("PIIX3"),
    AS_IS("mc146818rtc"),
    EDITS("i8254", edits_i8254_011_012, 2),
    EDITS("cpu", edits_cpu_011_012, 0),
    EDITS("ide", edits_ide_011_012, 0),
    EDITS("pcnet", edits_pcnet_011_012, 3),
    EDITS("i82551", edits_eepro100_011_012, 0),
    EDITS("i82557b", edits_eepro100_011_012, 0),
    EDITS("i82559er", edits_eepro100_011_012, 0),
    EDITS("rtl8139", edits_rtl8139_011_012, 0),
    /* scratch: host-endian words in 0.11.1 (v0.11.1 hw/vmware_vga.c:1083),
     * be32 in 0.12.3 (v0.12.3 hw/vmware_vga.c:1100-1101) */
    { "vmware_vga", 0, NULL, NULL, 0, "its scratch words change byte order (not bridged yet)", 0, NULL },
    /* 0.12.3 has no handler: the two fields moved into mc146818rtc v2 (v0.12.3 hw/mc146818rtc.c:557-558) */
    { "mc146818rtc-td", 0, NULL, NULL, 0, "release 0.12 keeps its state in mc146818rtc v2 (not bridged yet)", 0, NULL },
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- the bundled emulator's builds: emu <-> emu-next (doc/EMU.md) ---- */

/*
 * emu -> emu-next.  Unchanged (the same table in both, devices.c): the 0.11
 * devices, emu-ring, emu-versioned, emu-quirk.  emu-net v1 -> v2 (the
 * loader takes v2 alone, emu/dev-emu-net.c net_load): through values, mtu
 * taking its default; emu-disk v1 -> v2 (disk_load takes v2 alone): its
 * IDENTIFY part moved, a mapping (descriptors/emu.c).
 */
static const struct rule rules_emu_next[] = {
    VALUES("emu-net", NULL),
    VALUES("emu-disk", sv_desc_emu_disk_moves_emu_next),
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* emu-next -> emu: mtu has no place in v1 and must be at its default */
static const struct rule rules_next_emu[] = {
    VALUES("emu-net", NULL),
    VALUES("emu-disk", sv_desc_emu_disk_moves_next_emu),
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- end of the emulator's builds ---- */
/* ---- 0.12.3 <-> qemu-kvm-0.12.1.2 (the same age, two lines) ---- */

/*
 * i8254 v2: qemu-kvm's table starts with the PIT's flags (qemu-kvm
 * hw/i8254.c:463), which only its in-kernel PIT sets (KVM's HPET legacy
 * mode, qemu-kvm-x86.c): 0 without KVM.  Upstream has none (v0.12.3
 * hw/i8254.c:452-462).
 */
static const struct sv_bridge_edit edits_i8254_012_kvm[] = {
    { .field = "channels[0].count", .op = SV_ED_INSERT_BEFORE, .len = 4 },
    { .field = NULL },
};

static const struct sv_bridge_edit edits_i8254_kvm_012[] = {
    { .field = "flags", .op = SV_ED_DROP },
    { .field = NULL },
};

/*
 * ide v3: each drive is read at its table's own version
 * (savevm.c:1170-1171): 0.12.3's ide_drive v4 has after cdrom_changed
 * req_nb_sectors, io_buffer (131076 bytes), cur_io_buffer_offset,
 * cur_io_buffer_len, end_transfer_fn_idx, elementary_transfer_size,
 * packet_transfer_size (v0.12.3 hw/ide/core.c:2762-2772); qemu-kvm's
 * ide_drive v3 ends at cdrom_changed (qemu-kvm hw/ide/core.c:2685-2715),
 * as 0.11's did: a PIO transfer in progress is not kept.  Upstream uses
 * them only while cur_io_buffer_len is not 0 (ide_drive_post_load,
 * v0.12.3 hw/ide/core.c:2708-2712), so they go while it is 0, and come
 * in as 0.
 */
#define IDE_V4_TAIL (4 + 131076 + 4 + 4 + 1 + 4 + 4)
#define IDE_IDLE(f, busy) { .field = f, .op = SV_ED_DROP_IDLE, .unless = busy }
#define IDE_V4_DROP(d)                                                                          \
    IDE_IDLE(d ".req_nb_sectors", d ".cur_io_buffer_len"),                                    \
    IDE_IDLE(d ".io_buffer", d ".cur_io_buffer_len"),                                         \
    IDE_IDLE(d ".cur_io_buffer_offset", d ".cur_io_buffer_len"),                              \
    { .field = d ".cur_io_buffer_len", .op = SV_ED_DROP },                                    \
    IDE_IDLE(d ".end_transfer_fn_idx", d ".cur_io_buffer_len"),                               \
    IDE_IDLE(d ".elementary_transfer_size", d ".cur_io_buffer_len"),                          \
    IDE_IDLE(d ".packet_transfer_size", d ".cur_io_buffer_len")

static const struct sv_bridge_edit edits_ide_012_kvm[] = {
    IDE_V4_DROP("bus[].ifs[]"),
    { .field = NULL },
};

static const struct sv_bridge_edit edits_ide_kvm_012[] = {
    { .field = "bus[].ifs[].cdrom_changed", .op = SV_ED_INSERT_AFTER, .len = IDE_V4_TAIL },
    { .field = NULL },
};

/*
 * ioapic: qemu-kvm's v2 adds base_address and irr after ioregsel
 * (qemu-kvm hw/ioapic.c:283-284).  base_address is fixed at 0xfec00000
 * (its ioapic_reset; upstream maps the IOAPIC there, v0.12.3 hw/pc.c).
 * irr is in upstream's IOAPICState too but its own save leaves it out
 * (v0.12.3 hw/ioapic.c:196-204): pins raised while masked are forgotten
 * across an upstream migration as across this one.
 */
static const struct sv_bridge_edit edits_ioapic_kvm_012[] = {
    { .field = "base_address", .op = SV_ED_DROP_IS, .value = 0xfec00000 },
    { .field = "irr", .op = SV_ED_DROP_IDLE },
    { .field = NULL },
};

/* the bytes as they are, under another version number */
static const struct sv_bridge_edit edits_relabel[] = {
    { .field = NULL },
};

/* isapc's two ISA IDE buses: qemu-kvm's sections are 512 bytes longer
 * than their drive tables say (its capture: 570 bytes for 58) */
#define ISA_IDE_OPEN { "isa-ide", 0, NULL, NULL, 0, "its isapc IDE sections are not understood yet", 0, NULL }

/* 0.12.3 -> qemu-kvm-0.12.1.2: every other table is the same (notes: loaders.md) */
static const struct rule rules_012_kvm[] = {
    /* v11: qemu-kvm's v12 has the same fields (CPU_SAVE_VERSION 12, qemu-kvm target-i386/cpu.h:898) */
    AS_IS("cpu"),
    /* v1 read by qemu-kvm's v2 loader (minimum_version_id 1, qemu-kvm hw/ioapic.c) */
    AS_IS("ioapic"),
    /* the same tables (notes: loaders.md); declared, as their ISA and PCI
     * variants share an idstr that only the machine tells apart */
    AS_IS("vga"), AS_IS("cirrus_vga"), AS_IS("vmware_vga"),
    EDITS("i8254", edits_i8254_012_kvm, 0),
    EDITS("ide", edits_ide_012_kvm, 0),
    ISA_IDE_OPEN,
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* qemu-kvm-0.12.1.2 -> 0.12.3 */
static const struct rule rules_kvm_012[] = {
    /* v12 > 11 is refused by version (v0.12.3 savevm.c:1498-1503): the same fields at v11 */
    EDITS("cpu", edits_relabel, 11),
    EDITS("ioapic", edits_ioapic_kvm_012, 1),
    EDITS("i8254", edits_i8254_kvm_012, 0),
    EDITS("ide", edits_ide_kvm_012, 0),
    ISA_IDE_OPEN,
    /* kvmclock and kvm-tpr-opt, saved only with KVM on (qemu-kvm-x86.c:796,
     * kvm-tpr-opt.c:406), are refused as devices 0.12.3 does not have */
    AS_IS("vga"), AS_IS("cirrus_vga"), AS_IS("vmware_vga"),
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- end of 0.12.3 <-> qemu-kvm-0.12.1.2 ---- */

/* ---- 0.12.3 -> 0.11.1 (the downgrade) ---- */

/*
 * cpu v11 -> v10.  0.11.1 reads after tsc only mcg_cap, then mcg_status,
 * mcg_ctl and (mcg_cap & 0xff) = 10 banks when mcg_cap != 0 (v0.11.1
 * target-i386/machine.c:363-375; MCE_BANKS_DEF 10, helper.c:1556-1558),
 * which is 0.12.3's 40 entries (v0.12.3 machine.c:458-461); with mcg_cap 0
 * they go, 0 as mce_init leaves them.  The v11 fields (machine.c:451-456,
 * :463-466) only KVM sets: they must be 0.  interrupt_injected sits where
 * 0.11.1 reads pending_irq; both are used by KVM alone (v0.11.1 has
 * interrupt_bitmap nowhere else), so it goes as it is.
 */
static const struct sv_bridge_edit edits_cpu_012_011[] = {
    { .field = "exception_injected", .op = SV_ED_DROP },
    { .field = "soft_interrupt", .op = SV_ED_DROP },
    { .field = "nmi_injected", .op = SV_ED_DROP },
    { .field = "nmi_pending", .op = SV_ED_DROP },
    { .field = "has_error_code", .op = SV_ED_DROP },
    { .field = "sipi_vector", .op = SV_ED_DROP },
    { .field = "mcg_status", .op = SV_ED_DROP, .unless = "mcg_cap" },
    { .field = "mcg_ctl", .op = SV_ED_DROP, .unless = "mcg_cap" },
    { .field = "mce_banks", .op = SV_ED_DROP, .unless = "mcg_cap" },
    { .field = "tsc_aux", .op = SV_ED_DROP },
    { .field = "system_time_msr", .op = SV_ED_DROP },
    { .field = "wall_clock_msr", .op = SV_ED_DROP },
    { .field = NULL },
};

/* apic v3 -> v2: 0.11.1 reads isr[i], tmr[i], irr[i] together (v0.11.1
 * hw/apic.c apic_load), 0.12.3 saves each array whole (v0.12.3
 * hw/apic.c:906-911) */
static const struct sv_bridge_edit edits_apic_012_011[] = {
    { .field = "isr", .op = SV_ED_INTERLEAVE, .other = "tmr", .third = "irr", .len = 4 },
    { .field = NULL },
};

/* ide v3: hob_sector and hob_nsector back in 0.11.1's order (v0.11.1
 * hw/ide.c:2880-2882), each drive's v4 transfer fields gone while no PIO
 * transfer is in progress (as to qemu-kvm, above) */
static const struct sv_bridge_edit edits_ide_012_011[] = {
    /* the drive a DMA runs on: 0.12.3 its unit on the bmdma's bus (-1 when
     * none, v0.12.3 hw/ide/core.c:2797, :2832), 0.11.1 its index in the
     * controller's four, 0 for none (v0.11.1 hw/ide.c:3223, :3263) */
    { .field = "bmdma[].unit", .op = SV_ED_UNIT_TO_INDEX, .len = 2 },
    { .field = "bus[].ifs[].hob_sector", .op = SV_ED_SWAP, .other = "bus[].ifs[].hob_nsector" },
    IDE_V4_DROP("bus[].ifs[]"),
    { .field = NULL },
};

/* i8254 v2 -> v1 (v0.11.1 hw/i8254.c pit_save): only channel 0 has
 * next_transition_time, its timer right after it.  Channels 1 and 2 have
 * no irq timer, their next_transition_time is never used (0.12.3's
 * pit_irq_timer_update runs for channel 0's timer): it goes. */
static const struct sv_bridge_edit edits_i8254_012_011[] = {
    { .field = "channels[1].next_transition_time", .op = SV_ED_DROP_IDLE },
    { .field = "channels[2].next_transition_time", .op = SV_ED_DROP_IDLE },
    { .field = "channels[0].irq_timer", .op = SV_ED_MOVE_AFTER, .other = "channels[0].next_transition_time" },
    { .field = NULL },
};

/* I440FX v3 -> v2: 0.11.1 reads pci_irq_levels[4] after smm_enabled
 * (v0.11.1 hw/piix_pci.c i440fx_load); 0.12.3 saves them in PIIX3 v3
 * (v0.12.3 hw/piix_pci.c:303), which refuses them unless 0: 0 here */
static const struct sv_bridge_edit edits_i440fx_012_011[] = {
    { .field = "smm_enabled", .op = SV_ED_INSERT_AFTER, .len = 4 * 4 },
    { .field = NULL },
};

/* PIIX3 v3 -> v2: the PCI device alone (v0.11.1 hw/piix_pci.c piix_save) */
static const struct sv_bridge_edit edits_piix3_012_011[] = {
    { .field = "pci_irq_levels", .op = SV_ED_DROP },
    { .field = NULL },
};

/* mc146818rtc v2 -> v1: irq_coalesced and period (v0.12.3
 * hw/mc146818rtc.c:557-558) are in 0.11.1's separate mc146818rtc-td
 * section, saved only with -rtc-td-hack.  period is set whatever the hack
 * (rtc_timer_update) and used only with it; irq_coalesced counts lost
 * ticks under the hack: it must be 0 */
static const struct sv_bridge_edit edits_rtc_012_011[] = {
    { .field = "irq_coalesced", .op = SV_ED_DROP },
    { .field = "period", .op = SV_ED_DROP_IDLE },
    { .field = NULL },
};

/* virtio-net v11 -> v10: has_ufo (v0.12.3 hw/virtio-net.c:724, :799-804) is
 * a tap's; 0.11.1 has none, it must be 0 */
static const struct sv_bridge_edit edits_virtio_net_012_011[] = {
    { .field = "has_ufo", .op = SV_ED_DROP },
    { .field = NULL },
};

/* ac97 v3 -> v2: 0.11.1 reads the 3 voices' "active" bytes after
 * mixer_data and opens a voice for each set (v0.11.1 hw/ac97.c ac97_load);
 * 0.12.3 saves none: inserted as 0 (the voices closed until the guest's
 * driver starts them again) */
static const struct sv_bridge_edit edits_ac97_012_011[] = {
    { .field = "mixer_data", .op = SV_ED_INSERT_AFTER, .len = 3 },
    { .field = NULL },
};

/* pcnet v3 -> v2: recv_pos after xmit_pos (v0.11.1 hw/pcnet.c:1905), never
 * read by 0.11.1's receive path: 0 */
static const struct sv_bridge_edit edits_pcnet_012_011[] = {
    { .field = "state.xmit_pos", .op = SV_ED_INSERT_AFTER, .len = 4 },
    { .field = NULL },
};

/* eepro100: statistics.complete before configuration (v0.11.1
 * hw/eepro100.c:1703), 0 */
static const struct sv_bridge_edit edits_eepro100_012_011[] = {
    { .field = "configuration", .op = SV_ED_INSERT_BEFORE, .len = 4 },
    { .field = NULL },
};

/* rtl8139: the tally counters' RxOkMul between RxOkBrd and TxAbt
 * (v0.11.1 hw/rtl8139.c:1360), 0 */
static const struct sv_bridge_edit edits_rtl8139_012_011[] = {
    { .field = "tally_counters.RxOkBrd", .op = SV_ED_INSERT_AFTER, .len = 4 },
    { .field = NULL },
};

/* timer v2: 0.11.1 reads ticks_per_sec into its own (v0.11.1 vl.c:1091), where
 * 0.12.3 writes 8 unused zero bytes (v0.12.3 vl.c vmstate_timers): 0.11.1's
 * value, QEMU_TIMER_BASE */
static const struct sv_desc_move timer_moves_012_011[] = {
    { .from = "dummy", .op = SV_MV_EXPECT, .arg = 0 },
    { .to = "ticks_per_sec", .op = SV_MV_SET, .arg = 1000000000 },
    { .from = NULL, .to = NULL },
};

/*
 * 0.12.3 -> 0.11.1.  0.11.1 loads only up to its own versions (v0.11.1
 * savevm.c:942-958) and reads them as its own functions do: what 0.12.3
 * saves at a newer version or another layout is edited back (notes:
 * loaders.md, the 0.11 -> 0.12 table read backwards); what 0.11.1 cannot
 * hold refuses the section naming the field.  Tables the same in both
 * cross unchanged.
 */
static const struct rule rules_012_011[] = {
    VALUES("timer", timer_moves_012_011),
    AS_IS("slirp"), AS_IS("cpu_common"), AS_IS("i8259"),
    AS_IS("PCIBUS"), AS_IS("ioapic"), AS_IS("vga"), AS_IS("cirrus_vga"),
    AS_IS("hpet"), AS_IS("serial"), AS_IS("e1000"), AS_IS("eeprom"),
    AS_IS("pckbd"), AS_IS("ps2kbd"), AS_IS("ps2mouse"), AS_IS("vmmouse"),
    AS_IS("dma"), AS_IS("fdc"), AS_IS("piix4_pm"), AS_IS("i2c_bus"),
    AS_IS("uhci"), AS_IS("sb16"), AS_IS("es1370"), AS_IS("audio"),
    AS_IS("virtio-balloon"), AS_IS("virtio-console"), AS_IS("lsiscsi"),
    AS_IS("ib700_wdt"), AS_IS("ne2000"),
    /* virtio-blk-pci has MSI-X (vectors=2) on pc (v0.12.3 hw/virtio-pci.c:555),
     * 0.11.1's none; pc-0.11 and pc-0.10 set 0 (hw/pc.c:1306-1308): the same wire */
    { "virtio-blk", 0, NULL, NULL, 0, "0.12.3 -M pc saves MSI-X state 0.11.1's virtio-blk has no place for "
      "(save with -M pc-0.11)", 0, NULL },
    EDITS("cpu", edits_cpu_012_011, 10),
    EDITS("apic", edits_apic_012_011, 2),
    /* v2 -> v1: cur_offset be32 -> be16 (v0.11.1 hw/fw_cfg.c fw_cfg_save) */
    VALUES("fw_cfg", NULL),
    EDITS("I440FX", edits_i440fx_012_011, 2),
    EDITS("PIIX3", edits_piix3_012_011, 2),
    EDITS("mc146818rtc", edits_rtc_012_011, 1),
    EDITS("i8254", edits_i8254_012_011, 1),
    EDITS("ide", edits_ide_012_011, 0),
    EDITS("virtio-net", edits_virtio_net_012_011, 10),
    EDITS("ac97", edits_ac97_012_011, 2),
    EDITS("pcnet", edits_pcnet_012_011, 2),
    EDITS("i82551", edits_eepro100_012_011, 0),
    EDITS("i82557b", edits_eepro100_012_011, 0),
    EDITS("i82559er", edits_eepro100_012_011, 0),
    EDITS("rtl8139", edits_rtl8139_012_011, 0),
    /* scratch words change byte order (v0.12.3 hw/vmware_vga.c:1100-1101) */
    { "vmware_vga", 0, NULL, NULL, 0, "its scratch words change byte order (not bridged yet)", 0, NULL },
    { NULL, 0, NULL, NULL, 0, NULL, 0, NULL },
};

/* ---- end of 0.12.3 -> 0.11.1 ---- */

static const struct pair {
    uint8_t from, to;                   /* enum sv_release_id */
    const struct rule *rules;
} pairs[] = {
    { SV_REL_0_10, SV_REL_0_11, rules_010_011 },
    { SV_REL_0_11, SV_REL_0_10, rules_011_010 },
    { SV_REL_0_11, SV_REL_0_12, rules_011_012 },
    { SV_REL_EMU, SV_REL_EMU_NEXT, rules_emu_next },    /* the emulator's builds */
    { SV_REL_EMU_NEXT, SV_REL_EMU, rules_next_emu },
    { SV_REL_0_12, SV_REL_QEMU_KVM_0_12, rules_012_kvm },
    { SV_REL_QEMU_KVM_0_12, SV_REL_0_12, rules_kvm_012 },
    { SV_REL_0_12, SV_REL_0_11, rules_012_011 },
};

/* What a destination device is, by machine: the first row that fits. */
static const struct dest_fact {
    uint8_t rel;                        /* enum sv_release_id */
    const char *idstr, *fact;
    const char *machine;                /* NULL: any */
    uint64_t value;
} dest_facts[] = {
    /* v0.11.1 hw/pc.c:1503-1505: pc-0.10 sets virtio-net-pci's vectors to 0 */
    { SV_REL_0_11, "virtio-net", "msix_vectors", "pc-0.10", 0 },
    /* v0.11.1 hw/virtio-net.c:748-751: 3 vectors; MSI-X works once an APIC
     * exists (msix_supported, hw/apic.c:984), which pc always has */
    { SV_REL_0_11, "virtio-net", "msix_vectors", NULL, 3 },
};

static const struct pair *pair_of(const struct sv_release *from, const struct sv_release *to)
{
    for (size_t i = 0; from && to && i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].from == sv_release_id(from) && pairs[i].to == sv_release_id(to))
            return &pairs[i];
    return NULL;
}

int sv_bridge_known(const struct sv_release *from, const struct sv_release *to)
{
    return pair_of(from, to) != NULL;
}

/* The first rule for idstr at version (0: any version), on the destination's machine. */
static const struct rule *rule_at(const struct pair *p, const char *idstr, uint32_t version, const char *machine)
{
    for (const struct rule *r = p ? p->rules : NULL; r && r->idstr; r++) {
        char m[40];

        if (strcmp(r->idstr, idstr) != 0 || (version && r->only_version && r->only_version != version))
            continue;
        snprintf(m, sizeof m, " %s ", machine && *machine ? machine : "pc");
        if (r->refuse_machines && !strstr(r->refuse_machines, m))
            continue;
        return r;
    }
    return NULL;
}

static const struct rule *rule_of(const struct pair *p, const char *idstr)
{
    return rule_at(p, idstr, 0, NULL);
}

const struct sv_desc_move *sv_bridge_moves(const struct sv_release *from, const struct sv_release *to,
                                           const char *idstr, int *as_is)
{
    const struct rule *r = rule_of(pair_of(from, to), idstr);

    *as_is = r && r->as_is;
    return r ? r->moves : NULL;
}

size_t sv_bridge_dest_facts(const struct sv_release *to, const char *machine, const char *idstr,
                            struct sv_desc_fact *f, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < sizeof dest_facts / sizeof dest_facts[0]; i++) {
        const struct dest_fact *d = &dest_facts[i];
        int seen = 0;

        if (d->rel != sv_release_id(to) || strcmp(d->idstr, idstr) != 0 ||
            (d->machine && (!machine || strcmp(d->machine, machine) != 0)))
            continue;
        for (size_t k = 0; k < n; k++)
            seen |= strcmp(f[k].name, d->fact) == 0;
        if (!seen && n < max)
            f[n++] = (struct sv_desc_fact){ d->fact, d->value };
    }
    return n;
}

/* Does name match pattern ("[]" = any index)?  The indexes go to idx. */
static int match(const char *pat, const char *name, unsigned long *idx, int *nidx)
{
    *nidx = 0;
    while (*pat) {
        if (pat[0] == '[' && pat[1] == ']') {
            char *end;

            if (*name != '[' || *nidx == 4)
                return 0;
            idx[(*nidx)++] = strtoul(name + 1, &end, 10);
            if (end == name + 1 || *end != ']')
                return 0;
            name = end + 1;
            pat += 2;
        } else if (*pat++ != *name++) {
            return 0;
        }
    }
    return *name == 0;
}

/* pat with its "[]" filled from idx, in buf (SUBST_MAX bytes). */
#define SUBST_MAX (SV_ERR_FIELD_MAX * 2)
static const char *subst(const char *pat, const unsigned long *idx, int nidx, char *buf)
{
    size_t k = 0;
    int i = 0;

    for (; *pat && k + 24 < SUBST_MAX; pat++) {
        if (pat[0] == '[' && pat[1] == ']' && i < nidx) {
            k += (size_t)snprintf(buf + k, SUBST_MAX - k, "[%lu]", idx[i++]);
            pat++;
        } else {
            buf[k++] = *pat;
        }
    }
    buf[k] = 0;
    return buf;
}

static int fact(const struct sv_desc_fact *f, size_t n, const char *name, uint64_t *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0) {
            *v = f[i].value;
            return 1;
        }
    return 0;
}

static void *arena_copy(struct sv_values *vals, const void *p, size_t n)
{
    void *q = sv_desc_values_alloc(vals, n);

    if (q && n)
        memcpy(q, p, n);
    return q;
}

/* Appends a value (taking name, a and b); -1 on no memory. */
/* Appends a value, its name, array and bytes copied into the list's arena
 * (sv_values_free frees them); -1 on no memory. */
static int append(struct sv_values *out, const char *name, const struct sv_desc_field *f, uint8_t type,
                  uint32_t count, uint64_t u, const uint64_t *a, const uint8_t *b)
{
    struct sv_value *v;

    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        struct sv_value *nv = realloc(out->v, cap * sizeof *nv);

        if (!nv)
            return -1;
        out->v = nv;
        out->cap = cap;
    }
    v = &out->v[out->n];
    memset(v, 0, sizeof *v);
    if (!(v->name = arena_copy(out, name, strlen(name) + 1)) ||
        (a && !(v->a = arena_copy(out, a, count * sizeof *a))) || (b && !(v->b = arena_copy(out, b, count))))
        return -1;
    out->n++;
    v->field = f;
    v->type = type;
    v->count = count;
    v->u = u;
    return 0;
}

/* A state the destination sets itself: no default, so it is never dropped. */
static const struct sv_desc_field set_field = { .name = "set by the bridge", .required = 1 };

static struct sv_value *find_out(struct sv_values *out, const char *name)
{
    long i = sv_desc_values_find(out, name);

    return i < 0 ? NULL : &out->v[i];
}

struct drop_ctx {
    const struct sv_bridge *b;
    const char *idstr;
    long long instance;
};

static void dropped(void *opaque, const struct sv_value *v);

/* Is v what m expects (SV_MV_EXPECT)? */
static int expected(const struct sv_desc_move *m, const struct sv_value *v)
{
    if (v->b) {
        for (uint32_t k = 0; k < v->count; k++)
            if (v->b[k] != (m->bytes && m->len ? m->bytes[k % m->len] : 0))
                return 0;
        return 1;
    }
    if (v->a)
        return 0;
    return (m->mask ? v->u & m->mask : v->u) == m->arg || (m->or_set && v->u == m->or_arg);
}

/* A value with no place in the destination that is not what it must be:
 * refused, or dropped on request. */
static int unexpected(const struct sv_desc_move *m, const struct sv_value *v, struct drop_ctx *dc,
                      struct sv_error *err)
{
    char vb[24], ab[24];

    if (dc->b->dropped) {
        dropped(dc, v);
        return 0;
    }
    if (v->b || v->a)
        return sv_error_set_nooff(err, SV_E_RANGE, "field \"%s\": release %s has no place for it, and its bytes are not %s",
                                  v->name, dc->b->to->name, m->bytes ? "at their reset value" : "0");
    sv_int_text(v->u, sv_desc_type_signed(v->type), vb, sizeof vb);
    sv_int_text(m->arg, sv_desc_type_signed(v->type), ab, sizeof ab);
    if (m->mask)
        return sv_error_set_nooff(err, SV_E_RANGE,
                                  "field \"%s\": release %s has no place for it, and its value %s is not %s in the bits %#llx",
                                  v->name, dc->b->to->name, vb, ab, (unsigned long long)m->mask);
    if (m->or_set) {
        char ob[24];

        sv_int_text(m->or_arg, sv_desc_type_signed(v->type), ob, sizeof ob);
        return sv_error_set_nooff(err, SV_E_RANGE, "field \"%s\": release %s has no place for it, and its value %s is not %s or %s",
                                  v->name, dc->b->to->name, vb, ab, ob);
    }
    return sv_error_set_nooff(err, SV_E_RANGE, "field \"%s\": release %s has no place for it, and its value %s is not %s",
                              v->name, dc->b->to->name, vb, ab);
}

/* SV_MV_PLACE: v's bytes, or its integer, into the bytes `to`. */
static int place(const struct sv_desc_move *m, const struct sv_value *v, const char *to, struct sv_values *out,
                 struct sv_error *err)
{
    struct sv_value *o = find_out(out, to);
    uint32_t n = v->b ? v->count : m->len;

    if (!o) {
        uint8_t *z;

        if (append(out, to, &set_field, SV_BYTES, (uint32_t)m->arg, 0, NULL, NULL) < 0 ||
            !(z = sv_desc_values_alloc(out, m->arg ? m->arg : 1)))
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        memset(z, 0, m->arg);
        o = &out->v[out->n - 1];
        o->b = z;
    }
    if (!o->b || v->a || m->off + n > o->count || (!v->b && n > 8))
        return sv_error_set_nooff(err, SV_E_USAGE, "%s: does not fit at %u of %s", v->name, m->off, to);
    if (v->b)
        memcpy(o->b + m->off, v->b, n);
    else
        for (uint32_t k = 0; k < n; k++)
            o->b[m->off + k] = (uint8_t)(v->u >> (8 * (m->le ? k : n - 1 - k)));
    return 0;
}

/* The moves that build a value from a source value. */
static int move_one(const struct sv_desc_move *m, const struct sv_value *v, const unsigned long *idx, int nidx,
                    struct sv_values *out, struct drop_ctx *dc, struct sv_error *err)
{
    char buf[SUBST_MAX];
    const char *to;
    int r = 0;

    if (m->op == SV_MV_EXPECT)
        return expected(m, v) ? 0 : unexpected(m, v, dc, err);
    if (m->op == SV_MV_DERIVED || !m->to)
        return 0;
    to = subst(m->to, idx, nidx, buf);
    switch (m->op) {
    case SV_MV_RENAME:
        r = append(out, to, v->field, v->type, v->count, v->u, v->a, v->b);
        break;
    case SV_MV_SHIFT:
        if (v->a || v->b || (m->arg && v->u >> (64 - m->arg))) {
            return sv_error_set_nooff(err, SV_E_RANGE, "%s: cannot be shifted into %s", v->name, m->to);
        }
        r = append(out, to, v->field, SV_U64, 1, v->u << m->arg, NULL, NULL);
        break;
    case SV_MV_SHR:
        if (v->a || v->b || m->arg >= 64 || (v->u & ((UINT64_C(1) << m->arg) - 1)))
            return sv_error_set_nooff(err, SV_E_RANGE, "field \"%s\": cannot be shifted into %s (low bits set)",
                                      v->name, to);
        r = append(out, to, v->field, SV_U64, 1, v->u >> m->arg, NULL, NULL);
        break;
    case SV_MV_PLACE:
        return place(m, v, to, out, err);
    case SV_MV_SLICE:
        if (!v->b || m->off + m->len > v->count) {
            return sv_error_set_nooff(err, SV_E_USAGE, "%s: has no bytes %u..%u for %s", v->name, m->off,
                                      m->off + m->len, m->to);
        }
        if (m->as_int) {
            uint64_t x = 0;

            for (uint32_t k = 0; k < m->len; k++)
                x = m->le ? x | (uint64_t)v->b[m->off + k] << (8 * k) : x << 8 | v->b[m->off + k];
            r = append(out, to, v->field, SV_U64, 1, m->mask ? x & m->mask : x, NULL, NULL);
        } else {
            r = append(out, to, v->field, SV_BYTES, m->len, 0, NULL, v->b + m->off);
        }
        break;
    default:
        return 0;
    }
    return r < 0 ? sv_error_set_nooff(err, SV_E_NOMEM, "out of memory") : 0;
}

/* Does the move's source condition hold? */
static int applies(const struct sv_desc_move *m, const struct sv_values *vals)
{
    long k;

    if (!m->if_from)
        return 1;
    k = sv_desc_values_find(vals, m->if_from);
    return k >= 0 && !vals->v[k].a && !vals->v[k].b && vals->v[k].u == m->if_eq;
}

/* The values the destination's table takes: the mapping applied to vals. */
static int apply_moves(const struct sv_desc_move *mv, const struct sv_desc_fact *facts, size_t nfacts,
                       const struct sv_values *vals, struct sv_values *out, struct drop_ctx *dc,
                       struct sv_error *err)
{
    memset(out, 0, sizeof *out);
    out->desc = vals->desc;
    out->version = vals->version;
    memcpy(out->target, vals->target, sizeof out->target);
    for (size_t i = 0; i < vals->n; i++) {
        const struct sv_value *v = &vals->v[i];
        int taken = 0;

        for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++) {
            unsigned long idx[4];
            int nidx;

            if (!m->from || !match(m->from, v->name, idx, &nidx) || !applies(m, vals))
                continue;
            taken = 1;
            if (move_one(m, v, idx, nidx, out, dc, err) < 0)
                return -1;
        }
        if (!taken && append(out, v->name, v->field, v->type, v->count, v->u, v->a, v->b) < 0)
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    }
    for (const struct sv_desc_move *m = mv; m && (m->from || m->to); m++) {
        struct sv_value *o;
        uint64_t f = 1;

        if (m->from || (m->when && (!fact(facts, nfacts, m->when, &f) || !f)) || !applies(m, vals))
            continue;
        o = find_out(out, m->to);
        if (m->op == SV_MV_OR_BYTE || m->op == SV_MV_AND_BYTE || (m->op == SV_MV_SET && m->bytes)) {
            if (!o || !o->b || m->off + (m->bytes ? m->len : 1) > o->count)
                return sv_error_set_nooff(err, SV_E_USAGE, "%s: no bytes to set", m->to);
            if (m->bytes)
                memcpy(o->b + m->off, m->bytes, m->len);
            else if (m->op == SV_MV_AND_BYTE)
                o->b[m->off] &= (uint8_t)m->arg;
            else
                o->b[m->off] |= (uint8_t)m->arg;
            continue;
        }
        if (o && (o->a || o->b))
            return sv_error_set_nooff(err, SV_E_USAGE, "%s: not an integer", m->to);
        if (o) {
            o->u = m->op == SV_MV_SET_FACT ? f + m->arg : m->arg;
            o->field = &set_field;
        } else if (append(out, m->to, &set_field, SV_U64, 1, m->op == SV_MV_SET_FACT ? f + m->arg : m->arg,
                          NULL, NULL) < 0) {
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        }
    }
    return 0;
}

/* The bytes of vals[i] in legacy[0, len): up to the next value's offset. */
static void span(const struct sv_values *vals, size_t i, size_t len, size_t *from, size_t *to)
{
    *from = (size_t)vals->v[i].offset;
    *to = i + 1 < vals->n ? (size_t)vals->v[i + 1].offset : len;
}

static int nonzero(const uint8_t *p, size_t n)
{
    while (n--)
        if (*p++)
            return 1;
    return 0;
}

struct edit_ctx {
    const struct sv_bridge *b;
    const struct sv_bridge_edit *ed;
    const struct sv_values *vals;
    const uint8_t *legacy;
    size_t len;
    struct sv_stream *o;
    void *drop_opaque;
    struct sv_error *err;
};

static int moved_away(const struct edit_ctx *x, const char *name)
{
    for (const struct sv_bridge_edit *e = x->ed; e->field; e++)
        if ((e->op == SV_ED_MOVE_AFTER && strcmp(e->field, name) == 0) ||
            (e->op == SV_ED_INTERLEAVE && (strcmp(e->other, name) == 0 || strcmp(e->third, name) == 0)))
            return 1;
    return 0;
}

/* SV_ED_INTERLEAVE: the three arrays, one element of each in turn. */
static int interleave(const struct edit_ctx *x, const struct sv_bridge_edit *e, size_t from, size_t to)
{
    const char *names[2] = { e->other, e->third };
    size_t f[3] = { from }, t[3] = { to };

    for (int i = 0; i < 2; i++) {
        long k = sv_desc_values_find(x->vals, names[i]);

        if (k < 0)
            return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": nothing to interleave with", e->field);
        span(x->vals, (size_t)k, x->len, &f[i + 1], &t[i + 1]);
        if (t[i + 1] - f[i + 1] != to - from)
            return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": its partner has another length", e->field);
    }
    if (!e->len || (to - from) % e->len)
        return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": not whole elements", e->field);
    for (size_t off = 0; off < to - from; off += e->len)
        for (int i = 0; i < 3; i++)
            sv_write(x->o, x->legacy + f[i] + off, e->len);
    return 0;
}

/* Value i's bytes as the destination wants them, then what goes after it. */
static int put_value(const struct edit_ctx *x, size_t i, unsigned depth)
{
    static const uint8_t zeros[4096];
    const struct sv_value *v = &x->vals->v[i];
    size_t from, to, insert = 0, before = 0;
    int done = 0;

    span(x->vals, i, x->len, &from, &to);
    for (const struct sv_bridge_edit *e = x->ed; e->field && !done; e++) {
        unsigned long idx[4];
        int nidx, swap_of = 0;
        char other[SUBST_MAX];
        long k;
        size_t kf, kt;

        if (e->op == SV_ED_SWAP && e->other && match(e->other, v->name, idx, &nidx))
            swap_of = 1;
        else if (!match(e->field, v->name, idx, &nidx))
            continue;
        if (e->op == SV_ED_INSERT_AFTER) {
            long u = e->unless ? sv_desc_values_find(x->vals, e->unless) : -1;

            if (u < 0 || !x->vals->v[u].u)
                insert += e->len;
        } else if (e->op == SV_ED_UNIT_TO_INDEX) {
            uint8_t u = (uint8_t)v->u;

            if (v->a || v->b || to - from != 1 || nidx != 1 || (u != 0xff && u >= e->len))
                return sv_error_set_nooff(x->err, SV_E_RANGE, "field \"%s\": not a unit on its bus", v->name);
            u = u == 0xff ? 0 : (uint8_t)(idx[0] * e->len + u);
            sv_write(x->o, &u, 1);
            done = 1;
        } else if (e->op == SV_ED_INTERLEAVE) {
            if (interleave(x, e, from, to) < 0)
                return -1;
            done = 1;
        } else if (e->op == SV_ED_DROP) {
            long u = e->unless ? sv_desc_values_find(x->vals, e->unless) : -1;

            if (u >= 0 && x->vals->v[u].u)
                continue;
            if (nonzero(x->legacy + from, to - from)) {
                if (!x->b->dropped)
                    return sv_error_set_nooff(x->err, SV_E_RANGE,
                                              "field \"%s\": release %s has no place for it, and its value is not 0",
                                              v->name, x->b->to->name);
                dropped(x->drop_opaque, v);
            }
            done = 1;
        } else if (e->op == SV_ED_INSERT_BEFORE) {
            before += e->len;
        } else if (e->op == SV_ED_DROP_IS) {
            if (v->a || v->b || v->u != e->value) {
                char vb[24], wb[24];

                if (!x->b->dropped) {
                    sv_int_text(v->u, sv_desc_type_signed(v->type), vb, sizeof vb);
                    sv_int_text(e->value, sv_desc_type_signed(v->type), wb, sizeof wb);
                    return sv_error_set_nooff(x->err, SV_E_RANGE,
                                              "field \"%s\": release %s has no place for it, and its value %s is not %s",
                                              v->name, x->b->to->name, v->a || v->b ? "(not an integer)" : vb, wb);
                }
                dropped(x->drop_opaque, v);
            }
            done = 1;
        } else if (e->op == SV_ED_DROP_IDLE) {
            char busy[SUBST_MAX];

            k = e->unless ? sv_desc_values_find(x->vals, subst(e->unless, idx, nidx, busy)) : -1;
            if (k >= 0 && x->vals->v[k].u) {
                if (!x->b->dropped)
                    return sv_error_set_nooff(x->err, SV_E_RANGE,
                                              "field \"%s\": release %s keeps no transfer in progress, and it is not 0",
                                              x->vals->v[k].name, x->b->to->name);
                dropped(x->drop_opaque, v);
            }
            done = 1;
        } else if (e->op == SV_ED_SWAP) {
            /* the partner's bytes here, ours at its place */
            k = sv_desc_values_find(x->vals, subst(swap_of ? e->field : e->other, idx, nidx, other));
            if (k < 0)
                return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": nothing to swap with", v->name);
            span(x->vals, (size_t)k, x->len, &kf, &kt);
            if (kt - kf != to - from)
                return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": its swap has another length", v->name);
            sv_write(x->o, x->legacy + kf, kt - kf);
            done = 1;
        }
    }
    for (; before; before -= before < sizeof zeros ? before : sizeof zeros)
        sv_write(x->o, zeros, before < sizeof zeros ? before : sizeof zeros);
    if (!done)
        sv_write(x->o, x->legacy + from, to - from);
    for (; insert; insert -= insert < sizeof zeros ? insert : sizeof zeros)
        sv_write(x->o, zeros, insert < sizeof zeros ? insert : sizeof zeros);
    for (const struct sv_bridge_edit *e = x->ed; e->field; e++) {
        long k;

        if (e->op != SV_ED_MOVE_AFTER || strcmp(e->other, v->name) != 0)
            continue;
        if ((k = sv_desc_values_find(x->vals, e->field)) < 0 || depth > 64)
            return sv_error_set_nooff(x->err, SV_E_USAGE, "field \"%s\": nothing to move after it", v->name);
        if (put_value(x, (size_t)k, depth + 1) < 0)
            return -1;
    }
    return 0;
}

/* legacy, decoded into vals, with the edits applied, to o. */
static int apply_edits(const struct sv_bridge *b, const struct sv_bridge_edit *ed, const struct sv_values *vals,
                       const uint8_t *legacy, size_t len, struct sv_stream *o, void *drop_opaque,
                       struct sv_error *err)
{
    struct edit_ctx x = { b, ed, vals, legacy, len, o, drop_opaque, err };

    if (vals->n && vals->v[0].offset)
        sv_write(o, legacy, (size_t)vals->v[0].offset);
    for (size_t i = 0; i < vals->n; i++)
        if (!moved_away(&x, vals->v[i].name) && put_value(&x, i, 0) < 0)
            return -1;
    return sv_stream_failed(o) ? sv_error_set_nooff(err, SV_E_NOMEM, "out of memory") : 0;
}

static void dropped(void *opaque, const struct sv_value *v)
{
    struct drop_ctx *d = opaque;

    d->b->dropped(d->b->opaque, d->idstr, d->instance, v);
}

int sv_bridge_section(const struct sv_bridge *b, const char *idstr, long long instance, uint32_t version,
                      const uint8_t *legacy, size_t len, uint8_t **out, size_t *out_len,
                      uint32_t *out_version, enum sv_bridge_how *how, struct sv_error *err)
{
    const char *target = b->target && *b->target ? b->target : NULL;
    const struct sv_desc *src = sv_desc_find(b->from->name, target, idstr, version);
    const struct sv_desc *dst = sv_desc_newest(b->to->name, target, idstr);
    const struct sv_desc *reads = sv_desc_find(b->to->name, target, idstr, version);
    const struct rule *r = rule_at(pair_of(b->from, b->to), idstr, version, b->machine);
    struct sv_desc_fact facts[SV_BRIDGE_FACTS_MAX];
    struct drop_ctx dc = { b, idstr, instance };
    struct sv_values vals = { 0 }, moved = { 0 };
    struct sv_desc_ctx c = { .target = target, .instance = instance, .legacy_len = len };
    struct sv_stream in, o;
    uint64_t consumed;
    int rc = -1;

    *out = NULL;
    *out_len = 0;
    if (!pair_of(b->from, b->to))
        return sv_error_set_nooff(err, SV_E_USAGE, "no bridge from release %s to %s", b->from->name, b->to->name);
    if (!dst)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s has no device \"%s\"", b->to->name, idstr);
    if (!src)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s has no descriptor for \"%s\" v%u", b->from->name,
                                  idstr, version);
    if (r && r->refuse)
        return sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s cannot take \"%s\" v%u: %s", b->to->name, idstr,
                                  version, r->refuse);
    /* the destination's loader takes the version, and reads it as written:
     * declared, or the same table in both releases */
    if (reads && (r ? r->as_is : reads == src)) {
        if (!(*out = malloc(len ? len : 1)))
            return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
        if (len)
            memcpy(*out, legacy, len);
        *out_len = len;
        *out_version = version;
        *how = SV_BRIDGE_AS_IS;
        return 0;
    }
    sv_stream_mem_reader(&in, legacy, len);
    if (sv_desc_decode_legacy(src, &c, version, &in, &vals, &consumed, err) < 0)
        goto done;
    if (consumed != len) {
        sv_error_set_nooff(err, SV_E_CORRUPT, "the descriptor reads %llu of the %zu bytes saved",
                           (unsigned long long)consumed, len);
        goto done;
    }
    if (r && r->edits) {
        uint32_t v = r->version ? r->version : version;
        const struct sv_desc *check = sv_desc_find(b->to->name, target, idstr, v);
        struct sv_values got = { 0 };
        struct sv_stream chk;

        sv_stream_mem_writer(&o, 0);
        if (!check) {
            sv_error_set_nooff(err, SV_E_UNKNOWN, "release %s has no descriptor for \"%s\" v%u", b->to->name, idstr, v);
            sv_stream_free(&o);
            goto done;
        }
        if (apply_edits(b, r->edits, &vals, legacy, len, &o, &dc, err) < 0) {
            sv_stream_free(&o);
            goto done;
        }
        *out = sv_stream_mem_take(&o, out_len);
        /* what the destination's table reads, all of it */
        c.legacy_len = *out_len;
        sv_stream_mem_reader(&chk, *out, *out_len);
        if (sv_desc_decode_legacy(check, &c, v, &chk, &got, &consumed, err) < 0 || consumed != *out_len) {
            if (consumed != *out_len && err->code == SV_OK)
                sv_error_set_nooff(err, SV_E_CORRUPT, "release %s's table reads %llu of the %zu bytes edited",
                                   b->to->name, (unsigned long long)consumed, *out_len);
            sv_values_free(&got);
            free(*out);
            *out = NULL;
            goto done;
        }
        sv_values_free(&got);
        *out_version = v;
        *how = SV_BRIDGE_VALUES;
        rc = 0;
        goto done;
    }
    if (apply_moves(r ? r->moves : NULL, facts, sv_bridge_dest_facts(b->to, b->machine, idstr, facts, SV_BRIDGE_FACTS_MAX),
                    &vals, &moved, &dc, err) < 0)
        goto done;
    c.legacy_len = 0;
    if (b->dropped) {
        c.dropped = dropped;
        c.dropped_opaque = &dc;
    }
    sv_stream_mem_writer(&o, 0);
    if (sv_desc_encode_legacy(dst, &c, dst->version, &moved, &o, err) < 0) {
        sv_stream_free(&o);
        goto done;
    }
    *out = sv_stream_mem_take(&o, out_len);
    *out_version = dst->version;
    *how = SV_BRIDGE_VALUES;
    rc = 0;
done:
    sv_values_free(&moved);
    sv_values_free(&vals);
    return rc;
}
