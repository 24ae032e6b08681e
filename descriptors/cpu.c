/*
 * "cpu": target-i386/machine.c cpu_save.  0.11.1 saves version 10 (797
 * bytes for qemu32 on i386, 1,133 with coreduo's ten MCE banks; 1,173 and
 * 1,509 on x86_64); 0.10.6 saves version 8 (773 bytes on i386).  cpu_load
 * takes versions 3 and up in both.  target_ulong fields (SV_TL) and the
 * CPU_NB_REGS arrays (8 on i386, 16 on x86_64) depend on the target.
 *
 * Defaults: target-i386/helper.c:cpu_reset (the same in both releases).
 * It clears the CPUX86State up to `breakpoints` (memset), which covers
 * every field from regs to smbase, then sets the values cited below; the
 * MTRRs, the KVM fields and the MCE state lie after it and are left as
 * they were: required.
 */
#include <config.h>

#include "devices.h"
#include "bridge.h"

#define ON_I386 { .kind = SV_IF_TARGET, .field = "i386" }
#define ON_X86_64 { .kind = SV_IF_TARGET, .field = "x86_64" }

/* cpu_put_seg.  cpu_reset loads every segment with limit 0xffff; flags
 * are DESC_P_MASK 0x8000, DESC_S_MASK 0x1000, DESC_CS_MASK 0x800,
 * DESC_R_MASK and DESC_W_MASK 0x200, DESC_A_MASK 0x100, type << 8 */
#define SEG(sel, base, flags, when)                                             \
    { .name = "selector", .type = SV_U32, .dflt = (sel), .cond = when },       \
    { .name = "base", .type = SV_TL, .dflt = (base), .cond = when },           \
    { .name = "limit", .type = SV_U32, .dflt = 0xffff, .cond = when },         \
    { .name = "flags", .type = SV_U32, .dflt = (flags), .cond = when }
#define IS_CS { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 1 }
#define NOT_CS { .kind = SV_IF_INDEX, .op = SV_OP_NE, .value = 1 }
#define ALWAYS { 0 }

/* es, cs, ss, ds, fs, gs: cpu_reset loads CS with 0xf000, base 0xffff0000,
 * P|S|CS|R|A; the others with 0, base 0, P|S|W|A */
static const struct sv_desc_field cpu_seg_regs[] = {
    SEG(0xf000, 0xffff0000, 0x9b00, IS_CS),
    SEG(0, 0, 0x9300, NOT_CS),
    { .name = NULL },
};

/* cpu_reset: ldt.flags = DESC_P_MASK | (2 << DESC_TYPE_SHIFT) */
static const struct sv_desc_field cpu_seg_ldt[] = {
    SEG(0, 0, 0x8200, ALWAYS),
    { .name = NULL },
};

/* cpu_reset: tr.flags = DESC_P_MASK | (11 << DESC_TYPE_SHIFT) */
static const struct sv_desc_field cpu_seg_tr[] = {
    SEG(0, 0, 0x8b00, ALWAYS),
    { .name = NULL },
};

/* gdt and idt: only the limit is set */
static const struct sv_desc_field cpu_seg_dt[] = {
    SEG(0, 0, 0, ALWAYS),
    { .name = NULL },
};

static const struct sv_desc_field cpu_fpreg[] = {
    { .name = "mant", .type = SV_U64 },
    /* cpu_load: format 0 (USE_X86LDOUBLE, every x86 host) adds the exponent */
    { .name = "exp", .type = SV_U16,
      .cond = { .kind = SV_IF_FIELD, .field = "fpregs_format", .op = SV_OP_EQ, .value = 0 } },
    { .name = NULL },
};

static const struct sv_desc_field cpu_xmm[] = {
    { .name = "q0", .type = SV_U64 },     /* XMM_Q(0) */
    { .name = "q1", .type = SV_U64 },     /* XMM_Q(1) */
    { .name = NULL },
};

static const struct sv_desc_field cpu_mtrr_var[] = {
    { .name = "base", .type = SV_U64, .required = 1 },
    { .name = "mask", .type = SV_U64, .required = 1 },
    { .name = NULL },
};

/* mce_banks[4 * i + 0..3]: MCi_CTL, MCi_STATUS, MCi_ADDR, MCi_MISC */
static const struct sv_desc_field cpu_mce_bank[] = {
    { .name = "ctl", .type = SV_U64, .required = 1 },
    { .name = "status", .type = SV_U64, .required = 1 },
    { .name = "addr", .type = SV_U64, .required = 1 },
    { .name = "misc", .type = SV_U64, .required = 1 },
    { .name = NULL },
};

static const int64_t dr_reset[8] = { 0, 0, 0, 0, 0, 0, 0xffff0ff0, 0x400 };

