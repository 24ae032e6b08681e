/*
 * svtool snapshots IMAGE: the internal snapshots of a qcow2 image, like
 * `qemu-img snapshot -l`, plus what each VM state holds (read through the
 * walker: legacy or tagged, release, target, device sections).
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svtool.h"
#include "sv-input.h"
#include "sv-walk.h"

/* What a state holds. */
struct what {
    const char *state;          /* "none", "legacy", "tagged", "mixed", "unreadable" */
    char release[48], target[32];
    unsigned sections;          /* FULL (device) sections */
    char error[512];
};

/* Adds v to a comma-separated set in buf. */
static void add_name(char *buf, size_t len, const char *v)
{
    size_t n = strlen(v), k = strlen(buf);

    for (const char *p = buf; (p = strstr(p, v)); p += n)
        if ((p == buf || p[-1] == ',') && (p[n] == ',' || p[n] == 0))
            return;
    snprintf(buf + k, len - k, "%s%s", k ? "," : "", v);
}

/* The walker's candidate releases and targets, for legacy sections. */
static void from_pairs(const struct sv_walk *w, struct what *x)
{
    char rel[96], *p;

    sv_walk_releases(w, rel, sizeof rel);
    for (char *s = rel; (p = strtok_r(s, " ", &s)); )
        if (strcmp(p, "or") != 0)
            add_name(x->release, sizeof x->release, p);
    for (unsigned i = 0; i < SV_WALK_NPAIRS; i++)
        if (sv_walk_writers(w) & 1u << i)
            add_name(x->target, sizeof x->target, sv_targets[i % SV_WALK_NTGT].name);
}

/* Fills x; returns the exit code of what went wrong, EXIT_OK when nothing. */
static int inspect(struct sv_qcow2 *q, uint32_t i, const char *name, const char *release,
                   const char *target, struct what *x)
{
    char tag_rel[48] = "", tag_tgt[32] = "";
    unsigned legacy = 0, tagged = 0;
    struct sv_qcow2_state *st;
    struct sv_error err;
    struct sv_walk w;
    struct sv_walk_sec s;
    FILE *f;
    int k, rc = EXIT_OK;

    memset(x, 0, sizeof *x);
    x->state = "none";
    if (q->snap[i].state_size == 0)
        return EXIT_OK;
    x->state = "unreadable";
    sv_error_clear(&err);
    if (sv_qcow2_state_open(q, i, &st, &err) < 0 || !(f = sv_input_state_file(st, NULL, &err))) {
        sv_error_format(&err, x->error, sizeof x->error);
        return sv_tool_report(name, &err);
    }
    if (sv_walk_open_file(&w, name, f, release, target) == 0) {
        while ((k = sv_walk_next(&w, &s)) > 0) {
            k = 0;
            if (s.format == SV_WF_LIVE) {
                k = sv_walk_ram(&w, &s, NULL, NULL, NULL, &(struct sv_ram_stats){ 0 });
            } else {
                x->sections++;
                if (s.format == SV_WF_LEGACY) {
                    legacy++;
                } else {
                    tagged++;
                    add_name(tag_rel, sizeof tag_rel, s.release);
                    if (*s.target)
                        add_name(tag_tgt, sizeof tag_tgt, s.target);
                }
            }
            sv_walk_sec_free(&s);
            if (k)
                break;
        }
    }
    if (w.err.code != SV_OK) {
        sv_error_format(&w.err, x->error, sizeof x->error);
        rc = sv_tool_report(name, &w.err);
    } else {
        x->state = !tagged ? "legacy" : !legacy ? "tagged" : "mixed";
        from_pairs(&w, x);
        /* tagged bodies name their release and target themselves */
        if (*tag_rel)
            snprintf(x->release, sizeof x->release, "%s", tag_rel);
        if (*tag_tgt)
            snprintf(x->target, sizeof x->target, "%s", tag_tgt);
    }
    sv_walk_close(&w);
    return rc;
}

static void clock_text(uint64_t ns, char *buf, size_t len)
{
    uint64_t ms = ns / 1000000;

    snprintf(buf, len, "%02" PRIu64 ":%02u:%02u.%03u", ms / 3600000, (unsigned)(ms / 60000 % 60),
             (unsigned)(ms / 1000 % 60), (unsigned)(ms % 1000));
}

