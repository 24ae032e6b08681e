/* Helpers for the qcow2 tests; see qcow2-test.h. */
#include <config.h>

#include "qcow2-test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv-stream.h"
#include "tap.h"

void mark_image(struct img_mark *m, const char *path)
{
    snprintf(m->path, sizeof m->path, "%s", path);
    m->bytes = su_read_file(path, &m->len);
    if (!m->bytes || stat(path, &m->st) != 0)
        bail("cannot read %s", path);
}

int image_unchanged(const struct img_mark *m)
{
    struct stat st;
    size_t len;
    uint8_t *now = su_read_file(m->path, &len);
    int same = now && len == m->len && memcmp(now, m->bytes, len) == 0 && stat(m->path, &st) == 0 &&
               st.st_mtim.tv_sec == m->st.st_mtim.tv_sec && st.st_mtim.tv_nsec == m->st.st_mtim.tv_nsec &&
               st.st_ino == m->st.st_ino;

    free(now);
    return same;
}

void mark_free(struct img_mark *m)
{
    free(m->bytes);
    m->bytes = NULL;
}

void patch_be(const char *path, uint64_t off, unsigned width, uint64_t v)
{
    uint8_t b[8];
    int fd = open(path, O_WRONLY);

    sv_store_be(b, width, v);
    if (fd < 0 || pwrite(fd, b, width, (off_t)off) != (ssize_t)width)
        bail("cannot patch %s at %llu: %s", path, (unsigned long long)off, strerror(errno));
    close(fd);
}

uint64_t peek_be(const char *path, uint64_t off, unsigned width)
{
    uint8_t b[8];
    int fd = open(path, O_RDONLY);

    if (fd < 0 || pread(fd, b, width, (off_t)off) != (ssize_t)width)
        bail("cannot read %s at %llu", path, (unsigned long long)off);
    close(fd);
    return sv_load_be(b, width);
}

void copy_file(const char *from, const char *to)
{
    size_t n;
    uint8_t *b = su_read_file(from, &n);

    if (!b || su_write_file(to, b, n) != 0)
        bail("cannot copy %s to %s", from, to);
    free(b);
}

void make_image(const char *path, const struct qw_image *img, struct qw_layout *lay)
{
    struct qw_layout mine;

    if (qw_write(path, img, lay ? lay : &mine) != 0)
        bail("cannot write the image %s", path);
}

void expect_error(const char *what, int code, const char *name, const char *const *args, ...)
{
    char prefix[4200];
    const char *needle;
    struct su_run r;
    va_list ap;
    int good;

    su_svtool_run(&r, NULL, args);
    snprintf(prefix, sizeof prefix, "svtool: %s: ", name);
    good = r.code == code && strncmp(r.err, prefix, strlen(prefix)) == 0 && r.err_len > 0 &&
           strchr(r.err, '\n') == r.err + r.err_len - 1;
    va_start(ap, args);
    while ((needle = va_arg(ap, const char *)))
        good = good && strstr(r.err, needle) != NULL;
    va_end(ap);
    ok(good, "%s: exit %d, one line naming %s", what, code, name);
    if (!good)
        diag("%s, stderr: %s", su_run_status(&r), r.err);
    su_run_free(&r);
}
