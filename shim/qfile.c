/* Memory-backed QEMUFiles, so legacy handlers can run on a buffer. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "log.h"
#include "shim.h"
#include "sv-stream.h"

/* qemu_fopen_ops(opaque, callbacks...): every argument a pointer; the
 * release's ABI says how many callbacks */
#define FOPEN_MAX_CALLBACKS 6
static ffi_type *fopen_args[1 + FOPEN_MAX_CALLBACKS] = {
    &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer,
    &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer, &ffi_type_pointer,
};
static ffi_cif fopen_cif;

/* What the writer's put_buffer collects (a memory stream, kept between
 * saves), and what the reader serves. */
static struct sv_stream out;
/* The device's last chunk, left in the writer's own buffer when it is the
 * only one: most devices' state then is not copied at all. */
static const uint8_t *last;
static size_t last_len;
static int final_flush;
static struct {
    const uint8_t *data;
    size_t len;
    int64_t base;       /* the reader's position where these bytes start */
} in;
static QEMUFile *writer, *reader;
/* A device's long writes (a NIC's buffer) while its save runs on the
 * writer: not copied into the writer's buffer and out of it again, but
 * kept as references to the device's own memory, which nothing changes
 * before the body is written (struct sv_refs: `at` is the offset in the
 * bytes the writer collected).  flat holds them all in one piece for a
 * caller that needs that. */
/* only what the body references anyway: a shorter value is copied into the
 * body all the same, and its hole would cost a flush of the writer */
#define HOLE_MIN SV_REF_MIN
static struct sv_refs holes;
static int capturing;
static uint8_t *flat;
static size_t flat_cap;

int sv_qfile_init(void)
{
    unsigned callbacks = sv_shim.release->abi->fopen_callbacks;

    if (callbacks > FOPEN_MAX_CALLBACKS)
        return -1;
    sv_stream_mem_writer(&out, 0);
    return ffi_prep_cif(&fopen_cif, FFI_DEFAULT_ABI, 1 + callbacks, &ffi_type_pointer,
                        fopen_args) == FFI_OK ? 0 : -1;
}

static int mem_put(void *opaque, const uint8_t *buf, int64_t pos, int size)
{
    (void)opaque;
    (void)pos;      /* a write file only appends */
    if (size < 0)
        return -1;
    if (final_flush && out.offset == 0 && !last) {
        last = buf;
        last_len = (size_t)size;
        return size;
    }
    if (sv_write(&out, buf, (size_t)size) < 0)
        return -1;
    return size;
}

void sv_qfile_put_buffer(QEMUFile *f, const uint8_t *buf, int size)
{
    void (*orig)(QEMUFile *, const uint8_t *, int) = sv_shim.hooks[SV_HOOK_PUT_BUFFER].trampoline;

    if (f != writer || !capturing || size < HOLE_MIN || holes.n >= SV_REFS_MAX)
        return orig(f, buf, size);
    /* what came before goes to out first; the hole goes after it */
    sv_shim.bin.fflush(writer);
    holes.r[holes.n].at = out.offset;
    holes.r[holes.n].p = buf;
    holes.r[holes.n].len = (size_t)size;
    holes.n++;
}

/* The device's bytes with its long writes in their places, in flat. */
static int flatten(const uint8_t **bytes, size_t *len)
{
    size_t total = *len, at = 0, from = 0;

    for (size_t i = 0; i < holes.n; i++)
        total += holes.r[i].len;
    if (total > flat_cap) {
        uint8_t *p = realloc(flat, total);

        if (!p)
            return -1;
        flat = p;
        flat_cap = total;
    }
    for (size_t i = 0; i <= holes.n; i++) {
        size_t end = i < holes.n ? holes.r[i].at : *len;

        memcpy(flat + at, *bytes + from, end - from);
        at += end - from;
        from = end;
        if (i < holes.n) {
            memcpy(flat + at, holes.r[i].p, holes.r[i].len);
            at += holes.r[i].len;
        }
    }
    *bytes = flat;
    *len = total;
    holes.n = 0;
    return 0;
}

int sv_qfile_flatten(const uint8_t **bytes, size_t *len)
{
    return holes.n ? flatten(bytes, len) : 0;
}

/* Serves the current device's bytes; 0 past them (the file then has an error). */
static int mem_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    size_t n;

    (void)opaque;
    if (pos < in.base || (uint64_t)(pos - in.base) >= in.len || size <= 0)
        return 0;
    n = in.len - (size_t)(pos - in.base);
    if (n > (size_t)size)
        n = (size_t)size;
    memcpy(buf, in.data + (pos - in.base), n);
    return (int)n;
}

static int mem_close(void *opaque)
{
    (void)opaque;
    return 0;
}

static QEMUFile *open_ops(void *put, void *get)
{
    void *opaque = NULL, *close = (void *)mem_close, *none = NULL;
    void *args[7] = { &opaque, &put, &get, &close, &none, &none, &none };
    QEMUFile *f = NULL;

    ffi_call(&fopen_cif, FFI_FN(sv_shim.bin.fopen_ops), &f, args);
    return f;
}

