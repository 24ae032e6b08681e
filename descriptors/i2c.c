/* "i2c_bus": hw/i2c.c i2c_bus_save, version 1 (0.10.6 and 0.11.1). 1 byte. */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field i2c_bus_v1[] = {
    /* the current slave's address, or -1 (0xff) for none; i2c_bus_load
     * keeps it as saved_address and looks the device up later: any u8.
     * No reset handler; hw/i2c.c:i2c_init_bus leaves no current device */
    { .name = "address", .type = SV_U8, .dflt = 0xff },
    { .name = NULL },
};

const struct sv_desc sv_desc_i2c_bus = {
    .idstr = "i2c_bus", .min_version = 1, .version = 1, .fields = i2c_bus_v1,
};
