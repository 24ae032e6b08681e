/* "ram" (live, v3), vl.c in 0.11.  Records are be64 (page address | flags):
 *   0x04 MEM_SIZE  address is the RAM size (first record of START)
 *   0x02 COMPRESS  one fill byte follows: the page is that byte repeated
 *   0x08 PAGE      4096 bytes follow
 *   0x10 EOS       end of this section's records
 * START sends the size and as many pages as the rate limit lets through,
 * each PART more, END the rest; pages go out in address order.  The 0.12
 * build: the same records; the handler takes the monitor first, and stage
 * -1 (a cancelled migration) writes nothing. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define PAGE 4096
#define FLAG_FULL 0x01          /* 0.10's whole-RAM format: not supported here */
#define FLAG_COMPRESS 0x02
#define FLAG_MEM_SIZE 0x04
#define FLAG_PAGE 0x08
#define FLAG_EOS 0x10
/* "downtime": PART stops iterating once this little is left to send */
#define CONVERGED_BYTES (64 * 1024)

static struct {
    uint8_t *mem;
    uint64_t size;
    uint8_t *dirty;             /* one byte per page: to send */
    uint64_t dirty_pages;
    uint64_t cursor;            /* next page to look at, kept across rounds */
} ram;

static uint64_t pages(void)
{
    return ram.size / PAGE;
}

static int page_is_uniform(const uint8_t *p)
{
    for (int i = 1; i < PAGE; i++)
        if (p[i] != p[0])
            return 0;
    return 1;
}

/* Sends the next dirty page at or after the cursor; 0 when none is left. */
static int save_one_page(QEMUFile *f)
{
    for (uint64_t n = 0; n < pages(); n++) {
        uint64_t pg = (ram.cursor + n) % pages();
        const uint8_t *p = ram.mem + pg * PAGE;

        if (!ram.dirty[pg])
            continue;
        ram.dirty[pg] = 0;
        ram.dirty_pages--;
        if (page_is_uniform(p)) {
            qemu_put_be64(f, pg * PAGE | FLAG_COMPRESS);
            qemu_put_byte(f, p[0]);
        } else {
            qemu_put_be64(f, pg * PAGE | FLAG_PAGE);
            qemu_put_buffer(f, p, PAGE);
        }
        ram.cursor = pg;
        return 1;
    }
    return 0;
}

#ifdef EMU_SAVEVM_012
static int ram_save_live(Monitor *mon, QEMUFile *f, int stage, void *opaque)
#else
static int ram_save_live(QEMUFile *f, int stage, void *opaque)
#endif
{
    if (stage < 0)
        return 0;               /* 0.12: cancelled; dirty tracking would stop here */
    if (stage == QEMU_VM_SECTION_START) {
        memset(ram.dirty, 1, pages());
        ram.dirty_pages = pages();
        ram.cursor = 0;
        qemu_put_be64(f, ram.size | FLAG_MEM_SIZE);
    }
    while (!qemu_file_rate_limit(f))
        if (!save_one_page(f))
            break;
    if (stage == QEMU_VM_SECTION_END)
        while (save_one_page(f))
            ;
    qemu_put_be64(f, FLAG_EOS);
    return stage == QEMU_VM_SECTION_PART && ram.dirty_pages * PAGE <= CONVERGED_BYTES;
}

static int ram_load(QEMUFile *f, void *opaque, int version_id)
{
    uint64_t rec, addr;
    unsigned flags;

    if (version_id != 3)        /* 0.11 also reads v1/v2 whole-RAM images */
        return -EINVAL;
    do {
        rec = qemu_get_be64(f);
        flags = (unsigned)(rec & (PAGE - 1));
        addr = rec & ~(uint64_t)(PAGE - 1);
        if ((flags & FLAG_MEM_SIZE) && addr != ram.size)
            return -EINVAL;
        if (flags & FLAG_FULL)
            return -EINVAL;
        /* 0.11 trusts the address; this emulator keeps its RAM intact */
        if ((flags & (FLAG_COMPRESS | FLAG_PAGE)) && addr >= ram.size)
            return -EINVAL;
        if (flags & FLAG_COMPRESS)
            memset(ram.mem + addr, qemu_get_byte(f), PAGE);
        else if (flags & FLAG_PAGE)
            qemu_get_buffer(f, ram.mem + addr, PAGE);
#ifdef EMU_SAVEVM_012
        if (qemu_file_has_error(f))
            return -EIO;        /* 0.11 reads zeros on, for ever */
#endif
    } while (!(flags & FLAG_EOS));
    return 0;
}


static void ram_init(const struct emu_config *cfg)
{
    ram.size = cfg->ram_bytes;
    ram.mem = calloc(1, ram.size);
    ram.dirty = calloc(1, pages());
    if (!ram.mem || !ram.dirty) {
        fprintf(stderr, "legacy-emu: cannot allocate %llu bytes of RAM\n",
                (unsigned long long)ram.size);
        exit(1);
    }
    if (cfg->ram_seeded)
        emu_fill(ram.mem, ram.size, cfg->ram_seed);
#ifdef EMU_SAVEVM_012
    register_savevm_live("ram", 0, 3, NULL, ram_save_live, NULL, ram_load, NULL);
#else
    register_savevm_live("ram", 0, 3, ram_save_live, NULL, ram_load, NULL);
#endif
}

/* The guest stores its tick count somewhere new each tick. */
static void ram_tick(int64_t now)
{
    uint64_t t = (uint64_t)(now / EMU_TICK_NS);
    uint64_t pg = t * 7 % pages(), off = t * 61 % PAGE;

    ram.mem[pg * PAGE + off] = (uint8_t)t;
}

/* FNV-1a over all of RAM: equal digests, equal memory (for tests). */
static void ram_print(FILE *out)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (uint64_t i = 0; i < ram.size; i++)
        h = (h ^ ram.mem[i]) * 0x100000001b3ULL;
    print_u(out, "ram", "size", ram.size);
    fprintf(out, "ram.fnv1a=%016llx\n", (unsigned long long)h);
}

/* 0.11 registers no reset for RAM: a reset keeps its contents */
static const struct emu_reset ram_resets[] = { { "ram", NULL }, { NULL, NULL } };

const struct emu_device dev_ram = { "ram", ram_init, ram_tick, ram_print, ram_resets };
