/*
 * The one-pass save and load (descriptors/interp-run.c, sv_desc_try_save and
 * sv_desc_try_load) held to the walker.  For every table of every release,
 * version and target: a body of defaults (required fields zero) must go the one-pass way, and so
 * must seeded variations of it (bytes flipped, cut, lengthened) whenever
 * the walker takes them, with the same bytes; where the one pass says done
 * the walker must agree.  Then the proof made while encoding: a layout
 * whose save a load by name cannot give back must not be saved.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc-check.h"
#include "interp-plan.h"
#include "tap.h"

static unsigned seed = 20091009;

static unsigned next(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* The walker's save: decode exactly len bytes, re-encode them, encode tagged. */
static uint8_t *ref_save(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                         const char *profile, const uint8_t *b, size_t len, size_t *blen)
{
    struct sv_desc_ctx ctx = *c;
    struct sv_values v;
    struct sv_stream in, again, out;
    struct sv_error err;
    uint64_t used;
    const uint8_t *re;
    size_t relen;
    uint8_t *body = NULL;

    ctx.legacy_len = len;
    sv_error_clear(&err);
    sv_stream_mem_reader(&in, b, len);
    if (sv_desc_decode_legacy(d, &ctx, version, &in, &v, &used, &err) < 0)
        return NULL;
    sv_stream_mem_writer(&again, 0);
    if (used == len && sv_desc_encode_legacy(d, &ctx, version, &v, &again, &err) == 0 &&
        (re = sv_stream_mem_data(&again, &relen), relen == len) && (len == 0 || memcmp(re, b, len) == 0)) {
        sv_stream_mem_writer(&out, SV_BODY_MAX);
        if (sv_desc_encode_tagged(d, &ctx, profile, &v, &out, &err) == 0)
            body = sv_stream_mem_take(&out, blen);
        sv_stream_free(&out);
    }
    sv_stream_free(&again);
    sv_values_free(&v);
    return body;
}

/* The walker's load of a body this layout wrote: by name, then legacy. */
static uint8_t *ref_load(const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                         const uint8_t *body, size_t blen, size_t *len)
{
    struct sv_recset r;
    struct sv_stream in, out;
    struct sv_values v;
    struct sv_error err;
    uint8_t *legacy = NULL;

    sv_error_clear(&err);
    sv_stream_mem_reader(&in, body, blen);
    if (sv_recset_read(&r, &in) < 0 || r.end != blen || r.h.legacy_version != version) {
        sv_recset_free(&r);
        return NULL;
    }
    if (sv_desc_decode_tagged(d, c, &r, &v, &err) == 0) {
        sv_stream_mem_writer(&out, 0);
        if (sv_desc_encode_legacy(d, c, version, &v, &out, &err) == 0) {
            legacy = sv_stream_mem_take(&out, len);
            if (!legacy)
                legacy = calloc(1, 1);
        }
        sv_stream_free(&out);
        sv_values_free(&v);
    }
    sv_recset_free(&r);
    return legacy;
}

static uint8_t *fast(int load, const struct sv_desc *d, const struct sv_desc_ctx *c, uint32_t version,
                     const char *profile, const uint8_t *b, size_t len, size_t *olen)
{
    struct sv_stream s;
    uint8_t *p = NULL;
    int k;

    sv_stream_mem_writer(&s, 0);
    k = load ? sv_desc_try_load(d, c, version, b, len, &s) : sv_desc_try_save(d, c, version, profile, b, len, &s, NULL);
    if (k == 0) {
        p = sv_stream_mem_take(&s, olen);
        if (!p)
            p = calloc(1, 1);
    }
    sv_stream_free(&s);
    return p;
}