/*
 * The registry's QEMUFile layout (struct sv_qf_layout), checked on the
 * writer the shim opens: its put_buffer and opaque where the registry says,
 * and its buf_offset counting one byte written and flushed.  Only then does
 * sv_qfile_put_long write past a file's buffer.
 */
static int layout_ok;

static QEMUFile *open_writer(void)
{
    const struct sv_qf_layout *qf = &sv_shim.release->abi->qf;
    void (*put)(QEMUFile *, const uint8_t *, int) = sv_shim.hooks[SV_HOOK_PUT_BUFFER].trampoline;
    QEMUFile *w = open_ops((void *)mem_put, NULL);
    uint8_t *b = (uint8_t *)w, one = 0;

    if (!w)
        return NULL;
    if (*(void **)(b + qf->put_buffer) == (void *)mem_put && *(void **)(b + qf->opaque) == NULL && put) {
        put(w, &one, 1);
        sv_shim.bin.fflush(w);
        layout_ok = *(int64_t *)(b + qf->buf_offset) == 1 && sv_shim.bin.ftell(w) == 1 &&
                    *(void **)(b + qf->opaque) == NULL;
        sv_stream_mem_clear(&out);
    }
    if (!layout_ok)
        sv_log("QEMUFile layout not as the registry says: long values go through the file's buffer");
    return w;
}

void sv_qfile_prepare(void)
{
    if (!writer)
        writer = open_writer();
}

/*
 * What the binary's qemu_put_buffer does, without copying into the file's
 * buffer first: the buffer is flushed, then the bytes go to its put_buffer
 * callback at the file's offset, as qemu_fflush passes a full buffer.
 */
void sv_qfile_put_long(QEMUFile *f, const uint8_t *p, int len)
{
    const struct sv_qf_layout *qf = &sv_shim.release->abi->qf;
    uint8_t *b = (uint8_t *)f;
    int (*cb)(void *, const uint8_t *, int64_t, int);

    if (!layout_ok || len <= 0) {
        void (*put)(QEMUFile *, const uint8_t *, int) = sv_shim.hooks[SV_HOOK_PUT_BUFFER].trampoline;

        return put(f, p, len);
    }
    sv_shim.bin.fflush(f);
    if (sv_shim.bin.has_error(f))
        return;
    cb = *(int (**)(void *, const uint8_t *, int64_t, int))(b + qf->put_buffer);
    if (cb && cb(*(void **)(b + qf->opaque), p, *(int64_t *)(b + qf->buf_offset), len) > 0)
        *(int64_t *)(b + qf->buf_offset) += len;
    else
        sv_shim.bin.set_error(f);
}

int sv_qfile_save(SaveStateHandler *save, void *opaque, const uint8_t **bytes, size_t *len,
                  const struct sv_refs **held, struct sv_error *err)
{
    if (!writer && !(writer = open_writer()))
        return sv_error_set_nooff(err, SV_E_NOMEM, "no memory file for the device's save");
    sv_stream_mem_clear(&out);
    last = NULL;
    holes.n = 0;
    capturing = 1;
    save(writer, opaque);
    capturing = 0;
    final_flush = 1;
    sv_shim.bin.fflush(writer);
    final_flush = 0;
    if (sv_stream_failed(&out) || sv_shim.bin.has_error(writer)) {
        if (sv_stream_failed(&out))
            sv_error_set_nooff(err, SV_E_NOMEM, "no memory for the device's save after %llu bytes",
                               (unsigned long long)out.offset);
        else
            sv_error_set_nooff(err, SV_E_IO, "the device's save failed on a memory file");
        /* start clean next time */
        sv_shim.bin.fclose(writer);
        writer = NULL;
        return -1;
    }
    if (last) {
        *bytes = last;
        *len = last_len;
    } else {
        *bytes = sv_stream_mem_data(&out, len);
    }
    if (held) {
        *held = &holes;
        return 0;
    }
    if (holes.n && flatten(bytes, len) < 0)
        return sv_error_set_nooff(err, SV_E_NOMEM, "no memory for the device's save of %zu bytes", *len);
    return 0;
}

/*
 * The cheap way to keep a legacy ram load from spinning: it reads the
 * emulator's own file, whose refill callback is watched while it runs;
 * a refill that finds the stream's end, before the load has read its EOS
 * record, ends the process.  No byte is copied on the way.  Where the
 * callback sits in a QEMUFile is found in the reader the shim made with
 * its own callback: the second pointer in every release the shim hooks.
 */
static size_t get_off;
static int (*watched_get)(void *opaque, uint8_t *buf, int64_t pos, int size);
static void (*watch_die)(void *ctx, const char *why);
static void *watch_ctx;

static int watch_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    int n = watched_get(opaque, buf, pos, size);

    if (n == 0 || (n < 0 && n != -EAGAIN))
        watch_die(watch_ctx, "the stream ends inside the section");
    return n;
}

