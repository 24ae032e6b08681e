/* svtool dump and svtool check: one walk, printing or validating. */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "sv-walk.h"
#include "transcode.h"

struct dump {
    FILE *out;
    int json, ram, nsec;
    const char *only;           /* --section NAME[:INSTANCE] */
    long long only_instance;    /* -1: any */
    FILE *recs;                 /* --ram: record lines until the length is known */
    int nrec;
};

static void field_line(struct dump *d, FILE *to, const char *name, const char *type, int flags,
                       const struct sv_field *f, uint64_t u)
{
    if (d->json) {
        fprintf(to, "%s\n      {\"name\": ", d->nrec++ ? "," : "");
        sv_print_json_string(to, name, strlen(name));
        fputs(", \"type\": ", to);
        sv_print_json_string(to, type, strlen(type));
        fprintf(to, ", \"flags\": %d, \"value\": ", flags);
        if (f)
            sv_print_value_json(to, f);
        else if (strcmp(type, "u64") == 0)
            fprintf(to, "\"%" PRIu64 "\"", u);
        else
            fprintf(to, "%" PRIu64, u);
        fputc('}', to);
        return;
    }
    fprintf(to, "  %s = ", name);
    if (f)
        sv_print_value_text(to, f);
    else
        fprintf(to, "%" PRIu64, u);
    fprintf(to, " (%s)\n", type);
}

static void section_line(struct dump *d, const struct sv_walk_sec *s)
{
    const struct sv_v3_section *h = &s->h;

    if (d->json) {
        fprintf(d->out, "%s\n    {\"type\": \"%s\", \"section_id\": %" PRIu32 ", \"idstr\": ",
                d->nsec++ ? "," : "", sv_v3_type_name(h->type), h->section_id);
        sv_print_json_string(d->out, h->idstr, strlen(h->idstr));
        fprintf(d->out, ", \"instance\": %" PRIu32 ", \"version\": %" PRIu32, h->instance_id, h->version_id);
        if (s->format == SV_WF_LIVE)
            fputs(", \"legacy_version\": null", d->out);
        else
            fprintf(d->out, ", \"legacy_version\": %" PRIu32, s->legacy_version);
        fprintf(d->out, ", \"offset\": %" PRIu64 ", \"length\": %" PRIu64 ", \"format\": \"%s\", \"fields\": [",
                h->body, s->length, sv_walk_format_name(s->format));
        d->nrec = 0;
        return;
    }
    fprintf(d->out, "section %s id=%" PRIu32 " idstr=", sv_v3_type_name(h->type), h->section_id);
    sv_print_text_string(d->out, h->idstr, strlen(h->idstr));
    fprintf(d->out, " instance=%" PRIu32 " version=%" PRIu32 " offset=%" PRIu64 " length=%" PRIu64 " format=%s",
            h->instance_id, h->version_id, h->body, s->length, sv_walk_format_name(s->format));
    if (s->format == SV_WF_TAGGED || s->format == SV_WF_OPAQUE)
        fprintf(d->out, " legacy_version=%" PRIu32, s->legacy_version);
    fputc('\n', d->out);
}

static void section_end(struct dump *d)
{
    if (d->json)
        fputs(d->nrec ? "\n    ]}" : "]}", d->out);
}

static int wanted(const struct dump *d, const struct sv_walk_sec *s)
{
    return !d->only || (strcmp(d->only, s->h.idstr) == 0 &&
                        (d->only_instance < 0 || d->only_instance == (long long)s->h.instance_id));
}

static int ram_record(void *opaque, const struct sv_ram_rec *r)
{
    struct dump *d = opaque;
    char name[40];
    struct sv_field f = { .type = SV_BYTES, .count = SV_RAM_PAGE, .value = r->page };

    if (r->flags & SV_RAM_MEM_SIZE)
        field_line(d, d->recs, "mem_size", "u64", 0, NULL, r->addr);
    snprintf(name, sizeof name, "page[%" PRIu64 "]", r->addr / SV_RAM_PAGE);
    if (r->flags & SV_RAM_COMPRESS)
        field_line(d, d->recs, name, "fill", 0, NULL, r->fill);
    else if (r->flags & SV_RAM_PAGE_FLAG)
        field_line(d, d->recs, name, "bytes[4096]", 0, &f, 0);
    return 0;
}

