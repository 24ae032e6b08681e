/* The legacy v3 container; see sv-v3.h. */
#include <config.h>

#include "sv-v3.h"

#include <string.h>

#include "sv-tagged.h"

const char *sv_v3_type_name(uint8_t type)
{
    static const char *const names[] = { "EOF", "START", "PART", "END", "FULL" };

    return type < 5 ? names[type] : "?";
}

int sv_v3_read_file_header(struct sv_stream *s)
{
    uint64_t at = s->offset;
    uint32_t magic, version;

    if (sv_get_be32(s, &magic, "file magic") < 0)
        return -1;
    if (magic != SV_V3_MAGIC)
        return sv_error_set(&s->err, SV_E_CORRUPT, at,
                            "not a savevm stream (magic 0x%08x, want \"QEVM\")", magic);
    at = s->offset;
    if (sv_get_be32(s, &version, "file version") < 0)
        return -1;
    if (version != SV_V3_VERSION)
        return sv_error_set(&s->err, SV_E_UNKNOWN, at,
                            "savevm container version %u not supported (want 3)", version);
    return 0;
}

int sv_v3_write_file_header(struct sv_stream *s)
{
    sv_put_be32(s, SV_V3_MAGIC);
    return sv_put_be32(s, SV_V3_VERSION);
}

int sv_v3_read_section(struct sv_stream *s, struct sv_v3_section *sec)
{
    uint8_t len;

    memset(sec, 0, sizeof *sec);
    sec->offset = s->offset;
    if (sv_get_u8(s, &sec->type, "section type") < 0)
        return -1;
    switch (sec->type) {
    case SV_V3_EOF:
        sec->body = s->offset;
        return 0;
    case SV_V3_START:
    case SV_V3_FULL:
        if (sv_get_be32(s, &sec->section_id, "section id") < 0 ||
            sv_get_u8(s, &len, "idstr length") < 0 ||
            sv_read(s, sec->idstr, len, "idstr") < 0)
            return -1;
        sec->idstr[len] = 0;
        if (strlen(sec->idstr) != len)
            return sv_error_set(&s->err, SV_E_CORRUPT, sec->offset + 6, "idstr holds a NUL byte");
        if (sv_get_be32(s, &sec->instance_id, "instance id") < 0 ||
            sv_get_be32(s, &sec->version_id, "version id") < 0)
            return -1;
        break;
    case SV_V3_PART:
    case SV_V3_END:
        if (sv_get_be32(s, &sec->section_id, "section id") < 0)
            return -1;
        break;
    default:
        return sv_error_set(&s->err, SV_E_CORRUPT, sec->offset, "unknown section type %u", sec->type);
    }
    sec->body = s->offset;
    return 0;
}

int sv_v3_write_section(struct sv_stream *s, const struct sv_v3_section *sec)
{
    size_t len = strlen(sec->idstr);

    sv_put_u8(s, sec->type);
    if (sec->type == SV_V3_EOF)
        return sv_stream_failed(s) ? -1 : 0;
    sv_put_be32(s, sec->section_id);
    if (sec->type == SV_V3_START || sec->type == SV_V3_FULL) {
        if (len > 255)
            return sv_stream_fail(s, SV_E_USAGE, "idstr \"%s\" longer than 255 bytes", sec->idstr);
        sv_put_u8(s, (uint8_t)len);
        sv_write(s, sec->idstr, len);
        sv_put_be32(s, sec->instance_id);
        sv_put_be32(s, sec->version_id);
    }
    return sv_stream_failed(s) ? -1 : 0;
}

int sv_v3_is_tagged(const struct sv_v3_section *sec)
{
    return sec->type == SV_V3_FULL && sec->version_id == SV_TAGGED_VERSION;
}
