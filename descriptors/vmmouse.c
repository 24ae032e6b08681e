/*
 * "vmmouse": hw/vmmouse.c vmmouse_save, version 0 in 0.10.6 and 0.11.1
 * (the load takes only 0): 4,105 bytes.
 *
 * No reset handler: the defaults are hw/vmmouse.c:vmmouse_init's, a
 * zeroed state with status 0xffff.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field vmmouse_v0[] = {
    /* VMMOUSE_QUEUE_SIZE, which vmmouse_save writes (the default);
     * vmmouse_load refuses any other value */
    { .name = "queue_size", .type = SV_U32, .dflt = 1024,
      .bounded = 1, .lo = 1024, .hi = 1024 },
    { .name = "queue", .type = SV_U32, .n = 1024 },
    /* entries in queue[1024]: vmmouse_mouse_event and vmmouse_read_id stop
     * at 1024, and both store at queue[nb_queue] unchecked above it */
    { .name = "nb_queue", .type = SV_U16, .bounded = 1, .lo = 0, .hi = 1024 },
    /* vmmouse_init: 0xffff */
    { .name = "status", .type = SV_U16, .dflt = 0xffff },
    { .name = "absolute", .type = SV_U8 },
    { .name = NULL },
};

const struct sv_desc sv_desc_vmmouse = {
    .idstr = "vmmouse", .min_version = 0, .version = 0, .fields = vmmouse_v0,
};
