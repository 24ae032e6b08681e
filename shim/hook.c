/* x86-64 inline hooks with Zydis-relocated prologues; see hook.h. */
#include <config.h>

#define _GNU_SOURCE     /* dl_iterate_phdr */
#include "hook.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <Zydis/Zydis.h>

#define JMP_REL32_LEN 5
#define JMP_ABS_LEN 14      /* jmp [rip+0]; .quad target */
#define RELAY_OFF 0
#define TRAMP_OFF 16

static int fits_rel32(int64_t d)
{
    return d >= INT32_MIN && d <= INT32_MAX;
}

/*
 * Relays and trampolines live in slots of pages the hooks share: a page
 * near the first target serves the others within reach, so five hooks cost
 * one mapping and one protection change, not five (doc/PERFORMANCE.md).
 * A page is writable and executable while hooks are being prepared in it
 * ("open"), and read-only and executable from the first install ("sealed").
 */
#define SLOT 128                /* relay (16) + the longest relocated prologue and its jump */
#define MAX_PAGES 16
#define BATCH 16                /* hooks written with one set of protection changes */

static struct hook_page {
    uint8_t *base;
    uint64_t used;              /* a bit per slot */
    int sealed;
} pages[MAX_PAGES];

static size_t page_size(void)
{
    static size_t pg;

    if (!pg)
        pg = (size_t)sysconf(_SC_PAGESIZE);
    return pg;
}

static unsigned slots_per_page(void)
{
    size_t n = page_size() / SLOT;

    return n > 64 ? 64 : (unsigned)n;
}

/* Can both a 5-byte jump from near into [p, p + page) and one back reach? */
static int page_in_reach(const uint8_t *p, const uint8_t *near)
{
    return fits_rel32((int64_t)((uintptr_t)p - (uintptr_t)near)) &&
           fits_rel32((int64_t)((uintptr_t)near - (uintptr_t)p) - (int64_t)page_size());
}

/* A fresh page within rel32 reach of `near`, so jumps both ways are 5 bytes. */
static uint8_t *map_near(uint8_t *near)
{
    size_t pg = page_size();
    uintptr_t base = (uintptr_t)near & ~(uintptr_t)(pg - 1);

    for (int64_t step = 1; step < 32768; step++) {
        for (int dir = -1; dir <= 1; dir += 2) {
            uintptr_t want = base + (uintptr_t)(dir * step * 65536);
            void *p;

            if ((dir < 0 && want > base) || want == 0)
                continue;
            p = mmap((void *)want, pg, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == MAP_FAILED)
                continue;
            if (page_in_reach(p, near))
                return p;
            munmap(p, pg);
        }
    }
    return NULL;
}

/* A free slot: in an open page within reach of near (any page when near is
 * NULL), else in a new page.  Sets *is_near when jumps from near reach it. */
