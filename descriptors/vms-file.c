/*
 * Descriptor files: a binary's VMState tables as text (and JSON); see
 * vms.h and doc/FORMAT.md ("Descriptor files").  One item a line:
 *
 *   svd 1
 *   release 0.12
 *   target i386
 *   tag v0.12.3
 *   build-id a38f5191...
 *   version "0.12.3"
 *   desc vmstate_fdc name=fdc version=2 min=2 min-old=2 pre-save=fdc_pre_save ...
 *   field fifo flags=0x10 size=1 offset=0x18 num-offset=0x218 info=vmstate_info_uint8 info-name=uint8
 *   end
 *
 * A value is a bare word or a string in double quotes with \" \\ \xNN.
 */
#include <config.h>

#include "vms.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static int bare(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isgraph((unsigned char)*s) || *s == '"' || *s == '\\' || *s == '=' || *s == '#')
            return 0;
    return 1;
}

static void put_str(FILE *out, const char *s)
{
    if (bare(s)) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (isprint((unsigned char)*s))
            fputc(*s, out);
        else
            fprintf(out, "\\x%02x", (unsigned char)*s);
    }
    fputc('"', out);
}

static void kv_str(FILE *out, const char *key, const char *s)
{
    if (!s)
        return;
    fprintf(out, " %s=", key);
    put_str(out, s);
}

static void kv_num(FILE *out, const char *key, uint64_t v, int hex)
{
    if (v)
        fprintf(out, hex ? " %s=%#" PRIx64 : " %s=%" PRIu64, key, v);
}

int sv_vms_write_text(FILE *out, const struct sv_vms_set *set)
{
    fprintf(out, "# svtool descriptors --from-binary: VMState tables (doc/FORMAT.md, Descriptor files)\n");
    fprintf(out, "svd %d\n", SV_VMS_FILE_REVISION);
    fputs("release ", out);
    put_str(out, set->release);
    fputs("\ntarget ", out);
    put_str(out, set->target);
    fputs("\ntag ", out);
    put_str(out, set->tag ? set->tag : "");
    fputs("\nbuild-id ", out);
    put_str(out, set->build_id ? set->build_id : "");
    fputs("\nversion ", out);
    put_str(out, set->version ? set->version : "");
    fputc('\n', out);
    for (size_t i = 0; i < set->ndescs; i++) {
        const struct sv_vms_desc *d = &set->descs[i];

        fputs("desc ", out);
        put_str(out, d->symbol);
        kv_str(out, "name", d->name);
        fprintf(out, " version=%" PRId32 " min=%" PRId32 " min-old=%" PRId32, d->version_id,
                d->minimum_version_id, d->minimum_version_id_old);
        kv_str(out, "load-old", d->load_state_old);
        kv_str(out, "pre-load", d->pre_load);
        kv_str(out, "post-load", d->post_load);
        kv_str(out, "pre-save", d->pre_save);
        kv_str(out, "post-save", d->post_save);
        fputc('\n', out);
        for (size_t k = 0; k < d->nfields; k++) {
            const struct sv_vms_field *f = &d->fields[k];

            fputs("field ", out);
            put_str(out, f->name);
            fprintf(out, " flags=%#" PRIx32, f->flags);
            kv_num(out, "offset", f->offset, 1);
            kv_num(out, "size", f->size, 0);
            kv_num(out, "start", f->start, 0);
            if (f->num)
                fprintf(out, " num=%" PRId32, f->num);
            kv_num(out, "num-offset", f->num_offset, 1);
            kv_num(out, "size-offset", f->size_offset, 1);
            if (f->version_id)
                fprintf(out, " version=%" PRId32, f->version_id);
            kv_str(out, "info", f->info);
            kv_str(out, "info-name", f->info_name);
            kv_str(out, "exists", f->field_exists);
            kv_str(out, "struct", f->vmsd);
            fputc('\n', out);
        }
        fputs("end\n", out);
    }
    return ferror(out) ? -1 : 0;
}

