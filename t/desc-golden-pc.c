/*
 * Golden vectors for -M pc's slirp, cirrus_vga, ne2000, vmmouse and
 * virtio-balloon in releases 0.10 and 0.11, and for the emulator's emu-*
 * devices in release "emu": decode, exact round trips (legacy -> values ->
 * legacy, legacy -> tagged -> legacy), canonical tagged bodies, bounds in
 * all three directions, truncation, defaults between versions; then every
 * section of a stream the built emulator writes.
 */
#include <config.h>

#include "desc.h"
#include "desc-check.h"
#include "desc-golden-pc.h"
#include "proc.h"
#include "tap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_SLIRP, K_CIRRUS, K_NE2000, K_VMMOUSE, K_BALLOON, K_RING, K_DISK, K_NET, K_VERSIONED };

struct golden {
    const char *what, *release, *idstr;
    uint32_t version;
    long long instance;
    size_t size;                        /* LEGACY-FACTS.md or doc/EMU.md; 0: not listed */
    enum kind kind;
    int arg;                            /* sockets, PCI card, used, identify, connections */
    int pci;                            /* machine fact "pci": 0, 1, or -1 not given */
};

static const struct golden goldens[] = {
    { "slirp v3 idle", "0.11", "slirp", 3, 0, 131, K_SLIRP, 0, -1 },
    { "slirp v3, one socket", "0.11", "slirp", 3, 0, 0, K_SLIRP, 1, -1 },
    { "slirp v3, two sockets", "0.11", "slirp", 3, 0, 0, K_SLIRP, 2, -1 },
    { "slirp v2", "0.11", "slirp", 2, 0, 3, K_SLIRP, 0, -1 },
    { "slirp v1, one socket", "0.11", "slirp", 1, 0, 0, K_SLIRP, 1, -1 },
    { "0.10 slirp v1 idle", "0.10", "slirp", 1, 0, 1, K_SLIRP, 0, -1 },
    { "0.10 slirp v1, one socket", "0.10", "slirp", 1, 0, 0, K_SLIRP, 1, -1 },
    { "cirrus_vga v2 -M pc", "0.11", "cirrus_vga", 2, 0, 1870, K_CIRRUS, 1, 1 },
    { "cirrus_vga v2 -M isapc", "0.11", "cirrus_vga", 2, 0, 1594, K_CIRRUS, 0, 0 },
    { "cirrus_vga v1 on a PCI card", "0.11", "cirrus_vga", 1, 0, 1594, K_CIRRUS, 1, 1 },
    { "0.10 cirrus_vga v2 -M pc", "0.10", "cirrus_vga", 2, 0, 1870, K_CIRRUS, 1, 1 },
    { "ne2000 v3 (ne2k_pci)", "0.11", "ne2000", 3, 0, 49472, K_NE2000, 0, -1 },
    { "ne2000 v2 (ISA)", "0.11", "ne2000", 2, 0, 49472 - 276, K_NE2000, 0, -1 },
    { "ne2000 v1", "0.11", "ne2000", 1, 0, 49472 - 277, K_NE2000, 0, -1 },
    { "0.10 ne2000 v3", "0.10", "ne2000", 3, 0, 49472, K_NE2000, 0, -1 },
    { "vmmouse v0", "0.11", "vmmouse", 0, 0, 4105, K_VMMOUSE, 0, -1 },
    { "0.10 vmmouse v0", "0.10", "vmmouse", 0, 0, 4105, K_VMMOUSE, 0, -1 },
    { "virtio-balloon v1 (0.11)", "0.11", "virtio-balloon", 1, 0, 336, K_BALLOON, 1, -1 },
    { "virtio-balloon v1 (0.10)", "0.10", "virtio-balloon", 1, 0, 332, K_BALLOON, 0, -1 },
    { "emu-ring v1, 3 used", "emu", "emu-ring", 1, 0, 12 + 4 * 3, K_RING, 3, -1 },
    { "emu-ring v1, full", "emu", "emu-ring", 1, 0, 12 + 4 * 16, K_RING, 16, -1 },
    { "emu-ring v1, empty", "emu", "emu-ring", 1, 0, 12, K_RING, 0, -1 },
    { "emu-disk v1", "emu", "emu-disk", 1, 0, 13, K_DISK, 0, -1 },
    { "emu-disk v1 with IDENTIFY", "emu", "emu-disk", 1, 0, 525, K_DISK, 1, -1 },
    { "emu-net v1 idle", "emu", "emu-net", 1, 0, 3, K_NET, 0, -1 },
    { "emu-net v1, 3 connections", "emu", "emu-net", 1, 0, 3 + 14 * 3, K_NET, 3, -1 },
    { "emu-versioned v3", "emu", "emu-versioned", 3, 0, 15, K_VERSIONED, 0, -1 },
    { "emu-versioned v2", "emu", "emu-versioned", 2, 0, 7, K_VERSIONED, 0, -1 },
    { "emu-versioned v1", "emu", "emu-versioned", 1, 0, 6, K_VERSIONED, 0, -1 },
};

