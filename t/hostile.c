/*
 * Hostile values through the shim: for every bounded field of every
 * described section in the emulator's stream, the value just outside its
 * bound, in legacy and in tagged form, is refused before the legacy handler
 * runs (status 1, the field named, no sanitizer report).
 */
#include <config.h>

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "desc.h"
#include "proc.h"
#include "shimtest.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "tap.h"

static struct st_fixture fx;

/* The value just outside a field's bounds, if its wire width can hold it. */
static int outside(const struct sv_value *v, uint64_t *bad)
{
    const struct sv_desc_field *f = v->field;
    unsigned bits = v->wire * 8;
    uint64_t wire_max = bits >= 64 ? UINT64_MAX : (1ULL << bits) - 1;

    if (!f->bounded)
        return 0;
    if (f->hi >= 0 && (uint64_t)f->hi < wire_max) {
        *bad = (uint64_t)f->hi + 1;
        return 1;
    }
    if (f->lo > 0) {
        *bad = (uint64_t)f->lo - 1;
        return 1;
    }
    return 0;
}

static void put_wire(char *at, unsigned width, int le, uint64_t v)
{
    for (unsigned i = 0; i < width; i++)
        at[le ? i : width - 1 - i] = (char)(v >> (8 * i));
}

/* The offset of a record's value in a tagged stream, by section and name. */
static long tagged_value_offset(const char *buf, size_t len, const char *idstr, int instance,
                                const char *name, unsigned *width)
{
    struct sv_stream s;
    struct sv_v3_section sec;

    sv_stream_mem_reader(&s, buf, len);
    if (sv_v3_read_file_header(&s) < 0)
        return -1;
    while (sv_v3_read_section(&s, &sec) == 0 && sec.type != SV_V3_EOF) {
        if (sec.type == SV_V3_FULL && sv_v3_is_tagged(&sec)) {
            struct sv_tdec d;
            struct sv_field f;
            int k, hit = strcmp(sec.idstr, idstr) == 0 && (int)sec.instance_id == instance;

            if (sv_tdec_begin(&d, &s) < 0)
                return -1;
            while ((k = sv_tdec_next(&d, &f)) == 1) {
                if (hit && strcmp(f.name, name) == 0) {
                    *width = sv_type_info(f.type)->width;
                    sv_tdec_free(&d);
                    return (long)(f.offset + 1 + strlen(f.name) + 1 + 1 + 4);
                }
            }
            sv_tdec_free(&d);
            if (k < 0)
                return -1;
        } else if (sec.type == SV_V3_FULL) {
            return -1;
        } else {
            uint64_t w;

            do {
                if (sv_get_be64(&s, &w, "ram") < 0)
                    return -1;
                if (w & 0x02)
                    sv_skip(&s, 1, "fill");
                else if (w & 0x08)
                    sv_skip(&s, 4096, "page");
            } while (!(w & 0x10));
        }
    }
    return -1;
}

/* A copy of the stream with a value of `width` bytes at `at` replaced; its load must be refused naming `name`. */
static int refused(const char *stream, size_t len, size_t at, unsigned width, int le, uint64_t bad,
                   const char *name, char *why, size_t wl)
{
    char *copy = malloc(len);
    struct proc p;
    int good;

    memcpy(copy, stream, len);
    put_wire(copy + at, width, le, bad);
    st_load(&fx, "--load", st_write_bad(&fx, copy, len), &p);
    free(copy);
    good = p.status == 1 && strstr(p.err, name) && !strstr(p.err, "Sanitizer") && !p.out_len;
    if (!good)
        snprintf(why, wl, "%s = %llu: status %d: %.300s", name, (unsigned long long)bad, p.status, p.err);
    proc_free(&p);
    return good;
}

int main(void)
{
    int tried = 0, bad_legacy = 0, bad_tagged = 0;
    char first[8192] = "", why[1024];

    st_setup(&fx, "hostile", 5);
    ok(fx.legacy && fx.tagged, "legacy and tagged streams of the same machine");
    for (int i = 0; i < fx.nsec; i++) {
        const struct st_section *sec = &fx.secs[i];
        struct sv_values vals;
        int k = st_section_values(&fx, i, &vals);

        if (k == 0)
            continue;
        if (k < 0) {
            ok(0, "%s decodes", sec->idstr);
            continue;
        }
        for (size_t j = 0; j < vals.n; j++) {
            const struct sv_value *v = &vals.v[j];
            uint64_t badv;
            unsigned tw = 0;
            long toff;

            if (!v->has_offset || !outside(v, &badv))
                continue;
            tried++;
            if (!refused(fx.legacy, fx.legacy_len, (size_t)sec->off + v->offset, v->wire, v->field->le, badv,
                         v->name, why, sizeof why) && !bad_legacy++)
                snprintf(first, sizeof first, "legacy %s %s", sec->idstr, why);
            toff = tagged_value_offset(fx.tagged, fx.tagged_len, sec->idstr, sec->instance, v->name, &tw);
            if (toff < 0) {
                if (!bad_tagged++)
                    snprintf(first, sizeof first, "tagged %s %s: no such record", sec->idstr, v->name);
                continue;
            }
            if (!refused(fx.tagged, fx.tagged_len, (size_t)toff, tw, 0, badv, v->name, why, sizeof why) &&
                !bad_tagged++)
                snprintf(first, sizeof first, "tagged %s %s", sec->idstr, why);
        }
        sv_values_free(&vals);
    }
    if (*first)
        diag("first problem: %s", first);
    ok(tried > 0, "%d bounded fields in the emulator's described sections", tried);
    is_int(bad_legacy, 0, "legacy form: every value just outside its bound is refused, naming the field");
    is_int(bad_tagged, 0, "tagged form: every value just outside its bound is refused, naming the field");
    st_teardown(&fx);
    return 0;
}
