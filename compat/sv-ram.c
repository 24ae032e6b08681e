/* Page records of the live ram section; see sv-ram.h. */
#include <config.h>

#include "sv-ram.h"

int sv_ram_walk(struct sv_stream *in, struct sv_stream *copy,
                int (*fn)(void *opaque, const struct sv_ram_rec *r), void *opaque,
                struct sv_ram_stats *st)
{
    uint8_t page[SV_RAM_PAGE];

    for (;;) {
        struct sv_ram_rec r = { .offset = in->offset };
        uint64_t word;

        if (sv_get_be64(in, &word, "ram page record") < 0)
            return -1;
        r.flags = (uint32_t)(word & (SV_RAM_PAGE - 1));
        r.addr = word & ~(uint64_t)(SV_RAM_PAGE - 1);
        if (copy)
            sv_put_be64(copy, word);
        if (r.flags & ~(uint32_t)(SV_RAM_COMPRESS | SV_RAM_MEM_SIZE | SV_RAM_PAGE_FLAG | SV_RAM_EOS))
            return sv_error_set(&in->err, r.flags & SV_RAM_FULL ? SV_E_UNKNOWN : SV_E_CORRUPT, r.offset,
                                "ram record flags %#x %s", r.flags,
                                r.flags & SV_RAM_FULL ? "(the pre-0.10 RAM format) not supported"
                                                      : "unknown");
        if ((r.flags & SV_RAM_COMPRESS) && (r.flags & SV_RAM_PAGE_FLAG))
            return sv_error_set(&in->err, SV_E_CORRUPT, r.offset,
                                "ram record is both a compressed page and a full page");
        if (r.flags & SV_RAM_MEM_SIZE)
            st->mem_size = r.addr;
        if ((r.flags & (SV_RAM_COMPRESS | SV_RAM_PAGE_FLAG)) && st->mem_size && r.addr >= st->mem_size)
            return sv_error_set(&in->err, SV_E_RANGE, r.offset,
                                "page address %#llx outside the RAM size %#llx",
                                (unsigned long long)r.addr, (unsigned long long)st->mem_size);
        if (r.flags & SV_RAM_COMPRESS) {
            if (sv_get_u8(in, &r.fill, "compressed page fill byte") < 0)
                return -1;
            if (copy)
                sv_put_u8(copy, r.fill);
            st->compressed++;
        } else if (r.flags & SV_RAM_PAGE_FLAG) {
            if (sv_read(in, page, sizeof page, "ram page") < 0)
                return -1;
            if (copy)
                sv_write(copy, page, sizeof page);
            r.page = page;
            st->pages++;
        }
        st->records++;
        st->bytes += (uint64_t)(in->offset - r.offset);
        if (copy && sv_stream_failed(copy))
            return -1;
        if (fn) {
            int k = fn(opaque, &r);

            if (k)
                return k;
        }
        if (r.flags & SV_RAM_EOS)
            return 0;
    }
}
