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
    {
        /* the NIC's 48 KiB buffer left where the device saved it: the body in pieces */
        struct sv_transcode nic = { .release = "0.11", .idstr = "ne2000", .instance = 0 };
        const struct sv_desc *d = sv_desc_find("0.11", NULL, "ne2000", 3);
        struct sv_values vals = { 0 };
        struct sv_desc_ctx c = { .instance = 0 };
        struct sv_refs refs = { 0 };
        struct sv_stream l, out;
        static uint8_t legacy[64 * 1024];
        const uint8_t *head;
        uint8_t *whole = NULL, *joined;
        uint64_t used = 0;
        size_t llen = 0, hlen, wlen = 0, at = 0, jl = 0;

        /* a body of zeros is one the table takes (its required MAC included): its length */
        sv_error_clear(&err);
        sv_stream_mem_reader(&l, legacy, sizeof legacy);
        ok(d && sv_desc_decode_legacy(d, &c, 3, &l, &vals, &used, &err) == 0 && used > 48 * 1024,
           "an ne2000 body of zeros (%llu bytes)", (unsigned long long)used);
        sv_values_free(&vals);
        llen = (size_t)used;
        legacy[llen - 100] = 0x5a;                      /* something in the buffer */
        sv_stream_mem_writer(&out, 0);
        rc = sv_transcode_save(&nic, 3, legacy, llen, &out, &refs, &target, &err);
        ok(rc == 0 && refs.n == 1 && refs.r[0].len >= SV_REF_MIN && refs.r[0].p >= legacy &&
           refs.r[0].p + refs.r[0].len <= legacy + llen, "its long value is referenced, not copied (%zu bytes)",
           refs.n ? refs.r[0].len : 0);
        head = sv_stream_mem_data(&out, &hlen);
        joined = malloc(hlen + llen);
        for (size_t k = 0; joined && k <= refs.n; k++) {
            size_t end = k < refs.n ? refs.r[k].at : hlen;

            memcpy(joined + jl, head + at, end - at);
            jl += end - at;
            if (k < refs.n) {
                memcpy(joined + jl, refs.r[k].p, refs.r[k].len);
                jl += refs.r[k].len;
            }
            at = end;
        }
        sv_error_clear(&err);
        rc = sv_transcode_to_tagged(&nic, 3, legacy, llen, &whole, &wlen, &target, &err);
        is_blob(joined, jl, whole, rc == 0 ? wlen : 0, "  the pieces in order are the body written whole");
        free(joined);
        free(whole);
        sv_stream_free(&out);
        sv_stream_free(&l);
    }
    return 0;
}
