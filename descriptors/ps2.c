/*
 * "ps2kbd" (version 3, 284 bytes) and "ps2mouse" (version 2, 291 bytes):
 * hw/ps2.c, 0.10.6 and 0.11.1.  Both start with ps2_common_save.
 * Defaults: hw/ps2.c:ps2_common_reset (write_cmd -1, an empty queue whose
 * bytes it leaves), then ps2_kbd_reset and ps2_mouse_reset, which clear
 * every other field.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field ps2_queue[] = {
    /* hw/ps2.c:ps2_read_data reads data[rptr] and ps2_queue writes
     * data[wptr]; ps2_common_load takes any be32 */
    { .name = "rptr", .type = SV_S32, .index_of = "data" },
    { .name = "wptr", .type = SV_S32, .index_of = "data" },
    /* ps2_queue stops at PS2_QUEUE_SIZE, so 0..256 are stored */
    { .name = "count", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 256 },
    /* ps2_common_reset empties the queue but leaves its bytes */
    { .name = "data", .kind = SV_D_BYTES, .n = 256, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field ps2kbd_v3[] = {
    /* ps2_common_reset: -1, no command pending; the writers switch on it */
    { .name = "write_cmd", .type = SV_S32, .dflt = -1 },
    { .name = "queue", .kind = SV_D_GROUP, .sub = ps2_queue },
    { .name = "scan_enabled", .type = SV_S32 },
    { .name = "translate", .type = SV_S32 },
    /* ps2_write_keyboard stores whatever the guest sends, compared only
     * with 1, 2, 3.  ps2_kbd_reset: 0 (ps2_kbd_load sets 2 for version 2,
     * which has none; a version 2 body converted up gets the reset value) */
    { .name = "scancode_set", .type = SV_S32, .since = 3 },
    { .name = NULL },
};

static const struct sv_desc_field ps2mouse_v2[] = {
    { .name = "write_cmd", .type = SV_S32, .dflt = -1 },
    { .name = "queue", .kind = SV_D_GROUP, .sub = ps2_queue },
    { .name = "mouse_status", .type = SV_U8 },
    { .name = "mouse_resolution", .type = SV_U8 },
    { .name = "mouse_sample_rate", .type = SV_U8 },
    { .name = "mouse_wrap", .type = SV_U8 },
    /* ps2_mouse_send_packet switches on mouse_type, default is PS/2 */
    { .name = "mouse_type", .type = SV_U8 },
    { .name = "mouse_detect_state", .type = SV_U8 },
    { .name = "mouse_dx", .type = SV_S32 },
    { .name = "mouse_dy", .type = SV_S32 },
    { .name = "mouse_dz", .type = SV_S32 },
    { .name = "mouse_buttons", .type = SV_U8 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ps2kbd = {
    .idstr = "ps2kbd", .min_version = 2, .version = 3, .fields = ps2kbd_v3,
};

const struct sv_desc sv_desc_ps2mouse = {
    .idstr = "ps2mouse", .min_version = 2, .version = 2, .fields = ps2mouse_v2,
};
