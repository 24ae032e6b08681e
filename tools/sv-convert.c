/*
 * svtool convert: legacy <-> tagged, and legacy at one release's device
 * versions to another's, through descriptors/transcode.c (the code the
 * shim saves with, so the bytes are the shim's).  RAM is copied through:
 * from a file, its records are walked (headers only) and their bytes
 * copied by the kernel; from a pipe, they pass through.  The input is
 * read once.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "svtool.h"
#include "sv-input.h"
#include "sv-held.h"
#include "sv-outfile.h"
#include "sv-bridge.h"
#include "sv-walk.h"
#include "transcode.h"

struct conv {
    int to_tagged;
    const char *to_release, *to_target;
    const char *in_name;
    struct sv_walk w;
    struct sv_stream out;
    struct sv_outfile of;
    int ram_seen;
    /* input bytes [pend_off, pend_off + pend_len) (walk offsets) go to the
     * output next, copied by the kernel; consecutive ranges merge */
    uint64_t pend_off, pend_len;
    /* legacy sections to tagged without --release: from the first legacy
     * FULL section on, the output is held until the end settles the release */
    int defer, holding;
    struct sv_held held;
    /* --release A --to-release B: another release's stream (sv-bridge.h) */
    int bridging;
    struct sv_tool_bridge bridge;
};

/* Sets the walk's error from an output problem (reported as the output's). */
static int out_failed(struct conv *c, const struct sv_error *e)
{
    if (c->out.err.code == SV_OK)
        c->out.err = *e;
    if (c->w.err.code == SV_OK)
        c->w.err = *e;
    return -1;
}

static int flush_pending(struct conv *c)
{
    struct sv_error e;
    uint64_t at;
    int fd, r;

    if (!c->pend_len)
        return 0;
    fd = sv_walk_input_fd(&c->w, c->pend_off, &at);
    sv_error_clear(&e);
    if (sv_flush(&c->out) < 0)
        return -1;
    r = sv_outfile_copy(&c->of, fd, at, c->pend_len, &e);
    c->pend_len = 0;
    if (r == -2) {
        if (c->w.err.code == SV_OK)
            c->w.err = e;
        return -1;
    }
    if (r < 0)
        return out_failed(c, &e);
    if (!c->ram_seen++)
        sv_tool_kill_point("mid-ram");
    return 0;
}

/* Where the next bytes go: the held items, or the output after what is pending. */
static struct sv_stream *dest(struct conv *c)
{
    if (c->holding)
        return sv_held_bytes(&c->held);
    flush_pending(c);
    return &c->out;
}

/* Input bytes [off, off + len) go to the output as they are. */
static int put_range(struct conv *c, uint64_t off, uint64_t len)
{
    if (c->holding)
        return sv_held_range(&c->held, off, len);
    if (c->pend_len && c->pend_off + c->pend_len == off) {
        c->pend_len += len;
        return 0;
    }
    if (flush_pending(c) < 0)
        return -1;
    c->pend_off = off;
    c->pend_len = len;
    return 0;
}

/* The first problem of the held items' file, as an output problem. */
static int held_failed(struct conv *c)
{
    return c->held.err.code != SV_OK ? out_failed(c, &c->held.err) : -1;
}

/* Writes a FULL section header and body. */
static int put_full(struct conv *c, const struct sv_v3_section *h, uint32_t version,
                    const uint8_t *body, size_t len)
{
    struct sv_v3_section o = *h;
    struct sv_stream *to = dest(c);

    o.version_id = version;
    sv_v3_write_section(to, &o);
    sv_write(to, body, len);
    if (c->holding && sv_stream_failed(to))
        return held_failed(c);
    return sv_stream_failed(&c->out) || c->w.err.code != SV_OK ? -1 : 0;
}

/* legacy bytes -> a canonical tagged body, as the shim's save makes it */
static uint8_t *to_tagged(struct conv *c, const struct sv_walk_sec *s, size_t *blen)
{
    /* no target: the shim lets the bytes decide, and so must we */
    const char *rel = sv_walk_release(&c->w);
    struct sv_transcode x = { .release = rel ? rel : s->release, .idstr = s->h.idstr,
                              .instance = s->h.instance_id };
    const char *tgt;
    struct sv_error e;
    uint8_t *b;

    /* an opaque body is a result too; only a failure is the walk's error */
    sv_error_clear(&e);
    if (sv_transcode_to_tagged(&x, s->h.version_id, s->body, s->body_len, &b, blen, &tgt, &e) < 0) {
        if (c->w.err.code == SV_OK)
            c->w.err = e;
        return NULL;
    }
    return b;
}

