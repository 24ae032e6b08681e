/*
 * Allocation failure, injected: the codec, the descriptor interpreter and
 * the transcoder return a clean error (or succeed) whichever allocation
 * fails; never a crash, and (under ASan) never a leak.  The test is linked
 * with --wrap=malloc,calloc,realloc so our code's allocations pass here.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "desc-check.h"
#include "golden.h"
#include "interp-plan.h"
#include "tap.h"
#include "transcode.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1;     /* fail when it reaches 0; -1: never */
static long calls;

static int fail_now(void)
{
    calls++;
    return countdown >= 0 && countdown-- == 0;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
    return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

/* One operation; returns 0 ok, 1 clean error, 2 wrong (error without a code). */
typedef int (*op_fn)(void);

static int op_recset(void)
{
    struct sv_recset r;
    struct sv_stream s;
    int rc;

    sv_stream_mem_reader(&s, golden_mixed, sizeof golden_mixed);
    rc = sv_recset_read(&r, &s);
    sv_recset_free(&r);
    if (rc == 0)
        return 0;
    return s.err.code == SV_E_NOMEM ? 1 : 2;
}

static int op_encode(void)
{
    struct sv_tenc e;
    struct sv_error err;
    uint8_t *b;
    size_t n;

    sv_error_clear(&err);
    sv_tenc_begin(&e, SV_KIND_FIELDS, 3, "emu", "x86_64");
    for (int i = 0; i < 40; i++) {
        char name[32];

        snprintf(name, sizeof name, "reg[%d]", i);
        sv_tenc_uint(&e, name, SV_U32, 0, (uint64_t)i * 77);
    }
    b = sv_tenc_take(&e, &n, &err);
    if (b) {
        free(b);
        return 0;
    }
    return err.code == SV_E_NOMEM ? 1 : 2;
}

/* a legacy section through the whole transcoder, and back */
static uint8_t legacy_pit[88];

static int op_transcode(void)
{
    struct sv_transcode x = { .release = "0.11", .idstr = "i8254", .instance = 64 };
    struct sv_error err;
    struct sv_stream s;
    const char *target;
    uint8_t *body, *back = NULL;
    size_t blen, len;
    uint32_t v;
    int described, rc;

    sv_plan_flush();            /* the table is compiled in each run: its allocations fail too */
    sv_error_clear(&err);
    rc = sv_transcode_to_tagged(&x, 1, legacy_pit, sizeof legacy_pit, &body, &blen, &target, &err);
    if (rc < 0)
        return err.code == SV_E_NOMEM ? 1 : 2;
    described = rc == 0;
    sv_error_clear(&err);       /* an opaque body's reason is not a failure */
    sv_stream_mem_reader(&s, body, blen);
    rc = sv_transcode_to_legacy(&x, 0, &s, &back, &len, &v, &err);
    free(body);
    free(back);
    if (rc == 0)
        return described ? 0 : 1;     /* no memory for the layout: opaque is a clean fallback */
    return err.code != SV_OK ? 1 : 2;
}

/* a table of over 120 values decoded by the walker: its arena takes several chunks */
static uint8_t cpu_body[4096];
static size_t cpu_len;

static int op_walk(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", "x86_64", "cpu", 10);
    struct sv_desc_ctx c = { .target = "x86_64", .instance = 0 };
    struct sv_values v;
    struct sv_error err;
    struct sv_stream in;
    uint64_t used;
    int rc;

    sv_error_clear(&err);
    sv_stream_mem_reader(&in, cpu_body, cpu_len);
    rc = sv_desc_decode_legacy(d, &c, 10, &in, &v, &used, &err);
    if (rc == 0 && (v.n < 120 || used != cpu_len)) {
        diag("cpu: %zu values, %llu of %zu bytes", v.n, (unsigned long long)used, cpu_len);
        sv_values_free(&v);
        return 2;
    }
    sv_values_free(&v);
    if (rc == 0)
        return 0;
    return err.code == SV_E_NOMEM && v.n == 0 ? 1 : 2;
}

static void sweep(const char *what, op_fn op)
{
    long total, wrong = 0, errors = 0;

    countdown = -1;
    calls = 0;
    is_int(op(), 0, "%s: succeeds with memory", what);
    total = calls;
    for (long k = 0; k < total; k++) {
        int r;

        countdown = k;
        r = op();
        countdown = -1;
        if (r == 2)
            wrong++;
        errors += r == 1;
    }
    is_int(wrong, 0, "%s: each of %ld allocations failing gives a clean error (%ld errors)", what, total, errors);
}

int main(void)
{
    tap_init();
    plan_lazy();
    /* a valid PIT body: each channel's count 0x10000, channel 0 timers -1 */
    for (int c = 0, off = 0; c < 3; c++) {
        legacy_pit[off + 2] = 1;                     /* count = 0x00010000 */
        off += 24;
        if (c == 0) {
            memset(legacy_pit + off + 8, 0xff, 8);   /* irq_timer -1 */
            off += 16;
        }
    }
    for (int c = 0, off = 0; c < 3; c++) {
        legacy_pit[off + 13] = 3;                    /* mode */
        legacy_pit[off + 15] = c < 2;                /* gate */
        off += c == 0 ? 40 : 24;
    }
    sweep("record set", op_recset);
    sweep("encoder", op_encode);
    sweep("transcode i8254", op_transcode);
    {
        const struct sv_desc *d = sv_desc_find("0.11", "x86_64", "cpu", 10);
        struct sv_desc_ctx c = { .target = "x86_64", .instance = 0 };
        uint8_t *p = d ? dc_default_body(d, &c, 10, &cpu_len) : NULL;

        if (!p || cpu_len > sizeof cpu_body)
            cpu_len = 0;
        else
            memcpy(cpu_body, p, cpu_len);
        free(p);
        ok(cpu_len > 0, "the cpu's body of defaults (%zu bytes)", cpu_len);
    }
    sweep("walk of the cpu", op_walk);
    return 0;
}
