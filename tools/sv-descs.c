/*
 * svtool descriptors: (release, target, idstr, versions) of every described
 * device, hand-written or derived from a binary; with --from-binary, the
 * VMState tables of a 0.12 binary as a descriptor file.
 */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "svtool.h"
#include "desc.h"
#include "sv-elf.h"
#include "vms.h"

struct list {
    int json, n;
};

static int one(const char *release, const char *target, const struct sv_desc *d, void *opaque)
{
    struct list *l = opaque;
    const char *from = sv_vms_sets_origin(d);

    if (l->json) {
        printf("%s\n  {\"release\": \"%s\", \"target\": \"%s\", \"idstr\": ", l->n ? "," : "", release, target);
        sv_print_json_string(stdout, d->idstr, strlen(d->idstr));
        printf(", \"min_version\": %u, \"version\": %u, \"from\": ", d->min_version, d->version);
        if (from)
            sv_print_json_string(stdout, from, strlen(from));
        else
            fputs("\"hand-written\"", stdout);
        fputc('}', stdout);
    } else {
        printf("release=%s target=%s idstr=\"%s\" versions=%u..%u from=", release, *target ? target : "-",
               d->idstr, d->min_version, d->version);
        if (from)
            sv_print_text_string(stdout, from, strlen(from));
        else
            fputs("hand-written", stdout);
        fputc('\n', stdout);
    }
    l->n++;
    return 0;
}

/* ---- --from-binary ---- */

static int has_symbol(void *opaque, const char *name)
{
    return sv_elf_symbol(opaque, name) != NULL;
}

static int elf_read(void *opaque, uint64_t addr, void *buf, size_t n)
{
    return sv_elf_read(opaque, addr, buf, n);
}

static const char *elf_symbol_at(void *opaque, uint64_t addr)
{
    return sv_elf_symbol_at(opaque, addr);
}

static int by_value(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;

    return *x < *y ? -1 : *x > *y;
}

/* The tables of the binary: every vmstate_* object the size of a
 * VMStateDescription, and what they nest. */
static int read_tables(struct sv_elf *e, const struct sv_release *r, struct sv_vms_set *set, struct sv_error *err)
{
    const struct sv_vmstate_abi *abi = r->abi->vmstate;
    uint64_t *roots = calloc(e->nsyms ? e->nsyms : 1, sizeof *roots);
    size_t n = 0;
    int k;

    if (!roots)
        return sv_error_set_nooff(err, SV_E_NOMEM, "out of memory");
    for (size_t i = 0; i < e->nsyms; i++)
        if (e->syms[i].type == 1 /* STT_OBJECT */ && e->syms[i].size == abi->layout.desc.size &&
            strncmp(e->syms[i].name, "vmstate_", 8) == 0 && (n == 0 || roots[n - 1] != e->syms[i].value))
            roots[n++] = e->syms[i].value;
    qsort(roots, n, sizeof *roots, by_value);
    if (n == 0) {
        free(roots);
        return sv_error_set_nooff(err, SV_E_MISSING, "%s: no vmstate_* descriptions among its symbols", e->path);
    }
    k = sv_vms_read(&(struct sv_vms_reader){ elf_read, elf_symbol_at, e }, abi, roots, n, set, err);
    free(roots);
    return k;
}

static int from_binary(const char *path, const char *debug_file, const char *tag, int json)
{
    struct sv_elf e;
    struct sv_error err;
    struct sv_vms_set set = { 0 };
    const struct sv_release *r;
    const struct sv_target *t;
    char version[128];
    int rc = EXIT_OK;

    sv_error_clear(&err);
    if (sv_elf_open(&e, path, debug_file, &err) < 0) {
        sv_elf_close(&e);
        return sv_tool_complain(EXIT_USAGE, NULL, "%s", err.msg);
    }
    r = sv_release_recognise(has_symbol, &e);
    if (!r || !r->abi->vmstate) {
        rc = sv_tool_complain(EXIT_USAGE, path, "%s", r ? "its release has no VMState tables (before 0.12)"
                                                        : "not a release the registry knows");
        goto out;
    }
    t = sv_target_recognise(r, has_symbol, &e);
    sv_elf_find_string(&e, "emulator version ", ", Copyright", version, sizeof version);
    if (!(set.release = strdup(r->name)) || !(set.target = strdup(t ? t->name : "")) ||
        !(set.tag = strdup(tag ? tag : "")) || !(set.build_id = strdup(e.build_id)) ||
        !(set.version = strdup(version))) {
        rc = sv_tool_complain(EXIT_USAGE, path, "out of memory");
        goto out;
    }
    if (read_tables(&e, r, &set, &err) < 0) {
        rc = sv_tool_complain(EXIT_CONTENT, path, "%s", err.msg);
        goto out;
    }
    /* what is written must build */
    for (size_t i = 0; i < set.ndescs; i++) {
        struct sv_desc *d = sv_vms_build(&set, &set.descs[i], sv_vms_overlay_find(r->name), &err);

        if (!d) {
            rc = sv_tool_complain(EXIT_CONTENT, path, "%s", err.msg);
            goto out;
        }
        sv_vms_desc_free(d);
    }
    if ((json ? sv_vms_write_json(stdout, &set) : sv_vms_write_text(stdout, &set)) < 0 || fflush(stdout) != 0)
        rc = sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
out:
    sv_vms_set_free(&set);
    sv_elf_close(&e);
    return rc;
}

int sv_cmd_descriptors(int argc, char **argv)
{
    static const struct option opts[] = {
        { "release", required_argument, NULL, 'R' }, { "target", required_argument, NULL, 'T' },
        { "json", no_argument, NULL, 'j' }, { "from-binary", required_argument, NULL, 'B' },
        { "debug-file", required_argument, NULL, 'g' }, { "tag", required_argument, NULL, 't' },
        { "descriptors", required_argument, NULL, 'D' }, { NULL, 0, NULL, 0 },
    };
    const char *release = NULL, *target = NULL, *binary = NULL, *debug_file = NULL, *tag = NULL;
    struct list l = { 0 };
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'R')
            release = optarg;
        else if (c == 'T')
            target = optarg;
        else if (c == 'j')
            l.json = 1;
        else if (c == 'B')
            binary = optarg;
        else if (c == 'g')
            debug_file = optarg;
        else if (c == 't')
            tag = optarg;
        else if (c == 'D') {
            if (!sv_tool_descriptors(optarg))
                return EXIT_USAGE;
        } else
            return sv_tool_complain(EXIT_USAGE, NULL, "usage: svtool descriptors [--release R] [--target T] "
                                    "[--descriptors FILE] [--json] | --from-binary EMULATOR [--debug-file F] "
                                    "[--tag TAG] [--json]");
    }
    if (optind != argc)
        return sv_tool_complain(EXIT_USAGE, NULL, "descriptors takes no file");
    if (binary) {
        if (release || target)
            return sv_tool_complain(EXIT_USAGE, NULL, "--from-binary reads the release and target from the binary");
        return from_binary(binary, debug_file, tag, l.json);
    }
    if (debug_file || tag)
        return sv_tool_complain(EXIT_USAGE, NULL, "--debug-file and --tag go with --from-binary");
    if (!sv_tool_known_release(release) || !sv_tool_known_target(target))
        return EXIT_USAGE;
    if (l.json)
        fputs("{\"descriptors\": [", stdout);
    sv_desc_foreach(release, target, one, &l);
    if (l.json)
        fputs(l.n ? "\n]}\n" : "]}\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout))
        return sv_tool_complain(EXIT_USAGE, "(stdout)", "write error");
    return EXIT_OK;
}
