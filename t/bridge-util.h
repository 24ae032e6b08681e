/*
 * What the bridge tests share: the columns of t/real/MANIFEST.tsv, and a
 * stream's device sections read with svtool's walker (bodies and values)
 * to compare a converted stream with its source and with the other
 * release's own capture.
 */
#ifndef SV_T_BRIDGE_UTIL_H
#define SV_T_BRIDGE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "interp.h"

enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_BUILD, COL_STATE, COL_CONFIG, COL_COMMAND, COL_NCOLS };

#define BU_MAXSEC 64

struct sec {
    char idstr[257];
    uint32_t instance, version;
    uint8_t *body;
    size_t len;
    struct sv_values vals;
    char target[16];            /* the walker's, "" when none */
    int used;                   /* for a test that pairs sections off */
};

struct stream {
    struct sec s[BU_MAXSEC];
    int n;
    uint64_t mem_size;          /* the RAM size the ram section announces */
};

/* The device sections of a stream (live ones walked past, their announced
 * RAM size kept); -1 with a diag. */
int bu_load(const char *path, const char *release, struct stream *st);
void bu_stream_free(struct stream *st);
/* The first section of that idstr and instance, NULL when none. */
const struct sec *bu_find(const struct stream *st, const char *idstr, uint32_t instance);
/* Do two values hold the same elements (or bytes, or integer)? */
int bu_same_value(const struct sv_value *a, const struct sv_value *b);
/* A one-section legacy stream of s (its values encoded as its version) in path; 0 on success. */
int bu_write_section(const struct sec *s, const char *path);

#endif
