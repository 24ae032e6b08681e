/*
 * compat/sv-ramlayout: the ram section's layout per release.
 *
 * For every real capture (t/real/MANIFEST.tsv) the layout computed from its
 * recorded command line must give the size its ram section announces (read
 * here from the stream's first record, not through our walker); and from
 * that size alone -m must come back as the command line's.  The block
 * offsets are checked against the offsets where the ROM files' bytes were
 * found in unscrubbed captures (notes on issue 14, ram.md section 4):
 * 0.10.6 -m 128: bios.bin at 0x8800000, VGA BIOS at 0x8820000; 0.11.1:
 * bios.bin at 0x8000000, vgabios at 0x8020000, VGA RAM from 0x8040000;
 * 0.12.3 / qemu-kvm: the ROM BARs' files at their offsets.  0.12 streams
 * open with a live block section before ram.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sv-ramlayout.h"
#include "svtool-util.h"
#include "tap.h"

enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_BUILD, COL_STATE, COL_CONFIG, COL_COMMAND, COL_NCOLS };

static uint64_t be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    while (n--)
        v = v << 8 | *p++;
    return v;
}

/* The size the first ram record announces.  File header (magic, version),
 * then START sections: type 0x01, section id be32, idstr (length byte),
 * instance be32, version be32, the body.  0.12 streams open with a live
 * "block" section whose body without -b is one EOS record, be64 0x02
 * (v0.12.3 block-migration.c:24-26, :413); ram's body opens with be64
 * size | 0x04 (RAM_SAVE_FLAG_MEM_SIZE, v0.12.3 vl.c:2948-2952). */
static int announced(const char *xz, uint64_t *size)
{
    const char *args[] = { "-dc", xz, NULL };
    struct su_run_opts o = { .out_file = su_tpath("cap.sv") };
    struct su_run r;
    uint8_t *b;
    size_t n, at;
    int rc = -1;

    su_prog_run(&r, &o, "xz", args);
    if (r.code) {
        diag("xz -dc %s: %s", xz, su_run_status(&r));
        su_run_free(&r);
        return -1;
    }
    su_run_free(&r);
    if (!(b = su_read_file(o.out_file, &n)))
        return -1;
    at = 8;
    while (n > at + 6 && b[at] == 0x01) {
        size_t id;
        unsigned idlen;

        at += 1 + 4;
        idlen = b[at];
        id = at + 1;
        at += 1 + idlen + 8;
        if (n < at + 8)
            break;
        if (idlen == 3 && memcmp(b + id, "ram", 3) == 0) {
            if ((be(b + at, 8) & 0xfff) == 0x04) {
                *size = be(b + at, 8) & ~0xfffull;
                rc = 0;
            }
            break;
        }
        if (!(idlen == 5 && memcmp(b + id, "block", 5) == 0) || be(b + at, 8) != 0x02)
            break;              /* only an EOS-only block section comes before ram */
        at += 8;
    }
    free(b);
    return rc;
}

/* "-m 128" in a command line, in bytes; 0 if absent */
static uint64_t cmd_ram(const char *cmd)
{
    const char *m = strstr(cmd, " -m ");

    return m ? strtoull(m + 4, NULL, 10) << 20 : 0;
}

static void captures(void)
{
    char dir[600], path[1024], line[8192];
    FILE *f;
    int header = 1, n = 0, good = 0, inferred = 0;

    snprintf(dir, sizeof dir, "%s/t/real", tap_env("SV_TOP_SRCDIR"));
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        const struct sv_release *r;
        struct sv_ram_config c, c2;
        struct sv_ram_layout l;
        struct sv_error e;
        uint64_t size = 0;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header) {
            header = 0;
            continue;
        }
        if (k < COL_NCOLS)
            bail("MANIFEST.tsv: a line with %d columns", k);
        n++;
        snprintf(path, sizeof path, "%s/%s", dir, col[COL_FILE]);
        r = sv_release_find(col[COL_RELEASE]);
        sv_error_clear(&e);
        if (!r || announced(path, &size) < 0) {
            diag("%s: release %s, or no announced size", col[COL_FILE], col[COL_RELEASE]);
            continue;
        }
        if (sv_ram_config_parse(r, col[COL_COMMAND], &c, &e) < 0 || sv_ram_layout_of(r, &c, &l, &e) < 0) {
            diag("%s: %s", col[COL_FILE], e.msg);
            continue;
        }
        if (l.size != size) {
            diag("%s: layout %#llx, announced %#llx", col[COL_FILE], (unsigned long long)l.size,
                 (unsigned long long)size);
            continue;
        }
        good++;
        c2 = c;
        c2.ram = 0;
        if (sv_ram_layout_for_size(r, &c2, size, &l, &e) == 0 && c2.ram == cmd_ram(col[COL_COMMAND]))
            inferred++;
        else
            diag("%s: -m from the size: %llu (%s)", col[COL_FILE], (unsigned long long)c2.ram, e.msg);
    }
    fclose(f);
    ok(n > 200, "the manifest lists the captures (%d)", n);
    is_int(good, n, "every capture's command line gives the size its ram section announces");
    is_int(inferred, n, "every capture's -m comes back from its announced size");
}

