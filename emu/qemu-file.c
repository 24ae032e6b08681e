/* QEMUFile: 0.11's buffered stream over five callbacks.
 *
 * Semantics kept on purpose because devices and the shim rely on them:
 * reading past the end returns zeros and sets the sticky error; a failed
 * write sets the error and later writes are dropped; errors are only ever
 * reported through qemu_file_has_error(). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "savevm.h"

#ifdef EMU_SAVEVM_012
QEMUFile *qemu_fopen_ops(void *opaque, QEMUFilePutBufferFunc *put_buffer,
                         QEMUFileGetBufferFunc *get_buffer, QEMUFileCloseFunc *close,
                         QEMUFileRateLimit *rate_limit, QEMUFileSetRateLimit *set_rate_limit,
                         QEMUFileGetRateLimit *get_rate_limit)
#else
QEMUFile *qemu_fopen_ops(void *opaque, QEMUFilePutBufferFunc *put_buffer,
                         QEMUFileGetBufferFunc *get_buffer, QEMUFileCloseFunc *close,
                         QEMUFileRateLimit *rate_limit, QEMUFileSetRateLimit *set_rate_limit)
#endif
{
    QEMUFile *f = calloc(1, sizeof *f);

    if (!f) {
        fprintf(stderr, "qemu_fopen_ops: out of memory\n");
        abort();                /* 0.11's qemu_mallocz aborts too */
    }
    f->opaque = opaque;
    f->put_buffer = put_buffer;
    f->get_buffer = get_buffer;
    f->close = close;
    f->rate_limit = rate_limit;
    f->set_rate_limit = set_rate_limit;
#ifdef EMU_SAVEVM_012
    f->get_rate_limit = get_rate_limit;
#endif
    return f;
}

int qemu_file_has_error(QEMUFile *f)
{
    return f->has_error;
}

void qemu_file_set_error(QEMUFile *f)
{
    f->has_error = 1;
}

void qemu_fflush(QEMUFile *f)
{
    int n;

    if (!f->put_buffer || !f->is_write || f->buf_index == 0)
        return;
    n = f->put_buffer(f->opaque, f->buf, f->buf_offset, f->buf_index);
    if (n > 0)
        f->buf_offset += f->buf_index;
    else
        f->has_error = 1;
    f->buf_index = 0;
}

/* Refill an exhausted read buffer; a backend that would block says -EAGAIN. */
static void refill(QEMUFile *f)
{
    int n;

    if (!f->get_buffer)
        return;
    if (f->is_write)
        abort();
    n = f->get_buffer(f->opaque, f->buf, f->buf_offset, QEMU_FILE_BUF_SIZE);
    if (n > 0) {
        f->buf_index = 0;
        f->buf_size = n;
        f->buf_offset += n;
    } else if (n != -EAGAIN) {
        f->has_error = 1;       /* end of input too: 0.11 makes no difference */
    }
}

int qemu_fclose(QEMUFile *f)
{
    int ret = 0;

    qemu_fflush(f);
    if (f->close)
        ret = f->close(f->opaque);
    free(f);
    return ret;
}

/* Writing into a half-consumed read buffer is a programming error. */
static void check_writable(QEMUFile *f)
{
    if (!f->has_error && !f->is_write && f->buf_index > 0) {
        fprintf(stderr, "Attempted to write to buffer while read buffer is not empty\n");
        abort();
    }
}

void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, int size)
{
    check_writable(f);
    while (!f->has_error && size > 0) {
        int room = QEMU_FILE_BUF_SIZE - f->buf_index;
        int n = size < room ? size : room;

        memcpy(f->buf + f->buf_index, buf, n);
        f->is_write = 1;
        f->buf_index += n;
        buf += n;
        size -= n;
        if (f->buf_index >= QEMU_FILE_BUF_SIZE)
            qemu_fflush(f);
    }
}

void qemu_put_byte(QEMUFile *f, int v)
{
    check_writable(f);
    f->buf[f->buf_index++] = (uint8_t)v;
    f->is_write = 1;
    if (f->buf_index >= QEMU_FILE_BUF_SIZE)
        qemu_fflush(f);
}

void qemu_put_be16(QEMUFile *f, unsigned int v)
{
    qemu_put_byte(f, (int)(v >> 8));
    qemu_put_byte(f, (int)v);
}

void qemu_put_be32(QEMUFile *f, unsigned int v)
{
    qemu_put_be16(f, v >> 16);
    qemu_put_be16(f, v & 0xffff);
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    qemu_put_be32(f, (unsigned int)(v >> 32));
    qemu_put_be32(f, (unsigned int)v);
}

/* Returns how many bytes it could read; the rest of buf is left as is. */
int qemu_get_buffer(QEMUFile *f, uint8_t *buf, int size)
{
    int want = size;

    if (f->is_write)
        abort();
    while (size > 0) {
        int avail = f->buf_size - f->buf_index;

        if (avail == 0) {
            refill(f);
            avail = f->buf_size - f->buf_index;
            if (avail == 0)
                break;
        }
        if (avail > size)
            avail = size;
        memcpy(buf, f->buf + f->buf_index, avail);
        f->buf_index += avail;
        buf += avail;
        size -= avail;
    }
    return want - size;
}

int qemu_get_byte(QEMUFile *f)
{
    if (f->is_write)
        abort();
    if (f->buf_index >= f->buf_size) {
        refill(f);
        if (f->buf_index >= f->buf_size)
            return 0;
    }
    return f->buf[f->buf_index++];
}

unsigned int qemu_get_be16(QEMUFile *f)
{
    unsigned int hi = (unsigned int)qemu_get_byte(f);

    return hi << 8 | (unsigned int)qemu_get_byte(f);
}

unsigned int qemu_get_be32(QEMUFile *f)
{
    unsigned int hi = qemu_get_be16(f);

    return hi << 16 | qemu_get_be16(f);
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint64_t hi = qemu_get_be32(f);

    return hi << 32 | qemu_get_be32(f);
}

int64_t qemu_ftell(QEMUFile *f)
{
    return f->buf_offset - f->buf_size + f->buf_index;
}

int qemu_file_rate_limit(QEMUFile *f)
{
    return f->rate_limit ? f->rate_limit(f->opaque) : 0;
}

size_t qemu_file_set_rate_limit(QEMUFile *f, size_t new_rate)
{
    return f->set_rate_limit ? f->set_rate_limit(f->opaque, new_rate) : 0;
}

#ifdef EMU_SAVEVM_012
size_t qemu_file_get_rate_limit(QEMUFile *f)
{
    return f->get_rate_limit ? f->get_rate_limit(f->opaque) : 0;
}
#endif
