/*
 * The tables derived from the real 0.12 binaries check the hand-written
 * 0.11 ones: for each device whose 0.11.1 table and v0.12.3 table read the
 * same section version, a section 0.11's table writes is read with 0.12's,
 * and every element must come out at the same offset with the same width
 * (names differ: the 0.11 tables name fields by meaning, 0.12's are the
 * binary's).  The real divergences are listed below, each with its cause
 * in the sources; any other is a bug in one of the tables.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "tap.h"
#include "vms.h"

struct divergence {
    const char *idstr;
    uint32_t version;
    const char *target;         /* NULL: both */
    const char *why;
};

static const struct divergence known[] = {
    /* target-i386/machine.c: 0.11.1 cpu_save writes mcg_status, mcg_ctl and
     * the banks only when mcg_cap is not 0 (qemu32 has none); 0.12.3's
     * vmstate_cpu reads them always, VMSTATE_UINT64_ARRAY_V(mce_banks,
     * CPUState, MCE_BANKS_DEF * 4, 10): a 0.11.1 qemu32 stream loads wrong
     * in 0.12.3 (LEGACY-FACTS: the load stops after cpu) */
    { "cpu", 10, NULL, "0.11.1 writes the MCE fields only when mcg_cap != 0, 0.12.3 reads them always" },
    /* savevm.c vmstate_load_state loads a nested description at its own
     * version_id, whatever the section's: hw/ide/pci.c's "ide" v3 nests
     * vmstate_ide_drive (hw/ide/core.c), version 4, so 0.12.3 reads
     * cdrom_changed, req_nb_sectors, io_buffer (IDE_DMA_BUF_SECTORS * 512 + 4
     * bytes) and the transfer state per drive, which 0.11.1's ide_save (v3)
     * never wrote */
    { "ide", 3, NULL, "0.12.3 reads each drive at vmstate_ide_drive's version 4, past 0.11.1's v3 drives" },
    /* hw/rtl8139.c: 0.11.1 RTL8139TallyCounters_save writes RxOkMul (be32)
     * after RxOkBrd; 0.12.3's vmstate_tally_counters has no RxOkMul */
    { "rtl8139", 4, NULL, "0.12.3's tally counters lack RxOkMul, which 0.11.1 writes" },
    /* hw/pcnet.c: 0.11.1 pcnet_save writes recv_pos between xmit_pos and
     * buffer; 0.12.3 has VMSTATE_UNUSED_TEST(is_version_2, 4) after buffer,
     * inside vmstate_pcnet, which vmstate_pci_pcnet nests and savevm.c loads
     * at version 3: the test is never true, the four bytes never read */
    { "pcnet", 2, NULL, "0.12.3 never reads 0.11.1's recv_pos (its placeholder is after buffer, tested at v3)" },
    /* hw/eepro100.c: 0.11.1 nic_save writes statistics.complete (be32)
     * before the configuration bytes; 0.12.3's vmstate_eepro100 has not */
    { "i82551", 3, NULL, "0.12.3 lacks statistics.complete, which 0.11.1 writes" },
    { "i82557b", 3, NULL, "0.12.3 lacks statistics.complete, which 0.11.1 writes" },
    { "i82559er", 3, NULL, "0.12.3 lacks statistics.complete, which 0.11.1 writes" },
};

/* One element on the wire. */
struct elem {
    uint64_t offset;
    unsigned width;
    int raw;                    /* a byte of a buffer */
    const char *name;
};

struct elems {
    struct elem *e;
    size_t n, cap;
};

static void add(struct elems *l, uint64_t offset, unsigned width, int raw, const char *name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->e = realloc(l->e, l->cap * sizeof *l->e);
        if (!l->e)
            bail("out of memory");
    }
    l->e[l->n++] = (struct elem){ offset, width, raw, name };
}

/* Every element of the values: arrays and bytes element by element (a
 * buffer of 0.11 and a u8 array of 0.12 are the same bytes). */