static void json_str(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            fprintf(out, "\\u%04x", (unsigned char)*s);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

int sv_vms_write_json(FILE *out, const struct sv_vms_set *set)
{
    fprintf(out, "{\"svd\": %d, \"release\": ", SV_VMS_FILE_REVISION);
    json_str(out, set->release);
    fputs(", \"target\": ", out);
    json_str(out, set->target);
    fputs(", \"tag\": ", out);
    json_str(out, set->tag ? set->tag : "");
    fputs(", \"build_id\": ", out);
    json_str(out, set->build_id ? set->build_id : "");
    fputs(", \"version\": ", out);
    json_str(out, set->version ? set->version : "");
    fputs(", \"descs\": [", out);
    for (size_t i = 0; i < set->ndescs; i++) {
        const struct sv_vms_desc *d = &set->descs[i];

        fprintf(out, "%s\n  {\"symbol\": ", i ? "," : "");
        json_str(out, d->symbol);
        fputs(", \"name\": ", out);
        json_str(out, d->name);
        fprintf(out, ", \"version_id\": %" PRId32 ", \"minimum_version_id\": %" PRId32
                ", \"minimum_version_id_old\": %" PRId32, d->version_id, d->minimum_version_id,
                d->minimum_version_id_old);
        fputs(", \"load_state_old\": ", out);
        json_str(out, d->load_state_old);
        fputs(", \"pre_load\": ", out);
        json_str(out, d->pre_load);
        fputs(", \"post_load\": ", out);
        json_str(out, d->post_load);
        fputs(", \"pre_save\": ", out);
        json_str(out, d->pre_save);
        fputs(", \"post_save\": ", out);
        json_str(out, d->post_save);
        fputs(", \"fields\": [", out);
        for (size_t k = 0; k < d->nfields; k++) {
            const struct sv_vms_field *f = &d->fields[k];

            fprintf(out, "%s\n    {\"name\": ", k ? "," : "");
            json_str(out, f->name);
            fprintf(out, ", \"flags\": %" PRIu32 ", \"offset\": %" PRIu64 ", \"size\": %" PRIu64
                    ", \"start\": %" PRIu64 ", \"num\": %" PRId32 ", \"num_offset\": %" PRIu64
                    ", \"size_offset\": %" PRIu64 ", \"version_id\": %" PRId32, f->flags, f->offset, f->size,
                    f->start, f->num, f->num_offset, f->size_offset, f->version_id);
            fputs(", \"info\": ", out);
            json_str(out, f->info);
            fputs(", \"info_name\": ", out);
            json_str(out, f->info_name);
            fputs(", \"field_exists\": ", out);
            json_str(out, f->field_exists);
            fputs(", \"vmsd\": ", out);
            json_str(out, f->vmsd);
            fputc('}', out);
        }
        fputs(d->nfields ? "\n  ]}" : "]}", out);
    }
    fputs(set->ndescs ? "\n]}\n" : "]}\n", out);
    return ferror(out) ? -1 : 0;
}

/* ---- reading ---- */

struct parse {
    const char *p, *end, *what;
    unsigned line;
    struct sv_error *err;
};

static int fail(struct parse *ps, const char *fmt, ...) SV_PRINTF(2, 3);
static int fail(struct parse *ps, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sv_error_set_nooff(ps->err, SV_E_CORRUPT, "%s: line %u: %s", ps->what, ps->line, msg);
}

static void skip_blanks(struct parse *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
        ps->p++;
}

/* A word or a quoted string, NUL-free, into *out (allocated). */
static int token(struct parse *ps, char **out)
{
    char buf[512];
    size_t n = 0;

    skip_blanks(ps);
    *out = NULL;
    if (ps->p >= ps->end || *ps->p == '\n')
        return fail(ps, "%s", "a value is missing");
    if (*ps->p != '"') {
        while (ps->p < ps->end && isgraph((unsigned char)*ps->p) && *ps->p != '=' && n + 1 < sizeof buf)
            buf[n++] = *ps->p++;
    } else {
        for (ps->p++;; ps->p++) {
            if (ps->p >= ps->end || *ps->p == '\n')
                return fail(ps, "%s", "an unterminated string");
            if (*ps->p == '"') {
                ps->p++;
                break;
            }
            if (n + 1 >= sizeof buf)
                return fail(ps, "%s", "a string longer than 511 bytes");
            if (*ps->p != '\\') {
                buf[n++] = *ps->p;
                continue;
            }
            if (++ps->p >= ps->end)
                return fail(ps, "%s", "an unterminated string");
            if (*ps->p == 'x') {
                unsigned v;

                if (ps->end - ps->p < 3 || sscanf(ps->p + 1, "%2x", &v) != 1 || !isxdigit((unsigned char)ps->p[1]) ||
                    !isxdigit((unsigned char)ps->p[2]) || v == 0)
                    return fail(ps, "%s", "a bad \\x escape");
                buf[n++] = (char)v;
                ps->p += 2;
            } else if (*ps->p == '"' || *ps->p == '\\') {
                buf[n++] = *ps->p;
            } else {
                return fail(ps, "%s", "a bad escape");
            }
        }
    }
    buf[n] = 0;
    if (!(*out = strdup(buf)))
        return sv_error_set_nooff(ps->err, SV_E_NOMEM, "out of memory");
    return 0;
}

/* The next "key=" on the line: 1 with key set, 0 at the end of the line. */
static int next_key(struct parse *ps, char *key, size_t len)
{
    size_t n = 0;

    skip_blanks(ps);
    if (ps->p >= ps->end || *ps->p == '\n')
        return 0;
    while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) || *ps->p == '-') && n + 1 < len)
        key[n++] = *ps->p++;
    key[n] = 0;
    if (!n || ps->p >= ps->end || *ps->p != '=')
        return fail(ps, "%s", "expected key=value");
    ps->p++;
    return 1;
}