/* a tagged body -> legacy bytes for the output release */
static int to_legacy(struct conv *c, const struct sv_walk_sec *s, const uint8_t *body, size_t blen,
                     const char *profile, const char *target, uint32_t body_version)
{
    struct sv_transcode x = {
        .release = c->to_release ? c->to_release : profile,
        .target = c->to_target ? c->to_target : (*target ? target : NULL),
        .idstr = s->h.idstr, .instance = s->h.instance_id,
    };
    struct sv_stream m;
    uint8_t *legacy;
    size_t len;
    uint32_t v;
    int r;

    sv_stream_mem_reader(&m, body, blen);
    sv_stream_set_offset(&m, s->h.body);
    /* without --to-release each section keeps its own device version; the
     * transcoder reads the body with the layout that wrote it (F-8) */
    if (sv_transcode_to_legacy(&x, c->to_release ? 0 : body_version, &m, &legacy, &len, &v, &c->w.err) < 0)
        return -1;
    r = put_full(c, &s->h, v, legacy, len);
    free(legacy);
    return r;
}

static int full_section(struct conv *c, const struct sv_walk_sec *s)
{
    uint8_t *b;
    size_t blen;
    int r;

    if (c->bridging) {
        uint32_t v;

        if (sv_tool_bridge_full(&c->bridge, s, &b, &blen, &v, &c->w.err) < 0)
            return -1;
        r = put_full(c, &s->h, v, b, blen);
        free(b);
        return r;
    }
    if (s->format != SV_WF_LEGACY) {
        if (c->to_tagged)
            return put_full(c, &s->h, s->h.version_id, s->body, s->body_len);
        return to_legacy(c, s, s->body, s->body_len, s->release, s->target, s->legacy_version);
    }
    if (!c->to_tagged && !c->to_release && !c->to_target)
        return put_full(c, &s->h, s->h.version_id, s->body, s->body_len);
    if (c->to_tagged && !sv_walk_release(&c->w)) {
        char rel[64];

        sv_walk_releases(&c->w, rel, sizeof rel);
        sv_error_set(&c->w.err, SV_E_USAGE, s->h.offset,
                     "the stream fits release %s and the tagged body names its release: give --release",
                     rel);
        return -1;
    }
    if (!(b = to_tagged(c, s, &blen)))
        return -1;
    r = c->to_tagged ? put_full(c, &s->h, SV_TAGGED_VERSION, b, blen)
                     : to_legacy(c, s, b, blen, s->release, s->target, s->h.version_id);
    free(b);
    return r;
}

static int ram_copied(void *opaque, const struct sv_ram_rec *r)
{
    struct conv *c = opaque;

    if (!c->ram_seen++) {
        sv_flush(&c->out);
        sv_tool_kill_point("mid-ram");
    }
    return 0;
}

/* A live section: from a file, walked and then copied by the kernel. */
static int live_section(struct conv *c, struct sv_walk_sec *s)
{
    uint64_t at;
    int k;

    /* a bridge rewrites the ram section's addresses; 0.12's block section
     * (no -b: end-of-stage records only) crosses as it is, or is dropped
     * where the destination has none */
    if (c->bridging && (k = sv_tool_bridge_drop_live(&c->bridge, &c->w, s)) != 0)
        return k < 0 ? -1 : 0;
    if (c->bridging && s->live_format != SV_LIVE_BLOCK) {
        struct sv_stream *to = dest(c);

        sv_v3_write_section(to, &s->h);
        return sv_tool_bridge_ram(&c->bridge, &c->w, s, to);
    }
    if (sv_walk_input_fd(&c->w, s->h.offset, &at) < 0) {
        struct sv_stream *to = dest(c);

        sv_v3_write_section(to, &s->h);
        k = sv_walk_ram(&c->w, s, to, c->holding ? NULL : ram_copied, c, &(struct sv_ram_stats){ 0 });
        if (c->holding && sv_stream_failed(to))
            return held_failed(c);
        return k;
    }
    k = sv_walk_ram(&c->w, s, NULL, NULL, NULL, &(struct sv_ram_stats){ 0 });
    if (k == 0 && put_range(c, s->h.offset, c->w.in.offset - s->h.offset) < 0)
        return c->holding ? held_failed(c) : -1;
    return k;
}

