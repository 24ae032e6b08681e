/*
 * "ib700_wdt": hw/wdt_ib700.c ib700_save, version 0 (ib700_load takes only
 * 0), instance 0 (-watchdog ib700).  0.11.1 only: 0.10.6 has no watchdogs.
 * 8 bytes: the watchdog timer.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field ib700_wdt_v0[] = {
    /* qemu_put_timer: the expiry time, -1 when not pending.  No reset
     * handler; hw/wdt_ib700.c's init creates the timer unarmed */
    { .name = "timer", .type = SV_S64, .dflt = -1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_ib700_wdt = {
    .idstr = "ib700_wdt", .min_version = 0, .version = 0, .fields = ib700_wdt_v0,
};
