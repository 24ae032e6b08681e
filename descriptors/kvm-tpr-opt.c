/*
 * "kvm-tpr-opt": kvm-tpr-opt.c tpr_save of qemu-kvm-0.12.1.2, version 1
 * (tpr_load takes only 1), with KVM on.  The vapic option ROM's header
 * (struct vapic_bios, packed, 31 words) goes out as be32 of each host
 * word, then five words of the module's own state: 144 bytes.
 *
 * Defaults: none.  kvm-tpr-opt.c registers no reset handler (no
 * qemu_register_reset): the ROM header and the module's state are what
 * the BIOS's port writes (vtpr_ioport_write) left, every field required.
 */
#include <config.h>

#include "devices.h"

/* struct vapic_patches */
static const struct sv_desc_field vapic_patches[] = {
    { .name = "set_tpr", .type = SV_U32, .required = 1 },
    { .name = "set_tpr_eax", .type = SV_U32, .required = 1 },
    { .name = "get_tpr", .type = SV_U32, .n = 8, .required = 1 },
    { .name = "get_tpr_stack", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

/* struct vapic_bios */
static const struct sv_desc_field vapic_bios[] = {
    /* char signature[8], as two host (little-endian) words */
    { .name = "signature", .type = SV_U32, .n = 2, .required = 1 },
    { .name = "virt_base", .type = SV_U32, .required = 1 },
    { .name = "fixup_start", .type = SV_U32, .required = 1 },
    { .name = "fixup_end", .type = SV_U32, .required = 1 },
    { .name = "vapic", .type = SV_U32, .required = 1 },
    { .name = "vapic_size", .type = SV_U32, .required = 1 },
    { .name = "vcpu_shift", .type = SV_U32, .required = 1 },
    { .name = "real_tpr", .type = SV_U32, .required = 1 },
    { .name = "up", .kind = SV_D_GROUP, .sub = vapic_patches },
    { .name = "mp", .kind = SV_D_GROUP, .sub = vapic_patches },
    { .name = NULL },
};

static const struct sv_desc_field kvm_tpr_opt_v1[] = {
    { .name = "vapic_bios", .kind = SV_D_GROUP, .sub = vapic_bios },
    /* tpr_load enables the vapic on every CPU when it is not 0 */
    { .name = "bios_enabled", .type = SV_U32, .required = 1 },
    { .name = "real_tpr", .type = SV_U32, .required = 1 },
    { .name = "bios_addr", .type = SV_U32, .required = 1 },
    { .name = "vapic_phys", .type = SV_U32, .required = 1 },
    { .name = "vbios_desc_phys", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_kvm_tpr_opt = {
    .idstr = "kvm-tpr-opt", .min_version = 1, .version = 1, .fields = kvm_tpr_opt_v1,
};