static uint8_t *slot_alloc(uint8_t *near, int *is_near)
{
    unsigned per = slots_per_page();
    int free_entry = -1;
    uint8_t *p;

    for (int i = 0; i < MAX_PAGES; i++) {
        struct hook_page *hp = &pages[i];

        if (!hp->base) {
            if (free_entry < 0)
                free_entry = i;
            continue;
        }
        if (hp->sealed || hp->used == (per == 64 ? UINT64_MAX : (UINT64_C(1) << per) - 1))
            continue;
        if (near && !page_in_reach(hp->base, near))
            continue;
        for (unsigned k = 0; k < per; k++)
            if (!(hp->used & UINT64_C(1) << k)) {
                hp->used |= UINT64_C(1) << k;
                *is_near = near != NULL;
                return hp->base + (size_t)k * SLOT;
            }
    }
    if (free_entry < 0)
        return NULL;
    p = near ? map_near(near) : NULL;
    *is_near = p != NULL;
    if (!p) {
        if (near)   /* nothing in reach: a page anywhere, and 14-byte jumps */
            return slot_alloc(NULL, is_near);
        p = mmap(NULL, page_size(), PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
    }
    pages[free_entry] = (struct hook_page){ .base = p, .used = 1 };
    return p;
}

static struct hook_page *page_of(const uint8_t *slot)
{
    for (int i = 0; i < MAX_PAGES; i++)
        if (pages[i].base && slot >= pages[i].base && slot < pages[i].base + page_size())
            return &pages[i];
    return NULL;
}

static void slot_free(uint8_t *slot)
{
    struct hook_page *hp = page_of(slot);

    if (!hp)
        return;
    hp->used &= ~(UINT64_C(1) << ((size_t)(slot - hp->base) / SLOT));
    if (!hp->used) {
        munmap(hp->base, page_size());
        *hp = (struct hook_page){ 0 };
    }
}

/* Makes the slot's page read-only and executable, once. */
static int slot_seal(uint8_t *slot)
{
    struct hook_page *hp = page_of(slot);

    if (!hp || hp->sealed)
        return 0;
    if (mprotect(hp->base, page_size(), PROT_READ | PROT_EXEC) != 0)
        return -1;
    hp->sealed = 1;
    return 0;
}

static void put_jmp_abs(uint8_t *at, const void *to)
{
    uint64_t a = (uintptr_t)to;

    at[0] = 0xff;
    at[1] = 0x25;
    memset(at + 2, 0, 4);
    memcpy(at + 6, &a, 8);
}

static void put_jmp_rel32(uint8_t *at, const void *to)
{
    int32_t d = (int32_t)((intptr_t)to - (intptr_t)(at + 5));

    at[0] = 0xe9;
    memcpy(at + 1, &d, 4);
}

static int is_rip_relative(const ZydisDecodedInstruction *in, const ZydisDecodedOperand *ops)
{
    for (unsigned i = 0; i < in->operand_count; i++)
        if (ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY && ops[i].mem.base == ZYDIS_REGISTER_RIP)
            return 1;
    return 0;
}

/* Copies one instruction from src to dst, re-targeting what is relative to
 * its address; returns the bytes written, or -1 and why (the caller adds where). */
static int relocate(const ZydisDecodedInstruction *in, const ZydisDecodedOperand *ops,
                    const uint8_t *src, uint8_t *dst, const char **why)
{
    uint64_t abs;
    int64_t d;

    if (!(in->attributes & ZYDIS_ATTRIB_IS_RELATIVE)) {
        memcpy(dst, src, in->length);
        return in->length;
    }
    if (in->raw.imm[0].is_relative) {
        if (ZYAN_FAILED(ZydisCalcAbsoluteAddress(in, &ops[0], (uintptr_t)src, &abs)))
            return *why = "cannot compute a branch target", -1;
        if (in->raw.imm[0].size == 32) {
            memcpy(dst, src, in->length);
            d = (int64_t)(abs - ((uintptr_t)dst + in->length));
            if (!fits_rel32(d))
                return *why = "relocated branch out of rel32 reach", -1;
            memcpy(dst + in->raw.imm[0].offset, &(int32_t){ (int32_t)d }, 4);
            return in->length;
        }
        if (in->raw.imm[0].size == 8 && in->length == 2 && src[0] == 0xeb) {
            put_jmp_rel32(dst, (void *)(uintptr_t)abs);         /* jmp rel8 -> rel32 */
            d = (int64_t)(abs - ((uintptr_t)dst + 5));
            return fits_rel32(d) ? 5 : (*why = "relocated jmp out of reach", -1);
        }
        if (in->raw.imm[0].size == 8 && in->length == 2 && src[0] >= 0x70 && src[0] <= 0x7f) {
            d = (int64_t)(abs - ((uintptr_t)dst + 6));          /* jcc rel8 -> rel32 */
            if (!fits_rel32(d))
                return *why = "relocated jcc out of reach", -1;
            dst[0] = 0x0f;
            dst[1] = (uint8_t)(0x80 + (src[0] & 0x0f));
            memcpy(dst + 2, &(int32_t){ (int32_t)d }, 4);
            return 6;
        }
        return *why = "a relative instruction without a wider form", -1;
    }
    if (is_rip_relative(in, ops) && in->raw.disp.size == 32) {
        const ZydisDecodedOperand *m = NULL;

        for (unsigned i = 0; i < in->operand_count; i++)
            if (ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY && ops[i].mem.base == ZYDIS_REGISTER_RIP)
                m = &ops[i];
        if (ZYAN_FAILED(ZydisCalcAbsoluteAddress(in, m, (uintptr_t)src, &abs)))
            return *why = "cannot compute a RIP-relative address", -1;
        memcpy(dst, src, in->length);
        d = (int64_t)(abs - ((uintptr_t)dst + in->length));
        if (!fits_rel32(d))
            return *why = "RIP-relative operand out of reach of the trampoline", -1;
        memcpy(dst + in->raw.disp.offset, &(int32_t){ (int32_t)d }, 4);
        return in->length;
    }
    return *why = "an instruction that cannot be relocated", -1;
}

/*
 * Could a relative branch anywhere in the function land strictly inside the
 * patched bytes?  Every byte is taken as the start of each relative branch
 * encoding (jmp, call, jcc, loop, jrcxz, xbegin, with a 16- or 32-bit
 * offset where there is one): no false "no", and a false "maybe" only sends
 * the function to the exact scan below.
 */
enum { REL8 = 1, REL_CALLJMP, REL_TWO };

/* What a byte starts, as a relative branch: rel8 (jmp, jcc, loop, jrcxz),
 * e8/e9 (call, jmp rel16/32), or the first byte of 0f 8x (jcc) and c7 f8 (xbegin). */
static const uint8_t rel_class[256] = {
    [0x70 ... 0x7f] = REL8, [0xe0 ... 0xe3] = REL8, [0xeb] = REL8,
    [0xe8] = REL_CALLJMP, [0xe9] = REL_CALLJMP,
    [0x0f] = REL_TWO, [0xc7] = REL_TWO,
};

static int64_t rel32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

static int maybe_branch_in(const uint8_t *fn, size_t size, uintptr_t lo, uintptr_t hi)
{
    for (size_t i = 0; i < size; i++) {
        const uint8_t *p = fn + i;
        uintptr_t at = (uintptr_t)p;
        size_t left = size - i;
        int64_t t[2];
        int nt = 0;

        switch (rel_class[p[0]]) {
        case 0:
            continue;
        case REL8:
            if (left >= 2)
                t[nt++] = (int64_t)(at + 2) + (int8_t)p[1];
            break;
        case REL_CALLJMP:
            if (left >= 3)
                t[nt++] = (int64_t)(at + 3) + (int16_t)(p[1] | p[2] << 8);
            if (left >= 5)
                t[nt++] = (int64_t)(at + 5) + rel32(p + 1);
            break;
        case REL_TWO:
            if (left < 4 ||
                !((p[0] == 0x0f && p[1] >= 0x80 && p[1] <= 0x8f) || (p[0] == 0xc7 && p[1] == 0xf8)))
                continue;
            t[nt++] = (int64_t)(at + 4) + (int16_t)(p[2] | p[3] << 8);
            if (left >= 6)
                t[nt++] = (int64_t)(at + 6) + rel32(p + 2);
            break;
        }
        for (int k = 0; k < nt; k++)
            if ((uintptr_t)t[k] > lo && (uintptr_t)t[k] < hi)
                return 1;
    }
    return 0;
}

/* Refuses a function where a branch lands strictly inside the patched bytes.
 * Every instruction of the function is decoded, so in Zydis's minimal mode
 * (lengths and raw immediates, no operands): start-up time. */
static int scan_branches(struct sv_hook *h, size_t size, struct sv_error *err)
{
    ZydisDecoder dec;
    ZydisDecodedInstruction in;
    uintptr_t lo = (uintptr_t)h->patch_at, hi = lo + h->patch_len;

    if (!maybe_branch_in(h->target, size, lo, hi))
        return 0;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    ZydisDecoderEnableMode(&dec, ZYDIS_DECODER_MODE_MINIMAL, ZYAN_TRUE);
    for (size_t off = 0; off < size;) {
        uint64_t abs;

        if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&dec, NULL, h->target + off, size - off, &in))) {
            off++;
            continue;
        }
        /* a relative immediate counts from the end of its instruction */
        abs = (uintptr_t)h->target + off + in.length + (uint64_t)in.raw.imm[0].value.s;
        if ((in.attributes & ZYDIS_ATTRIB_IS_RELATIVE) && in.raw.imm[0].is_relative && abs > lo && abs < hi)
            return sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: the branch at +%#zx lands at +%#" PRIx64
                                      ", inside the %zu bytes a hook overwrites", h->name, off,
                                      abs - (uintptr_t)h->target, h->patch_len + (h->patch_at - h->target));
        off += in.length;
    }
    return 0;
}

