/*
 * "ide": hw/ide.c pci_ide_save (PIIX3 on -M pc).  0.11.1 saves version 3
 * (430 bytes, plus 512 per drive once IDENTIFY has run); 0.10.6 saves
 * version 2 (no cdrom_changed byte: 426 bytes).  pci_ide_load takes 2..3
 * in 0.11.1 and 2 in 0.10.6.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field ide_bmdma[] = {
    { .name = "cmd", .type = SV_U8 },
    { .name = "status", .type = SV_U8 },
    { .name = "addr", .type = SV_U32 },
    { .name = "sector_num", .type = SV_S64 },
    { .name = "nsector", .type = SV_U32 },
    /* pci_ide_load: bm->ide_if = &d->ide_if[ifidx], an array of 4 */
    { .name = "ifidx", .type = SV_U8, .bounded = 1, .lo = 0, .hi = 3 },
    { .name = NULL },
};

static const struct sv_desc_field ide_interface[] = {
    { .name = "cmd", .type = SV_U8 },
    /* pci_ide_load tests it against 0 */
    { .name = "drive1_selected", .type = SV_U8 },
    { .name = NULL },
};

static const struct sv_desc_field ide_drive[] = {
    /* hw/ide.c WIN_SETMULT stores 0 or a power of two up to
     * MAX_MULT_SECTORS (16); reads of mult_sectors sectors fill io_buffer */
    { .name = "mult_sectors", .type = SV_S32, .dflt = 16,
      .bounded = 1, .lo = 0, .hi = 16 },
    /* ide_identify and friends set 1; ide_load tests it against 0 */
    { .name = "identify_set", .type = SV_S32 },
    /* identify_data: put_le16 words, written as a 512-byte buffer */
    { .name = "identify", .type = SV_U16, .n = 256, .le = 1,
      .cond = { .kind = SV_IF_FIELD, .field = "identify_set", .op = SV_OP_NE, .value = 0 } },
    { .name = "feature", .type = SV_U8 },
    { .name = "error", .type = SV_U8 },
    { .name = "nsector", .type = SV_U32 },
    { .name = "sector", .type = SV_U8 },
    { .name = "lcyl", .type = SV_U8 },
    { .name = "hcyl", .type = SV_U8 },
    { .name = "hob_feature", .type = SV_U8 },
    { .name = "hob_nsector", .type = SV_U8 },
    { .name = "hob_sector", .type = SV_U8 },
    { .name = "hob_lcyl", .type = SV_U8 },
    { .name = "hob_hcyl", .type = SV_U8 },
    /* ide_reset: 0xa0 */
    { .name = "select", .type = SV_U8, .dflt = 0xa0 },
    /* ide_reset: READY_STAT | SEEK_STAT */
    { .name = "status", .type = SV_U8, .dflt = 0x50 },
    { .name = "lba48", .type = SV_U8 },
    { .name = "sense_key", .type = SV_U8 },
    { .name = "asc", .type = SV_U8 },
    /* ide_load: version 2 derives it from sense_key and asc instead */
    { .name = "cdrom_changed", .type = SV_U8, .since = 3 },
    { .name = NULL },
};

static const struct sv_desc_field ide_v3[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "bmdma", .kind = SV_D_GROUP, .n = 2, .sub = ide_bmdma },
    { .name = "interface", .kind = SV_D_GROUP, .n = 2, .sub = ide_interface },
    { .name = "drive", .kind = SV_D_GROUP, .n = 4, .sub = ide_drive },
    { .name = NULL },
};

const struct sv_desc sv_desc_ide_010 = {
    .idstr = "ide", .min_version = 2, .version = 2, .fields = ide_v3,
};

const struct sv_desc sv_desc_ide_011 = {
    .idstr = "ide", .min_version = 2, .version = 3, .fields = ide_v3,
};
