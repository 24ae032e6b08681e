/*
 * Real captures (t/real/MANIFEST.tsv): streams that QEMU binaries wrote,
 * their RAM scrubbed by t/scrub-ram.  Each one holds no guest memory, walks,
 * checks clean, converts legacy -> tagged -> legacy byte for byte, and its
 * tagged form dumps with no opaque section.  scrub-ram itself is tested
 * here on an emulator stream.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svtool-util.h"
#include "tap.h"

#define RUN(r, o, ...) svtool_run((r), (o), (const char *const[]){ __VA_ARGS__, NULL })

/* MANIFEST.tsv columns, in order (the header line names them). */
enum { COL_FILE, COL_TAG, COL_TARGET, COL_RELEASE, COL_NCOLS };

static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    uint8_t *x = read_file(a, &na), *y = read_file(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;

    free(x);
    free(y);
    return same;
}

static void scrub(struct run *r, const char *in, const char *out, int keep_length)
{
    char prog[600];
    const char *args[] = { keep_length ? "--keep-length" : in, keep_length ? in : out,
                           keep_length ? out : NULL, NULL };

    snprintf(prog, sizeof prog, "%s/t/scrub-ram", tap_env("SV_TOP_BUILDDIR"));
    unlink(out);
    prog_run(r, NULL, prog, args);
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
    char *orig = strdup(tpath("emu.sv")), *small = strdup(tpath("emu-scrub.sv")),
         *same = strdup(tpath("emu-keep.sv")), *again = strdup(tpath("emu-again.sv"));
    size_t n_orig, n_same;
    uint8_t *b;
    struct run r;

    if (emu_save(orig, 0, 7) < 0) {
        skip(7, "the emulator could not save");
        return;
    }
    scrub(&r, orig, small, 0);
    is_int(r.code, 0, "scrub-ram: exit 0");
    run_free(&r);
    RUN(&r, NULL, "dump", "--json", small);
    ok(r.code == 0 && full_pages(r.out) == 0,
       "scrub-ram: no full page record is left");
    run_free(&r);
    RUN(&r, NULL, "diff", orig, small);
    ok(r.code == 1 && strstr(r.out, "ram: ") && only_ram_differs(r.out),
       "scrub-ram: only RAM differs from the original (%s)", r.out);
    run_free(&r);
    scrub(&r, small, again, 0);
    ok(r.code == 0 && same_file(small, again), "scrub-ram: a scrubbed stream is unchanged by a second scrub");
    run_free(&r);

    scrub(&r, orig, same, 1);
    is_int(r.code, 0, "scrub-ram --keep-length: exit 0");
    run_free(&r);
    free(read_file(orig, &n_orig));
    b = read_file(same, &n_same);
    is_uint(n_same, n_orig, "scrub-ram --keep-length: the length is kept");
    free(b);
    RUN(&r, NULL, "diff", small, same);
    ok(r.code == 0, "scrub-ram --keep-length: the same content as the compressed scrub (%s)", r.out);
    run_free(&r);

    {
        /* a cut stream: an error naming the offset, and no output file */
        size_t n;
        uint8_t *p = read_file(orig, &n);
        char *cut = strdup(tpath("emu-cut.sv")), *out = strdup(tpath("emu-cut-out.sv"));

        write_file(cut, p, 100);
        scrub(&r, cut, out, 0);
        ok(r.code == 1 && strstr(r.err, "offset ") && !file_exists(out),
           "scrub-ram: a truncated stream is an error with its offset, and leaves no output (%s)", r.err);
        run_free(&r);
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
    struct run_opts o = { .out_file = tpath("real.sv") };
    struct run r;
    int code;

    if (strlen(path) < 3 || strcmp(path + strlen(path) - 3, ".xz") != 0)
        return 0;
    prog_run(&r, &o, "xz", args);
    code = r.code;
    if (code)
        diag("xz -dc %s: %s: %s", path, run_status(&r), r.err);
    run_free(&r);
    snprintf(path, len, "%s", o.out_file);
    return code ? -1 : 0;
}

static void capture(const char *dir, char **col)
{
    char path[1024], *tag = strdup(tpath("real-tagged.sv")), *back = strdup(tpath("real-back.sv")),
         *scrubbed = strdup(tpath("real-scrub.sv"));
    const char *what = col[COL_FILE];
    struct run r;

    snprintf(path, sizeof path, "%s/%s", dir, col[COL_FILE]);
    if (!file_exists(path)) {
        ok(0, "%s: listed in the manifest but missing", what);
        goto out;
    }
    if (unpack(path, sizeof path) < 0) {
        ok(0, "%s: xz -dc failed", what);
        goto out;
    }
    scrub(&r, path, scrubbed, 0);
    ok(r.code == 0 && same_file(path, scrubbed), "%s: holds no guest memory (scrub-ram changes nothing)", what);
    run_free(&r);

    RUN(&r, NULL, "check", path);
    is_int(r.code, 0, "%s: svtool check", what);
    if (r.code)
        diag("%s", r.err);
    run_free(&r);

    unlink(tag);
    unlink(back);
    RUN(&r, NULL, "convert", "--to", "tagged", path, tag);
    is_int(r.code, 0, "%s: convert --to tagged", what);
    if (r.code)
        diag("%s", r.err);
    run_free(&r);
    RUN(&r, NULL, "check", tag);
    is_int(r.code, 0, "%s: the tagged form checks clean", what);
    run_free(&r);
    RUN(&r, NULL, "dump", tag);
    ok(r.code == 0 && !strstr(r.out, "format=opaque") && !strstr(r.out, "format=legacy") &&
           strstr(r.out, "format=tagged"),
       "%s: every device section of the tagged form is tagged, none opaque", what);
    run_free(&r);
    RUN(&r, NULL, "convert", "--to", "legacy", tag, back);
    is_int(r.code, 0, "%s: convert the tagged form --to legacy", what);
    run_free(&r);
    ok(same_file(path, back), "%s: legacy -> tagged -> legacy is byte-identical", what);
out:
    free(tag);
    free(back);
    free(scrubbed);
}

int main(void)
{
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
    }
    fclose(f);
    tmpdir_cleanup();
    return 0;
}