static void find_get_off(void)
{
    void *const *slot = (void *const *)reader;

    for (size_t i = 0; i < 16 && !get_off; i++)
        if (slot[i] == (void *)mem_get)
            get_off = i * sizeof(void *);
}

int sv_qfile_load_live(LoadStateHandler *load, void *opaque, int version, int format, QEMUFile *real,
                       void (*die)(void *ctx, const char *why), void *ctx, char *why, size_t whylen)
{
    void **slot;
    int r;

    (void)format;   /* ram and block alike: the binary's load reads its records, the refills are watched */
    if (!reader && !(reader = open_ops(NULL, (void *)mem_get)))
        return -1;
    if (!get_off)
        find_get_off();
    slot = get_off ? (void **)((uint8_t *)real + get_off) : NULL;
    if (!slot || !*slot) {
        /* no QEMUFile the shim knows (no release it hooks has one): as without it */
        sv_log("live load not watched: the file's refill callback was not found");
        r = load(real, opaque, version);
    } else {
        watched_get = *slot;
        watch_die = die;
        watch_ctx = ctx;
        *slot = (void *)watch_get;
        r = load(real, opaque, version);
        *slot = (void *)watched_get;
    }
    if (r < 0)
        snprintf(why, whylen, "the live section's load failed");
    return r;
}

int sv_qfile_load(LoadStateHandler *load, void *opaque, int version, const uint8_t *bytes, size_t len,
                  int64_t *read, int *ferr)
{
    int r;

    if (!reader && !(reader = open_ops(NULL, (void *)mem_get)))
        return -1;
    in.data = bytes;
    in.len = len;
    in.base = sv_shim.bin.ftell(reader);
    r = load(reader, opaque, version);
    *read = sv_shim.bin.ftell(reader) - in.base;
    *ferr = sv_shim.bin.has_error(reader);
    if (r < 0 || *ferr || *read != (int64_t)len) {
        sv_shim.bin.fclose(reader);
        reader = NULL;
    }
    in.data = NULL;
    return r;
}

/*
 * A reader's unread bytes: after the int64 buf_offset every release's
 * QEMUFile has int buf_index, int buf_size and the buffer (savevm.c of
 * each tag).  Checked once on a reader of the shim's own, fed known bytes.
 */
static int peek_ok = -1;

static int check_peek(void)
{
    static const uint8_t probe[16] = { 's', 'v', 'p', 'k', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xfe, 0xff };
    const size_t at = sv_shim.release->abi->qf.buf_offset;
    QEMUFile *r = open_ops(NULL, (void *)mem_get);
    uint8_t three[3];
    uint8_t *b;
    int ok;

    if (!r)
        return 0;
    b = (uint8_t *)r;
    in.data = probe;
    in.len = sizeof probe;
    in.base = sv_shim.bin.ftell(r);
    ok = sv_shim.bin.get_buffer(r, three, 3) == 3 && *(int *)(b + at + 8) == 3 &&
         *(int *)(b + at + 12) == (int)sizeof probe && memcmp(b + at + 16, probe, sizeof probe) == 0;
    in.data = NULL;
    sv_shim.bin.fclose(r);
    if (!ok)
        sv_log("QEMUFile reader layout not as the registry says: a ram section's size is read, not peeked");
    return ok;
}

int sv_qfile_peek(QEMUFile *f, uint8_t *p, int n)
{
    const size_t at = sv_shim.release->abi->qf.buf_offset;
    const uint8_t *b = (const uint8_t *)f;
    int idx, size;

    if (peek_ok < 0)
        peek_ok = check_peek();
    if (!peek_ok)
        return 0;
    idx = *(const int *)(b + at + 8);
    size = *(const int *)(b + at + 12);
    if (idx < 0 || size < idx || size - idx < n)
        return 0;
    memcpy(p, b + at + 16 + idx, (size_t)n);
    return 1;
}

/* A reader whose bytes a function makes as they are asked for (the shim's
 * ram load of another release's stream). */
static QEMUFile *fill_reader;
static int (*fill_fn)(void *ctx, uint8_t *buf, int size);
static void *fill_ctx;

static int fill_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    (void)opaque;
    (void)pos;
    return size > 0 && fill_fn ? fill_fn(fill_ctx, buf, size) : 0;
}

int sv_qfile_load_fill(LoadStateHandler *load, void *opaque, int version,
                       int (*fill)(void *ctx, uint8_t *buf, int size), void *ctx, int64_t *read, int *ferr)
{
    int64_t base;
    int r;

    if (!fill_reader && !(fill_reader = open_ops(NULL, (void *)fill_get)))
        return -1;
    fill_fn = fill;
    fill_ctx = ctx;
    base = sv_shim.bin.ftell(fill_reader);
    r = load(fill_reader, opaque, version);
    *read = sv_shim.bin.ftell(fill_reader) - base;
    *ferr = sv_shim.bin.has_error(fill_reader);
    fill_fn = NULL;
    /* bytes it did not read would come first next time */
    sv_shim.bin.fclose(fill_reader);
    fill_reader = NULL;
    return r;
}
