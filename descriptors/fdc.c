/*
 * "fdc": hw/fdc.c fdc_save, version 2 (0.10.6 and 0.11.1). 545 bytes with
 * MAX_FD 2, instance 1008 (the I/O base 0x3f0).
 *
 * Defaults: hw/fdc.c:fdctrl_reset (do_irq 0, from fdctrl_external_reset)
 * with fdctrl_reset_fifo and fd_recalibrate.  What they do not set is
 * required.
 */
#include <config.h>

#include "devices.h"

/* fd_recalibrate: head 0, track 0, sect 1 */
static const struct sv_desc_field fdc_drive[] = {
    { .name = "head", .type = SV_U8 },
    { .name = "track", .type = SV_U8 },
    { .name = "sect", .type = SV_U8, .dflt = 1 },
    { .name = NULL },
};

static const struct sv_desc_field fdc_v2[] = {
    /* fdctrl_reset: 0, with FD_SRA_nDRV2 when there is no second drive:
     * the configuration decides */
    { .name = "sra", .type = SV_U8, .required = 1 },
    /* fdctrl_reset: 0xc0 */
    { .name = "srb", .type = SV_U8, .dflt = 0xc0 },
    /* fdctrl_reset: FD_DOR_nRESET | FD_DOR_DMAEN (hw/pc.c gives the
     * controller DMA channel 2), cur_drv 0.  fdc_save ORs in the current
     * drive; fdc_load takes it back with FD_DOR_SELMASK (0x01 for MAX_FD
     * 2): any u8 */
    { .name = "dor", .type = SV_U8, .dflt = 0x0c },
    /* drv0 indexes drives[(tdr & FD_TDR_BOOTSEL) >> 2], 0..1 for MAX_FD 2 */
    { .name = "tdr", .type = SV_U8, .required = 1 },
    { .name = "dsr", .type = SV_U8, .required = 1 },
    /* fdctrl_reset: FD_MSR_RQM (fdctrl_reset_fifo clears bits of it) */
    { .name = "msr", .type = SV_U8, .dflt = 0x80 },
    { .name = "status0", .type = SV_U8, .required = 1 },
    { .name = "status1", .type = SV_U8, .required = 1 },
    { .name = "status2", .type = SV_U8, .required = 1 },
    { .name = "fifo", .kind = SV_D_BYTES, .n = 512, .required = 1 },
    /* no bound: during a DMA transfer fdctrl_transfer_handler advances
     * data_pos past the 512-byte FIFO, so the legacy code stores such values.
     * fdctrl_reset: data_pos, data_len, data_state 0 */
    { .name = "data_pos", .type = SV_U32 },
    { .name = "data_len", .type = SV_U32 },
    { .name = "data_state", .type = SV_U8 },
    /* compared with FD_DIR_* only; fdctrl_reset_fifo: FD_DIR_WRITE (0) */
    { .name = "data_dir", .type = SV_U8 },
    { .name = "eot", .type = SV_U8, .required = 1 },
    { .name = "timer0", .type = SV_U8, .required = 1 },
    { .name = "timer1", .type = SV_U8, .required = 1 },
    { .name = "precomp_trk", .type = SV_U8, .required = 1 },
    { .name = "config", .type = SV_U8, .required = 1 },
    { .name = "lock", .type = SV_U8, .required = 1 },
    { .name = "pwrd", .type = SV_U8, .required = 1 },
    /* fdc_save writes MAX_FD, a constant of the build (the default);
     * fdc_load refuses n > MAX_FD (2) */
    { .name = "num_drives", .type = SV_U8, .dflt = 2,
      .bounded = 1, .lo = 0, .hi = 2 },
    { .name = "drive", .kind = SV_D_GROUP, .count = "num_drives", .max_count = 2,
      .sub = fdc_drive },
    { .name = NULL },
};

const struct sv_desc sv_desc_fdc = {
    .idstr = "fdc", .min_version = 2, .version = 2, .fields = fdc_v2,
};