int sv_hook_prepare(struct sv_hook *h, const char *name, void *target, size_t size,
                    void *replacement, struct sv_error *err)
{
    static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
    ZydisDecoder dec;
    ZydisDecoderContext ctx;
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    uint8_t *t, *src;
    const char *why;
    size_t need;
    int is_near;

    memset(h, 0, sizeof *h);
    h->name = name;
    h->target = target;
    h->replacement = replacement;
    h->patch_at = h->target;
    if (memcmp(h->target, endbr64, 4) == 0)     /* keep the landing pad in place */
        h->patch_at += 4;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);

    h->page = slot_alloc(h->patch_at, &is_near);
    if (!h->page)
        return sv_error_set_nooff(err, SV_E_NOMEM, "%s: cannot map a trampoline page: %s", name,
                                  strerror(errno));
    need = is_near ? JMP_REL32_LEN : JMP_ABS_LEN;
    t = h->page + TRAMP_OFF;
    src = h->patch_at;
    while ((size_t)(src - h->patch_at) < need) {
        int n;

        /* operands only where relocation needs them: most prologue instructions are not relative */
        if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&dec, &ctx, src, ZYDIS_MAX_INSTRUCTION_LENGTH, &in)) ||
            ((in.attributes & ZYDIS_ATTRIB_IS_RELATIVE) &&
             ZYAN_FAILED(ZydisDecoderDecodeOperands(&dec, &ctx, &in, ops, in.operand_count)))) {
            sv_hook_discard(h);
            return sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: cannot decode the instruction at +%#tx", name,
                                      src - h->target);
        }
        if (in.mnemonic == ZYDIS_MNEMONIC_INT3 ||
            ((in.meta.category == ZYDIS_CATEGORY_RET || in.meta.category == ZYDIS_CATEGORY_UNCOND_BR) &&
             (size_t)(src + in.length - h->patch_at) < need)) {
            sv_hook_discard(h);
            return sv_error_set_nooff(err, SV_E_UNKNOWN,
                                      "%s: the function ends (%s at +%#tx) before %zu bytes can be patched",
                        name, ZydisMnemonicGetString(in.mnemonic), src - h->target, need);
        }
        n = relocate(&in, ops, src, t, &why);
        if (n < 0) {
            sv_hook_discard(h);
            return sv_error_set_nooff(err, SV_E_UNKNOWN, "%s: at +%#tx: %s: %s", name, src - h->target,
                                      ZydisMnemonicGetString(in.mnemonic), why);
        }
        t += n;
        src += in.length;
    }
    h->patch_len = (size_t)(src - h->patch_at);
    if (size && scan_branches(h, size, err) < 0) {
        sv_hook_discard(h);
        return -1;
    }
    if (!fits_rel32((int64_t)((uintptr_t)src - ((uintptr_t)t + 5)))) {
        put_jmp_abs(t, src);
    } else {
        put_jmp_rel32(t, src);
    }
    h->trampoline = h->page + TRAMP_OFF;

    /* the bytes to write: a jump to the relay (or straight to the replacement) */
    memcpy(h->saved, h->patch_at, h->patch_len);
    memset(h->patch, 0xcc, h->patch_len);
    if (need == JMP_REL32_LEN) {
        put_jmp_abs(h->page + RELAY_OFF, replacement);
        put_jmp_rel32(h->patch, h->page + RELAY_OFF);
        /* the offset was computed for patch_at, not the scratch copy */
        memcpy(h->patch + 1, &(int32_t){ (int32_t)((intptr_t)(h->page + RELAY_OFF) -
                                                   (intptr_t)(h->patch_at + 5)) }, 4);
    } else {
        put_jmp_abs(h->patch, replacement);
    }
    return 0;
}

