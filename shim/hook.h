/*
 * Inline hooks on x86-64: the entry of a function is overwritten with a jump
 * to a replacement, and the overwritten instructions are relocated into a
 * trampoline (decoded with Zydis) so the original stays callable.
 */
#ifndef SV_HOOK_H
#define SV_HOOK_H

#include <stddef.h>
#include <stdint.h>

#include "sv-error.h"

#define SV_HOOK_MAX_PATCH 32

struct sv_hook {
    const char *name;
    uint8_t *target;        /* the function's entry */
    uint8_t *patch_at;      /* target, or target + 4 past an endbr64 */
    size_t patch_len;       /* bytes of whole instructions overwritten */
    uint8_t *page;          /* its slot (relay, trampoline) in a page near the target */
    void *replacement;
    void *trampoline;       /* call this to run the original */
    uint8_t saved[SV_HOOK_MAX_PATCH];
    uint8_t patch[SV_HOOK_MAX_PATCH];
    int installed;
};

/*
 * Decodes the function (size bytes, 0 if unknown), builds the trampoline,
 * and refuses (returns -1, err names the function) when an instruction
 * cannot be relocated or a branch in the function lands inside the bytes
 * the patch overwrites.  Nothing is written to the function yet.
 */
int sv_hook_prepare(struct sv_hook *h, const char *name, void *target, size_t size,
                    void *replacement, struct sv_error *err);
/* Writes the jumps of n prepared hooks, with one protection change for the
 * pages they share, giving back each page's protection after. */
int sv_hooks_install(struct sv_hook *const *hs, int n, struct sv_error *err);
/* The same for one hook. */
int sv_hook_install(struct sv_hook *h, struct sv_error *err);
/* Puts the original bytes back and frees the trampoline. */
int sv_hook_remove(struct sv_hook *h, struct sv_error *err);
/* Frees a prepared but never installed hook. */
void sv_hook_discard(struct sv_hook *h);

#endif
