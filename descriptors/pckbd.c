/* "pckbd": hw/pckbd.c kbd_save, version 3 (0.10.6 and 0.11.1). 4 bytes. */
#include <config.h>

#include "devices.h"

/* hw/pckbd.c:kbd_reset sets status and mode only */
static const struct sv_desc_field pckbd_v3[] = {
    /* kbd_write_data switches on write_cmd, unknown commands ignored */
    { .name = "write_cmd", .type = SV_U8, .required = 1 },
    /* kbd_reset: KBD_STAT_CMD | KBD_STAT_UNLOCKED */
    { .name = "status", .type = SV_U8, .dflt = 0x18 },
    /* kbd_reset: KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT */
    { .name = "mode", .type = SV_U8, .dflt = 0x03 },
    /* kbd_update_irq tests bits of pending: any u8 */
    { .name = "pending", .type = SV_U8, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_pckbd = {
    .idstr = "pckbd", .min_version = 3, .version = 3, .fields = pckbd_v3,
};
