/*
 * The descriptor of a VMState section, derived from its
 * VMStateDescription in the running process (issue 13 item 2): the
 * derivation library (descriptors/vms.h) reads the description through a
 * reader that serves the executable's own memory (its loaded segments
 * only) and names an address by the symbol that starts there (the index
 * of the symbol source the savevm functions came from), then builds the
 * descriptor with the release's overlay.  What it cannot describe leaves
 * the section opaque (its exact bytes, tagged, loading back through the
 * binary's own vmstate_load_state), the reason logged.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <elf.h>

#include "log.h"
#include "shim.h"
#include "symbols.h"
#include "vms.h"

static struct sv_symindex symbols;
static int index_state;         /* 0: not loaded, 1: loaded, -1: cannot be */

/* n bytes at addr (a run-time address in the executable), or -1. */
static int proc_read(void *opaque, uint64_t addr, void *buf, size_t n)
{
    const struct sv_exe_map *m = &sv_shim.exe;

    (void)opaque;
    for (int i = 0; i < m->nseg; i++)
        if ((m->seg[i].flags & PF_R) && addr >= m->seg[i].lo && addr <= m->seg[i].hi &&
            n <= m->seg[i].hi - addr) {
            memcpy(buf, (const void *)(uintptr_t)addr, n);
            return 0;
        }
    return -1;
}

static const char *proc_symbol_at(void *opaque, uint64_t addr)
{
    (void)opaque;
    if (index_state == 0) {
        struct sv_error err;
        char msg[512];

        sv_error_clear(&err);
        index_state = sv_symindex_load(sv_shim.sym_source, &symbols, &err) == 0 ? 1 : -1;
        if (index_state < 0)
            sv_log("VMState tables cannot be named: %s", sv_error_format(&err, msg, sizeof msg));
    }
    if (index_state < 0 || addr < sv_shim.exe.bias)
        return NULL;
    return sv_symindex_at(&symbols, addr - sv_shim.exe.bias);
}

/* A NUL-terminated string of the binary, at most len - 1 bytes. */
static int read_string(uint64_t addr, char *out, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (proc_read(NULL, addr + i, out + i, 1) < 0)
            return -1;
        if (!out[i])
            return 0;
    }
    out[len - 1] = 0;
    return -1;
}

static uint64_t read_ptr(uint64_t base, size_t off, int *bad)
{
    uint64_t v = 0;

    if (proc_read(NULL, base + off, &v, sizeof v) < 0)
        *bad = 1;
    return v;
}

/* The fields of a description, "name:info-or-nested ...", into out. */
static int describe_fields(uint64_t vmsd, char *out, size_t len, size_t *nfields)
{
    const struct sv_vmstate_layout *l = &sv_shim.release->abi->vmstate->layout;
    uint64_t f = 0;
    size_t k = 0;
    int bad = 0;

    *nfields = 0;
    out[0] = 0;
    f = read_ptr(vmsd, l->desc.fields, &bad);
    for (; !bad && *nfields < 512; f += l->field.size_of) {
        uint64_t name = read_ptr(f, l->field.name, &bad), info, nested;
        const char *sym;
        char fname[128];

        if (bad || !name)
            break;
        info = read_ptr(f, l->field.info, &bad);
        nested = read_ptr(f, l->field.vmsd, &bad);
        if (bad || read_string(name, fname, sizeof fname) < 0)
            return -1;
        sym = proc_symbol_at(NULL, info ? info : nested);
        if (k < len)
            k += (size_t)snprintf(out + k, len - k, "%s%s:%s", k ? " " : "", fname, sym ? sym : "?");
        (*nfields)++;
    }
    return bad ? -1 : 0;
}

const struct sv_desc *sv_vmsd_descriptor(const void *vmsd, char *why, size_t whylen)
{
    const struct sv_vms_reader reader = { proc_read, proc_symbol_at, NULL };
    const struct sv_release *r = sv_shim.release;
    const char *sym = proc_symbol_at(NULL, (uintptr_t)vmsd);
    uint64_t root = (uintptr_t)vmsd;
    struct sv_vms_set set = { 0 };
    const struct sv_vms_desc *d;
    struct sv_desc *desc = NULL;
    struct sv_error err;
    char fields[1024], msg[512];
    size_t n;

    if (describe_fields(root, fields, sizeof fields, &n) < 0) {
        snprintf(why, whylen, "its description %s cannot be read in the binary's memory", sym ? sym : "?");
        return NULL;
    }
    sv_log("VMState description %s: %zu fields: %s", sym ? sym : "?", n, fields);
    sv_error_clear(&err);
    set.release = strdup(r->name);
    set.target = strdup(sv_shim.target ? sv_shim.target : "");
    if (!set.release || !set.target)
        sv_error_set_nooff(&err, SV_E_NOMEM, "out of memory");
    else if (sv_vms_read(&reader, r->abi->vmstate, &root, 1, &set, &err) == 0) {
        if (!(d = sv_vms_desc_by_symbol(&set, sym)))
            sv_error_set_nooff(&err, SV_E_UNKNOWN, "description %s was not read", sym ? sym : "?");
        else
            desc = sv_vms_build(&set, d, sv_vms_overlay_find(r->name), &err);
    }
    sv_vms_set_free(&set);
    if (!desc)
        snprintf(why, whylen, "no descriptor derived from %s: %s", sym ? sym : "?",
                 sv_error_format(&err, msg, sizeof msg));
    return desc;
}
