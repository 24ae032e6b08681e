/* Inline hooks: relocation of real prologues, refusals, removal. */
#include <config.h>

#include <stdint.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hook.h"
#include "tap.h"

/* Functions with prologues chosen to exercise the relocator. */
__asm__(
    ".text\n"
    /* endbr64, then a RIP-relative lea in the patched bytes: returns 1000 + a */
    ".globl sv_t_rip\n.type sv_t_rip,@function\n"
    "sv_t_rip:\n"
    "  endbr64\n"
    "  lea sv_t_rip_data(%rip), %rax\n"
    "  movl (%rax), %eax\n"
    "  addl %edi, %eax\n"
    "  ret\n"
    "sv_t_rip_data: .long 1000\n"
    ".size sv_t_rip, .-sv_t_rip\n"
    /* a short jcc in the patched bytes: returns -1 for a < 0, else 1 */
    ".globl sv_t_jcc\n.type sv_t_jcc,@function\n"
    "sv_t_jcc:\n"
    "  testl %edi, %edi\n"
    "  js 1f\n"
    "  movl $1, %eax\n"
    "  ret\n"
    "1: movl $-1, %eax\n"
    "  ret\n"
    ".size sv_t_jcc, .-sv_t_jcc\n"
    /* a call rel32 first: returns 2 * (a + 1) */
    ".globl sv_t_call\n.type sv_t_call,@function\n"
    "sv_t_call:\n"
    "  call sv_t_inc\n"
    "  addl %eax, %eax\n"
    "  ret\n"
    "sv_t_inc: leal 1(%rdi), %eax\n"
    "  ret\n"
    ".size sv_t_call, .-sv_t_call\n"
    /* a loop whose branch lands inside the first five bytes */
    ".globl sv_t_into\n.type sv_t_into,@function\n"
    "sv_t_into:\n"
    "  xorl %eax, %eax\n"
    "2: addl $1, %eax\n"
    "  cmpl %edi, %eax\n"
    "  jl 2b\n"
    "  ret\n"
    ".size sv_t_into, .-sv_t_into\n"
    /* too short to patch */
    ".globl sv_t_tiny\n.type sv_t_tiny,@function\n"
    "sv_t_tiny:\n"
    "  movl %edi, %eax\n"
    "  ret\n"
    ".size sv_t_tiny, .-sv_t_tiny\n"
    /* loop (rel8 with no rel32 form) in the patched bytes */
    ".globl sv_t_loop\n.type sv_t_loop,@function\n"
    "sv_t_loop:\n"
    "  movl %edi, %ecx\n"
    "  xorl %eax, %eax\n"
    "3: incl %eax\n"
    "  loop 3b\n"
    "  ret\n"
    ".size sv_t_loop, .-sv_t_loop\n"
    "sv_t_end:\n");

int sv_t_rip(int), sv_t_jcc(int), sv_t_call(int), sv_t_into(int), sv_t_tiny(int), sv_t_loop(int);

static struct sv_hook h_rip, h_jcc, h_call;

static int rep_rip(int a)
{
    return ((int (*)(int))h_rip.trampoline)(a) + 1;
}

static int rep_jcc(int a)
{
    return ((int (*)(int))h_jcc.trampoline)(a) * 10;
}

static int rep_call(int a)
{
    return ((int (*)(int))h_call.trampoline)(a) + 100;
}

/* Calls through a volatile pointer so the compiler cannot fold them. */
static int call(int (*volatile f)(int), int a)
{
    return f(a);
}

/* The protection of the mapping holding addr, "rwx" style, from /proc/self/maps. */
static const char *prot_of(uintptr_t addr)
{
    static char prot[4];
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");

    strcpy(prot, "?");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char p[5];

        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 && addr >= lo && addr < hi) {
            memcpy(prot, p, 3);
            prot[3] = 0;
            break;
        }
    }
    if (f)
        fclose(f);
    return prot;
}

/* A fresh error for each call: the first problem recorded wins. */
static struct sv_error *clear(struct sv_error *e)
{
    sv_error_clear(e);
    return e;
}

