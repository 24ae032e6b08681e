/* The tagged codec against doc/FORMAT.md: golden bodies and every rule. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.h"
#include "sv-tagged.h"
#include "tap.h"

static char msg[512];

/* Reads a whole body into r; on failure msg holds the formatted error. */
static int decode(const uint8_t *b, size_t n, struct sv_recset *r)
{
    struct sv_stream s;
    int rc;

    sv_stream_mem_reader(&s, b, n);
    rc = sv_recset_read(r, &s);
    msg[0] = 0;
    if (rc < 0)
        sv_error_format(&s.err, msg, sizeof msg);
    return rc;
}

/* Decodes a patched copy of a golden body; returns the error code. */
static enum sv_errcode patched(const uint8_t *g, size_t n, size_t at, const uint8_t *with, size_t wn)
{
    uint8_t *b = malloc(n);
    struct sv_recset r;
    struct sv_stream s;

    memcpy(b, g, n);
    memcpy(b + at, with, wn);
    sv_stream_mem_reader(&s, b, n);
    msg[0] = 0;
    if (sv_recset_read(&r, &s) < 0)
        sv_error_format(&s.err, msg, sizeof msg);
    sv_recset_free(&r);
    free(b);
    return s.err.code;
}

static uint8_t *encode_pit(size_t *len)
{
    struct sv_tenc e;
    struct sv_error err;

    sv_error_clear(&err);
    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    sv_tenc_uint(&e, "channel[1].count", SV_U32, 0, 65536);
    sv_tenc_uint(&e, "channel[1].mode", SV_U8, SV_FLAG_DEFAULT, 3);
    sv_tenc_uint(&e, "speaker", SV_BOOL, 0, 1);
    return sv_tenc_take(&e, len, &err);
}

static uint8_t *encode_mixed(size_t *len)
{
    static const uint8_t regs[] = { 0, 1, 0, 2, 0xbe, 0xef }, fifo[] = { 0xde, 0xad, 0xbe, 0xef };
    struct sv_tenc e;

    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "emu", "x86_64");
    sv_tenc_field(&e, "regs", SV_U16 | SV_ARRAY, 0, 3, regs);
    sv_tenc_uint(&e, "delta", SV_S16, 0, (uint16_t)-2);
    sv_tenc_uint(&e, "stamp", SV_U64, 0, 0x0102030405060708ULL);
    sv_tenc_field(&e, "fifo", SV_BYTES, 0, 4, fifo);
    sv_tenc_field(&e, "port[0].name", SV_STRING, 0, 4, "com1");
    return sv_tenc_take(&e, len, NULL);
}

/* Re-encodes every record of a body: must give the same bytes. */
static uint8_t *reencode(const uint8_t *b, size_t n, size_t *len)
{
    struct sv_stream s;
    struct sv_tdec d;
    struct sv_tenc e;
    struct sv_field f;

    sv_stream_mem_reader(&s, b, n);
    if (sv_tdec_begin(&d, &s) < 0)
        return NULL;
    sv_tenc_begin(&e, d.h.kind, d.h.legacy_version, d.h.profile, d.h.target);
    while (sv_tdec_next(&d, &f) == 1)
        sv_tenc_field(&e, f.name, f.type, f.flags, f.count, f.value);
    sv_tdec_free(&d);
    if (sv_stream_failed(&s)) {
        sv_tenc_free(&e);
        return NULL;
    }
    return sv_tenc_take(&e, len, NULL);
}

static void test_golden(void)
{
    static const struct { const char *name; const uint8_t *b; size_t n; } g[] = {
        { "pit", golden_pit, sizeof golden_pit },
        { "mixed", golden_mixed, sizeof golden_mixed },
        { "opaque", golden_opaque, sizeof golden_opaque },
    };
    uint8_t *p;
    size_t n;

    p = encode_pit(&n);
    is_blob(p, n, golden_pit, sizeof golden_pit, "encoder writes the golden PIT body");
    free(p);
    p = encode_mixed(&n);
    is_blob(p, n, golden_mixed, sizeof golden_mixed, "encoder writes the golden mixed body");
    free(p);
    {
        struct sv_tenc e;

        sv_tenc_begin(&e, SV_KIND_OPAQUE, 2, "0.10", "i386");
        sv_tenc_field(&e, "legacy", SV_BYTES, 0, 3, "\1\2\3");
        p = sv_tenc_take(&e, &n, NULL);
        is_blob(p, n, golden_opaque, sizeof golden_opaque, "encoder writes the golden opaque body (F-30)");
        free(p);
    }
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        p = reencode(g[i].b, g[i].n, &n);
        is_blob(p, n, g[i].b, g[i].n, "%s: decode then encode is identical", g[i].name);
        free(p);
    }
}

