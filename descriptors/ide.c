/*
 * "ide": hw/ide.c pci_ide_save (PIIX3 on -M pc).  0.11.1 saves version 3
 * (430 bytes, plus 512 per drive once IDENTIFY has run); 0.10.6 saves
 * version 2 (no cdrom_changed byte: 426 bytes).  pci_ide_load takes 2..3
 * in 0.11.1 and 2 in 0.10.6.
 *
 * No defaults but the PCI part's: hw/ide.c:piix3_reset, the device's reset
 * handler, only cancels DMA (ide_dma_cancel clears one status bit, when
 * set) and rewrites PCI config bytes.  ide_reset, which sets a drive's
 * mult_sectors, select and status, runs at init and on the guest's SRST,
 * not on a machine reset.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field ide_bmdma[] = {
    { .name = "cmd", .type = SV_U8, .required = 1 },
    { .name = "status", .type = SV_U8, .required = 1 },
    { .name = "addr", .type = SV_U32, .required = 1 },
    { .name = "sector_num", .type = SV_S64, .required = 1 },
    { .name = "nsector", .type = SV_U32, .required = 1 },
    /* pci_ide_load: bm->ide_if = &d->ide_if[ifidx], an array of 4 */
    { .name = "ifidx", .type = SV_U8, .required = 1, .bounded = 1, .lo = 0, .hi = 3 },
    { .name = NULL },
};

static const struct sv_desc_field ide_interface[] = {
    { .name = "cmd", .type = SV_U8, .required = 1 },
    /* pci_ide_load tests it against 0 */
    { .name = "drive1_selected", .type = SV_U8, .required = 1 },
    { .name = NULL },
};

static const struct sv_desc_field ide_drive[] = {
    /* hw/ide.c WIN_SETMULT stores 0 or a power of two up to
     * MAX_MULT_SECTORS (16); reads of mult_sectors sectors fill io_buffer.
     * ide_reset (init, SRST): 16 */
    { .name = "mult_sectors", .type = SV_S32, .required = 1,
      .bounded = 1, .lo = 0, .hi = 16 },
    /* ide_identify and friends set 1; ide_load tests it against 0 */
    { .name = "identify_set", .type = SV_S32, .required = 1 },
    /* identify_data: put_le16 words, written as a 512-byte buffer */
    { .name = "identify", .type = SV_U16, .required = 1, .n = 256, .le = 1,
      .cond = { .kind = SV_IF_FIELD, .field = "identify_set", .op = SV_OP_NE, .value = 0 } },
    { .name = "feature", .type = SV_U8, .required = 1 },
    { .name = "error", .type = SV_U8, .required = 1 },
    { .name = "nsector", .type = SV_U32, .required = 1 },
    { .name = "sector", .type = SV_U8, .required = 1 },
    { .name = "lcyl", .type = SV_U8, .required = 1 },
    { .name = "hcyl", .type = SV_U8, .required = 1 },
    { .name = "hob_feature", .type = SV_U8, .required = 1 },
    { .name = "hob_nsector", .type = SV_U8, .required = 1 },
    { .name = "hob_sector", .type = SV_U8, .required = 1 },
    { .name = "hob_lcyl", .type = SV_U8, .required = 1 },
    { .name = "hob_hcyl", .type = SV_U8, .required = 1 },
    { .name = "select", .type = SV_U8, .required = 1 },
    { .name = "status", .type = SV_U8, .required = 1 },
    { .name = "lba48", .type = SV_U8, .required = 1 },
    { .name = "sense_key", .type = SV_U8, .required = 1 },
    { .name = "asc", .type = SV_U8, .required = 1 },
    /* ide_load: version 2 derives it from sense_key and asc instead */
    { .name = "cdrom_changed", .type = SV_U8, .required = 1, .since = 3 },
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
