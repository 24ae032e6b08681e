/*
 * "virtio-balloon": hw/virtio-balloon.c virtio_balloon_save, version 1 in
 * both releases (the load takes only 1) but two layouts: virtio_save
 * changed between them (descriptors/virtio.c).  0.10.6: 332 bytes; 0.11.1
 * (no MSI-X: the balloon has no "vectors" property): 336 bytes.
 *
 * The balloon adds nothing to virtio_reset: the monitor's request and the
 * guest's answer are left, required.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field virtio_balloon_010[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_balloon_010 },
    /* the pages the host asked for, and the guest's answer */
    { .name = "num_pages", .type = SV_U32, .required = 1 },
    { .name = "actual", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field virtio_balloon_011[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_balloon_011 },
    { .name = "num_pages", .type = SV_U32, .required = 1 },
    { .name = "actual", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_virtio_balloon_010 = {
    .idstr = "virtio-balloon", .min_version = 1, .version = 1, .fields = virtio_balloon_010,
};

const struct sv_desc sv_desc_virtio_balloon_011 = {
    .idstr = "virtio-balloon", .min_version = 1, .version = 1, .fields = virtio_balloon_011,
};
