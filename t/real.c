/*
 * Real captures (t/real/MANIFEST.tsv): streams that QEMU binaries wrote,
 * their RAM scrubbed by t/scrub-ram.  Each one holds no guest memory, walks,
 * checks clean, converts legacy -> tagged -> legacy byte for byte, and its
 * tagged form dumps with no opaque section.  scrub-ram itself is tested
 * here on an emulator stream.
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svtool-util.h"
#include "tap.h"

#define RUN(r, o, ...) su_svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

/* MANIFEST.tsv columns, in order (the header line names them). */
enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_NCOLS };

static void scrub(struct su_run *r, const char *in, const char *out, int keep_length)
{
    char prog[600];
    const char *args[] = { keep_length ? "--keep-length" : in, keep_length ? in : out,
                           keep_length ? out : NULL, NULL };

    snprintf(prog, sizeof prog, "%s/t/scrub-ram", tap_env("SV_TOP_BUILDDIR"));
    unlink(out);
    su_prog_run(r, NULL, prog, args);
}

/* The full page records svtool dump --json counts in every ram body; -1: none seen. */
static long long full_pages(const char *json)
{
    static const char key[] = "{\"name\": \"pages\", \"type\": \"u64\", \"flags\": 0, \"value\": \"";
    long long sum = -1;

    for (const char *p = json; (p = strstr(p, key)); p += sizeof key - 1)
        sum = (sum < 0 ? 0 : sum) + strtoll(p + sizeof key - 1, NULL, 10);
    return sum;
}

/* Every line of svtool diff's output is about RAM: the device sections match. */
static int only_ram_differs(const char *out)
{
    for (const char *l = out; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        if (strncmp(l, "ram: ", 5) != 0)
            return 0;
    return 1;
}

static void scrub_emu_stream(void)
{
    char *orig = strdup(su_tpath("emu.sv")), *small = strdup(su_tpath("emu-scrub.sv")),
         *same = strdup(su_tpath("emu-keep.sv")), *again = strdup(su_tpath("emu-again.sv"));
    size_t n_orig, n_same;
    uint8_t *b;
    struct su_run r;

    if (su_emu_save(orig, 0, 7) < 0) {
        skip(7, "the emulator could not save");
        return;
    }
    scrub(&r, orig, small, 0);
    is_int(r.code, 0, "scrub-ram: exit 0");
    su_run_free(&r);
    RUN(&r, NULL, "dump", "--json", small);
    ok(r.code == 0 && full_pages(r.out) == 0,
       "scrub-ram: no full page record is left");
    su_run_free(&r);
    RUN(&r, NULL, "diff", orig, small);
    ok(r.code == 1 && strstr(r.out, "ram: ") && only_ram_differs(r.out),
       "scrub-ram: only RAM differs from the original (%s)", r.out);
    su_run_free(&r);
    scrub(&r, small, again, 0);
    ok(r.code == 0 && su_same_file(small, again), "scrub-ram: a scrubbed stream is unchanged by a second scrub");
    su_run_free(&r);

    scrub(&r, orig, same, 1);
    is_int(r.code, 0, "scrub-ram --keep-length: exit 0");
    su_run_free(&r);
    free(su_read_file(orig, &n_orig));
    b = su_read_file(same, &n_same);
    is_uint(n_same, n_orig, "scrub-ram --keep-length: the length is kept");
    free(b);
    RUN(&r, NULL, "diff", small, same);
    ok(r.code == 0, "scrub-ram --keep-length: the same content as the compressed scrub (%s)", r.out);
    su_run_free(&r);

    {
        /* a cut stream: an error naming the offset, and no output file */
        size_t n;
        uint8_t *p = su_read_file(orig, &n);
        char *cut = strdup(su_tpath("emu-cut.sv")), *out = strdup(su_tpath("emu-cut-out.sv"));

        su_write_file(cut, p, 100);
        scrub(&r, cut, out, 0);
        ok(r.code == 1 && strstr(r.err, "offset ") && !su_file_exists(out),
           "scrub-ram: a truncated stream is an error with its offset, and leaves no output (%s)", r.err);
        su_run_free(&r);
        free(p);
        free(cut);
        free(out);
    }
    free(orig);
    free(small);
    free(same);
    free(again);
}

/* Captures are stored xz-compressed: their scrubbed RAM records repeat. */
static int unpack(char *path, size_t len)
{
    const char *args[] = { "-dc", path, NULL };
    struct su_run_opts o = { .out_file = su_tpath("real.sv") };
    struct su_run r;
    int code;

    if (strlen(path) < 3 || strcmp(path + strlen(path) - 3, ".xz") != 0)
        return 0;
    su_prog_run(&r, &o, "xz", args);
    code = r.code;
    if (code)
        diag("xz -dc %s: %s: %s", path, su_run_status(&r), r.err);
    su_run_free(&r);
    snprintf(path, len, "%s", o.out_file);
    return code ? -1 : 0;
}

static void capture(const char *dir, char **col)
{
    char path[1024], *tag = strdup(su_tpath("real-tagged.sv")), *back = strdup(su_tpath("real-back.sv")),
         *scrubbed = strdup(su_tpath("real-scrub.sv"));
    const char *what = col[COL_FILE];
    struct su_run r;

    snprintf(path, sizeof path, "%s/%s", dir, col[COL_FILE]);
    if (!su_file_exists(path)) {
        ok(0, "%s: listed in the manifest but missing", what);
        goto out;
    }
    if (unpack(path, sizeof path) < 0) {
        ok(0, "%s: xz -dc failed", what);
        goto out;
    }
    scrub(&r, path, scrubbed, 0);
    ok(r.code == 0 && su_same_file(path, scrubbed), "%s: holds no guest memory (scrub-ram changes nothing)", what);
    su_run_free(&r);

    RUN(&r, NULL, "check", path);
    is_int(r.code, 0, "%s: svtool check", what);
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);

    unlink(tag);
    unlink(back);
    RUN(&r, NULL, "convert", "--to", "tagged", path, tag);
    is_int(r.code, 0, "%s: convert --to tagged", what);
    if (r.code)
        diag("%s", r.err);
    su_run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "%s: the tagged form checks clean", what);
    su_run_free(&r);
    RUN(&r, NULL, "dump", tag);
    ok(r.code == 0 && !strstr(r.out, "format=opaque") && !strstr(r.out, "format=legacy") &&
           strstr(r.out, "format=tagged"),
       "%s: every device section of the tagged form is tagged, none opaque", what);
    su_run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", tag, back);
    is_int(r.code, 0, "%s: convert the tagged form --to legacy", what);
    su_run_free(&r);
    ok(su_same_file(path, back), "%s: legacy -> tagged -> legacy is byte-identical", what);
