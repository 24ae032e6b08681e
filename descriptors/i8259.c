/*
 * "i8259": hw/i8259.c pic_save, version 1 (0.10.6 and 0.11.1). 16 bytes;
 * instances 32 (master) and 160 (slave), by I/O base.  pic_load stores each
 * byte as is; every register is a plain u8 the emulation masks on use.
 */
#include "devices.h"

static const struct sv_desc_field i8259_v1[] = {
    { .name = "last_irr", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "irr", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "imr", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "isr", .kind = SV_D_INT, .type = SV_U8 },
    /* hw/i8259.c: priority_add is used as (irq + priority_add) & 7, any u8 */
    { .name = "priority_add", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "irq_base", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "read_reg_select", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "poll", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "special_mask", .kind = SV_D_INT, .type = SV_U8 },
    /* hw/i8259.c:pic_ioport_write: switch on init_state, unknown values ignored */
    { .name = "init_state", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "auto_eoi", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "rotate_on_auto_eoi", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "special_fully_nested_mode", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "init4", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "single_mode", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "elcr", .kind = SV_D_INT, .type = SV_U8 },
    { .name = NULL },
};

const struct sv_desc sv_desc_i8259 = {
    .idstr = "i8259", .min_version = 1, .version = 1, .fields = i8259_v1,
};