static void elements(const struct sv_values *v, uint64_t base, struct elems *l)
{
    for (size_t i = 0; i < v->n; i++) {
        const struct sv_value *x = &v->v[i];
        unsigned w = x->b ? 1 : x->wire;
        uint32_t count = x->b || x->a ? x->count : 1;

        for (uint32_t k = 0; k < count; k++)
            add(l, x->offset - base + (uint64_t)k * w, w, x->b != NULL, x->name);
    }
}

/*
 * Do both read the same elements?  Integers must match one for one; a
 * buffer's bytes (VMSTATE_UNUSED where 0.11 had a field, a config space)
 * match whatever the other table reads over the same span.
 */
static int mismatch(const struct elems *a, const struct elems *b, char *where, size_t len)
{
    size_t i = 0, j = 0;

    while (i < a->n && j < b->n) {
        const struct elem *x = &a->e[i], *y = &b->e[j];
        uint64_t ea, eb;

        if (x->offset != y->offset || (!x->raw && !y->raw && x->width != y->width)) {
            snprintf(where, len, "at byte %" PRIu64 ": 0.11 %s (%u bytes), 0.12 %s (%u bytes)", x->offset, x->name,
                     x->width, y->name, y->width);
            return 1;
        }
        ea = x->offset + x->width;
        eb = y->offset + y->width;
        i++, j++;
        while (ea != eb) {
            const struct elems *l = ea < eb ? a : b;
            size_t *k = ea < eb ? &i : &j;
            uint64_t *e = ea < eb ? &ea : &eb;

            if (*k >= l->n || l->e[*k].offset != *e) {
                snprintf(where, len, "at byte %" PRIu64 ": the elements of one do not end where the other's do",
                         *e);
                return 1;
            }
            *e = l->e[*k].offset + l->e[*k].width;
            ++*k;
        }
    }
    if (i != a->n || j != b->n) {
        snprintf(where, len, "one reads more elements than the other");
        return 1;
    }
    return 0;
}

static const struct divergence *known_divergence(const char *idstr, uint32_t version, const char *target)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].idstr, idstr) == 0 && known[i].version == version &&
            (!known[i].target || strcmp(known[i].target, target) == 0))
            return &known[i];
    return NULL;
}

struct tally {
    int compared, agree, diverge_known, seen_known[8];
    char wrong[1024];
};

/* The entry a value's name ("slot[1].regs") stands for in table t (of
 * two of one name, the one for this target: cpu's regs). */
static const struct sv_desc_field *entry_at(const struct sv_desc_field *t, const char *name, const char *target)
{
    for (;;) {
        size_t n = strcspn(name, ".[");
        const struct sv_desc_field *f = NULL;

        for (; t && t->name; t++)
            if (strlen(t->name) == n && strncmp(t->name, name, n) == 0 &&
                (!f || (t->cond.kind == SV_IF_TARGET && strcmp(t->cond.field, target) == 0)))
                f = t;
        if (!f)
            return NULL;
        name = strchr(name, '.');
        if (!name)
            return f;
        t = f->sub;
        name++;
    }
}

#define MAX_FILLED 256

/*
 * 0.11's table writes `vals`, every other field at its default; a field a
 * reset does not set (required, F-18) has none, so each one the encoder
 * says is missing is given as zeros (or the least value its bound takes),
 * one at a time.  Returns what sv_desc_encode_legacy returns last.
 */
static int encode_filled(const struct sv_desc *d11, const struct sv_desc_ctx *ctx, const struct sv_values *vals,
                         struct sv_stream *out, struct sv_error *err)
{
    struct sv_value v[MAX_FILLED];
    size_t n = 0;
    int k = -1;

