/*
 * The language features no table of this round needs everywhere, on a
 * small made-up device: marker-ended lists (slirp's sockets), machine facts
 * (cirrus_vga's PCI config), host-order integers, counted arrays and
 * buffers, bool, signed bytes, versions.
 */
#include <config.h>

#include "desc.h"
#include "desc-check.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static const struct sv_desc_field demo_sock[] = {
    /* slirp_state_save: 42 before each socket, 0 after the last */
    { .name = "tag", .type = SV_U8, .dflt = 42 },
    { .name = "fd", .type = SV_S32, .le = 1 },
    { .name = "len", .type = SV_U16 },
    { .name = "buf", .kind = SV_D_BYTES, .count = "len", .max_count = 8 },
    { .name = NULL },
};

static const struct sv_desc_field demo_fields[] = {
    { .name = "flags", .type = SV_U8 },
    { .name = "on", .type = SV_BOOL },
    { .name = "delta", .type = SV_S8, .dflt = -1 },
    { .name = "pci_config", .kind = SV_D_BYTES, .n = 4,
      .cond = { .kind = SV_IF_MACHINE, .field = "pci", .op = SV_OP_EQ, .value = 1 } },
    { .name = "nregs", .type = SV_U8, .bounded = 1, .lo = 0, .hi = 4 },
    { .name = "regs", .type = SV_U32, .count = "nregs", .max_count = 4, .le = 1 },
    { .name = "sock", .kind = SV_D_LIST, .end = 0, .max_count = 3, .sub = demo_sock },
    { .name = "tail", .type = SV_U16, .since = 2 },
    { .name = NULL },
};

static const struct sv_desc demo = {
    .idstr = "demo", .min_version = 1, .version = 2, .fields = demo_fields,
};

/* version 2, on a PCI machine */
static const uint8_t with_pci[] = {
    0x81,                               /* flags */
    0x01,                               /* on = true */
    0xfe,                               /* delta = -2 */
    0xde, 0xad, 0xbe, 0xef,             /* pci_config */
    0x02,                               /* nregs */
    0x01, 0x00, 0x00, 0x00,             /* regs[0] = 1, host order */
    0x00, 0x00, 0x01, 0x80,             /* regs[1] = 0x80010000 */
    42,                                 /* sock[0].tag */
    0x07, 0x00, 0x00, 0x00,             /* sock[0].fd = 7, host order */
    0x00, 0x03,                         /* sock[0].len */
    'a', 'b', 'c',                      /* sock[0].buf */
    42,                                 /* sock[1].tag */
    0xff, 0xff, 0xff, 0xff,             /* sock[1].fd = -1 */
    0x00, 0x00,                         /* sock[1].len */
    0,                                  /* end of the list */
    0x12, 0x34,                         /* tail */
};

/* the same without PCI */
static const uint8_t no_pci[] = {
    0x81, 0x01, 0xfe,
    0x00,                               /* nregs */
    0,                                  /* no sockets */
    0x12, 0x34,
};

static int hook_calls;

static int hook_no_pci(void *opaque, const char *name, uint64_t *v)
{
    hook_calls++;
    if (strcmp(name, "pci") != 0)
        return 0;
    *v = 0;
    return 1;
}

static uint64_t get(const struct sv_values *v, const char *name)
{
    const struct sv_value *x = sv_values_get(v, name);

    return x ? x->u : 0xbad;
}

