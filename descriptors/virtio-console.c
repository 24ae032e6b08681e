/*
 * "virtio-console": hw/virtio-console.c virtio_console_save, version 1 in
 * 0.10.6 and 0.11.1 (the load takes only 1): virtio_save alone, with no
 * config space (descriptors/virtio.c).
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field virtio_console_010[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_console_010 },
    { .name = NULL },
};

static const struct sv_desc_field virtio_console_011[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_console_011 },
    { .name = NULL },
};

const struct sv_desc sv_desc_virtio_console_010 = {
    .idstr = "virtio-console", .min_version = 1, .version = 1, .fields = virtio_console_010,
};

const struct sv_desc sv_desc_virtio_console_011 = {
    .idstr = "virtio-console", .min_version = 1, .version = 1, .fields = virtio_console_011,
};
