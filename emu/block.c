/* "block" (live, v1), block-migration.c in 0.12: the disks, sent only when
 * the migration asks for them (`migrate -b`: set_params).  Records are be64
 * (sector << 9 | flags):
 *   0x01 DEVICE_BLOCK  u8 name length, the device's name, 1 MiB of data
 *                      from that sector
 *   0x02 EOS           end of this section's records
 *   0x04 PROGRESS      the sector part is a percentage
 * Without disks to send every stage writes EOS alone.  With them, START
 * and each PART send chunks while the rate limit lets them through, each
 * followed by a PROGRESS record when the percentage moved; END sends the
 * rest and PROGRESS 100.  The emulator has one disk, "ide0-hd0": like shared
 * storage it is not part of a snapshot, so the guest leaves it alone; its
 * contents come from --disk-seed, and only block migration carries them. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define SECTOR_BITS 9
#define CHUNK_SECTORS 2048                      /* BDRV_SECTORS_PER_DIRTY_CHUNK */
#define CHUNK_BYTES (CHUNK_SECTORS << SECTOR_BITS)
#define FLAG_DEVICE_BLOCK 0x01
#define FLAG_EOS 0x02
#define FLAG_PROGRESS 0x04
#define DISK_NAME "ide0-hd0"

static struct {
    uint8_t *data;
    uint64_t size;              /* bytes, a whole number of chunks */
    int blk_enable, shared_base;
    uint64_t cur_sector;        /* the next chunk to send */
    int prev_progress;
    int receiving;              /* the load's banner is printed */
} blk;

static uint64_t total_sectors(void)
{
    return blk.size >> SECTOR_BITS;
}

static void block_set_params(int blk_enable, int shared_base, void *opaque)
{
    blk.blk_enable = blk_enable | shared_base;  /* a shared base implies it */
    blk.shared_base = shared_base;
}

/* Sends the next chunk, then the progress if it moved; 0 when all were sent
 * before this call (0.12's blk_mig_save_bulked_block). */
static int save_bulked_block(Monitor *mon, QEMUFile *f)
{
    uint64_t done = blk.cur_sector;
    int progress, ret = 0;

    if (blk.cur_sector < total_sectors()) {
        size_t len = strlen(DISK_NAME);

        qemu_put_be64(f, blk.cur_sector << SECTOR_BITS | FLAG_DEVICE_BLOCK);
        qemu_put_byte(f, (int)len);
        qemu_put_buffer(f, (const uint8_t *)DISK_NAME, (int)len);
        qemu_put_buffer(f, blk.data + (blk.cur_sector << SECTOR_BITS), CHUNK_BYTES);
        blk.cur_sector += CHUNK_SECTORS;
        ret = 1;
    }
    progress = total_sectors() ? (int)(done * 100 / total_sectors()) : 100;
    if (progress != blk.prev_progress) {
        blk.prev_progress = progress;
        qemu_put_be64(f, (uint64_t)progress << SECTOR_BITS | FLAG_PROGRESS);
        monitor_printf(mon, "Completed %d %%\r", progress);
    }
    return ret;
}

static int block_save_live(Monitor *mon, QEMUFile *f, int stage, void *opaque)
{
    if (stage < 0)
        return 0;               /* cancelled: nothing is in flight here */
    if (!blk.blk_enable) {
        qemu_put_be64(f, FLAG_EOS);
        return 1;
    }
    if (stage == QEMU_VM_SECTION_START) {
        blk.cur_sector = 0;
        blk.prev_progress = -1;
        monitor_printf(mon, "Start %smigration for %s%s\n", blk.shared_base ? "" : "full ",
                       DISK_NAME, blk.shared_base ? " with shared base image" : "");
    }
    while (!qemu_file_rate_limit(f))
        if (!save_bulked_block(mon, f))
            break;
    if (stage == QEMU_VM_SECTION_END) {
        while (save_bulked_block(mon, f))
            ;
        monitor_printf(mon, "\n");
        qemu_put_be64(f, 100 << SECTOR_BITS | FLAG_PROGRESS);
        monitor_printf(mon, "Block migration completed\n");
    }
    qemu_put_be64(f, FLAG_EOS);
    return stage == QEMU_VM_SECTION_PART && blk.cur_sector >= total_sectors();
}

/* The emulator prints the receiving side's progress on stderr (0.12: stdout). */
static int block_load(QEMUFile *f, void *opaque, int version_id)
{
    int flags;

    do {
        uint64_t rec = qemu_get_be64(f), sector = rec >> SECTOR_BITS;

        flags = (int)(rec & ((1u << SECTOR_BITS) - 1));
        if (flags & FLAG_DEVICE_BLOCK) {
            char name[256];
            int len = qemu_get_byte(f);

            qemu_get_buffer(f, (uint8_t *)name, len);
            name[len] = 0;
            if (strcmp(name, DISK_NAME) != 0) {
                fprintf(stderr, "Error unknown block device %s\n", name);
                return -EINVAL;
            }
            /* 0.12's bdrv_write fails past the end; the chunk is read first */
            if (sector + CHUNK_SECTORS > total_sectors()) {
                uint8_t *sink = malloc(CHUNK_BYTES);

                if (sink)
                    qemu_get_buffer(f, sink, CHUNK_BYTES);
                free(sink);
                return -EIO;
            }
            qemu_get_buffer(f, blk.data + (sector << SECTOR_BITS), CHUNK_BYTES);
        } else if (flags & FLAG_PROGRESS) {
            if (!blk.receiving++)
                fprintf(stderr, "Receiving block device images\n");
            fprintf(stderr, "Completed %d %%%c", (int)sector, sector == 100 ? '\n' : '\r');
        } else if (!(flags & FLAG_EOS)) {
            fprintf(stderr, "Unknown flags\n");
            return -EINVAL;
        }
        if (qemu_file_has_error(f))
            return -EIO;
    } while (!(flags & FLAG_EOS));
    return 0;
}

static void block_init(const struct emu_config *cfg)
{
    blk.size = cfg->disk_bytes;
    blk.data = calloc(1, blk.size ? blk.size : 1);
    if (!blk.data) {
        fprintf(stderr, "legacy-emu: cannot allocate a %llu-byte disk\n",
                (unsigned long long)blk.size);
        exit(1);
    }
    if (blk.size)
        memcpy(blk.data, "EMU DISK", 8);
    if (cfg->disk_seeded)
        emu_fill(blk.data, blk.size, cfg->disk_seed);
    register_savevm_live("block", 0, 1, block_set_params, block_save_live, NULL, block_load, &blk);
}

static void block_print(FILE *out)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (uint64_t i = 0; i < blk.size; i++)
        h = (h ^ blk.data[i]) * 0x100000001b3ULL;
    print_u(out, "block", DISK_NAME ".size", blk.size);
    fprintf(out, "block." DISK_NAME ".fnv1a=%016llx\n", (unsigned long long)h);
}

/* 0.12's block migration registers no reset: a reset keeps the disk */
static const struct emu_reset block_resets[] = { { "block", NULL }, { NULL, NULL } };

const struct emu_device dev_block = { "block", block_init, NULL, block_print, block_resets };