static const struct sv_desc_field cpu_v10[] = {
    /* cpu_reset: 0 but EDX, which gets the CPU model's cpuid_version */
    { .name = "regs", .type = SV_TL, .n = 8, .cond = ON_I386, .required = 1 },
    { .name = "regs", .type = SV_TL, .n = 16, .cond = ON_X86_64, .required = 1 },
    /* cpu_reset: 0xfff0 */
    { .name = "eip", .type = SV_TL, .dflt = 0xfff0 },
    /* cpu_reset: 0x2 */
    { .name = "eflags", .type = SV_TL, .dflt = 2 },
    /* cpu_reset: HF_SOFTMMU_MASK (0x04), then cpu_x86_update_cr0 in real
     * mode adds HF_ADDSEG_MASK (0x40); the segments set no size bits */
    { .name = "hflags", .type = SV_U32, .dflt = 0x44 },
    /* cpu_reset: 0x37f */
    { .name = "fpuc", .type = SV_U16, .dflt = 0x37f },
    /* fpus carries fpstt in bits 11..13; cpu_reset: 0 */
    { .name = "fpus", .type = SV_U16 },
    /* target-i386/machine.c:cpu_save sets a bit per register that is not
     * empty; cpu_reset makes all eight empty (fptags[i] = 1): 0 */
    { .name = "fptag", .type = SV_U16 },
    /* target-i386/machine.c:cpu_load: 0 or 1, anything else returns -EINVAL
     * after part of the section was read.  cpu_save writes the build's
     * float format (0 with USE_X86LDOUBLE): not reset state */
    { .name = "fpregs_format", .type = SV_U16, .required = 1, .bounded = 1, .lo = 0, .hi = 1 },
    { .name = "fpregs", .kind = SV_D_GROUP, .n = 8, .sub = cpu_fpreg },
    /* es, cs, ss, ds, fs, gs */
    { .name = "segs", .kind = SV_D_GROUP, .n = 6, .sub = cpu_seg_regs },
    { .name = "ldt", .kind = SV_D_GROUP, .sub = cpu_seg_ldt },
    { .name = "tr", .kind = SV_D_GROUP, .sub = cpu_seg_tr },
    { .name = "gdt", .kind = SV_D_GROUP, .sub = cpu_seg_dt },
    { .name = "idt", .kind = SV_D_GROUP, .sub = cpu_seg_dt },
    { .name = "sysenter_cs", .type = SV_U32 },
    /* cpu_load: before version 7 these two were be32 whatever the target */
    { .name = "sysenter_esp", .type = SV_TL, .wire = 4, .until = 6 },
    { .name = "sysenter_eip", .type = SV_TL, .wire = 4, .until = 6 },
    { .name = "sysenter_esp", .type = SV_TL, .since = 7 },
    { .name = "sysenter_eip", .type = SV_TL, .since = 7 },
    /* cpu_reset: cpu_x86_update_cr0(env, 0x60000010) */
    { .name = "cr0", .type = SV_TL, .dflt = 0x60000010 },
    { .name = "cr2", .type = SV_TL },
    { .name = "cr3", .type = SV_TL },
    { .name = "cr4", .type = SV_TL },
    /* cpu_reset: dr[6] = DR6_FIXED_1, dr[7] = DR7_FIXED_1, the rest 0 */
    { .name = "dr", .type = SV_TL, .n = 8, .dflts = dr_reset },
    /* saved as (int32_t) env->a20_mask; cpu_reset: ~0 */
    { .name = "a20_mask", .type = SV_S32, .dflt = -1 },
    /* cpu_reset: 0x1f80 */
    { .name = "mxcsr", .type = SV_U32, .dflt = 0x1f80 },
    { .name = "xmm_regs", .kind = SV_D_GROUP, .n = 8, .sub = cpu_xmm, .cond = ON_I386 },
    { .name = "xmm_regs", .kind = SV_D_GROUP, .n = 16, .sub = cpu_xmm, .cond = ON_X86_64 },
    /* #ifdef TARGET_X86_64 */
    { .name = "efer", .type = SV_U64, .cond = ON_X86_64 },
    { .name = "star", .type = SV_U64, .cond = ON_X86_64 },
    { .name = "lstar", .type = SV_U64, .cond = ON_X86_64 },
    { .name = "cstar", .type = SV_U64, .cond = ON_X86_64 },
    { .name = "fmask", .type = SV_U64, .cond = ON_X86_64 },
    { .name = "kernelgsbase", .type = SV_U64, .cond = ON_X86_64 },
    /* cpu_reset: 0x30000 */
    { .name = "smbase", .type = SV_U32, .since = 4, .dflt = 0x30000 },
    /* cpu_x86_register sets the power-on PAT, but cpu_reset's memset then
     * clears it (and every later reset does): 0 */
    { .name = "pat", .type = SV_U64, .since = 5 },
    /* cpu_reset: HF2_GIF_MASK */
    { .name = "hflags2", .type = SV_U32, .since = 5, .dflt = 1 },
    /* cpu_load: version 5 only; cpu_common carries it from version 6.
     * As cpu_common's: 1 on a CPU that is not the boot one */
    { .name = "halted", .type = SV_U32, .since = 5, .until = 5, .required = 1 },
    { .name = "vm_hsave", .type = SV_U64, .since = 5 },
    { .name = "vm_vmcb", .type = SV_U64, .since = 5 },
    { .name = "tsc_offset", .type = SV_U64, .since = 5 },
    { .name = "intercept", .type = SV_U64, .since = 5 },
    { .name = "intercept_cr_read", .type = SV_U16, .since = 5 },
    { .name = "intercept_cr_write", .type = SV_U16, .since = 5 },
    { .name = "intercept_dr_read", .type = SV_U16, .since = 5 },
    { .name = "intercept_dr_write", .type = SV_U16, .since = 5 },
    { .name = "intercept_exceptions", .type = SV_U32, .since = 5 },
    { .name = "v_tpr", .type = SV_U8, .since = 5 },
    /* after `breakpoints`: cpu_reset leaves the MTRRs */
    { .name = "mtrr_fixed", .type = SV_U64, .n = 11, .since = 8, .required = 1 },
    { .name = "mtrr_deftype", .type = SV_U64, .since = 8, .required = 1 },
    { .name = "mtrr_var", .kind = SV_D_GROUP, .n = 8, .sub = cpu_mtrr_var, .since = 8 },
    /* cpu_save: the one set bit of interrupt_bitmap[256 / 64], or -1;
     * cpu_load indexes interrupt_bitmap[pending_irq / 64] when >= 0.
     * interrupt_bitmap and mp_state (KVM's) lie after `breakpoints` */
    { .name = "pending_irq", .type = SV_S32, .since = 9, .required = 1,
      .bounded = 1, .lo = -1, .hi = 255 },
    { .name = "mp_state", .type = SV_U32, .since = 9, .required = 1 },
    /* cpu_reset: 0 */
    { .name = "tsc", .type = SV_U64, .since = 9 },
    /* 0 on a CPU model without MCE (qemu32); MCE_CAP_DEF | banks otherwise:
     * target-i386/helper.c:mce_init sets it from the model, once */
    { .name = "mcg_cap", .type = SV_U64, .since = 10, .required = 1 },
    { .name = "mcg_status", .type = SV_U64, .since = 10, .required = 1,
      .cond = { .kind = SV_IF_FIELD, .field = "mcg_cap", .op = SV_OP_NE, .value = 0 } },
    { .name = "mcg_ctl", .type = SV_U64, .since = 10, .required = 1,
      .cond = { .kind = SV_IF_FIELD, .field = "mcg_cap", .op = SV_OP_NE, .value = 0 } },
    /* cpu_load writes (mcg_cap & 0xff) banks into mce_banks, which
     * target-i386/helper.c:mce_init allocates for MCE_BANKS_DEF (10) */
    { .name = "mce_banks", .kind = SV_D_GROUP, .count = "mcg_cap", .count_mask = 0xff,
      .max_count = 10, .sub = cpu_mce_bank, .since = 10,
      .cond = { .kind = SV_IF_FIELD, .field = "mcg_cap", .op = SV_OP_NE, .value = 0 } },
    { .name = NULL },
};

