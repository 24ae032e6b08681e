/* The eepro100 EEPROM's section: its two date versions, conversion, bounds. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "tap.h"

/* 20061112: the struct's first ten bytes (size in one byte, then padding) */
static const uint8_t v1112[] = {
    1, 2, 3, 1,         /* tick, address, command, writeable */
    0, 1, 1,            /* eecs, eesk, eedo */
    6,                  /* addrbits */
    4, 0,               /* size (u8), pad */
    0xab, 0xcd,         /* data */
    0, 1, 0, 2, 0, 3, 0, 4,     /* contents[4] */
};

/* 20061113: the same state, size as be16 */
static const uint8_t v1113[] = {
    1, 2, 3, 1, 0, 1, 1, 6,
    0, 4,               /* size (be16) */
    0xab, 0xcd,
    0, 1, 0, 2, 0, 3, 0, 4,
};

static int decode(const struct sv_desc *d, uint32_t v, const uint8_t *b, size_t n,
                  struct sv_values *vals, struct sv_error *err)
{
    struct sv_desc_ctx ctx = { .instance = 0 };
    struct sv_stream in;
    uint64_t used = 0;
    int r;

    sv_error_clear(err);
    memset(vals, 0, sizeof *vals);
    sv_stream_mem_reader(&in, b, n);
    r = sv_desc_decode_legacy(d, &ctx, v, &in, vals, &used, err);
    return r < 0 ? -1 : (int)used;
}

static uint8_t *encode(const struct sv_desc *d, uint32_t v, const struct sv_values *vals, size_t *n,
                       struct sv_error *err)
{
    struct sv_desc_ctx ctx = { .instance = 0 };
    struct sv_stream out;

    sv_stream_mem_writer(&out, 0);
    if (sv_desc_encode_legacy(d, &ctx, v, vals, &out, err) < 0) {
        sv_stream_free(&out);
        return NULL;
    }
    return sv_stream_mem_take(&out, n);
}

int main(void)
{
    const struct sv_desc *d10 = sv_desc_find("0.10", NULL, "eeprom", 20061112);
    const struct sv_desc *d11 = sv_desc_find("0.11", NULL, "eeprom", 20061113);
    struct sv_values vals;
    struct sv_error err;
    const struct sv_value *v;
    uint8_t *b;
    size_t n;

    tap_init();
    plan_lazy();
    ok(d10 && d11 && sv_desc_find("0.11", NULL, "eeprom", 20061112) == d11,
       "0.10 saves 20061112; 0.11 saves 20061113 and loads both");
    ok(!sv_desc_find("0.10", NULL, "eeprom", 20061113), "0.10 does not know 20061113");

    is_int(decode(d10, 20061112, v1112, sizeof v1112, &vals, &err), sizeof v1112, "20061112 decodes whole");
    v = sv_values_get(&vals, "size");
    ok(v && sv_value_elem(v, 0) == 4, "size 4 from its one byte");
    v = sv_values_get(&vals, "contents");
    ok(v && v->count == 4 && sv_value_elem(v, 3) == 4, "contents has size words");
    b = encode(d10, 20061112, &vals, &n, &err);
    is_blob(b, n, v1112, sizeof v1112, "20061112: legacy -> values -> legacy is byte-identical");
    free(b);
    b = encode(d11, 20061113, &vals, &n, &err);
    is_blob(b, n, v1113, sizeof v1113, "20061112 values written at 20061113 give 0.11's bytes");
    free(b);
    sv_values_free(&vals);

    is_int(decode(d11, 20061113, v1113, sizeof v1113, &vals, &err), sizeof v1113, "20061113 decodes whole");
    b = encode(d11, 20061113, &vals, &n, &err);
    is_blob(b, n, v1113, sizeof v1113, "20061113: legacy -> values -> legacy is byte-identical");
    free(b);
    {
        struct sv_desc_ctx ctx = { .instance = 0 };
        struct sv_stream t, in;
        struct sv_recset r;
        struct sv_values back;

        sv_stream_mem_writer(&t, 0);
        ok(sv_desc_encode_tagged(d11, &ctx, "0.11", &vals, &t, &err) == 0, "tagged encoding");
        {
            const uint8_t *body = sv_stream_mem_data(&t, &n);

            sv_stream_mem_reader(&in, body, n);
        }
        memset(&back, 0, sizeof back);
        sv_error_clear(&err);
        ok(sv_recset_read(&r, &in) == 0 && sv_desc_decode_tagged(d11, &ctx, &r, &back, &err) == 0,
           "tagged decoding");
        if (err.code)
            diag("%s: %s", err.field, err.msg);
        b = encode(d11, 20061113, &back, &n, &err);
        is_blob(b, n, v1113, sizeof v1113, "legacy -> tagged -> legacy is byte-identical");
        free(b);
        sv_recset_free(&r);
        sv_values_free(&back);
        sv_stream_free(&t);
    }
    sv_values_free(&vals);

    {
        uint8_t bad[sizeof v1113];

        memcpy(bad, v1113, sizeof bad);
        bad[8] = 1;                             /* size 257 */
        bad[9] = 1;
        ok(decode(d11, 20061113, bad, sizeof bad, &vals, &err) < 0 && strstr(err.msg, "out of range") &&
           strcmp(err.field, "size") == 0 && err.offset == 8,
           "size 257 is refused before 257 words are read, at its offset");
        sv_values_free(&vals);
    }
    {
        size_t badn = 0;

        for (size_t len = 0; len < sizeof v1113; len++) {
            uint8_t *copy = malloc(len ? len : 1);

            memcpy(copy, v1113, len);
            if (decode(d11, 20061113, copy, len, &vals, &err) >= 0 || err.code != SV_E_TRUNC)
                badn++;
            sv_values_free(&vals);
            free(copy);
        }
        is_int(badn, 0, "every prefix is a truncation error");
    }
    return 0;
}
