/* "fdc" at 1008 (v2, 545 bytes), hw/fdc.c in 0.11 with two drives:
 *   u8 sra, srb, dor (with the selected drive in bits 0-1), tdr, dsr, msr,
 *   status0, status1, status2, u8 fifo[512], be32 data_pos, be32 data_len,
 *   u8 data_state, data_dir, eot, timer0, timer1, precomp_trk, config, lock,
 *   pwrd, u8 drive count (2), then per drive u8 head, track, sect.
 * Ticks: the guest issues SPECIFY once, then reads sector after sector of
 * drive 0 through the FIFO. */
#include <config.h>

#include <errno.h>
#include <stdio.h>

#include "machine.h"

#define MAX_FD 2
#define SECTOR 512
#define DOR_SELMASK 0x01        /* two drives */

static struct {
    uint8_t sra, srb, dor, tdr, dsr, msr, cur_drv, status0, status1, status2;
    uint8_t fifo[SECTOR];
    uint32_t data_pos, data_len;
    uint8_t data_state, data_dir, eot, timer0, timer1, precomp_trk, config, lock, pwrd;
    struct { uint8_t head, track, sect; } drives[MAX_FD];
} fdc;

static void fdc_save(QEMUFile *f, void *opaque)
{
    qemu_put_byte(f, fdc.sra);
    qemu_put_byte(f, fdc.srb);
    qemu_put_byte(f, fdc.dor | fdc.cur_drv);
    qemu_put_byte(f, fdc.tdr);
    qemu_put_byte(f, fdc.dsr);
    qemu_put_byte(f, fdc.msr);
    qemu_put_byte(f, fdc.status0);
    qemu_put_byte(f, fdc.status1);
    qemu_put_byte(f, fdc.status2);
    qemu_put_buffer(f, fdc.fifo, SECTOR);
    qemu_put_be32(f, fdc.data_pos);
    qemu_put_be32(f, fdc.data_len);
    qemu_put_byte(f, fdc.data_state);
    qemu_put_byte(f, fdc.data_dir);
    qemu_put_byte(f, fdc.eot);
    qemu_put_byte(f, fdc.timer0);
    qemu_put_byte(f, fdc.timer1);
    qemu_put_byte(f, fdc.precomp_trk);
    qemu_put_byte(f, fdc.config);
    qemu_put_byte(f, fdc.lock);
    qemu_put_byte(f, fdc.pwrd);
    qemu_put_byte(f, MAX_FD);
    for (int i = 0; i < MAX_FD; i++) {
        qemu_put_byte(f, fdc.drives[i].head);
        qemu_put_byte(f, fdc.drives[i].track);
        qemu_put_byte(f, fdc.drives[i].sect);
    }
}

static int fdc_load(QEMUFile *f, void *opaque, int version_id)
{
    int n;

    if (version_id != 2)
        return -EINVAL;
    fdc.sra = (uint8_t)qemu_get_byte(f);
    fdc.srb = (uint8_t)qemu_get_byte(f);
    fdc.dor = (uint8_t)qemu_get_byte(f);
    fdc.cur_drv = fdc.dor & DOR_SELMASK;
    fdc.dor &= (uint8_t)~DOR_SELMASK;
    fdc.tdr = (uint8_t)qemu_get_byte(f);
    fdc.dsr = (uint8_t)qemu_get_byte(f);
    fdc.msr = (uint8_t)qemu_get_byte(f);
    fdc.status0 = (uint8_t)qemu_get_byte(f);
    fdc.status1 = (uint8_t)qemu_get_byte(f);
    fdc.status2 = (uint8_t)qemu_get_byte(f);
    qemu_get_buffer(f, fdc.fifo, SECTOR);
    fdc.data_pos = qemu_get_be32(f);
    fdc.data_len = qemu_get_be32(f);
    fdc.data_state = (uint8_t)qemu_get_byte(f);
    fdc.data_dir = (uint8_t)qemu_get_byte(f);
    fdc.eot = (uint8_t)qemu_get_byte(f);
    fdc.timer0 = (uint8_t)qemu_get_byte(f);
    fdc.timer1 = (uint8_t)qemu_get_byte(f);
    fdc.precomp_trk = (uint8_t)qemu_get_byte(f);
    fdc.config = (uint8_t)qemu_get_byte(f);
    fdc.lock = (uint8_t)qemu_get_byte(f);
    fdc.pwrd = (uint8_t)qemu_get_byte(f);
    n = qemu_get_byte(f);
    if (n > MAX_FD)             /* 0.11 checks this count, and gives up here */
        return -EINVAL;
    for (int i = 0; i < n; i++) {
        fdc.drives[i].head = (uint8_t)qemu_get_byte(f);
        fdc.drives[i].track = (uint8_t)qemu_get_byte(f);
        fdc.drives[i].sect = (uint8_t)qemu_get_byte(f);
    }
    return 0;
}

