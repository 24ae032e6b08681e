/*
 * "dma": hw/dma.c dma_save, version 1 (0.10.6 and 0.11.1). 75 bytes;
 * instance 0 (8-bit controller) and 1 (16-bit controller).
 */
#include <config.h>

#include "devices.h"

/* hw/dma.c:dma_reset writes the controller's master clear (port 0x0d),
 * which write_cont handles by setting flip_flop, mask, status and command;
 * the channels' registers are left as they were: required */
static const struct sv_desc_field dma_channel[] = {
    /* now[ADDR], now[COUNT]: int, recomputed by the transfer code */
    { .name = "now", .type = SV_S32, .n = 2, .required = 1 },
    /* base[ADDR], base[COUNT] */
    { .name = "base", .type = SV_U16, .n = 2, .required = 1 },
    /* the code uses bit fields of mode: any u8 */
    { .name = "mode", .type = SV_U8, .required = 1 },
    { .name = "page", .type = SV_U8, .required = 1 },
    { .name = "pageh", .type = SV_U8, .required = 1 },
    { .name = "dack", .type = SV_U8, .required = 1 },
    { .name = "eop", .type = SV_U8, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field dma_v1[] = {
    /* dma_save leaves out status (commented out in the source).
     * write_cont, master clear: 0 */
    { .name = "command", .type = SV_U8 },
    /* write_cont, master clear: ~0 (every channel masked) */
    { .name = "mask", .type = SV_U8, .dflt = 0xff },
    /* write_cont, master clear: 0 */
    { .name = "flip_flop", .type = SV_U8 },
    /* hw/dma.c:DMA_init passes dshift 0 (instance 0) or 1 (instance 1);
     * it is a shift count for every port and address computation, and
     * which controller this is: required */
    { .name = "dshift", .type = SV_S32, .required = 1, .bounded = 1, .lo = 0, .hi = 1 },
    { .name = "regs", .kind = SV_D_GROUP, .n = 4, .sub = dma_channel },
    { .name = NULL },
};

const struct sv_desc sv_desc_dma = {
    .idstr = "dma", .min_version = 1, .version = 1, .fields = dma_v1,
};
