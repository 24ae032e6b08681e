/* Page records of the live ram section; see sv-ram.h. */
#include <config.h>

#include "sv-ram.h"

#include <stdint.h>
#include <string.h>

/* Records are parsed in place in windows of this much look-ahead. */
#define RAM_WINDOW (64u << 10)

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* The record's header word is valid (r->flags, r->addr set); st takes MEM_SIZE. */
static int check_word(struct sv_stream *in, const struct sv_ram_rec *r, struct sv_ram_stats *st)
{
    if (r->flags & ~(uint32_t)(SV_RAM_COMPRESS | SV_RAM_MEM_SIZE | SV_RAM_PAGE_FLAG | SV_RAM_EOS))
        return sv_error_set(&in->err, r->flags & SV_RAM_FULL ? SV_E_UNKNOWN : SV_E_CORRUPT, r->offset,
                            "ram record flags %#x %s", r->flags,
                            r->flags & SV_RAM_FULL ? "(the pre-0.10 RAM format) not supported" : "unknown");
    if ((r->flags & SV_RAM_COMPRESS) && (r->flags & SV_RAM_PAGE_FLAG))
        return sv_error_set(&in->err, SV_E_CORRUPT, r->offset,
                            "ram record is both a compressed page and a full page");
    if (r->flags & SV_RAM_MEM_SIZE)
        st->mem_size = r->addr;
    if ((r->flags & (SV_RAM_COMPRESS | SV_RAM_PAGE_FLAG)) && st->mem_size && r->addr >= st->mem_size)
        return sv_error_set(&in->err, SV_E_RANGE, r->offset, "page address %#llx outside the RAM size %#llx",
                            (unsigned long long)r->addr, (unsigned long long)st->mem_size);
    return 0;
}

/*
 * One record through the stream's calls: for streams that cannot look
 * ahead, and for the record a window ends inside (the end of the data,
 * where these calls name what is missing).  *eos is set after the EOS
 * record; non-zero returns are an error (-1) or fn's.
 */
static int one_record(struct sv_stream *in, struct sv_stream *copy,
                      int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                      struct sv_ram_stats *st, int *eos)
{
    uint8_t page[SV_RAM_PAGE];
    struct sv_ram_rec r = { .offset = in->offset };
    uint64_t word;

    if (sv_get_be64(in, &word, "ram page record") < 0)
        return -1;
    r.flags = (uint32_t)(word & (SV_RAM_PAGE - 1));
    r.addr = word & ~(uint64_t)(SV_RAM_PAGE - 1);
    if (copy)
        sv_put_be64(copy, word);
    if (check_word(in, &r, st) < 0)
        return -1;
    if (r.flags & SV_RAM_COMPRESS) {
        if (sv_get_u8(in, &r.fill, "compressed page fill byte") < 0)
            return -1;
        if (copy)
            sv_put_u8(copy, r.fill);
        st->compressed++;
    } else if (r.flags & SV_RAM_PAGE_FLAG) {
        /* nobody looks at the bytes: pass over them */
        if (!copy && !fn) {
            if (sv_skip(in, SV_RAM_PAGE, "ram page") < 0)
                return -1;
        } else {
            if (sv_read(in, page, sizeof page, "ram page") < 0)
                return -1;
            if (copy)
                sv_write(copy, page, sizeof page);
            r.page = page;
        }
        st->pages++;
    }
    st->records++;
    st->bytes += (uint64_t)(in->offset - r.offset);
    if (copy && sv_stream_failed(copy))
        return -1;
    *eos = (r.flags & SV_RAM_EOS) != 0;
    return fn ? fn(opaque, &r) : 0;
}

/*
 * The plain records at the start of p[0..n): a fill byte or a page at an
 * address in range, the bulk of any stream.  Nothing but counting, so that
 * a walk costs what a bare loop over the headers costs.  Returns the bytes
 * they take; the first other record (or one ending past n) is left.
 */
static size_t plain_run(const uint8_t *p, size_t n, uint64_t limit, uint64_t *compressed, uint64_t *pages)
{
    const uint8_t *q = p, *end = p + n;
    uint64_t c = 0, pg = 0;

    while (end - q >= 9) {
        uint64_t word = load_be64(q);

        if (word - SV_RAM_COMPRESS < limit && (word & (SV_RAM_PAGE - 1)) == SV_RAM_COMPRESS) {
            c++;
            q += 9;
        } else if (word - SV_RAM_PAGE_FLAG < limit && (word & (SV_RAM_PAGE - 1)) == SV_RAM_PAGE_FLAG &&
                   end - q >= 8 + SV_RAM_PAGE) {
            pg++;
            q += 8 + SV_RAM_PAGE;
        } else {
            break;
        }
    }
    *compressed += c;
    *pages += pg;
    return (size_t)(q - p);
}

/*
 * The records whole inside a window of look-ahead, parsed in place: pages
 * are neither copied nor (on a mapped file) touched unless fn or copy
 * wants them.  *used gets the bytes of the records done; *eos and the
 * return as for one_record.
 */
static int window(struct sv_stream *in, const uint8_t *p, size_t n, size_t *used, struct sv_stream *copy,
                  int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                  struct sv_ram_stats *st, int *eos)
{
    uint64_t limit = st->mem_size ? st->mem_size : UINT64_MAX, records = 0, compressed = 0, pages = 0;
    size_t i = 0;
    int k = 0;

    for (;;) {
        uint64_t word, c0 = compressed, p0 = pages;
        uint32_t flags;
        struct sv_ram_rec r;
        size_t len = 8;

        if (!fn) {
            i += plain_run(p + i, n - i, limit, &compressed, &pages);
            records += compressed - c0 + pages - p0;
        }
        if (n - i < 8)
            break;
        word = load_be64(p + i);
        flags = (uint32_t)(word & (SV_RAM_PAGE - 1));
        r = (struct sv_ram_rec){ .offset = in->offset + i, .flags = flags, .addr = word - flags };
        if (check_word(in, &r, st) < 0) {
            k = -1;
            break;
        }
        limit = st->mem_size ? st->mem_size : UINT64_MAX;
        if (r.flags & SV_RAM_COMPRESS) {
            len += 1;
            if (len > n - i)
                break;
            r.fill = p[i + 8];
            compressed++;
        } else if (r.flags & SV_RAM_PAGE_FLAG) {
            len += SV_RAM_PAGE;
            if (len > n - i)
                break;
            r.page = p + i + 8;
            pages++;
        }
        records++;
        i += len;
        *eos = (r.flags & SV_RAM_EOS) != 0;
        if ((fn && (k = fn(opaque, &r)) != 0) || *eos)
            break;
    }
    st->records += records;
    st->compressed += compressed;
    st->pages += pages;
    st->bytes += i;
    *used = i;
    if (copy && i)
        sv_write(copy, p, i);
    return k;
}

int sv_ram_walk(struct sv_stream *in, struct sv_stream *copy,
                int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                struct sv_ram_stats *st)
{
    int eos = 0;

    while (!eos) {
        const uint8_t *p;
        size_t n = in->ops->peek ? sv_peek(in, RAM_WINDOW, &p) : 0, used = 0;
        int k = n ? window(in, p, n, &used, copy, fn, opaque, st, &eos) : 0;

        /* what the window saw is consumed, whatever came of it */
        if (used && sv_skip(in, used, "ram page records") < 0)
            return -1;
        if (k == 0 && used == 0)
            k = one_record(in, copy, fn, opaque, st, &eos);
        if (k)
            return k;
        if (copy && sv_stream_failed(copy))
            return -1;
    }
    return 0;
}
