/*
 * "serial": hw/serial.c serial_save, version 3 (0.10.6 and 0.11.1). 11 bytes,
 * instance 1016 (the I/O base 0x3f8).  serial_load takes versions 1 to 3.
 * Defaults: hw/serial.c:serial_reset, which sets every field but fcr.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field serial_v3[] = {
    /* serial_load: version 1 stored the divider in one byte (get_byte).
     * serial_reset: 0x0c (9600 baud) */
    { .name = "divider", .type = SV_U16, .wire = 1, .until = 1, .dflt = 0x0c },
    /* serial_update_parameters returns early on 0: any u16 */
    { .name = "divider", .type = SV_U16, .since = 2, .dflt = 0x0c },
    { .name = "rbr", .type = SV_U8 },
    { .name = "ier", .type = SV_U8 },
    /* serial_reset: UART_IIR_NO_INT */
    { .name = "iir", .type = SV_U8, .dflt = 0x01 },
    { .name = "lcr", .type = SV_U8 },
    /* serial_reset: UART_MCR_OUT2 */
    { .name = "mcr", .type = SV_U8, .dflt = 0x08 },
    /* serial_reset: UART_LSR_TEMT | UART_LSR_THRE */
    { .name = "lsr", .type = SV_U8, .dflt = 0x60 },
    /* serial_reset: UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS */
    { .name = "msr", .type = SV_U8, .dflt = 0xb0 },
    { .name = "scr", .type = SV_U8 },
    /* serial_load (version >= 3) passes it through serial_ioport_write,
     * which keeps val & 0xc9: any u8.  serial_reset leaves it */
    { .name = "fcr", .type = SV_U8, .since = 3, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_serial = {
    .idstr = "serial", .min_version = 1, .version = 3, .fields = serial_v3,
};