static void build(const struct golden *gd, struct dc_vec *g)
{
    memset(g, 0, sizeof *g);
    switch (gd->kind) {
    case K_SLIRP: slirp_vec(g, gd->version, gd->arg); break;
    case K_CIRRUS: cirrus_vec(g, gd->version, gd->arg); break;
    case K_NE2000: ne2000_vec(g, gd->version); break;
    case K_VMMOUSE: vmmouse_vec(g); break;
    case K_BALLOON: balloon_vec(g, gd->arg); break;
    case K_RING: emu_ring_vec(g, (uint32_t)gd->arg); break;
    case K_DISK: emu_disk_vec(g, gd->arg); break;
    case K_NET: emu_net_vec(g, gd->arg); break;
    case K_VERSIONED: emu_versioned_vec(g, gd->version); break;
    }
}

static struct sv_desc_fact pci_facts[2] = { { "pci", 0 }, { "pci", 1 } };

static struct sv_desc_ctx ctx_of(const struct golden *gd)
{
    struct sv_desc_ctx c = { .target = NULL, .instance = gd->instance };

    if (gd->pci >= 0) {
        c.facts = &pci_facts[gd->pci];
        c.nfacts = 1;
    }
    return c;
}

static void check_one(const struct golden *gd)
{
    static struct dc_vec g;
    struct dc_check_case cc = {
        .what = gd->what, .release = gd->release, .version = gd->version, .ctx = ctx_of(gd),
        .idstr = gd->idstr, .size = gd->size, .size_from = "LEGACY-FACTS or doc/EMU.md gives",
    };

    build(gd, &g);
    dc_check_golden(&cc, &g);
}

/* Decodes a built vector; the caller frees v. */
static int load(const char *release, const char *idstr, uint32_t version, const struct sv_desc_ctx *c,
                const struct dc_vec *g, struct sv_values *v)
{
    const struct sv_desc *d = sv_desc_find(release, NULL, idstr, version);
    struct sv_error err;
    uint64_t used;

    if (!d) {
        memset(v, 0, sizeof *v);
        return -1;
    }
    if (dc_decode(d, c, version, g->b, g->len, v, &err, &used) < 0) {
        diag("%s", dc_errtext(&err));
        return -1;
    }
    return 0;
}

static struct sv_value *value(struct sv_values *v, const char *name)
{
    return (struct sv_value *)sv_values_get(v, name);
}

