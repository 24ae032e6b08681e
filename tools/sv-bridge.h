/*
 * svtool convert --release A --to-release B: a legacy stream of one release
 * made loadable by another (doc/BRIDGING.md).  Device sections go through
 * descriptors/bridge.c; the ram section's pages move from A's RAM layout to
 * B's (compat/sv-ramlayout.c), each configuration parsed from the QEMU
 * options the user gives.
 */
#ifndef SV_TOOL_BRIDGE_H
#define SV_TOOL_BRIDGE_H

#include "bridge.h"
#include "sv-devices.h"
#include "sv-ramlayout.h"
#include "sv-walk.h"

struct sv_tool_bridge {
    const struct sv_release *from, *to;
    const char *in_name;                /* for the list of dropped fields */
    struct sv_ram_config from_cfg, to_cfg;
    struct sv_ram_layout from_l, to_l;
    int have_layouts;
    int force;
    unsigned ndropped;
    struct sv_stream *out;              /* where the ram callback writes */
    struct sv_error err;                /* the ram callback's problem */
    /* the destination's devices (compat/sv-devices.h) */
    int to_given;                       /* --to-config: checked, not derived */
    int unchecked;                      /* --no-device-check: no comparison, no options */
    const char *target;                 /* the sections' target ("": not known yet) */
    struct sv_dev_set have;             /* the sections written, in order */
    char options[512];                  /* the destination's options, once finished */
    char note[256];                     /* what they cannot say ("": nothing) */
};

/* Checks the pair and parses both configurations (NULL: none given; the
 * destination's defaults to the source's).  -1 with *err. */
int sv_tool_bridge_open(struct sv_tool_bridge *b, const char *from, const char *to, const char *from_opts,
                        const char *to_opts, int force, const char *in_name, struct sv_error *err);

/* A legacy device section -> the destination's bytes and version. */
int sv_tool_bridge_full(struct sv_tool_bridge *b, const struct sv_walk_sec *s, uint8_t **out, size_t *len,
                        uint32_t *version, struct sv_error *err);

/* A live ram section (its header already written to out): its records,
 * moved to the destination's layout, to out.  -1 with the walk's error. */
/*
 * A live section the destination does not have (0.12's "block" going to
 * 0.11): walked, and dropped when it carries nothing (no -b migration,
 * end-of-stage records only); 1 when dropped, 0 when the destination has
 * it, -1 (in w->err) when it carries disk blocks.
 */
int sv_tool_bridge_drop_live(struct sv_tool_bridge *b, struct sv_walk *w, struct sv_walk_sec *s);
int sv_tool_bridge_ram(struct sv_tool_bridge *b, struct sv_walk *w, struct sv_walk_sec *s, struct sv_stream *out);

/*
 * After the last section: the devices the destination has in its
 * configuration (--to-config, or the one derived from the sections) must
 * be the sections written, one for one; a section without a device or a
 * device without a section is refused naming it (--force does not
 * change that: the destination would load partial state).  Then
 * b->options holds the destination's options.  -1 with *err.
 */
int sv_tool_bridge_finish(struct sv_tool_bridge *b, struct sv_error *err);

#endif