int main(void)
{
    struct sv_hook h;
    struct sv_error e;
    char err[768];

    tap_init();
    plan_lazy();

    is_int(call(sv_t_rip, 5), 1005, "sv_t_rip before hooking");
    ok(sv_hook_prepare(&h_rip, "sv_t_rip", (void *)sv_t_rip, 0, (void *)rep_rip, clear(&e)) == 0,
       "a RIP-relative prologue after endbr64 is relocatable");
    ok(h_rip.patch_at == (uint8_t *)sv_t_rip + 4, "the endbr64 stays in place");
    ok(sv_hook_install(&h_rip, clear(&e)) == 0, "installed");
    is_int(((const uint8_t *)sv_t_rip)[0], 0xf3, "entry still starts with endbr64");
    is_int(call(sv_t_rip, 5), 1006, "the replacement runs and calls the relocated original");

    ok(sv_hook_prepare(&h_jcc, "sv_t_jcc", (void *)sv_t_jcc, 0, (void *)rep_jcc, clear(&e)) == 0 &&
       sv_hook_install(&h_jcc, clear(&e)) == 0, "a short jcc in the prologue is widened");
    is_int(call(sv_t_jcc, 3), 10, "jcc not taken through the trampoline");
    is_int(call(sv_t_jcc, -3), -10, "jcc taken through the trampoline reaches its old target");

    ok(sv_hook_prepare(&h_call, "sv_t_call", (void *)sv_t_call, 0, (void *)rep_call, clear(&e)) == 0 &&
       sv_hook_install(&h_call, clear(&e)) == 0, "a call rel32 in the prologue is re-targeted");
    is_int(call(sv_t_call, 4), 110, "relocated call returns into the trampoline");

    ok(sv_hook_prepare(&h, "sv_t_into", (void *)sv_t_into, 12, (void *)rep_rip, clear(&e)) < 0,
       "a branch into the overwritten bytes is refused");
    like(sv_error_format(&e, err, sizeof err), "lands at +0x2", "the message says where the branch lands");
    is_int(call(sv_t_into, 3), 3, "the refused function still works");

    ok(sv_hook_prepare(&h, "sv_t_tiny", (void *)sv_t_tiny, 3, (void *)rep_rip, clear(&e)) < 0,
       "a function shorter than the jump is refused");
    like(sv_error_format(&e, err, sizeof err), "sv_t_tiny", "the message names the function");

    ok(sv_hook_prepare(&h, "sv_t_loop", (void *)sv_t_loop, 9, (void *)rep_rip, clear(&e)) < 0,
       "an instruction without a wider form (loop) is refused");
    like(sv_error_format(&e, err, sizeof err), "loop", "the message names the instruction");
    is_int(e.code, SV_E_UNKNOWN, "a refusal is an error value with its code");

    ok(sv_hook_remove(&h_rip, clear(&e)) == 0, "removed");
    is_int(call(sv_t_rip, 5), 1005, "the original bytes are back");
    ok(sv_hook_remove(&h_jcc, clear(&e)) == 0 && sv_hook_remove(&h_call, clear(&e)) == 0,
       "the other hooks are removed");
    is_int(call(sv_t_jcc, -1), -1, "sv_t_jcc is itself again");

    /* several hooks at once, as the shim installs them */
    {
        struct sv_hook *both[2] = { &h_rip, &h_call };
        long pg = sysconf(_SC_PAGESIZE);

        ok(sv_hook_prepare(&h_rip, "sv_t_rip", (void *)sv_t_rip, 0, (void *)rep_rip, clear(&e)) == 0 &&
           sv_hook_prepare(&h_call, "sv_t_call", (void *)sv_t_call, 0, (void *)rep_call, clear(&e)) == 0,
           "two hooks prepared");
        ok((uintptr_t)h_rip.page / (uintptr_t)pg == (uintptr_t)h_call.page / (uintptr_t)pg,
           "their trampolines share one page");
        ok(sv_hooks_install(both, 2, clear(&e)) == 0, "installed together");
        is_int(call(sv_t_rip, 5), 1006, "the first replacement runs");
        is_int(call(sv_t_call, 3), 108, "the second replacement runs");
        is_str(prot_of((uintptr_t)sv_t_rip), "r-x", "the patched code's page is read-only again");
        is_str(prot_of((uintptr_t)h_rip.trampoline), "r-x", "the trampolines' page is not writable");
        ok(sv_hook_remove(&h_rip, clear(&e)) == 0 && sv_hook_remove(&h_call, clear(&e)) == 0, "both removed");
        is_int(call(sv_t_rip, 5) + call(sv_t_call, 3), 1005 + 8, "both are themselves again");
        is_str(prot_of((uintptr_t)sv_t_call), "r-x", "and their page read-only");
    }
    /* code outside every loaded object (a JIT's, say): its protection comes from /proc/self/maps */
    {
        long pg = sysconf(_SC_PAGESIZE);
        size_t len = (size_t)((const char *)sv_t_into - (const char *)sv_t_jcc);  /* sv_t_jcc's bytes */
        uint8_t *code = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        int (*copy)(int);

        if (code == MAP_FAILED || len > (size_t)pg)
            bail("cannot map a page for copied code");
        memcpy(code, (const void *)sv_t_jcc, len);
        mprotect(code, (size_t)pg, PROT_READ | PROT_EXEC);
        copy = (int (*)(int))(void *)code;
        ok(sv_hook_prepare(&h_jcc, "copy", code, len, (void *)rep_jcc, clear(&e)) == 0 &&
           sv_hook_install(&h_jcc, clear(&e)) == 0, "code in an anonymous mapping is hooked");
        is_int(call(copy, -1), -10, "its replacement runs");
        is_str(prot_of((uintptr_t)code), "r-x", "its page has its own protection back");
        ok(sv_hook_remove(&h_jcc, clear(&e)) == 0 && call(copy, 2) == 1, "and it is itself again");
        munmap(code, (size_t)pg);
    }
    return 0;
}
