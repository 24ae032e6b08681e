/* What the svtool tests share: running svtool, building streams, files. */
#ifndef SV_SVTOOL_UTIL_H
#define SV_SVTOOL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* One run of a child: exit status (or signal), stdout and stderr. */
struct su_run {
    int code;                   /* exit code; -1 when killed by a signal */
    int sig;                    /* the signal, 0 when it exited */
    char *out, *err;
    size_t out_len, err_len;
};

struct su_run_opts {
    const char *in_file;        /* stdin from this file (NULL: /dev/null) */
    const char *out_file;       /* stdout to this file instead of a pipe */
    const char *env;            /* one NAME=VALUE to set, or NULL */
    long fsize_limit;           /* RLIMIT_FSIZE in bytes, 0: none */
    const char *cwd;
};

/* Runs svtool (SV_SVTOOL) with args (NULL-terminated). */
void su_svtool_run(struct su_run *r, const struct su_run_opts *o, const char *const *args);
/* Any program. */
void su_prog_run(struct su_run *r, const struct su_run_opts *o, const char *prog, const char *const *args);
void su_run_free(struct su_run *r);
/* "exit 1" or "signal 9", for messages */
const char *su_run_status(const struct su_run *r);

/* A growing byte buffer for building streams. */
struct su_buf {
    uint8_t *b;
    size_t len, cap;
};
void su_buf_put(struct su_buf *b, const void *p, size_t n);
void su_buf_u8(struct su_buf *b, uint8_t v);
void su_buf_be(struct su_buf *b, unsigned width, uint64_t v);
void su_buf_free(struct su_buf *b);

/* Streams: file header, sections, end. */
void su_header(struct su_buf *b);
void su_full(struct su_buf *b, uint32_t id, const char *idstr, uint32_t instance, uint32_t version,
             const void *body, size_t len);
/* A ram START (mem_size, pages at addrs with fill bytes, one full page), then EOS. */
void su_ram_start(struct su_buf *b, uint32_t id, uint64_t mem_size);
void su_ram_fill(struct su_buf *b, uint64_t addr, uint8_t fill);
void su_ram_page(struct su_buf *b, uint64_t addr, uint8_t seed);
void su_ram_eos(struct su_buf *b);
void su_ram_part(struct su_buf *b, uint32_t id, uint8_t type);   /* PART or END header */
void su_eof(struct su_buf *b);

/* A legacy body of a described device at its defaults, required fields 0
 * (through the descriptors); -1 when there is no descriptor. */
int su_default_body(const char *release, const char *target, const char *idstr, uint32_t version,
                 struct su_buf *out);

/* Files in the test's temporary directory. */
const char *su_tmpdir(void);
char *su_tpath(const char *name);            /* static buffer rotation: 8 live at once */
int su_write_file(const char *path, const void *p, size_t n);
uint8_t *su_read_file(const char *path, size_t *n);
int su_file_exists(const char *path);
/* t/real (the committed captures) in the source tree, and one of them,
 * REL relative to it, uncompressed into OUT; -1 when it cannot be. */
const char *su_real_dir(void);
int su_real_unpack(const char *rel, const char *out);
/* Both files read whole and equal. */
int su_same_file(const char *a, const char *b);
/* Files in dir whose names start with prefix (leftover temporaries). */
int su_count_files(const char *dir, const char *prefix);
/* Removes the temporary directory (at exit). */
void su_tmpdir_cleanup(void);

/* Checks text with python3's json module; schema: "dump" or "descriptors" or NULL. */
int su_json_ok(const char *text, const char *schema, char *why, size_t whylen);

/* A legacy stream from the emulator (tagged: saved under the shim, release emu).
 * 0 ok, -1 when the emulator or shim is not there or fails (diag says why). */
int su_emu_save(const char *path, int tagged, unsigned ticks);

#endif