out:
    free(tag);
    free(back);
    free(scrubbed);
}

/* The manifest's files, to hold the directory to it. */
static char **listed;
static size_t nlisted;

static int is_listed(const char *file)
{
    for (size_t i = 0; i < nlisted; i++)
        if (strcmp(listed[i], file) == 0)
            return 1;
    return 0;
}

/* Every capture under t/real/TAG/TARGET/ is in the manifest (one left out
 * would never be checked). */
static void all_listed(const char *dir)
{
    DIR *top = opendir(dir), *tag, *tgt;
    struct dirent *a, *b, *c;
    char path[1200], file[1200];
    int files = 0, unlisted = 0;

    if (!top)
        bail("%s: cannot open", dir);
    while ((a = readdir(top)))
        if (a->d_name[0] != '.' && (snprintf(path, sizeof path, "%s/%s", dir, a->d_name), tag = opendir(path))) {
            while ((b = readdir(tag)))
                if (b->d_name[0] != '.' &&
                    (snprintf(path, sizeof path, "%s/%s/%s", dir, a->d_name, b->d_name), tgt = opendir(path))) {
                    while ((c = readdir(tgt))) {
                        size_t n = strlen(c->d_name);

                        if (n < 6 || strcmp(c->d_name + n - 6, ".sv.xz") != 0)
                            continue;
                        files++;
                        snprintf(file, sizeof file, "%s/%s/%s", a->d_name, b->d_name, c->d_name);
                        if (!is_listed(file) && !unlisted++)
                            diag("not in MANIFEST.tsv: %s", file);
                    }
                    closedir(tgt);
                }
            closedir(tag);
        }
    closedir(top);
    ok(files > 0 && unlisted == 0, "each of the %d captures in t/real is in the manifest (%d not)", files, unlisted);
}

int main(void)
{
    static const char *const releases[] = { "0.10", "0.11", "0.12", "qemu-kvm-0.12" };
    int per_release[4] = { 0 };
    char dir[600], manifest[700], line[8192];
    FILE *f;
    int header = 1;

    tap_init();
    plan_lazy();
    scrub_emu_stream();

    snprintf(dir, sizeof dir, "%s/t/real", tap_env("SV_TOP_SRCDIR"));
    snprintf(manifest, sizeof manifest, "%s/MANIFEST.tsv", dir);
    if (!(f = fopen(manifest, "r")))
        bail("%s: cannot open", manifest);
    while (fgets(line, sizeof line, f)) {
        char *col[COL_NCOLS], *save = NULL, *p = line;
        int n = 0;

        line[strcspn(line, "\n")] = 0;
        if (header || !*line || *line == '#') {
            header = 0;
            continue;
        }
        for (char *t; n < COL_NCOLS && (t = strtok_r(p, "\t", &save)); p = NULL)
            col[n++] = t;
        if (n < COL_NCOLS) {
            ok(0, "%s: a line with %d columns: %s", manifest, n, line);
            continue;
        }
        capture(dir, col);
        if (!(listed = realloc(listed, (nlisted + 1) * sizeof *listed)) || !(listed[nlisted++] = strdup(col[COL_FILE])))
            bail("out of memory");
        for (size_t i = 0; i < 4; i++)
            per_release[i] += strcmp(col[COL_RELEASE], releases[i]) == 0;
    }
    fclose(f);
    all_listed(dir);
    /* every release with binaries built from a public tag has captures */
    for (size_t i = 0; i < 4; i++)
        ok(per_release[i] > 0, "release %s: %d captures", releases[i], per_release[i]);
    for (size_t i = 0; i < nlisted; i++)
        free(listed[i]);
    free(listed);
    su_tmpdir_cleanup();
    return 0;
}
