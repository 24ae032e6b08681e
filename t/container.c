/* The legacy v3 container: headers in both directions and their errors. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "sv-tagged.h"
#include "sv-v3.h"
#include "tap.h"

/* QEVM v3: START ram, END ram, FULL i8254 v1 (2 body bytes), FULL tagged, EOF */
static const uint8_t stream[] = {
    'Q', 'E', 'V', 'M', 0, 0, 0, 3,
    1, 0, 0, 0, 0, 3, 'r', 'a', 'm', 0, 0, 0, 0, 0, 0, 0, 3,    /* START id 0 "ram" inst 0 v3 */
    3, 0, 0, 0, 0,                                              /* END id 0 */
    4, 0, 0, 0, 7, 5, 'i', '8', '2', '5', '4', 0, 0, 0, 64, 0, 0, 0, 1, 0xaa, 0xbb,
    4, 0, 0, 0, 8, 5, 'i', '8', '2', '5', '4', 0, 0, 0, 64, 0x53, 0x56, 0, 0,
    0,
};

int main(void)
{
    struct sv_stream s, w;
    struct sv_v3_section sec;
    char m[256];
    int rc;

    tap_init();
    plan_lazy();

    sv_stream_mem_reader(&s, stream, sizeof stream);
    ok(sv_v3_read_file_header(&s) == 0, "file header");
    ok(sv_v3_read_section(&s, &sec) == 0 && sec.type == SV_V3_START && !strcmp(sec.idstr, "ram") &&
       sec.version_id == 3 && sec.offset == 8 && sec.body == 25, "START header");
    ok(sv_v3_read_section(&s, &sec) == 0 && sec.type == SV_V3_END && sec.section_id == 0, "END header");
    ok(sv_v3_read_section(&s, &sec) == 0 && sec.type == SV_V3_FULL && sec.instance_id == 64 &&
       sec.version_id == 1 && !sv_v3_is_tagged(&sec), "legacy FULL header");
    sv_skip(&s, 2, "body");
    ok(sv_v3_read_section(&s, &sec) == 0 && sv_v3_is_tagged(&sec), "F-2 a FULL section at T is tagged");
    ok(sv_v3_read_section(&s, &sec) == 0 && sec.type == SV_V3_EOF, "EOF");

    /* write the same sections back */
    sv_stream_mem_writer(&w, 0);
    sv_v3_write_file_header(&w);
    {
        struct sv_v3_section out[] = {
            { .type = SV_V3_START, .section_id = 0, .idstr = "ram", .instance_id = 0, .version_id = 3 },
            { .type = SV_V3_END, .section_id = 0 },
            { .type = SV_V3_FULL, .section_id = 7, .idstr = "i8254", .instance_id = 64, .version_id = 1 },
            { .type = SV_V3_FULL, .section_id = 8, .idstr = "i8254", .instance_id = 64,
              .version_id = SV_TAGGED_VERSION },
            { .type = SV_V3_EOF },
        };

        for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
            sv_v3_write_section(&w, &out[i]);
            if (i == 2)
                sv_write(&w, "\xaa\xbb", 2);
        }
        {
            size_t n;
            const uint8_t *p = sv_stream_mem_data(&w, &n);

            is_blob(p, n, stream, sizeof stream, "writer gives the same bytes");
        }
    }
    sv_stream_free(&w);

    sv_stream_mem_reader(&s, "QEVX\0\0\0\3", 8);
    ok(sv_v3_read_file_header(&s) < 0 && s.err.code == SV_E_CORRUPT, "bad magic refused");
    sv_stream_mem_reader(&s, "QEVM\0\0\0\2", 8);
    rc = sv_v3_read_file_header(&s);
    ok(rc < 0 && strstr(sv_error_format(&s.err, m, sizeof m), "offset 4:"), "version 2 refused at offset 4");
    sv_stream_mem_reader(&s, "\x09", 1);
    ok(sv_v3_read_section(&s, &sec) < 0 && strstr(s.err.msg, "unknown section type 9"),
       "unknown section type refused");
    sv_stream_mem_reader(&s, "\x04\0\0\0\0\x02" "a\0" "\0\0\0\0\0\0\0\1", 16);
    ok(sv_v3_read_section(&s, &sec) < 0 && s.err.code == SV_E_CORRUPT, "idstr with a NUL refused");
    {
        size_t bad = 0;

        for (size_t len = 0; len < sizeof stream; len++) {
            uint8_t *copy = malloc(len ? len : 1);
            int k = 0;

            memcpy(copy, stream, len);
            sv_stream_mem_reader(&s, copy, len);
            if (sv_v3_read_file_header(&s) == 0) {
                do {
                    k = sv_v3_read_section(&s, &sec);
                    if (k == 0 && sec.type == SV_V3_FULL && sec.version_id == 1)
                        k = sv_skip(&s, 2, "body");
                } while (k == 0 && sec.type != SV_V3_EOF);
            }
            if (s.err.code != SV_E_TRUNC)
                bad++;
            free(copy);
        }
        is_int(bad, 0, "every prefix of the stream is a truncation error");
    }
    return 0;
}
