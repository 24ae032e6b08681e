/* The fixture's sections through the descriptors; see shimtest.h. */
#include <config.h>

#include "shimtest.h"

#include <string.h>

#include "desc.h"

int st_section_values(const struct st_fixture *fx, int i, struct sv_values *vals)
{
    const struct st_section *s = &fx->secs[i];
    const struct sv_desc *d = sv_desc_find("emu", "x86_64", s->idstr, (uint32_t)s->version);
    struct sv_desc_ctx ctx = { .target = "x86_64", .instance = s->instance, .legacy_len = (uint64_t)s->len };
    struct sv_error err;
    struct sv_stream in;
    uint64_t used;

    memset(vals, 0, sizeof *vals);
    if (!d)
        return 0;
    sv_error_clear(&err);
    sv_stream_mem_reader(&in, fx->legacy + s->off, (size_t)s->len);
    return sv_desc_decode_legacy(d, &ctx, (uint32_t)s->version, &in, vals, &used, &err) < 0 ? -1 : 1;
}
