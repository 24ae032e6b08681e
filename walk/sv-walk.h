/*
 * The stream walker svtool's subcommands, the fuzz harnesses and the tests
 * share: container headers, each FULL section's fields (tagged bodies as
 * stored; legacy bodies decoded through the descriptors, which is also how
 * their end is found), and live sections' records streamed to the caller.
 *
 * Legacy bodies do not say which release and target wrote them: the walker
 * keeps the (release, target) pairs still possible and narrows them
 * section by section (see choose_layout in sv-walk.c).
 */
#ifndef SV_WALK_H
#define SV_WALK_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "sv-block.h"
#include "sv-ram.h"
#include "sv-registry.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "desc.h"

/* How a section's body is written. */
enum sv_walk_format {
    SV_WF_LEGACY,       /* legacy bytes, decoded by a descriptor */
    SV_WF_TAGGED,       /* tagged, named fields (F-6 kind 0) */
    SV_WF_OPAQUE,       /* tagged, opaque legacy bytes (F-30) */
    SV_WF_LIVE,         /* START/PART/END of a live section (F-29) */
};
const char *sv_walk_format_name(enum sv_walk_format f);

/* The (release, target) pairs of the registry: a bit each, pair r * SV_WALK_NTGT + t. */
#define SV_WALK_NREL SV_REL_COUNT
#define SV_WALK_NTGT SV_TGT_COUNT
#define SV_WALK_NPAIRS (SV_WALK_NREL * SV_WALK_NTGT)
_Static_assert(SV_WALK_NPAIRS <= sizeof(unsigned) * CHAR_BIT, "the pairs no longer fit in an unsigned");

struct sv_walk {
    const char *name;           /* the file name, for messages */
    FILE *file;
    struct sv_stream in;        /* reads the file with look-ahead */
    unsigned pairs;             /* bit r*SV_WALK_NTGT+t: sv_releases[r], sv_targets[t] */
    unsigned saves;             /* of those, the pairs whose release saves every legacy
                                 * section's version as found (its loader may take more) */
    int release_given, target_given;
    /* START section ids seen, so PART/END can be checked and named */
    struct { uint32_t id; char idstr[257]; uint32_t instance, version; uint8_t format; } live[8];
    unsigned nlive;
    int done;
    int seen_pcibus;            /* a PCIBUS section came earlier: a PCI machine (fact "pci") */
    int seen_full;              /* a device section came already */
    struct sv_error err;
};

/* One section. Valid until the next sv_walk_next. */
struct sv_walk_sec {
    struct sv_v3_section h;     /* for PART/END: idstr, instance and version of their START */
    enum sv_walk_format format;
    uint8_t live_format;        /* SV_WF_LIVE: its records (enum sv_live_format) */
    uint64_t length;            /* body bytes (for live: known after sv_walk_ram) */
    uint32_t legacy_version;    /* the layout the fields follow */
    const char *release;        /* tagged: the body's profile; legacy: a release that fits */
    const char *target;         /* "" when the layout does not depend on it */
    uint8_t *body;              /* the body bytes as stored */
    size_t body_len;
    struct sv_recset rec;       /* fields: as stored (tagged), canonical (legacy) */
    int have_rec;
    struct sv_values vals;      /* legacy sections: the decoded values */
};

/*
 * Opens FILE ("-": stdin) and reads the container header.  release and
 * target (NULL: any) restrict the pairs considered.  Returns -1 with w->err.
 */
int sv_walk_open(struct sv_walk *w, const char *path, const char *release, const char *target);
/* The same on an open file (named path in messages), which sv_walk_close closes. */
int sv_walk_open_file(struct sv_walk *w, const char *path, FILE *f, const char *release, const char *target);
/* 1 a section, 0 the end (EOF marker, nothing after it), -1 error in w->err. */
int sv_walk_next(struct sv_walk *w, struct sv_walk_sec *sec);
/*
 * For a SV_WF_LIVE section: its records to fn and, byte for byte, to copy.
 * Any live section walks (and copies) this way; only a ram section's
 * records reach fn and st.
 */
int sv_walk_ram(struct sv_walk *w, struct sv_walk_sec *sec, struct sv_stream *copy,
                int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                struct sv_ram_stats *st);
/* The same for a block section's records (sec->live_format SV_LIVE_BLOCK). */
int sv_walk_block(struct sv_walk *w, struct sv_walk_sec *sec, struct sv_stream *copy,
                  int (*fn)(void *opaque, const struct sv_block_rec *r), void *opaque,
                  struct sv_block_stats *st);
/* Every section to the end, live ones' records included: 0 at the end, -1 with w->err. */
int sv_walk_all(struct sv_walk *w);
void sv_walk_sec_free(struct sv_walk_sec *sec);
void sv_walk_close(struct sv_walk *w);
/* When the input is a regular file, its descriptor, with the file offset of
 * the walk's offset off in *file_off (so bytes can be copied without being
 * read); -1 otherwise. */
int sv_walk_input_fd(const struct sv_walk *w, uint64_t off, uint64_t *file_off);

/* The releases still possible after the walk, "0.11 or emu"; 1 when one. */
int sv_walk_releases(const struct sv_walk *w, char *buf, size_t len);
/* The pairs still possible, narrowed to those whose release saves the
 * versions found when any does. */
unsigned sv_walk_writers(const struct sv_walk *w);
/* The one release left, or NULL. */
const char *sv_walk_release(const struct sv_walk *w);

#endif
