/*
 * scrub-ram: rewrites a captured savevm stream so that it holds no guest
 * memory, BIOS bytes or disk data, leaving every device section exactly as
 * the binary wrote it.  What t/real/ commits as evidence goes through it.
 *
 *   scrub-ram IN OUT          page records become zero-filled compressed
 *                             records (the stream shrinks)
 *   scrub-ram --keep-length IN OUT
 *                             page payloads and fill bytes become zeros in
 *                             place (for a stream stored inside an image)
 *
 * Live sections come before every FULL section in the v3 container (the
 * savevm core writes START/PART/END, then the device sections), so only
 * the live records are parsed; the rest is copied byte for byte.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv-ram.h"
#include "sv-stream.h"
#include "sv-v3.h"

/* QEMU 0.12 block-migration.c: be64 (sector << 9 | flags) records. */
#define BLK_DEVICE_BLOCK 0x01u
#define BLK_EOS 0x02u
#define BLK_PROGRESS 0x04u
#define BLK_CHUNK (1u << 20)

struct live {
    uint32_t id;
    char idstr[257];
};

static int keep_length;

static int scrub_ram(struct sv_stream *in, struct sv_stream *out)
{
    static const uint8_t zero[SV_RAM_PAGE];

    for (;;) {
        uint64_t word, at = in->offset;
        uint32_t flags;
        uint8_t fill;

        if (sv_get_be64(in, &word, "ram page record") < 0)
            return -1;
        flags = (uint32_t)(word & (SV_RAM_PAGE - 1));
        if (flags & SV_RAM_PAGE_FLAG) {
            if (sv_skip(in, SV_RAM_PAGE, "ram page") < 0)
                return -1;
            if (keep_length) {
                sv_put_be64(out, word);
                sv_write(out, zero, sizeof zero);
            } else {
                sv_put_be64(out, (word & ~(uint64_t)(SV_RAM_PAGE - 1)) | SV_RAM_COMPRESS);
                sv_put_u8(out, 0);
            }
        } else if (flags & SV_RAM_COMPRESS) {
            if (sv_get_u8(in, &fill, "compressed page fill byte") < 0)
                return -1;
            sv_put_be64(out, word);
            sv_put_u8(out, 0);
        } else if (flags & ~(uint32_t)(SV_RAM_MEM_SIZE | SV_RAM_EOS)) {
            return sv_error_set(&in->err, SV_E_CORRUPT, at, "ram record flags %#x unknown", flags);
        } else {
            sv_put_be64(out, word);
        }
        if (sv_stream_failed(out))
            return -1;
        if (flags & SV_RAM_EOS)
            return 0;
    }
}

static int scrub_block(struct sv_stream *in, struct sv_stream *out)
{
    static uint8_t chunk[BLK_CHUNK];

    for (;;) {
        uint64_t word, at = in->offset;
        uint32_t flags;
        uint8_t len;
        char name[256];

        if (sv_get_be64(in, &word, "block record") < 0)
            return -1;
        flags = (uint32_t)(word & 0x1ff);
        sv_put_be64(out, word);
        if (flags & BLK_DEVICE_BLOCK) {
            if (sv_get_u8(in, &len, "block device name length") < 0 ||
                sv_read(in, name, len, "block device name") < 0 ||
                sv_skip(in, BLK_CHUNK, "block data") < 0)
                return -1;
            sv_put_u8(out, len);
            sv_write(out, name, len);
            sv_write(out, chunk, sizeof chunk);  /* static: all zeros */
        } else if (!(flags & (BLK_PROGRESS | BLK_EOS))) {
            return sv_error_set(&in->err, SV_E_CORRUPT, at, "block record flags %#x unknown", flags);
        }
        if (sv_stream_failed(out))
            return -1;
        if (flags & BLK_EOS)
            return 0;
    }
}

static int scrub(struct sv_stream *in, struct sv_stream *out)
{
    struct live live[8];
    unsigned nlive = 0;
    uint8_t buf[65536];
    size_t n;

    if (sv_v3_read_file_header(in) < 0 || sv_v3_write_file_header(out) < 0)
        return -1;
    for (;;) {
        struct sv_v3_section sec;
        const char *idstr = NULL;

        if (sv_v3_read_section(in, &sec) < 0 || sv_v3_write_section(out, &sec) < 0)
            return -1;
        if (sec.type != SV_V3_START && sec.type != SV_V3_PART && sec.type != SV_V3_END)
            break;  /* the device sections and the EOF marker: kept as written */
        if (sec.type == SV_V3_START) {
            if (nlive == sizeof live / sizeof live[0])
                return sv_error_set(&in->err, SV_E_LIMIT, sec.offset, "more than %u live sections",
                                    (unsigned)(sizeof live / sizeof live[0]));
            live[nlive].id = sec.section_id;
            snprintf(live[nlive].idstr, sizeof live[nlive].idstr, "%s", sec.idstr);
            nlive++;
        }
        for (unsigned i = 0; i < nlive; i++)
            if (live[i].id == sec.section_id)
                idstr = live[i].idstr;
        if (!idstr)
            return sv_error_set(&in->err, SV_E_CORRUPT, sec.offset, "section id %u has no START",
                                sec.section_id);
        if (strcmp(idstr, "ram") == 0) {
            if (scrub_ram(in, out) < 0)
                return -1;
        } else if (strcmp(idstr, "block") == 0) {
            if (scrub_block(in, out) < 0)
                return -1;
        } else {
            return sv_error_set(&in->err, SV_E_UNKNOWN, sec.offset, "live section \"%s\" unknown", idstr);
        }
    }
    while ((n = sv_read_some(in, buf, sizeof buf)) > 0)
        if (sv_write(out, buf, n) < 0)
            return -1;
    return sv_stream_failed(in) ? -1 : sv_flush(out);
}

int main(int argc, char **argv)
{
    struct sv_stream in, out;
    FILE *fi, *fo;
    int a = 1;

    if (argc > 1 && strcmp(argv[1], "--keep-length") == 0) {
        keep_length = 1;
        a++;
    }
    if (argc - a != 2) {
        fprintf(stderr, "usage: scrub-ram [--keep-length] IN OUT\n");
        return 2;
    }
    if (!(fi = fopen(argv[a], "rb")) || !(fo = fopen(argv[a + 1], "wbx"))) {
        perror(fi ? argv[a + 1] : argv[a]);
        return 2;
    }
    sv_stream_file(&in, fi);
    sv_stream_file(&out, fo);
    if (scrub(&in, &out) < 0) {
        const struct sv_error *e = sv_stream_failed(&in) ? &in.err : &out.err;

        fprintf(stderr, "scrub-ram: %s: offset %llu: %s\n", argv[a],
                (unsigned long long)e->offset, e->msg);
        fclose(fi);
        fclose(fo);
        remove(argv[a + 1]);
        return 1;
    }
    fclose(fi);
    return fclose(fo) == 0 ? 0 : 1;
}
