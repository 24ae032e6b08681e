/*
 * "eeprom": hw/eeprom93xx.c eeprom_save, the 93xx serial EEPROM of the
 * eepro100 NICs, one section per EEPROM.  Its versions are dates:
 * 20061112 (0.10.6 saves it; 0.11.1 still loads it) and 20061113 (0.11.1).
 */
#include "devices.h"

/* eeprom93xx_new allows 16, 64 or 256 words; eeprom_load then refuses a
 * size other than the device's own, but reads `size` words first */
#define EEPROM_WORDS_MAX 256

static const struct sv_desc_field eeprom_fields[] = {
    { .name = "tick", .type = SV_U8 },
    { .name = "address", .type = SV_U8 },
    { .name = "command", .type = SV_U8 },
    { .name = "writeable", .type = SV_U8 },
    { .name = "eecs", .type = SV_U8 },
    { .name = "eesk", .type = SV_U8 },
    { .name = "eedo", .type = SV_U8 },
    { .name = "addrbits", .type = SV_U8, .dflt = 6 },
    /* 20061112 wrote the struct's bytes: size in one byte (0.10.6's
     * uint8_t size, so a 256-word EEPROM saved 0), then padding */
    { .name = "size", .type = SV_U16, .wire = 1, .until = 20061112, .dflt = 64,
      .bounded = 1, .lo = 0, .hi = 255 },
    { .name = "pad", .type = SV_U8, .until = 20061112 },
    { .name = "size", .type = SV_U16, .since = 20061113, .dflt = 64,
      .bounded = 1, .lo = 0, .hi = EEPROM_WORDS_MAX },
    { .name = "data", .type = SV_U16 },
    { .name = "contents", .type = SV_U16, .count = "size",
      .max_count = EEPROM_WORDS_MAX },
    { .name = NULL },
};

const struct sv_desc sv_desc_eeprom_010 = {
    .idstr = "eeprom", .min_version = 20061112, .version = 20061112, .fields = eeprom_fields,
};

const struct sv_desc sv_desc_eeprom_011 = {
    .idstr = "eeprom", .min_version = 20061112, .version = 20061113, .fields = eeprom_fields,
};