/* Copies what the --ram records spooled to the output. */
static int unspool(struct dump *d)
{
    char buf[65536];
    size_t n;

    rewind(d->recs);
    while ((n = fread(buf, 1, sizeof buf, d->recs)) > 0)
        fwrite(buf, 1, n, d->out);
    return ferror(d->recs) ? -1 : 0;
}

/* A block record: block[SECTOR].device and .data, or the progress. */
static int block_record(void *opaque, const struct sv_block_rec *r)
{
    struct dump *d = opaque;
    char name[48], type[24];
    struct sv_field dev = { .type = SV_STRING, .count = r->name_len, .value = r->name };
    struct sv_field data = { .type = SV_BYTES, .count = SV_BLOCK_CHUNK, .value = r->data };

    if (r->flags == SV_BLOCK_PROGRESS)
        field_line(d, d->recs, "progress", "u64", 0, NULL, r->sector);
    if (r->flags != SV_BLOCK_DEVICE)
        return 0;
    snprintf(name, sizeof name, "block[%" PRIu64 "].device", r->sector);
    sv_type_name(SV_STRING, r->name_len, type, sizeof type);
    field_line(d, d->recs, name, type, 0, &dev, 0);
    snprintf(name, sizeof name, "block[%" PRIu64 "].data", r->sector);
    sv_type_name(SV_BYTES, SV_BLOCK_CHUNK, type, sizeof type);
    field_line(d, d->recs, name, type, 0, &data, 0);
    return 0;
}

static void block_summary(struct dump *d, const struct sv_block_stats *st)
{
    field_line(d, d->out, "records", "u64", 0, NULL, st->records);
    field_line(d, d->out, "blocks", "u64", 0, NULL, st->blocks);
    if (st->progress)
        field_line(d, d->out, "progress", "u64", 0, NULL, st->last_percent);
    field_line(d, d->out, "bytes", "u64", 0, NULL, st->bytes);
}

static int dump_live(struct dump *d, struct sv_walk *w, struct sv_walk_sec *s)
{
    struct sv_ram_stats st = { 0 };
    struct sv_block_stats bst = { 0 };
    int show = wanted(d, s), block = s->live_format == SV_LIVE_BLOCK, r;

    d->nrec = 0;
    if (show && d->ram) {
        if (!(d->recs = tmpfile()))
            return sv_error_set_nooff(&w->err, SV_E_IO, "cannot make a spool file for --ram");
    }
    if (block)
        r = sv_walk_block(w, s, NULL, show && d->ram ? block_record : NULL, d, &bst);
    else
        r = sv_walk_ram(w, s, NULL, show && d->ram ? ram_record : NULL, d, &st);
    if (r == 0 && show) {
        int n = d->nrec;

        section_line(d, s);
        if (d->ram) {
            d->nrec = n;
            if (unspool(d) < 0)
                r = sv_error_set_nooff(&w->err, SV_E_IO, "cannot read back the --ram spool file");
        } else if (block) {
            block_summary(d, &bst);
        } else {
            if (st.mem_size)
                field_line(d, d->out, "mem_size", "u64", 0, NULL, st.mem_size);
            field_line(d, d->out, "records", "u64", 0, NULL, st.records);
            field_line(d, d->out, "pages", "u64", 0, NULL, st.pages);
            field_line(d, d->out, "compressed", "u64", 0, NULL, st.compressed);
            field_line(d, d->out, "bytes", "u64", 0, NULL, st.bytes);
        }
        section_end(d);
    }
    if (d->recs)
        fclose(d->recs);
    d->recs = NULL;
    return r ? -1 : 0;
}

static void dump_fields(struct dump *d, const struct sv_walk_sec *s)
{
    char type[24];

    section_line(d, s);
    for (size_t i = 0; i < s->rec.n; i++) {
        const struct sv_field *f = &s->rec.f[i];

        sv_type_name(f->type, f->count, type, sizeof type);
        field_line(d, d->out, f->name, type, f->flags, f, 0);
    }
    section_end(d);
}

/*
 * check: a tagged body whose device is described is also read the way a
 * loader reads it (F-18 to F-20, bounds, unknown fields).
 */
