/* "dma" instances 0 and 1 (v1, 75 bytes each), hw/dma.c in 0.11:
 *   u8 command, u8 mask, u8 flip_flop, be32 dshift,
 *   4 x { be32 now[ADDR], be32 now[COUNT], be16 base[ADDR], be16 base[COUNT],
 *         u8 mode, u8 page, u8 pageh, u8 dack, u8 eop }
 * (status is not saved).  The first tick programs the floppy channel (2) of
 * controller 0 for an auto-initialised transfer and the cascade channel of
 * controller 1; each later tick moves 64 bytes on channel 2. */
#include <config.h>

#include <errno.h>
#include <stdio.h>

#include "machine.h"

struct dma_regs {
    int32_t now[2];             /* [0] address, [1] bytes done */
    uint16_t base[2];
    uint8_t mode, page, pageh, dack, eop;
};

struct dma_cont {
    uint8_t status;             /* not saved */
    uint8_t command, mask, flip_flop;
    int32_t dshift;
    struct dma_regs regs[4];
};

static struct dma_cont conts[2];

static void dma_save(QEMUFile *f, void *opaque)
{
    const struct dma_cont *d = opaque;

    qemu_put_byte(f, d->command);
    qemu_put_byte(f, d->mask);
    qemu_put_byte(f, d->flip_flop);
    qemu_put_be32(f, (unsigned int)d->dshift);
    for (int i = 0; i < 4; i++) {
        const struct dma_regs *r = &d->regs[i];

        qemu_put_be32(f, (unsigned int)r->now[0]);
        qemu_put_be32(f, (unsigned int)r->now[1]);
        qemu_put_be16(f, r->base[0]);
        qemu_put_be16(f, r->base[1]);
        qemu_put_byte(f, r->mode);
        qemu_put_byte(f, r->page);
        qemu_put_byte(f, r->pageh);
        qemu_put_byte(f, r->dack);
        qemu_put_byte(f, r->eop);
    }
}

static int dma_load(QEMUFile *f, void *opaque, int version_id)
{
    struct dma_cont *d = opaque;

    if (version_id != 1)
        return -EINVAL;
    d->command = (uint8_t)qemu_get_byte(f);
    d->mask = (uint8_t)qemu_get_byte(f);
    d->flip_flop = (uint8_t)qemu_get_byte(f);
    d->dshift = (int32_t)qemu_get_be32(f);
    for (int i = 0; i < 4; i++) {
        struct dma_regs *r = &d->regs[i];

        r->now[0] = (int32_t)qemu_get_be32(f);
        r->now[1] = (int32_t)qemu_get_be32(f);
        r->base[0] = (uint16_t)qemu_get_be16(f);
        r->base[1] = (uint16_t)qemu_get_be16(f);
        r->mode = (uint8_t)qemu_get_byte(f);
        r->page = (uint8_t)qemu_get_byte(f);
        r->pageh = (uint8_t)qemu_get_byte(f);
        r->dack = (uint8_t)qemu_get_byte(f);
        r->eop = (uint8_t)qemu_get_byte(f);
    }
    return 0;
}

/* Master clear: what reset leaves (channel registers survive it). */
/* hw/dma.c:dma_reset on each controller: the master clear (write_cont,
 * port 0x0d) sets flip_flop 0, mask ~0, status 0, command 0; the
 * channels stay */
static void dma_reset(void)
{
    for (int i = 0; i < 2; i++) {
        conts[i].flip_flop = 0;
        conts[i].mask = 0xff;
        conts[i].status = 0;
        conts[i].command = 0;
    }
}

static void dma_init(const struct emu_config *cfg)
{
    for (int i = 0; i < 2; i++)
        conts[i].dshift = i;
    dma_reset();
    register_savevm("dma", 0, 1, dma_save, dma_load, &conts[0]);
    register_savevm("dma", 1, 1, dma_save, dma_load, &conts[1]);
}

static void dma_tick(int64_t now)
{
    struct dma_cont *d = &conts[0];
    struct dma_regs *r = &d->regs[2];

    if (r->mode == 0) {
        r->mode = 0x56;                 /* single, auto-init, write, channel 2 */
        r->base[0] = 0x1000;
        r->base[1] = 0x01ff;            /* 512 bytes */
        r->page = 0x01;
        r->now[0] = r->base[0];
        r->now[1] = 0;
        d->mask &= (uint8_t)~0x04;
        conts[1].regs[0].mode = 0xc0;   /* cascade */
        conts[1].mask = 0x0e;
        return;
    }
    r->now[0] += 64;
    r->now[1] += 64;
    d->flip_flop ^= 1;                  /* the guest read one byte of the counter */
    /* terminal count; only dshift 0 and 1 exist, a loaded one is masked */
    if (r->now[1] >= (r->base[1] + 1) << (d->dshift & 1)) {
        r->eop = 1;
        r->now[0] = r->base[0];
        r->now[1] = 0;
    } else {
        r->eop = 0;
    }
}

static void dma_print(FILE *out)
{
    for (int i = 0; i < 2; i++) {
        const struct dma_cont *d = &conts[i];
        char dev[16], f[32];

        snprintf(dev, sizeof dev, "dma@%d", i);
        print_u(out, dev, "command", d->command);
        print_u(out, dev, "mask", d->mask);
        print_u(out, dev, "flip_flop", d->flip_flop);
        print_s(out, dev, "dshift", d->dshift);
        for (int j = 0; j < 4; j++) {
            const struct dma_regs *r = &d->regs[j];

#define FIELD(name, v, pr) (snprintf(f, sizeof f, "regs[%d].%s", j, name), pr(out, dev, f, v))
            FIELD("now[0]", r->now[0], print_s);
            FIELD("now[1]", r->now[1], print_s);
            FIELD("base[0]", r->base[0], print_u);
            FIELD("base[1]", r->base[1], print_u);
            FIELD("mode", r->mode, print_u);
            FIELD("page", r->page, print_u);
            FIELD("pageh", r->pageh, print_u);
            FIELD("dack", r->dack, print_u);
            FIELD("eop", r->eop, print_u);
#undef FIELD
        }
    }
}

static const struct emu_reset dma_resets[] = { { "dma", dma_reset }, { NULL, NULL } };

const struct emu_device dev_dma = { "dma", dma_init, dma_tick, dma_print, dma_resets };
