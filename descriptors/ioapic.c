/*
 * "ioapic": ioapic_save, version 1: hw/ioapic.c in 0.11.1, hw/apic.c in
 * 0.10.6, the same bytes. 194 bytes.
 */
#include <config.h>

#include "devices.h"

/* ioapic_reset (hw/apic.c in 0.10.6, hw/ioapic.c in 0.11.1): memset 0,
 * then every pin masked */
static const struct sv_desc_field ioapic_v1[] = {
    { .name = "id", .type = SV_U8 },
    /* ioapic_mem_readl checks the redirection index it derives: any u8 */
    { .name = "ioregsel", .type = SV_U8 },
    /* IOAPIC_NUM_PINS; ioapic_reset masks every pin (1 << 16) */
    { .name = "ioredtbl", .type = SV_U64, .n = 24, .dflt = 0x10000 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ioapic = {
    .idstr = "ioapic", .min_version = 1, .version = 1, .fields = ioapic_v1,
};
