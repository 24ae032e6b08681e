/* Error values with context; see sv-error.h. */
#include <config.h>

#include "sv-error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Empty strings, not zeroed buffers: it runs several times per device saved. */
void sv_error_clear(struct sv_error *e)
{
    e->code = SV_OK;
    e->has_offset = 0;
    e->offset = 0;
    e->section[0] = 0;
    e->instance = -1;
    e->field[0] = 0;
    e->msg[0] = 0;
}

static int vset(struct sv_error *e, enum sv_errcode code, int has_off, uint64_t off,
                const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static int vset(struct sv_error *e, enum sv_errcode code, int has_off, uint64_t off,
                const char *fmt, va_list ap)
{
    if (!e || e->code != SV_OK)
        return -1;
    e->code = code;
    e->has_offset = has_off;
    e->offset = off;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return -1;
}

int sv_error_set(struct sv_error *e, enum sv_errcode code, uint64_t offset, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(e, code, 1, offset, fmt, ap);
    va_end(ap);
    return -1;
}

int sv_error_set_nooff(struct sv_error *e, enum sv_errcode code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(e, code, 0, 0, fmt, ap);
    va_end(ap);
    return -1;
}

void sv_error_add_section(struct sv_error *e, const char *idstr, long long instance)
{
    if (!e || e->code == SV_OK || e->section[0])
        return;
    snprintf(e->section, sizeof e->section, "%s", idstr);
    e->instance = instance;
}

void sv_error_add_field(struct sv_error *e, const char *field)
{
    if (!e || e->code == SV_OK || e->field[0])
        return;
    snprintf(e->field, sizeof e->field, "%s", field);
}

const char *sv_error_format(const struct sv_error *e, char *buf, size_t len)
{
    size_t n = 0;

#define PUT(...) do { \
        if (n < len) { \
            int k_ = snprintf(buf + n, len - n, __VA_ARGS__); \
            if (k_ > 0) n += (size_t)k_; \
        } \
    } while (0)
    if (len)
        buf[0] = 0;
    if (e->has_offset)
        PUT("offset %llu: ", (unsigned long long)e->offset);
    if (e->section[0]) {
        PUT("section \"%s\"", e->section);
        if (e->instance >= 0)
            PUT(" instance %lld", e->instance);
        PUT(": ");
    }
    if (e->field[0])
        PUT("field \"%s\": ", e->field);
    PUT("%s", e->msg);
#undef PUT
    return buf;
}

const char *sv_errcode_name(enum sv_errcode code)
{
    static const char *const names[] = {
        [SV_OK] = "ok", [SV_E_IO] = "i/o error", [SV_E_TRUNC] = "truncated",
        [SV_E_CORRUPT] = "corrupt", [SV_E_RANGE] = "out of range",
        [SV_E_LIMIT] = "over a limit", [SV_E_UNKNOWN] = "unknown",
        [SV_E_MISSING] = "missing", [SV_E_NOMEM] = "out of memory",
        [SV_E_USAGE] = "usage",
    };

    return (unsigned)code < sizeof names / sizeof names[0] ? names[code] : "?";
}