/* slirp's buffer offsets and counts against the buffer's own length */
static void test_slirp_buffers(void)
{
    const struct sv_desc *d = sv_desc_find("0.11", NULL, "slirp", 3);
    struct sv_desc_ctx c = { .instance = 0 };
    static struct dc_vec g;
    struct sv_values v;
    struct sv_error err;
    uint8_t *p;
    size_t n;
    uint64_t used;
    char buf[600];

    memset(&g, 0, sizeof g);
    slirp_vec(&g, 3, 1);
    load("0.11", "slirp", 3, &c, &g, &v);
    /* an offset equal to the length is the one-past-the-end pointer */
    value(&v, "socket[0].so_rcv.wptr")->u = 8760;
    p = dc_encode_legacy(d, &c, 3, &v, &n, &err);
    ok(p != NULL, "slirp: wptr == datalen is accepted");
    free(p);
    value(&v, "socket[0].so_rcv.wptr")->u = 8761;
    p = dc_encode_legacy(d, &c, 3, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "socket[0].so_rcv.wptr") == 0, "slirp: wptr 8761 in a buffer of 8760 refused");
    is_str(err.msg, "value 8761 above socket[0].so_rcv.datalen (8760)", "  naming the length it exceeds");
    free(p);
    value(&v, "socket[0].so_rcv.wptr")->u = 300;
    value(&v, "socket[0].so_snd.rptr")->u = (uint64_t)-4;
    p = dc_encode_legacy(d, &c, 3, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "socket[0].so_snd.rptr") == 0, "slirp: a negative offset refused");
    free(p);
    sv_values_free(&v);
    /* a length shorter than the bytes it holds, on the wire: so_rcv.cc
     * (100) at 24, after the marker and the socket's 23 bytes */
    g.b[28 + 2] = 0;                                            /* so_rcv.datalen: 99 */
    g.b[28 + 3] = 99;
    ok(dc_decode(d, &c, 3, g.b, g.len, &v, &err, &used) < 0 && strcmp(err.field, "socket[0].so_rcv.datalen") == 0 &&
       err.offset == 28, "slirp: datalen 99 below cc 100 refused at its offset");
    is_str(sv_error_format(&err, buf, sizeof buf),
           "offset 28: section \"slirp\" instance 0: field \"socket[0].so_rcv.datalen\": "
           "value 99 below socket[0].so_rcv.cc (100)", "  formatted for svtool");
    sv_values_free(&v);
}

/* lists: marker rules and capacities */
static void test_lists(void)
{
    const struct sv_desc *net = sv_desc_find("emu", NULL, "emu-net", 1);
    const struct sv_desc *slirp = sv_desc_find("0.11", NULL, "slirp", 3);
    struct sv_desc_ctx c = { .instance = 0 };
    static struct dc_vec g;
    struct sv_values v;
    struct sv_error err;
    uint64_t used;
    uint8_t *big;
    size_t len = 2 + 14 * 8193 + 1;

    /* slirp_state_load takes any non-zero byte as "a socket follows" */
    memset(&g, 0, sizeof g);
    slirp_vec(&g, 3, 1);
    g.b[0] = 7;
    ok(dc_decode(slirp, &c, 3, g.b, g.len, &v, &err, &used) == 0 && used == g.len &&
       value(&v, "socket[0].marker")->u == 7, "slirp: marker 7 loads like 42");
    sv_values_free(&v);
    /* net_load refuses any other marker: 0x2b stops the decode there */
    memset(&g, 0, sizeof g);
    emu_net_vec(&g, 2);
    g.b[2 + 14] = 0x2b;
    ok(dc_decode(net, &c, 1, g.b, g.len, &v, &err, &used) < 0 && strcmp(err.field, "conn[1].marker") == 0 &&
       err.offset == 16, "emu-net: marker 0x2b refused at offset 16");
    sv_values_free(&v);
    /* a list above its capacity */
    big = calloc(1, len);
    for (size_t i = 0; i < 8193; i++)
        big[2 + 14 * i] = 0x2a;
    ok(dc_decode(net, &c, 1, big, len, &v, &err, &used) < 0 && err.code == SV_E_RANGE &&
       strstr(err.msg, "more than 8192") != NULL, "emu-net: 8193 connections refused");
    sv_values_free(&v);
    ok(dc_decode(net, &c, 1, big + 14, len - 14, &v, &err, &used) == 0 && used == len - 14,
       "emu-net: 8192 connections load");
    sv_values_free(&v);
    free(big);
}