int main(void)
{
    static const struct sv_desc_fact pci = { "pci", 1 };
    struct sv_desc_ctx c = { .instance = 3, .facts = &pci, .nfacts = 1 };
    struct sv_desc_ctx bare = { .instance = 3 };
    struct sv_values v, v2;
    struct sv_error err;
    uint64_t used;
    uint8_t *p, *body;
    size_t n, blen;

    tap_init();
    plan_lazy();

    ok(dc_decode(&demo, &c, 2, with_pci, sizeof with_pci, &v, &err, &used) == 0, "decodes with the fact pci = 1");
    is_int((long long)used, sizeof with_pci, "  consuming the whole body");
    is_uint(get(&v, "on"), 1, "  bool");
    is_int((long long)get(&v, "delta"), -2, "  signed byte");
    is_uint(sv_value_elem(sv_values_get(&v, "regs"), 1), 0x80010000u, "  host-order array element");
    is_int(sv_values_get(&v, "regs")->count, 2, "  counted by nregs");
    is_int((long long)get(&v, "sock[1].fd"), -1, "  list element fields");
    is_blob(sv_values_get(&v, "sock[0].buf")->b, 3, "abc", 3, "  counted buffer");
    ok(sv_values_get(&v, "sock[2].tag") == NULL, "  the end marker is not a value");
    p = dc_encode_legacy(&demo, &c, 2, &v, &n, &err);
    is_blob(p, p ? n : 0, with_pci, sizeof with_pci, "legacy -> values -> legacy is exact");
    free(p);
    body = dc_encode_tagged(&demo, &c, "emu", &v, &blen, &err);
    ok(body != NULL, "encodes tagged");
    /* the body alone decides the machine fact: pci_config is there */
    ok(dc_decode_tagged(&demo, &bare, body, blen, &v2, &err) == 0, "tagged decodes without being told the fact");
    p = dc_encode_legacy(&demo, &c, 2, &v2, &n, &err);
    is_blob(p, p ? n : 0, with_pci, sizeof with_pci, "legacy -> tagged -> legacy is exact");
    free(p);
    sv_values_free(&v2);
    free(body);

    /* machine facts */
    ok(dc_decode(&demo, &bare, 2, with_pci, sizeof with_pci, &v2, &err, &used) < 0 && err.code == SV_E_MISSING,
       "an unknown fact without a length fails");
    like(err.msg, "machine fact \"pci\"", "  naming the fact");
    is_str(err.section, "demo", "  and the section");
    bare.legacy_len = sizeof with_pci;
    ok(dc_decode(&demo, &bare, 2, with_pci, sizeof with_pci, &v2, &err, &used) == 0 && sv_values_get(&v2, "pci_config"),
       "the legacy length decides pci = 1");
    sv_values_free(&v2);
    bare.legacy_len = sizeof no_pci;
    ok(dc_decode(&demo, &bare, 2, no_pci, sizeof no_pci, &v2, &err, &used) == 0 && !sv_values_get(&v2, "pci_config") &&
       used == sizeof no_pci, "the legacy length decides pci = 0");
    sv_values_free(&v2);
    bare.legacy_len = sizeof no_pci + 1;
    {
        uint8_t longer[sizeof no_pci + 1];

        memcpy(longer, no_pci, sizeof no_pci);
        longer[sizeof no_pci] = 0;
        ok(dc_decode(&demo, &bare, 2, longer, sizeof longer, &v2, &err, &used) < 0, "a length no layout fits fails");
        ok(err.code != SV_OK && err.code != SV_E_MISSING, "  with the layout's own error (%s)", err.msg);
    }
    bare.legacy_len = 0;
    bare.fact_hook = hook_no_pci;
    ok(dc_decode(&demo, &bare, 2, no_pci, sizeof no_pci, &v2, &err, &used) == 0 && hook_calls == 1,
       "a hook answers from earlier sections");
    bare.fact_hook = NULL;
    /* a tagged body without pci_config says pci = 0 by itself */
    body = dc_encode_tagged(&demo, &bare, "emu", &v2, &blen, &err);
    sv_values_free(&v2);
    ok(body && dc_decode_tagged(&demo, &bare, body, blen, &v2, &err) == 0 && !sv_values_get(&v2, "pci_config"),
       "tagged without pci_config decodes without being told the fact");
    {
        static const struct sv_desc_fact nopci = { "pci", 0 };
        struct sv_desc_ctx c0 = { .instance = 3, .facts = &nopci, .nfacts = 1 };

        p = dc_encode_legacy(&demo, &c0, 2, &v2, &n, &err);
        is_blob(p, p ? n : 0, no_pci, sizeof no_pci, "  and back to the legacy bytes without PCI");
        free(p);
    }
    sv_values_free(&v2);
    free(body);

    /* versions: tail appeared in version 2 */
    p = dc_encode_legacy(&demo, &c, 1, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "tail") == 0, "version 1 refuses tail = 0x1234");
    free(p);
    ((struct sv_value *)sv_values_get(&v, "tail"))->u = 0;
    p = dc_encode_legacy(&demo, &c, 1, &v, &n, &err);
    ok(p && n == sizeof with_pci - 2 && memcmp(p, with_pci, n) == 0, "version 1 without tail");
    free(p);

    /* list rules */
    ((struct sv_value *)sv_values_get(&v, "sock[1].tag"))->u = 0;
    p = dc_encode_legacy(&demo, &c, 2, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "sock[1].tag") == 0, "a tag equal to the end marker is refused");
    like(err.msg, "end marker", "  saying why");
    free(p);
    {
        uint8_t many[64];
        size_t k = 0;

        memcpy(many, no_pci, 4);
        k = 4;
        for (int i = 0; i < 4; i++) {
            many[k++] = 42;
            memset(many + k, 0, 6);
            k += 6;
        }
        many[k++] = 0;
        static const struct sv_desc_fact nopci = { "pci", 0 };
        struct sv_desc_ctx c0 = { .instance = 3, .facts = &nopci, .nfacts = 1 };

        ok(dc_decode(&demo, &c0, 1, many, k, &v2, &err, &used) < 0 && err.code == SV_E_RANGE, "a fourth element is over capacity");
        like(err.msg, "more than 3", "  saying so");
    }
    /* shapes: a value or a record must have the layout's length and type */
    ((struct sv_value *)sv_values_get(&v, "sock[1].tag"))->u = 42;
    ((struct sv_value *)sv_values_get(&v, "sock[0].buf"))->count = 2;
    p = dc_encode_legacy(&demo, &c, 2, &v, &n, &err);
    ok(p == NULL && err.code == SV_E_USAGE && strcmp(err.field, "sock[0].buf") == 0,
       "a buffer value of another length is refused");
    is_str(err.msg, "value has 2 byte(s), the layout wants 3", "  saying both lengths");
    free(p);
    sv_values_free(&v);
    {
        static const uint8_t cfg[4] = { 0xde, 0xad, 0xbe, 0xef };
        struct sv_tenc e;

        sv_tenc_begin(&e, SV_KIND_FIELDS, 2, "emu", "");
        sv_tenc_field(&e, "pci_config", SV_U8 | SV_ARRAY, 0, 4, cfg);
        body = sv_tenc_take(&e, &blen, &err);
        ok(body && dc_decode_tagged(&demo, &c, body, blen, &v2, &err) < 0 && err.code == SV_E_CORRUPT &&
           strcmp(err.field, "pci_config") == 0, "a byte buffer stored as u8[4] is refused");
        is_str(err.msg, "stored as u8[4], the layout wants bytes[4]", "  saying both types");
        free(body);
    }

    /* bounds and types on decode */
    {
        uint8_t b[sizeof with_pci];

        memcpy(b, with_pci, sizeof b);
        b[1] = 2;
        ok(dc_decode(&demo, &c, 2, b, sizeof b, &v2, &err, &used) < 0 && strcmp(err.field, "on") == 0 &&
           err.offset == 1, "bool 2 refused at its offset");
        memcpy(b, with_pci, sizeof b);
        b[7] = 5;
        ok(dc_decode(&demo, &c, 2, b, sizeof b, &v2, &err, &used) < 0 && strcmp(err.field, "nregs") == 0,
           "nregs 5 refused");
        is_str(err.msg, "value 5 out of range 0..4", "  with its bound");
        memcpy(b, with_pci, sizeof b);
        b[22] = 9;                      /* sock[0].len = 9 > 8 */
        ok(dc_decode(&demo, &c, 2, b, sizeof b, &v2, &err, &used) < 0 && strcmp(err.field, "sock[0].len") == 0 &&
           err.offset == 21, "a buffer count above its capacity names the count at its offset");
    }
    /* the context: a target-dependent table wants a target */
    {
        const struct sv_desc *cpu = sv_desc_find("0.11", "i386", "cpu", 10);
        uint8_t z[2000] = { 0 };
        struct sv_stream s;

        sv_error_clear(&err);
        sv_stream_mem_reader(&s, z, sizeof z);
        ok(sv_desc_decode_legacy(cpu, &bare, 10, &s, &v2, &used, &err) < 0 && err.code == SV_E_USAGE,
           "cpu without a target is refused");
        like(err.msg, "target", "  saying why");
    }
    return 0;
}