    for (size_t i = 0; i < vals->n && n < MAX_FILLED; i++)
        v[n++] = vals->v[i];
    for (size_t given = n; n < MAX_FILLED;) {
        struct sv_values with = { .desc = d11, .version = d11->version, .v = v, .n = n };
        const struct sv_desc_field *f;
        struct sv_value *x;
        uint32_t cnt;

        sv_stream_free(out);
        sv_stream_mem_writer(out, 0);
        sv_error_clear(err);
        k = sv_desc_encode_legacy(d11, ctx, d11->version, &with, out, err);
        if (k == 0 || err->code != SV_E_MISSING || !(f = entry_at(d11->fields, err->field, ctx->target)))
            break;
        for (size_t i = given; i < n; i++)
            if (strcmp(v[i].name, err->field) == 0)
                goto out;               /* given, and still missing: give up */
        x = &v[n++];
        memset(x, 0, sizeof *x);
        x->name = strdup(err->field);
        x->field = f;
        cnt = f->count ? 0 : f->n;       /* a counted array: its count was given 0 */
        if (f->kind == SV_D_BYTES) {
            x->type = SV_BYTES;
            x->count = cnt;
            x->b = calloc(cnt + 1, 1);
        } else {
            x->type = sv_desc_type(f, ctx->target);
            x->u = f->bounded && f->lo > 0 ? (uint64_t)f->lo : 0;
            if (f->n || f->count) {
                x->type |= SV_ARRAY;
                x->count = cnt;
                x->a = calloc(cnt + 1, sizeof *x->a);
            }
        }
        if (!x->name || (f->kind == SV_D_BYTES && !x->b) || ((x->type & SV_ARRAY) && !x->a))
            bail("out of memory");
    }
out:
    for (size_t i = vals->n; i < n; i++) {
        free(v[i].name);
        free(v[i].a);
        free(v[i].b);
    }
    return k;
}

/*
 * 0.11's bytes (`vals`, its defaults, zeros where it has none) read
 * with 0.12's layout d12: "" when alike, else where they part.
 */
static void one(const char *target, const struct sv_desc *d11, const struct sv_desc *d12,
                const struct sv_desc_ctx *ctx, const struct sv_values *vals, char *where, size_t wlen)
{
    struct sv_values a = { 0 }, b = { 0 };
    struct sv_stream out, in;
    struct sv_error err;
    struct elems la = { 0 }, lb = { 0 };
    const uint8_t *bytes;
    size_t len;
    uint64_t ca = 0, cb = 0;

    (void)target;
    where[0] = 0;
    sv_stream_mem_writer(&out, 0);
    if (encode_filled(d11, ctx, vals, &out, &err) < 0) {
        snprintf(where, wlen, "0.11's table cannot write it: %s", err.msg);
        sv_stream_free(&out);
        return;
    }
    bytes = sv_stream_mem_data(&out, &len);
    sv_stream_mem_reader(&in, bytes, len);
    sv_desc_decode_legacy(d11, ctx, d11->version, &in, &a, &ca, &err);
    sv_error_clear(&err);
    sv_stream_mem_reader(&in, bytes, len);
    /* 0.12's reader on 0.11's bytes: it may want more than there is */
    if (sv_desc_decode_legacy(d12, ctx, d11->version, &in, &b, &cb, &err) < 0) {
        snprintf(where, wlen, "%s", err.msg);
    } else {
        elements(&a, 0, &la);
        elements(&b, 0, &lb);
        if (!mismatch(&la, &lb, where, wlen) && cb != len)
            snprintf(where, wlen, "0.12 reads %" PRIu64 " of the %zu bytes", cb, len);
    }
    sv_values_free(&a);
    sv_values_free(&b);
    free(la.e);
    free(lb.e);
    sv_stream_free(&out);
}

/* Each machine 0.11's table knows (the "pci" and "vga_pci" facts: the VGAs' PCI part)
 * must be read alike by one of 0.12's layouts of the idstr. */
