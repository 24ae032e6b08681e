/*
 * VMState tables as descriptors (descriptors/vms.h): reading them through
 * a reader (this process's own copy of t/vms-fixture.c), the descriptor
 * file, the descriptors built with the 0.12 overlay against the rules of
 * savevm.c (v0.12.3) vmstate_save_state / vmstate_load_state, and the
 * built-in sets derived from the real binaries against the sources and
 * the real captures.
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "svtool-util.h"
#include "tap.h"
#include "vms-fixture.h"
#include "vms.h"

/* ---- the in-process reader ---- */

static int mem_read(void *opaque, uint64_t addr, void *buf, size_t n)
{
    (void)opaque;
    if (addr < 4096)
        return -1;
    memcpy(buf, (const void *)(uintptr_t)addr, n);
    return 0;
}

static const char *mem_symbol(void *opaque, uint64_t addr)
{
    (void)opaque;
    for (const struct vms_fixture_sym *s = vms_fixture_syms; s->addr; s++)
        if ((uintptr_t)s->addr == addr)
            return s->name;
    return NULL;
}

static int by_addr(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;

    return *x < *y ? -1 : *x > *y;
}

/* The fixture's tables as svtool reads a binary's: roots in address order. */
static int read_fixture(struct sv_vms_set *set, const char *release, struct sv_error *err)
{
    uint64_t roots[32];
    size_t n = 0;

    memset(set, 0, sizeof *set);
    for (; vms_fixture_roots[n]; n++)
        roots[n] = (uintptr_t)vms_fixture_roots[n];
    qsort(roots, n, sizeof *roots, by_addr);
    set->release = strdup(release);
    set->target = strdup("i386");
    set->tag = strdup("");
    set->build_id = strdup("");
    set->version = strdup("");
    return sv_vms_read(&(struct sv_vms_reader){ mem_read, mem_symbol, NULL },
                       sv_release_find("0.12")->abi->vmstate, roots, n, set, err);
}

static char *as_text(const struct sv_vms_set *set, int json)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    if (json)
        sv_vms_write_json(f, set);
    else
        sv_vms_write_text(f, set);
    fclose(f);
    return text;
}

