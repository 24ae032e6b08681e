/* QEMUFile backend over a file descriptor.  Writes are sequential like a
 * pipe to "exec:cat > FILE"; the rate limit makes the number of PART
 * sections depend on the stream size, deterministically. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file-fd.h"

struct fd_file {
    int fd;
    size_t rate;                /* bytes per round */
    size_t this_round;
};

static int fd_put_buffer(void *opaque, const uint8_t *buf, int64_t pos, int size)
{
    struct fd_file *s = opaque;
    int done = 0;

    while (done < size) {
        ssize_t n = write(s->fd, buf + done, (size_t)(size - done));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (int)n;
    }
    s->this_round += (size_t)size;
    return size;
}

static int fd_get_buffer(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    struct fd_file *s = opaque;
    ssize_t n;

    do
        n = read(s->fd, buf, (size_t)size);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (int)n;
}

static int fd_close(void *opaque)
{
    struct fd_file *s = opaque;
    int ret = close(s->fd);

    free(s);
    return ret;
}

static int fd_rate_limit(void *opaque)
{
    struct fd_file *s = opaque;

    return s->rate && s->this_round >= s->rate;
}

static size_t fd_set_rate_limit(void *opaque, size_t new_rate)
{
    struct fd_file *s = opaque;
    size_t old = s->rate;

    s->rate = new_rate;
    return old;
}

#ifdef EMU_SAVEVM_012
/* what a round may carry, for block migration's in-flight reads */
static size_t fd_get_rate_limit(void *opaque)
{
    struct fd_file *s = opaque;

    return s->rate;
}
#endif

QEMUFile *emu_fopen(const char *path, int writing, size_t rate)
{
    struct fd_file *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->fd = writing ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
                    : open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        fprintf(stderr, "legacy-emu: %s: %s\n", path, strerror(errno));
        free(s);
        return NULL;
    }
    s->rate = rate;
#ifdef EMU_SAVEVM_012
    if (writing)
        return qemu_fopen_ops(s, fd_put_buffer, NULL, fd_close, fd_rate_limit,
                              fd_set_rate_limit, fd_get_rate_limit);
    return qemu_fopen_ops(s, NULL, fd_get_buffer, fd_close, NULL, NULL, NULL);
#else
    if (writing)
        return qemu_fopen_ops(s, fd_put_buffer, NULL, fd_close, fd_rate_limit,
                              fd_set_rate_limit);
    return qemu_fopen_ops(s, NULL, fd_get_buffer, fd_close, NULL, NULL);
#endif
}

void emu_file_new_round(QEMUFile *f)
{
    struct fd_file *s = f->opaque;

    s->this_round = 0;
}
