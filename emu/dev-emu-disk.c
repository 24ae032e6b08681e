/* "emu-disk" (v1): a disk whose section has a conditional part, like ide's
 * 512-byte IDENTIFY block that is saved only once the guest has asked for
 * it.  Wire layout (doc/EMU.md):
 *   u8 status, u8 error, be32 sector, be16 nsector,
 *   u8 identify_set (0 or 1), u8 identify[512] only if identify_set != 0,
 *   be32 io_count
 * The guest issues IDENTIFY DEVICE on its second tick.  The 0.12 build
 * describes the same bytes with a table: identify's field_exists reads
 * identify_set, loaded just before it; the device is created through qdev.
 * emu-next (EMU_NEXT) saves v2: the same state, the IDENTIFY part last,
 * after io_count; its load takes v2 alone. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "machine.h"

#define IDENTIFY_LEN 512
#ifdef EMU_NEXT
#define DISK_VERSION 2
#else
#define DISK_VERSION 1
#endif

struct disk {
    uint8_t status, error;
    uint32_t sector;
    uint16_t nsector;
    uint8_t identify_set;
    uint8_t identify[IDENTIFY_LEN];
    uint32_t io_count;
};

static struct disk disk;

#ifdef EMU_SAVEVM_012
static bool identify_present(void *opaque, int version_id)
{
    const struct disk *s = opaque;

    (void)version_id;
    return s->identify_set != 0;
}

static VMStateField disk_fields[] = {
    VMF_SINGLE(struct disk, status, vmstate_info_uint8, 0),
    VMF_SINGLE(struct disk, error, vmstate_info_uint8, 0),
    VMF_SINGLE(struct disk, sector, vmstate_info_uint32, 0),
    VMF_SINGLE(struct disk, nsector, vmstate_info_uint16, 0),
    VMF_SINGLE(struct disk, identify_set, vmstate_info_uint8, 0),
    VMF_BUFFER_TEST(struct disk, identify, identify_present),
    VMF_SINGLE(struct disk, io_count, vmstate_info_uint32, 0),
    VMF_END
};

static const VMStateDescription vmstate_disk = {
    .name = "emu-disk", .version_id = 1, .minimum_version_id = 1, .minimum_version_id_old = 1,
    .fields = disk_fields,
};
#else
static void disk_save(QEMUFile *f, void *opaque)
{
    qemu_put_byte(f, disk.status);
    qemu_put_byte(f, disk.error);
    qemu_put_be32(f, disk.sector);
    qemu_put_be16(f, disk.nsector);
#ifdef EMU_NEXT
    qemu_put_be32(f, disk.io_count);
#endif
    qemu_put_byte(f, disk.identify_set);
    if (disk.identify_set)
        qemu_put_buffer(f, disk.identify, IDENTIFY_LEN);
#ifndef EMU_NEXT
    qemu_put_be32(f, disk.io_count);
#endif
}

static int disk_load(QEMUFile *f, void *opaque, int version_id)
{
    if (version_id != DISK_VERSION)
        return -EINVAL;
    disk.status = (uint8_t)qemu_get_byte(f);
    disk.error = (uint8_t)qemu_get_byte(f);
    disk.sector = qemu_get_be32(f);
    disk.nsector = (uint16_t)qemu_get_be16(f);
#ifdef EMU_NEXT
    disk.io_count = qemu_get_be32(f);
#endif
    disk.identify_set = (uint8_t)qemu_get_byte(f);
    if (disk.identify_set)
        qemu_get_buffer(f, disk.identify, IDENTIFY_LEN);
#ifndef EMU_NEXT
    disk.io_count = qemu_get_be32(f);
#endif
    return 0;
}
#endif

/* The power-on state (doc/EMU.md): ready, one sector, no IDENTIFY */
static void disk_reset(void)
{
    memset(&disk, 0, sizeof disk);
    disk.status = 0x50;         /* ready, seek complete */
    disk.nsector = 1;
}

static void disk_init(const struct emu_config *cfg)
{
    disk_reset();
#ifdef EMU_SAVEVM_012
    qdev_init_vmsd(&vmstate_disk, &disk);
#else
    register_savevm("emu-disk", 0, DISK_VERSION, disk_save, disk_load, &disk);
#endif
}

/* ATA strings are byte-swapped within each 16-bit word. */
static void put_ata_string(uint8_t *dst, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        size_t j = i ^ 1;

        dst[i] = (uint8_t)(j < strlen(s) ? s[j] : ' ');
    }
}

static void fill_identify(void)
{
    memset(disk.identify, 0, IDENTIFY_LEN);
    disk.identify[0] = 0x40;                    /* word 0: fixed disk */
    disk.identify[2] = 0x00;                    /* word 1: cylinders */
    disk.identify[3] = 0x04;
    disk.identify[6] = 16;                      /* word 3: heads */
    disk.identify[12] = 63;                     /* word 6: sectors per track */
    put_ata_string(disk.identify + 20, "EMU0001", 20);           /* words 10-19 */
    put_ata_string(disk.identify + 46, "0.11.1", 8);             /* words 23-26 */
    put_ata_string(disk.identify + 54, "EMU HARDDISK", 40);      /* words 27-46 */
}

static void disk_tick(int64_t now)
{
    if (!disk.identify_set && disk.io_count == 1) {
        fill_identify();
        disk.identify_set = 1;
    }
    disk.sector += disk.nsector;
    disk.nsector = (uint16_t)(disk.nsector % 8 + 1);
    disk.status = disk.io_count % 2 ? 0x58 : 0x50;     /* DRQ on odd requests */
    disk.io_count++;
}

static void disk_print(FILE *out)
{
    print_u(out, "emu-disk", "status", disk.status);
    print_u(out, "emu-disk", "error", disk.error);
    print_u(out, "emu-disk", "sector", disk.sector);
    print_u(out, "emu-disk", "nsector", disk.nsector);
    print_u(out, "emu-disk", "identify_set", disk.identify_set);
    if (disk.identify_set)
        print_hex(out, "emu-disk", "identify", disk.identify, IDENTIFY_LEN);
    print_u(out, "emu-disk", "io_count", disk.io_count);
}

static const struct emu_reset disk_resets[] = { { "emu-disk", disk_reset }, { NULL, NULL } };

const struct emu_device dev_emu_disk = { "emu-disk", disk_init, disk_tick, disk_print, disk_resets };
