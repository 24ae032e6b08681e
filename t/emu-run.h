/* Helpers for the emulator tests: run a program, files in a scratch
 * directory, the --sections report. */
#ifndef SV_EMU_RUN_H
#define SV_EMU_RUN_H

#include <stddef.h>
#include <stdint.h>

struct er_result {
    int status;                 /* exit status, or 128 + signal */
    char *out, *err;            /* NUL-terminated captured output */
    size_t out_len, err_len;
};

/* Runs argv (argv[0] is a path) with stdout and stderr captured. */
int er_run(const char *const *argv, struct er_result *r);
void er_run_free(struct er_result *r);

/* A scratch directory, removed with its contents at exit. */
const char *er_scratch_dir(void);
/* er_scratch_dir()/name, in a static rotating buffer */
const char *er_scratch(const char *name);

/* Whole file into a malloc'd buffer (NUL-terminated); NULL if unreadable. */
uint8_t *er_slurp(const char *path, size_t *len);
int er_spew(const char *path, const void *buf, size_t len);

/* One line of legacy-emu's --sections report. */
struct er_section {
    char idstr[257];
    int instance, version;
    long offset, length;
};

/* Parses a --sections report; returns the number of lines, -1 on error. */
int er_parse_sections(const char *path, struct er_section *out, int max);
const struct er_section *er_find_section(const struct er_section *s, int n,
                                        const char *idstr, int instance);

#endif
