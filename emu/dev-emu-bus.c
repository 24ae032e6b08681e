/* "emu-bus" (v2, the 0.12 build only): a qdev device described by a table
 * that uses what 0.12's real tables use (doc/EMU.md):
 *   nslots    int32, "int32 equal": the stream must have this machine's 4
 *   unused    2 bytes (zeros)
 *   slot[4]   nested "emu-bus/slot" v1: u8 id, u8 regs[4], be32 irq_count
 *   nlog      be16 (since v2): how many log entries follow, 0..8
 *   log       be32 x nlog (since v2), inline, the count not checked on load
 *   stamp     a 64-bit field written as be32 by this device's own info
 *             ("emu stamp32", like 0.12's uint64_as_uint32)
 *   timer     be64: its expiry, -1 when not pending (vmstate_info_timer)
 *   unused    1 byte (since v2): a second field of that name
 *   checksum  be32, computed by pre_save from the slots and checked by
 *             post_load
 * Each tick: one slot takes an interrupt, the log records the tick, the
 * stamp follows the clock in microseconds and the timer fires or rearms. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define SLOTS 4
#define LOG_MAX 8
#define TIMER_NS (5 * EMU_TICK_NS)

struct bus_slot {
    uint8_t id;
    uint8_t regs[4];
    uint32_t irq_count;
};

struct bus {
    int32_t nslots;
    struct bus_slot slot[SLOTS];
    uint16_t nlog;
    uint32_t log[LOG_MAX];
    uint64_t stamp;
    QEMUTimer *timer;
    uint32_t checksum;
};

static QEMUTimer bus_timer;
static struct bus bus = { .nslots = SLOTS, .timer = &bus_timer };

/* A 64-bit field with 32 bits on the wire: the high half is lost. */
static int get_stamp32(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    *(uint64_t *)pv = qemu_get_be32(f);
    return 0;
}

static void put_stamp32(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    qemu_put_be32(f, (uint32_t)*(uint64_t *)pv);
}

const VMStateInfo vmstate_info_emu_stamp32 __attribute__((visibility("hidden"))) = {
    "emu stamp32", get_stamp32, put_stamp32
};

static uint32_t slots_sum(const struct bus *s)
{
    uint32_t sum = 0;

    for (int i = 0; i < SLOTS; i++) {
        sum = sum * 31 + s->slot[i].id + s->slot[i].irq_count;
        for (int r = 0; r < 4; r++)
            sum = sum * 31 + s->slot[i].regs[r];
    }
    return sum;
}

/* The checksum is state too: what the last save wrote. */
static void bus_pre_save(void *opaque)
{
    struct bus *s = opaque;

    s->checksum = slots_sum(s);
}

static int bus_post_load(void *opaque, int version_id)
{
    struct bus *s = opaque;

    (void)version_id;
    return s->checksum == slots_sum(s) ? 0 : -EINVAL;
}

static VMStateField slot_fields[] = {
    VMF_SINGLE(struct bus_slot, id, vmstate_info_uint8, 0),
    VMF_ARRAY(struct bus_slot, regs, vmstate_info_uint8, 0),
    VMF_SINGLE(struct bus_slot, irq_count, vmstate_info_uint32, 0),
    VMF_END
};

static const VMStateDescription vmstate_bus_slot = {
    .name = "emu-bus/slot", .version_id = 1, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .fields = slot_fields,
};

static VMStateField bus_fields[] = {
    { .name = "nslots", .offset = offsetof(struct bus, nslots), .size = sizeof(int32_t),
      .info = &vmstate_info_int32_equal, .flags = VMS_SINGLE },
    VMF_UNUSED(0, 2),
    VMF_STRUCT_ARRAY(struct bus, slot, vmstate_bus_slot, 0),
    VMF_SINGLE(struct bus, nlog, vmstate_info_uint16, 2),
    VMF_VARRAY_UINT16(struct bus, log, nlog, vmstate_info_uint32, 2),
    VMF_SINGLE(struct bus, stamp, vmstate_info_emu_stamp32, 0),
    VMF_TIMER(struct bus, timer, 0),
    VMF_UNUSED(2, 1),
    VMF_SINGLE(struct bus, checksum, vmstate_info_uint32, 0),
    VMF_END
};

static const VMStateDescription vmstate_bus = {
    .name = "emu-bus", .version_id = 2, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .pre_save = bus_pre_save, .post_load = bus_post_load, .fields = bus_fields,
};

static void bus_init(const struct emu_config *cfg)
{
    for (int i = 0; i < SLOTS; i++)
        bus.slot[i].id = (uint8_t)(0x10 + i);
    qdev_init_vmsd(&vmstate_bus, &bus);
}

static void bus_tick(int64_t now)
{
    uint32_t t = (uint32_t)(now / EMU_TICK_NS);
    struct bus_slot *s = &bus.slot[t % SLOTS];

    s->irq_count++;
    s->regs[t % 4] ^= (uint8_t)t;
    if (bus.nlog == LOG_MAX) {
        for (int i = 1; i < LOG_MAX; i++)
            bus.log[i - 1] = bus.log[i];
        bus.nlog--;
    }
    bus.log[bus.nlog++] = t * 1000003u;
    bus.stamp = (uint64_t)now / 1000;
    if (bus_timer.pending && now >= bus_timer.expire_time) {
        bus_timer.pending = 0;                  /* fired */
        bus.slot[0].regs[0]++;
    } else if (!bus_timer.pending) {
        bus_timer.pending = 1;
        bus_timer.expire_time = now + TIMER_NS;
    }
}

static void bus_print(FILE *out)
{
    char name[32];

    print_s(out, "emu-bus", "nslots", bus.nslots);
    for (int i = 0; i < SLOTS; i++) {
        snprintf(name, sizeof name, "slot[%d].id", i);
        print_u(out, "emu-bus", name, bus.slot[i].id);
        snprintf(name, sizeof name, "slot[%d].regs", i);
        print_hex(out, "emu-bus", name, bus.slot[i].regs, 4);
        snprintf(name, sizeof name, "slot[%d].irq_count", i);
        print_u(out, "emu-bus", name, bus.slot[i].irq_count);
    }
    print_u(out, "emu-bus", "nlog", bus.nlog);
    for (int i = 0; i < bus.nlog && i < LOG_MAX; i++) {
        snprintf(name, sizeof name, "log[%d]", i);
        print_u(out, "emu-bus", name, bus.log[i]);
    }
    print_u(out, "emu-bus", "stamp", bus.stamp);
    print_u(out, "emu-bus", "timer.pending", (unsigned)bus_timer.pending);
    print_s(out, "emu-bus", "timer.expire_time", bus_timer.pending ? bus_timer.expire_time : -1);
    print_u(out, "emu-bus", "checksum", bus.checksum);
}

/* No reset handler, like a qdev device whose qdev.reset is NULL: its fields
 * have no reset-known value (required in the tagged form) */
static const struct emu_reset bus_resets[] = { { "emu-bus", NULL }, { NULL, NULL } };

const struct emu_device dev_emu_bus = { "emu-bus", bus_init, bus_tick, bus_print, bus_resets };
