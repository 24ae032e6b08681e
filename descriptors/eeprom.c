/*
 * "eeprom": hw/eeprom93xx.c eeprom_save, the 93xx serial EEPROM of the
 * eepro100 NICs, one section per EEPROM.  Its versions are dates:
 * 20061112 (0.10.6 saves it; 0.11.1 still loads it) and 20061113 (0.11.1).
 */
#include <config.h>

#include "devices.h"

/* eeprom93xx_new allows 16, 64 or 256 words; eeprom_load then refuses a
 * size other than the device's own, but reads `size` words first */
#define EEPROM_WORDS_MAX 256

/* The EEPROM has no reset handler (the NIC's nic_selective_reset rewrites
 * its contents, and leaves eeprom93xx_reset commented out): the defaults
 * are hw/eeprom93xx.c:eeprom93xx_new's zeroed state with eedo 1.  Its
 * size, the address width that follows from it and the contents (the MAC
 * address) are required. */
static const struct sv_desc_field eeprom_fields[] = {
    { .name = "tick", .type = SV_U8 },
    { .name = "address", .type = SV_U8 },
    { .name = "command", .type = SV_U8 },
    { .name = "writeable", .type = SV_U8 },
    { .name = "eecs", .type = SV_U8 },
    { .name = "eesk", .type = SV_U8 },
    /* eeprom93xx_new: 1 ("output DO is tristate") */
    { .name = "eedo", .type = SV_U8, .dflt = 1 },
    { .name = "addrbits", .type = SV_U8, .required = 1 },
    /* 20061112 wrote the struct's bytes: size in one byte (0.10.6's
     * uint8_t size, so a 256-word EEPROM saved 0), then padding */
    { .name = "size", .type = SV_U16, .wire = 1, .until = 20061112, .required = 1,
      .bounded = 1, .lo = 0, .hi = 255 },
    { .name = "pad", .type = SV_U8, .until = 20061112 },
    { .name = "size", .type = SV_U16, .since = 20061113, .required = 1,
      .bounded = 1, .lo = 0, .hi = EEPROM_WORDS_MAX },
    { .name = "data", .type = SV_U16 },
    { .name = "contents", .type = SV_U16, .count = "size", .required = 1,
      .max_count = EEPROM_WORDS_MAX },
    { .name = NULL },
};

const struct sv_desc sv_desc_eeprom_010 = {
    .idstr = "eeprom", .min_version = 20061112, .version = 20061112, .fields = eeprom_fields,
};

const struct sv_desc sv_desc_eeprom_011 = {
    .idstr = "eeprom", .min_version = 20061112, .version = 20061113, .fields = eeprom_fields,
};
