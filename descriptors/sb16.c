/*
 * "sb16": hw/sb16.c SB_save, version 1 (SB_load takes only 1), instance 0
 * (-soundhw sb16).  The same save and load in 0.10.6 and 0.11.1: 707 bytes.
 * The DMA transfer positions live in the "dma" sections, not here.
 *
 * The card registers no reset handler (its reset() is the DSP reset
 * port's): the defaults are hw/sb16.c:SB16_init's, a zeroed state with
 * cmd -1, can_write 1 and two CSP registers set.  The resources and the
 * version come from the configuration (conf), and so do the mixer
 * registers that encode them: required.
 */
#include <config.h>

#include "devices.h"

static const int64_t csp_reset[256] = { [5] = 1, [9] = 0xf8 };

static const struct sv_desc_field sb16_v1[] = {
    /* qemu_irq_raise(s->pic[s->irq]): an index into the ISA IRQs; mixer
     * register 0x80 only stores 5, 7, 9 or 10 (irq_of_magic) */
    { .name = "irq", .type = SV_S32, .required = 1, .bounded = 1, .lo = 5, .hi = 10 },
    { .name = "dma", .type = SV_S32, .required = 1 },
    { .name = "hdma", .type = SV_S32, .required = 1 },
    { .name = "port", .type = SV_S32, .required = 1 },
    { .name = "ver", .type = SV_S32, .required = 1 },
    /* dsp_write stores in2_data[in_index++] unless it is 10; dsp_get_data
     * reads in2_data[--in_index] */
    { .name = "in_index", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 10 },
    /* dsp_read returns out_data[--out_data_len]; dsp_out_data stops at 50 */
    { .name = "out_data_len", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 50 },
    { .name = "fmt_stereo", .type = SV_S32 },
    { .name = "fmt_signed", .type = SV_S32 },
    { .name = "fmt_bits", .type = SV_S32 },
    /* audfmt_e */
    { .name = "fmt", .type = SV_U32 },
    { .name = "dma_auto", .type = SV_S32 },
    { .name = "block_size", .type = SV_S32 },
    { .name = "fifo", .type = SV_S32 },
    { .name = "freq", .type = SV_S32 },
    { .name = "time_const", .type = SV_S32 },
    { .name = "speaker", .type = SV_S32 },
    /* only compared with in_index, which stops at 10 */
    { .name = "needed_bytes", .type = SV_S32 },
    /* -1: no command; SB16_init: -1 */
    { .name = "cmd", .type = SV_S32, .dflt = -1 },
    { .name = "use_hdma", .type = SV_S32 },
    { .name = "highspeed", .type = SV_S32 },
    /* SB16_init: 1 */
    { .name = "can_write", .type = SV_S32, .dflt = 1 },
    { .name = "v2x6", .type = SV_S32 },
    { .name = "csp_param", .type = SV_U8 },
    { .name = "csp_value", .type = SV_U8 },
    { .name = "csp_mode", .type = SV_U8 },
    /* SB_save writes csp_param a second time; SB_load keeps this one */
    { .name = "csp_param_again", .type = SV_U8 },
    /* SB16_init: csp_regs[5] = 1, csp_regs[9] = 0xf8 */
    { .name = "csp_regs", .kind = SV_D_BYTES, .n = 256, .dflts = csp_reset },
    /* csp_regs[256]: any u8 indexes it */
    { .name = "csp_index", .type = SV_U8 },
    { .name = "csp_reg83", .kind = SV_D_BYTES, .n = 4 },
    /* csp_reg83[reg83r % 4]: a negative int indexes before the array; the
     * command handler only counts up from 0 */
    { .name = "csp_reg83r", .type = SV_S32,
      .bounded = 1, .lo = 0, .hi = INT32_MAX },
    { .name = "csp_reg83w", .type = SV_S32,
      .bounded = 1, .lo = 0, .hi = INT32_MAX },
    { .name = "in2_data", .kind = SV_D_BYTES, .n = 10 },
    { .name = "out_data", .kind = SV_D_BYTES, .n = 50 },
    { .name = "test_reg", .type = SV_U8 },
    { .name = "last_read_byte", .type = SV_U8 },
    { .name = "nzero", .type = SV_S32 },
    { .name = "left_till_irq", .type = SV_S32 },
    { .name = "dma_running", .type = SV_S32 },
    { .name = "bytes_per_second", .type = SV_S32 },
    { .name = "align", .type = SV_S32 },
    /* mixer_read/write index mixer_regs[256] with it; the index port only
     * stores a byte */
    { .name = "mixer_nreg", .type = SV_S32, .bounded = 1, .lo = 0, .hi = 255 },
    /* reset_mixer, and 0x80..0x82 from the IRQ and DMA channels */
    { .name = "mixer_regs", .kind = SV_D_BYTES, .n = 256, .required = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_sb16 = {
    .idstr = "sb16", .min_version = 1, .version = 1, .fields = sb16_v1,
};