/* A seeded variation of b (n bytes, room for n + 16): its new length. */
static size_t vary(uint8_t *b, size_t n)
{
    switch (next() % 6) {
    case 0:     /* one byte flipped */
    case 1:
        if (n)
            b[next() % n] ^= (uint8_t)(1u << (next() % 8));
        return n;
    case 2:     /* a few bytes anything */
        for (int k = 0; k < 3 && n; k++)
            b[next() % n] = (uint8_t)next();
        return n;
    case 3:     /* one byte all ones */
        if (n)
            b[next() % n] = 0xff;
        return n;
    case 4:     /* cut */
        return n ? next() % n : 0;
    default:    /* lengthened */
        for (int k = 0; k < 4; k++)
            b[n + k] = (uint8_t)next();
        return n + 1 + next() % 4;
    }
}

struct tally {
    int combos, no_base, no_plan, base_fast, base_same, load_fast, load_same;
    int vars, fast_done, walker_done, wrong, reloaded;
    int lvars, lfast_done, lwalker_done, lwrong;
};

/* The machine facts a table's layout depends on (up to max); their number. */
static int facts_of(const struct sv_desc_field *t, const char **names, int n, int max)
{
    for (; t->name; t++) {
        int k = 0;

        if (t->cond.kind == SV_IF_MACHINE) {
            while (k < n && strcmp(names[k], t->cond.field) != 0)
                k++;
            if (k == n && n < max)
                names[n++] = t->cond.field;
        }
        if (t->sub)
            n = facts_of(t->sub, names, n, max);
    }
    return n;
}

static void one_combo(struct tally *t, const char *release, const char *target, const struct sv_desc *d,
                      uint32_t version, const struct sv_desc_ctx *cp)
{
    struct sv_desc_ctx c = *cp;
    uint8_t *base, *body, *fb;
    size_t len = 0, blen, fl;

    if (!(base = dc_default_body(d, &c, version, &len))) {
        diag("%s %s \"%s\" v%u: no body of defaults", release, target, d->idstr, version);
        t->no_base++;
        return;
    }
    t->combos++;
    if (sv_desc_prepare(d, c.target, version) < 0) {
        diag("%s %s \"%s\" v%u: no compiled form", release, target, d->idstr, version);
        t->no_plan++;
    }
    body = ref_save(d, &c, version, release, base, len, &blen);
    fb = fast(0, d, &c, version, release, base, len, &fl);
    t->base_fast += fb != NULL;
    t->base_same += fb && body && fl == blen && memcmp(fb, body, blen) == 0;
    free(fb);
    if (body) {
        uint8_t *back = ref_load(d, &c, version, body, blen, &fl), *fback;
        size_t ffl;

        fback = fast(1, d, &c, version, release, body, blen, &ffl);
        t->load_fast += fback != NULL;
        t->load_same += fback && back && fl == ffl && memcmp(fback, back, fl) == 0 && fl == len;
        free(back);
        free(fback);
    }
    for (int i = 0; i < 24; i++) {
        uint8_t *b = malloc(len + 16), *r, *f;
        size_t n, rl = 0, fln = 0;

        memcpy(b, base, len);
        n = vary(b, len);
        r = ref_save(d, &c, version, release, b, n, &rl);
        f = fast(0, d, &c, version, release, b, n, &fln);
        t->vars++;
        t->fast_done += f != NULL;
        t->walker_done += r != NULL;
        if (f && (!r || rl != fln || memcmp(r, f, rl) != 0)) {
            if (t->wrong++ < 5)
                diag("%s %s \"%s\" v%u: variation %d: the one pass saved what the walker %s", release, target,
                     d->idstr, version, i, r ? "saves otherwise" : "refuses");
        }
        if (r) {
            /* what a save writes, a load takes in one pass, back to the bytes */
            uint8_t *back = fast(1, d, &c, version, release, r, rl, &fln);

            t->reloaded += back && fln == n && memcmp(back, b, n) == 0;
            free(back);
        }
        free(r);
        free(f);
        free(b);
    }
    for (int i = 0; body && i < 16; i++) {
        uint8_t *b = malloc(blen + 16), *r, *f;
        size_t n, rl = 0, fln = 0;

        memcpy(b, body, blen);
        /* values only: past the header, records keep their length */
        n = blen;
        for (int k = 0; k < 2; k++)
            b[blen / 2 + next() % (blen - blen / 2)] ^= (uint8_t)(1u << (next() % 8));
        r = ref_load(d, &c, version, b, n, &rl);
        f = fast(1, d, &c, version, release, b, n, &fln);
        t->lvars++;
        t->lfast_done += f != NULL;
        t->lwalker_done += r != NULL;
        if (f && (!r || rl != fln || memcmp(r, f, rl) != 0)) {
            if (t->lwrong++ < 5)
                diag("%s %s \"%s\" v%u: tagged variation %d: the one pass loaded what the walker %s", release,
                     target, d->idstr, version, i, r ? "loads otherwise" : "refuses");
        }
        free(r);
        free(f);
        free(b);
    }
    free(body);
    free(base);
}