const struct sv_desc sv_desc_cpu_010 = {
    .idstr = "cpu", .min_version = 3, .version = 8, .by_target = 1, .fields = cpu_v10,
};

const struct sv_desc sv_desc_cpu_011 = {
    .idstr = "cpu", .min_version = 3, .version = 10, .by_target = 1, .fields = cpu_v10,
};

/*
 * v10 -> v8 (0.11.1 -> 0.10.6; doc/BRIDGING.md): 0.10.6's CPU has none of
 * what v9 and v10 added, so each must be where 0.10.6's CPU is, else the
 * section is refused naming it.
 *
 * - pending_irq, mp_state: KVM's interrupt_bitmap and mp_state, set only
 *   by target-i386/kvm.c (v0.11.1 :142, :525-527, :678); cpu_save writes
 *   -1 for an empty bitmap (machine.c:149-158).  Without KVM: -1 and 0
 *   (KVM_MP_STATE_RUNNABLE).
 * - tsc: KVM's too; 0 is its default, which the encoder drops.
 * - mcg_cap: the CPU model's, set once by mce_init (helper.c:1552-1564);
 *   0.10.6 has no machine-check MSRs (its rdmsr gives 0 for them).  The
 *   state behind it must be as mce_init leaves it: mcg_status 0, mcg_ctl
 *   and each bank's CTL all ones, the banks' STATUS, ADDR and MISC 0 (no
 *   machine check was raised, op_helper.c:3136-3149 writes them).
 */
const struct sv_desc_move sv_desc_cpu_moves_011_010[] = {
    { .from = "pending_irq", .op = SV_MV_EXPECT, .arg = (uint64_t)-1 },
    { .from = "mp_state", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = "mcg_cap", .op = SV_MV_DERIVED },
    { .from = "mcg_status", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = "mcg_ctl", .op = SV_MV_EXPECT, .arg = (uint64_t)-1 },
    { .from = "mce_banks[].ctl", .op = SV_MV_EXPECT, .arg = (uint64_t)-1 },
    { .from = "mce_banks[].status", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = "mce_banks[].addr", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = "mce_banks[].misc", .op = SV_MV_EXPECT, .arg = 0 },
    { .from = NULL, .to = NULL },
};
