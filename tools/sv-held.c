/* Sections held back by svtool convert; see sv-held.h. */
#include <config.h>

#include "sv-held.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* An item: its kind, two be64 (a section: its input offset and byte count;
 * a range: offset and length; bytes: 0 and their count), the bytes. */
enum { ITEM_SECTION = 'S', ITEM_RANGE = 'R', ITEM_BYTES = 'B' };
#define ITEM_HEAD 17

static int put_item(struct sv_held *h, uint8_t kind, uint64_t a, uint64_t n, const void *p1, size_t n1,
                    const void *p2, size_t n2)
{
    uint8_t head[ITEM_HEAD] = { kind };

    if (h->err.code != SV_OK)
        return -1;
    if (!h->f && !(h->f = tmpfile()))
        return sv_error_set_nooff(&h->err, SV_E_IO, "cannot make a temporary file for the sections held back: %s",
                                  strerror(errno));
    sv_store_be(head + 1, 8, a);
    sv_store_be(head + 9, 8, n);
    if (fwrite(head, 1, sizeof head, h->f) != sizeof head || (n1 && fwrite(p1, 1, n1, h->f) != n1) ||
        (n2 && fwrite(p2, 1, n2, h->f) != n2))
        return sv_error_set_nooff(&h->err, SV_E_IO, "write error on the temporary file of sections held back: %s",
                                  strerror(errno));
    return 0;
}

static size_t bytes_write(void *opaque, const void *buf, size_t n)
{
    return put_item(opaque, ITEM_BYTES, 0, n, buf, n, NULL, 0) == 0 ? n : 0;
}

void sv_held_init(struct sv_held *h)
{
    memset(h, 0, sizeof *h);
    sv_error_clear(&h->err);
    sv_stream_callbacks(&h->bytes, h, NULL, bytes_write);
}

int sv_held_section(struct sv_held *h, const struct sv_v3_section *sh, const uint8_t *body, size_t len)
{
    struct sv_stream m;
    const uint8_t *hb;
    size_t hn;
    int r;

    sv_stream_mem_writer(&m, 0);
    if (sv_v3_write_section(&m, sh) < 0) {
        if (h->err.code == SV_OK)
            h->err = m.err;
        sv_stream_free(&m);
        return -1;
    }
    hb = sv_stream_mem_data(&m, &hn);
    r = put_item(h, ITEM_SECTION, sh->offset, hn + len, hb, hn, body, len);
    sv_stream_free(&m);
    return r;
}

int sv_held_range(struct sv_held *h, uint64_t off, uint64_t len)
{
    return put_item(h, ITEM_RANGE, off, len, NULL, 0, NULL, 0);
}

struct sv_stream *sv_held_bytes(struct sv_held *h)
{
    return &h->bytes;
}

static int read_error(struct sv_held *h)
{
    return sv_error_set_nooff(&h->err, SV_E_IO, "read error on the temporary file of sections held back: %s",
                              ferror(h->f) ? strerror(errno) : "it ended early");
}

/* A held section: the header read back at its input offset, then the body. */
static int replay_section(struct sv_held *h, const struct sv_held_replay *r, uint64_t at, uint64_t n)
{
    uint8_t *b = malloc(n ? (size_t)n : 1);
    struct sv_v3_section sec;
    struct sv_stream m;
    int k;

    if (!b)
        return sv_error_set_nooff(&h->err, SV_E_NOMEM, "out of memory for a held section of %llu bytes",
                                  (unsigned long long)n);
    if (fread(b, 1, (size_t)n, h->f) != n) {
        free(b);
        return read_error(h);
    }
    sv_stream_mem_reader(&m, b, (size_t)n);
    sv_stream_set_offset(&m, at);
    if (sv_v3_read_section(&m, &sec) < 0) {
        h->err = m.err;
        free(b);
        return -1;
    }
    k = r->section(r->opaque, &sec, b + (m.offset - at), (size_t)(n - (m.offset - at)));
    free(b);
    return k;
}

int sv_held_replay(struct sv_held *h, const struct sv_held_replay *r)
{
    uint8_t head[ITEM_HEAD], buf[65536];

    if (h->err.code != SV_OK)
        return -1;
    if (!h->f)
        return 0;
    if (fflush(h->f) != 0 || fseeko(h->f, 0, SEEK_SET) != 0)
        return read_error(h);
    while (fread(head, 1, sizeof head, h->f) == sizeof head) {
        uint64_t a = sv_load_be(head + 1, 8), n = sv_load_be(head + 9, 8);
        int k = 0;

        if (head[0] == ITEM_RANGE) {
            k = r->range(r->opaque, a, n);
        } else if (head[0] == ITEM_SECTION) {
            k = replay_section(h, r, a, n);
        } else {
            while (n && !k) {
                size_t want = n < sizeof buf ? (size_t)n : sizeof buf;

                if (fread(buf, 1, want, h->f) != want)
                    return read_error(h);
                k = r->bytes(r->opaque, buf, want);
                n -= want;
            }
        }
        if (k)
            return k;
    }
    return ferror(h->f) ? read_error(h) : 0;
}

void sv_held_free(struct sv_held *h)
{
    if (h->f)
        fclose(h->f);
    h->f = NULL;
}
