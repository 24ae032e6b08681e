/*
 * svtool reset: the named sections at their reset values, everything else
 * as it was, the output whole or not at all, and clean refusals.  Expected
 * reset values come from the QEMU 0.11.1 reset handlers (file:line).  The
 * emulator-level test (state after loading = the device's own reset) is
 * t/emu-reset.c.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sv-tagged.h"
#include "svtool-streams.h"
#include "tap.h"

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

static void test_legacy(void)
{
    char *in = strdup(su_tpath("golden.sv")), *out = strdup(su_tpath("reset.sv")), *again = strdup(su_tpath("again.sv"));
    struct su_buf b = { 0 };
    struct su_run r;

    su_golden_stream(&b, 1, 18);
    su_write_file(in, b.b, b.len);
    su_buf_free(&b);
    RUN(&r, NULL, "reset", "--section", "i8254", in, out);
    is_int(r.code, 0, "reset --section i8254: exit 0");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "diff", in, out);
    is_int(r.code, 1, "  the output differs from the input");
    /* hw/i8254.c:227-234 pit_load_count(s, 0): 0x10000; :460 mode 3 */
    like(r.out, "section \"i8254\" instance 64: field \"channel[1].count\": A 18, B 65536\n",
         "  channel[1].count at pit_reset's 65536");
    ok(!strstr(r.out, "\"i8259\"") && !strstr(r.out, "\"serial\"") && !strstr(r.out, "ram:"),
       "  no other section and no RAM page changed");
    ok(!strstr(r.out, "latched_count") && !strstr(r.out, "count_load_time"),
       "  the fields pit_reset leaves kept");
    su_run_free(&r);
    RUN(&r, NULL, "check", out);
    is_int(r.code, 0, "  the output passes svtool check");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--section", "i8254", out);
    like(r.out, "format=legacy", "  still legacy");
    su_run_free(&r);
    /* a reset state resets to itself */
    RUN(&r, NULL, "reset", "--section", "i8254", out, again);
    is_int(r.code, 0, "reset of the reset: exit 0");
    su_run_free(&r);
    ok(su_same_file(out, again), "  the same bytes (idempotent)");
    unlink(again);

    /* without an instance every instance is reset: both i8259s.
     * hw/i8259.c:264-284 pic_reset: imr 0, elcr kept */
    RUN(&r, NULL, "reset", "--section", "i8259", in, again);
    is_int(r.code, 0, "reset --section i8259: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "diff", in, again);
    like(r.out, "section \"i8259\" instance 32: field \"imr\": A 184, B 0\n", "  the master's imr cleared");
    like(r.out, "section \"i8259\" instance 160: field \"imr\"", "  and the slave's");
    ok(!strstr(r.out, "elcr"), "  elcr kept on both");
    su_run_free(&r);
    unlink(again);
    /* with one, only that one */
    RUN(&r, NULL, "reset", "--section", "i8259:160", in, again);
    is_int(r.code, 0, "reset --section i8259:160: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "diff", in, again);
    ok(strstr(r.out, "instance 160") && !strstr(r.out, "instance 32:"), "  only instance 160 changed");
    su_run_free(&r);
    unlink(again);
    /* through pipes */
    {
        struct su_run_opts o = { .in_file = in, .out_file = again };

        RUN(&r, &o, "reset", "--section", "i8254", "-", "-");
        is_int(r.code, 0, "reset from stdin to stdout: exit 0");
        su_run_free(&r);
        ok(su_same_file(out, again), "  the same bytes as from files");
        unlink(again);
    }
    unlink(out);
    free(in);
    free(out);
    free(again);
}

static void test_tagged(void)
{
    char *leg = strdup(su_tpath("emu.sv")), *tag = strdup(su_tpath("emu-tagged.sv")), *out = strdup(su_tpath("t-reset.sv"));
    char *back = strdup(su_tpath("t-back.sv")), *lout = strdup(su_tpath("l-reset.sv"));
    struct su_run r;

    if (su_emu_save(leg, 0, 5) < 0) {
        skip(6, "the emulator did not save");
        goto out;
    }
    RUN(&r, NULL, "convert", "--to", "tagged", leg, tag);
    if (r.code)
        bail("convert: %s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "pckbd", tag, out);
    is_int(r.code, 0, "tagged: reset --section pckbd: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--section", "pckbd", out);
    like(r.out, " format=tagged ", "  the section stays tagged");
    /* hw/pckbd.c:334-340 kbd_reset: KBD_STAT_CMD | KBD_STAT_UNLOCKED (0x18),
     * KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT (0x03) */
    like(r.out, "  status = 24 (u8)\n", "  status 0x18");
    like(r.out, "  mode = 3 (u8)\n", "  mode 0x03");
    su_run_free(&r);
    /* the same as resetting the legacy form and converting */
    RUN(&r, NULL, "reset", "--section", "pckbd", leg, lout);
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", out, back);
    is_int(r.code, 0, "  back to legacy: exit 0");
    su_run_free(&r);
    ok(su_same_file(back, lout), "  equals the reset of the legacy snapshot");
    unlink(out);
    unlink(back);
    unlink(lout);
out:
    free(leg);
    free(tag);
    free(out);
    free(back);
    free(lout);
}

/*
 * cirrus_vga on -M pc: the PCI part is there because the machine is a PCI
 * one (the PCIBUS section before it), a fact the reset must keep.
 */
static void test_machine_fact(void)
{
    char *in = strdup(su_tpath("cirrus.sv")), *out = strdup(su_tpath("cirrus-reset.sv"));
    static uint8_t body[1870];
    uint8_t pcibus[20] = { 0, 0, 0, 4 };                /* nirq 4, irq_count 0 x 4 */
    struct su_buf b = { 0 };
    struct su_run r;

    body[3] = 2;                                        /* pci_device_save: version 2 */
    body[276 + 4 + 1 + 256 + 1 + 2 + 254 + 1 + 21 + 4 + 1 + 256 + 4 + 1 + 3 + 3 + 768 + 4] = 0x77;
    su_header(&b);
    su_full(&b, 0, "PCIBUS", 0, 1, pcibus, sizeof pcibus);
    su_full(&b, 1, "cirrus_vga", 0, 2, body, sizeof body);
    su_eof(&b);
    su_write_file(in, b.b, b.len);
    su_buf_free(&b);
    RUN(&r, NULL, "reset", "--release", "0.11", "--section", "cirrus_vga", in, out);
    is_int(r.code, 0, "cirrus_vga on a PCI machine: exit 0");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--release", "0.11", "--section", "cirrus_vga", out);
    like(r.out, " length=1870 ", "  the PCI part kept: 1870 bytes");
    like(r.out, "  pci.version = 2 (u32)\n", "  pci.version there");
    /* hw/cirrus_vga.c:3150-3151 cirrus_reset: lock index 5, data 0 */
    like(r.out, "  cirrus_hidden_dac_lockindex = 5 (u8)\n", "  the hidden DAC lock index at cirrus_reset's 5");
    like(r.out, "  cirrus_hidden_dac_data = 0 (u8)\n", "  the hidden DAC data at 0");
    su_run_free(&r);
    unlink(out);
    free(in);
    free(out);
}

static void test_refusals(void)
{
    char *in = strdup(su_tpath("golden.sv")), *out = strdup(su_tpath("no.sv"));
    struct su_buf b = { 0 };
    struct su_run r;

    su_golden_stream(&b, 1, 18);
    su_write_file(in, b.b, b.len);
    su_buf_free(&b);
    RUN(&r, NULL, "reset", in, out);
    is_int(r.code, 2, "no --section: exit 2");
    like(r.err, "reset needs --section", "  saying so");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "frobnicator", in, out);
    is_int(r.code, 2, "an unknown section: exit 2");
    like(r.err, "no section \"frobnicator\" in the stream", "  naming it");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "i8259:33", in, out);
    is_int(r.code, 2, "an unknown instance: exit 2");
    like(r.err, "no section \"i8259\" instance 33 in the stream", "  naming section and instance");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "i8259:x", in, out);
    is_int(r.code, 2, "a bad instance: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "ram", in, out);
    is_int(r.code, 2, "the live ram section: exit 2");
    like(r.err, "section \"ram\" instance 0: a live section has no fields to reset", "  saying why");
    ok(!su_file_exists(out), "  no output");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--section", "i8254", in, in);
    is_int(r.code, 2, "output = input: exit 2");
    su_run_free(&r);
    su_write_file(out, "x", 1);
    RUN(&r, NULL, "reset", "--section", "i8254", in, out);
    is_int(r.code, 2, "an existing output without --force: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "reset", "--force", "--section", "i8254", in, out);
    is_int(r.code, 0, "  with --force: exit 0");
    su_run_free(&r);
    unlink(out);

    /* a tagged section without a required field cannot be read, so not
     * reset: refused naming it, nothing written */
    {
        struct sv_tenc e;
        struct sv_error err;
        uint8_t *body;
        size_t len;

        sv_tenc_begin(&e, SV_KIND_FIELDS, 1, "0.11", "");
        sv_tenc_uint(&e, "imr", SV_U8, 0, 0xff);
        body = sv_tenc_take(&e, &len, &err);
        if (!body)
            bail("%s", err.msg);
        su_header(&b);
        su_full(&b, 0, "i8259", 32, SV_TAGGED_VERSION, body, len);
        su_eof(&b);
        free(body);
        su_write_file(in, b.b, b.len);
        su_buf_free(&b);
        RUN(&r, NULL, "reset", "--section", "i8259", in, out);
        is_int(r.code, 1, "a tagged i8259 without elcr: exit 1");
        like(r.err, "section \"i8259\" instance 32: field \"elcr\": required field is missing", "  naming it");
        ok(!su_file_exists(out), "  no output");
        su_run_free(&r);
    }
    /* an opaque body has no fields, so no defaults */
    {
        struct sv_tenc e;
        struct sv_error err;
        uint8_t *body;
        size_t len;

        sv_tenc_begin(&e, SV_KIND_OPAQUE, 1, "0.11", "");
        sv_tenc_field(&e, "legacy", SV_BYTES, 0, 4, "\0\0\0\0");
        body = sv_tenc_take(&e, &len, &err);
        if (!body)
            bail("%s", err.msg);
        su_header(&b);
        su_full(&b, 0, "fw_cfg", 0, SV_TAGGED_VERSION, body, len);
        su_eof(&b);
        free(body);
        su_write_file(in, b.b, b.len);
        su_buf_free(&b);
        RUN(&r, NULL, "reset", "--section", "fw_cfg", in, out);
        is_int(r.code, 1, "an opaque section: exit 1");
        like(r.err, "section \"fw_cfg\" instance 0: an opaque body", "  saying why");
        ok(!su_file_exists(out), "  no output");
        su_run_free(&r);
    }
    free(in);
    free(out);
}

int main(void)
{
    tap_init();
    plan_lazy();
    test_legacy();
    test_tagged();
    test_machine_fact();
    test_refusals();
    return 0;
}
