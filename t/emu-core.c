/* The savevm core on its own (emu/savevm.c, emu/qemu-file.c): QEMUFile
 * buffering and errors, registration and instance ids, the v3 container
 * in both directions, and 0.11's loader semantics, flaws included. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../emu/savevm.h"
#include "emu-run.h"
#include "tap.h"

/* A growable memory backend for QEMUFile. */
struct mem {
    uint8_t *buf;
    size_t len, cap, pos;
    int max_put;                /* largest single put_buffer call seen */
    int fail_puts;
};

static int mem_put(void *opaque, const uint8_t *buf, int64_t pos, int size)
{
    struct mem *m = opaque;

    if (m->fail_puts)
        return -1;
    if (size > m->max_put)
        m->max_put = size;
    if (m->len + (size_t)size > m->cap) {
        m->cap = (m->len + (size_t)size) * 2;
        m->buf = realloc(m->buf, m->cap);
        if (!m->buf)
            bail("out of memory");
    }
    memcpy(m->buf + m->len, buf, (size_t)size);
    m->len += (size_t)size;
    return size;
}

static int mem_get(void *opaque, uint8_t *buf, int64_t pos, int size)
{
    struct mem *m = opaque;
    size_t n = m->len - m->pos < (size_t)size ? m->len - m->pos : (size_t)size;

    memcpy(buf, m->buf + m->pos, n);
    m->pos += n;
    return (int)n;
}

static QEMUFile *mem_writer(struct mem *m)
{
    memset(m, 0, sizeof *m);
    return qemu_fopen_ops(m, mem_put, NULL, NULL, NULL, NULL);
}

static QEMUFile *mem_reader(struct mem *m, const void *data, size_t len)
{
    memset(m, 0, sizeof *m);
    m->buf = malloc(len ? len : 1);
    memcpy(m->buf, data, len);
    m->len = len;
    return qemu_fopen_ops(m, NULL, mem_get, NULL, NULL, NULL);
}

/* stderr into a scratch file, so the core's messages can be checked */
static int saved_stderr = -1;

static void capture_begin(void)
{
    int fd = open(er_scratch("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    fflush(stderr);
    saved_stderr = dup(2);
    dup2(fd, 2);
    close(fd);
}

static char *capture_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    return (char *)er_slurp(er_scratch("stderr"), NULL);
}

/* Test devices: a counter of calls and a few bytes of state. */
struct dev {
    uint8_t a, b;
    int loads, last_version, fail;
};

static void dev_save(QEMUFile *f, void *opaque)
{
    struct dev *d = opaque;

    qemu_put_byte(f, d->a);
    qemu_put_byte(f, d->b);
}

static int dev_load(QEMUFile *f, void *opaque, int version_id)
{
    struct dev *d = opaque;

    d->loads++;
    d->last_version = version_id;
    if (d->fail)
        return -EINVAL;         /* before reading: the stream stays misaligned */
    d->a = (uint8_t)qemu_get_byte(f);
    d->b = (uint8_t)qemu_get_byte(f);
    return 0;
}

static int live_stage_seen[4];

static int live_save(QEMUFile *f, int stage, void *opaque)
{
    live_stage_seen[stage]++;
    qemu_put_byte(f, 0x70 + stage);
    return 1;
}

static int live_load(QEMUFile *f, void *opaque, int version_id)
{
    struct dev *d = opaque;

    d->loads++;
    d->a = (uint8_t)qemu_get_byte(f);
    return 0;
}

static void test_file(void)
{
    struct mem m;
    QEMUFile *f = mem_writer(&m);
    uint8_t big[100000], back[100000];

    qemu_put_byte(f, 0x1ff);
    qemu_put_be16(f, 0x1234);
    qemu_put_be32(f, 0x89abcdef);
    qemu_put_be64(f, 0x0102030405060708ULL);
    is_int(qemu_ftell(f), 15, "ftell counts buffered bytes");
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7);
    qemu_put_buffer(f, big, sizeof big);
    ok(qemu_fclose(f) == 0, "fclose");
    is_int(m.max_put, 32768, "writes go out in 32 KiB blocks");
    {
        static const uint8_t head[] = { 0xff, 0x12, 0x34, 0x89, 0xab, 0xcd, 0xef,
                                        1, 2, 3, 4, 5, 6, 7, 8 };
        is_blob(m.buf, 15, head, 15, "big-endian, byte truncated to 8 bits");
    }
    is_int((long long)m.len, 15 + (long long)sizeof big, "all bytes written");

    {
        uint8_t *written = m.buf;

        f = mem_reader(&m, written, m.len);
        free(written);
    }
    is_int(qemu_get_byte(f), 0xff, "get_byte");
    is_uint(qemu_get_be16(f), 0x1234, "get_be16");
    is_uint(qemu_get_be32(f), 0x89abcdef, "get_be32");
    is_uint(qemu_get_be64(f), 0x0102030405060708ULL, "get_be64");
    is_int(qemu_ftell(f), 15, "ftell while reading");
    is_int(qemu_get_buffer(f, back, sizeof back), (long long)sizeof back, "get_buffer across refills");
    is_blob(back, sizeof back, big, sizeof big, "same bytes back");
    ok(!qemu_file_has_error(f), "no error before the end");
    is_int(qemu_get_be32(f), 0, "reading past the end gives zeros");
    ok(qemu_file_has_error(f), "and sets the error");
    is_int(qemu_get_buffer(f, back, 10), 0, "get_buffer at the end returns 0");
    qemu_fclose(f);
    free(m.buf);

    f = mem_writer(&m);
    m.fail_puts = 1;
    qemu_put_buffer(f, big, sizeof big);
    ok(qemu_file_has_error(f), "a failed write sets the error");
    qemu_fclose(f);
    free(m.buf);

    f = mem_writer(&m);
    ok(!qemu_file_has_error(f), "fresh file has no error");
    qemu_file_set_error(f);
    ok(qemu_file_has_error(f), "qemu_file_set_error");
    is_int(qemu_file_rate_limit(f), 0, "no rate limit callback: never limited");
    qemu_fclose(f);
    free(m.buf);
}

