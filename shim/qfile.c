/* Memory-backed QEMUFiles, so legacy handlers can run on a buffer. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"
#include "sv-block.h"
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
static struct {
    const uint8_t *data;
    size_t len;
    int64_t base;       /* the reader's position where these bytes start */
    /* a live body passed through from the emulator's stream */
    QEMUFile *live;
    int live_format;            /* enum sv_live_format */
    int live_eos, live_failed;
    uint64_t live_bytes;
    uint64_t live_payload;      /* bytes of the current record still to pass */
    char live_why[160];
    /* ends the process: a legacy ram load spins on a stream that ended */
    void (*live_die)(void *ctx, const char *why);
    void *live_ctx;
} in;
static QEMUFile *writer, *reader;

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
    if (size < 0 || sv_write(&out, buf, (size_t)size) < 0)
        return -1;
    return size;
}

static int live_fail(const char *why, unsigned flags)
{
    if (flags)
        snprintf(in.live_why, sizeof in.live_why, "%s %#x", why, flags);
    else
        snprintf(in.live_why, sizeof in.live_why, "%s", why);
    in.live_failed = 1;
    return -1;
}

/* Reads a record's head into buf: how many bytes, and its payload's size. */
static int live_record(uint8_t *buf, uint64_t *payload)
{
    uint64_t word = 0;
    unsigned flags;
    int n = 8;

    if (sv_shim.bin.get_buffer(in.live, buf, 8) != 8)
        return live_fail("the stream ends inside the section", 0);
    for (int i = 0; i < 8; i++)
        word = word << 8 | buf[i];
    if (in.live_format == SV_LIVE_BLOCK) {
        /* be64 sector << 9 | one flag; a device block: u8 name length,
         * the name, 1 MiB */
        flags = (unsigned)(word & SV_BLOCK_FLAG_MASK);
        if (flags != SV_BLOCK_DEVICE && flags != SV_BLOCK_EOS && flags != SV_BLOCK_PROGRESS)
            return live_fail("block record with flags", flags);
        *payload = 0;
        if (flags == SV_BLOCK_DEVICE) {
            if (sv_shim.bin.get_buffer(in.live, buf + 8, 1) != 1)
                return live_fail("the stream ends inside the section", 0);
            *payload = (uint64_t)buf[8] + SV_BLOCK_CHUNK;
            n++;
        }
        in.live_eos = flags == SV_BLOCK_EOS;
        return n;
    }
    /* ram: be64 address | flags; a fill byte or a page may follow */
    flags = (unsigned)(word & 0xfff);
    if (flags & ~0x1eu)
        return live_fail("page record with flags", flags);
    *payload = flags & 0x02 ? 1 : flags & 0x08 ? 4096 : 0;
    in.live_eos = (flags & 0x10) != 0;
    return n;
}

/*
 * Passes a live body's records from the emulator's stream, stopping at its
 * EOS record: the legacy loads loop until they see EOS, and 0.10/0.11's
 * ram load would read zeros for ever on a stream that ends early.  A
 * record's payload (a page, a 1 MiB block) may span calls.
 */
static int live_get(uint8_t *buf, int size)
{
    int n = 0;

    while (!in.live_failed && n < size) {
        if (in.live_payload) {
            int chunk = in.live_payload < (uint64_t)(size - n) ? (int)in.live_payload : size - n;

            if (sv_shim.bin.get_buffer(in.live, buf + n, chunk) != chunk) {
                live_fail("the stream ends inside a record", 0);
                break;
            }
            in.live_payload -= (uint64_t)chunk;
            n += chunk;
            continue;
        }
        if (in.live_eos || n + 9 > size)
            break;
        {
            int k = live_record(buf + n, &in.live_payload);

            if (k < 0)
                break;
            n += k;
        }
    }
    if (in.live_failed)
        in.live_die(in.live_ctx, in.live_why);
    in.live_bytes += (uint64_t)n;
    return n;
}

/* Serves the current device's bytes; 0 past them (the file then has an error). */
static int mem_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    size_t n;

    (void)opaque;
    if (in.live)
        return live_get(buf, size);
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

int sv_qfile_save(SaveStateHandler *save, void *opaque, const uint8_t **bytes, size_t *len,
                  struct sv_error *err)
{
    if (!writer && !(writer = open_ops((void *)mem_put, NULL)))
        return sv_error_set_nooff(err, SV_E_NOMEM, "no memory file for the device's save");
    sv_stream_mem_clear(&out);
    save(writer, opaque);
    sv_shim.bin.fflush(writer);
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
    *bytes = sv_stream_mem_data(&out, len);
    return 0;
}

int sv_qfile_load_live(LoadStateHandler *load, void *opaque, int version, int format, QEMUFile *real,
                       void (*die)(void *ctx, const char *why), void *ctx, char *why, size_t whylen)
{
    int64_t start;
    int r;

    if (!reader && !(reader = open_ops(NULL, (void *)mem_get)))
        return -1;
    in.live = real;
    in.live_format = format;
    in.live_payload = 0;
    in.live_die = die;
    in.live_ctx = ctx;
    in.live_eos = in.live_failed = 0;
    in.live_bytes = 0;
    in.live_why[0] = 0;
    start = sv_shim.bin.ftell(reader);
    r = load(reader, opaque, version);
    in.live = NULL;
    if (r >= 0 && !in.live_failed && (!in.live_eos || sv_shim.bin.has_error(reader) ||
                                      sv_shim.bin.ftell(reader) - start != (int64_t)in.live_bytes)) {
        snprintf(in.live_why, sizeof in.live_why, "the load stopped before the end of its records");
        in.live_failed = 1;
    }
    if (r < 0 || in.live_failed) {
        snprintf(why, whylen, "%s", in.live_failed ? in.live_why : "the live section's load failed");
        sv_shim.bin.fclose(reader);
        reader = NULL;
        return r < 0 ? r : -1;
    }
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
