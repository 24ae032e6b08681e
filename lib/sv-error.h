/* Errors as values: the first problem, with where it happened. */
#ifndef SV_ERROR_H
#define SV_ERROR_H

#include <stddef.h>
#include <stdint.h>

enum sv_errcode {
    SV_OK = 0,
    SV_E_IO,        /* the medium failed (read, write, disk full) */
    SV_E_TRUNC,     /* the stream ended inside something */
    SV_E_CORRUPT,   /* bytes that no writer produces */
    SV_E_RANGE,     /* a value outside its field's range or bounds */
    SV_E_LIMIT,     /* a length above a documented limit */
    SV_E_UNKNOWN,   /* an unknown field, section or device */
    SV_E_MISSING,   /* a required field is absent */
    SV_E_NOMEM,
    SV_E_USAGE,     /* the caller asked for something impossible */
};

#define SV_ERR_SECTION_MAX 257
#define SV_ERR_FIELD_MAX 160

struct sv_error {
    enum sv_errcode code;
    int has_offset;
    uint64_t offset;
    char section[SV_ERR_SECTION_MAX];   /* idstr, "" when unknown */
    long long instance;                 /* -1 when unknown */
    char field[SV_ERR_FIELD_MAX];
    char msg[256];
};

#define SV_PRINTF(f, a) __attribute__((format(printf, f, a)))

void sv_error_clear(struct sv_error *e);
/* Records a problem unless one is recorded already (the first wins); returns -1. */
int sv_error_set(struct sv_error *e, enum sv_errcode code, uint64_t offset,
                 const char *fmt, ...) SV_PRINTF(4, 5);
/* The same without an offset. */
int sv_error_set_nooff(struct sv_error *e, enum sv_errcode code, const char *fmt, ...) SV_PRINTF(3, 4);
/* Adds context that the raiser did not know; never overwrites. */
void sv_error_add_section(struct sv_error *e, const char *idstr, long long instance);
void sv_error_add_field(struct sv_error *e, const char *field);
/* "offset N: section "S" instance I: field "F": message" */
const char *sv_error_format(const struct sv_error *e, char *buf, size_t len);
const char *sv_errcode_name(enum sv_errcode code);

#endif
