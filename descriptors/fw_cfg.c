/* "fw_cfg": hw/fw_cfg.c fw_cfg_save, version 1 (0.10.6 and 0.11.1). 4 bytes. */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field fw_cfg_v1[] = {
    /* No bound: fw_cfg_select stores a key whose (key & FW_CFG_ENTRY_MASK)
     * is below FW_CFG_MAX_ENTRY, or FW_CFG_INVALID (0xffff); that set is
     * not a range, and the table language has no masked bounds yet.
     * fw_cfg_read indexes entries[] with the masked key unchecked.
     * hw/fw_cfg.c:fw_cfg_reset: fw_cfg_select(s, 0), entry 0, offset 0 */
    { .name = "cur_entry", .type = SV_U16 },
    /* fw_cfg_read/write compare it with the entry's length */
    { .name = "cur_offset", .type = SV_U16 },
    { .name = NULL },
};

const struct sv_desc sv_desc_fw_cfg = {
    .idstr = "fw_cfg", .min_version = 1, .version = 1, .fields = fw_cfg_v1,
};
