/* svtool convert between releases; see sv-bridge.h and doc/BRIDGING.md. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "sv-bridge.h"

/* A configuration's problem, named by the option that gave it. */
static int config_failed(struct sv_error *err, const char *option)
{
    char msg[sizeof err->msg];
    size_t n = strlen(option);

    memcpy(msg, err->msg, sizeof msg);
    if (n + 2 < sizeof err->msg) {
        memcpy(err->msg, option, n);
        memcpy(err->msg + n, ": ", 2);
        memcpy(err->msg + n + 2, msg, sizeof err->msg - n - 2);
        err->msg[sizeof err->msg - 1] = 0;
    }
    return -1;
}

int sv_tool_bridge_open(struct sv_tool_bridge *b, const char *from, const char *to, const char *from_opts,
                        const char *to_opts, int force, const char *in_name, struct sv_error *err)
{
    memset(b, 0, sizeof *b);
    b->from = sv_release_find(from);
    b->to = sv_release_find(to);
    b->force = force;
    b->in_name = in_name;
    b->to_given = to_opts != NULL;
    b->target = "";
    sv_error_clear(&b->err);
    if (!b->from || !b->to || !sv_bridge_known(b->from, b->to))
        return sv_error_set_nooff(err, SV_E_USAGE, "no bridge from release %s to %s", from, to);
    if (!sv_ram_layout_known(b->from) || !sv_ram_layout_known(b->to))
        return sv_error_set_nooff(err, SV_E_USAGE, "the RAM layout of release %s is not known",
                                  sv_ram_layout_known(b->from) ? to : from);
    if (sv_ram_config_parse(b->from, from_opts, &b->from_cfg, err) < 0)
        return config_failed(err, "--from-config");
    /* the destination runs the same machine unless told otherwise */
    if (sv_ram_config_parse(b->to, to_opts ? to_opts : from_opts, &b->to_cfg, err) < 0)
        return config_failed(err, to_opts ? "--to-config" : "--from-config, as the destination's");
    if (!to_opts) {
        /* the destination's machine that is the source's (0.11's pc is 0.12's pc-0.11) */
        const char *m = sv_devices_same_machine(b->from, b->from_cfg.machine, b->to);

        if (m)
            snprintf(b->to_cfg.machine, sizeof b->to_cfg.machine, "%s", m);
    }
    return 0;
}

static int note_section(struct sv_tool_bridge *b, const struct sv_walk_sec *s, struct sv_error *err)
{
    if (!b->target[0] && s->target && s->target[0])
        b->target = s->target;
    return sv_dev_set_add(&b->have, s->h.idstr, s->h.instance_id, err);
}

static int same_layout(const struct sv_ram_layout *a, const struct sv_ram_layout *b)
{
    if (a->n != b->n || a->size != b->size)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->b[i].role != b->b[i].role || a->b[i].offset != b->b[i].offset || a->b[i].size != b->b[i].size)
            return 0;
    return 1;
}

int sv_tool_bridge_finish(struct sv_tool_bridge *b, struct sv_error *err)
{
    struct sv_ram_config need = b->to_cfg;
    struct sv_ram_layout l;
    struct sv_dev_set want;
    struct sv_error e;

    sv_error_clear(&e);
    if (b->unchecked || !sv_devices_known(b->to))
        return 0;
    if (!b->to_given) {
        /* derive the devices' options; -m, -M, -cpu and -romsize stay the source's */
        if (sv_devices_config(b->to, b->target[0] ? b->target : "i386", &b->have, &need, &e) < 0)
            return sv_error_set_nooff(err, e.code, "%s", e.msg);
    }
    if (sv_devices_of(b->to, &need, &want, &e) < 0) {
        sv_error_set_nooff(err, e.code, "release %s: %s", b->to->name, e.msg);
        return config_failed(err, b->to_given ? "--to-config" : "the destination's configuration");
    }
    if (sv_devices_compare(b->to, &b->have, &want, &e) < 0) {
        sv_error_set_nooff(err, e.code, "%s", e.msg);
        return config_failed(err, b->to_given ? "--to-config" : "the destination's configuration");
    }
    /* the pages were placed for to_cfg's layout: the devices found must give the same */
    if (b->have_layouts && !b->to_given &&
        (sv_ram_layout_of(b->to, &need, &l, &e) < 0 || !same_layout(&l, &b->to_l)))
        return sv_error_set_nooff(err, SV_E_USAGE, "release %s's RAM layout with the devices the snapshot holds is not "
                                  "the one its pages were placed for (give --to-config)", b->to->name);
    sv_devices_options(b->to, &need, b->options, sizeof b->options, b->note, sizeof b->note);
    return 0;
}

static void dropped(void *opaque, const char *idstr, long long instance, const struct sv_value *v)
{
    struct sv_tool_bridge *b = opaque;

    b->ndropped++;
    if (v->a || v->b)
        fprintf(stderr, "svtool: %s: section \"%s\" instance %lld: field \"%s\": dropped (release %s has no place for it)\n",
                b->in_name, idstr, instance, v->name, b->to->name);
    else
        fprintf(stderr, "svtool: %s: section \"%s\" instance %lld: field \"%s\": value %" PRIu64
                " dropped (release %s has no place for it)\n", b->in_name, idstr, instance, v->name, v->u,
                b->to->name);
}

