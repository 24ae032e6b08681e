/*
 * svtool convert --release 0.11 --to-release 0.12 on the real captures
 * (t/real): every 0.11.1 capture of a configuration 0.12.3 can hold
 * converts with its command line, svtool deriving the destination's
 * options from the sections (-M pc-0.11 for a pc: 0.11.1's pc is its
 * pc-0.11, v0.11.1 hw/pc.c:1479-1481), the same bytes again with those
 * options as --to-config, and passes svtool check --release 0.12.  Each converted section that carries the version
 * 0.12.3 saves must have the length of the 0.12.3 capture's section of the
 * same configuration (the sizes 0.12.3 itself wrote, not ours); the
 * others keep a version 0.12.3's loader takes.  The configurations 0.12.3
 * cannot hold are refused naming the section.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svtool-util.h"
#include "tap.h"

enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_BUILD, COL_STATE, COL_CONFIG, COL_COMMAND, COL_NCOLS };

#define SECS 64
struct secs {
    int n;
    struct { char idstr[64]; unsigned instance, version, len; } s[SECS];
};

/* The FULL sections svtool dump lists. */
static int sections(const char *file, const char *rel, struct secs *s)
{
    const char *args[] = { "dump", "--release", rel, file, NULL };
    struct su_run r;
    char *line, *save = NULL;

    s->n = 0;
    su_svtool_run(&r, NULL, args);
    if (r.code) {
        su_run_free(&r);
        return -1;
    }
    for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char id[64];
        unsigned inst, v, len;

        if (s->n < SECS && sscanf(line, "section FULL id=%*u idstr=\"%63[^\"]\" instance=%u version=%u offset=%*u length=%u",
                                  id, &inst, &v, &len) == 4) {
            snprintf(s->s[s->n].idstr, sizeof s->s[0].idstr, "%s", id);
            s->s[s->n].instance = inst;
            s->s[s->n].version = v;
            s->s[s->n++].len = len;
        }
    }
    su_run_free(&r);
    return 0;
}

/* The options svtool prints for the destination ("" if none). */
static void printed(const struct su_run *r, char *opts, size_t len)
{
    const char *p = r->err ? strstr(r->err, ": run release 0.12 with: ") : NULL;

    opts[0] = 0;
    if (p) {
        p += strlen(": run release 0.12 with: ");
        snprintf(opts, len, "%.*s", (int)strcspn(p, "\n"), p);
    }
}

/* Converts with the command line as --from-config and no --to-config (svtool
 * derives the destination's devices from the sections); then again with the
 * options it printed as --to-config, which must give the same bytes. */
static int convert(const char *in, const char *out, const char *cmd, struct su_run *r)
{
    char opts[1024], *again_out = strdup(su_tpath("again.sv"));
    const char *args[] = { "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12",
                           "--from-config", cmd, in, out, NULL };
    const char *again[] = { "convert", "--release", "0.11", "--to", "legacy", "--to-release", "0.12",
                            "--from-config", cmd, "--to-config", opts, in, again_out, NULL };
    struct su_run r2;
    int rc = 0;

    unlink(out);
    su_svtool_run(r, NULL, args);
    if (r->code) {
        free(again_out);
        return r->code;
    }
    printed(r, opts, sizeof opts);
    /* the disks are the user's to give (svtool says so) */
    if (strstr(r->err, "and give release 0.12: -drive file=DISK,if=virtio for each of its 1 virtio-blk"))
        snprintf(opts + strlen(opts), sizeof opts - strlen(opts), " -drive file=disk.img,if=virtio");
    if (!opts[0] || !strstr(opts, "-M pc-0.11") != !(strstr(cmd, "-M pc ") || strstr(cmd, "-M pc-0.11 "))) {
        diag("%s: printed options \"%s\"", cmd, opts);
        rc = 99;
    } else {
        unlink(again_out);
        su_svtool_run(&r2, NULL, again);
        if (r2.code || !su_same_file(out, again_out)) {
            diag("%s: with --to-config \"%s\": %s", cmd, opts, r2.code ? r2.err : "other bytes");
            rc = 98;
        }
        su_run_free(&r2);
    }
    free(again_out);
    return rc;
}

/* what 0.12.3 cannot hold, by configuration: the section the refusal names */
static const struct { const char *config, *section; } refused[] = {
    { "vga-vmware", "\"vmware_vga\"" },     /* scratch words' byte order */
    { "M-isapc", "\"ne2000\"" },            /* 0.12.3 registers no ISA ne2000 */
};