static int one_table(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    const char *facts[2];
    int nf = facts_of(d->fields, facts, 0, 2);

    for (uint32_t version = d->min_version; version <= d->version; version++) {
        /* a layout that depends on machine facts: each way */
        for (unsigned way = 0; way < 1u << nf; way++) {
            struct sv_desc_fact given[2];
            struct sv_desc_ctx c = { .target = *target ? target : NULL, .instance = 0, .facts = given,
                                     .nfacts = (size_t)nf };

            for (int k = 0; k < nf; k++) {
                given[k].name = facts[k];
                given[k].value = (way >> k) & 1;
            }
            one_combo(opaque, release, target, d, version, &c);
        }
    }
    return 0;
}

/*
 * A layout the one pass must not save: a group present by a machine fact
 * nobody knows, whose first member is not in this version.  The bytes
 * decide the fact (its fields are there), but a load by name looks for the
 * group's first member, finds no record and leaves the group out.
 */
static const struct sv_desc_field probe_group[] = {
    { .name = "later", .type = SV_U8, .since = 2 },
    { .name = "b", .type = SV_U8 },
    { .name = NULL },
};
static const struct sv_desc_field probe_fields[] = {
    { .name = "a", .type = SV_U16 },
    { .name = "g", .kind = SV_D_GROUP, .sub = probe_group,
      .cond = { .kind = SV_IF_MACHINE, .field = "fact", .op = SV_OP_EQ, .value = 1 } },
    { .name = NULL },
};
static const struct sv_desc probe_desc = { .idstr = "probe", .min_version = 1, .version = 2,
                                           .fields = probe_fields };

/* The same shape, but the group's first member is there: the load finds it. */
static const struct sv_desc_field fine_group[] = {
    { .name = "b", .type = SV_U8 },
    { .name = "later", .type = SV_U8, .since = 2 },
    { .name = NULL },
};
static const struct sv_desc_field fine_fields[] = {
    { .name = "a", .type = SV_U16 },
    { .name = "g", .kind = SV_D_GROUP, .sub = fine_group,
      .cond = { .kind = SV_IF_MACHINE, .field = "fact", .op = SV_OP_EQ, .value = 1 } },
    { .name = NULL },
};
static const struct sv_desc fine_desc = { .idstr = "fine", .min_version = 1, .version = 2,
                                          .fields = fine_fields };