static const struct sv_ram_block *block(const char *rel, const char *opts, enum sv_ram_role role,
                                        struct sv_ram_layout *l)
{
    struct sv_ram_config c;
    struct sv_error e;

    sv_error_clear(&e);
    if (sv_ram_config_parse(sv_release_find(rel), opts, &c, &e) < 0 ||
        sv_ram_layout_of(sv_release_find(rel), &c, l, &e) < 0) {
        diag("%s %s: %s", rel, opts, e.msg);
        return NULL;
    }
    return sv_ram_layout_role(l, role, 0);
}

static void offsets(void)
{
    struct sv_ram_layout l;
    const struct sv_ram_block *b;

    b = block("0.10", "-m 128 -M pc", SV_RAM_BIOS, &l);
    ok(b && b->offset == 0x8800000 && b->size == 0x20000, "0.10 -m 128: bios.bin at 0x8800000");
    b = block("0.10", "-m 128 -M pc", SV_RAM_OPTROM, &l);
    ok(b && b->offset == 0x8820000 && b->size == 0x10000, "0.10 -m 128: the VGA BIOS block at 0x8820000");
    b = block("0.10", "-m 128 -M pc", SV_RAM_VGA, &l);
    ok(b && b->offset == 0x8000000 && b->size == 0x800000, "0.10 -m 128: VGA RAM at 0x8000000");
    b = block("0.10", "-m 128 -M pc", SV_RAM_RESERVE, &l);
    ok(b && b->offset == 0x8830000 && b->offset + b->size == 0x8c00000 && l.size == 0x8c00000,
       "0.10 -m 128: the reserve from 0x8830000 to 0x8c00000");
    b = block("0.10", "-m 128 -vga none", SV_RAM_OPTROM, &l);
    ok(!b && l.size == 0x8c00000, "0.10 -vga none: no VGA BIOS block, the same size");
    b = block("0.11", "-m 128", SV_RAM_BIOS, &l);
    ok(b && b->offset == 0x8000000, "0.11 -m 128: bios.bin at 0x8000000");
    b = block("0.11", "-m 128", SV_RAM_OPTROM, &l);
    ok(b && b->offset == 0x8020000 && b->size == 0x20000, "0.11 -m 128: option-ROM RAM at 0x8020000");
    b = block("0.11", "-m 128", SV_RAM_VGA, &l);
    ok(b && b->offset == 0x8040000 && l.size == 0x8840000, "0.11 -m 128: VGA RAM at 0x8040000, 0x8840000 in all");
    b = block("0.11", "-m 128 -vga none", SV_RAM_VGA, &l);
    ok(!b && l.size == 0x8040000, "0.11 -vga none: no VGA RAM");
    b = block("0.11", "-m 256 -romsize bios.bin=262144", SV_RAM_OPTROM, &l);
    ok(b && b->offset == 0x10000000 + 0x40000, "-romsize changes the BIOS block's size");
    /* 0.12.3 and qemu-kvm: ROM bytes found at these offsets (ram.md sections 4 and 6) */
    b = block("0.12", "-m 128 -M pc", SV_RAM_ROM_BAR, &l);
    ok(b && b->offset == 0x8840000 && b->size == 0x10000 && strcmp(b->name, "vgabios-cirrus.bin") == 0,
       "0.12 -M pc: the cirrus ROM BAR at 0x8840000");
    b = block("0.12", "-m 128 -M pc", SV_RAM_ROM_BAR, &l) ? sv_ram_layout_role(&l, SV_RAM_ROM_BAR, 1) : NULL;
    ok(b && b->offset == 0x8850000 && b->size == 0x20000 && l.size == 0x8870000,
       "0.12 -M pc: the default e1000's ROM BAR (72192 B -> 128 KiB) at 0x8850000");
    b = block("0.12", "-m 128 -M pc -vga std -net nic,model=virtio", SV_RAM_ROM_BAR, &l);
    ok(b && b->offset == 0x8840000 && b->size == 0x10000 && strcmp(b->name, "pxe-virtio.bin") == 0 &&
           l.size == 0x8850000,
       "0.12 -vga std: no VGA ROM BAR, the NIC's at 0x8840000");
    b = block("0.12", "-m 128 -M pc -vga vmware", SV_RAM_VGA_FIFO, &l);
    ok(b && b->offset == 0x8040000 && b->size == 0x10000, "0.12 -vga vmware: the SVGA FIFO at 0x8040000");
    b = block("0.12", "-m 128 -M pc -vga vmware", SV_RAM_VGA, &l);
    ok(b && b->offset == 0x8050000, "0.12 -vga vmware: its VGA RAM after the FIFO, at 0x8050000");
    b = block("0.12", "-m 128 -M pc-0.11 -net nic,model=e1000", SV_RAM_ROM_BAR, &l);
    ok(!b && l.size == 0x8840000, "0.12 -M pc-0.11: no ROM BARs, 0.11.1's size");
    b = block("0.12", "-m 128 -M pc -net nic,model=ne2k_pci -net nic,model=rtl8139", SV_RAM_ROM_BAR, &l) ?
            sv_ram_layout_role(&l, SV_RAM_ROM_BAR, 1) : NULL;
    ok(b && b->offset == 0x8850000 && strcmp(b->name, "pxe-rtl8139.bin") == 0,
       "0.12: NICs without a ROM BAR take no block, the next NIC's follows");
    b = block("0.12", "-m 128 -M pc -net user", SV_RAM_ROM_BAR, &l) ? sv_ram_layout_role(&l, SV_RAM_ROM_BAR, 1)
                                                                    : NULL;
    ok(!b && l.size == 0x8850000, "0.12: -net without nic makes no NIC");
    b = block("0.12", "-m 128 -M isapc", SV_RAM_ROM_BAR, &l);
    ok(!b && l.size == 0x8840000, "0.12 -M isapc: no PCI, no ROM BARs");
    b = block("qemu-kvm-0.12", "-m 128 -M pc", SV_RAM_VGA, &l);
    ok(b && b->offset == 0x8040000 && b->size == 0x1000000, "qemu-kvm: 16 MiB of VGA RAM at 0x8040000");
    b = block("qemu-kvm-0.12", "-m 128 -M pc-0.10", SV_RAM_ROM_BAR, &l) ? sv_ram_layout_role(&l, SV_RAM_ROM_BAR, 1)
                                                                        : NULL;
    ok(b && b->offset == 0x9050000 && strcmp(b->name, "pxe-rtl8139.bin") == 0 && l.size == 0x9060000,
       "qemu-kvm -M pc-0.10: ROM BARs still (cirrus, then the default rtl8139 at 0x9050000)");
    b = block("0.10", "-m 4096", SV_RAM_ABOVE_4G, &l);
    ok(b && b->offset == 0xe0000000 && b->size == 0x20000000, "-m 4096: RAM above 4G after RAM below 0xe0000000");
}

