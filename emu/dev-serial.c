/* "serial" at 1016 (v3, 11 bytes), hw/serial.c in 0.11:
 *   be16 divider, u8 rbr, ier, iir, lcr, mcr, lsr, msr, scr, fcr (v3)
 * The loader goes through the FCR write path, which keeps only the sticky
 * bits (0xc9) and mirrors FIFO enable into IIR bits 6-7.  The first tick
 * programs 115200 8N1 with FIFOs; each later tick receives one byte. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define IIR_NO_INT 0x01
#define IIR_RDI 0x04
#define IIR_FIFO 0xc0
#define LSR_DR 0x01
#define FCR_FE 0x01

static struct {
    uint16_t divider;
    uint8_t rbr, ier, iir, lcr, mcr, lsr, msr, scr, fcr;
} uart;

/* Like a guest write to FCR: rewriting the same value changes nothing. */
static void write_fcr(uint8_t val)
{
    if (uart.fcr == val)
        return;
    uart.fcr = val & 0xc9;
    if (val & FCR_FE)
        uart.iir |= IIR_FIFO;
    else
        uart.iir &= (uint8_t)~IIR_FIFO;
}

static void serial_save(QEMUFile *f, void *opaque)
{
    qemu_put_be16(f, uart.divider);
    qemu_put_byte(f, uart.rbr);
    qemu_put_byte(f, uart.ier);
    qemu_put_byte(f, uart.iir);
    qemu_put_byte(f, uart.lcr);
    qemu_put_byte(f, uart.mcr);
    qemu_put_byte(f, uart.lsr);
    qemu_put_byte(f, uart.msr);
    qemu_put_byte(f, uart.scr);
    qemu_put_byte(f, uart.fcr);
}

static int serial_load(QEMUFile *f, void *opaque, int version_id)
{
    uint8_t fcr = 0;

    if (version_id > 3)
        return -EINVAL;
    /* v1 had an 8-bit divider */
    uart.divider = (uint16_t)(version_id >= 2 ? qemu_get_be16(f) : (unsigned)qemu_get_byte(f));
    uart.rbr = (uint8_t)qemu_get_byte(f);
    uart.ier = (uint8_t)qemu_get_byte(f);
    uart.iir = (uint8_t)qemu_get_byte(f);
    uart.lcr = (uint8_t)qemu_get_byte(f);
    uart.mcr = (uint8_t)qemu_get_byte(f);
    uart.lsr = (uint8_t)qemu_get_byte(f);
    uart.msr = (uint8_t)qemu_get_byte(f);
    uart.scr = (uint8_t)qemu_get_byte(f);
    if (version_id >= 3)
        fcr = (uint8_t)qemu_get_byte(f);
    write_fcr(fcr);
    return 0;
}

/* hw/serial.c:serial_reset: every register but fcr */
static void serial_reset(void)
{
    uart.rbr = 0;
    uart.ier = 0;
    uart.iir = IIR_NO_INT;
    uart.lcr = 0;
    uart.lsr = 0x60;                /* TEMT | THRE */
    uart.msr = 0xb0;                /* DCD | DSR | CTS */
    uart.divider = 0x0c;            /* 9600 baud */
    uart.mcr = 0x08;                /* OUT2 */
    uart.scr = 0;
}

static void serial_init(const struct emu_config *cfg)
{
    serial_reset();
    register_savevm("serial", 0x3f8, 3, serial_save, serial_load, &uart);
}

static void serial_tick(int64_t now)
{
    if (uart.lcr == 0) {
        uart.lcr = 0x03;
        uart.divider = 0x01;
        uart.ier = 0x01;
        write_fcr(0xc7);
        return;
    }
    uart.rbr = (uint8_t)('A' + uart.scr % 26);
    uart.scr++;
    uart.lsr |= LSR_DR;
    if (uart.ier & 0x01)
        uart.iir = (uint8_t)((uart.iir & IIR_FIFO) | IIR_RDI);
}

static void serial_print(FILE *out)
{
    const char *d = "serial@1016";

    print_u(out, d, "divider", uart.divider);
    print_u(out, d, "rbr", uart.rbr);
    print_u(out, d, "ier", uart.ier);
    print_u(out, d, "iir", uart.iir);
    print_u(out, d, "lcr", uart.lcr);
    print_u(out, d, "mcr", uart.mcr);
    print_u(out, d, "lsr", uart.lsr);
    print_u(out, d, "msr", uart.msr);
    print_u(out, d, "scr", uart.scr);
    print_u(out, d, "fcr", uart.fcr);
}

static const struct emu_reset serial_resets[] = { { "serial", serial_reset }, { NULL, NULL } };

const struct emu_device dev_serial = { "serial", serial_init, serial_tick, serial_print, serial_resets };
