/* emu-ring's legacy load trusts `used` and `head` from the stream (the
 * virtio CVE class).  A legitimate full ring round-trips; a hostile one
 * overflows the heap array, which the sanitizer build must report. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu-run.h"
#include "tap.h"

static const char *emu;

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* A copy of the saved stream with emu-ring's body replaced. */
static const char *with_ring(const char *name, uint32_t used, uint32_t head)
{
    struct er_section si[64];
    const struct er_section *f;
    const char *argv[] = { emu, "--sections", er_scratch("h.sections"), "--save", er_scratch("h.sv"), NULL };
    struct er_result r;
    uint8_t *s, *out;
    size_t len, body = 12 + 4 * (size_t)used, m;
    int n;

    er_run(argv, &r);
    er_run_free(&r);
    n = er_parse_sections(er_scratch("h.sections"), si, 64);
    f = er_find_section(si, n, "emu-ring", 0);
    s = er_slurp(er_scratch("h.sv"), &len);
    if (!f || !s)
        bail("no emu-ring section");
    out = calloc(1, len + body);
    memcpy(out, s, (size_t)f->offset);
    m = (size_t)f->offset;
    put32(out + m, used);
    put32(out + m + 4, head);
    for (uint32_t i = 0; i < used; i++)
        put32(out + m + 8 + 4 * i, 0xdead0000u + i);
    put32(out + m + 8 + 4 * used, used);
    m += body;
    memcpy(out + m, s + f->offset + f->length, len - (size_t)(f->offset + f->length));
    m += len - (size_t)(f->offset + f->length);
    er_spew(er_scratch(name), out, m);
    free(out);
    free(s);
    return er_scratch(name);
}

/* SV_SANITIZERS when configure filled it in, else ask the binary itself. */
static int built_with_asan(void)
{
    const char *san = getenv("SV_SANITIZERS");
    char *nm, *save = NULL;
    const char *argv[8];
    struct er_result r;
    int n = 0, yes;

    if (san && (strcmp(san, "yes") == 0 || strcmp(san, "no") == 0))
        return strcmp(san, "yes") == 0;
    nm = strdup(tap_env("SV_NM"));          /* may carry options: "nm -B" */
    for (char *w = strtok_r(nm, " ", &save); w && n < 5; w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    argv[n++] = "-D";
    argv[n++] = emu;
    argv[n] = NULL;
    er_run(argv, &r);
    yes = strstr(r.out, "__asan_init") != NULL;
    er_run_free(&r);
    free(nm);
    return yes;
}

int main(void)
{
    const char *sv;
    struct er_result r;

    tap_init();
    plan_lazy();
    emu = tap_env("SV_EMU");

    /* legitimate: a full ring (16 entries), written by us */
    sv = with_ring("full.sv", 16, 15);
    {
        const char *argv[] = { emu, "--load", sv, "--ticks", "1", "--print-state", NULL };

        er_run(argv, &r);
        is_int(r.status, 0, "a full ring (used 16, head 15) loads and runs");
        like(r.out, "emu-ring.slot[14]=3735879694\n", "its slots came from the stream");
        like(r.out, "emu-ring.head=0\n", "head wraps");
        er_run_free(&r);
    }

    if (!built_with_asan()) {
        skip(4, "the overflows are only visible in the sanitizer build (--enable-sanitizers)");
        return 0;
    }

    /* hostile count: 64 entries into a 16-slot heap array, during load */
    sv = with_ring("count.sv", 64, 0);
    {
        const char *argv[] = { emu, "--load", sv, NULL };

        er_run(argv, &r);
        ok(r.status != 0, "hostile used=64: the load does not survive ASan (status %d)", r.status);
        like(r.err, "heap-buffer-overflow", "ASan reports a heap-buffer-overflow");
        er_run_free(&r);
    }
    /* hostile index: head 1000, used on the next tick */
    sv = with_ring("index.sv", 1, 1000);
    {
        const char *argv[] = { emu, "--load", sv, "--ticks", "1", NULL };

        er_run(argv, &r);
        ok(r.status != 0, "hostile head=1000: the next tick does not survive ASan");
        like(r.err, "heap-buffer-overflow", "ASan reports a heap-buffer-overflow");
        er_run_free(&r);
    }
    return 0;
}