static void refusals(void)
{
    static const struct { const char *opts, *want; } bad[] = {
        { "-m 128 -kernel vmlinuz", "-kernel" },
        { "-m 128 -option-rom x.bin", "-option-rom" },
        { "-m 128 -boot n", "-boot n" },
        { "-m 128 -M pc-0.11", "-M pc-0.11" },       /* 0.10 has pc and isapc */
        { "-m 128 -vga cga", "-vga cga" },
        { "-m lots", "-m lots" },
        { "-m 128 -frobnicate 1", "-frobnicate" },
        { "-m 128 -frobnicate", "-frobnicate: unknown" },  /* last, no argument: still unknown */
        { "-m", "-m needs" },
        { "-romsize bios.bin", "-romsize" },
    };
    static const struct { const char *opts, *want; } bad012[] = {
        { "-m 128 -device e1000,mac=52:54:00:12:34:56", "-device e1000" },
        { "-m 128 -device cirrus-vga", "-device cirrus-vga" },
    };
    for (size_t i = 0; i < sizeof bad012 / sizeof bad012[0]; i++) {
        struct sv_ram_config c;
        struct sv_error e;

        sv_error_clear(&e);
        ok(sv_ram_config_parse(sv_release_find("0.12"), bad012[i].opts, &c, &e) < 0 && strstr(e.msg, bad012[i].want),
           "0.12 \"%s\" is refused naming %s (%s)", bad012[i].opts, bad012[i].want, e.msg);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct sv_ram_config c;
        struct sv_error e;

        sv_error_clear(&e);
        ok(sv_ram_config_parse(sv_release_find("0.10"), bad[i].opts, &c, &e) < 0 && strstr(e.msg, bad[i].want),
           "\"%s\" is refused naming %s (%s)", bad[i].opts, bad[i].want, e.msg);
    }
    {
        struct sv_ram_config c = { 0 };
        struct sv_ram_layout l;
        struct sv_error e;

        sv_error_clear(&e);
        c.ram = 256ull << 20;
        ok(sv_ram_layout_for_size(sv_release_find("0.11"), &c, 0x8840000, &l, &e) < 0 &&
               strstr(e.msg, "announces 142868480"),
           "a size that does not fit the configuration is refused (%s)", e.msg);
    }
}

