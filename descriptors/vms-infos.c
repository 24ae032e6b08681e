/*
 * What each VMStateInfo writes, known by its symbol: the .name strings do
 * not tell ("int32 equal" names two infos, "uint64_as_uint32" has size 8
 * and writes 4 bytes, a timer field's size is a pointer's).  Read from
 * savevm.c, vl.c, hw/pci.c, hw/eeprom93xx.c, hw/fw_cfg.c and
 * target-i386/machine.c of v0.12.3 and qemu-kvm-0.12.1.2.  An info not
 * listed here is refused by name (vms-build.c).
 */
#include <config.h>

#include "vms.h"

#include <string.h>

#define INT(sym, t, src) { sym, SV_VW_INT, t, src }

static const struct sv_vms_info infos[] = {
    /* savevm.c: qemu_put_s8s, sbe16s, sbe32s, sbe64s */
    INT("vmstate_info_int8", SV_S8, "savevm.c put_int8"),
    INT("vmstate_info_int16", SV_S16, "savevm.c put_int16"),
    INT("vmstate_info_int32", SV_S32, "savevm.c put_int32"),
    INT("vmstate_info_int64", SV_S64, "savevm.c put_int64"),
    /* the _equal and _le infos write as put_int32 / put_uint8 / put_uint16;
     * only their loads differ (they compare with the device's value) */
    INT("vmstate_info_int32_equal", SV_S32, "savevm.c: put_int32, get_int32_equal"),
    INT("vmstate_info_int32_le", SV_S32, "savevm.c: put_int32, get_int32_le (named \"int32 equal\" too)"),
    INT("vmstate_info_uint8", SV_U8, "savevm.c put_uint8"),
    INT("vmstate_info_uint16", SV_U16, "savevm.c put_uint16"),
    INT("vmstate_info_uint32", SV_U32, "savevm.c put_uint32"),
    INT("vmstate_info_uint64", SV_U64, "savevm.c put_uint64"),
    INT("vmstate_info_uint8_equal", SV_U8, "savevm.c: put_uint8, get_uint8_equal"),
    INT("vmstate_info_uint16_equal", SV_U16, "savevm.c: put_uint16, get_uint16_equal"),
    /* qemu-kvm-0.12.1.2 savevm.c (__linux__): qemu_put_be64s of a __u64 */
    INT("vmstate_info_u64", SV_U64, "qemu-kvm savevm.c put_u64"),
    /* vl.c qemu_put_timer: be64 expiry, -1 when not pending */
    INT("vmstate_info_timer", SV_S64, "savevm.c put_timer, vl.c qemu_put_timer"),
    /* savevm.c put_buffer: `size` bytes; put_unused_buffer: `size` zero bytes */
    { "vmstate_info_buffer", SV_VW_BUFFER, SV_BYTES, "savevm.c put_buffer" },
    { "vmstate_info_unused_buffer", SV_VW_BUFFER, SV_BYTES, "savevm.c put_unused_buffer" },
    /* hw/pci.c put_pci_config_device: the config space, `size` bytes
     * (get_pci_config_device refuses read-only bits that differ) */
    { "vmstate_info_pci_config", SV_VW_BUFFER, SV_BYTES, "hw/pci.c put_pci_config_device" },
    /* hw/pci.c put_pci_irq_state: PCI_NUM_PINS (4) be32, each 0 or 1 */
    { "vmstate_info_pci_irq_state", SV_VW_U32_ARRAY4, SV_U32, "hw/pci.c put_pci_irq_state" },
    /* target-i386/machine.c (USE_X86LDOUBLE, every x86 host): put_fpreg
     * writes be64 mantissa, be16 exponent; the _1_ infos read a be64 only
     * (streams from hosts without it) and never write */
    { "vmstate_fpreg", SV_VW_FPREG, SV_U64, "target-i386/machine.c put_fpreg" },
    INT("vmstate_fpreg_1_mmx", SV_U64, "target-i386/machine.c get_fpreg_1_mmx"),
    INT("vmstate_fpreg_1_no_mmx", SV_U64, "target-i386/machine.c get_fpreg_1_no_mmx"),
    /* target-i386/machine.c (x86_64): a uint64_t field saved as be32 */
    INT("vmstate_hack_uint64_as_uint32", SV_U32, "target-i386/machine.c put_uint64_as_uint32"),
    /* hw/fw_cfg.c: a uint32_t read as be16 (version 1 only) */
    INT("vmstate_hack_uint32_as_uint16", SV_U16, "hw/fw_cfg.c get_uint32_as_uint16"),
    /* hw/eeprom93xx.c: a uint16_t read from one byte (old versions only) */
    INT("vmstate_hack_uint16_from_uint8", SV_U8, "hw/eeprom93xx.c get_uint16_from_uint8"),
    /* the emulator's 0.12 build: a uint64_t field saved as be32 (its low half) */
    INT("vmstate_info_emu_stamp32", SV_U32, "emu/dev-emu-bus.c put_stamp32"),
};

const struct sv_vms_info *sv_vms_info_find(const char *symbol)
{
    for (size_t i = 0; symbol && i < sizeof infos / sizeof infos[0]; i++)
        if (strcmp(infos[i].symbol, symbol) == 0)
            return &infos[i];
    return NULL;
}

const struct sv_vms_info *sv_vms_info_nth(size_t i)
{
    return i < sizeof infos / sizeof infos[0] ? &infos[i] : NULL;
}
