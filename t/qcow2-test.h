/* What the qcow2 tests share: images left alone, bytes patched, errors expected. */
#ifndef SV_QCOW2_TEST_H
#define SV_QCOW2_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "qcow2-writer.h"
#include "svtool-util.h"

/* An image's bytes and times, taken before svtool reads it. */
struct img_mark {
    char path[4096];
    uint8_t *bytes;
    size_t len;
    struct stat st;
};
void mark_image(struct img_mark *m, const char *path);
/* 1 when the file still has those bytes and that modification time. */
int image_unchanged(const struct img_mark *m);
void mark_free(struct img_mark *m);

/* Writes v big-endian at off; bails on failure. */
void patch_be(const char *path, uint64_t off, unsigned width, uint64_t v);
/* Reads a big-endian value at off. */
uint64_t peek_be(const char *path, uint64_t off, unsigned width);
void copy_file(const char *from, const char *to);
void make_image(const char *path, const struct qw_image *img, struct qw_layout *lay);

/*
 * Runs svtool args and checks a failure: exit code, one line on stderr that
 * starts "svtool: " name ": " and holds each needle (NULL-terminated).
 */
void expect_error(const char *what, int code, const char *name, const char *const *args, ...);

#endif