static void test_versions(void)
{
    static struct dc_vec g, g3;
    struct sv_desc_ctx c = { .instance = 0 };
    struct sv_values v;
    struct sv_error err;
    uint8_t *p, *body;
    size_t n, blen;
    const struct sv_desc *s11 = sv_desc_find("0.11", NULL, "slirp", 3);
    const struct sv_desc *s10 = sv_desc_find("0.10", NULL, "slirp", 1);

    /* slirp v1 -> v3: ip_id 0 and an empty BOOTP table, as slirp_init leaves them */
    memset(&g, 0, sizeof g);
    slirp_vec(&g, 1, 1);
    load("0.11", "slirp", 1, &c, &g, &v);
    p = dc_encode_legacy(s11, &c, 3, &v, &n, &err);
    ok(p && n == g.len + 2 + 16 * 8 && memcmp(p, g.b, g.len) == 0, "slirp v1 -> v3: the sockets unchanged");
    {
        static const uint8_t zero[2 + 16 * 8];

        is_blob(p ? p + g.len : NULL, p ? n - g.len : 0, zero, sizeof zero, "  ip_id 0, BOOTP table empty");
    }
    free(p);
    /* a 0.10 tagged body loads into 0.11 and back out as version 3 */
    body = dc_encode_tagged(s10, &c, "0.10", &v, &blen, &err);
    sv_values_free(&v);
    ok(dc_decode_tagged(s11, &c, body, blen, &v, &err) == 0 && v.version == 1, "slirp: a 0.10 body loads in 0.11");
    p = dc_encode_legacy(s11, &c, 3, &v, &n, &err);
    ok(p && n == g.len + 130 && memcmp(p, g.b, g.len) == 0, "  and converts to version 3");
    free(p);
    free(body);
    sv_values_free(&v);
    /* v3 -> v1 refuses a non-zero ip_id, naming it */
    memset(&g3, 0, sizeof g3);
    slirp_vec(&g3, 3, 1);
    load("0.11", "slirp", 3, &c, &g3, &v);
    p = dc_encode_legacy(s11, &c, 1, &v, &n, &err);
    ok(p == NULL && strcmp(err.field, "ip_id") == 0, "slirp v3 -> v1 refuses ip_id 0x1234");
    free(p);
    value(&v, "ip_id")->u = 0;
    value(&v, "bootp_clients[0].allocated")->u = 0;
    memset(value(&v, "bootp_clients[0].macaddr")->b, 0, 6);
    p = dc_encode_legacy(s11, &c, 1, &v, &n, &err);
    memset(&g, 0, sizeof g);
    slirp_vec(&g, 1, 1);
    is_blob(p, p ? n : 0, g.b, g.len, "slirp v3 -> v1 with ip_id and BOOTP at their defaults");
    free(p);
    sv_values_free(&v);

    /* ne2000 v1 -> v2: rxcr takes its init value 0 (the card registers no
     * reset handler, and hw/ne2000.c:150-164, ne2000_reset, does not set
     * it), not the 0x0c ne2000_load sets for version 1 */
    {
        const struct sv_desc *ne = sv_desc_find("0.11", NULL, "ne2000", 3);

        memset(&g, 0, sizeof g);
        ne2000_vec(&g, 1);
        load("0.11", "ne2000", 1, &c, &g, &v);
        p = dc_encode_legacy(ne, &c, 2, &v, &n, &err);
        ok(p && n == g.len + 1 && p[0] == 0 && memcmp(p + 1, g.b, g.len) == 0, "ne2000 v1 -> v2: rxcr 0");
        free(p);
        /* and not to v3: the PCI config space (ids, BARs) has no default */
        p = dc_encode_legacy(ne, &c, 3, &v, &n, &err);
        ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "pci.config") == 0,
           "ne2000 v1 -> v3 refused: pci.config is required");
        free(p);
        sv_values_free(&v);
    }
    /* cirrus: v1 -> v2 on an ISA card is the same bytes; on a PCI card it
     * gains the config space */
    {
        const struct sv_desc *cv = sv_desc_find("0.11", NULL, "cirrus_vga", 2);
        struct sv_desc_ctx isa = { .instance = 0, .facts = &pci_facts[0], .nfacts = 1 };
        struct sv_desc_ctx pci = { .instance = 0, .facts = &pci_facts[1], .nfacts = 1 };

        memset(&g, 0, sizeof g);
        cirrus_vec(&g, 1, 0);
        load("0.11", "cirrus_vga", 1, &isa, &g, &v);
        p = dc_encode_legacy(cv, &isa, 2, &v, &n, &err);
        is_blob(p, p ? n : 0, g.b, g.len, "cirrus_vga v1 -> v2 on -M isapc: the same 1594 bytes");
        free(p);
        p = dc_encode_legacy(cv, &pci, 2, &v, &n, &err);
        ok(p == NULL && err.code == SV_E_MISSING && strcmp(err.field, "pci.config") == 0,
           "cirrus_vga v1 -> v2 on -M pc refused: its PCI config space is required");
        free(p);
        sv_values_free(&v);
    }
    /* emu-versioned: defaults from older versions, refusals going back */
    {
        const struct sv_desc *ev = sv_desc_find("emu", NULL, "emu-versioned", 3);
        static const uint8_t v1_to_3[] = {
            0, 0, 0, 5, 0x00, 0x3e,                             /* counter, flags */
            1,                                                  /* mode: ver_load's 1 */
            0, 0, 0, 0, 0, 0, 0, 0,                             /* stamp_ns 0 */
        };

        memset(&g, 0, sizeof g);
        emu_versioned_vec(&g, 1);
        load("emu", "emu-versioned", 1, &c, &g, &v);
        p = dc_encode_legacy(ev, &c, 3, &v, &n, &err);
        is_blob(p, p ? n : 0, v1_to_3, sizeof v1_to_3, "emu-versioned v1 -> v3: mode 1, stamp_ns 0");
        free(p);
        p = dc_encode_legacy(ev, &c, 2, &v, &n, &err);
        is_blob(p, p ? n : 0, v1_to_3, 7, "emu-versioned v1 -> v2: mode 1");
        free(p);
        sv_values_free(&v);
        memset(&g, 0, sizeof g);
        emu_versioned_vec(&g, 2);
        load("emu", "emu-versioned", 2, &c, &g, &v);
        p = dc_encode_legacy(ev, &c, 3, &v, &n, &err);
        ok(p && n == 15 && memcmp(p, g.b, 7) == 0 && !memcmp(p + 7, "\0\0\0\0\0\0\0\0", 8),
           "emu-versioned v2 -> v3: stamp_ns 0");
        free(p);
        p = dc_encode_legacy(ev, &c, 1, &v, &n, &err);
        ok(p == NULL && strcmp(err.field, "mode") == 0, "emu-versioned v2 -> v1 refuses mode 3");
        free(p);
        sv_values_free(&v);
        memset(&g3, 0, sizeof g3);
        emu_versioned_vec(&g3, 3);
        load("emu", "emu-versioned", 3, &c, &g3, &v);
        value(&v, "mode")->u = 1;
        p = dc_encode_legacy(ev, &c, 2, &v, &n, &err);
        ok(p == NULL && strcmp(err.field, "stamp_ns") == 0, "emu-versioned v3 -> v2 refuses stamp_ns 5000000");
        free(p);
        sv_values_free(&v);
    }
}