static void compare(const char *target, const struct sv_desc *d11, struct tally *t)
{
    const struct sv_desc *d12 = sv_desc_find("0.12", target, d11->idstr, d11->version);
    const struct divergence *k = known_divergence(d11->idstr, d11->version, target);
    struct sv_values none = { 0 };
    char where[300] = "";
    int same = 1;

    if (!d12 || !sv_vms_sets_origin(d12))
        return;     /* hand-written in 0.12 too, or no 0.12 table of that version */
    t->compared++;
    for (uint64_t pci = 0; pci < 2; pci++) {
        /* the standard VGA's PCI part goes with the machine's (-vga std) */
        struct sv_desc_fact fact[] = { { "pci", pci }, { "vga_pci", pci } };
        struct sv_desc_ctx ctx = { .target = target, .instance = 0, .facts = fact, .nfacts = 2 };
        char first[300] = "";
        int any = 0;

        for (size_t n = 0; !any && (d12 = sv_desc_find_nth("0.12", target, d11->idstr, d11->version, n)); n++) {
            one(target, d11, d12, &ctx, &none, where, sizeof where);
            any = !where[0];
            if (n == 0)
                snprintf(first, sizeof first, "%s", where);
        }
        if (!any) {
            snprintf(where, sizeof where, "%s", first);
            same = 0;
            break;
        }
    }
    if (same && !k) {
        t->agree++;
    } else if (!same && k) {
        t->diverge_known++;
        t->seen_known[k - known] = 1;
    } else {
        snprintf(t->wrong + strlen(t->wrong), sizeof t->wrong - strlen(t->wrong), " %s v%u %s (%s)", d11->idstr,
                 d11->version, target, same ? "agrees, listed as diverging" : where);
    }
}

struct collect {
    const struct sv_desc *d[256];
    const char *target[256];
    size_t n;
};

static int collect(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    struct collect *c = opaque;

    (void)release;
    if (c->n < 256) {
        c->d[c->n] = d;
        c->target[c->n++] = target;
    }
    return 0;
}