/* The held items, once the walk has settled the release. */
static int replay_section(void *opaque, const struct sv_v3_section *h, const uint8_t *body, size_t len)
{
    struct conv *c = opaque;
    struct sv_walk_sec s = { .h = *h, .format = SV_WF_LEGACY, .body = (uint8_t *)body, .body_len = len };

    if (full_section(c, &s) < 0) {
        sv_error_add_section(&c->w.err, h->idstr, h->instance_id);
        return -1;
    }
    return 0;
}

static int replay_range(void *opaque, uint64_t off, uint64_t len)
{
    return put_range(opaque, off, len);
}

static int replay_bytes(void *opaque, const uint8_t *b, size_t n)
{
    struct conv *c = opaque;

    return sv_write(dest(c), b, n) < 0 || c->w.err.code != SV_OK ? -1 : 0;
}

static int replay(struct conv *c)
{
    const struct sv_held_replay r = { c, replay_section, replay_range, replay_bytes };
    int k;

    c->holding = 0;
    k = sv_held_replay(&c->held, &r);
    if (k && c->w.err.code == SV_OK && c->held.err.code != SV_OK)
        held_failed(c);
    return k ? -1 : 0;
}

static int convert(struct conv *c)
{
    struct sv_walk_sec s;
    int k;

    sv_stream_file(&c->out, c->of.f);
    sv_v3_write_file_header(&c->out);
    sv_flush(&c->out);
    sv_tool_kill_point("after-header");
    while (!sv_stream_failed(&c->out) && c->w.err.code == SV_OK && sv_walk_next(&c->w, &s) > 0) {
        if (s.format == SV_WF_LIVE) {
            k = live_section(c, &s);
        } else if (c->defer && s.format == SV_WF_LEGACY) {
            /* its tagged body names a release a later section may rule out */
            c->holding = 1;
            k = sv_held_section(&c->held, &s.h, s.body, s.body_len) < 0 ? held_failed(c) : 0;
        } else {
            k = full_section(c, &s);
            if (k < 0)
                sv_error_add_section(&c->w.err, s.h.idstr, s.h.instance_id);
        }
        sv_walk_sec_free(&s);
        if (k)
            break;
    }
    if (c->w.err.code == SV_OK && !sv_stream_failed(&c->out))
        replay(c);
    if (c->w.err.code == SV_OK && !sv_stream_failed(&c->out))
        flush_pending(c);
    if (c->w.err.code == SV_OK && sv_stream_failed(&c->out))
        c->w.err = c->out.err;
    if (c->w.err.code != SV_OK)
        return -1;
    /* a device set that does not match refuses the whole output */
    if (c->bridging && sv_tool_bridge_finish(&c->bridge, &c->w.err) < 0)
        return -1;
    sv_put_u8(&c->out, SV_V3_EOF);
    if (sv_flush(&c->out) < 0) {
        c->w.err = c->out.err;
        return -1;
    }
    return 0;
}