/* The same version, two layouts: a body of one release never loads silently
 * as the other's. */
static void test_balloon_releases(void)
{
    const struct sv_desc *b10 = sv_desc_find("0.10", NULL, "virtio-balloon", 1);
    const struct sv_desc *b11 = sv_desc_find("0.11", NULL, "virtio-balloon", 1);
    struct sv_desc_ctx c = { .instance = 0 };
    static struct dc_vec g;
    struct sv_values v;
    struct sv_error err;
    uint8_t *body;
    size_t blen;

    ok(b10 && b11 && b10 != b11, "virtio-balloon: a table per release for the same version 1");
    memset(&g, 0, sizeof g);
    balloon_vec(&g, 0);
    load("0.10", "virtio-balloon", 1, &c, &g, &v);
    body = dc_encode_tagged(b10, &c, "0.10", &v, &blen, &err);
    sv_values_free(&v);
    ok(dc_decode_tagged(b11, &c, body, blen, &v, &err) < 0 && err.code == SV_E_MISSING &&
       strcmp(err.field, "virtio.pci_config") == 0,
       "virtio-balloon: a 0.10 body is refused by the 0.11 table, naming a field (%s)", err.field);
    free(body);
    /* the 0.11 queue count beyond the balloon's array */
    memset(&g, 0, sizeof g);
    balloon_vec(&g, 1);
    ok(load("0.11", "virtio-balloon", 1, &c, &g, &v) == 0 && value(&v, "virtio.queue[1].pa")->u == 0x1f3e000,
       "virtio-balloon (0.11): queue 1's address");
    sv_values_free(&v);
}

