/*
 * "apic": hw/apic.c apic_save, version 2 (0.10.6 and 0.11.1). 181 bytes,
 * instance 0 for the first CPU.  apic_load takes versions 1 and 2.
 *
 * Defaults: hw/apic.c:apic_reset, which clears the registers through
 * apic_init_ipi (0.10.6) or apic_init_reset (0.11.1), the same fields to
 * the same values.  What depends on whether this is the boot CPU
 * (apicbase, lvt[LINT0], id) and what the reset leaves is required.
 */
#include <config.h>

#include "devices.h"

/* apic_save writes isr[i], tmr[i], irr[i] together, i = 0..7 */
/* apic_init_reset: isr, tmr and irr cleared */
static const struct sv_desc_field apic_reg[] = {
    { .name = "isr", .type = SV_U32 },
    { .name = "tmr", .type = SV_U32 },
    { .name = "irr", .type = SV_U32 },
    { .name = NULL },
};

static const struct sv_desc_field apic_v2[] = {
    /* apic_reset: 0xfee00000 | MSR_IA32_APICBASE_ENABLE, | BSP on the boot CPU */
    { .name = "apicbase", .type = SV_U32, .required = 1 },
    /* apic_init: the CPU's APIC id; the reset leaves id and arb_id */
    { .name = "id", .type = SV_U8, .required = 1 },
    { .name = "arb_id", .type = SV_U8, .required = 1 },
    /* apic_init_reset: 0 */
    { .name = "tpr", .type = SV_U8 },
    /* apic_init_reset: 0xff */
    { .name = "spurious_vec", .type = SV_U32, .dflt = 0xff },
    /* apic_init_reset: 0 */
    { .name = "log_dest", .type = SV_U8 },
    /* apic_init_reset: 0xf (flat model) */
    { .name = "dest_mode", .type = SV_U8, .dflt = 0xf },
    { .name = "reg", .kind = SV_D_GROUP, .n = 8, .sub = apic_reg },
    /* APIC_LVT_NB; apic_init_reset masks them all (1 << 16), then
     * apic_reset sets LINT0 to ExtInt (0x700) on the boot CPU only */
    { .name = "lvt", .type = SV_U32, .n = 6, .required = 1 },
    /* apic_init_reset: esr, icr, divide_conf, count_shift, initial_count,
     * initial_count_load_time and next_time 0 */
    { .name = "esr", .type = SV_U32 },
    { .name = "icr", .type = SV_U32, .n = 2 },
    { .name = "divide_conf", .type = SV_U32 },
    /* hw/apic.c:apic_mem_writel stores (v + 1) & 7; apic_get_current_count
     * shifts a 64-bit count by it */
    { .name = "count_shift", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 7 },
    { .name = "initial_count", .type = SV_U32 },
    { .name = "initial_count_load_time", .type = SV_S64 },
    { .name = "next_time", .type = SV_S64 },
    /* apic_load: the timer only from version 2; qemu_put_timer's -1 is
     * "not pending".  The reset leaves a pending timer armed */
    { .name = "timer", .type = SV_S64, .since = 2, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_apic = {
    .idstr = "apic", .min_version = 1, .version = 2, .fields = apic_v2,
};
