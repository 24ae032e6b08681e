/* The machine: devices in QEMU 0.11.1's registration order for -M pc
 * (the ones this emulator has), then the emu-* test devices.  The 0.12
 * build starts like 0.12.3's vl.c (block, timer, ram) and adds emu-bus. */
#include <config.h>
#include <string.h>

#include "machine.h"

static const struct emu_device *const devices[] = {
#ifdef EMU_SAVEVM_012
    &dev_block,         /* 0.12 vl.c main: blk_mig_init, before timer and ram */
#endif
    &dev_timer,         /* vl.c main: timer, then ram */
    &dev_ram,
    &dev_cpu_common,    /* pc_init1: cpu */
    &dev_i8259,
    &dev_rtc,
    &dev_i8254,
    &dev_serial,
    &dev_pckbd,         /* i8042_init registers pckbd, ps2kbd, ps2mouse */
    &dev_ps2,
    &dev_dma,
    &dev_fdc,
    &dev_emu_ring,
    &dev_emu_disk,
    &dev_emu_net,
    &dev_emu_versioned,
    &dev_emu_quirk,     /* registers only with --quirk */
#ifdef EMU_SAVEVM_012
    &dev_emu_bus,
#endif
};

#define N_DEVICES (sizeof devices / sizeof devices[0])

void machine_init(const struct emu_config *cfg)
{
    for (size_t i = 0; i < N_DEVICES; i++)
        devices[i]->init(cfg);
}

void machine_tick(void)
{
    int64_t now;

    vm_clock_advance(EMU_TICK_NS);
    now = vm_clock_ns();
    for (size_t i = 0; i < N_DEVICES; i++)
        if (devices[i]->tick)
            devices[i]->tick(now);
}

int machine_reset(const char *idstr)
{
    for (size_t i = 0; i < N_DEVICES; i++)
        for (const struct emu_reset *r = devices[i]->resets; r->idstr; r++)
            if (strcmp(r->idstr, idstr) == 0) {
                if (!r->fn)
                    return -1;
                r->fn();
                return 1;
            }
    return 0;
}

void machine_print_state(FILE *out)
{
    for (size_t i = 0; i < N_DEVICES; i++)
        devices[i]->print(out);
}

int machine_unplug(const char *idstr)
{
#ifdef EMU_SAVEVM_012
    int n = qdev_unplug(idstr);

    if (n)
        return n;
#endif
    return savevm_unplug(idstr);
}

/* xorshift64*: cheap, seedable, and no page comes out uniform */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dULL;
}

void emu_fill(uint8_t *p, uint64_t len, uint64_t seed)
{
    uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 1;

    for (uint64_t i = 0; i + 8 <= len; i += 8) {
        uint64_t v = next_random(&s);

        memcpy(p + i, &v, 8);
    }
}

uint64_t muldiv64(uint64_t a, uint32_t b, uint32_t c)
{
    return (uint64_t)((unsigned __int128)a * b / c);
}

void print_u(FILE *out, const char *dev, const char *field, unsigned long long v)
{
    fprintf(out, "%s.%s=%llu\n", dev, field, v);
}

void print_s(FILE *out, const char *dev, const char *field, long long v)
{
    fprintf(out, "%s.%s=%lld\n", dev, field, v);
}

void print_hex(FILE *out, const char *dev, const char *field, const uint8_t *p, size_t n)
{
    fprintf(out, "%s.%s=", dev, field);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
    fputc('\n', out);
}
