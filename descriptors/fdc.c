/*
 * "fdc": hw/fdc.c fdc_save, version 2 (0.10.6 and 0.11.1). 545 bytes with
 * MAX_FD 2, instance 1008 (the I/O base 0x3f0).
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field fdc_drive[] = {
    { .name = "head", .type = SV_U8 },
    { .name = "track", .type = SV_U8 },
    { .name = "sect", .type = SV_U8 },
    { .name = NULL },
};

static const struct sv_desc_field fdc_v2[] = {
    { .name = "sra", .type = SV_U8 },
    /* fdctrl_reset: 0xc0 */
    { .name = "srb", .type = SV_U8, .dflt = 0xc0 },
    /* fdctrl_reset: FD_DOR_nRESET | FD_DOR_DMAEN.  fdc_save ORs in the
     * current drive; fdc_load takes it back with FD_DOR_SELMASK (0x01 for
     * MAX_FD 2): any u8 */
    { .name = "dor", .type = SV_U8, .dflt = 0x0c },
    /* drv0 indexes drives[(tdr & FD_TDR_BOOTSEL) >> 2], 0..1 for MAX_FD 2 */
    { .name = "tdr", .type = SV_U8 },
    { .name = "dsr", .type = SV_U8 },
    /* fdctrl_reset: FD_MSR_RQM */
    { .name = "msr", .type = SV_U8, .dflt = 0x80 },
    { .name = "status0", .type = SV_U8 },
    { .name = "status1", .type = SV_U8 },
    { .name = "status2", .type = SV_U8 },
    { .name = "fifo", .kind = SV_D_BYTES, .n = 512 },
    /* no bound: during a DMA transfer fdctrl_transfer_handler advances
     * data_pos past the 512-byte FIFO, so the legacy code stores such values */
    { .name = "data_pos", .type = SV_U32 },
    { .name = "data_len", .type = SV_U32 },
    { .name = "data_state", .type = SV_U8 },
    /* compared with FD_DIR_* only */
    { .name = "data_dir", .type = SV_U8 },
    { .name = "eot", .type = SV_U8 },
    { .name = "timer0", .type = SV_U8 },
    { .name = "timer1", .type = SV_U8 },
    { .name = "precomp_trk", .type = SV_U8 },
    { .name = "config", .type = SV_U8 },
    { .name = "lock", .type = SV_U8 },
    { .name = "pwrd", .type = SV_U8 },
    /* fdc_save writes MAX_FD; fdc_load refuses n > MAX_FD (2) */
    { .name = "num_drives", .type = SV_U8, .dflt = 2,
      .bounded = 1, .lo = 0, .hi = 2 },
    { .name = "drive", .kind = SV_D_GROUP, .count = "num_drives", .max_count = 2,
      .sub = fdc_drive },
    { .name = NULL },
};

const struct sv_desc sv_desc_fdc = {
    .idstr = "fdc", .min_version = 2, .version = 2, .fields = fdc_v2,
};
