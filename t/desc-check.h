/*
 * The checks every golden-vector test runs on a device table: assemble a
 * legacy body field by field, then decode it and hold the decoder to the
 * vector (names, offsets, widths, values), round-trip it through values
 * and tagged bodies, refuse each bound just outside it in all three
 * directions, and fail every truncated prefix cleanly.  Shared by
 * t/desc-golden*.c and t/desc-interp.c.
 */
#ifndef SV_DESC_CHECK_H
#define SV_DESC_CHECK_H

#include "desc.h"

#include <stddef.h>
#include <stdint.h>

/*
 * A golden line: { name, width, n, value, step }.  Width 1/2/4/8 is
 * big-endian as qemu_put_be* writes, negative for host order
 * (little-endian), 0 for raw bytes; n 0 for a scalar, else the element (or
 * byte) count, element k being value + k * step.  .since/.until (0: open)
 * are the legacy versions the line is in, as the load function's
 * version_id tests say: one table serves every version of a section.
 */
struct dc_item {
    const char *name;
    int w;
    uint32_t n;
    int64_t v, step;
    uint32_t since, until;
};
/* golden tables give .since/.until only on the lines that need them */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* Where one field of an assembled vector lives. */
struct dc_exp {
    char name[80];
    size_t at;
    int w;
    uint32_t n;
    int arr;                            /* an array (n may be 0: counted, empty) */
};

/* Big enough for vmware_vga's 128 KiB of scratch registers. */
#define DC_VEC_MAX (256 * 1024)

/* An assembled vector: bytes, and where each field lives.  Large: keep
 * them static. */
struct dc_vec {
    uint8_t b[DC_VEC_MAX];
    size_t len;
    struct dc_exp e[2048];
    size_t ne;
};

void dc_put(struct dc_vec *g, const char *name, int w, uint32_t n, int64_t v, int64_t step);
/* dc_put() with a printf-built name */
void dc_putf(struct dc_vec *g, int w, uint32_t n, int64_t v, int64_t step, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The lines of a golden table that are in legacy version `version`. */
void dc_put_items(struct dc_vec *g, const struct dc_item *it, uint32_t version);
/* A counted field with no elements: integers (w != 0) or bytes (w 0). */
void dc_put_empty(struct dc_vec *g, const char *name, int w);
/* Bytes that are no field (a list's end marker). */
void dc_raw(struct dc_vec *g, uint8_t byte);

/* The codec through memory streams; err is cleared first. */
int dc_decode(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
           const uint8_t *b, size_t len, struct sv_values *vals, struct sv_error *err,
           uint64_t *consumed);
/* NULL on error; an empty body is a 1-byte allocation, never NULL. */
uint8_t *dc_encode_legacy(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                       const struct sv_values *vals, size_t *len, struct sv_error *err);
uint8_t *dc_encode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *c, const char *profile,
                       const struct sv_values *vals, size_t *len, struct sv_error *err);
int dc_decode_tagged(const struct sv_desc *d, const struct sv_desc_ctx *c, const uint8_t *b,
                  size_t len, struct sv_values *vals, struct sv_error *err);
/* A legacy body at the table's defaults, its required fields (F-18) as a
 * read of zero bytes gives them (a bounded one at its least value), or
 * those bytes when the defaults do not fit them; NULL when they are no body
 * of it (a machine fact c does not give). */
uint8_t *dc_default_body(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version, size_t *len);
/* The error as svtool prints it; a static buffer. */
const char *dc_errtext(const struct sv_error *e);

/* One golden case: which table, in which context, and what to expect. */
struct dc_check_case {
    const char *what;                   /* the test names' prefix */
    const char *release;
    uint32_t version;
    struct sv_desc_ctx ctx;             /* target, instance, machine facts */
    const char *idstr;
    size_t size;                        /* the vector's known length, 0: not listed */
    const char *size_from;              /* where that length comes from */
    int sample_truncation;              /* cut long fields at a sample of prefixes only */
};

/* Every check on one table and the vector built for it. */
void dc_check_golden(const struct dc_check_case *cc, const struct dc_vec *g);

#endif
