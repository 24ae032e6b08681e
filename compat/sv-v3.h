/*
 * The legacy v3 savevm container, as QEMU 0.10/0.11 write it (F-1):
 *
 *   "QEVM" be32(3) { section }* u8(EOF=0)
 *   START(1)/FULL(4): u8 type, be32 section_id, u8 len, idstr, be32 instance, be32 version, body
 *   PART(2)/END(3):   u8 type, be32 section_id, body
 *
 * FULL bodies carry no length: only a descriptor (or the tagged length) finds their end.
 */
#ifndef SV_V3_H
#define SV_V3_H

#include <stdint.h>

#include "sv-stream.h"

#define SV_V3_MAGIC 0x5145564du      /* "QEVM" */
#define SV_V3_VERSION 3u
#define SV_V3_VERSION_COMPAT 2u      /* the older container, not handled here */

enum sv_v3_type {
    SV_V3_EOF = 0,
    SV_V3_START = 1,
    SV_V3_PART = 2,
    SV_V3_END = 3,
    SV_V3_FULL = 4,
};

struct sv_v3_section {
    uint8_t type;
    uint32_t section_id;
    char idstr[257];
    uint32_t instance_id;
    uint32_t version_id;
    uint64_t offset;        /* where the section header starts */
    uint64_t body;          /* where its body starts */
};

const char *sv_v3_type_name(uint8_t type);
int sv_v3_read_file_header(struct sv_stream *s);
int sv_v3_write_file_header(struct sv_stream *s);
/* Reads one section header; for PART/END only type and section_id are set.
 * For EOF returns 0 with type SV_V3_EOF. */
int sv_v3_read_section(struct sv_stream *s, struct sv_v3_section *sec);
int sv_v3_write_section(struct sv_stream *s, const struct sv_v3_section *sec);
/* Tagged sections are FULL sections at SV_TAGGED_VERSION (F-2). */
int sv_v3_is_tagged(const struct sv_v3_section *sec);

#endif
