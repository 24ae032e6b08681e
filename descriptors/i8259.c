/*
 * "i8259": hw/i8259.c pic_save, version 1 (0.10.6 and 0.11.1). 16 bytes;
 * instances 32 (master) and 160 (slave), by I/O base.  pic_load stores each
 * byte as is; every register is a plain u8 the emulation masks on use.
 * Defaults: hw/i8259.c:pic_reset sets every register but elcr to 0.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field i8259_v1[] = {
    { .name = "last_irr", .type = SV_U8 },
    { .name = "irr", .type = SV_U8 },
    { .name = "imr", .type = SV_U8 },
    { .name = "isr", .type = SV_U8 },
    /* hw/i8259.c: priority_add is used as (irq + priority_add) & 7, any u8 */
    { .name = "priority_add", .type = SV_U8 },
    { .name = "irq_base", .type = SV_U8 },
    { .name = "read_reg_select", .type = SV_U8 },
    { .name = "poll", .type = SV_U8 },
    { .name = "special_mask", .type = SV_U8 },
    /* hw/i8259.c:pic_ioport_write: switch on init_state, unknown values ignored */
    { .name = "init_state", .type = SV_U8 },
    { .name = "auto_eoi", .type = SV_U8 },
    { .name = "rotate_on_auto_eoi", .type = SV_U8 },
    { .name = "special_fully_nested_mode", .type = SV_U8 },
    { .name = "init4", .type = SV_U8 },
    { .name = "single_mode", .type = SV_U8 },
    /* pic_reset: "ELCR is not reset" */
    { .name = "elcr", .type = SV_U8, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_i8259 = {
    .idstr = "i8259", .min_version = 1, .version = 1, .fields = i8259_v1,
};
