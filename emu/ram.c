/* "ram" (live, v3), vl.c in 0.11.  Records are be64 (page address | flags):
 *   0x04 MEM_SIZE  address is the RAM size (first record of START)
 *   0x02 COMPRESS  one fill byte follows: the page is that byte repeated
 *   0x08 PAGE      4096 bytes follow
 *   0x10 EOS       end of this section's records
 * START sends the size and as many pages as the rate limit lets through,
 * each PART more, END the rest; pages go out in address order.  The 0.12
 * build: the same records; the handler takes the monitor first, and stage
 * -1 (a cancelled migration) writes nothing.
 * With --vga the machine allocates two more blocks after guest RAM, and the
 * section's addresses run through all of them in allocation order, as in a
 * real release (doc/EMU.md, compat/sv-ramlayout.c): emu, VGA RAM then its
 * VGA BIOS block; emu-next, like a newer release, a newer VGA BIOS in a
 * bigger block first, then a bigger VGA RAM. */
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

#ifdef EMU_NEXT
#define VGA_RAM_SIZE (512 * 1024)
#define VGABIOS_BLOCK (64 * 1024)       /* the ROM at its start, zeros after it */
#define VGABIOS_LEN (28 * 1024)
#define VGABIOS_ID "EMU VGABIOS 2.0"
#define VGABIOS_SEED 2
#else
#define VGA_RAM_SIZE (256 * 1024)
#define VGABIOS_BLOCK (32 * 1024)
#define VGABIOS_LEN (24 * 1024)
#define VGABIOS_ID "EMU VGABIOS 1.0"
#define VGABIOS_SEED 1
#endif
#define TEXT_CELLS (80 * 25)            /* the VGA text screen: char, attribute */

static struct {
    uint8_t *mem;
    uint64_t size;              /* every block: what the section announces */
    uint64_t guest;             /* guest RAM, at 0 */
    uint8_t *vga, *vgabios;     /* --vga: in mem after guest RAM; NULL without */
    uint8_t *dirty;             /* one byte per page: to send */
    uint64_t dirty_pages;
    uint64_t cursor;            /* next page to look at, kept across rounds */
} ram;

static uint64_t pages(void)
{
    return ram.size / PAGE;
}

static uint64_t guest_pages(void)
{
    return ram.guest / PAGE;
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

/* The end of the RAM blocks, under 0.11's name (exec.c's last_ram_offset):
 * the shim reads it to check its layout of this binary before moving
 * another release's pages here. */
uint64_t last_ram_offset;

static void ram_init(const struct emu_config *cfg)
{
    ram.guest = cfg->ram_bytes;
    ram.size = ram.guest + (cfg->vga ? VGA_RAM_SIZE + VGABIOS_BLOCK : 0);
    last_ram_offset = ram.size;
    ram.mem = calloc(1, ram.size);
    ram.dirty = calloc(1, pages());
    if (!ram.mem || !ram.dirty) {
        fprintf(stderr, "legacy-emu: cannot allocate %llu bytes of RAM\n",
                (unsigned long long)ram.size);
        exit(1);
    }
    if (cfg->ram_seeded)
        emu_fill(ram.mem, ram.guest, cfg->ram_seed);
    if (cfg->vga) {
#ifdef EMU_NEXT
        ram.vgabios = ram.mem + ram.guest;
        ram.vga = ram.vgabios + VGABIOS_BLOCK;
#else
        ram.vga = ram.mem + ram.guest;
        ram.vgabios = ram.vga + VGA_RAM_SIZE;
#endif
        /* the ROM file's bytes: its name, then its code */
        memcpy(ram.vgabios, VGABIOS_ID, sizeof VGABIOS_ID);
        emu_fill(ram.vgabios + 16, VGABIOS_LEN - 16, VGABIOS_SEED);
    }
#ifdef EMU_SAVEVM_012
    register_savevm_live("ram", 0, 3, NULL, ram_save_live, NULL, ram_load, NULL);
#else
    register_savevm_live("ram", 0, 3, ram_save_live, NULL, ram_load, NULL);
#endif
}

/* The guest stores its tick count somewhere new each tick, and prints a
 * letter on the text screen. */
static void ram_tick(int64_t now)
{
    uint64_t t = (uint64_t)(now / EMU_TICK_NS);
    uint64_t pg = t * 7 % guest_pages(), off = t * 61 % PAGE;

    ram.mem[pg * PAGE + off] = (uint8_t)t;
    if (ram.vga) {
        ram.vga[t % TEXT_CELLS * 2] = (uint8_t)('A' + t % 26);
        ram.vga[t % TEXT_CELLS * 2 + 1] = 0x07;
    }
}

static uint64_t fnv1a(const uint8_t *p, uint64_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (uint64_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

/* A block's bytes up to its last non-zero one: a block the same but for
 * more zeros at its end prints the same (releases size them differently). */
static void block_print(FILE *out, const char *dev, const uint8_t *p, uint64_t size)
{
    while (size && !p[size - 1])
        size--;
    print_u(out, dev, "used", size);
    fprintf(out, "%s.fnv1a=%016llx\n", dev, (unsigned long long)fnv1a(p, size));
}

/* FNV-1a over all of RAM: equal digests, equal memory (for tests). */
static void ram_print(FILE *out)
{
    print_u(out, "ram", "size", ram.guest);
    fprintf(out, "ram.fnv1a=%016llx\n", (unsigned long long)fnv1a(ram.mem, ram.guest));
    if (!ram.vga)
        return;
    block_print(out, "vga", ram.vga, VGA_RAM_SIZE);
    fprintf(out, "vgabios.id=%.15s\n", (const char *)ram.vgabios);
    block_print(out, "vgabios", ram.vgabios, VGABIOS_BLOCK);
}

/* 0.11 registers no reset for RAM: a reset keeps its contents */
static const struct emu_reset ram_resets[] = { { "ram", NULL }, { NULL, NULL } };

const struct emu_device dev_ram = { "ram", ram_init, ram_tick, ram_print, ram_resets };