int sv_cmd_convert(int argc, char **argv)
{
    static const struct option opts[] = {
        { "to", required_argument, NULL, 't' }, { "to-release", required_argument, NULL, 'r' },
        { "to-target", required_argument, NULL, 'g' }, { "force", no_argument, NULL, 'f' },
        { "release", required_argument, NULL, 'R' }, { "target", required_argument, NULL, 'T' },
        { "descriptors", required_argument, NULL, 'D' },
        { "from-config", required_argument, NULL, 'F' }, { "to-config", required_argument, NULL, 'C' },
        { "print-config", no_argument, NULL, 'P' }, { "no-device-check", no_argument, NULL, 'N' },
        { NULL, 0, NULL, 0 },
    };
    struct conv c = { 0 };
    const char *to = NULL, *release = NULL, *target = NULL, *in, *out, *from_cfg = NULL, *to_cfg = NULL;
    struct stat in_st;
    struct sv_error err;
    int force = 0, print_config = 0, unchecked = 0, ch, rc;

    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 't': to = optarg; break;
        case 'r': c.to_release = optarg; break;
        case 'g': c.to_target = optarg; break;
        case 'f': force = 1; break;
        case 'R': release = optarg; break;
        case 'T': target = optarg; break;
        case 'D':
            if (!sv_tool_descriptors(optarg))
                return EXIT_USAGE;
            break;
        case 'F': from_cfg = optarg; break;
        case 'C': to_cfg = optarg; break;
        case 'P': print_config = 1; break;
        case 'N': unchecked = 1; break;
        default:
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool convert --to tagged|legacy [--to-release R] "
                            "[--to-target T] [--force] [--release R] [--target T] [--descriptors FILE] "
                            "[--from-config OPTS] [--to-config OPTS] [--print-config] [--no-device-check] IN|- OUT|-");
        }
    }
    if (!to || (strcmp(to, "tagged") != 0 && strcmp(to, "legacy") != 0))
        return sv_tool_complain(EXIT_USAGE, NULL, "convert needs --to tagged or --to legacy");
    c.to_tagged = strcmp(to, "tagged") == 0;
    if (c.to_tagged && (c.to_release || c.to_target))
        return sv_tool_complain(EXIT_USAGE, NULL, "--to-release and --to-target go with --to legacy");
    if (optind + 2 != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "convert needs IN and OUT (- for stdin or stdout)");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target) || !sv_tool_known_release(c.to_release) ||
        !sv_tool_known_target(c.to_target))
        return EXIT_USAGE;
    in = argv[optind];
    out = argv[optind + 1];
    c.in_name = in;
    c.bridging = release && c.to_release && strcmp(release, c.to_release) != 0;
    if ((from_cfg || to_cfg || print_config || unchecked) && !c.bridging)
        return sv_tool_complain(EXIT_USAGE, NULL, "--from-config, --to-config, --print-config and --no-device-check go "
                                "with --release and another --to-release");
    if (print_config && unchecked)
        return sv_tool_complain(EXIT_USAGE, NULL, "--print-config needs the device check (no --no-device-check)");
    if (print_config && strcmp(out, "-") == 0)
        return sv_tool_complain(EXIT_USAGE, NULL, "--print-config prints on stdout: OUT cannot be -");
    sv_error_clear(&err);
    if (c.bridging && sv_tool_bridge_open(&c.bridge, release, c.to_release, from_cfg, to_cfg, force, in, &err) < 0) {
        char m[1024];

        return sv_tool_complain(sv_tool_exit_code(err.code), NULL, "%s", sv_error_format(&err, m, sizeof m));
    }
    c.bridge.unchecked = unchecked;
    c.defer = c.to_tagged && !release;
    sv_held_init(&c.held);
    if (sv_walk_open(&c.w, in, release, target) < 0) {
        rc = sv_tool_report(in, &c.w.err);
        sv_walk_close(&c.w);
        return rc;
    }
    sv_error_clear(&err);
    if (sv_outfile_open(&c.of, out, force,
                     strcmp(in, "-") == 0 ? (fstat(0, &in_st) == 0 ? &in_st : NULL)
                                          : (sv_input_stat(in, &in_st) == 0 ? &in_st : NULL), &err) < 0) {
        rc = sv_tool_report(out, &err);
        sv_walk_close(&c.w);
        return rc;
    }
    if (convert(&c) < 0) {
        /* an output problem names the output, an input problem the input */
        rc = sv_tool_report(c.out.err.code != SV_OK && c.w.err.code == SV_E_IO ? out : in, &c.w.err);
        sv_outfile_abort(&c.of);
        sv_held_free(&c.held);
        sv_walk_close(&c.w);
        return rc;
    }
    rc = EXIT_OK;
    if (sv_outfile_commit(&c.of, &err) < 0) {
        rc = sv_tool_report(out, &err);
        sv_outfile_abort(&c.of);
    } else if (c.bridging && unchecked) {
        fprintf(stderr, "svtool: %s: the devices of release %s were not compared with the snapshot's sections "
                "(--no-device-check)\n", out, c.bridge.to->name);
    } else if (c.bridging && c.bridge.options[0]) {
        /* what the destination must run: for people on stderr, for scripts on stdout */
        fprintf(stderr, "svtool: %s: run release %s with: %s\n", out, c.bridge.to->name, c.bridge.options);
        if (c.bridge.note[0])
            fprintf(stderr, "svtool: %s: and give release %s: %s\n", out, c.bridge.to->name, c.bridge.note);
        if (print_config)
            printf("%s\n", c.bridge.options);
    }
    sv_held_free(&c.held);
    sv_walk_close(&c.w);
    return rc;
}