static const struct sv_vms_field *field_of(const struct sv_vms_set *set, const char *desc, const char *name)
{
    const struct sv_vms_desc *d = sv_vms_desc_by_symbol(set, desc);

    for (size_t i = 0; d && i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return &d->fields[i];
    return NULL;
}

static void test_read(struct sv_vms_set *set)
{
    struct sv_error err;
    const struct sv_vms_field *f;
    const struct sv_vms_desc *d;

    sv_error_clear(&err);
    ok(read_fixture(set, "0.12", &err) == 0, "the fixture's tables read through a reader");
    if (err.code != SV_OK)
        diag("%s", err.msg);
    is_int(set->ndescs, 8, "eight descriptions (two of them only nested)");
    d = sv_vms_desc_by_symbol(set, "vmstate_fdc");
    ok(d && strcmp(d->name, "fdc") == 0 && d->version_id == 2 && d->minimum_version_id == 2 &&
       d->pre_save && strcmp(d->pre_save, "fdc_pre_save") == 0 && !d->post_load && d->nfields == 5,
       "fdc: name, versions, pre_save by its symbol, five fields");
    f = field_of(set, "vmstate_fdc", "fifo");
    ok(f && f->flags == 0x10 && f->num_offset == 0x300 && f->size == 1 && f->info &&
       strcmp(f->info, "vmstate_info_uint8") == 0 && strcmp(f->info_name, "uint8") == 0,
       "fifo: VMS_VARRAY_INT32, num_offset, the info's symbol and name");
    f = field_of(set, "vmstate_fdc", "drives");
    ok(f && f->flags == 0xc && f->num == 2 && f->version_id == 1 && !f->info && f->vmsd &&
       strcmp(f->vmsd, "vmstate_fdrive") == 0, "drives: a struct array of vmstate_fdrive, version 1");
    f = field_of(set, "vmstate_cpu", "halted");
    ok(f && f->field_exists && strcmp(f->field_exists, "version_is_5") == 0, "field_exists by its symbol");
    d = sv_vms_desc_by_symbol(set, "vmstate_eepro100");
    ok(d && strcmp(d->name, "") == 0 && d->nfields == 1, "a template without a name is kept, named \"\"");
    ok(sv_vms_desc_by_name(set, "ide", 3) == sv_vms_desc_by_symbol(set, "vmstate_ide_pci"), "found by name");
}

static void test_file(const struct sv_vms_set *set)
{
    char *text = as_text(set, 0), *again, why[400];
    struct sv_vms_set back;
    struct sv_error err;
    static const struct {
        const char *text, *needle;
    } bad[] = {
        { "", "empty" },
        { "release 0.12\n", "line 1: not a descriptor file" },
        { "svd 2\n", "line 1: an unknown revision" },
        { "svd 1\nrelease 0.12\ntarget i386\nfield a flags=1 info=x\n", "line 4: a field outside a description" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=a version=1\nfield a flags=1 size=1\nend\n",
          "line 5: field \"a\" has no info" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=a colour=red\n", "line 4: unknown key \"colour\"" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=a\n", "description vmstate_a has no \"end\"" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=\"a\\q\"\n", "line 4: a bad escape" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=a version=x1\n", "line 4: version: a bad number" },
        { "svd 1\nrelease 0.12\ntarget i386\ndesc vmstate_a name=a\nfield s flags=8 struct=vmstate_b\nend\n",
          "nested description vmstate_b is not in the file" },
        { "svd 1\ntarget i386\n", "no release or target line" },
    };

    sv_error_clear(&err);
    ok(sv_vms_parse_text(text, strlen(text), "fixture", &back, &err) == 0, "the text form parses back");
    again = as_text(&back, 0);
    is_str(again, text, "and writes the same text again");
    ok(strstr(text, "desc vmstate_eepro100 name=\"\" version=3 min=2 min-old=2\n") &&
       strstr(text, "field fifo flags=0x10 offset=0x8 size=1 num-offset=0x300 info=vmstate_info_uint8 "
                    "info-name=uint8\n") &&
       strstr(text, "field eq flags=0x1 offset=0x50 size=4 info=vmstate_info_int32_equal "
                    "info-name=\"int32 equal\"\n"),
       "one description or field a line; strings with a space quoted");
    free(again);
    sv_vms_set_free(&back);
    again = as_text(set, 1);
    ok(su_json_ok(again, NULL, why, sizeof why), "the JSON form is JSON");
    ok(strstr(again, "{\"name\": \"fifo\", \"flags\": 16, \"offset\": 8, \"size\": 1, \"start\": 0, \"num\": 0, "
                     "\"num_offset\": 768") != NULL, "  with every member of a field");
    free(again);
    free(text);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sv_error_clear(&err);
        ok(sv_vms_parse_text(bad[i].text, strlen(bad[i].text), "f.svd", &back, &err) < 0 &&
           strstr(err.msg, bad[i].needle) && strncmp(err.msg, "f.svd: ", 7) == 0,
           "a bad file is refused: %s", bad[i].needle);
        if (!strstr(err.msg, bad[i].needle))
            diag("got: %s", err.msg);
    }
}

/* ---- descriptors built from the fixture ---- */

struct bytes {
    uint8_t b[2048];
    size_t n;
};

static void put(struct bytes *x, unsigned width, uint64_t v)
{
    for (unsigned i = 0; i < width; i++)
        x->b[x->n++] = (uint8_t)(v >> (8 * (width - 1 - i)));
}

static void fill(struct bytes *x, size_t n, uint8_t v)
{
    memset(x->b + x->n, v, n);
    x->n += n;
}

/* Decodes x at version with d: the bytes consumed (-1 on error, err set). */
static long long decode(const struct sv_desc *d, uint32_t version, const struct bytes *x,
                        struct sv_values *vals, struct sv_error *err)
{
    struct sv_desc_ctx ctx = { .target = "i386", .instance = 0 };
    struct sv_stream in, out;
    uint64_t consumed = 0;
    const uint8_t *re;
    size_t relen;
    int k;

    sv_error_clear(err);
    memset(vals, 0, sizeof *vals);
    sv_stream_mem_reader(&in, x->b, x->n);
    if (sv_desc_decode_legacy(d, &ctx, version, &in, vals, &consumed, err) < 0)
        return -1;
    /* and back, byte for byte */
    sv_stream_mem_writer(&out, 0);
    k = sv_desc_encode_legacy(d, &ctx, version, vals, &out, err);
    re = sv_stream_mem_data(&out, &relen);
    if (k < 0 || relen != consumed || memcmp(re, x->b, relen) != 0) {
        sv_stream_free(&out);
        if (err->code == SV_OK)
            sv_error_set_nooff(err, SV_E_CORRUPT, "re-encoding differs");
        return -1;
    }
    sv_stream_free(&out);
    return (long long)consumed;
}

static struct sv_desc *build(const struct sv_vms_set *set, const char *sym, int overlay)
{
    struct sv_error err;
    struct sv_desc *d;

    sv_error_clear(&err);
    d = sv_vms_build(set, sv_vms_desc_by_symbol(set, sym), overlay ? sv_vms_overlay_find(set->release) : NULL,
                     &err);
    if (!d)
        diag("%s: %s", sym, err.msg);
    return d;
}

static const struct sv_desc_field *entry(const struct sv_desc_field *t, size_t i)
{
    size_t n = 0;

    while (t[n].name)
        n++;
    return i < n ? &t[i] : NULL;
}

static uint64_t val(const struct sv_values *v, const char *name)
{
    const struct sv_value *x = sv_values_get(v, name);

    return x ? sv_value_elem(x, 0) : 0xdeadbeef;
}

static void test_fdc(const struct sv_vms_set *set)
{
    struct sv_desc *d = build(set, "vmstate_fdc", 1), *bare = build(set, "vmstate_fdc", 0);
    struct bytes x = { .n = 0 };
    struct sv_values v;
    struct sv_error err;
    const struct sv_value *fifo;

    if (!d || !bare) {
        skip(6, "fdc did not build");
        return;
    }
    /* vmstate_save_state: sra, 512 fifo bytes (fdctrl_init_common's
     * fifo_size), data_pos, num_floppies, two drives of head, track, sect */
    put(&x, 1, 0x11);
    fill(&x, 512, 0);
    x.b[1] = 0xab;
    x.b[512] = 0xcd;
    put(&x, 4, 0x01020304);
    put(&x, 1, 2);
    put(&x, 1, 1), put(&x, 1, 2), put(&x, 1, 3), put(&x, 1, 4), put(&x, 1, 5), put(&x, 1, 6);
    is_int(decode(d, 2, &x, &v, &err), 524, "fdc: 524 bytes, the fifo's 512 from the overlay");
    fifo = sv_values_get(&v, "fifo");
    /* VMSTATE_VARRAY_INT32 of vmstate_info_uint8: a u8 array, not a buffer */
    ok(fifo && fifo->a && fifo->count == 512 && fifo->type == (SV_U8 | SV_ARRAY) && fifo->a[0] == 0xab &&
       fifo->a[511] == 0xcd, "  fifo: u8[512]");
    ok(val(&v, "data_pos") == 0x01020304 && val(&v, "num_floppies") == 2 && val(&v, "drives[0].head") == 1 &&
       val(&v, "drives[1].sect") == 6, "  the rest by name, the nested struct as drives[i].field");
    is_int(d->version, 2, "  version 2");
    is_int(d->min_version, 2, "  minimum version 2");
    sv_values_free(&v);
    ok(decode(bare, 2, &x, &v, &err) < 0 && err.code == SV_E_UNKNOWN && strcmp(err.field, "fifo") == 0 &&
       strstr(err.msg, "offset 0x300") && strstr(err.msg, "no overlay"),
       "without the overlay the fifo's count is refused, naming the field: %s", err.msg);
    sv_values_free(&v);
    sv_vms_desc_free(d);
    sv_vms_desc_free(bare);
}

static void test_cpu(const struct sv_vms_set *set)
{
    struct sv_desc *d = build(set, "vmstate_cpu", 1), *bare = build(set, "vmstate_cpu", 0);
    struct bytes x;
    struct sv_values v;
    struct sv_error err;
    const char *want[] = { "fpus_vmstate", "fptag_vmstate", "fpregs_format_vmstate", "fpregs", "fpregs__2",
                           "fpregs__3", "sysenter_esp__1", "sysenter_esp", "halted", "cr[0]" };
    int names_ok = 1;

    if (!d || !bare) {
        skip(8, "cpu did not build");
        return;
    }
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        names_ok &= entry(d->fields, i) && strcmp(entry(d->fields, i)->name, want[i]) == 0;
    ok(names_ok, "F-32: the first field of a name a save writes keeps it; the others are NAME__k");
    ok(entry(d->fields, 3)->kind == SV_D_GROUP && entry(d->fields, 3)->n == 8 &&
       entry(d->fields, 4)->kind == SV_D_INT && entry(d->fields, 4)->type == SV_U64 &&
       entry(d->fields, 6)->type == SV_U32 && entry(d->fields, 6)->until == 6 && entry(d->fields, 7)->since == 7,
       "vmstate_fpreg: mant and exp; _1_mmx: u64; the hack: u32 until 6; the other since 7");

    /* cpu_pre_save on an x86 host: fpregs_format_vmstate 0, fpregs as mant, exp */
    x.n = 0;
    put(&x, 2, 0x3800), put(&x, 2, 0xff), put(&x, 2, 0);
    for (int i = 0; i < 8; i++)
        put(&x, 8, 0x8000000000000000ull | (unsigned)i), put(&x, 2, 0x3fff);
    put(&x, 4, 0xc0de), put(&x, 4, 0x11);
    is_int(decode(d, 11, &x, &v, &err), 94, "cpu v11, format 0: 94 bytes");
    ok(val(&v, "fpregs[7].mant") == 0x8000000000000007ull && val(&v, "fpregs[0].exp") == 0x3fff &&
       val(&v, "sysenter_esp") == 0xc0de && val(&v, "cr[0]") == 0x11 && !sv_values_get(&v, "fpregs__2[0]") &&
       !sv_values_get(&v, "halted"), "  fpregs by fpregs_is_0; no halted (version_is_5), no hack (less_than_7)");
    sv_values_free(&v);
    /* format 1: guess_mmx (fptag 0xff, fpus & 0x3800 == 0) picks _1_mmx, else _1_no_mmx */
    x.n = 0;
    put(&x, 2, 0), put(&x, 2, 0xff), put(&x, 2, 1);
    for (int i = 0; i < 8; i++)
        put(&x, 8, (unsigned)i + 1);
    put(&x, 4, 7), put(&x, 4, 8);
    is_int(decode(d, 11, &x, &v, &err), 78, "format 1, mmx guessed: 78 bytes");
    ok(sv_values_get(&v, "fpregs__2") && !sv_values_get(&v, "fpregs__3") && !sv_values_get(&v, "fpregs[0].mant"),
       "  read as fpregs__2 (fpregs_is_1_mmx)");
    sv_values_free(&v);
    x.b[3] = 0x7f;     /* fptag 0x7f: not mmx */
    is_int(decode(d, 11, &x, &v, &err), 78, "format 1, not mmx: 78 bytes");
    ok(sv_values_get(&v, "fpregs__3") && !sv_values_get(&v, "fpregs__2"), "  read as fpregs__3 (fpregs_is_1_no_mmx)");
    sv_values_free(&v);
    /* version 5: the hack's be32 and halted, not the v7 field */
    x.n = 0;
    put(&x, 2, 0), put(&x, 2, 0xff), put(&x, 2, 0);
    fill(&x, 80, 0);
    put(&x, 4, 0x1234), put(&x, 4, 1), put(&x, 4, 0x11);
    is_int(decode(d, 5, &x, &v, &err), 98, "cpu v5: 98 bytes");
    ok(val(&v, "sysenter_esp__1") == 0x1234 && val(&v, "halted") == 1 && !sv_values_get(&v, "sysenter_esp"),
       "  sysenter_esp__1 and halted");
    sv_values_free(&v);
    ok(decode(bare, 11, &x, &v, &err) < 0 && strcmp(err.field, "fpregs") == 0 && strstr(err.msg, "fpregs_is_0"),
       "without the overlay: refused at fpregs, naming fpregs_is_0");
    sv_values_free(&v);
    sv_vms_desc_free(d);
    sv_vms_desc_free(bare);
}

static void test_ide_demo(const struct sv_vms_set *set)
{
    struct sv_desc *ide = build(set, "vmstate_ide_pci", 1), *demo = build(set, "vmstate_demo", 1);
    struct sv_desc *mystery = build(set, "vmstate_mystery", 1);
    struct bytes x;
    struct sv_values v;
    struct sv_error err;

    if (!ide || !demo || !mystery) {
        skip(9, "a table did not build");
        goto out;
    }
    /* is_identify_set: identify_data when identify_set != 0 (per drive) */
    x.n = 0;
    put(&x, 4, 0), put(&x, 1, 0x50);
    put(&x, 4, 1), fill(&x, 512, 0x5a), put(&x, 1, 0x41);
    is_int(decode(ide, 3, &x, &v, &err), 522, "ide: drive 0 without identify data, drive 1 with");
    ok(!sv_values_get(&v, "drives[0].identify_data") && sv_values_get(&v, "drives[1].identify_data") &&
       val(&v, "drives[1].status") == 0x41, "  drives[i].identify_data only where identify_set");
    sv_values_free(&v);

    ok(entry(demo->fields, 0) && strcmp(entry(demo->fields, 0)->name, "unused") == 0 &&
       strcmp(entry(demo->fields, 1)->name, "mac_reg.CTRL") == 0 &&
       strcmp(entry(demo->fields, 2)->name, "unused__2") == 0, "unused, mac_reg.CTRL, unused__2");
    /* v3: unused 4, mac_reg 4, unused 2, len 2, data len x 4, blen 4, blob, tmr 8, eq 4, newer 1 */
    x.n = 0;
    fill(&x, 4, 0), put(&x, 4, 0xfeed), fill(&x, 2, 0), put(&x, 2, 3);
    put(&x, 4, 10), put(&x, 4, 20), put(&x, 4, 30);
    put(&x, 4, 5), fill(&x, 5, 0x77);
    put(&x, 8, (uint64_t)-1), put(&x, 4, 42), put(&x, 1, 9);
    is_int(decode(demo, 3, &x, &v, &err), 46, "demo v3: counts from earlier fields, a pointer's timer as be64");
    ok(val(&v, "mac_reg.CTRL") == 0xfeed && sv_values_get(&v, "data") && sv_values_get(&v, "data")->count == 3 &&
       sv_value_elem(sv_values_get(&v, "data"), 2) == 30 && sv_values_get(&v, "blob") &&
       sv_values_get(&v, "blob")->count == 5 && val(&v, "tmr") == (uint64_t)-1 && val(&v, "newer") == 9,
       "  data[len], blob[blen], tmr -1, newer since 3");
    sv_values_free(&v);
    x.n -= 1;
    is_int(decode(demo, 2, &x, &v, &err), 45, "demo v2: no newer");
    sv_values_free(&v);
    put(&x, 1, 9), put(&x, 4, 0);
    ok(decode(demo, 4, &x, &v, &err) < 0 && err.code == SV_E_UNKNOWN && strcmp(err.field, "frob") == 0 &&
       strstr(err.msg, "vmstate_info_frob") && strstr(err.msg, "\"frob\""),
       "v4 reaches an unknown VMStateInfo: refused by name (%s)", err.msg);
    sv_values_free(&v);
    x.n = 0;
    put(&x, 1, 1), put(&x, 1, 2);
    ok(decode(mystery, 1, &x, &v, &err) < 0 && strcmp(err.field, "b") == 0 && strstr(err.msg, "mystery_test"),
       "a field_exists no overlay knows: refused at the field, naming the function");
    sv_values_free(&v);
out:
    sv_vms_desc_free(ide);
    sv_vms_desc_free(demo);
    sv_vms_desc_free(mystery);
}

/* ---- the built-in sets ---- */

static int same_table(const struct sv_desc_field *a, const struct sv_desc_field *b);

static int same_cond(const struct sv_cond *a, const struct sv_cond *b)
{
    for (; a && b; a = a->also, b = b->also)
        if (a->kind != b->kind || a->op != b->op || a->mask != b->mask || a->value != b->value ||
            a->not_also != b->not_also || (!a->field) != (!b->field) ||
            (a->field && a->kind != SV_IF_UNDESCRIBED && strcmp(a->field, b->field) != 0))
            return 0;
    return !a && !b;
}

/* Same wire layout and names. */
static int same_table(const struct sv_desc_field *a, const struct sv_desc_field *b)
{
    for (; a->name && b->name; a++, b++)
        if (strcmp(a->name, b->name) != 0 || a->kind != b->kind || a->type != b->type || a->n != b->n ||
            (!a->count) != (!b->count) || (a->count && strcmp(a->count, b->count) != 0) || a->since != b->since ||
            a->until != b->until || !same_cond(&a->cond, &b->cond) || (!a->sub) != (!b->sub) ||
            (a->sub && !same_table(a->sub, b->sub)))
            return 0;
    return !a->name && !b->name;
}

struct walk_sets {
    const char *release;
    int tables, diff_by_target, same_other;
    char differ[256];
};

static void test_builtins(void)
{
    struct sv_error err;
    const struct sv_desc *d, *d64, *k;
    struct bytes x;
    struct sv_values v;
    const char *rel[] = { "0.12", "qemu-kvm-0.12" };

    sv_error_clear(&err);
    ok(sv_vms_sets_builtins(&err) == 0, "the built-in sets parse and build");
    if (err.code != SV_OK)
        diag("%s", err.msg);
    is_int(sv_vms_nbuiltins, 4, "four: v0.12.3 and qemu-kvm-0.12.1.2, i386 and x86_64");

    /* hw/fdc.c (v0.12.3), MAX_FD 2: 9 registers, 512 fifo bytes, data_pos,
     * data_len, 11 bytes, num_floppies, 2 x (head, track, sect): 545 */
    d = sv_desc_find("0.12", "i386", "fdc", 2);
    x.n = 0;
    fill(&x, 9, 1), fill(&x, 512, 0), put(&x, 4, 3), put(&x, 4, 4), fill(&x, 9, 0), put(&x, 1, 2);
    fill(&x, 6, 1);
    ok(d && decode(d, 2, &x, &v, &err) == 545, "0.12 fdc from the binary: the 545 bytes hw/fdc.c writes");
    ok(val(&v, "data_len") == 4 && val(&v, "num_floppies") == 2 && val(&v, "drives[1].sect") == 1,
       "  data_len, num_floppies, drives[1].sect");
    sv_values_free(&v);

    /* the cpu section of the real captures v0.12.3/{i386,x86_64}-softmmu/pc-paused.sv:
     * 1169 and 1545 bytes (cpu v11, mce_banks read always) */
    d = sv_desc_find("0.12", "i386", "cpu", 11);
    d64 = sv_desc_find("0.12", "x86_64", "cpu", 11);
    x.n = 0;
    fill(&x, 1545, 0);
    x.n = 1169;
    ok(d && d->by_target && decode(d, 11, &x, &v, &err) == 1169, "0.12 cpu v11 i386: 1169 bytes");
    sv_values_free(&v);
    x.n = 1545;
    ok(d64 && d64 != d && decode(d64, 11, &x, &v, &err) == 1545, "0.12 cpu v11 x86_64: 1545 bytes");
    ok(sv_values_get(&v, "sysenter_esp__1") == NULL && sv_values_get(&v, "sysenter_esp") &&
       sv_values_get(&v, "mce_banks") && sv_values_get(&v, "mce_banks")->count == 40,
       "  the 64-bit sysenter_esp, mce_banks[MCE_BANKS_DEF * 4]");
    sv_values_free(&v);
    /* target-i386/machine.c: qemu-kvm's CPU_SAVE_VERSION 12 has the fields of upstream's 11 */
    k = sv_desc_find("qemu-kvm-0.12", "x86_64", "cpu", 12);
    ok(k && k->version == 12 && k->min_version == 3 && d64 && same_table(k->fields, d64->fields),
       "qemu-kvm-0.12 cpu v12: upstream v11's fields");
    ok(!sv_desc_find("0.12", "x86_64", "cpu", 12), "0.12 has no cpu v12");
    /* hw/ioapic.c: qemu-kvm-0.12.1.2 saves version 2, v0.12.3 version 1 */
    ok(sv_desc_find("qemu-kvm-0.12", NULL, "ioapic", 2) && !sv_desc_find("0.12", NULL, "ioapic", 2) &&
       sv_desc_find("0.12", NULL, "ioapic", 1), "ioapic: v2 in qemu-kvm-0.12, v1 in 0.12");
    /* hw/vga.c: "vga" is vmstate_vga_pci (-M pc) or vmstate_vga_common (-vga vmware's VGA) */
    d = sv_desc_find_nth("0.12", "i386", "vga", 2, 0);
    k = sv_desc_find_nth("0.12", "i386", "vga", 2, 1);
    ok(d && k && d != k && !sv_desc_find_nth("0.12", "i386", "vga", 2, 2) &&
       strcmp(sv_vms_sets_origin(d), "built-in v0.12.3-i386.svd") == 0, "two layouts of \"vga\", the PCI one first");
    /* eepro100: the template, by the model names */
    ok(sv_desc_find("0.12", NULL, "i82559er", 3) && sv_desc_find("0.12", NULL, "i82551", 3),
       "hw/eepro100.c's template answers for i82551 and i82559er");

    /* only what the overlay says depends on the target differs between the two binaries */
    for (size_t r = 0; r < 2; r++) {
        struct sv_vms_set sets[2] = { { 0 }, { 0 } };
        int tables = 0, same = 0, by_target_differ = 0;
        char differ[256] = "";

        for (size_t b = 0; b < sv_vms_nbuiltins; b++) {
            struct sv_vms_set s;
            int t;

            sv_error_clear(&err);
            if (sv_vms_parse_text(sv_vms_builtins[b].text, sv_vms_builtins[b].len, "builtin", &s, &err) < 0)
                continue;
            t = strcmp(s.target, "x86_64") == 0;
            if (strcmp(s.release, rel[r]) == 0 && !sets[t].release)
                sets[t] = s;
            else
                sv_vms_set_free(&s);
        }
        if (!sets[0].release || !sets[1].release) {
            ok(0, "%s: an i386 and an x86_64 set", rel[r]);
            sv_vms_set_free(&sets[0]);
            sv_vms_set_free(&sets[1]);
            continue;
        }
        for (size_t i = 0; i < sets[0].ndescs; i++) {
            const struct sv_vms_desc *a = &sets[0].descs[i], *b = sv_vms_desc_by_symbol(&sets[1], a->symbol);
            const struct sv_vms_overlay *ov = sv_vms_overlay_find(rel[r]);
            struct sv_desc *da, *db;

            int nested = 0;

            /* a section's table: not nested in another (vmstate_segment is cpu's) */
            for (size_t o = 0; o < sets[0].ndescs; o++)
                for (size_t f = 0; f < sets[0].descs[o].nfields; f++)
                    nested |= sets[0].descs[o].fields[f].vmsd && strcmp(sets[0].descs[o].fields[f].vmsd,
                                                                        a->symbol) == 0;
            if (!b || !*a->name || nested)
                continue;
            da = sv_vms_build(&sets[0], a, ov, &err);
            db = sv_vms_build(&sets[1], b, ov, &err);
            tables++;
            if (da && db && same_table(da->fields, db->fields) && !da->by_target)
                same++;
            else if (da && db && da->by_target && !same_table(da->fields, db->fields))
                by_target_differ++;
            else
                snprintf(differ + strlen(differ), sizeof differ - strlen(differ), " %s", a->symbol);
            sv_vms_desc_free(da);
            sv_vms_desc_free(db);
        }
        ok(tables > 30 && same + by_target_differ == tables && by_target_differ == 1,
           "%s: of %d tables, those not marked by target are the same on i386 and x86_64, cpu differs (%d, %d)%s",
           rel[r], tables, same, by_target_differ, differ);
        sv_vms_set_free(&sets[0]);
        sv_vms_set_free(&sets[1]);
    }
}

/* ---- svtool descriptors --from-binary, --descriptors ---- */

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

static const char *tables_of(const char *text)
{
    const char *p = strstr(text, "\ndesc ");

    return p ? p + 1 : "";
}

static char *fixture_path(const char *name)
{
    static char buf[2][600];
    static int k;

    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/t/%s", tap_env("SV_TOP_BUILDDIR"), name);
    return buf[k];
}

static void from_binary(const char *what, const char *prog, const char *debug, const char *want)
{
    struct su_run r;
    const char *args[] = { "descriptors", "--from-binary", prog, "--tag", "fixture-1", debug ? "--debug-file" : NULL,
                           debug, NULL };

    su_svtool_run(&r, NULL, args);
    is_int(r.code, 0, "%s: --from-binary: exit 0", what);
    if (r.code)
        diag("%s", r.err);
    ok(strstr(r.out, "\nrelease 0.12\ntarget i386\ntag fixture-1\nbuild-id ") != NULL,
       "%s: release and target from its symbols, the tag given", what);
    is_str(tables_of(r.out), tables_of(want), "%s: the same tables as read in this process", what);
    su_run_free(&r);
}

static void test_cli(const struct sv_vms_set *set)
{
    char *want = as_text(set, 0), *svd = strdup(su_tpath("fixture.svd")), *sv = strdup(su_tpath("demo.sv"));
    char *dbg = strdup(su_tpath("fixture.debug")), *stripped = strdup(su_tpath("fixture-stripped"));
    char *nopie = strdup(fixture_path("vms-fixture-nopie"));
    struct su_run r;
    struct su_buf b = { 0 }, body = { 0 };
    struct su_run_opts to_file = { .out_file = svd };
    char why[300];

    from_binary("non-PIE", nopie, NULL, want);
    from_binary("PIE (pointers from R_X86_64_RELATIVE)", fixture_path("vms-fixture-pie"), NULL, want);
    {
        const char *keep[] = { "--only-keep-debug", nopie, dbg, NULL };
        const char *strip[] = { "--strip-all", nopie, stripped, NULL };

        su_prog_run(&r, NULL, "objcopy", keep);
        if (r.code == 0) {
            su_run_free(&r);
            su_prog_run(&r, NULL, "objcopy", strip);
        }
        if (r.code != 0) {
            skip(5, "no objcopy to make a stripped binary and its debug file");
        } else {
            from_binary("stripped, with --debug-file", stripped, dbg, want);
            su_run_free(&r);
            RUN(&r, NULL, "descriptors", "--from-binary", stripped);
            ok(r.code == 2 && strstr(r.err, "no symbols (stripped)") && strstr(r.err, "--debug-file"),
               "stripped without its debug file: exit 2, says what to give");
            su_run_free(&r);
            RUN(&r, NULL, "descriptors", "--from-binary", stripped, "--debug-file", stripped);
            ok(r.code == 2 && strstr(r.err, "has no symbols either"), "  a debug file without symbols: exit 2");
        }
        su_run_free(&r);
    }
    RUN(&r, NULL, "descriptors", "--from-binary", nopie, "--json");
    ok(r.code == 0 && su_json_ok(r.out, NULL, why, sizeof why) && strstr(r.out, "\"symbol\": \"vmstate_fdc\""),
       "--json: the same tables as JSON");
    su_run_free(&r);
    su_write_file(svd, "not an ELF file", 15);
    RUN(&r, NULL, "descriptors", "--from-binary", svd);
    ok(r.code == 2 && strstr(r.err, "not an x86-64 ELF file"), "a file that is not ELF: exit 2");
    su_run_free(&r);
    RUN(&r, NULL, "descriptors", "--from-binary", fixture_path("../emu/legacy-emu"));
    ok(r.code == 2 && strstr(r.err, "no VMState tables (before 0.12)"), "a 0.11-style binary: exit 2, says why");
    su_run_free(&r);
    RUN(&r, NULL, "descriptors", "--from-binary", nopie, "--release", "0.12");
    is_int(r.code, 2, "--from-binary with --release: exit 2");
    su_run_free(&r);

    /* a 0.12 stream (block and ram first) with the fixture's demo v3 and mystery sections */
    RUN(&r, &to_file, "descriptors", "--from-binary", nopie);
    is_int(r.code, 0, "the fixture's descriptor file written");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    su_header(&b);
    su_buf_u8(&b, 1), su_buf_be(&b, 4, 0), su_buf_u8(&b, 5), su_buf_put(&b, "block", 5), su_buf_be(&b, 4, 0), su_buf_be(&b, 4, 1);
    su_buf_be(&b, 8, 2);
    su_ram_start(&b, 1, 0x10000);
    su_ram_eos(&b);
    su_ram_part(&b, 0, 3), su_buf_be(&b, 8, 2);
    su_ram_part(&b, 1, 3), su_ram_eos(&b);
    su_buf_be(&body, 4, 0), su_buf_be(&body, 4, 0xfeed), su_buf_be(&body, 2, 0), su_buf_be(&body, 2, 1), su_buf_be(&body, 4, 7);
    su_buf_be(&body, 4, 2), su_buf_be(&body, 2, 0xabcd), su_buf_be(&body, 8, 99), su_buf_be(&body, 4, 1), su_buf_u8(&body, 5);
    su_full(&b, 2, "demo", 0, 3, body.b, body.len);
    su_eof(&b);
    su_write_file(sv, b.b, b.len);
    RUN(&r, NULL, "dump", sv);
    ok(r.code == 1 && strstr(r.err, "no descriptor for device \"demo\" version 3"),
       "without the fixture's tables: no descriptor for demo");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--descriptors", svd, sv);
    ok(r.code == 0 && strstr(r.out, "  mac_reg.CTRL = 65261 (u32)\n  unused__2 = 0000 (bytes[2])\n") &&
       strstr(r.out, "  data = {7} (u32[1])\n") && strstr(r.out, "  blob = abcd (bytes[2])\n"),
       "dump --descriptors FILE: the section by the file's tables");
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    {
        char *t = strdup(su_tpath("demo-t.sv")), *l = strdup(su_tpath("demo-l.sv"));
        size_t n;
        uint8_t *back;

        RUN(&r, NULL, "convert", "--to", "tagged", "--descriptors", svd, sv, t);
        is_int(r.code, 0, "convert --to tagged --descriptors: exit 0");
        su_run_free(&r);
        RUN(&r, NULL, "convert", "--to", "legacy", "--descriptors", svd, t, l);
        is_int(r.code, 0, "convert --to legacy --descriptors: exit 0");
        su_run_free(&r);
        back = su_read_file(l, &n);
        ok(back && n == b.len && memcmp(back, b.b, n) == 0, "  legacy -> tagged -> legacy is byte-identical");
        free(back);
        free(t);
        free(l);
    }
    b.len -= 1;
    su_buf_free(&body);
    su_buf_u8(&body, 1), su_buf_u8(&body, 2);
    su_full(&b, 3, "mystery", 0, 1, body.b, body.len);
    su_eof(&b);
    su_write_file(sv, b.b, b.len);
    RUN(&r, NULL, "check", "--descriptors", svd, sv);
    ok(r.code == 1 && strstr(r.err, "section \"mystery\" instance 0: field \"b\": its presence is decided by "
                                    "mystery_test (field_exists)"),
       "a section that depends on code no overlay describes is refused, naming the field (%s)", r.err);
    su_run_free(&r);
    su_write_file(svd, "svd 1\nrelease 0.12\ntarget i386\ndesc x name=x\n", 45);
    RUN(&r, NULL, "check", "--descriptors", svd, sv);
    ok(r.code == 2 && strstr(r.err, "--descriptors: ") && strstr(r.err, "has no \"end\""),
       "a bad descriptor file: exit 2, says what is wrong");
    su_run_free(&r);
    RUN(&r, NULL, "check", "--descriptors", "/nonexistent.svd", sv);
    ok(r.code == 2 && strstr(r.err, "/nonexistent.svd: cannot open"), "a missing one: exit 2");
    su_run_free(&r);
    su_buf_free(&b);
    su_buf_free(&body);
    free(want);
    free(svd);
    free(sv);
    free(dbg);
    free(stripped);
    free(nopie);
}

int main(void)
{
    struct sv_vms_set set;

    tap_init();
    plan_lazy();
    test_read(&set);
    test_file(&set);
    test_fdc(&set);
    test_cpu(&set);
    test_ide_demo(&set);
    test_cli(&set);
    sv_vms_set_free(&set);
    test_builtins();
    return 0;
}
