/*
 * The live `block` section's records (block-migration.c, QEMU 0.12, v1):
 * be64 (sector << 9 | flags), one flag per record, until the EOS record
 * that ends every START, PART and END body.  Flags: 0x01 a device block
 * (u8 name length, the device name, 1 MiB of data follow), 0x02 end of
 * this body, 0x04 progress (the "sector" is a percentage).  A body with
 * no disk migrated is the EOS record alone.
 */
#ifndef SV_BLOCK_H
#define SV_BLOCK_H

#include <stdint.h>

#include "sv-stream.h"

#define SV_BLOCK_SECTOR_BITS 9u
#define SV_BLOCK_FLAG_MASK ((1u << SV_BLOCK_SECTOR_BITS) - 1)
#define SV_BLOCK_DEVICE 0x01u
#define SV_BLOCK_EOS 0x02u
#define SV_BLOCK_PROGRESS 0x04u
/* BDRV_SECTORS_PER_DIRTY_CHUNK (2048) sectors of 512 bytes */
#define SV_BLOCK_CHUNK (1u << 20)

struct sv_block_rec {
    uint64_t sector;        /* DEVICE: the first sector; PROGRESS: the percentage */
    uint32_t flags;
    uint8_t name_len;       /* DEVICE: the device name, not NUL-terminated */
    const uint8_t *name;
    const uint8_t *data;    /* DEVICE: SV_BLOCK_CHUNK bytes; all valid during the callback */
    uint64_t offset;        /* where the record starts */
};

struct sv_block_stats {
    uint64_t records, blocks, progress, bytes;
    uint64_t last_percent;  /* the latest progress record's (when progress > 0) */
};

/*
 * Reads one body up to and including its EOS record, like sv_ram_walk:
 * each record to fn (when not NULL; a non-zero return stops the walk and
 * is returned) and, byte for byte, to copy (when not NULL).  Memory use is
 * one chunk, allocated at the first device block.
 */
int sv_block_walk(struct sv_stream *in, struct sv_stream *copy,
                  int (*fn)(void *opaque, const struct sv_block_rec *r), void *opaque,
                  struct sv_block_stats *st);

#endif
