/* Helpers for the emulator tests: run a program, files in a scratch
 * directory, the --sections report. */
#ifndef SV_EMU_RUN_H
#define SV_EMU_RUN_H

#include <stddef.h>
#include <stdint.h>

struct run_result {
    int status;                 /* exit status, or 128 + signal */
    char *out, *err;            /* NUL-terminated captured output */
    size_t out_len, err_len;
};

/* Runs argv (argv[0] is a path) with stdout and stderr captured. */
int run(const char *const *argv, struct run_result *r);
void run_free(struct run_result *r);

/* A scratch directory, removed with its contents at exit. */
const char *scratch_dir(void);
/* scratch_dir()/name, in a static rotating buffer */
const char *scratch(const char *name);

/* Whole file into a malloc'd buffer (NUL-terminated); NULL if unreadable. */
uint8_t *slurp(const char *path, size_t *len);
int spew(const char *path, const void *buf, size_t len);

/* One line of legacy-emu's --sections report. */
struct section_info {
    char idstr[257];
    int instance, version;
    long offset, length;
};

/* Parses a --sections report; returns the number of lines, -1 on error. */
int parse_sections(const char *path, struct section_info *out, int max);
const struct section_info *find_section(const struct section_info *s, int n,
                                        const char *idstr, int instance);

#endif