static void test_decode_values(void)
{
    struct sv_recset r;
    const struct sv_field *f;
    uint64_t v;
    struct sv_error err;

    ok(decode(golden_mixed, sizeof golden_mixed, &r) == 0, "golden mixed body decodes");
    is_int(r.n, 5, "five records");
    is_str(r.h.profile, "emu", "profile read (F-9)");
    is_str(r.h.target, "x86_64", "target read (F-9)");
    is_int(r.h.legacy_version, 3, "legacy version read (F-8)");
    f = sv_recset_find(&r, "regs");
    ok(f && f->type == (SV_U16 | SV_ARRAY) && f->count == 3 && sv_field_u(f, 2) == 0xbeef,
       "u16[3] element 2 is 0xbeef (F-16 big-endian)");
    f = sv_recset_find(&r, "delta");
    ok(f && sv_field_s(f, 0) == -2, "s16 -2 sign-extends");
    f = sv_recset_find(&r, "stamp");
    ok(f && sv_field_u(f, 0) == 0x0102030405060708ULL, "u64 read whole");
    f = sv_recset_find(&r, "port[0].name");
    ok(f && f->count == 4 && memcmp(f->value, "com1", 4) == 0, "string read");
    sv_error_clear(&err);
    ok(sv_recset_get_int(&r, "regs", SV_U16 | SV_ARRAY, 1, 0, 0, &v, &err) == 0 && v == 2,
       "array element fetched at its declared type");
    ok(sv_recset_get_int(&r, "delta", SV_S32, 0, 0, 0, &v, &err) == 0 && (int64_t)v == -2,
       "s16 -2 loads into s32 (F-20)");
    sv_recset_free(&r);
}

/* One patched copy of a golden body and what decoding it must say. */
struct patch_case {
    const char *what;
    size_t at;                          /* where the bytes go */
    const char *with;
    size_t n;
    enum sv_errcode code;
    const char *field;                  /* the message names it (NULL: no field) */
    const char *offset;                 /* the message gives it */
    const char *says;                   /* and this (NULL: nothing more) */
};

#define P(what_, at_, with_, code_, field_, offset_, ...) \
    { .what = what_, .at = at_, .with = with_, .n = sizeof with_ - 1, .code = code_, .field = field_, \
      .offset = offset_, __VA_ARGS__ }

/* golden_pit: header at 0 (magic 0, revision 4, kind 5, length 6, version 10,
 * profile 14, target 19, count 20); the first record at 24, its type at 41,
 * flags 42, count 43; speaker's value at 88 */
static const struct patch_case pit_cases[] = {
    P("F-4 bad magic", 0, "SVTX", SV_E_CORRUPT, NULL, "offset 0:"),
    P("F-5 unknown revision", 4, "\2", SV_E_UNKNOWN, NULL, "offset 4:", .says = "revision 2"),
    P("F-6 unknown kind", 5, "\7", SV_E_CORRUPT, NULL, "offset 5:"),
    P("F-7 body length below the header", 6, "\0\0\0\x13", SV_E_LIMIT, NULL, "offset 6:"),
    P("F-22 body length above 16 MiB", 6, "\x01\0\0\x01", SV_E_LIMIT, NULL, "offset 6:"),
    P("F-7 body length past the last record", 6, "\0\0\0\x60", SV_E_CORRUPT, NULL, "offset 89:"),
    P("F-10 last record crosses the body length", 6, "\0\0\0\x58", SV_E_CORRUPT, "speaker", "offset 84:"),
    P("F-8 legacy version not below T", 10, "\x53\x56\0\0", SV_E_RANGE, NULL, "offset 10:"),
    P("F-9 profile with a bad character", 15, "0/", SV_E_CORRUPT, NULL, "offset 15:"),
    P("F-9 empty profile", 14, "\0", SV_E_LIMIT, NULL, "offset 14:"),
    P("F-10 bytes after the last record", 20, "\0\0\0\2", SV_E_CORRUPT, NULL, "offset 74:"),
    P("F-22 field count above 65536", 20, "\0\1\0\1", SV_E_LIMIT, NULL, "offset 20:"),
    P("F-11 empty name", 24, "\0", SV_E_LIMIT, NULL, "offset 24:"),
    P("F-22 name longer than 128", 24, "\x81", SV_E_LIMIT, NULL, "offset 24:"),
    P("F-11 index with a leading zero", 33, "01", SV_E_CORRUPT, NULL, "offset 25:"),
    P("F-11 empty segment", 36, "..", SV_E_CORRUPT, NULL, "offset 25:"),
    P("F-12 unknown type code", 41, "\x0c", SV_E_CORRUPT, "channel[1].count", "offset 41:"),
    P("F-12 array of bytes", 41, "\x8a", SV_E_CORRUPT, "channel[1].count", "offset 41:"),
    P("F-14 reserved flag bit", 42, "\x02", SV_E_UNKNOWN, "channel[1].count", "offset 42:"),
    P("F-13 scalar with count 2", 43, "\0\0\0\2", SV_E_CORRUPT, "channel[1].count", "offset 43:"),
    P("F-17 bool value 2", 88, "\2", SV_E_CORRUPT, "speaker", "offset 88:"),
};

