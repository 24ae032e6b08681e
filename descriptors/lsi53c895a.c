/*
 * "lsiscsi": hw/lsi53c895a.c lsi_scsi_save, version 0 (lsi_scsi_load takes
 * only 0), instance 0, 1, ... (-drive if=scsi).  0.11.1 only: 0.10.6
 * registers no section for the controller.  8688 bytes.  The save asserts
 * that no DMA buffer or command is in flight, so none is in the stream;
 * this release saves no FIFO positions.
 */
#include "devices.h"

static const struct sv_desc_field lsiscsi_v0[] = {
    { .name = "pci", .kind = SV_D_GROUP, .sub = sv_desc_pci_device },
    { .name = "carry", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "sense", .kind = SV_D_INT, .type = SV_S32 },
    /* switched on (lsi_do_msgin) */
    { .name = "msg_action", .kind = SV_D_INT, .type = SV_S32 },
    /* lsi_do_msgin copies msg_len bytes of msg[] to the guest and moves the
     * rest down; lsi_add_msg_byte stops at LSI_MAX_MSGIN_LEN (8) */
    { .name = "msg_len", .kind = SV_D_INT, .type = SV_S32, .bounded = 1, .lo = 0, .hi = 8 },
    { .name = "msg", .kind = SV_D_BYTES, .n = 8 },
    /* 0..3, only compared */
    { .name = "waiting", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "dsa", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "temp", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dnad", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dbc", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "istat0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "istat1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dcmd", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dstat", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dien", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sist0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sist1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sien0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sien1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "mbox0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "mbox1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dfifo", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ctest2", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ctest3", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ctest4", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ctest5", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ccntl0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ccntl1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dsp", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dsps", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dmode", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "dcntl", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "scntl0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "scntl1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "scntl2", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "scntl3", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sstat0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sstat1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "scid", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sxfer", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "socl", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sdid", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "ssid", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sfbr", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "stest1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "stest2", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "stest3", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "sidl", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "stime0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "respid0", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "respid1", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "mmrs", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "mmws", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "sfs", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "drs", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "sbms", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dbms", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dnad64", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "pmjad1", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "pmjad2", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "rbc", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "ua", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "ia", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "sbc", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "csbc", .kind = SV_D_INT, .type = SV_U32 },
    /* SCRATCHA..SCRATCHR: host-order u32s */
    { .name = "scratch", .kind = SV_D_INT, .type = SV_U32, .n = 18, .le = 1 },
    { .name = "sbr", .kind = SV_D_INT, .type = SV_U8 },
    /* the 8 KiB SCRIPTS RAM: host-order u32s */
    { .name = "script_ram", .kind = SV_D_INT, .type = SV_U32, .n = 2048, .le = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_lsiscsi = {
    .idstr = "lsiscsi", .min_version = 0, .version = 0, .fields = lsiscsi_v0,
};