int main(void)
{
    struct collect c = { .n = 0 };
    struct tally t = { 0 };

    tap_init();
    plan_lazy();
    sv_desc_foreach("0.11", NULL, collect, &c);
    for (size_t i = 0; i < c.n; i++) {
        if (*c.target[i]) {
            compare(c.target[i], c.d[i], &t);
            continue;
        }
        compare("i386", c.d[i], &t);
        compare("x86_64", c.d[i], &t);
    }
    ok(t.compared >= 30, "%d (device, target) pairs have a 0.11.1 table and a derived 0.12 one of one version",
       t.compared);
    ok(t.wrong[0] == 0, "every one reads 0.11.1's bytes alike, but for the divergences listed (%d agree)%s",
       t.agree, t.wrong);
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        ok(t.seen_known[i], "a real divergence: %s v%u: %s", known[i].idstr, known[i].version, known[i].why);
    /* the cpu agrees where 0.11.1 writes the MCE fields: mcg_cap with
     * MCE_BANKS_DEF (10) banks, as on a coreduo */
    for (int x = 0; x < 2; x++) {
        const char *target = x ? "x86_64" : "i386";
        const struct sv_desc *d11 = sv_desc_find("0.11", target, "cpu", 10);
        const struct sv_desc *d12 = sv_desc_find("0.12", target, "cpu", 10);
        struct sv_value mcg = { .name = (char *)"mcg_cap", .type = SV_U64, .u = 0x0a };
        struct sv_values vals = { .desc = d11, .version = 10, .v = &mcg, .n = 1 };
        struct sv_desc_ctx ctx = { .target = target, .instance = 0 };
        char where[300] = "?";

        if (d11 && d12)
            one(target, d11, d12, &ctx, &vals, where, sizeof where);
        ok(where[0] == 0, "cpu v10 %s with ten MCE banks: 0.12.3 reads 0.11.1's bytes alike%s%s", target,
           where[0] ? ": " : "", where);
    }
    /* a derived table has no reset values: each field is required (F-18),
     * so values without hw/fdc.c's first one (v0.12.3:672, VMSTATE_UINT8(sra,
     * fdctrl_t)) are refused naming it, never written with a guess */
    {
        const struct sv_desc *fdc = sv_desc_find("0.12", "i386", "fdc", 2);
        struct sv_desc_ctx ctx = { .target = "i386", .instance = 0 };
        struct sv_values none = { .desc = fdc, .version = 2 };
        struct sv_stream out;
        struct sv_error err;
        int k;

        sv_error_clear(&err);
        sv_stream_mem_writer(&out, 0);
        k = fdc ? sv_desc_encode_legacy(fdc, &ctx, 2, &none, &out, &err) : 0;
        ok(fdc && sv_vms_sets_origin(fdc) && k < 0 && err.code == SV_E_MISSING && strcmp(err.field, "sra") == 0,
           "0.12's derived fdc v2: values without sra are refused naming it (%s)", fdc ? err.msg : "no table");
        sv_stream_free(&out);
    }
    /* the hand-written tables 0.12 still needs */
    {
        const struct sv_desc *tpr = sv_desc_find("qemu-kvm-0.12", NULL, "kvm-tpr-opt", 1);
        const struct sv_desc *net = sv_desc_find("0.12", NULL, "virtio-net", 11);
        struct sv_desc_ctx ctx = { .target = "x86_64", .instance = 0 };
        struct sv_values vals = { 0 };
        struct sv_stream in;
        struct sv_error err;
        uint8_t zero[200] = { 0 };
        uint64_t used = 0;

        sv_error_clear(&err);
        sv_stream_mem_reader(&in, zero, sizeof zero);
        /* kvm-tpr-opt.c tpr_save: struct vapic_bios as 31 be32, then 5 more */
        ok(tpr && sv_desc_decode_legacy(tpr, &ctx, 1, &in, &vals, &used, &err) == 0 && used == 144,
           "qemu-kvm-0.12's kvm-tpr-opt v1: 144 bytes");
        sv_values_free(&vals);
        ok(!sv_desc_find("0.12", NULL, "kvm-tpr-opt", 1), "  not in 0.12 (no KVM)");
        /* kvm-tpr-opt.c has no qemu_register_reset: nothing has a default */
        {
            struct sv_values none = { .desc = tpr, .version = 1 };
            struct sv_stream out;

            sv_error_clear(&err);
            sv_stream_mem_writer(&out, 0);
            ok(tpr && sv_desc_encode_legacy(tpr, &ctx, 1, &none, &out, &err) < 0 && err.code == SV_E_MISSING &&
               strcmp(err.field, "vapic_bios.signature") == 0,
               "  no reset handler: values without the ROM header's signature are refused naming it");
            sv_stream_free(&out);
        }
        /* virtio-net v11 of 0.12.3: has_ufo is what the tap peer offers
         * (hw/virtio-net.c:145 peer_has_ufo), which virtio_net_reset leaves */
        if (net) {
            struct sv_values v = { 0 };
            struct sv_stream out;
            uint8_t body[2048] = { 0 };
            size_t k = 0;

            sv_error_clear(&err);
            sv_stream_mem_reader(&in, body, sizeof body);
            used = 0;
            ok(sv_desc_decode_legacy(net, &ctx, 11, &in, &v, &used, &err) == 0, "  virtio-net v11 reads zeros");
            for (size_t i = 0; i < v.n; i++)
                if (strcmp(v.v[i].name, "has_ufo") != 0)
                    v.v[k++] = v.v[i];      /* names live in the values' arena */
            v.n = k;
            sv_stream_mem_writer(&out, 0);
            ok(sv_desc_encode_legacy(net, &ctx, 11, &v, &out, &err) < 0 && err.code == SV_E_MISSING &&
               strcmp(err.field, "has_ufo") == 0, "  virtio-net v11 without has_ufo is refused naming it");
            sv_stream_free(&out);
            sv_values_free(&v);
        }
        /* hw/virtio-net.c: VIRTIO_NET_VM_VERSION 11, has_ufo last */
        ok(net && net->version == 11 && sv_desc_find("qemu-kvm-0.12", NULL, "virtio-net", 11) == net &&
           !sv_desc_find("0.11", NULL, "virtio-net", 11), "virtio-net v11 in 0.12 and qemu-kvm-0.12 only");
        ok(sv_desc_find("0.12", NULL, "virtio-blk", 2) == sv_desc_find("0.11", NULL, "virtio-blk", 2) &&
           sv_desc_find("0.12", NULL, "slirp", 3) == sv_desc_find("0.11", NULL, "slirp", 3),
           "virtio-blk and slirp: 0.11.1's tables");
    }
    return 0;
}