/* cirrus_vga's layout on a machine nobody described: the length decides. */
static void test_cirrus_fact(void)
{
    const struct sv_desc *cv = sv_desc_find("0.11", NULL, "cirrus_vga", 2);
    static struct dc_vec pc, isa;
    struct sv_desc_ctx c = { .instance = 0 };
    struct sv_values v;
    struct sv_error err;
    uint64_t used;

    memset(&pc, 0, sizeof pc);
    memset(&isa, 0, sizeof isa);
    cirrus_vec(&pc, 2, 1);
    cirrus_vec(&isa, 2, 0);
    ok(dc_decode(cv, &c, 2, pc.b, pc.len, &v, &err, &used) < 0 && err.code == SV_E_MISSING && strstr(err.msg, "\"pci\""),
       "cirrus_vga: without facts or a length the layout is unknown");
    sv_values_free(&v);
    c.legacy_len = pc.len;
    ok(dc_decode(cv, &c, 2, pc.b, pc.len, &v, &err, &used) == 0 && used == 1870 && sv_values_get(&v, "pci.config"),
       "cirrus_vga: 1870 bytes are a PCI card");
    sv_values_free(&v);
    c.legacy_len = isa.len;
    ok(dc_decode(cv, &c, 2, isa.b, isa.len, &v, &err, &used) == 0 && used == 1594 && !sv_values_get(&v, "pci.config") &&
       v.n == 27, "cirrus_vga: 1594 bytes are an ISA card");
    sv_values_free(&v);
    c.legacy_len = isa.len + 1;
    ok(dc_decode(cv, &c, 2, pc.b, isa.len + 1, &v, &err, &used) < 0, "cirrus_vga: 1595 bytes fit neither");
    sv_values_free(&v);
}

/* Every section the built emulator writes decodes through release "emu"'s
 * tables and re-encodes to the same bytes, both ways. */