static int number(struct parse *ps, const char *key, int64_t lo, int64_t hi, int64_t *v)
{
    char *t, *e;
    int r;

    if (token(ps, &t) < 0)
        return -1;
    errno = 0;
    *v = strtoll(t, &e, 0);
    r = !*t || *e || errno || *v < lo || *v > hi ? fail(ps, "%s: a bad number", key) : 0;
    free(t);
    return r;
}

static int unumber(struct parse *ps, const char *key, uint64_t *v)
{
    char *t, *e;
    int r;

    if (token(ps, &t) < 0)
        return -1;
    errno = 0;
    *v = strtoull(t, &e, 0);
    r = !*t || *e || errno || *t == '-' ? fail(ps, "%s: a bad number", key) : 0;
    free(t);
    return r;
}

static int str_key(struct parse *ps, char **slot)
{
    if (*slot)
        return fail(ps, "%s", "a key given twice");
    return token(ps, slot);
}

static int parse_desc(struct parse *ps, struct sv_vms_desc *d)
{
    char key[32];
    int k;
    int64_t v;

    if (token(ps, &d->symbol) < 0)
        return -1;
    while ((k = next_key(ps, key, sizeof key)) == 1) {
        if (strcmp(key, "name") == 0)
            k = str_key(ps, &d->name);
        else if (strcmp(key, "version") == 0)
            k = number(ps, key, 0, INT32_MAX, &v), d->version_id = (int32_t)v;
        else if (strcmp(key, "min") == 0)
            k = number(ps, key, 0, INT32_MAX, &v), d->minimum_version_id = (int32_t)v;
        else if (strcmp(key, "min-old") == 0)
            k = number(ps, key, 0, INT32_MAX, &v), d->minimum_version_id_old = (int32_t)v;
        else if (strcmp(key, "load-old") == 0)
            k = str_key(ps, &d->load_state_old);
        else if (strcmp(key, "pre-load") == 0)
            k = str_key(ps, &d->pre_load);
        else if (strcmp(key, "post-load") == 0)
            k = str_key(ps, &d->post_load);
        else if (strcmp(key, "pre-save") == 0)
            k = str_key(ps, &d->pre_save);
        else if (strcmp(key, "post-save") == 0)
            k = str_key(ps, &d->post_save);
        else
            return fail(ps, "unknown key \"%s\"", key);
        if (k < 0)
            return -1;
    }
    if (k < 0)
        return -1;
    if (!d->name)
        return fail(ps, "description %s has no name", d->symbol);
    return 0;
}

