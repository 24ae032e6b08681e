/* "i8259" at 32 and 160 (v1, 16 bytes each), hw/i8259.c in 0.11: sixteen
 * u8 registers in the order of struct pic below (0.12: vmstate_pic, the
 * same bytes).  On its first tick the
 * guest initialises each PIC; later ticks raise and acknowledge lines. */
#include <config.h>

#include <errno.h>
#include <stdio.h>

#include "machine.h"

struct pic {
    uint8_t last_irr, irr, imr, isr, priority_add, irq_base, read_reg_select, poll;
    uint8_t special_mask, init_state, auto_eoi, rotate_on_auto_eoi;
    uint8_t special_fully_nested_mode, init4, single_mode, elcr;
    uint8_t elcr_mask;          /* wiring, not state: not saved */
    int io_addr;
};

static struct pic pics[2] = {
    { .elcr_mask = 0xf8, .io_addr = 0x20 },
    { .elcr_mask = 0xde, .io_addr = 0xa0 },
};

/* The wire order; the same table drives save, load and print. */
#define PIC_FIELDS(X) X(last_irr) X(irr) X(imr) X(isr) X(priority_add) X(irq_base) \
    X(read_reg_select) X(poll) X(special_mask) X(init_state) X(auto_eoi)             \
    X(rotate_on_auto_eoi) X(special_fully_nested_mode) X(init4) X(single_mode) X(elcr)

#ifdef EMU_SAVEVM_012
static VMStateField pic_fields[] = {
#define FIELD(name) VMF_SINGLE(struct pic, name, vmstate_info_uint8, 0),
    PIC_FIELDS(FIELD)
#undef FIELD
    VMF_END
};

static const VMStateDescription vmstate_pic = {
    .name = "i8259", .version_id = 1, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .fields = pic_fields,
};
#else
static void pic_save(QEMUFile *f, void *opaque)
{
    struct pic *s = opaque;

#define PUT(name) qemu_put_byte(f, s->name);
    PIC_FIELDS(PUT)
#undef PUT
}

static int pic_load(QEMUFile *f, void *opaque, int version_id)
{
    struct pic *s = opaque;

    if (version_id != 1)
        return -EINVAL;
#define GET(name) s->name = (uint8_t)qemu_get_byte(f);
    PIC_FIELDS(GET)
#undef GET
    return 0;
}
#endif

/* At reset channel 0 of the PIT drives IRQ0 high, and nothing masks it:
 * a paused 0.11.1 saves the master with IRR bit 0 set. */
static void pic_init(const struct emu_config *cfg)
{
    pics[0].irr = pics[0].last_irr = 0x01;
    for (int i = 0; i < 2; i++)
#ifdef EMU_SAVEVM_012
        vmstate_register(pics[i].io_addr, &vmstate_pic, &pics[i]);
#else
        register_savevm("i8259", pics[i].io_addr, 1, pic_save, pic_load, &pics[i]);
#endif
}

static void pic_tick_one(struct pic *s, int master)
{
    uint8_t pending;

    if (s->irq_base == 0) {     /* ICW1..ICW4 and OCW1 from the guest */
        s->irq_base = master ? 0x08 : 0x70;
        s->init4 = 1;
        s->imr = master ? 0xb8 : 0x8f;
        s->elcr = master ? 0x00 : (uint8_t)(0x0c & s->elcr_mask);
        return;
    }
    s->priority_add = (s->priority_add + 1) & 7;
    s->irr ^= (uint8_t)(1u << s->priority_add);
    s->last_irr = s->irr;
    pending = s->irr & (uint8_t)~s->imr;
    s->isr = pending & (uint8_t)-pending;       /* the lowest unmasked line */
}

static void pic_tick(int64_t now)
{
    pic_tick_one(&pics[0], 1);
    pic_tick_one(&pics[1], 0);
}

static void pic_print(FILE *out)
{
    for (int i = 0; i < 2; i++) {
        char dev[32];

        snprintf(dev, sizeof dev, "i8259@%d", pics[i].io_addr);
#define PRINT(name) print_u(out, dev, #name, pics[i].name);
        PIC_FIELDS(PRINT)
#undef PRINT
    }
}

/* hw/i8259.c:pic_reset, on each PIC: every register 0 but the ELCR,
 * which "is not reset" */
static void pic_reset(void)
{
    for (int i = 0; i < 2; i++) {
        struct pic *s = &pics[i];
        uint8_t elcr = s->elcr;

#define ZERO(name) s->name = 0;
        PIC_FIELDS(ZERO)
#undef ZERO
        s->elcr = elcr;
    }
}

static const struct emu_reset pic_resets[] = { { "i8259", pic_reset }, { NULL, NULL } };

const struct emu_device dev_i8259 = { "i8259", pic_init, pic_tick, pic_print, pic_resets };
