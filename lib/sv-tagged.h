/*
 * The tagged section body (doc/FORMAT.md).  Rules are cited as F-n.
 *
 *   0      4  5  6        10       14                     (offsets in the body)
 *   +------+--+--+--------+--------+---+-------+---+------+--------+-----------
 *   | SVTG |rv|kd| bodylen| legacy |pl | prof. |tl | targ.| nfields| records...
 *   +------+--+--+--------+--------+---+-------+---+------+--------+-----------
 *   magic  revision, kind  be32     be32 u8+bytes u8+bytes  be32
 *
 *   record:  +---+--------+----+-----+-------+-------------------+
 *            |nl | name   |type|flags| count | value (big-endian)|
 *            +---+--------+----+-----+-------+-------------------+
 *             u8  nl bytes  u8   u8    be32    count * width bytes
 */
#ifndef SV_TAGGED_H
#define SV_TAGGED_H

#include <stdint.h>
#include <stddef.h>

#include "sv-stream.h"

/* F-2: the section version id that marks a tagged section. */
#define SV_TAGGED_VERSION 0x53560000u
#define SV_TAGGED_MAGIC "SVTG"
#define SV_TAGGED_REVISION 1

/* F-22: limits a reader enforces before it allocates. */
#define SV_NAME_MAX 128
#define SV_PROFILE_MAX 16
#define SV_BODY_MAX (16u << 20)
#define SV_FIELDS_MAX 65536u

enum sv_kind {
    SV_KIND_FIELDS = 0,     /* F-9: named fields */
    SV_KIND_OPAQUE = 1,     /* F-30: one bytes field holding legacy bytes */
};

/* F-12: type codes; SV_ARRAY marks T[N]. */
enum sv_type {
    SV_U8 = 1, SV_U16, SV_U32, SV_U64,
    SV_S8, SV_S16, SV_S32, SV_S64,
    SV_BOOL, SV_BYTES, SV_STRING,
    SV_TYPE_LAST = SV_STRING,
};
#define SV_ARRAY 0x80u

/* F-14: flag bits. */
#define SV_FLAG_DEFAULT 0x01u
#define SV_FLAGS_RESERVED 0xfeu

/* One row per type: the single list to extend. */
struct sv_type_info {
    const char *name;
    uint8_t width;          /* bytes per element; 1 for bytes/string */
    uint8_t is_int;
    uint8_t is_signed;
    uint8_t arrayable;      /* may carry SV_ARRAY */
    int64_t smin;           /* range, for integers */
    uint64_t umax;
};
const struct sv_type_info *sv_type_info(uint8_t code);   /* NULL when not a type */
/* "u16", "u8[4]", "bytes[11]"; buf needs 24 bytes */
const char *sv_type_name(uint8_t type, uint32_t count, char *buf, size_t len);
/* Parses "u16" or "u16[]" (the count is separate); returns type code or 0. */
uint8_t sv_type_parse(const char *s);

struct sv_tagged_header {
    uint8_t revision;
    uint8_t kind;
    uint32_t body_len;          /* whole body, magic included */
    uint32_t legacy_version;
    char profile[SV_PROFILE_MAX + 1];
    char target[SV_PROFILE_MAX + 1];
    uint32_t nfields;
};

/* F-11: is n[0..len) a field name (segment ('.' segment)*, ident ('[' index ']')*)? */
int sv_name_ok(const char *n, size_t len);
/* F-9: a profile or target label: only [A-Za-z0-9._-]. */
int sv_label_ok(const char *s, size_t len);

/* One record as stored; value points at count*width big-endian bytes. */
struct sv_field {
    const char *name;
    uint8_t type;               /* base type | SV_ARRAY */
    uint8_t flags;
    uint32_t count;
    const uint8_t *value;
    uint64_t offset;            /* where the record starts in the stream */
};

uint64_t sv_field_u(const struct sv_field *f, uint32_t i);   /* element i, raw */
int64_t sv_field_s(const struct sv_field *f, uint32_t i);    /* sign-extended */