/* hw/fdc.c:fdctrl_reset(s, 0), from fdctrl_external_reset: the status
 * registers, the selected drive, the FIFO's position (fdctrl_reset_fifo)
 * and each drive's head position (fd_recalibrate) */
static void fdc_reset(void)
{
    fdc.sra = 0x40;             /* FD_SRA_nDRV2: no drive 1 */
    fdc.srb = 0xc0;
    fdc.cur_drv = 0;
    fdc.dor = 0x0c;             /* not in reset, DMA enabled */
    fdc.msr = 0x80;             /* ready for a command */
    fdc.data_pos = fdc.data_len = 0;
    fdc.data_state = 0;
    fdc.data_dir = 0;           /* FD_DIR_WRITE */
    for (int i = 0; i < MAX_FD; i++) {
        fdc.drives[i].head = fdc.drives[i].track = 0;
        fdc.drives[i].sect = 1;
    }
}

static void fdc_init(const struct emu_config *cfg)
{
    fdc.config = 0x60;          /* implied seeks, FIFO: as the 82078 comes up */
    fdc_reset();
    register_savevm("fdc", 0x3f0, 2, fdc_save, fdc_load, &fdc);
}

static void fdc_tick(int64_t now)
{
    if (fdc.timer0 == 0) {      /* SPECIFY 0xaf 0x02 */
        fdc.fifo[0] = 0x03;
        fdc.fifo[1] = 0xaf;
        fdc.fifo[2] = 0x02;
        fdc.timer0 = 0xaf >> 1;
        fdc.timer1 = 0x02 >> 1;
        fdc.eot = 18;
        fdc.data_len = SECTOR;
        return;
    }
    /* one more byte of the current sector; a full sector moves the head */
    fdc.fifo[fdc.data_pos % SECTOR] = (uint8_t)(fdc.drives[0].track * 2 + fdc.drives[0].sect);
    fdc.data_pos = (fdc.data_pos + 1) % SECTOR;
    fdc.data_dir = 1;
    fdc.msr = 0xd0;             /* RQM | DIO | busy */
    fdc.status0 = (uint8_t)(0x20 | fdc.cur_drv);
    if (fdc.data_pos % 8 == 0) {
        if (fdc.drives[0].sect++ >= fdc.eot) {
            fdc.drives[0].sect = 1;
            fdc.drives[0].head ^= 1;
            if (!fdc.drives[0].head)
                fdc.drives[0].track = (uint8_t)((fdc.drives[0].track + 1) % 80);
        }
    }
}

static void fdc_print(FILE *out)
{
    const char *d = "fdc@1008";
    char name[32];

    print_u(out, d, "sra", fdc.sra);
    print_u(out, d, "srb", fdc.srb);
    print_u(out, d, "dor", fdc.dor);
    print_u(out, d, "cur_drv", fdc.cur_drv);
    print_u(out, d, "tdr", fdc.tdr);
    print_u(out, d, "dsr", fdc.dsr);
    print_u(out, d, "msr", fdc.msr);
    print_u(out, d, "status0", fdc.status0);
    print_u(out, d, "status1", fdc.status1);
    print_u(out, d, "status2", fdc.status2);
    print_hex(out, d, "fifo", fdc.fifo, SECTOR);
    print_u(out, d, "data_pos", fdc.data_pos);
    print_u(out, d, "data_len", fdc.data_len);
    print_u(out, d, "data_state", fdc.data_state);
    print_u(out, d, "data_dir", fdc.data_dir);
    print_u(out, d, "eot", fdc.eot);
    print_u(out, d, "timer0", fdc.timer0);
    print_u(out, d, "timer1", fdc.timer1);
    print_u(out, d, "precomp_trk", fdc.precomp_trk);
    print_u(out, d, "config", fdc.config);
    print_u(out, d, "lock", fdc.lock);
    print_u(out, d, "pwrd", fdc.pwrd);
    for (int i = 0; i < MAX_FD; i++) {
        snprintf(name, sizeof name, "drives[%d].head", i);
        print_u(out, d, name, fdc.drives[i].head);
        snprintf(name, sizeof name, "drives[%d].track", i);
        print_u(out, d, name, fdc.drives[i].track);
        snprintf(name, sizeof name, "drives[%d].sect", i);
        print_u(out, d, name, fdc.drives[i].sect);
    }
}

static const struct emu_reset fdc_resets[] = { { "fdc", fdc_reset }, { NULL, NULL } };

const struct emu_device dev_fdc = { "fdc", fdc_init, fdc_tick, fdc_print, fdc_resets };