static int count_entries(const char *idstr)
{
    int n = 0;

    for (SaveStateEntry *se = first_se; se; se = se->next)
        n += strcmp(se->idstr, idstr) == 0;
    return n;
}

static SaveStateEntry *entry(const char *idstr, int instance)
{
    for (SaveStateEntry *se = first_se; se; se = se->next)
        if (strcmp(se->idstr, idstr) == 0 && se->instance_id == instance)
            return se;
    return NULL;
}

/* The idstr is copied: unregister_savevm frees the entry it points into. */
static void clear_registry(void)
{
    while (first_se) {
        char idstr[256];

        snprintf(idstr, sizeof idstr, "%s", first_se->idstr);
        unregister_savevm(idstr, first_se->opaque);
    }
}

static void test_registry(void)
{
    struct dev a, b, c;
    SaveStateEntry *e1, *e2;

    is_int(register_savevm("multi", -1, 1, dev_save, dev_load, &a), 0, "register_savevm returns 0");
    register_savevm("multi", -1, 1, dev_save, dev_load, &b);
    register_savevm("other", -1, 1, dev_save, dev_load, &c);
    ok(entry("multi", 0) && entry("multi", 1) && entry("other", 0),
       "instance -1: next free number per idstr");
    register_savevm("multi", 7, 1, dev_save, dev_load, &c);
    register_savevm("multi", -1, 1, dev_save, dev_load, &c);
    ok(entry("multi", 8) != NULL, "instance -1 after 7: 8");
    e1 = entry("multi", 0);
    e2 = entry("multi", 1);
    ok(e1 && e2 && e2->section_id == e1->section_id + 1, "section ids count up");
    ok(e1 && e1->save_live_state == NULL && e1->save_state == dev_save && e1->load_state == dev_load &&
       e1->opaque == &a && e1->version_id == 1, "entry fields");
    ok(first_se && strcmp(first_se->idstr, "multi") == 0 && first_se->instance_id == 0,
       "registration order is list order");

    unregister_savevm("multi", &c);
    is_int(count_entries("multi"), 2, "unregister removes every entry with that idstr and opaque");
    unregister_savevm("other", &a);
    is_int(count_entries("other"), 1, "but not one with another opaque");
    unregister_savevm("multi", &a);
    ok(!entry("multi", 0) && entry("multi", 1), "nor another opaque of the same idstr");
    clear_registry();
    ok(first_se == NULL, "registry empty");
}

/* Saves what is registered, as a paused migration does. */
static void save_stream(struct mem *m)
{
    QEMUFile *f = mem_writer(m);

    is_int(qemu_savevm_state_begin(f), 0, "begin");
    is_int(qemu_savevm_state_iterate(f), 1, "iterate: live section done");
    is_int(qemu_savevm_state_complete(f), 0, "complete");
    qemu_fclose(f);
}

static int load_stream(const uint8_t *buf, size_t len, char **err)
{
    struct mem m;
    QEMUFile *f = mem_reader(&m, buf, len);
    int ret;

    capture_begin();
    ret = qemu_loadvm_state(f);
    *err = capture_end();
    qemu_fclose(f);
    free(m.buf);
    return ret;
}

