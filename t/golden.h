/* Golden tagged bodies, a comment per field (doc/FORMAT.md). */
#ifndef SV_GOLDEN_H
#define SV_GOLDEN_H

#include <stdint.h>

/* A PIT-like body: scalars, an is_default flag, a bool. */
static const uint8_t golden_pit[] = {
    'S', 'V', 'T', 'G',                 /* F-4 magic */
    0x01,                               /* F-5 revision 1 */
    0x00,                               /* F-6 kind: fields */
    0x00, 0x00, 0x00, 0x59,             /* F-7 body length 89 */
    0x00, 0x00, 0x00, 0x01,             /* F-8 legacy version 1 */
    0x04, '0', '.', '1', '1',           /* F-9 profile "0.11" */
    0x00,                               /* F-9 target "" */
    0x00, 0x00, 0x00, 0x03,             /* F-10 three records */
    /* channel[1].count = 65536 (u32) */
    0x10, 'c', 'h', 'a', 'n', 'n', 'e', 'l', '[', '1', ']', '.', 'c', 'o', 'u', 'n', 't',
    0x03,                               /* u32 */
    0x00,                               /* flags */
    0x00, 0x00, 0x00, 0x01,             /* count 1 */
    0x00, 0x01, 0x00, 0x00,             /* 65536 */
    /* channel[1].mode = 3 (u8), at its default */
    0x0f, 'c', 'h', 'a', 'n', 'n', 'e', 'l', '[', '1', ']', '.', 'm', 'o', 'd', 'e',
    0x01,                               /* u8 */
    0x01,                               /* is_default */
    0x00, 0x00, 0x00, 0x01,             /* count 1 */
    0x03,                               /* 3 */
    /* speaker = true (bool) */
    0x07, 's', 'p', 'e', 'a', 'k', 'e', 'r',
    0x09,                               /* bool */
    0x00,                               /* flags */
    0x00, 0x00, 0x00, 0x01,             /* count 1 */
    0x01,                               /* true */
};

/* Arrays, signed values, bytes and a string. */
static const uint8_t golden_mixed[] = {
    'S', 'V', 'T', 'G', 0x01, 0x00,     /* magic, revision, kind */
    0x00, 0x00, 0x00, 0x76,             /* body length 118 */
    0x00, 0x00, 0x00, 0x03,             /* legacy version 3 */
    0x03, 'e', 'm', 'u',                /* profile "emu" */
    0x06, 'x', '8', '6', '_', '6', '4', /* target "x86_64" */
    0x00, 0x00, 0x00, 0x05,             /* five records */
    /* regs = {1, 2, 0xbeef} (u16[3]) */
    0x04, 'r', 'e', 'g', 's',
    0x82,                               /* u16 | array */
    0x00,
    0x00, 0x00, 0x00, 0x03,             /* three elements */
    0x00, 0x01, 0x00, 0x02, 0xbe, 0xef,
    /* delta = -2 (s16) */
    0x05, 'd', 'e', 'l', 't', 'a',
    0x06,                               /* s16 */
    0x00,
    0x00, 0x00, 0x00, 0x01,
    0xff, 0xfe,                         /* -2 */
    /* stamp = 0x0102030405060708 (u64) */
    0x05, 's', 't', 'a', 'm', 'p',
    0x04,                               /* u64 */
    0x00,
    0x00, 0x00, 0x00, 0x01,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
    /* fifo = de ad be ef (bytes[4]) */
    0x04, 'f', 'i', 'f', 'o',
    0x0a,                               /* bytes */
    0x00,
    0x00, 0x00, 0x00, 0x04,             /* four bytes */
    0xde, 0xad, 0xbe, 0xef,
    /* port[0].name = "com1" (string) */
    0x0c, 'p', 'o', 'r', 't', '[', '0', ']', '.', 'n', 'a', 'm', 'e',
    0x0b,                               /* string */
    0x00,
    0x00, 0x00, 0x00, 0x04,
    'c', 'o', 'm', '1',
};

/* An opaque body (F-30): legacy bytes 01 02 03 of version 2. */
static const uint8_t golden_opaque[] = {
    'S', 'V', 'T', 'G', 0x01,
    0x01,                               /* F-6 kind: opaque */
    0x00, 0x00, 0x00, 0x2c,             /* body length 44 */
    0x00, 0x00, 0x00, 0x02,             /* legacy version 2 */
    0x04, '0', '.', '1', '0',           /* profile "0.10" */
    0x04, 'i', '3', '8', '6',           /* target "i386" */
    0x00, 0x00, 0x00, 0x01,             /* one record */
    0x06, 'l', 'e', 'g', 'a', 'c', 'y',
    0x0a,                               /* bytes */
    0x00,
    0x00, 0x00, 0x00, 0x03,
    0x01, 0x02, 0x03,
};

#endif