static void line_text(const struct sv_qcow2_snapshot *sn, const struct what *x)
{
    time_t t = (time_t)sn->date_sec;
    char date[32], clk[32];
    struct tm tm;

    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    clock_text(sn->vm_clock_nsec, clk, sizeof clk);
    fputs("id=", stdout);
    sv_print_text_string(stdout, sn->id, sn->id_len);
    fputs(" tag=", stdout);
    sv_print_text_string(stdout, sn->name, sn->name_len);
    printf(" date=%s vm_clock=%s vm_state_size=%" PRIu64 " state=%s", date, clk, sn->state_size, x->state);
    if (strcmp(x->state, "none") != 0 && strcmp(x->state, "unreadable") != 0)
        printf(" release=%s target=%s sections=%u", x->release, *x->target ? x->target : "-", x->sections);
    putchar('\n');
}

static void json_or_null(const char *s)
{
    if (*s)
        sv_print_json_string(stdout, s, strlen(s));
    else
        fputs("null", stdout);
}

static void line_json(const struct sv_qcow2_snapshot *sn, const struct what *x, int first)
{
    int known = strcmp(x->state, "none") != 0 && strcmp(x->state, "unreadable") != 0;

    fputs(first ? "\n  {\"id\": " : ",\n  {\"id\": ", stdout);
    sv_print_json_string(stdout, sn->id, sn->id_len);
    fputs(", \"tag\": ", stdout);
    sv_print_json_string(stdout, sn->name, sn->name_len);
    printf(", \"date_sec\": %" PRIu32 ", \"date_nsec\": %" PRIu32 ", \"vm_clock_nsec\": \"%" PRIu64 "\""
           ", \"vm_state_size\": \"%" PRIu64 "\", \"state\": \"%s\", \"release\": ",
           sn->date_sec, sn->date_nsec, sn->vm_clock_nsec, sn->state_size, x->state);
    json_or_null(known ? x->release : "");
    fputs(", \"target\": ", stdout);
    json_or_null(known ? x->target : "");
    printf(", \"sections\": %u, \"error\": ", x->sections);
    json_or_null(x->error);
    putchar('}');
}

int sv_cmd_snapshots(int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' }, { "release", required_argument, NULL, 'R' },
        { "target", required_argument, NULL, 'T' }, { NULL, 0, NULL, 0 },
    };
    const char *release = NULL, *target = NULL, *image;
    struct sv_qcow2 q;
    struct sv_error err;
    int json = 0, c, k, rc = EXIT_OK;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            json = 1;
        else if (c == 'R')
            release = optarg;
        else if (c == 'T')
            target = optarg;
        else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool snapshots [--json] [--release R] [--target T] IMAGE");
    }
    if (optind + 1 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "snapshots needs exactly one IMAGE");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    image = argv[optind];
    sv_error_clear(&err);
    if (sv_qcow2_open(&q, image, &err) < 0)
        return sv_tool_report(image, &err);
    if (json) {
        fputs("{\"image\": ", stdout);
        sv_print_json_string(stdout, image, strlen(image));
        printf(", \"version\": %" PRIu32 ", \"cluster_size\": %" PRIu64 ", \"snapshots\": [", q.version,
               q.cluster_size);
    }
    for (uint32_t i = 0; i < q.nsnap; i++) {
        size_t len = strlen(image) + strlen(q.snap[i].id) + 2;
        char *name = malloc(len);
        struct what x;

        if (!name) {
            rc = sv_tool_complain(EXIT_USAGE, image, "out of memory");
            break;
        }
        /* messages name the snapshot as the other subcommands take it */
        snprintf(name, len, "%s:%s", image, q.snap[i].id);
        k = inspect(&q, i, name, release, target, &x);
        if (k > rc)
            rc = k;
        if (json)
            line_json(&q.snap[i], &x, i == 0);
        else
            line_text(&q.snap[i], &x);
        free(name);
    }
    if (json)
        fputs(q.nsnap ? "\n]}\n" : "]}\n", stdout);
    sv_qcow2_close(&q);
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
    return rc;
}