static void proof(void)
{
    static const uint8_t bytes[] = { 0x12, 0x34, 0x56 };
    struct sv_desc_ctx c = { .instance = -1 };
    uint8_t *f, *r, *back;
    size_t fl, rl, bl;

    /* version 1: "later" is not there, the group is "b" alone */
    f = fast(0, &probe_desc, &c, 1, "emu", bytes, sizeof bytes, &fl);
    ok(f == NULL, "the one pass refuses a save a load by name would read without the group");
    r = ref_save(&probe_desc, &c, 1, "emu", bytes, sizeof bytes, &rl);
    ok(r == NULL, "  and so does the walker (it decodes the group, but re-encoding leaves it out)");
    free(f);
    free(r);
    {
        struct sv_values v;
        struct sv_stream in;
        struct sv_error err;
        uint64_t used;
        struct sv_desc_ctx sized = c;

        sized.legacy_len = sizeof bytes;
        sv_error_clear(&err);
        sv_stream_mem_reader(&in, bytes, sizeof bytes);
        ok(sv_desc_decode_legacy(&probe_desc, &sized, 1, &in, &v, &used, &err) == 0 && used == sizeof bytes &&
           sv_values_get(&v, "g.b") && sv_values_get(&v, "g.b")->u == 0x56,
           "  the bytes themselves decode: the fact is assumed from their length");
        sv_values_free(&v);
    }
    f = fast(0, &fine_desc, &c, 1, "emu", bytes, sizeof bytes, &fl);
    r = ref_save(&fine_desc, &c, 1, "emu", bytes, sizeof bytes, &rl);
    ok(f && r && fl == rl && memcmp(f, r, rl) == 0,
       "a group whose first member is there is saved in one pass, as the walker saves it");
    back = f ? fast(1, &fine_desc, &c, 1, "emu", f, fl, &bl) : NULL;
    is_blob(back, back ? bl : 0, bytes, sizeof bytes, "  and its body loads back to the bytes");
    free(back);
    free(f);
    free(r);
    /* the fact is tried both ways, as the walker does: two bytes fit it absent */
    f = fast(0, &fine_desc, &c, 1, "emu", bytes, 2, &fl);
    r = ref_save(&fine_desc, &c, 1, "emu", bytes, 2, &rl);
    ok(f && r && fl == rl && memcmp(f, r, rl) == 0, "two bytes: the fact assumed 0, as the walker assumes it");
    free(f);
    free(r);
}

/*
 * Legacy bytes in pieces (sv_desc_try_save_holes, the shim's capture of a
 * device's long writes): a hole that is one byte value whole gives the body
 * the bytes in one piece give, a ref to the hole's own memory for a long
 * value; a hole anywhere else is not done, and out is left as it was.
 */
static const struct sv_desc_field mid_fields[] = {
    { .name = "a", .type = SV_U16 },
    { .name = "buf", .kind = SV_D_BYTES, .n = 600 },
    { .name = "z", .type = SV_U8 },
    { .name = NULL },
};
static const struct sv_desc mid_desc = { .idstr = "mid", .min_version = 1, .version = 1, .fields = mid_fields };

static int holed(const struct sv_desc *d, uint32_t version, const uint8_t *b, size_t len, size_t at,
                 size_t hlen, size_t shift, struct sv_stream *s, struct sv_refs *refs)
{
    struct sv_desc_ctx c = { .instance = -1, .legacy_len = len };
    struct sv_refs holes = { .n = 1, .r = { { .at = at, .p = b + at + shift, .len = hlen } } };
    uint8_t *rest = malloc(len);
    int k;

    memcpy(rest, b, at);
    memcpy(rest + at, b + at + hlen, len - at - hlen);
    sv_stream_mem_writer(s, 0);
    refs->n = 0;
    k = sv_desc_try_save_holes(d, &c, version, "0.11", rest, len - hlen, &holes, s, refs);
    free(rest);
    return k;
}

