/* Memory-backed QEMUFiles, so legacy handlers can run on a buffer. */
#include <stdlib.h>
#include <string.h>

#include "shim.h"

static ffi_cif fopen_cif;

int sv_qfile_init(void)
{
    const struct sv_profile *p = sv_shim.profile;

    return ffi_prep_cif(&fopen_cif, FFI_DEFAULT_ABI, p->fopen_nargs, &ffi_type_pointer,
                        p->fopen_args) == FFI_OK ? 0 : -1;
}

static int mem_put(void *opaque, const uint8_t *buf, int64_t pos, int size)
{
    struct sv_membuf *m = opaque;

    (void)pos;      /* a write file only appends */
    if (size < 0 || m->failed)
        return -1;
    if ((size_t)size > m->cap - m->len) {
        size_t cap = m->cap ? m->cap : 4096;
        uint8_t *p;

        while (cap - m->len < (size_t)size)
            cap *= 2;
        p = realloc(m->data, cap);
        if (!p) {
            m->failed = 1;
            return -1;
        }
        m->data = p;
        m->cap = cap;
    }
    memcpy(m->data + m->len, buf, (size_t)size);
    m->len += (size_t)size;
    return size;
}

static int mem_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    struct sv_membuf *m = opaque;
    size_t n;

    if (pos < 0 || (uint64_t)pos >= m->len || size <= 0)
        return 0;
    n = m->len - (size_t)pos;
    if (n > (size_t)size)
        n = (size_t)size;
    memcpy(buf, m->data + pos, n);
    return (int)n;
}

static int mem_close(void *opaque)
{
    (void)opaque;
    return 0;
}

static QEMUFile *open_ops(void *opaque, void *put, void *get)
{
    void *close = (void *)mem_close, *none = NULL;
    void *args[6] = { &opaque, &put, &get, &close, &none, &none };
    QEMUFile *f = NULL;

    ffi_call(&fopen_cif, FFI_FN(sv_shim.bin.fopen_ops), &f, args);
    return f;
}

QEMUFile *sv_qfile_writer(struct sv_membuf *m)
{
    return open_ops(m, (void *)mem_put, NULL);
}

QEMUFile *sv_qfile_reader(struct sv_membuf *m)
{
    return open_ops(m, NULL, (void *)mem_get);
}