/* golden_mixed: "delta"'s name at 47; port[0].name's value ends the body */
static const struct patch_case mixed_cases[] = {
    P("F-17 string with a NUL", sizeof golden_mixed - 2, "\0", SV_E_CORRUPT, "port[0].name", "offset 114:"),
    P("F-21 duplicate field", 47, "stamp", SV_E_CORRUPT, "stamp", "offset 60:"),
};

static void check_patches(const uint8_t *g, size_t n, const struct patch_case *c, size_t nc)
{
    for (size_t i = 0; i < nc; i++) {
        is_int(patched(g, n, c[i].at, (const uint8_t *)c[i].with, c[i].n), c[i].code, "%s: refused (%s)",
               c[i].what, sv_errcode_name(c[i].code));
        if (c[i].field)
            like(msg, c[i].field, "%s: message names the field", c[i].what);
        like(msg, c[i].offset, "%s: message gives the offset", c[i].what);
        if (c[i].says)
            like(msg, c[i].says, "%s: the message says %s", c[i].what, c[i].says);
    }
}

static void test_patched_rules(void)
{
    check_patches(golden_pit, sizeof golden_pit, pit_cases, sizeof pit_cases / sizeof pit_cases[0]);
    check_patches(golden_mixed, sizeof golden_mixed, mixed_cases, sizeof mixed_cases / sizeof mixed_cases[0]);
}

/* F-20: a record read at the type a reader asks for. */
static void test_conversions(void)
{
    static const struct {
        const char *name;
        uint8_t as;                     /* the reader's type */
        uint32_t index;
        enum sv_errcode code;           /* SV_OK: loads, giving want */
        int64_t want;
        const char *what;
    } cases[] = {
        { "small", SV_U8, 0, SV_OK, 0x10, "F-20 u64 0x10 loads into a u8 field" },
        { "big", SV_U8, 0, SV_E_RANGE, 0, "F-20 u64 0x100 into a u8 field fails" },
        { "neg", SV_U16, 0, SV_E_RANGE, 0, "F-20 s8 -1 into a u16 field fails" },
        { "neg", SV_S64, 0, SV_OK, -1, "F-20 s8 -1 loads into an s64 field" },
        { "flag", SV_U8, 0, SV_E_CORRUPT, 0, "F-20 bool never converts to an integer" },
        { "small", SV_BOOL, 0, -1, 0, "F-20 an integer never converts to bool" },
        { "arr", SV_U8, 0, -1, 0, "F-20 an array never loads into a scalar" },
        { "arr", SV_U8 | SV_ARRAY, 2, -1, 0, "an element past the array's end fails" },
    };
    struct sv_tenc e;
    struct sv_recset r;
    struct sv_error err;
    uint64_t v;
    uint8_t *b;
    size_t n;
    char m[512];

    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    sv_tenc_uint(&e, "small", SV_U64, 0, 0x10);
    sv_tenc_uint(&e, "big", SV_U64, 0, 0x100);
    sv_tenc_uint(&e, "neg", SV_S8, 0, (uint8_t)-1);
    sv_tenc_uint(&e, "flag", SV_BOOL, 0, 1);
    sv_tenc_field(&e, "arr", SV_U8 | SV_ARRAY, 0, 2, "\1\2");
    b = sv_tenc_take(&e, &n, NULL);
    decode(b, n, &r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;

        sv_error_clear(&err);
        rc = sv_recset_get_int(&r, cases[i].name, cases[i].as, cases[i].index, 0, 0, &v, &err);
        if (cases[i].code == SV_OK)
            ok(rc == 0 && (int64_t)v == cases[i].want, "%s", cases[i].what);
        else if ((int)cases[i].code < 0)        /* refused, whatever the code */
            ok(rc < 0, "%s", cases[i].what);
        else
            ok(rc < 0 && err.code == cases[i].code, "%s", cases[i].what);
        if (strcmp(cases[i].name, "big") == 0) {
            sv_error_format(&err, m, sizeof m);
            like(m, "field \"big\"", "F-20: the message names the field");
            like(m, "value 256", "F-20: the message gives the value");
        }
    }
    sv_recset_free(&r);
    free(b);
}

