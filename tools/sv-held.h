/*
 * What svtool convert keeps back until the stream has said which release
 * wrote it (a tagged body names its release, and a later section may
 * still rule one out): an unnamed temporary file of items in stream
 * order, replayed once.  Items: a legacy FULL section (its header and
 * body, to be transcoded then), a range of the input file (to be copied
 * then), or bytes to write as they are.  Memory use stays at one section.
 */
#ifndef SV_HELD_H
#define SV_HELD_H

#include <stdint.h>
#include <stdio.h>

#include "sv-stream.h"
#include "sv-v3.h"

struct sv_held {
    FILE *f;                    /* NULL until the first item */
    struct sv_stream bytes;     /* writes become verbatim items */
    struct sv_error err;
};

struct sv_held_replay {
    void *opaque;
    /* a held section, its body as read; the header's offsets are the input's */
    int (*section)(void *opaque, const struct sv_v3_section *h, const uint8_t *body, size_t len);
    int (*range)(void *opaque, uint64_t off, uint64_t len);
    int (*bytes)(void *opaque, const uint8_t *b, size_t n);
};

void sv_held_init(struct sv_held *h);
int sv_held_section(struct sv_held *h, const struct sv_v3_section *sh, const uint8_t *body, size_t len);
int sv_held_range(struct sv_held *h, uint64_t off, uint64_t len);
/* A stream whose writes are held as they are. */
struct sv_stream *sv_held_bytes(struct sv_held *h);
/* The items in order; stops at the first callback that fails (its return)
 * or at a problem with the file (-1, h->err). */
int sv_held_replay(struct sv_held *h, const struct sv_held_replay *r);
void sv_held_free(struct sv_held *h);

#endif
