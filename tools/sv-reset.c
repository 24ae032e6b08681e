/*
 * svtool reset: a copy of a snapshot in which the named device sections
 * hold their reset state (the 2009 proposal's "generic
 * device-reset function").  Every field with a default, the legacy reset
 * value (F-18), is set to it; a required field, which no reset sets, keeps
 * its value.  Each section keeps its form (legacy or tagged); every other
 * section and the RAM are copied as they are.  The output appears whole or
 * not at all (sv-outfile.c).
 */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "svtool.h"
#include "sv-outfile.h"
#include "sv-walk.h"

struct reset {
    const char *name;           /* --section NAME */
    long long instance;         /* -1: every instance */
    int matched;
    struct sv_walk w;
    struct sv_stream out;
    struct sv_outfile of;
};

/*
 * Fields the layout's shape hangs on keep their value too: a list
 * element's tag (the element is there) and the first field of a part a
 * machine fact decides (the part is there), as the values' decoder probes
 * them (descriptors/interp.c, present and do_list).
 */
static int structural(const struct sv_desc_field *table, const struct sv_desc_field *f)
{
    for (const struct sv_desc_field *e = table; e->name; e++) {
        int nested = e->kind == SV_D_GROUP || e->kind == SV_D_LIST;

        if (e->kind == SV_D_LIST && e->sub == f)
            return 1;
        if (e->cond.kind == SV_IF_MACHINE && (nested ? e->sub == f : e == f))
            return 1;
        if (nested && structural(e->sub, f))
            return 1;
    }
    return 0;
}

/*
 * The values a reset keeps (shallow copies into a new list; free only
 * keep->v).  Encoding them fills every other field with its default.
 */
static int kept_values(const struct sv_values *in, struct sv_values *keep, struct sv_error *err)
{
    *keep = *in;
    keep->n = keep->cap = 0;
    keep->v = malloc((in->n ? in->n : 1) * sizeof *keep->v);
    if (!keep->v)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    for (size_t i = 0; i < in->n; i++)
        if (in->v[i].field->required || structural(in->desc->fields, in->v[i].field))
            keep->v[keep->n++] = in->v[i];
    return 0;
}

/* A legacy section: its values at its own version, back to legacy bytes. */
static uint8_t *reset_legacy(struct sv_walk_sec *s, size_t *len, struct sv_error *err)
{
    struct sv_desc_ctx c = { .target = *s->target ? s->target : NULL, .instance = s->h.instance_id };
    struct sv_values keep;
    struct sv_stream m;
    uint8_t *b = NULL;

    if (kept_values(&s->vals, &keep, err) < 0)
        return NULL;
    sv_stream_mem_writer(&m, 0);
    if (sv_desc_encode_legacy(s->vals.desc, &c, s->h.version_id, &keep, &m, err) == 0)
        b = sv_stream_mem_take(&m, len);
    else
        sv_stream_free(&m);
    free(keep.v);
    return b;
}

/* A tagged section: read by the descriptor that wrote it, written back
 * canonical (F-23) with the same release profile and version. */
static uint8_t *reset_tagged(struct sv_walk_sec *s, size_t *len, struct sv_error *err)
{
    const char *tgt = *s->target ? s->target : NULL;
    const struct sv_desc *d = sv_desc_find(s->release, tgt, s->h.idstr, s->legacy_version);
    struct sv_desc_ctx c = { .target = tgt, .instance = s->h.instance_id };
    struct sv_values vals, keep;
    struct sv_stream m;
    uint8_t *b = NULL;

    if (!d) {
        sv_error_set(err, SV_E_UNKNOWN, s->h.body, "no descriptor for \"%s\" version %u in release %s: "
                     "its defaults are unknown", s->h.idstr, s->legacy_version, s->release);
        return NULL;
    }
    if (sv_desc_decode_tagged(d, &c, &s->rec, &vals, err) < 0)
        return NULL;
    if (kept_values(&vals, &keep, err) == 0) {
        sv_stream_mem_writer(&m, SV_BODY_MAX);
        if (sv_desc_encode_tagged(d, &c, s->release, &keep, &m, err) == 0)
            b = sv_stream_mem_take(&m, len);
        else
            sv_stream_free(&m);
        free(keep.v);
    }
    sv_values_free(&vals);
    return b;
}

static int wanted(const struct reset *r, const struct sv_walk_sec *s)
{
    return strcmp(s->h.idstr, r->name) == 0 &&
           (r->instance < 0 || (long long)s->h.instance_id == r->instance);
}

static int full_section(struct reset *r, struct sv_walk_sec *s)
{
    struct sv_error *err = &r->w.err;
    const uint8_t *body = s->body;
    uint8_t *fresh = NULL;
    size_t len = s->body_len;

    if (wanted(r, s)) {
        r->matched++;
        if (s->format == SV_WF_OPAQUE)
            return sv_error_set(err, SV_E_UNKNOWN, s->h.body, "an opaque body (F-30) has no fields, "
                                "so no defaults to reset to");
        fresh = s->format == SV_WF_LEGACY ? reset_legacy(s, &len, err) : reset_tagged(s, &len, err);
        if (!fresh) {
            if (err->code == SV_OK)
                sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
            return -1;
        }
        body = fresh;
    }
    sv_v3_write_section(&r->out, &s->h);
    sv_write(&r->out, body, len);
    free(fresh);
    return sv_stream_failed(&r->out) ? -1 : 0;
}