static void test_reading_rules(void)
{
    struct sv_recset r;
    struct sv_error err;
    uint64_t v;
    char m[512];

    decode(golden_pit, sizeof golden_pit, &r);
    sv_error_clear(&err);
    ok(sv_recset_get_int(&r, "channel[0].count", SV_U32, 0, 1, 0x10000, &v, &err) == 0 && v == 0x10000,
       "F-18 a missing field takes its default");
    ok(sv_recset_get_int(&r, "channel[0].gate", SV_U8, 0, 0, 0, &v, &err) < 0 &&
       err.code == SV_E_MISSING, "F-18 a missing required field fails");
    like(sv_error_format(&err, m, sizeof m), "field \"channel[0].gate\"", "F-18: the message names it");
    sv_recset_free(&r);

    /* F-19: speaker and mode are never looked up */
    decode(golden_pit, sizeof golden_pit, &r);
    sv_error_clear(&err);
    sv_recset_get_int(&r, "channel[1].count", SV_U32, 0, 0, 0, &v, &err);
    ok(sv_recset_check_unknown(&r, &err) < 0 && err.code == SV_E_UNKNOWN,
       "F-19 an unknown field not at its default fails");
    sv_error_format(&err, m, sizeof m);
    like(m, "field \"speaker\"", "F-19: the message names the field");
    like(m, "value 1", "F-19: the message gives the value");
    like(m, "offset 74:", "F-19: the message gives the offset");
    sv_recset_free(&r);
    decode(golden_pit, sizeof golden_pit, &r);
    sv_error_clear(&err);
    sv_recset_get_int(&r, "channel[1].count", SV_U32, 0, 0, 0, &v, &err);
    sv_recset_get_int(&r, "speaker", SV_BOOL, 0, 0, 0, &v, &err);
    ok(sv_recset_check_unknown(&r, &err) == 0,
       "F-19 an unknown field with is_default is skipped (channel[1].mode)");
    sv_recset_free(&r);

    test_conversions();
}

static void test_encoder_refuses(void)
{
    struct sv_tenc e;
    char longname[SV_NAME_MAX + 2];
    uint8_t *b;
    size_t n;

    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    ok(sv_tenc_begin(&e, SV_KIND_FIELDS, SV_TAGGED_VERSION, "0.11", "") < 0,
       "encoder refuses a legacy version at T");
    sv_tenc_free(&e);
    ok(sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "", "") < 0, "encoder refuses an empty profile");
    sv_tenc_free(&e);
    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    ok(sv_tenc_uint(&e, longname, SV_U8, 0, 1) < 0, "encoder refuses a 129-byte name");
    sv_tenc_free(&e);
    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    ok(sv_tenc_uint(&e, "a[01]", SV_U8, 0, 1) < 0, "encoder refuses a malformed name");
    sv_tenc_free(&e);
    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    ok(sv_tenc_uint(&e, "a", SV_U8, 0x04, 1) < 0, "encoder refuses a reserved flag");
    b = sv_tenc_take(&e, &n, NULL);
    ok(b == NULL, "a failed encoder yields no body");
}

/* Every prefix of a valid body is a clean error, never a crash. */
static void test_truncation(void)
{
    static const struct { const char *name; const uint8_t *b; size_t n; } g[] = {
        { "pit", golden_pit, sizeof golden_pit },
        { "mixed", golden_mixed, sizeof golden_mixed },
        { "opaque", golden_opaque, sizeof golden_opaque },
    };

    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        size_t bad = 0;

        for (size_t len = 0; len < g[i].n; len++) {
            uint8_t *copy = malloc(len ? len : 1);   /* exact size, so ASan sees overreads */
            struct sv_recset r;
            struct sv_stream s;

            memcpy(copy, g[i].b, len);
            sv_stream_mem_reader(&s, copy, len);
            if (sv_recset_read(&r, &s) == 0 || s.err.code != SV_E_TRUNC || s.err.offset > len)
                bad++;
            sv_recset_free(&r);
            free(copy);
        }
        is_int(bad, 0, "%s: each of %zu prefixes is a truncation error within the data", g[i].name, g[i].n);
    }
}

