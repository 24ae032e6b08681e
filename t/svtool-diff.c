/* svtool diff: fields, defaults for missing fields, RAM ranges, any mix of formats. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv-ram.h"
#include "svtool-streams.h"
#include "tap.h"

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

static char *save(const char *name, const struct su_buf *b)
{
    char *p = strdup(su_tpath(name));

    su_write_file(p, b->b, b->len);
    return p;
}

static char *to_tagged(const char *in, const char *name)
{
    char *out = strdup(su_tpath(name));
    struct su_run r;

    unlink(out);
    RUN(&r, NULL, "convert", "--to", "tagged", "--release", "0.11", in, out);
    if (r.code)
        diag("convert %s: %s", in, r.err);
    su_run_free(&r);
    return out;
}

/* A stream with ram pages: fills everywhere, full pages at the given addresses. */
static void ram_stream(struct su_buf *b, const uint64_t *full, size_t nfull, uint8_t seed, int twice)
{
    su_header(b);
    su_ram_start(b, 0, 1 << 20);
    for (uint64_t a = 0; a < (1 << 20); a += SV_RAM_PAGE) {
        size_t k;

        for (k = 0; k < nfull && full[k] != a; k++)
            ;
        if (k < nfull)
            su_ram_page(b, a, seed);
        else
            su_ram_fill(b, a, 0);
    }
    su_ram_eos(b);
    su_ram_part(b, 0, 2);
    if (twice)              /* a later record for page 0x1000 wins */
        su_ram_fill(b, 0x1000, 0x11);
    su_ram_eos(b);
    su_ram_part(b, 0, 3);
    su_ram_eos(b);
    su_eof(b);
}

