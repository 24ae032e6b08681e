/* What the svtool tests share: running svtool, building streams, files. */
#ifndef SV_SVTOOL_UTIL_H
#define SV_SVTOOL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* One run of a child: exit status (or signal), stdout and stderr. */
struct run {
    int code;                   /* exit code; -1 when killed by a signal */
    int sig;                    /* the signal, 0 when it exited */
    char *out, *err;
    size_t out_len, err_len;
};

struct run_opts {
    const char *in_file;        /* stdin from this file (NULL: /dev/null) */
    const char *out_file;       /* stdout to this file instead of a pipe */
    const char *env;            /* one NAME=VALUE to set, or NULL */
    long fsize_limit;           /* RLIMIT_FSIZE in bytes, 0: none */
    const char *cwd;
};

/* Runs svtool (SV_SVTOOL) with args (NULL-terminated). */
void svtool_run(struct run *r, const struct run_opts *o, const char *const *args);
/* Any program. */
void prog_run(struct run *r, const struct run_opts *o, const char *prog, const char *const *args);
void run_free(struct run *r);
/* "exit 1" or "signal 9", for messages */
const char *run_status(const struct run *r);

/* A growing byte buffer for building streams. */
struct buf {
    uint8_t *b;
    size_t len, cap;
};
void buf_put(struct buf *b, const void *p, size_t n);
void buf_u8(struct buf *b, uint8_t v);
void buf_be(struct buf *b, unsigned width, uint64_t v);
void buf_free(struct buf *b);

/* Streams: file header, sections, end. */
void st_header(struct buf *b);
void st_full(struct buf *b, uint32_t id, const char *idstr, uint32_t instance, uint32_t version,
             const void *body, size_t len);
/* A ram START (mem_size, pages at addrs with fill bytes, one full page), then EOS. */
void st_ram_start(struct buf *b, uint32_t id, uint64_t mem_size);
void st_ram_fill(struct buf *b, uint64_t addr, uint8_t fill);
void st_ram_page(struct buf *b, uint64_t addr, uint8_t seed);
void st_ram_eos(struct buf *b);
void st_ram_part(struct buf *b, uint32_t id, uint8_t type);   /* PART or END header */
void st_eof(struct buf *b);

/* A legacy body of a described device at its defaults, required fields 0
 * (through the descriptors); -1 when there is no descriptor. */
int default_body(const char *release, const char *target, const char *idstr, uint32_t version,
                 struct buf *out);

/* Files in the test's temporary directory. */
const char *tmpdir(void);
char *tpath(const char *name);            /* static buffer rotation: 8 live at once */
int write_file(const char *path, const void *p, size_t n);
uint8_t *read_file(const char *path, size_t *n);
int file_exists(const char *path);
/* Files in dir whose names start with prefix (leftover temporaries). */
int count_files(const char *dir, const char *prefix);
/* Removes the temporary directory (at exit). */
void tmpdir_cleanup(void);

/* Checks text with python3's json module; schema: "dump" or "descriptors" or NULL. */
int json_ok(const char *text, const char *schema, char *why, size_t whylen);

/* A legacy stream from the emulator (tagged: saved under the shim, release emu).
 * 0 ok, -1 when the emulator or shim is not there or fails (diag says why). */
int emu_save(const char *path, int tagged, unsigned ticks);

#endif