/* A page of 0.10.6 `-m 128 -M pc` to 0.11.1's: offsets from the allocation
 * order (v0.10.6 hw/pc.c:847-899, v0.11.1 hw/pc.c:1154-1225, vga.c:2282). */
static void moves(void)
{
    static const struct { uint64_t from; int k; uint64_t to; const char *what; } m[] = {
        { 0x0001000, 0, 0x0001000, "low RAM stays" },
        { 0x00c0000, 0, 0x00c0000, "the 0xa0000-0xfffff block stays" },
        { 0x7fff000, 0, 0x7fff000, "high RAM stays" },
        { 0x8000000, 0, 0x8040000, "VGA RAM: 0x8000000 -> 0x8040000" },
        { 0x87ff000, 0, 0x883f000, "the last VGA RAM page" },
        { 0x8800000, 0, 0x8000000, "bios.bin: 0x8800000 -> 0x8000000" },
        { 0x8820000, 0, 0x8020000, "VGA BIOS -> the option-ROM RAM at 0xc0000" },
        { 0x8830000, 1, 0, "a zero page of the never-allocated rest: dropped" },
    };
    const struct sv_release *r10 = sv_release_find("0.10"), *r11 = sv_release_find("0.11");
    struct sv_ram_config c10, c11;
    struct sv_ram_layout l10, l11;
    struct sv_error e;
    uint8_t page[SV_RAM_PAGE] = { 0 };

    sv_error_clear(&e);
    if (sv_ram_config_parse(r10, "-m 128 -M pc", &c10, &e) < 0 || sv_ram_layout_of(r10, &c10, &l10, &e) < 0 ||
        sv_ram_config_parse(r11, "-m 128 -M pc", &c11, &e) < 0 || sv_ram_layout_of(r11, &c11, &l11, &e) < 0)
        bail("layouts: %s", e.msg);
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        struct sv_ram_rec rec = { .addr = m[i].from, .flags = SV_RAM_COMPRESS, .fill = 0, .offset = 77 };
        uint64_t to = 0;
        int k = sv_ram_move_page(r10, &l10, r11, &l11, &rec, &to, &e);

        ok(k == m[i].k && (k || to == m[i].to), "move 0.10 -> 0.11: %s (got %d, %#llx)", m[i].what, k,
           (unsigned long long)to);
    }
    {
        struct sv_ram_rec rec = { .addr = 0x8830000, .flags = SV_RAM_PAGE_FLAG, .page = page, .offset = 77 };
        uint64_t to = 0;

        page[100] = 1;
        sv_error_clear(&e);
        ok(sv_ram_move_page(r10, &l10, r11, &l11, &rec, &to, &e) < 0 && e.offset == 77 &&
           strstr(e.msg, "page 0x8830000 of the source's block") && strstr(e.msg, "not zero and has no place in release 0.11"),
           "a non-zero page without a place is refused naming its block (%s)", e.msg);
        rec.flags = SV_RAM_COMPRESS;
        rec.fill = 0xff;
        sv_error_clear(&e);
        ok(sv_ram_move_page(r10, &l10, r11, &l11, &rec, &to, &e) < 0, "... a non-zero fill too");
        rec.addr = 0x8c00000;
        rec.fill = 0;
        sv_error_clear(&e);
        ok(sv_ram_move_page(r10, &l10, r11, &l11, &rec, &to, &e) < 0 && strstr(e.msg, "outside release 0.10's layout"),
           "a page past the source's layout is refused (%s)", e.msg);
    }
    ok(!sv_ram_layout_same(&l10, &l11), "0.10's layout is not 0.11's");
    {
        const struct sv_release *r12 = sv_release_find("0.12");
        struct sv_ram_config c12;
        struct sv_ram_layout l12;

        /* 0.12.3 pc-0.11 has 0.11.1's layout (v0.12.3 hw/pc.c:1318-1320: no ROM BARs), pc its own */
        sv_error_clear(&e);
        ok(sv_ram_config_parse(r12, "-m 128 -M pc-0.11", &c12, &e) == 0 && sv_ram_layout_of(r12, &c12, &l12, &e) == 0 &&
           sv_ram_layout_same(&l11, &l12), "0.12 pc-0.11's layout is 0.11's");
        ok(sv_ram_config_parse(r12, "-m 128 -M pc", &c12, &e) == 0 && sv_ram_layout_of(r12, &c12, &l12, &e) == 0 &&
           !sv_ram_layout_same(&l11, &l12), "0.12 pc's is not");
    }
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    offsets();
    refusals();
    moves();
    return 0;
}
