/*
 * The stream walker svtool's subcommands share: container headers, each
 * FULL section's fields (tagged bodies as stored; legacy bodies decoded
 * through the descriptors, which is also how their end is found), and the
 * live ram section's records streamed to the caller.
 *
 * Legacy bodies do not say which release and target wrote them: the walker
 * keeps the (release, target) pairs still possible and narrows them
 * section by section (see choose_layout in sv-walk.c).
 */
#ifndef SV_WALK_H
#define SV_WALK_H

#include <stdint.h>
#include <stdio.h>

#include "sv-ram.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "desc.h"

/* How a section's body is written. */
enum walk_format {
    WF_LEGACY,      /* legacy bytes, decoded by a descriptor */
    WF_TAGGED,      /* tagged, named fields (F-6 kind 0) */
    WF_OPAQUE,      /* tagged, opaque legacy bytes (F-30) */
    WF_LIVE,        /* START/PART/END of the ram section (F-29) */
};
const char *walk_format_name(enum walk_format f);

/* Six (release, target) pairs at most: a bit each. */
#define WALK_NREL 3
#define WALK_NTGT 2
#define WALK_NPAIRS (WALK_NREL * WALK_NTGT)

/* Input: a file (or stdin) with a look-ahead buffer in front of it. */
struct walk_src {
    FILE *f;
    struct sv_stream *s;        /* the stream reading from here, for errors */
    uint8_t *buf;
    size_t pos, len, cap;
    int eof;
};

struct walk {
    const char *name;           /* the file name, for messages */
    struct walk_src src;
    struct sv_stream in;
    unsigned pairs;             /* bit r*WALK_NTGT+t: sv_desc_releases[r], sv_desc_targets[t] */
    int release_given, target_given;
    /* START section ids seen, so PART/END can be checked and named */
    struct { uint32_t id; char idstr[257]; uint32_t instance, version; } live[8];
    unsigned nlive;
    int done;
    int seen_pcibus;            /* a PCIBUS section came earlier: a PCI machine (fact "pci") */
    struct sv_error err;
};

/* One section. Valid until the next walk_next. */
struct walk_sec {
    struct sv_v3_section h;     /* for PART/END: idstr, instance and version of their START */
    enum walk_format format;
    uint64_t length;            /* body bytes (for live: known after walk_ram) */
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
int walk_open(struct walk *w, const char *path, const char *release, const char *target);
/* The same on an open file (named path in messages), which walk_close closes. */
int walk_open_file(struct walk *w, const char *path, FILE *f, const char *release, const char *target);
/* Only the pairs in mask stay possible (from an earlier pass). */
void walk_restrict(struct walk *w, unsigned mask);
/* 1 a section, 0 the end (EOF marker, nothing after it), -1 error in w->err. */
int walk_next(struct walk *w, struct walk_sec *sec);
/* For a WF_LIVE section: its records to fn and, byte for byte, to copy. */
int walk_ram(struct walk *w, struct walk_sec *sec, struct sv_stream *copy,
             int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
             struct sv_ram_stats *st);
void walk_sec_free(struct walk_sec *sec);
void walk_close(struct walk *w);
/* Reads the input again from the start; -1 when it cannot (a pipe). */
int walk_rewind(struct walk *w);

/* The releases still possible after the walk, "0.11 or emu"; 1 when one. */
int walk_releases(const struct walk *w, char *buf, size_t len);
/* The one release left, or NULL. */
const char *walk_release(const struct walk *w);

#endif