static void holes(void)
{
    const struct sv_desc *ne = sv_desc_find("0.11", "i386", "ne2000", 2);
    size_t len = 0, fl, hl, prefix;
    uint8_t *b;
    struct sv_stream f, h;
    struct sv_refs fr = { 0 }, hr = { 0 };
    struct sv_desc_ctx c = { .instance = -1 };
    const uint8_t *fb, *hb;

    if (!ne || ne->fields[0].since != 3) {
        ok(0, "ne2000's table, pci group first (since 3)");
        return;
    }
    /* version 2: the fields from rxcr on; mem (48 KiB) is last */
    len = 1 + 1 + 4 + 4 + 1 + 1 + 1 + 2 + 2 + 4 + 1 + 1 + 1 + 1 + 6 + 1 + 8 + 4 + 48 * 1024;
    prefix = len - 48 * 1024;
    b = calloc(1, len);
    for (size_t i = 0; i < len; i++)
        b[i] = (uint8_t)next();
    b[2] = b[3] = b[4] = 0;     /* start, stop within their bounds */
    b[6] = b[7] = b[8] = 0;
    c.legacy_len = len;
    sv_stream_mem_writer(&f, 0);
    ok(sv_desc_try_save(ne, &c, 2, "0.11", b, len, &f, &fr) == 0 && fr.n == 1, "ne2000 v2 in one piece: done, mem as a ref");
    ok(holed(ne, 2, b, len, prefix, 48 * 1024, 0, &h, &hr) == 0, "  mem as a hole: done");
    fb = sv_stream_mem_data(&f, &fl);
    hb = sv_stream_mem_data(&h, &hl);
    is_blob(hb, hl, fb, fl, "  the same body");
    ok(hr.n == 1 && hr.r[0].at == fr.r[0].at && hr.r[0].len == 48 * 1024 && hr.r[0].p == b + prefix,
       "  mem referenced where the hole is, at the same place of the body");
    sv_stream_free(&h);
    ok(holed(ne, 2, b, len, prefix - 1, 48 * 1024, 0, &h, &hr) == 1 && h.offset == 0 && hr.n == 0,
       "a hole a byte early is not done, nothing written");
    sv_stream_free(&h);
    ok(holed(ne, 2, b, len, prefix, 48 * 1024 - 1, 0, &h, &hr) == 1 && h.offset == 0,
       "a hole shorter than the value is not done");
    sv_stream_free(&h);
    ok(holed(ne, 2, b, len, prefix, 48 * 1024, 1, &h, &hr) == 0, "a hole whose bytes differ is done");
    hb = sv_stream_mem_data(&h, &hl);
    ok(hr.n == 1 && hr.r[0].p == b + prefix + 1, "  with its own bytes: what the device wrote, not what is beside");
    sv_stream_free(&h);
    sv_stream_free(&f);
    /* a short value in the middle: copied into the body from the hole */
    sv_stream_mem_writer(&f, 0);
    c.legacy_len = 603;
    fr.n = 0;
    ok(sv_desc_try_save(&mid_desc, &c, 1, "0.11", b, 603, &f, &fr) == 0 && fr.n == 0, "600 bytes between two fields: done");
    ok(holed(&mid_desc, 1, b, 603, 2, 600, 0, &h, &hr) == 0 && hr.n == 0, "  as a hole: done, copied");
    fb = sv_stream_mem_data(&f, &fl);
    hb = sv_stream_mem_data(&h, &hl);
    is_blob(hb, hl, fb, fl, "  the same body");
    sv_stream_free(&h);
    ok(holed(&mid_desc, 1, b, 603, 1, 600, 0, &h, &hr) == 1 && h.offset == 0,
       "  a hole inside the field before it is not done");
    sv_stream_free(&h);
    sv_stream_free(&f);
    free(b);
}

int main(void)
{
    struct tally t = { 0 };

    tap_init();
    plan_lazy();
    sv_desc_foreach(NULL, NULL, one_table, &t);
    ok(t.combos > 200, "%d tables, versions, targets and machine facts with a body of defaults", t.combos);
    is_int(t.no_base, 0, "  every one of them has one");
    is_int(t.no_plan, 0, "every one of them compiles");
    is_int(t.base_fast, t.combos, "every body of defaults is saved in one pass");
    is_int(t.base_same, t.combos, "  to the bytes the walker writes");
    is_int(t.load_fast, t.combos, "every such tagged body is loaded in one pass");
    is_int(t.load_same, t.combos, "  to the bytes the walker writes, which are the body of defaults");
    is_int(t.wrong, 0, "%d legacy variations: the one pass saved %d, the walker %d, none differently", t.vars,
           t.fast_done, t.walker_done);
    ok(t.fast_done == t.walker_done, "  the one pass saves every variation the walker saves");
    is_int(t.reloaded, t.walker_done, "  and loads each body it saved back to its bytes in one pass");
    /* bodies not as a save writes them (a flag, a name, a type changed) may go the walker's way */
    is_int(t.lwrong, 0, "%d tagged variations: the one pass loaded %d, the walker %d, none differently", t.lvars,
           t.lfast_done, t.lwalker_done);
    proof();
    holes();
    return 0;
}