/* The loaded segment holding a page, from the program headers (no system
 * call): its protection and its pages [lo, hi). */
struct seg_query {
    uintptr_t addr;
    int prot;
    uintptr_t lo, hi;
};

static int find_segment(struct dl_phdr_info *info, size_t size, void *data)
{
    struct seg_query *q = data;
    uintptr_t pg = page_size();

    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = (info->dlpi_addr + ph->p_vaddr) & ~(pg - 1);
        uintptr_t hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + pg - 1) & ~(pg - 1);

        if (ph->p_type != PT_LOAD || q->addr < lo || q->addr >= hi)
            continue;
        q->prot = (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
                  (ph->p_flags & PF_X ? PROT_EXEC : 0);
        q->lo = lo;
        q->hi = hi;
        return 1;
    }
    return 0;
}

/* The same from /proc/self/maps, for code outside every loaded object. */
static void from_maps(struct seg_query *q)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];

    q->prot = PROT_READ | PROT_EXEC;
    q->lo = q->addr;
    q->hi = q->addr + page_size();
    while (f && fgets(line, sizeof line, f)) {
        char *p, *r;
        uintptr_t lo = (uintptr_t)strtoull(line, &p, 16), hi;

        if (*p != '-')
            continue;
        hi = (uintptr_t)strtoull(p + 1, &r, 16);
        if (*r != ' ' || strlen(r) < 4 || q->addr < lo || q->addr >= hi)
            continue;
        q->prot = (r[1] == 'r' ? PROT_READ : 0) | (r[2] == 'w' ? PROT_WRITE : 0) | (r[3] == 'x' ? PROT_EXEC : 0);
        break;
    }
    if (f)
        fclose(f);
}

