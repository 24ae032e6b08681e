/*
 * "sb16": hw/sb16.c SB_save, version 1 (SB_load takes only 1), instance 0
 * (-soundhw sb16).  The same save and load in 0.10.6 and 0.11.1: 707 bytes.
 * The DMA transfer positions live in the "dma" sections, not here.
 */
#include "devices.h"

static const struct sv_desc_field sb16_v1[] = {
    /* qemu_irq_raise(s->pic[s->irq]): an index into the ISA IRQs; mixer
     * register 0x80 only stores 5, 7, 9 or 10 (irq_of_magic) */
    { .name = "irq", .kind = SV_D_INT, .type = SV_S32, .dflt = 5, .bounded = 1, .lo = 5, .hi = 10 },
    { .name = "dma", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "hdma", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "port", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "ver", .kind = SV_D_INT, .type = SV_S32 },
    /* dsp_write stores in2_data[in_index++] unless it is 10; dsp_get_data
     * reads in2_data[--in_index] */
    { .name = "in_index", .kind = SV_D_INT, .type = SV_S32, .bounded = 1, .lo = 0, .hi = 10 },
    /* dsp_read returns out_data[--out_data_len]; dsp_out_data stops at 50 */
    { .name = "out_data_len", .kind = SV_D_INT, .type = SV_S32, .bounded = 1, .lo = 0, .hi = 50 },
    { .name = "fmt_stereo", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "fmt_signed", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "fmt_bits", .kind = SV_D_INT, .type = SV_S32 },
    /* audfmt_e */
    { .name = "fmt", .kind = SV_D_INT, .type = SV_U32 },
    { .name = "dma_auto", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "block_size", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "fifo", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "freq", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "time_const", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "speaker", .kind = SV_D_INT, .type = SV_S32 },
    /* only compared with in_index, which stops at 10 */
    { .name = "needed_bytes", .kind = SV_D_INT, .type = SV_S32 },
    /* -1: no command */
    { .name = "cmd", .kind = SV_D_INT, .type = SV_S32, .dflt = -1 },
    { .name = "use_hdma", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "highspeed", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "can_write", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "v2x6", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "csp_param", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "csp_value", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "csp_mode", .kind = SV_D_INT, .type = SV_U8 },
    /* SB_save writes csp_param a second time; SB_load keeps this one */
    { .name = "csp_param_again", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "csp_regs", .kind = SV_D_BYTES, .n = 256 },
    /* csp_regs[256]: any u8 indexes it */
    { .name = "csp_index", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "csp_reg83", .kind = SV_D_BYTES, .n = 4 },
    /* csp_reg83[reg83r % 4]: a negative int indexes before the array; the
     * command handler only counts up from 0 */
    { .name = "csp_reg83r", .kind = SV_D_INT, .type = SV_S32,
      .bounded = 1, .lo = 0, .hi = INT32_MAX },
    { .name = "csp_reg83w", .kind = SV_D_INT, .type = SV_S32,
      .bounded = 1, .lo = 0, .hi = INT32_MAX },
    { .name = "in2_data", .kind = SV_D_BYTES, .n = 10 },
    { .name = "out_data", .kind = SV_D_BYTES, .n = 50 },
    { .name = "test_reg", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "last_read_byte", .kind = SV_D_INT, .type = SV_U8 },
    { .name = "nzero", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "left_till_irq", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "dma_running", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "bytes_per_second", .kind = SV_D_INT, .type = SV_S32 },
    { .name = "align", .kind = SV_D_INT, .type = SV_S32 },
    /* mixer_read/write index mixer_regs[256] with it; the index port only
     * stores a byte */
    { .name = "mixer_nreg", .kind = SV_D_INT, .type = SV_S32, .bounded = 1, .lo = 0, .hi = 255 },
    { .name = "mixer_regs", .kind = SV_D_BYTES, .n = 256 },
    { .name = NULL },
};

const struct sv_desc sv_desc_sb16 = {
    .idstr = "sb16", .min_version = 1, .version = 1, .fields = sb16_v1,
};
