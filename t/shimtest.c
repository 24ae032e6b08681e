/* Helpers for the shim's tests; see shimtest.h. */
#include <config.h>

#include "shimtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv-block.h"
#include "sv-ram.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "tap.h"

const char *st_emu, *st_shimlib;
char st_launcher[4096];

void st_init(void)
{
    st_emu = tap_env("SV_EMU");
    st_shimlib = tap_env("SV_SHIM");
    snprintf(st_launcher, sizeof st_launcher, "%s/savevm-shim", tap_env("SV_TOP_BUILDDIR"));
}

static int exec_launcher(const char *log, const char *const *args, const char *const *env, struct proc *p,
                         int checked)
{
    const char *argv[32], *e[16];
    char lib[4200];
    size_t n = 0, k = 0;

    argv[n++] = st_launcher;
    if (log) {
        argv[n++] = "--log";
        argv[n++] = log;
        unlink(log);
    }
    for (; args && *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    snprintf(lib, sizeof lib, "SAVEVM_SHIM_LIBRARY=%s", st_shimlib);
    e[k++] = lib;
    for (; env && *env && k < 15; env++)
        e[k++] = *env;
    e[k] = NULL;
    return checked ? proc_run_checked(argv, e, NULL, p) : proc_run(argv, e, NULL, p);
}

int st_exec(const char *log, const char *const *args, const char *const *env, struct proc *p)
{
    return exec_launcher(log, args, env, p, 1);
}

int st_exec_plain(const char *log, const char *const *args, const char *const *env, struct proc *p)
{
    return exec_launcher(log, args, env, p, 0);
}

int st_file_has(const char *path, const char *needle)
{
    char *text = slurp(path, NULL);
    int r = text && strstr(text, needle);

    free(text);
    return r;
}

void st_write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        bail("cannot write %s", path);
    fwrite(buf, 1, len, f);
    fclose(f);
}

int st_sections(const char *listing, struct st_section *secs, int max)
{
    int n = 0;

    for (const char *l = listing; l && *l && n < max; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        struct st_section *s = &secs[n];

        if (sscanf(l, "%63s %d %d %ld %ld", s->idstr, &s->instance, &s->version, &s->off, &s->len) == 5)
            n++;
    }
    return n;
}

long st_section_offset(const char *listing, const char *idstr, int instance)
{
    struct st_section secs[64];
    int n = st_sections(listing, secs, 64);

    for (int i = 0; i < n; i++)
        if (strcmp(secs[i].idstr, idstr) == 0 && secs[i].instance == instance)
            return secs[i].off;
    return -1;
}

void st_setup(struct st_fixture *fx, const char *tag, unsigned ticks)
{
    char t[16];
    struct proc p;

    tap_init();
    plan_lazy();
    st_init();
    memset(fx, 0, sizeof *fx);
    fx->dir = scratch_dir(tag);
    snprintf(fx->log, sizeof fx->log, "%s/shim.log", fx->dir);
    snprintf(fx->legacy_path, sizeof fx->legacy_path, "%s/legacy.sv", fx->dir);
    snprintf(fx->tagged_path, sizeof fx->tagged_path, "%s/tagged.sv", fx->dir);
    snprintf(fx->bad_path, sizeof fx->bad_path, "%s/bad.sv", fx->dir);
    snprintf(t, sizeof t, "%u", ticks);
    {
        const char *argv[] = { st_emu, "--ticks", t, "--print-state", "--sections", "-",
                               "--save", fx->legacy_path, NULL };

        if (proc_run(argv, NULL, NULL, &p) < 0 || p.status != 0)
            bail("the emulator's legacy save failed: %s", p.err);
        fx->state = p.out;
        fx->listing = p.err;
    }
    {
        const char *args[] = { st_emu, "--ticks", t, "--save", fx->tagged_path, NULL };

        if (st_exec(NULL, args, NULL, &p) < 0 || p.status != 0)
            bail("the save under the shim failed: %s", p.err);
        proc_free(&p);
    }
    fx->legacy = slurp(fx->legacy_path, &fx->legacy_len);
    fx->tagged = slurp(fx->tagged_path, &fx->tagged_len);
    if (!fx->legacy || !fx->tagged)
        bail("cannot read the saved streams");
    fx->nsec = st_sections(fx->listing, fx->secs, 64);
}

int st_load(const struct st_fixture *fx, const char *action, const char *file, struct proc *p)
{
    const char *args[] = { st_emu, action, file, "--print-state", NULL };

    return st_exec(fx->log, args, NULL, p);
}

int st_load_plain(const char *action, const char *file, struct proc *p)
{
    const char *argv[] = { st_emu, action, file, "--print-state", NULL };

    return proc_run(argv, NULL, NULL, p);
}

int st_log_has(const struct st_fixture *fx, const char *needle)
{
    return st_file_has(fx->log, needle);
}

const char *st_write_bad(struct st_fixture *fx, const void *buf, size_t len)
{
    st_write_file(fx->bad_path, buf, len);
    return fx->bad_path;
}

void st_teardown(struct st_fixture *fx)
{
    free(fx->legacy);
    free(fx->tagged);
    free(fx->listing);
    free(fx->state);
    rmtree(fx->dir);
    free(fx->dir);
    memset(fx, 0, sizeof *fx);
}

void st_count_sections(const char *path, struct st_counts *n)
{
    size_t len;
    char *buf = slurp(path, &len);
    struct sv_stream s;
    struct sv_v3_section sec;
    uint32_t block_id = UINT32_MAX;         /* the section id of a live block section */

    memset(n, 0, sizeof *n);
    if (!buf)
        return;
    sv_stream_mem_reader(&s, buf, len);
    if (sv_v3_read_file_header(&s) < 0)
        goto out;
    while (sv_v3_read_section(&s, &sec) == 0 && sec.type != SV_V3_EOF) {
        if (sec.type == SV_V3_FULL && sv_v3_is_tagged(&sec)) {
            struct sv_tdec d;
            struct sv_field f;
            int k;

            n->full++;
            if (sv_tdec_begin(&d, &s) < 0)
                break;
            if (d.h.kind == SV_KIND_OPAQUE) {
                size_t used = strlen(n->opaque_idstrs);

                n->opaque++;
                snprintf(n->opaque_idstrs + used, sizeof n->opaque_idstrs - used, "%s%s", used ? " " : "",
                         sec.idstr);
            } else {
                n->tagged++;
            }
            while ((k = sv_tdec_next(&d, &f)) == 1)
                ;
            sv_tdec_free(&d);
            if (k < 0)
                break;
        } else if (sec.type == SV_V3_FULL) {
            n->full++;
            break;      /* a legacy body has no length */
        } else {
            /* a live section (ram, 0.12's block): skip its records */
            struct sv_ram_stats rs = { 0 };
            struct sv_block_stats bs = { 0 };

            if (sec.type == SV_V3_START && strcmp(sec.idstr, "block") == 0)
                block_id = sec.section_id;
            if (sec.section_id == block_id ? sv_block_walk(&s, NULL, NULL, NULL, &bs) < 0
                                           : sv_ram_walk(&s, NULL, NULL, NULL, &rs) < 0)
                goto out;
        }
    }
out:
    free(buf);
}
