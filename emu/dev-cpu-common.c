/* "cpu_common" (v1, 8 bytes), exec.c in 0.11 (0.12: vmstate_cpu_common,
 * the same bytes):
 *   be32 halted, be32 interrupt_request
 * Each tick the CPU halts or wakes; a halted CPU has a hard interrupt
 * (CPU_INTERRUPT_HARD, 0x02) pending. */
#include <config.h>

#include <errno.h>

#include "machine.h"

#define CPU_INTERRUPT_EXIT 0x01         /* retired: load clears it, as 0.11 does */
#define CPU_INTERRUPT_HARD 0x02

struct cpu_common {
    uint32_t halted;
    uint32_t interrupt_request;
};

static struct cpu_common cpu;

#ifdef EMU_SAVEVM_012
static int cpu_common_post_load(void *opaque, int version_id)
{
    struct cpu_common *env = opaque;

    env->interrupt_request &= ~(uint32_t)CPU_INTERRUPT_EXIT;
    return 0;
}

static VMStateField cpu_common_fields[] = {
    VMF_SINGLE(struct cpu_common, halted, vmstate_info_uint32, 0),
    VMF_SINGLE(struct cpu_common, interrupt_request, vmstate_info_uint32, 0),
    VMF_END
};

static const VMStateDescription vmstate_cpu_common = {
    .name = "cpu_common", .version_id = 1, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .post_load = cpu_common_post_load, .fields = cpu_common_fields,
};
#else
static void cpu_common_save(QEMUFile *f, void *opaque)
{
    qemu_put_be32(f, cpu.halted);
    qemu_put_be32(f, cpu.interrupt_request);
}

static int cpu_common_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != 1)
        return -EINVAL;
    cpu.halted = qemu_get_be32(f);
    cpu.interrupt_request = qemu_get_be32(f) & ~(uint32_t)CPU_INTERRUPT_EXIT;
    return 0;
}
#endif

/* The master PIC's pending IRQ0 (dev-i8259.c) is a pending hard interrupt. */
static void cpu_common_init(const struct emu_config *cfg)
{
    cpu.interrupt_request = CPU_INTERRUPT_HARD;
#ifdef EMU_SAVEVM_012
    vmstate_register(0, &vmstate_cpu_common, &cpu);
#else
    register_savevm("cpu_common", 0, 1, cpu_common_save, cpu_common_load, &cpu);
#endif
}

static void cpu_common_tick(int64_t now)
{
    cpu.halted = !cpu.halted;
    if (cpu.halted)
        cpu.interrupt_request |= CPU_INTERRUPT_HARD;
    else
        cpu.interrupt_request &= ~(uint32_t)CPU_INTERRUPT_HARD;
}

static void cpu_common_print(FILE *out)
{
    print_u(out, "cpu_common", "halted", cpu.halted);
    print_u(out, "cpu_common", "interrupt_request", cpu.interrupt_request);
}

/* target-i386/helper.c:cpu_reset clears the CPUX86State up to
 * `breakpoints`, halted and interrupt_request included; hw/apic.c's
 * apic_init_reset then halts every CPU but the boot one, which this is. */
static void cpu_common_reset(void)
{
    cpu.halted = 0;
    cpu.interrupt_request = 0;
}

static const struct emu_reset cpu_common_resets[] = {
    { "cpu_common", cpu_common_reset }, { NULL, NULL },
};

const struct emu_device dev_cpu_common = {
    "cpu_common", cpu_common_init, cpu_common_tick, cpu_common_print, cpu_common_resets
};