/* F-24: readers find fields by name, in any order; F-26: a feature's group. */
static void test_order_and_features(void)
{
    struct sv_tenc e;
    struct sv_recset r;
    struct sv_error err;
    uint8_t *b;
    size_t n;
    uint64_t v;

    sv_tenc_begin(&e, SV_KIND_FIELDS, 2, "0.11", "");
    sv_tenc_uint(&e, "speaker", SV_BOOL, 0, 1);
    sv_tenc_uint(&e, "msix.table[0].addr", SV_U64, SV_FLAG_DEFAULT, 0);   /* feature unused */
    sv_tenc_uint(&e, "msix.enabled", SV_BOOL, SV_FLAG_DEFAULT, 0);
    sv_tenc_uint(&e, "channel[1].count", SV_U32, 0, 7);
    b = sv_tenc_take(&e, &n, NULL);
    decode(b, n, &r);
    sv_error_clear(&err);
    ok(sv_recset_get_int(&r, "channel[1].count", SV_U32, 0, 0, 0, &v, &err) == 0 && v == 7 &&
       sv_recset_get_int(&r, "speaker", SV_BOOL, 0, 0, 0, &v, &err) == 0 && v == 1,
       "F-24 fields are found by name whatever their order");
    ok(sv_recset_check_unknown(&r, &err) == 0,
       "F-26 an old reader loads state whose feature (msix.*) was unused");
    sv_recset_free(&r);
    free(b);

    sv_tenc_begin(&e, SV_KIND_FIELDS, 2, "0.11", "");
    sv_tenc_uint(&e, "speaker", SV_BOOL, 0, 1);
    sv_tenc_uint(&e, "msix.table[0].addr", SV_U64, 0, 0xfee00000);       /* feature used */
    sv_tenc_uint(&e, "msix.enabled", SV_BOOL, 0, 1);
    b = sv_tenc_take(&e, &n, NULL);
    decode(b, n, &r);
    sv_error_clear(&err);
    sv_recset_get_int(&r, "speaker", SV_BOOL, 0, 0, 0, &v, &err);
    ok(sv_recset_check_unknown(&r, &err) < 0 && strstr(err.field, "msix."),
       "F-26 an old reader refuses state whose feature was used, naming the field (%s)", err.field);
    sv_recset_free(&r);
    free(b);
}

/* F-22: a body that claims 16 MiB but ends early costs what it delivered. */
static void test_claimed_length(void)
{
    uint8_t b[64];
    struct sv_tenc e;
    uint8_t *body;
    size_t n;
    pid_t pid;
    int st;

    if (strcmp(getenv("SV_SANITIZERS") ? getenv("SV_SANITIZERS") : "", "yes") == 0) {
        skip(1, "address-space limits and ASan's shadow memory do not mix");
        return;
    }
    sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
    sv_tenc_field(&e, "blob", SV_BYTES, 0, 4, "abcd");
    body = sv_tenc_take(&e, &n, NULL);
    memcpy(b, body, n);
    free(body);
    sv_store_be(b + 6, 4, SV_BODY_MAX);                     /* the body claims 16 MiB */
    sv_store_be(b + n - 8, 4, SV_BODY_MAX - 64);            /* and its value nearly as much */
    pid = fork();
    if (pid == 0) {
        struct sv_recset r;
        struct sv_stream s;
        struct rlimit lim;
        long pages = 0;
        FILE *f = fopen("/proc/self/statm", "r");

        if (!f || fscanf(f, "%ld", &pages) != 1)
            _exit(3);
        fclose(f);
        lim.rlim_cur = lim.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (4u << 20);
        setrlimit(RLIMIT_AS, &lim);
        sv_stream_mem_reader(&s, b, n);
        sv_recset_read(&r, &s);
        _exit(s.err.code == SV_E_TRUNC ? 0 : s.err.code == SV_E_NOMEM ? 2 : 1);
    }
    waitpid(pid, &st, 0);
    is_int(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st), 0,
           "F-22 a 16 MiB claim decodes to truncation within 4 MiB of address space");
}

int main(void)
{
    tap_init();
    plan_lazy();
    test_golden();
    test_decode_values();
    test_patched_rules();
    test_reading_rules();
    test_encoder_refuses();
    test_truncation();
    test_claimed_length();
    test_order_and_features();
    return 0;
}
