/*
 * Hostile values through the shim: for every bounded field of every
 * described section in the emulator's stream, the value just outside its
 * bound, in legacy and in tagged form, is refused before the legacy handler
 * runs (status 1, the field named, no sanitizer report).
 */
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

static const char *emu, *dir;

static int load(const char *file, struct proc *p)
{
    const char *args[] = { emu, "--load", file, "--print-state", NULL };

    return st_exec(NULL, args, NULL, p);
}

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

int main(void)
{
    struct st_section secs[64];
    int nsec = 0, tried = 0, bad_legacy = 0, bad_tagged = 0;
    char *listing, *legacy, *tagged, lpath[700], tpath[700], bpath[700], first[8192] = "";
    size_t llen, tlen;
    struct proc p;

    tap_init();
    plan_lazy();
    st_init();
    emu = st_emu;
    dir = scratch_dir("hostile");
    snprintf(lpath, sizeof lpath, "%s/legacy.sv", dir);
    snprintf(tpath, sizeof tpath, "%s/tagged.sv", dir);
    snprintf(bpath, sizeof bpath, "%s/bad.sv", dir);
    {
        const char *argv[] = { emu, "--ticks", "5", "--sections", "-", "--save", lpath, NULL };
        const char *targs[] = { emu, "--ticks", "5", "--save", tpath, NULL };

        proc_run(argv, NULL, NULL, &p);
        listing = p.err;
        p.err = NULL;
        proc_free(&p);
        st_exec(NULL, targs, NULL, &p);
        proc_free(&p);
    }
    legacy = slurp(lpath, &llen);
    tagged = slurp(tpath, &tlen);
    ok(legacy && tagged, "legacy and tagged streams of the same machine");
    nsec = st_sections(listing, secs, 64);
    for (int i = 0; i < nsec; i++) {
        const struct sv_desc *d = sv_desc_find("emu", "x86_64", secs[i].idstr, (uint32_t)secs[i].version);
        struct sv_desc_ctx ctx = { .target = "x86_64", .instance = secs[i].instance,
                                   .legacy_len = (uint64_t)secs[i].len };
        struct sv_values vals = { 0 };
        struct sv_error err;
        struct sv_stream in;
        uint64_t used;

        if (!d)
            continue;
        sv_error_clear(&err);
        sv_stream_mem_reader(&in, legacy + secs[i].off, (size_t)secs[i].len);
        if (sv_desc_decode_legacy(d, &ctx, (uint32_t)secs[i].version, &in, &vals, &used, &err) < 0) {
            ok(0, "%s decodes", secs[i].idstr);
            continue;
        }
        for (size_t k = 0; k < vals.n; k++) {
            const struct sv_value *v = &vals.v[k];
            uint64_t badv;
            unsigned tw = 0;
            long toff;
            char *copy;

            if (!v->has_offset || !outside(v, &badv))
                continue;
            tried++;
            copy = malloc(llen);
            memcpy(copy, legacy, llen);
            put_wire(copy + secs[i].off + v->offset, v->wire, v->field->le, badv);
            st_write_file(bpath, copy, llen);
            free(copy);
            load(bpath, &p);
            if (p.status != 1 || !strstr(p.err, v->name) || strstr(p.err, "Sanitizer") || p.out_len) {
                if (!bad_legacy++)
                    snprintf(first, sizeof first, "legacy %s %s = %llu: status %d: %.300s", secs[i].idstr,
                             v->name, (unsigned long long)badv, p.status, p.err);
            }
            proc_free(&p);

            toff = tagged_value_offset(tagged, tlen, secs[i].idstr, secs[i].instance, v->name, &tw);
            if (toff < 0) {
                if (!bad_tagged++)
                    snprintf(first, sizeof first, "tagged %s %s: no such record", secs[i].idstr, v->name);
                continue;
            }
            copy = malloc(tlen);
            memcpy(copy, tagged, tlen);
            put_wire(copy + toff, tw, 0, badv);
            st_write_file(bpath, copy, tlen);
            free(copy);
            load(bpath, &p);
            if (p.status != 1 || !strstr(p.err, v->name) || strstr(p.err, "Sanitizer") || p.out_len) {
                if (!bad_tagged++)
                    snprintf(first, sizeof first, "tagged %s %s = %llu: status %d: %.300s", secs[i].idstr,
                             v->name, (unsigned long long)badv, p.status, p.err);
            }
            proc_free(&p);
        }
        sv_values_free(&vals);
    }
    if (*first)
        diag("first problem: %s", first);
    ok(tried > 0, "%d bounded fields in the emulator's described sections", tried);
    is_int(bad_legacy, 0, "legacy form: every value just outside its bound is refused, naming the field");
    is_int(bad_tagged, 0, "tagged form: every value just outside its bound is refused, naming the field");
    free(legacy);
    free(tagged);
    free(listing);
    rmtree(dir);
    free((char *)dir);
    return 0;
}