static void captures(void)
{
    char path[700], line[8192];
    FILE *f;
    int header = 1, n = 0, converted = 0, checked = 0, nref = 0, refused_ok = 0, nsec = 0, same_len = 0,
        compared = 0, mce = 0;
    char *in = strdup(su_tpath("in.sv")), *out = strdup(su_tpath("out.sv")), *ref = strdup(su_tpath("ref.sv"));

    snprintf(path, sizeof path, "%s/MANIFEST.tsv", su_real_dir());
    if (!(f = fopen(path, "r")))
        bail("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line, rel012[512];
        const char *refusal = NULL;
        struct secs a, b, c;
        struct su_run r;
        int k = 0;

        line[strcspn(line, "\n")] = 0;
        for (char *t; k < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[k++] = t;
        if (header || k < COL_NCOLS || strcmp(col[COL_RELEASE], "0.11") != 0) {
            header = 0;
            continue;
        }
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
            if (strcmp(col[COL_CONFIG], refused[i].config) == 0)
                refusal = refused[i].section;
        if (su_real_unpack(col[COL_FILE], in) < 0)
            bail("%s: cannot unpack", col[COL_FILE]);
        if (refusal) {
            nref++;
            if (convert(in, out, col[COL_COMMAND], &r) != 0 && strstr(r.err, refusal) && !su_file_exists(out))
                refused_ok++;
            else
                diag("%s: not refused at %s: %s", col[COL_FILE], refusal, r.err);
            su_run_free(&r);
            continue;
        }
        n++;
        if (convert(in, out, col[COL_COMMAND], &r) != 0) {
            diag("%s: %s", col[COL_FILE], r.err);
            su_run_free(&r);
            continue;
        }
        su_run_free(&r);
        converted++;
        {
            const char *args[] = { "check", "--release", "0.12", out, NULL };

            su_svtool_run(&r, NULL, args);
            checked += r.code == 0;
            if (r.code)
                diag("%s: check: %s", col[COL_FILE], r.err);
            su_run_free(&r);
        }
        /* the 0.12.3 capture of the same target, configuration and state */
        snprintf(rel012, sizeof rel012, "v0.12.3/%s", strchr(col[COL_FILE], '/') + 1);
        if (sections(in, "0.11", &a) < 0 || sections(out, "0.12", &b) < 0 || su_real_unpack(rel012, ref) < 0 ||
            sections(ref, "0.12", &c) < 0) {
            diag("%s: cannot list the sections", col[COL_FILE]);
            continue;
        }
        for (int i = 0; i < b.n; i++) {
            nsec++;
            for (int j = 0; j < c.n; j++)
                /* virtio-blk's length is state (its pending requests) and -M (0.12.3's
                 * pc capture has MSI-X, our pc-0.11 destination none) */
                if (strcmp(b.s[i].idstr, "virtio-blk") && !strcmp(b.s[i].idstr, c.s[j].idstr) &&
                    b.s[i].instance == c.s[j].instance &&
                    b.s[i].version == c.s[j].version) {
                    compared++;
                    if (b.s[i].len == c.s[j].len)
                        same_len++;
                    else
                        diag("%s: %s v%u: %u bytes, 0.12.3 saved %u", col[COL_FILE], b.s[i].idstr, b.s[i].version,
                             b.s[i].len, c.s[j].len);
                    break;
                }
            /* cpu v10 without MCE: mcg_status, mcg_ctl and 40 banks filled */
            for (int j = 0; j < a.n; j++)
                if (!strcmp(b.s[i].idstr, "cpu") && !strcmp(a.s[j].idstr, "cpu") && a.s[j].instance == b.s[i].instance)
                    mce += b.s[i].len == a.s[j].len || b.s[i].len == a.s[j].len + 336;
        }
    }
    fclose(f);
    ok(n >= 100, "the manifest lists the 0.11.1 captures 0.12.3 can hold (%d)", n);
    is_int(converted, n, "each converts to 0.12 with the options svtool derives, and again with them as --to-config");
    is_int(checked, n, "each result passes svtool check --release 0.12");
    ok(compared > 8 * n, "sections at 0.12.3's own version: %d of %d", compared, nsec);
    is_int(same_len, compared, "each has the length 0.12.3's capture of that configuration has");
    ok(mce >= n, "the cpu grows by the MCE fields or not at all (%d)", mce);
    is_int(refused_ok, nref, "what 0.12.3 cannot hold is refused naming the section, nothing written (%d)", nref);
    free(in);
    free(out);
    free(ref);
}

int main(void)
{
    tap_init();
    plan_lazy();
    captures();
    return 0;
}