static int check_tagged(struct sv_walk *w, const struct sv_walk_sec *s)
{
    struct sv_transcode x = { .release = s->release, .target = *s->target ? s->target : NULL,
                              .idstr = s->h.idstr, .instance = s->h.instance_id };
    struct sv_stream m;
    struct sv_error e;
    uint8_t *legacy;
    size_t len;
    uint32_t v;

    if (s->format != SV_WF_TAGGED)
        return 0;
    if (!sv_release_find(s->release) || !sv_desc_find(s->release, x.target, s->h.idstr, s->legacy_version))
        return 0;
    sv_error_clear(&e);
    sv_stream_mem_reader(&m, s->body, s->body_len);
    sv_stream_set_offset(&m, s->h.body);
    if (sv_transcode_to_legacy(&x, s->legacy_version, &m, &legacy, &len, &v, &e) < 0) {
        sv_error_add_section(&e, s->h.idstr, s->h.instance_id);
        w->err = e;
        return -1;
    }
    free(legacy);
    return 0;
}

static int parse_section(struct dump *d, char *arg)
{
    char *colon = strrchr(arg, ':'), *end;

    d->only = arg;
    d->only_instance = -1;
    if (colon) {
        *colon = 0;
        d->only_instance = strtoll(colon + 1, &end, 10);
        if (!colon[1] || *end || d->only_instance < 0)
            return sv_tool_complain(EXIT_USAGE, NULL, "--section %s:%s: the instance must be a number",
                            arg, colon + 1);
    }
    return 0;
}

static int run(int argc, char **argv, int check)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' }, { "section", required_argument, NULL, 's' },
        { "ram", no_argument, NULL, 'r' }, { "release", required_argument, NULL, 'R' },
        { "target", required_argument, NULL, 'T' }, { "descriptors", required_argument, NULL, 'D' },
        { NULL, 0, NULL, 0 },
    };
    struct dump d = { .out = stdout, .only_instance = -1 };
    const char *release = NULL, *target = NULL, *file;
    struct sv_walk w;
    struct sv_walk_sec s;
    int c, k, rc = EXIT_OK;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j' && !check)
            d.json = 1;
        else if (c == 's' && !check) {
            if (parse_section(&d, optarg))
                return EXIT_USAGE;
        } else if (c == 'r' && !check)
            d.ram = 1;
        else if (c == 'R')
            release = optarg;
        else if (c == 'T')
            target = optarg;
        else if (c == 'D') {
            if (!sv_tool_descriptors(optarg))
                return EXIT_USAGE;
        } else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool %s%s FILE|- (see svtool --help)",
                            check ? "check" : "dump [--json] [--section NAME[:INSTANCE]] [--ram]",
                            " [--release R] [--target T] [--descriptors FILE]");
    }
    if (optind + 1 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "%s needs exactly one FILE (or - for stdin)", argv[0]);
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    file = argv[optind];
    if (sv_walk_open(&w, file, release, target) < 0) {
        rc = sv_tool_report(file, &w.err);
        sv_walk_close(&w);
        return rc;
    }
    if (d.json && !check)
        fputs("{\"sections\": [", d.out);
    while (sv_walk_next(&w, &s) > 0) {
        k = 0;
        if (s.format == SV_WF_LIVE)
            k = check ? sv_walk_ram(&w, &s, NULL, NULL, NULL, &(struct sv_ram_stats){ 0 })
                      : dump_live(&d, &w, &s);
        else if (check)
            k = check_tagged(&w, &s);
        else if (wanted(&d, &s))
            dump_fields(&d, &s);
        sv_walk_sec_free(&s);
        if (k)
            break;
    }
    if (d.json && !check)
        fputs(d.nsec ? "\n  ]}\n" : "]}\n", d.out);
    if (w.err.code != SV_OK)
        rc = sv_tool_report(file, &w.err);
    if (fflush(d.out) != 0 || ferror(d.out))
        rc = sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
    sv_walk_close(&w);
    return rc;
}

int sv_cmd_dump(int argc, char **argv)
{
    return run(argc, argv, 0);
}

int sv_cmd_check(int argc, char **argv)
{
    return run(argc, argv, 1);
}