static int parse_field(struct parse *ps, struct sv_vms_field *f)
{
    char key[32];
    int k, have_flags = 0;
    int64_t v;

    if (token(ps, &f->name) < 0)
        return -1;
    while ((k = next_key(ps, key, sizeof key)) == 1) {
        if (strcmp(key, "flags") == 0)
            k = number(ps, key, 0, UINT32_MAX, &v), f->flags = (uint32_t)v, have_flags = 1;
        else if (strcmp(key, "offset") == 0)
            k = unumber(ps, key, &f->offset);
        else if (strcmp(key, "size") == 0)
            k = unumber(ps, key, &f->size);
        else if (strcmp(key, "start") == 0)
            k = unumber(ps, key, &f->start);
        else if (strcmp(key, "num") == 0)
            k = number(ps, key, INT32_MIN, INT32_MAX, &v), f->num = (int32_t)v;
        else if (strcmp(key, "num-offset") == 0)
            k = unumber(ps, key, &f->num_offset);
        else if (strcmp(key, "size-offset") == 0)
            k = unumber(ps, key, &f->size_offset);
        else if (strcmp(key, "version") == 0)
            k = number(ps, key, INT32_MIN, INT32_MAX, &v), f->version_id = (int32_t)v;
        else if (strcmp(key, "info") == 0)
            k = str_key(ps, &f->info);
        else if (strcmp(key, "info-name") == 0)
            k = str_key(ps, &f->info_name);
        else if (strcmp(key, "exists") == 0)
            k = str_key(ps, &f->field_exists);
        else if (strcmp(key, "struct") == 0)
            k = str_key(ps, &f->vmsd);
        else
            return fail(ps, "unknown key \"%s\"", key);
        if (k < 0)
            return -1;
    }
    if (k < 0)
        return -1;
    if (!have_flags)
        return fail(ps, "field \"%s\" has no flags", f->name);
    if (!(f->flags & SV_VMS_STRUCT) != !f->vmsd)
        return fail(ps, "field \"%s\": a nested description exactly when the flags say struct", f->name);
    if (!f->vmsd && !f->info)
        return fail(ps, "field \"%s\" has no info", f->name);
    return 0;
}

/* The header's "key value" lines. */
static char **header_slot(struct sv_vms_set *set, const char *word)
{
    return strcmp(word, "release") == 0 ? &set->release : strcmp(word, "target") == 0 ? &set->target
         : strcmp(word, "tag") == 0 ? &set->tag : strcmp(word, "build-id") == 0 ? &set->build_id
         : strcmp(word, "version") == 0 ? &set->version : NULL;
}

static int end_of_line(struct parse *ps)
{
    skip_blanks(ps);
    if (ps->p < ps->end && *ps->p != '\n')
        return fail(ps, "%s", "unexpected text at the end of the line");
    return 0;
}

int sv_vms_parse_text(const char *text, size_t len, const char *what, struct sv_vms_set *set,
                      struct sv_error *err)
{
    struct parse ps = { .p = text, .end = text + len, .what = what, .err = err };
    struct sv_vms_desc *d = NULL;
    int seen_svd = 0;