static void test_stream(void)
{
    struct dev live = { 0 }, d1 = { .a = 0x11, .b = 0x12 }, d2 = { .a = 0x21, .b = 0x22 },
               d3 = { .a = 0x31, .b = 0x32 };
    struct mem m;
    uint8_t *copy;
    char *err;
    int id1;

    register_savevm("dev1", 5, 1, dev_save, dev_load, &d1);
    register_savevm_live("live", 0, 3, live_save, NULL, live_load, &live);
    register_savevm("dev2", 0, 2, dev_save, dev_load, &d2);
    register_savevm("dev3", 0, 1, dev_save, dev_load, &d3);
    id1 = entry("dev1", 5)->section_id;
    save_stream(&m);
    ok(live_stage_seen[1] == 1 && live_stage_seen[2] == 1 && live_stage_seen[3] == 1,
       "live handler saw START, PART and END");
    {
        const uint8_t want[] = {
            'Q', 'E', 'V', 'M', 0, 0, 0, 3,
            1, 0, 0, 0, (uint8_t)(id1 + 1), 4, 'l', 'i', 'v', 'e', 0, 0, 0, 0, 0, 0, 0, 3, 0x71,
            2, 0, 0, 0, (uint8_t)(id1 + 1), 0x72,
            3, 0, 0, 0, (uint8_t)(id1 + 1), 0x73,
            4, 0, 0, 0, (uint8_t)id1, 4, 'd', 'e', 'v', '1', 0, 0, 0, 5, 0, 0, 0, 1, 0x11, 0x12,
            4, 0, 0, 0, (uint8_t)(id1 + 2), 4, 'd', 'e', 'v', '2', 0, 0, 0, 0, 0, 0, 0, 2, 0x21, 0x22,
            4, 0, 0, 0, (uint8_t)(id1 + 3), 4, 'd', 'e', 'v', '3', 0, 0, 0, 0, 0, 0, 0, 1, 0x31, 0x32,
            0,
        };
        is_blob(m.buf, m.len, want, sizeof want, "the v3 stream, byte by byte");
    }

    d1.a = d2.a = d3.a = 0;
    is_int(load_stream(m.buf, m.len, &err), 0, "load");
    ok(d1.a == 0x11 && d2.b == 0x22 && d3.b == 0x32 && live.a == 0x73, "every section loaded");
    is_int(d2.last_version, 2, "handler gets the stream's version");
    free(err);

    /* a version above the registered one */
    copy = malloc(m.len);
    memcpy(copy, m.buf, m.len);
    copy[76] = 3;               /* dev2's version: 2 -> 3 */
    is_int(load_stream(copy, m.len, &err), -EINVAL, "newer version: -EINVAL");
    is_str(err, "savevm: unsupported version 3 for 'dev2' v2\n", "0.11's message");
    free(err);

    /* an older one reaches the handler */
    memcpy(copy, m.buf, m.len);
    copy[76] = 1;
    d2.last_version = 0;
    is_int(load_stream(copy, m.len, &err), 0, "older version accepted by the core");
    is_int(d2.last_version, 1, "and passed to the handler");
    free(err);

    /* unknown idstr */
    memcpy(copy, m.buf, m.len);
    copy[68] = 'X';             /* "dev2" -> "devX" */
    is_int(load_stream(copy, m.len, &err), -EINVAL, "unknown section: -EINVAL");
    is_str(err, "Unknown savevm section or instance 'devX' 0\n", "0.11's message");
    free(err);

    /* the legacy flaw: dev1's handler fails without reading its 2 bytes;
     * its first byte (0x11) reads as a section type, which stops the load */
    d1.fail = 1;
    d2.loads = d3.loads = 0;
    is_int(load_stream(m.buf, m.len, &err), -EINVAL, "misaligned stream after a failing handler");
    is_str(err, "Unknown savevm section type 17\n", "the next byte read as a section type");
    ok(d2.loads == 0 && d3.loads == 0, "later sections never loaded");
    free(err);

    /* ... and when the misaligned byte is 0, it reads as EOF: success */
    d1.a = 0;
    d1.fail = 0;
    free(m.buf);
    save_stream(&m);
    d1.fail = 1;
    d2.loads = d3.loads = 0;
    is_int(load_stream(m.buf, m.len, &err), 0, "a failing handler followed by a zero byte: load 'succeeds'");
    ok(d2.loads == 0 && d3.loads == 0, "and the later sections are silently skipped");
    is_str(err, "", "without a message");
    free(err);
    d1.fail = 0;

    /* truncated anywhere: -EIO at the end */
    {
        int bad = 0;

        for (size_t cut = 8; cut < m.len; cut++) {
            int ret = load_stream(m.buf, cut, &err);

            free(err);
            bad += ret != -EIO && ret != -EINVAL;
        }
        is_int(bad, 0, "every truncation fails the load");
        is_int(load_stream(m.buf, m.len - 1, &err), -EIO, "missing EOF: -EIO");
        free(err);
    }
    is_int(load_stream((const uint8_t *)"QEVX\0\0\0\3", 8, &err), -EINVAL, "bad magic");
    free(err);
    is_int(load_stream((const uint8_t *)"QEVM\0\0\0\2", 8, &err), -ENOTSUP, "version 2 container");
    free(err);
    is_int(load_stream((const uint8_t *)"QEVM\0\0\0\3\x09", 9, &err), -EINVAL, "bad section type");
    free(err);

    free(m.buf);
    {
        QEMUFile *f = mem_writer(&m);

        qemu_file_set_error(f);
        is_int(qemu_savevm_state_complete(f), -EIO, "complete on a failed file: -EIO");
        qemu_fclose(f);
        free(m.buf);
    }
    free(copy);
    clear_registry();
}

int main(void)
{
    tap_init();
    plan_lazy();
    test_file();
    test_registry();
    test_stream();
    return 0;
}
