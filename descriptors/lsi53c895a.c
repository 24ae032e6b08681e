/*
 * "lsiscsi": hw/lsi53c895a.c lsi_scsi_save, version 0 (lsi_scsi_load takes
 * only 0), instance 0, 1, ... (-drive if=scsi).  0.11.1 only: 0.10.6
 * registers no section for the controller.  8688 bytes.  The save asserts
 * that no DMA buffer or command is in flight, so none is in the stream;
 * this release saves no FIFO positions.
 *
 * The controller registers no reset handler: the defaults are its init
 * state, the zeroed device with what hw/lsi53c895a.c:lsi_soft_reset (run
 * by lsi_scsi_init, and by the guest through ISTAT0) sets: scntl0 0xc0,
 * scid 7, respid0 0x80, the rest 0.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field lsiscsi_v0[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "carry", .type = SV_S32 },
    { .name = "sense", .type = SV_S32 },
    /* switched on (lsi_do_msgin) */
    { .name = "msg_action", .type = SV_S32 },
    /* lsi_do_msgin copies msg_len bytes of msg[] to the guest and moves the
     * rest down; lsi_add_msg_byte stops at LSI_MAX_MSGIN_LEN (8) */
    { .name = "msg_len", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 8 },
    { .name = "msg", .kind = SV_D_BYTES, .n = 8 },
    /* 0..3, only compared */
    { .name = "waiting", .type = SV_S32 },
    { .name = "dsa", .type = SV_U32 },
    { .name = "temp", .type = SV_U32 },
    { .name = "dnad", .type = SV_U32 },
    { .name = "dbc", .type = SV_U32 },
    { .name = "istat0", .type = SV_U8 },
    { .name = "istat1", .type = SV_U8 },
    { .name = "dcmd", .type = SV_U8 },
    { .name = "dstat", .type = SV_U8 },
    { .name = "dien", .type = SV_U8 },
    { .name = "sist0", .type = SV_U8 },
    { .name = "sist1", .type = SV_U8 },
    { .name = "sien0", .type = SV_U8 },
    { .name = "sien1", .type = SV_U8 },
    { .name = "mbox0", .type = SV_U8 },
    { .name = "mbox1", .type = SV_U8 },
    { .name = "dfifo", .type = SV_U8 },
    { .name = "ctest2", .type = SV_U8 },
    { .name = "ctest3", .type = SV_U8 },
    { .name = "ctest4", .type = SV_U8 },
    { .name = "ctest5", .type = SV_U8 },
    { .name = "ccntl0", .type = SV_U8 },
    { .name = "ccntl1", .type = SV_U8 },
    { .name = "dsp", .type = SV_U32 },
    { .name = "dsps", .type = SV_U32 },
    { .name = "dmode", .type = SV_U8 },
    { .name = "dcntl", .type = SV_U8 },
    { .name = "scntl0", .type = SV_U8, .dflt = 0xc0 },
    { .name = "scntl1", .type = SV_U8 },
    { .name = "scntl2", .type = SV_U8 },
    { .name = "scntl3", .type = SV_U8 },
    { .name = "sstat0", .type = SV_U8 },
    { .name = "sstat1", .type = SV_U8 },
    { .name = "scid", .type = SV_U8, .dflt = 7 },
    { .name = "sxfer", .type = SV_U8 },
    { .name = "socl", .type = SV_U8 },
    { .name = "sdid", .type = SV_U8 },
    { .name = "ssid", .type = SV_U8 },
    { .name = "sfbr", .type = SV_U8 },
    { .name = "stest1", .type = SV_U8 },
    { .name = "stest2", .type = SV_U8 },
    { .name = "stest3", .type = SV_U8 },
    { .name = "sidl", .type = SV_U8 },
    { .name = "stime0", .type = SV_U8 },
    { .name = "respid0", .type = SV_U8, .dflt = 0x80 },
    { .name = "respid1", .type = SV_U8 },
    { .name = "mmrs", .type = SV_U32 },
    { .name = "mmws", .type = SV_U32 },
    { .name = "sfs", .type = SV_U32 },
    { .name = "drs", .type = SV_U32 },
    { .name = "sbms", .type = SV_U32 },
    { .name = "dbms", .type = SV_U32 },
    { .name = "dnad64", .type = SV_U32 },
    { .name = "pmjad1", .type = SV_U32 },
    { .name = "pmjad2", .type = SV_U32 },
    { .name = "rbc", .type = SV_U32 },
    { .name = "ua", .type = SV_U32 },
    { .name = "ia", .type = SV_U32 },
    { .name = "sbc", .type = SV_U32 },
    { .name = "csbc", .type = SV_U32 },
    /* SCRATCHA..SCRATCHR: host-order u32s */
    { .name = "scratch", .type = SV_U32, .n = 18, .le = 1 },
    { .name = "sbr", .type = SV_U8 },
    /* the 8 KiB SCRIPTS RAM: host-order u32s */
    { .name = "script_ram", .type = SV_U32, .n = 2048, .le = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_lsiscsi = {
    .idstr = "lsiscsi", .min_version = 0, .version = 0, .fields = lsiscsi_v0,
};