int main(void)
{
    struct su_buf a = { 0 }, b = { 0 };
    char *fa, *fb, *ta, *tb;
    struct su_run r;

    tap_init();
    plan_lazy();

    su_golden_stream(&a, 1, 18);
    fa = save("a.sv", &a);
    RUN(&r, NULL, "diff", fa, fa);
    is_int(r.code, 0, "a stream and itself: exit 0");
    is_str(r.out, "", "  nothing printed");
    su_run_free(&r);

    /* one field, and one RAM page */
    su_golden_stream(&b, 2, 20);
    fb = save("b.sv", &b);
    RUN(&r, NULL, "diff", fa, fb);
    is_int(r.code, 1, "different streams: exit 1");
    like(r.out, "section \"i8254\" instance 64: field \"channel[1].count\": A 18, B 20\n", "  the field, both values");
    like(r.out, "ram: 1 pages differ: 0x3000-0x3fff\n", "  the RAM page as a range");
    su_run_free(&r);

    /* any mix of formats: legacy vs tagged of the same state */
    ta = to_tagged(fa, "a-tagged.sv");
    tb = to_tagged(fb, "b-tagged.sv");
    RUN(&r, NULL, "diff", fa, ta);
    is_int(r.code, 0, "legacy vs its tagged conversion: same, exit 0");
    if (r.code)
        diag("%s%s", r.out, r.err);
    su_run_free(&r);
    RUN(&r, NULL, "diff", ta, fb);
    is_int(r.code, 1, "tagged A vs legacy B: exit 1");
    like(r.out, "field \"channel[1].count\": A 18, B 20\n", "  the same difference");
    su_run_free(&r);
    RUN(&r, NULL, "diff", ta, tb);
    is_int(r.code, 1, "tagged vs tagged: exit 1");
    like(r.out, "ram: 1 pages differ: 0x3000-0x3fff\n", "  RAM compared too");
    su_run_free(&r);
    su_buf_free(&b);

    /* a field missing on one side counts as its default: slirp v1 vs v3,
     * whose ip_id and BOOTP table slirp_init leaves zeroed */
    {
        char *v1, *v2;
        struct su_buf body = { 0 };

        if (su_default_body("0.10", NULL, "slirp", 1, &body) < 0)
            bail("no slirp v1 descriptor");
        su_header(&b);
        su_full(&b, 0, "slirp", 0, 1, body.b, body.len);
        su_eof(&b);
        su_buf_free(&body);
        v1 = save("slirp1.sv", &b);
        su_buf_free(&b);
        if (su_default_body("0.11", NULL, "slirp", 3, &body) < 0)
            bail("no slirp v3 descriptor");
        su_header(&b);
        su_full(&b, 0, "slirp", 0, 3, body.b, body.len);
        su_eof(&b);
        su_buf_free(&body);
        v2 = save("slirp3.sv", &b);
        su_buf_free(&b);
        RUN(&r, NULL, "diff", v1, v2);
        is_int(r.code, 0, "slirp v1 vs v3 with ip_id and BOOTP at their defaults: same");
        if (r.code)
            diag("%s", r.out);
        su_run_free(&r);
        free(v1);
        free(v2);
    }
    /* a required field has no default: missing on one side is a difference
     * (cpu_clock_offset: vl.c registers no reset for the clock) */
    {
        char *v1, *v2;

        su_timer_stream(&b, 1, 0);
        v1 = save("timer1.sv", &b);
        su_buf_free(&b);
        su_timer_stream(&b, 2, 0);
        v2 = save("timer2.sv", &b);
        su_buf_free(&b);
        RUN(&r, NULL, "diff", v1, v2);
        is_int(r.code, 1, "timer v1 vs v2 with cpu_clock_offset 0: different (required, no default)");
        like(r.out, "section \"timer\" instance 0: field \"cpu_clock_offset\": missing in A, B 0",
             "  the field missing in A");
        su_run_free(&r);
        su_timer_stream(&b, 2, -5000);
        free(v2);
        v2 = save("timer2.sv", &b);
        su_buf_free(&b);
        RUN(&r, NULL, "diff", v1, v2);
        is_int(r.code, 1, "timer v1 vs v2 with cpu_clock_offset -5000: different");
        like(r.out, "section \"timer\" instance 0: field \"cpu_clock_offset\": missing in A, B -5000",
             "  the field missing in A");
        su_run_free(&r);
        free(v1);
        free(v2);
    }

    /* sections only on one side */
    su_serial_stream(&b, 0);
    free(fb);
    fb = save("serial.sv", &b);
    su_buf_free(&b);
    RUN(&r, NULL, "diff", fa, fb);
    is_int(r.code, 1, "different devices: exit 1");
    like(r.out, "section \"i8254\" instance 64: only in A\n", "  a section only in A");
    like(r.out, "ram: only in A\n", "  RAM only in A");
    su_run_free(&r);

    /* RAM ranges; the last record for a page wins */
    {
        static const uint64_t one[] = { 0x2000, 0x3000, 0x4000, 0x9000 };
        char *r1, *r2, *r3;

        ram_stream(&b, one, 4, 1, 0);
        r1 = save("ram1.sv", &b);
        su_buf_free(&b);
        ram_stream(&b, one, 4, 2, 0);
        r2 = save("ram2.sv", &b);
        su_buf_free(&b);
        ram_stream(&b, NULL, 0, 1, 1);
        r3 = save("ram3.sv", &b);
        su_buf_free(&b);
        RUN(&r, NULL, "diff", r1, r2);
        is_int(r.code, 1, "RAM differs: exit 1");
        is_str(r.out, "ram: 4 pages differ: 0x2000-0x4fff, 0x9000-0x9fff\n", "  summarised as page ranges");
        su_run_free(&r);
        RUN(&r, NULL, "diff", r3, r1);
        like(r.out, "0x1000-0x4fff, 0x9000-0x9fff\n", "  the later record for 0x1000 counts");
        su_run_free(&r);
        free(r1);
        free(r2);
        free(r3);
    }

    /* two emulator states, saved under the shim */
    {
        char *e1 = strdup(su_tpath("emu1.sv")), *e2 = strdup(su_tpath("emu2.sv"));

        if (su_emu_save(e1, 1, 10) == 0 && su_emu_save(e2, 1, 40) == 0) {
            RUN(&r, NULL, "diff", e1, e1);
            is_int(r.code, 0, "emu: a tagged save and itself: exit 0");
            su_run_free(&r);
            RUN(&r, NULL, "diff", e1, e2);
            is_int(r.code, 1, "emu: states 30 ticks apart: exit 1");
            like(r.out, "section \"timer\" instance 0: field \"", "  the timer moved");
            like(r.out, "field \"queue.data\": bytes differ from byte ", "  long bytes: where they differ");
            su_run_free(&r);
        } else {
            skip(4, "no emulator or shim");
        }
        free(e1);
        free(e2);
    }

    /* errors */
    RUN(&r, NULL, "diff", fa, "/nonexistent.sv");
    is_int(r.code, 2, "missing B: exit 2");
    like(r.err, "svtool: /nonexistent.sv: cannot open", "  names it");
    su_run_free(&r);
    su_golden_stream(&b, 1, 70000);
    free(fb);
    fb = save("bad.sv", &b);
    su_buf_free(&b);
    RUN(&r, NULL, "diff", fa, fb);
    is_int(r.code, 1, "corrupt B: exit 1");
    like(r.err, "field \"channel[1].count\": value 70000 out of range", "  the problem reported");
    su_run_free(&r);
    RUN(&r, NULL, "diff", fa);
    is_int(r.code, 2, "one file: exit 2");
    su_run_free(&r);

    su_buf_free(&a);
    free(fa);
    free(fb);
    free(ta);
    free(tb);
    return 0;
}