static void test_emu_stream(void)
{
    const char *emu = tap_env("SV_EMU");
    char *dir = scratch_dir("desc-golden-pc"), file[512], *line, *save = NULL;
    const char *argv[] = { emu, "--ticks", "5", "--sections", "-", "--save", file, NULL };
    struct proc pr;
    uint8_t *img;
    size_t ilen = 0;
    int sections = 0, good = 0, emu_seen = 0, ring_at = -1;
    long ring_off = 0;

    snprintf(file, sizeof file, "%s/stream", dir);
    if (!ok(proc_run(argv, NULL, NULL, &pr) == 0 && pr.status == 0, "emu: --ticks 5 --save runs")) {
        diag("%s", pr.err ? pr.err : "");
        proc_free(&pr);
        rmtree(dir);
        free(dir);
        return;
    }
    img = (uint8_t *)slurp(file, &ilen);
    for (line = strtok_r(pr.err, "\n", &save); line && img; line = strtok_r(NULL, "\n", &save)) {
        char idstr[256];
        long long inst;
        unsigned version;
        unsigned long long off, len;
        const struct sv_desc *d;
        struct sv_desc_ctx c;
        struct sv_values v, tv;
        struct sv_error err;
        uint64_t used;
        uint8_t *out, *body, *back;
        size_t olen, blen, backlen;
        int fine;

        if (sscanf(line, "%255s %lld %u %llu %llu", idstr, &inst, &version, &off, &len) != 5)
            continue;
        sections++;
        if (off + len > ilen) {
            diag("%s: body outside the file", idstr);
            continue;
        }
        emu_seen += strncmp(idstr, "emu-", 4) == 0;
        if (strcmp(idstr, "emu-ring") == 0) {
            ring_at = sections;
            ring_off = (long)off;
        }
        d = sv_desc_find("emu", "i386", idstr, version);
        if (!d) {
            diag("%s v%u: no table in release emu", idstr, version);
            continue;
        }
        c = (struct sv_desc_ctx){ .target = "i386", .instance = inst, .legacy_len = len };
        if (dc_decode(d, &c, version, img + off, len, &v, &err, &used) < 0) {
            diag("%s: %s", idstr, dc_errtext(&err));
            continue;
        }
        out = dc_encode_legacy(d, &c, version, &v, &olen, &err);
        body = dc_encode_tagged(d, &c, "emu", &v, &blen, &err);
        fine = used == len && out && olen == len && memcmp(out, img + off, len) == 0 && body &&
               dc_decode_tagged(d, &c, body, blen, &tv, &err) == 0;
        if (fine) {
            back = dc_encode_legacy(d, &c, version, &tv, &backlen, &err);
            fine = back && backlen == len && memcmp(back, img + off, len) == 0;
            free(back);
            sv_values_free(&tv);
        }
        if (!fine)
            diag("%s instance %lld: round trip differs (%s)", idstr, inst, dc_errtext(&err));
        good += fine;
        free(out);
        free(body);
        sv_values_free(&v);
    }
    ok(sections >= 16, "emu: %d sections listed", sections);
    is_int(emu_seen, 4, "emu: the four emu-* devices among them");
    is_int(good, sections, "emu: every section decodes and re-encodes byte-identical, legacy and tagged");
    /* the hostile ring count, refused before any legacy handler could see it */
    if (ring_at > 0 && img) {
        const struct sv_desc *d = sv_desc_find("emu", NULL, "emu-ring", 1);
        struct sv_desc_ctx c = { .instance = 0 };
        struct sv_values v;
        struct sv_error err;
        uint64_t used;

        img[ring_off + 3] = 17;                                 /* used: 17 > 16 slots */
        ok(dc_decode(d, &c, 1, img + ring_off, 12 + 4 * 17, &v, &err, &used) < 0 && strcmp(err.field, "used") == 0 &&
           err.offset == 0, "emu: a stream's emu-ring used 17 is refused at the field");
        sv_values_free(&v);
        img[ring_off + 3] = 5;
        img[ring_off + 7] = 16;                                 /* head: slots[16] */
        ok(dc_decode(d, &c, 1, img + ring_off, 12 + 4 * 5, &v, &err, &used) < 0 && strcmp(err.field, "head") == 0 &&
           err.offset == 4, "emu: a stream's emu-ring head 16 is refused at the field");
        sv_values_free(&v);
    }
    free(img);
    proc_free(&pr);
    rmtree(dir);
    free(dir);
}

int main(void)
{
    tap_init();
    plan_lazy();
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
        check_one(&goldens[i]);
    test_slirp_buffers();
    test_lists();
    test_versions();
    test_balloon_releases();
    test_cirrus_fact();
    test_emu_stream();
    return 0;
}
