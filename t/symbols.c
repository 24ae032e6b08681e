/* Symbol lookup: the executable's tables, an nm map, build-id checks. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "symbols.h"
#include "tap.h"

static int sv_t_local_object = 42;     /* a static OBJECT symbol, like first_se */

/* A fresh error for each call: the first problem recorded wins. */
static struct sv_error *clear(struct sv_error *e)
{
    sv_error_clear(e);
    return e;
}

int main(void)
{
    char exe[PATH_MAX], dir[] = "/tmp/sv-symbols-XXXXXX", map[PATH_MAX], err[768];
    struct sv_error e;
    struct sv_elf_info info;
    struct sv_symopts opt = { NULL, NULL };
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    FILE *f;

    tap_init();
    plan_lazy();
    exe[n > 0 ? n : 0] = 0;
    ok(sv_elf_info(exe, &info, clear(&e)) == 0, "the test binary reads as ELF");
    ok(info.elf_class == 2 && info.machine == 62, "64-bit x86-64");
    ok(info.has_symtab, "it has a .symtab");
    ok(strlen(info.build_id) >= 16, "it has a build id (%s)", info.build_id);
    ok(sv_elf_info("/proc/self/status", &info, clear(&e)) < 0 &&
       strstr(sv_error_format(&e, err, sizeof err), "/proc/self/status: cannot read as ELF: not an ELF file"),
       "a non-ELF file is refused, naming it");
    is_int(e.code, SV_E_CORRUPT, "... as bytes that are not ELF");
    ok(sv_elf_info("/nonexistent/exe", &info, clear(&e)) < 0 && e.code == SV_E_IO &&
       strstr(sv_error_format(&e, err, sizeof err), "/nonexistent/exe: cannot read as ELF: No such file"),
       "a missing file is an i/o error naming it and why");

    {
        struct sv_sym syms[] = { { .name = "main" }, { .name = "sv_t_local_object" }, { .name = "no_such_fn" } };

        is_int(sv_symbols_resolve(exe, &opt, syms, 3, clear(&e)), 1, "two of three found");
        ok(syms[0].found && syms[0].source == SV_SYM_SYMTAB && syms[0].size > 0, "main from .symtab, with a size");
        ok(syms[1].found, "a static object is found");
        ok(!syms[2].found, "a missing name stays missing");
        /* the run-time address is link-time value plus the load bias */
        ok(syms[1].value != 0 && (uintptr_t)&sv_t_local_object - syms[1].value ==
           (uintptr_t)&main - syms[0].value, "the same bias maps both to where they are");
        is_int(sv_t_local_object, 42, "(the object is there)");
        {
            struct sv_symindex ix;

            ok(sv_symindex_load(SV_SYM_SYMTAB, &ix, clear(&e)) == 0 && ix.n > 10,
               "the .symtab that gave them indexes by address (%zu symbols)", ix.n);
            is_str(sv_symindex_at(&ix, syms[1].value), "sv_t_local_object", "an object is named by its address");
            is_str(sv_symindex_at(&ix, syms[0].value), "main", "... a function too");
            ok(sv_symindex_at(&ix, syms[1].value + 1) == NULL, "an address inside a symbol is not its start");
            ok(sv_symindex_at(&ix, 0) == NULL && sv_symindex_at(&ix, UINT64_MAX) == NULL, "nor one outside");
            sv_symindex_free(&ix);
        }
    }
    {
        /* names of 8 bytes or more: the scan's hash lets only a few symbols reach a compare */
        struct sv_sym syms[] = { { .name = "sv_t_local_object" }, { .name = "sv_symbols_resolve" },
                                 { .name = "sv_t_no_such_object" } };

        is_int(sv_symbols_resolve(exe, &opt, syms, 3, clear(&e)), 1, "long names: two of three found");
        ok(syms[0].found && syms[0].value != 0 && syms[1].found && syms[1].size > 0 && !syms[2].found,
           "  the static object and the function, not the missing name");
    }

    if (!mkdtemp(dir))
        bail("mkdtemp");
    snprintf(map, sizeof map, "%s/map", dir);
    sv_elf_info(exe, &info, clear(&e));
    f = fopen(map, "w");
    fprintf(f, "# build-id: %s\n0000000000001234 T some_function\n0000000000005678 0000000000000010 t sized_one\n",
            info.build_id);
    fclose(f);
    {
        struct sv_sym syms[] = { { .name = "some_function" }, { .name = "sized_one" }, { .name = "main" } };

        opt.map_path = map;
        is_int(sv_symbols_resolve(exe, &opt, syms, 3, clear(&e)), 0, "a map with this build id is used");
        ok(syms[0].found && syms[0].value == 0x1234 && syms[0].source == SV_SYM_MAP, "nm line: address");
        ok(syms[1].value == 0x5678 && syms[1].size == 0x10, "nm -S line: address and size");
        ok(syms[2].source == SV_SYM_SYMTAB, "what the map lacks comes from .symtab");
        {
            struct sv_symindex ix;

            ok(sv_symindex_load(SV_SYM_MAP, &ix, clear(&e)) == 0 && ix.n == 2, "a map indexes its lines");
            is_str(sv_symindex_at(&ix, 0x5678), "sized_one", "... by address");
            sv_symindex_free(&ix);
        }
    }
    f = fopen(map, "w");
    fprintf(f, "# build-id: 00112233\n0000000000001234 T some_function\n");
    fclose(f);
    {
        struct sv_sym syms[] = { { .name = "some_function" } };

        ok(sv_symbols_resolve(exe, &opt, syms, 1, clear(&e)) < 0, "a map for another build is refused");
        like(sv_error_format(&e, err, sizeof err), "build id 00112233, but the emulator's is", "the message says why");
    }
    f = fopen(map, "w");
    fprintf(f, "zzzz T some_function\n");
    fclose(f);
    {
        struct sv_sym syms[] = { { .name = "some_function" } };

        ok(sv_symbols_resolve(exe, &opt, syms, 1, clear(&e)) < 0 &&
           strstr(sv_error_format(&e, err, sizeof err), "line 1: bad address"),
           "a bad address is refused with its line");
    }
    opt.map_path = "/nonexistent/map";
    {
        struct sv_sym syms[] = { { .name = "main" } };

        ok(sv_symbols_resolve(exe, &opt, syms, 1, clear(&e)) < 0 &&
           strstr(sv_error_format(&e, err, sizeof err), "/nonexistent/map"),
           "a missing map is refused, naming it");
    }
    unlink(map);
    rmdir(dir);
    return 0;
}
