/* "cpu_common": exec.c cpu_common_save, version 1 (0.10.6 and 0.11.1). 8 bytes. */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field cpu_common_v1[] = {
    /* target-i386/helper.c:cpu_reset clears it, then the APIC's reset sets it
     * on every CPU but the boot one (hw/apic.c: apic_init_ipi in 0.10.6,
     * apic_init_reset in 0.11.1): it depends on which CPU this is */
    { .name = "halted", .type = SV_U32, .required = 1 },
    /* cpu_reset: the memset up to `breakpoints` clears it (0).
     * exec.c:cpu_common_load clears bit 0 (the old CPU_INTERRUPT_EXIT) on load */
    { .name = "interrupt_request", .type = SV_U32 },
    { .name = NULL },
};

const struct sv_desc sv_desc_cpu_common = {
    .idstr = "cpu_common", .min_version = 1, .version = 1, .fields = cpu_common_v1,
};
