/*
 * What a 0.12 binary's VMState tables cannot tell, written by hand: what
 * each field_exists function decides (it is code), and the counts a
 * variable array takes from the device rather than from the stream.  Each
 * entry cites where it was read (v0.12.3; qemu-kvm-0.12.1.2 has the same
 * functions and counts).  A table that uses a function or a count not
 * listed here still builds; a stream that reaches the field is refused
 * offline, naming it (vms-build.c).
 */
#include <config.h>

#include "vms.h"

#include <string.h>

#define FIELD_IS(f, o, v) { .kind = SV_IF_FIELD, .field = (f), .op = (o), .value = (v) }

/* target-i386/machine.c: guess_mmx = fptag_vmstate == 0xff && (fpus_vmstate & 0x3800) == 0 */
static const struct sv_cond fpus_top_zero = { .kind = SV_IF_FIELD, .field = "fpus_vmstate", .op = SV_OP_EQ,
                                              .mask = 0x3800, .value = 0 };
static const struct sv_cond guess_mmx = { .kind = SV_IF_FIELD, .field = "fptag_vmstate", .op = SV_OP_EQ,
                                          .value = 0xff, .also = &fpus_top_zero };

static const struct sv_vms_exists exists_012[] = {
    { .function = "is_version_1", .desc = "vmstate_e1000", .since = 1, .until = 1,
      .source = "hw/e1000.c is_version_1: version_id == 1" },
    { .function = "is_version_1", .desc = "vmstate_fw_cfg", .since = 1, .until = 1,
      .source = "hw/fw_cfg.c is_version_1: version_id == 1" },
    { .function = "is_version_2", .desc = "vmstate_pcnet", .since = 2, .until = 2,
      .source = "hw/pcnet.c is_version_2: version_id == 2" },
    { .function = "is_version_2", .desc = "vmstate_ac97", .since = 2, .until = 2,
      .source = "hw/ac97.c is_version_2: version_id == 2" },
    /* OLD_EEPROM_VERSION 20061112 */
    { .function = "is_old_eeprom_version", .since = 20061112, .until = 20061112,
      .source = "hw/eeprom93xx.c is_old_eeprom_version: version_id == OLD_EEPROM_VERSION" },
    { .function = "is_identify_set", .cond = FIELD_IS("identify_set", SV_OP_NE, 0),
      .source = "hw/ide/core.c is_identify_set: identify_set != 0" },
    { .function = "version_is_5", .since = 5, .until = 5,
      .source = "target-i386/machine.c version_is_5: version_id == 5" },
    { .function = "less_than_7", .until = 6, .source = "target-i386/machine.c less_than_7: version_id < 7" },
    /* USE_X86LDOUBLE (every x86 host): cpu_pre_save sets fpregs_format_vmstate 0 */
    { .function = "fpregs_is_0", .cond = FIELD_IS("fpregs_format_vmstate", SV_OP_EQ, 0),
      .source = "target-i386/machine.c fpregs_is_0: fpregs_format_vmstate == 0" },
    { .function = "fpregs_is_1_mmx",
      .cond = { .kind = SV_IF_FIELD, .field = "fpregs_format_vmstate", .op = SV_OP_EQ, .value = 1,
                .also = &guess_mmx },
      .source = "target-i386/machine.c fpregs_is_1_mmx: guess_mmx && fpregs_format_vmstate == 1" },
    { .function = "fpregs_is_1_no_mmx",
      .cond = { .kind = SV_IF_FIELD, .field = "fpregs_format_vmstate", .op = SV_OP_EQ, .value = 1,
                .also = &guess_mmx, .not_also = 1 },
      .source = "target-i386/machine.c fpregs_is_1_no_mmx: !guess_mmx && fpregs_format_vmstate == 1" },
    { .function = NULL },
};

static const struct sv_vms_count counts_012[] = {
    { .desc = "vmstate_fdc", .field = "fifo", .n = 512,
      .source = "hw/fdc.c fdctrl_init_common: fdctrl->fifo_size = 512" },
    /* IDE_DMA_BUF_SECTORS 256 (hw/ide/internal.h) */
    { .desc = "vmstate_ide_drive", .field = "io_buffer", .n = 256 * 512 + 4,
      .source = "hw/ide/core.c ide_init2: io_buffer_total_len = IDE_DMA_BUF_SECTORS*512 + 4" },
    /* SVGA_SCRATCH_SIZE 0x8000 */
    { .desc = "vmstate_vmware_vga_internal", .field = "scratch", .n = 0x8000,
      .source = "hw/vmware_vga.c vmsvga_init: scratch_size = SVGA_SCRATCH_SIZE" },
    { .desc = NULL },
};

/* hw/eepro100.c nic_init: a copy of vmstate_eepro100 named after the model */
static const char *const eepro100_models[] = {
    "i82550", "i82551", "i82557a", "i82557b", "i82557c", "i82558a", "i82558b", "i82559a", "i82559b", "i82559c",
    "i82559er", "i82562", NULL,
};

static const struct sv_vms_template templates_012[] = {
    { .desc = "vmstate_eepro100", .names = eepro100_models,
      .source = "hw/eepro100.c nic_init: s->vmstate->name = s->nic->nc.model; the models of eepro100_info" },
    { .desc = NULL },
};

/* target-i386/machine.c: target_ulong fields and CPU_NB_REGS arrays */
static const char *const by_target_012[] = { "cpu", NULL };

/* The emulator's 0.12 build (emu/, doc/EMU.md): no init-time counts */
static const struct sv_vms_exists exists_emu_012[] = {
    { .function = "identify_present", .cond = FIELD_IS("identify_set", SV_OP_NE, 0),
      .source = "emu/dev-emu-disk.c identify_present: identify_set != 0" },
    { .function = NULL },
};

static const struct sv_vms_overlay overlays[] = {
    { .release = SV_REL_0_12, .exists = exists_012, .counts = counts_012, .by_target = by_target_012,
      .templates = templates_012 },
    { .release = SV_REL_QEMU_KVM_0_12, .exists = exists_012, .counts = counts_012, .by_target = by_target_012,
      .templates = templates_012 },
    { .release = SV_REL_EMU_012, .exists = exists_emu_012 },
};

const struct sv_vms_overlay *sv_vms_overlay_find(const char *release)
{
    const struct sv_release *r = sv_release_find(release);

    for (size_t i = 0; r && i < sizeof overlays / sizeof overlays[0]; i++)
        if (overlays[i].release == sv_release_id(r))
            return &overlays[i];
    return NULL;
}