    memset(set, 0, sizeof *set);
    if (memchr(text, 0, len))
        return sv_error_set_nooff(err, SV_E_CORRUPT, "%s: a NUL byte: not a descriptor file", what);
    for (; ps.p < ps.end; ps.p++) {
        char *word = NULL, **slot;
        int k = 0;

        ps.line++;
        skip_blanks(&ps);
        if (ps.p >= ps.end)
            break;
        if (*ps.p == '#') {
            while (ps.p < ps.end && *ps.p != '\n')
                ps.p++;
            continue;
        }
        if (*ps.p == '\n')
            continue;
        if (token(&ps, &word) < 0)
            goto bad;
        if (!seen_svd && strcmp(word, "svd") != 0) {
            free(word);
            fail(&ps, "%s", "not a descriptor file (no \"svd\" line first)");
            goto bad;
        }
        if (strcmp(word, "svd") == 0) {
            int64_t rev;

            free(word);
            if (seen_svd++ || number(&ps, "svd", 0, 1000, &rev) < 0 ||
                (rev != SV_VMS_FILE_REVISION && fail(&ps, "%s", "an unknown revision")))
                goto bad;
        } else if ((slot = header_slot(set, word))) {
            free(word);
            if (*slot || set->ndescs) {
                fail(&ps, "%s", "a header line twice, or after a description");
                goto bad;
            }
            if (token(&ps, slot) < 0)
                goto bad;
        } else if (strcmp(word, "desc") == 0) {
            struct sv_vms_desc *grown;

            free(word);
            if (d) {
                fail(&ps, "%s", "a description inside a description (no \"end\")");
                goto bad;
            }
            if (set->ndescs == SV_VMS_DESCS_MAX || !(grown = realloc(set->descs, (set->ndescs + 1) * sizeof *grown))) {
                sv_error_set_nooff(err, set->ndescs == SV_VMS_DESCS_MAX ? SV_E_LIMIT : SV_E_NOMEM,
                                   "%s: line %u: too many descriptions", what, ps.line);
                goto bad;
            }
            set->descs = grown;
            d = &set->descs[set->ndescs++];
            memset(d, 0, sizeof *d);
            if (parse_desc(&ps, d) < 0)
                goto bad;
            if (sv_vms_desc_by_symbol(&(struct sv_vms_set){ .descs = set->descs, .ndescs = set->ndescs - 1 },
                                      d->symbol)) {
                fail(&ps, "description %s given twice", d->symbol);
                goto bad;
            }
            continue;   /* parse_desc stopped at the end of the line */
        } else if (strcmp(word, "field") == 0) {
            struct sv_vms_field *grown;

            free(word);
            if (!d) {
                fail(&ps, "%s", "a field outside a description");
                goto bad;
            }
            if (d->nfields == SV_VMS_FIELDS_MAX ||
                !(grown = realloc(d->fields, (d->nfields + 1) * sizeof *grown))) {
                sv_error_set_nooff(err, d->nfields == SV_VMS_FIELDS_MAX ? SV_E_LIMIT : SV_E_NOMEM,
                                   "%s: line %u: too many fields", what, ps.line);
                goto bad;
            }
            d->fields = grown;
            memset(&d->fields[d->nfields], 0, sizeof *grown);
            k = parse_field(&ps, &d->fields[d->nfields++]);
            if (k < 0)
                goto bad;
            continue;
        } else if (strcmp(word, "end") == 0) {
            free(word);
            if (!d) {
                fail(&ps, "%s", "\"end\" outside a description");
                goto bad;
            }
            d = NULL;
        } else {
            fail(&ps, "unknown line \"%s\"", word);
            free(word);
            goto bad;
        }
        if (end_of_line(&ps) < 0)
            goto bad;
        /* ps.p is at the newline (or the end) */
        if (ps.p >= ps.end)
            break;
    }
    if (!seen_svd)
        sv_error_set_nooff(err, SV_E_CORRUPT, "%s: empty: not a descriptor file", what);
    else if (d)
        sv_error_set_nooff(err, SV_E_TRUNC, "%s: description %s has no \"end\"", what, d->symbol);
    else if (!set->release || !set->target)
        sv_error_set_nooff(err, SV_E_MISSING, "%s: no release or target line", what);
    else
        goto check_structs;
    goto bad;
check_structs:
    /* every nested description is in the file */
    for (size_t i = 0; i < set->ndescs; i++)
        for (size_t k = 0; k < set->descs[i].nfields; k++) {
            const struct sv_vms_field *f = &set->descs[i].fields[k];

            if (f->vmsd && !sv_vms_desc_by_symbol(set, f->vmsd)) {
                sv_error_set_nooff(err, SV_E_MISSING, "%s: description %s, field \"%s\": nested description %s "
                                   "is not in the file", what, set->descs[i].symbol, f->name, f->vmsd);
                goto bad;
            }
        }
    if (!set->tag && !(set->tag = strdup("")))
        goto nomem;
    if (!set->build_id && !(set->build_id = strdup("")))
        goto nomem;
    if (!set->version && !(set->version = strdup("")))
        goto nomem;
    return 0;
nomem:
    sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
bad:
    sv_vms_set_free(set);
    return -1;
}
