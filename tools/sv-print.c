/* Field values as text (F-31) and as JSON (doc/svtool.1, JSON OUTPUT). */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include "svtool.h"

static void elem_text(FILE *out, const struct sv_field *f, const struct sv_type_info *ti, uint32_t i)
{
    char num[24];

    if (ti == sv_type_info(SV_BOOL))
        fputs(sv_field_u(f, i) ? "true" : "false", out);
    else
        fputs(sv_int_text((uint64_t)sv_field_s(f, i), ti->is_signed, num, sizeof num), out);
}

/* A quoted string: quote and backslash escaped, other bytes outside
 * printable ASCII in the form's own escape (F-31's \xNN, JSON's \u00NN). */
static void print_string(FILE *out, const char *s, size_t n, int json)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if ((c < 0x20 || c >= 0x7f) && json)
            fprintf(out, "\\u%04x", c);  /* bytes above 0x7e as code points 0x80..0xff */
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void sv_print_text_string(FILE *out, const char *s, size_t n)
{
    print_string(out, s, n, 0);
}

/* How the text and JSON forms spell a value; the walk over it is shared. */
struct value_style {
    const char *bytes_quote, *open, *close;
    void (*string)(FILE *out, const char *s, size_t n);
    void (*elem)(FILE *out, const struct sv_field *f, const struct sv_type_info *ti, uint32_t i);
};

static void print_value(FILE *out, const struct sv_field *f, const struct value_style *st)
{
    uint8_t base = f->type & ~SV_ARRAY;
    const struct sv_type_info *ti = sv_type_info(base);

    if (base == SV_BYTES) {
        fputs(st->bytes_quote, out);
        for (uint32_t i = 0; i < f->count; i++)
            fprintf(out, "%02x", f->value[i]);
        fputs(st->bytes_quote, out);
    } else if (base == SV_STRING) {
        st->string(out, (const char *)f->value, f->count);
    } else if (f->type & SV_ARRAY) {
        fputs(st->open, out);
        for (uint32_t i = 0; i < f->count; i++) {
            if (i)
                fputs(", ", out);
            st->elem(out, f, ti, i);
        }
        fputs(st->close, out);
    } else {
        st->elem(out, f, ti, 0);
    }
}

void sv_print_value_text(FILE *out, const struct sv_field *f)
{
    static const struct value_style text = { "", "{", "}", sv_print_text_string, elem_text };

    print_value(out, f, &text);
}

char *sv_value_text(const struct sv_field *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);

    if (!m)
        return NULL;
    sv_print_value_text(m, f);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

void sv_print_json_string(FILE *out, const char *s, size_t n)
{
    print_string(out, s, n, 1);
}

/* 64-bit values as strings: JSON readers keep only 53 bits of a number. */
static void elem_json(FILE *out, const struct sv_field *f, const struct sv_type_info *ti, uint32_t i)
{
    int quote = ti->width == 8;
    char num[24];

    if (ti == sv_type_info(SV_BOOL)) {
        fputs(sv_field_u(f, i) ? "true" : "false", out);
        return;
    }
    if (quote)
        fputc('"', out);
    fputs(sv_int_text((uint64_t)sv_field_s(f, i), ti->is_signed, num, sizeof num), out);
    if (quote)
        fputc('"', out);
}

void sv_print_value_json(FILE *out, const struct sv_field *f)
{
    static const struct value_style json = { "\"", "[", "]", sv_print_json_string, elem_json };

    print_value(out, f, &json);
}