/* Decoder: reads a body, one record at a time.  Memory grows with what the
 * stream delivers, never with what it claims (F-22). */
struct sv_tdec {
    struct sv_stream *s;
    struct sv_tagged_header h;
    uint64_t start;             /* offset of the body's first byte */
    uint32_t seen;
    char name[SV_NAME_MAX + 1];
    uint8_t *buf;
    size_t cap;
};
int sv_tdec_begin(struct sv_tdec *d, struct sv_stream *s);
/* 1: *f filled (valid until the next call); 0: end of body; -1: error on d->s. */
int sv_tdec_next(struct sv_tdec *d, struct sv_field *f);
void sv_tdec_free(struct sv_tdec *d);

/* Encoder: builds the body in memory (the length comes first), then writes it. */
struct sv_tenc {
    struct sv_stream body;
    struct sv_tagged_header h;
};
int sv_tenc_begin(struct sv_tenc *e, uint8_t kind, uint32_t legacy_version,
                  const char *profile, const char *target);
/* value: count*width bytes, big-endian (F-16). */
int sv_tenc_field(struct sv_tenc *e, const char *name, uint8_t type, uint8_t flags,
                  uint32_t count, const void *value);
int sv_tenc_uint(struct sv_tenc *e, const char *name, uint8_t type, uint8_t flags, uint64_t v);
/* Writes the finished body to out and frees the encoder. */
int sv_tenc_finish(struct sv_tenc *e, struct sv_stream *out);
/* The body as bytes (the caller frees); frees the encoder. */
uint8_t *sv_tenc_take(struct sv_tenc *e, size_t *len, struct sv_error *err);
void sv_tenc_free(struct sv_tenc *e);
const struct sv_error *sv_tenc_error(const struct sv_tenc *e);

/*
 * Record set: a whole body read and indexed by name, for readers that look
 * fields up (F-18 missing, F-19 unknown, F-20 conversion, F-21 duplicates).
 */
struct sv_recset {
    struct sv_tagged_header h;
    uint64_t start, end;        /* stream offsets of the body */
    struct sv_field *f;
    uint8_t *used;
    size_t n;
    uint8_t *arena;             /* the body bytes; names and values point here */
    size_t *order;              /* indexes sorted by name */
};
int sv_recset_read(struct sv_recset *r, struct sv_stream *s);
void sv_recset_free(struct sv_recset *r);
/* Finds a field and marks it used; NULL when absent. */
const struct sv_field *sv_recset_find(struct sv_recset *r, const char *name);
/*
 * Element i of an integer or bool field `name` as the declared type:
 * absent -> *v = dflt when has_default (F-18), else SV_E_MISSING;
 * out of the declared type's range -> SV_E_RANGE (F-20).
 * Errors name the field and carry the record's offset.
 */
int sv_recset_get_int(struct sv_recset *r, const char *name, uint8_t type, uint32_t i,
                      int has_default, uint64_t dflt, uint64_t *v, struct sv_error *err);
/* First field never looked up that lacks is_default (F-19); 0 when none. */
int sv_recset_check_unknown(struct sv_recset *r, struct sv_error *err);

/* Integer conversion (F-20): can raw value v of type `from` be held by `to`? */
int sv_int_fits(uint8_t from, uint64_t v, uint8_t to);
/* The low `width` bytes of raw as 64 bits, sign-extended when is_signed:
 * how every integer is held in memory, whatever its width on the wire.
 * Inline: it runs once per element. */
static inline uint64_t sv_sign_extend(uint64_t raw, unsigned width, int is_signed)
{
    unsigned bits = width * 8;

    if (bits < 64) {
        raw &= (1ULL << bits) - 1;
        if (is_signed && (raw >> (bits - 1)) & 1)
            raw |= ~0ULL << bits;
    }
    return raw;
}
/* A value held that way as decimal text; returns buf (24 bytes suffice). */
const char *sv_int_text(uint64_t v, int is_signed, char *buf, size_t len);

#endif