static int copy(struct reset *r)
{
    struct sv_walk_sec s;
    int k = 0;

    sv_stream_file(&r->out, r->of.f);
    sv_v3_write_file_header(&r->out);
    while (!sv_stream_failed(&r->out) && (k = sv_walk_next(&r->w, &s)) > 0) {
        if (s.format == SV_WF_LIVE) {
            if (wanted(r, &s)) {
                sv_error_set(&r->w.err, SV_E_USAGE, s.h.offset, "a live section has no fields to reset");
                k = -1;
            } else {
                sv_v3_write_section(&r->out, &s.h);
                k = sv_walk_ram(&r->w, &s, &r->out, NULL, NULL, &(struct sv_ram_stats){ 0 });
            }
        } else {
            k = full_section(r, &s);
        }
        if (k < 0)
            sv_error_add_section(&r->w.err, s.h.idstr, s.h.instance_id);
        sv_walk_sec_free(&s);
        if (k)
            break;
    }
    if (r->w.err.code == SV_OK && sv_stream_failed(&r->out))
        r->w.err = r->out.err;
    if (r->w.err.code != SV_OK)
        return -1;
    sv_put_u8(&r->out, SV_V3_EOF);
    if (sv_flush(&r->out) < 0) {
        r->w.err = r->out.err;
        return -1;
    }
    return 0;
}

static int parse_section(struct reset *r, char *arg)
{
    char *colon = strrchr(arg, ':'), *end;

    r->name = arg;
    r->instance = -1;
    if (colon) {
        *colon = 0;
        r->instance = strtoll(colon + 1, &end, 10);
        if (!colon[1] || *end || r->instance < 0)
            return sv_tool_complain(EXIT_USAGE, NULL, "--section %s:%s: the instance must be a number",
                            arg, colon + 1);
    }
    if (!*r->name)
        return sv_tool_complain(EXIT_USAGE, NULL, "--section needs a device name");
    return 0;
}

int sv_cmd_reset(int argc, char **argv)
{
    static const struct option opts[] = {
        { "section", required_argument, NULL, 's' }, { "force", no_argument, NULL, 'f' },
        { "release", required_argument, NULL, 'R' }, { "target", required_argument, NULL, 'T' },
        { NULL, 0, NULL, 0 },
    };
    struct reset r = { .instance = -1 };
    const char *release = NULL, *target = NULL, *in, *out;
    struct stat in_st;
    struct sv_error err;
    int force = 0, ch, rc;

    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 's':
            if (parse_section(&r, optarg))
                return EXIT_USAGE;
            break;
        case 'f': force = 1; break;
        case 'R': release = optarg; break;
        case 'T': target = optarg; break;
        default:
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool reset --section NAME[:INSTANCE] [--force] "
                            "[--release R] [--target T] IN|- OUT|-");
        }
    }
    if (!r.name)
        return sv_tool_complain(EXIT_USAGE, NULL, "reset needs --section NAME[:INSTANCE]");
    if (optind + 2 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "reset needs IN and OUT (- for stdin or stdout)");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    in = argv[optind];
    out = argv[optind + 1];
    if (sv_walk_open(&r.w, in, release, target) < 0) {
        rc = sv_tool_report(in, &r.w.err);
        sv_walk_close(&r.w);
        return rc;
    }
    sv_error_clear(&err);
    if (sv_outfile_open(&r.of, out, force,
                     strcmp(in, "-") == 0 ? (fstat(0, &in_st) == 0 ? &in_st : NULL)
                                          : (stat(in, &in_st) == 0 ? &in_st : NULL), &err) < 0) {
        rc = sv_tool_report(out, &err);
        sv_walk_close(&r.w);
        return rc;
    }
    if (copy(&r) < 0) {
        /* an output problem names the output, an input problem the input */
        rc = sv_tool_report(r.out.err.code != SV_OK && r.w.err.code == SV_E_IO ? out : in, &r.w.err);
        sv_outfile_abort(&r.of);
        sv_walk_close(&r.w);
        return rc;
    }
    if (!r.matched) {
        if (r.instance < 0)
            rc = sv_tool_complain(EXIT_USAGE, in, "no section \"%s\" in the stream", r.name);
        else
            rc = sv_tool_complain(EXIT_USAGE, in, "no section \"%s\" instance %lld in the stream", r.name,
                          r.instance);
        sv_outfile_abort(&r.of);
        sv_walk_close(&r.w);
        return rc;
    }
    rc = EXIT_OK;
    if (sv_outfile_commit(&r.of, &err) < 0) {
        rc = sv_tool_report(out, &err);
        sv_outfile_abort(&r.of);
    }
    sv_walk_close(&r.w);
    return rc;
}
