/*
 * "ne2000": hw/ne2000.c ne2000_save, the same in 0.10.6 and 0.11.1.  The
 * PCI card (ne2k_pci, -M pc's default NIC) registers version 3, which
 * starts with the PCI config space: 49,472 bytes.  The ISA card registers
 * version 2, without it.  ne2000_load takes 1..3: rxcr from version 2, the
 * config space from version 3 on a PCI card.
 *
 * The card registers no reset handler: the defaults are its init state,
 * the zeroed device with what hw/ne2000.c:ne2000_reset (run by the init
 * functions and by a guest read of the reset port) sets.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field ne2000_v3[] = {
    { .name = "pci", .kind = SV_D_GROUP, .since = 3, .sub = sv_desc_pci_device },
    /* zeroed at init (ne2000_load sets 0x0c when loading version 1) */
    { .name = "rxcr", .type = SV_U8, .since = 2 },
    { .name = "cmd", .type = SV_U8 },
    /* ne2000_ioport_write stores the page register shifted: val << 8 of a
     * byte (ne2000_receive trusts both as offsets into mem) */
    { .name = "start", .type = SV_U32, .bounded = 1, .lo = 0, .hi = 0xff00 },
    { .name = "stop", .type = SV_U32, .bounded = 1, .lo = 0, .hi = 0xff00 },
    { .name = "boundary", .type = SV_U8 },
    { .name = "tsr", .type = SV_U8 },
    { .name = "tpsr", .type = SV_U8 },
    /* the transmit path checks tpsr << 8 + tcnt against the buffer */
    { .name = "tcnt", .type = SV_U16 },
    { .name = "rcnt", .type = SV_U16 },
    /* ne2000_dma_update moves it past 0xffff when it skips stop; the
     * remote DMA accessors check it against the buffer */
    { .name = "rsar", .type = SV_U32 },
    { .name = "rsr", .type = SV_U8 },
    /* ne2000_reset: ENISR_RESET */
    { .name = "isr", .type = SV_U8, .dflt = 0x80 },
    { .name = "dcfg", .type = SV_U8 },
    { .name = "imr", .type = SV_U8 },
    { .name = "phys", .kind = SV_D_BYTES, .n = 6 },
    { .name = "curpag", .type = SV_U8 },
    { .name = "mult", .kind = SV_D_BYTES, .n = 8 },
    /* formerly the irq; the save writes 0 and the load ignores it */
    { .name = "irq", .type = SV_U32 },
    /* NE2000_MEM_SIZE: 16 KiB below the packet memory, 32 KiB of it.
     * ne2000_reset writes the PROM (the MAC address) at its start */
    { .name = "mem", .kind = SV_D_BYTES, .n = 48 * 1024, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ne2000 = {
    /* hw/ne2000.c: isa_ne2000_init registers version 2, pci_ne2000_init 3 */
    .idstr = "ne2000", .min_version = 1, .version = 3, .also_saves = 2, .fields = ne2000_v3,
};