int sv_tool_bridge_full(struct sv_tool_bridge *b, const struct sv_walk_sec *s, uint8_t **out, size_t *len,
                        uint32_t *version, struct sv_error *err)
{
    struct sv_bridge x = {
        .from = b->from, .to = b->to, .target = s->target,
        .machine = b->to_cfg.machine[0] ? b->to_cfg.machine : NULL,
        .dropped = b->force ? dropped : NULL, .opaque = b,
    };
    enum sv_bridge_how how;

    if (s->format != SV_WF_LEGACY)
        return sv_error_set(err, SV_E_USAGE, s->h.offset,
                            "a tagged section: convert between releases takes legacy sections");
    if (note_section(b, s, err) < 0)
        return -1;
    return sv_bridge_section(&x, s->h.idstr, s->h.instance_id, s->h.version_id, s->body, s->body_len, out, len,
                             version, &how, err);
}

/* The layouts, once the source's size is known. */
static int layouts(struct sv_tool_bridge *b, uint64_t announced, uint64_t at)
{
    struct sv_error e;

    sv_error_clear(&e);
    if (sv_ram_layout_for_size(b->from, &b->from_cfg, announced, &b->from_l, &e) < 0)
        return sv_error_set(&b->err, e.code, at, "release %s: %s (give --from-config)", b->from->name, e.msg);
    if (!b->to_cfg.ram)
        b->to_cfg.ram = b->from_cfg.ram;
    if (b->to_cfg.ram != b->from_cfg.ram)
        return sv_error_set(&b->err, SV_E_USAGE, at, "the source has %" PRIu64 " MiB of RAM, the destination %" PRIu64
                            " MiB: guest RAM keeps its size", b->from_cfg.ram >> 20, b->to_cfg.ram >> 20);
    if (sv_ram_layout_of(b->to, &b->to_cfg, &b->to_l, &e) < 0)
        return sv_error_set(&b->err, e.code, at, "release %s: %s", b->to->name, e.msg);
    b->have_layouts = 1;
    return 0;
}

static int put_rec(struct sv_tool_bridge *b, uint64_t addr, const struct sv_ram_rec *r)
{
    sv_put_be64(b->out, addr | r->flags);
    if (r->flags & SV_RAM_COMPRESS)
        sv_put_u8(b->out, r->fill);
    else if (r->flags & SV_RAM_PAGE_FLAG)
        sv_write(b->out, r->page, SV_RAM_PAGE);
    return sv_stream_failed(b->out) ? -1 : 0;
}

/* One record: the size becomes the destination's, a page moves to the block
 * of the same role, or is dropped when zero and without a place. */
static int ram_rec(void *opaque, const struct sv_ram_rec *r)
{
    struct sv_tool_bridge *b = opaque;
    uint64_t addr;
    int k;

    if (r->flags & SV_RAM_MEM_SIZE) {
        if (layouts(b, r->addr, r->offset) < 0)
            return -1;
        return put_rec(b, b->to_l.size, r);
    }
    if (!(r->flags & (SV_RAM_COMPRESS | SV_RAM_PAGE_FLAG)))
        return put_rec(b, r->addr, r);          /* EOS */
    if (!b->have_layouts)
        return sv_error_set(&b->err, SV_E_CORRUPT, r->offset, "a page before the ram section's size");
    if ((k = sv_ram_move_page(b->from, &b->from_l, b->to, &b->to_l, r, &addr, &b->err)) != 0)
        return k < 0 ? -1 : 0;
    return put_rec(b, addr, r);
}

int sv_tool_bridge_ram(struct sv_tool_bridge *b, struct sv_walk *w, struct sv_walk_sec *s, struct sv_stream *out)
{
    int k;

    b->out = out;
    if (s->h.type == SV_V3_START && note_section(b, s, &w->err) < 0)
        return -1;
    k = sv_walk_ram(w, s, NULL, ram_rec, b, &(struct sv_ram_stats){ 0 });
    if (k && w->err.code == SV_OK) {
        w->err = b->err.code != SV_OK ? b->err : out->err;
        sv_error_add_section(&w->err, s->h.idstr, s->h.instance_id);
    }
    return k ? -1 : 0;
}

int sv_tool_bridge_drop_live(struct sv_tool_bridge *b, struct sv_walk *w, struct sv_walk_sec *s)
{
    struct sv_block_stats st = { 0 };

    if (s->live_format != SV_LIVE_BLOCK || sv_release_live(b->to, s->h.idstr))
        return 0;
    if (sv_walk_block(w, s, NULL, NULL, NULL, &st) < 0)
        return -1;
    if (st.blocks || st.progress) {
        sv_error_set(&w->err, SV_E_UNKNOWN, s->h.offset, "release %s has no block migration, and the section "
                     "carries %" PRIu64 " disk blocks (saved with migrate -b)", b->to->name, st.blocks);
        sv_error_add_section(&w->err, s->h.idstr, s->h.instance_id);
        return -1;
    }
    return 1;
}
