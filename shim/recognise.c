/*
 * Which release a binary is, from the symbols found in it: the registry's
 * markers (compat/sv-registry.c), and whether this shim's hooks fit the
 * release's savevm ABI.  See shim.h.
 */
#include <config.h>

#include <string.h>

#include "shim.h"
#include "symbols.h"

const struct sv_sym *sv_found_sym(const struct sv_found *f, const char *name)
{
    for (size_t i = 0; name && i < f->n; i++)
        if (strcmp(f->syms[i].name, name) == 0)
            return &f->syms[i];
    return NULL;
}

int sv_found_has(void *found, const char *name)
{
    const struct sv_sym *s = sv_found_sym(found, name);

    return s && s->found;
}

const struct sv_release *sv_found_closest(const struct sv_found *f)
{
    const struct sv_release *best = &sv_releases[0];
    int best_n = -1;

    for (int r = 0; r < SV_REL_COUNT; r++) {
        int n = 0;

        for (int i = 0; i < SV_FN_COUNT; i++)
            n += sv_found_has((void *)f, sv_releases[r].abi->symbols[i]);
        if (n > best_n) {
            best = &sv_releases[r];
            best_n = n;
        }
    }
    return best;
}

/* The hooks in init.c, the wrappers in wrap.c and the memory files in
 * qfile.c are written for this much: 0.10's and 0.11's first_se core, and
 * 0.12's tail queue with set_params, the monitor and VMState. */
const char *sv_abi_unsupported(const struct sv_abi *a)
{
    int v012 = a->list == SV_LIST_TAILQ;

    if (a->hooked != (SV_FN_BIT(SV_FN_REGISTER_LIVE) | SV_FN_BIT(SV_FN_UNREGISTER) |
                      SV_FN_BIT(SV_FN_STATE_COMPLETE) | SV_FN_BIT(SV_FN_LOADVM_STATE) |
                      SV_FN_BIT(SV_FN_PUT_BUFFER)))
        return "another set of hooked functions";
    if (a->list != SV_LIST_FIRST_SE && a->list != SV_LIST_TAILQ)
        return "a handler list other than first_se or savevm_handlers";
    /* the walk follows the first word of the list head and of each entry */
    if (v012 && a->se.next != 0)
        return "a tail queue whose link is not the entry's first member";
    if (v012 ? a->live_sig != SV_LIVE_SIG_MONITOR || a->register_live_args != 8 || !a->state_monitor
             : a->live_sig != SV_LIVE_SIG_FILE || a->register_live_args != 7 || a->state_monitor)
        return "other savevm handler signatures";
    if (v012 && (!a->vmstate || a->se.vmsd == SV_SE_NONE))
        return "a tail queue without VMState";
    if (a->fopen_callbacks < 4 || a->fopen_callbacks > 6)
        return "a qemu_fopen_ops this shim cannot call";
    return NULL;
}
