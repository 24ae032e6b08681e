/*
 * The transcoder's save direction: legacy bytes a descriptor describes
 * become a tagged body; bytes it does not describe become an opaque body,
 * with the reason in the error; the opaque body loads back byte for byte.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "transcode.h"

/* i8254 v1 as 0.11.1's pit_save writes it: per channel count (be32),
 * latched_count (be16), ten state bytes (mode the 8th, gate the 10th) and
 * count_load_time (be64); channel 0, which has the timer, also
 * next_transition_time and the timer (be64 each, -1: not pending).  88 bytes. */
static uint8_t pit[88];

static void make_pit(void)
{
    for (int c = 0, off = 0; c < 3; c++) {
        pit[off + 2] = 1;                       /* count = 0x10000 */
        pit[off + 13] = 3;                      /* mode 3 */
        pit[off + 15] = c < 2;                  /* gate */
        if (c == 0)
            memset(pit + off + 32, 0xff, 8);    /* irq_timer: -1, no timer */
        off += c == 0 ? 40 : 24;
    }
}

int main(void)
{
    struct sv_transcode x = { .release = "0.11", .idstr = "i8254", .instance = 0 };
    struct sv_transcode none = { .release = "0.11", .idstr = "frobnicator", .instance = 0 };
    struct sv_error err;
    struct sv_stream s;
    const char *target = "?";
    uint8_t *body, *back;
    size_t blen, len;
    uint32_t v;
    int rc;

    tap_init();
    plan_lazy();
    make_pit();

    sv_error_clear(&err);
    rc = sv_transcode_to_tagged(&x, 1, pit, sizeof pit, &body, &blen, &target, &err);
    ok(rc == 0 && body && err.code == SV_OK, "a PIT body is described by its descriptor");
    ok(body && blen > 6 && body[5] == SV_KIND_FIELDS, "  as named fields");
    ok(target == NULL, "  for no target in particular");
    free(body);

    sv_error_clear(&err);
    rc = sv_transcode_to_tagged(&x, 1, pit, sizeof pit - 1, &body, &blen, &target, &err);
    ok(rc == 1 && body && blen > 6 && body[5] == SV_KIND_OPAQUE, "a body one byte short is saved opaque");
    ok(err.code != SV_OK, "  with a reason (%s)", err.msg);
    like(err.msg, "descriptor: ", "  from the descriptor");
    sv_stream_mem_reader(&s, body, blen);
    back = NULL;
    sv_error_clear(&err);
    ok(body && sv_transcode_to_legacy(&x, 0, &s, &back, &len, &v, &err) == 0 && v == 1,
       "the opaque body loads");
    is_blob(back, back ? len : 0, pit, sizeof pit - 1, "  as the bytes saved");
    free(back);
    free(body);

    sv_error_clear(&err);
    rc = sv_transcode_to_tagged(&none, 1, pit, 4, &body, &blen, &target, &err);
    ok(rc == 1 && body && err.code == SV_E_UNKNOWN, "a device without a descriptor is saved opaque");
    is_str(err.msg, "no descriptor for \"frobnicator\" v1 in release 0.11", "  saying so");
    free(body);
    return 0;
}
