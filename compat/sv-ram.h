/*
 * The live `ram` section's page records (v3, QEMU 0.10/0.11): a sequence
 * of be64 (address | flags) ended by the EOS flag in every START, PART and
 * END body.  Flags: 0x02 compressed (one fill byte follows), 0x04 memory
 * size (the address is the RAM size), 0x08 page (4096 bytes follow),
 * 0x10 end of this body.  0x01 (the pre-0.10 "dead" format) is refused.
 */
#ifndef SV_RAM_H
#define SV_RAM_H

#include <stdint.h>

#include "sv-stream.h"

#define SV_RAM_PAGE 4096u
#define SV_RAM_FULL 0x01u
#define SV_RAM_COMPRESS 0x02u
#define SV_RAM_MEM_SIZE 0x04u
#define SV_RAM_PAGE_FLAG 0x08u
#define SV_RAM_EOS 0x10u

struct sv_ram_rec {
    uint64_t addr;          /* page address, or the RAM size for MEM_SIZE */
    uint32_t flags;
    uint8_t fill;           /* COMPRESS: the byte that fills the page */
    const uint8_t *page;    /* PAGE: 4096 bytes, valid during the callback */
    uint64_t offset;        /* where the record starts */
};

struct sv_ram_stats {
    uint64_t mem_size;      /* from the MEM_SIZE record, 0 until seen */
    uint64_t records, pages, compressed, bytes;
};

/*
 * Reads one body up to and including its EOS record.  Each record goes to
 * fn (when not NULL; a non-zero return stops the walk and is returned) and,
 * byte for byte, to copy (when not NULL).  Memory use is one page.
 */
int sv_ram_walk(struct sv_stream *in, struct sv_stream *copy,
                int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                struct sv_ram_stats *st);

#endif
