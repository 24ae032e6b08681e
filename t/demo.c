/*
 * make demo (tools/demo.sh): it runs to its end, and each step's heading
 * and the closing line appear exactly once, whether the output goes to a
 * pipe or to a file (output buffered before a fork must not come out twice).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "tap.h"

static int occurrences(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = text; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void check_output(const char *how, const struct proc *p, const char *out)
{
    static const char *const lines[] = {
        "\n== 1. ", "\n== 2. ", "\n== 3. ", "\n== 4. ", "\n== 5. ", "\n== 6. ", "\n== 7. ",
        "\ndemo: all steps passed\n",
    };
    int bad = 0;

    is_int(p->status, 0, "demo, output to %s: exit 0", how);
    if (p->status)
        diag("%.400s", p->err);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        int n = occurrences(out, lines[i]);

        if (n != 1) {
            bad++;
            diag("\"%s\" appears %d times", lines[i] + 1, n);
        }
    }
    is_int(bad, 0, "demo, output to %s: each step's heading and the last line appear once", how);
}

int main(void)
{
    char demo[4096], outfile[4200], *dir, *text;
    const char *top;
    struct proc p;

    tap_init();
    plan_lazy();
    top = tap_env("SV_TOP_BUILDDIR");
    snprintf(demo, sizeof demo, "%s/tools/demo.sh", tap_env("SV_TOP_SRCDIR"));
    dir = scratch_dir("demo");
    snprintf(outfile, sizeof outfile, "%s/demo.out", dir);
    {
        const char *argv[] = { "/bin/sh", demo, top, NULL };

        proc_run(argv, NULL, NULL, &p);
        check_output("a pipe", &p, p.out);
        proc_free(&p);
    }
    {
        const char *argv[] = { "/bin/sh", "-c", "/bin/sh \"$0\" \"$1\" > \"$2\"", demo, top, outfile, NULL };

        proc_run(argv, NULL, NULL, &p);
        text = slurp(outfile, NULL);
        check_output("a file", &p, text ? text : "");
        free(text);
        proc_free(&p);
    }
    rmtree(dir);
    free(dir);
    return 0;
}