static struct seg_query segment_of(uintptr_t page)
{
    struct seg_query q = { .addr = page };

    if (!dl_iterate_phdr(find_segment, &q))
        from_maps(&q);
    return q;
}

static int cmp_uintptr(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

    return (x > y) - (x < y);
}

/*
 * Writes each hook's bytes (its patch, or its saved original when restore)
 * over its entry.  The pages they touch are made writable in as few calls
 * as their segments allow (one for hooks in one text segment) and given
 * back the segment's protection after.
 */
static int write_code(struct sv_hook *const *hs, int n, int restore, struct sv_error *err)
{
    uintptr_t pg = page_size();
    uintptr_t pagev[2 * BATCH];             /* a patch spans at most two pages */
    struct { uintptr_t lo, hi; int prot; } run[2 * BATCH];
    int np = 0, nr = 0, done = 0, rc = 0;

    for (int i = 0; i < n; i++) {
        uintptr_t lo = (uintptr_t)hs[i]->patch_at & ~(pg - 1);
        uintptr_t last = ((uintptr_t)hs[i]->patch_at + hs[i]->patch_len - 1) & ~(pg - 1);

        for (uintptr_t a = lo; a <= last && np < (int)(sizeof pagev / sizeof pagev[0]); a += pg)
            pagev[np++] = a;
    }
    qsort(pagev, (size_t)np, sizeof pagev[0], cmp_uintptr);
    /* runs: the pages of one segment, from the first touched to the last */
    for (int i = 0; i < np; i++) {
        struct seg_query q;

        if (nr && pagev[i] < run[nr - 1].hi)
            continue;
        q = segment_of(pagev[i]);
        if (nr && pagev[i] == run[nr - 1].hi && q.prot == run[nr - 1].prot) {
            run[nr - 1].hi = pagev[i] + pg;
            continue;
        }
        run[nr].lo = pagev[i];
        run[nr].hi = pagev[i] + pg;
        run[nr].prot = q.prot;
        /* stretch over the later touched pages in the same segment */
        for (int j = i + 1; j < np; j++)
            if (pagev[j] >= q.lo && pagev[j] < q.hi)
                run[nr].hi = pagev[j] + pg;
        nr++;
    }
    for (; done < nr; done++)
        if (mprotect((void *)run[done].lo, run[done].hi - run[done].lo, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
            rc = sv_error_set_nooff(err, SV_E_IO, "%s: mprotect: %s", hs[0]->name, strerror(errno));
            break;
        }
    for (int i = 0; rc == 0 && i < n; i++) {
        memcpy(hs[i]->patch_at, restore ? hs[i]->saved : hs[i]->patch, hs[i]->patch_len);
        __builtin___clear_cache((char *)hs[i]->patch_at, (char *)hs[i]->patch_at + hs[i]->patch_len);
    }
    for (int r = 0; r < done; r++)
        mprotect((void *)run[r].lo, run[r].hi - run[r].lo, run[r].prot);
    return rc;
}

int sv_hooks_install(struct sv_hook *const *hs, int n, struct sv_error *err)
{
    struct sv_hook *todo[BATCH];
    int k = 0;

    if (n > BATCH)
        return sv_hooks_install(hs, BATCH, err) < 0 ? -1 : sv_hooks_install(hs + BATCH, n - BATCH, err);
    for (int i = 0; i < n; i++) {
        if (hs[i]->installed)
            continue;
        if (slot_seal(hs[i]->page) != 0)
            return sv_error_set_nooff(err, SV_E_IO, "%s: mprotect: %s", hs[i]->name, strerror(errno));
        todo[k++] = hs[i];
    }
    if (k && write_code(todo, k, 0, err) < 0)
        return -1;
    for (int m = 0; m < k; m++)
        todo[m]->installed = 1;
    return 0;
}

int sv_hook_install(struct sv_hook *h, struct sv_error *err)
{
    return sv_hooks_install(&h, 1, err);
}

int sv_hook_remove(struct sv_hook *h, struct sv_error *err)
{
    if (h->installed && write_code(&h, 1, 1, err) < 0)
        return -1;
    h->installed = 0;
    sv_hook_discard(h);
    return 0;
}

void sv_hook_discard(struct sv_hook *h)
{
    if (h->page)
        slot_free(h->page);
    h->page = NULL;
    h->trampoline = NULL;
}
