/* Helpers for the svtool tests; see svtool-util.h. */
#include <config.h>

#define _GNU_SOURCE 1
#include "svtool-util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desc.h"
#include "sv-ram.h"
#include "tap.h"

/* ---- children ---- */

static void drain(int fd, char **p, size_t *n, size_t *cap)
{
    char tmp[65536];
    ssize_t k = read(fd, tmp, sizeof tmp);

    if (k <= 0)
        return;
    if (*n + (size_t)k + 1 > *cap) {
        *cap = (*n + (size_t)k + 1) * 2;
        *p = realloc(*p, *cap);
        if (!*p)
            bail("out of memory");
    }
    memcpy(*p + *n, tmp, (size_t)k);
    *n += (size_t)k;
    (*p)[*n] = 0;
}

void su_prog_run(struct su_run *r, const struct su_run_opts *o, const char *prog, const char *const *args)
{
    static const struct su_run_opts none = { 0 };
    int po[2], pe[2], st;
    size_t ocap = 1, ecap = 1, nargs = 0;
    pid_t pid;

    if (!o)
        o = &none;
    memset(r, 0, sizeof *r);
    r->out = calloc(1, 1);
    r->err = calloc(1, 1);
    if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0)
        bail("pipe: %s", strerror(errno));
    while (args[nargs])
        nargs++;
    pid = fork();
    if (pid < 0)
        bail("fork: %s", strerror(errno));
    if (pid == 0) {
        const char **argv = calloc(nargs + 2, sizeof *argv);
        int in = open(o->in_file ? o->in_file : "/dev/null", O_RDONLY);
        int out = o->out_file ? open(o->out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644) : po[1];

        if (in < 0 || out < 0)
            _exit(126);
        if (o->env)
            putenv((char *)o->env);
        if (o->fsize_limit) {
            struct rlimit rl = { (rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit };

            setrlimit(RLIMIT_FSIZE, &rl);
        }
        if (o->cwd && chdir(o->cwd) < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(pe[1], 2);
        argv[0] = prog;
        memcpy(argv + 1, args, nargs * sizeof *argv);
        execv(prog, (char *const *)argv);
        execvp(prog, (char *const *)argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    {
        struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
        int open_fds = 2;

        while (open_fds > 0) {
            if (poll(fds, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                bail("poll: %s", strerror(errno));
            }
            for (int i = 0; i < 2; i++) {
                if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                size_t before = i ? r->err_len : r->out_len;

                if (i)
                    drain(fds[i].fd, &r->err, &r->err_len, &ecap);
                else
                    drain(fds[i].fd, &r->out, &r->out_len, &ocap);
                if ((i ? r->err_len : r->out_len) == before) {
                    close(fds[i].fd);
                    fds[i].fd = -1;
                    open_fds--;
                }
            }
        }
    }
    if (waitpid(pid, &st, 0) < 0)
        bail("waitpid: %s", strerror(errno));
    if (WIFEXITED(st)) {
        r->code = WEXITSTATUS(st);
    } else {
        r->code = -1;
        r->sig = WTERMSIG(st);
    }
}

void su_svtool_run(struct su_run *r, const struct su_run_opts *o, const char *const *args)
{
    su_prog_run(r, o, tap_env("SV_SVTOOL"), args);
}

void su_run_free(struct su_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

const char *su_run_status(const struct su_run *r)
{
    static char buf[32];

    if (r->sig)
        snprintf(buf, sizeof buf, "signal %d", r->sig);
    else
        snprintf(buf, sizeof buf, "exit %d", r->code);
    return buf;
}

/* ---- building streams ---- */

void su_buf_put(struct su_buf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->b = realloc(b->b, b->cap);
        if (!b->b)
            bail("out of memory");
    }
    memcpy(b->b + b->len, p, n);
    b->len += n;
}

void su_buf_u8(struct su_buf *b, uint8_t v)
{
    su_buf_put(b, &v, 1);
}

void su_buf_be(struct su_buf *b, unsigned width, uint64_t v)
{
    uint8_t t[8];

    for (unsigned i = 0; i < width; i++)
        t[i] = (uint8_t)(v >> (8 * (width - 1 - i)));
    su_buf_put(b, t, width);
}

void su_buf_free(struct su_buf *b)
{
    free(b->b);
    memset(b, 0, sizeof *b);
}

void su_header(struct su_buf *b)
{
    su_buf_put(b, "QEVM", 4);
    su_buf_be(b, 4, 3);
}

void su_full(struct su_buf *b, uint32_t id, const char *idstr, uint32_t instance, uint32_t version,
             const void *body, size_t len)
{
    su_buf_u8(b, 4);
    su_buf_be(b, 4, id);
    su_buf_u8(b, (uint8_t)strlen(idstr));
    su_buf_put(b, idstr, strlen(idstr));
    su_buf_be(b, 4, instance);
    su_buf_be(b, 4, version);
    su_buf_put(b, body, len);
}

void su_ram_start(struct su_buf *b, uint32_t id, uint64_t mem_size)
{
    su_buf_u8(b, 1);
    su_buf_be(b, 4, id);
    su_buf_u8(b, 3);
    su_buf_put(b, "ram", 3);
    su_buf_be(b, 4, 0);
    su_buf_be(b, 4, 3);
    su_buf_be(b, 8, mem_size | SV_RAM_MEM_SIZE);
}

void su_ram_fill(struct su_buf *b, uint64_t addr, uint8_t fill)
{
    su_buf_be(b, 8, addr | SV_RAM_COMPRESS);
    su_buf_u8(b, fill);
}

void su_ram_page(struct su_buf *b, uint64_t addr, uint8_t seed)
{
    uint8_t page[SV_RAM_PAGE];

    for (size_t i = 0; i < sizeof page; i++)
        page[i] = (uint8_t)(seed + i * 7);
    su_buf_be(b, 8, addr | SV_RAM_PAGE_FLAG);
    su_buf_put(b, page, sizeof page);
}

void su_ram_eos(struct su_buf *b)
{
    su_buf_be(b, 8, SV_RAM_EOS);
}

void su_ram_part(struct su_buf *b, uint32_t id, uint8_t type)
{
    su_buf_u8(b, type);
    su_buf_be(b, 4, id);
}

void su_eof(struct su_buf *b)
{
    su_buf_u8(b, 0);
}

int su_default_body(const char *release, const char *target, const char *idstr, uint32_t version,
                 struct su_buf *out)
{
    static const uint8_t zeros[1 << 17];
    const struct sv_desc *d = sv_desc_find(release, target, idstr, version);
    struct sv_desc_ctx c = { .target = target, .instance = -1 };
    struct sv_values all, v;
    struct sv_stream s;
    struct sv_error err;
    const uint8_t *p;
    uint64_t used;
    size_t n;
    char msg[512];

    if (!d)
        return -1;
    sv_error_clear(&err);
    /* the layout read from zero bytes gives the required fields (F-18);
     * dropped, every other field takes its default on the way out */
    sv_stream_mem_reader(&s, zeros, sizeof zeros);
    if (sv_desc_decode_legacy(d, &c, version, &s, &all, &used, &err) < 0)
        bail("zero body of %s v%u: %s", idstr, version, sv_error_format(&err, msg, sizeof msg));
    v = all;
    v.v = calloc(all.n ? all.n : 1, sizeof *v.v);
    v.n = 0;
    if (!v.v)
        bail("out of memory");
    for (size_t i = 0; i < all.n; i++)
        if (all.v[i].field->required)
            v.v[v.n++] = all.v[i];
    sv_stream_mem_writer(&s, 0);
    if (sv_desc_encode_legacy(d, &c, version, &v, &s, &err) < 0)
        bail("default body of %s v%u: %s", idstr, version, sv_error_format(&err, msg, sizeof msg));
    free(v.v);
    sv_values_free(&all);
    p = sv_stream_mem_data(&s, &n);
    su_buf_put(out, p, n);
    sv_stream_free(&s);
    return 0;
}

/* ---- files ---- */

static char dir[256];

const char *su_tmpdir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/svtool-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir))
            bail("mkdtemp: %s", strerror(errno));
        atexit(su_tmpdir_cleanup);
    }
    return dir;
}

char *su_tpath(const char *name)
{
    static char paths[8][512];
    static unsigned k;
    char *p = paths[k++ % 8];

    snprintf(p, sizeof paths[0], "%s/%s", su_tmpdir(), name);
    return p;
}

int su_write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        bail("%s: %s", path, strerror(errno));
    if (fwrite(p, 1, n, f) != n || fclose(f) != 0)
        bail("%s: write failed", path);
    return 0;
}

uint8_t *su_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    struct su_buf b = { 0 };
    uint8_t tmp[65536];
    size_t k;

    *n = 0;
    if (!f)
        return NULL;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        su_buf_put(&b, tmp, k);
    fclose(f);
    su_buf_u8(&b, 0);
    *n = b.len - 1;
    return b.b;
}

int su_same_file(const char *a, const char *b)
{
    size_t na, nb;
    uint8_t *x = su_read_file(a, &na), *y = su_read_file(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;

    free(x);
    free(y);
    return same;
}

int su_file_exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

const char *su_real_dir(void)
{
    static char real[600];

    snprintf(real, sizeof real, "%s/t/real", tap_env("SV_TOP_SRCDIR"));
    return real;
}

int su_real_unpack(const char *rel, const char *out)
{
    char path[1024];
    const char *args[] = { "-dc", path, NULL };
    struct su_run_opts o = { .out_file = out };
    struct su_run r;
    int code;

    snprintf(path, sizeof path, "%s/%s", su_real_dir(), rel);
    if (!su_file_exists(path))
        return -1;
    su_prog_run(&r, &o, "xz", args);
    code = r.code;
    su_run_free(&r);
    return code ? -1 : 0;
}

int su_count_files(const char *d, const char *prefix)
{
    DIR *dp = opendir(d);
    struct dirent *e;
    int n = 0;

    if (!dp)
        return -1;
    while ((e = readdir(dp)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(dp);
    return n;
}

void su_tmpdir_cleanup(void)
{
    DIR *dp;
    struct dirent *e;
    char p[600];

    if (!dir[0] || getenv("SVTOOL_TEST_KEEP") || !(dp = opendir(dir)))    /* keep: for debugging */
        return;
    while ((e = readdir(dp))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0)
            rmdir(p);           /* the tests make empty directories only */
    }
    closedir(dp);
    rmdir(dir);
    dir[0] = 0;
}

/* ---- JSON ---- */

static const char schema_py[] =
    "import json, sys, re\n"
    "d = json.load(sys.stdin)\n"
    "kind = sys.argv[1]\n"
    "def need(c, m):\n"
    "    if not c:\n"
    "        print(m); sys.exit(1)\n"
    "if kind == 'descriptors':\n"
    "    need(isinstance(d, dict) and set(d) == {'descriptors'}, 'top level')\n"
    "    for e in d['descriptors']:\n"
    "        need(set(e) == {'release', 'target', 'idstr', 'min_version', 'version', 'from'}, 'keys %r' % e)\n"
    "        need(all(isinstance(e[k], str) for k in ('release', 'target', 'idstr', 'from')), 'strings')\n"
    "        need(all(type(e[k]) is int for k in ('min_version', 'version')), 'ints')\n"
    "    sys.exit(0)\n"
    "if kind != 'dump':\n"
    "    sys.exit(0)\n"
    "need(isinstance(d, dict) and set(d) == {'sections'}, 'top level')\n"
    "keys = {'type', 'section_id', 'idstr', 'instance', 'version', 'legacy_version', 'offset', 'length', 'format', 'fields'}\n"
    "for s in d['sections']:\n"
    "    need(set(s) == keys, 'section keys %r' % sorted(s))\n"
    "    need(s['type'] in ('START', 'PART', 'END', 'FULL'), 'type')\n"
    "    need(s['format'] in ('legacy', 'tagged', 'opaque', 'live'), 'format')\n"
    "    for k in ('section_id', 'instance', 'offset', 'length'):\n"
    "        need(type(s[k]) is int and s[k] >= 0, k)\n"
    "    need(type(s['version']) is int, 'version')\n"
    "    need((s['legacy_version'] is None) == (s['format'] == 'live'), 'legacy_version')\n"
    "    need(isinstance(s['idstr'], str), 'idstr')\n"
    "    for f in s['fields']:\n"
    "        need(set(f) == {'name', 'type', 'flags', 'value'}, 'field keys')\n"
    "        need(type(f['flags']) is int, 'flags')\n"
    "        m = re.fullmatch(r'([a-z0-9]+)(?:\\[(\\d+)\\])?', f['type'])\n"
    "        need(m, 'type %r' % f['type'])\n"
    "        base, n, v = m.group(1), m.group(2), f['value']\n"
    "        def elem(x):\n"
    "            if base in ('u64', 's64'):\n"
    "                need(isinstance(x, str) and re.fullmatch(r'-?\\d+', x), '64-bit as a string: %r' % f)\n"
    "            elif base == 'bool':\n"
    "                need(type(x) is bool, 'bool')\n"
    "            else:\n"
    "                need(type(x) is int, 'int %r' % f)\n"
    "        if base == 'bytes':\n"
    "            need(isinstance(v, str) and re.fullmatch('[0-9a-f]*', v) and len(v) == 2 * int(n), 'bytes %r' % f['name'])\n"
    "        elif base == 'string':\n"
    "            need(isinstance(v, str), 'string')\n"
    "        elif base == 'fill':\n"
    "            need(type(v) is int and 0 <= v < 256, 'fill')\n"
    "        elif n is not None:\n"
    "            need(isinstance(v, list) and len(v) == int(n), 'array %r' % f['name'])\n"
    "            for x in v: elem(x)\n"
    "        else:\n"
    "            elem(v)\n";

int su_json_ok(const char *text, const char *schema, char *why, size_t whylen)
{
    char *in = su_tpath("json-input");
    const char *args[] = { "-c", schema_py, schema ? schema : "none", NULL };
    struct su_run_opts o = { .in_file = in };
    struct su_run r;
    int good;

    su_write_file(in, text, strlen(text));
    su_prog_run(&r, &o, "python3", args);
    good = r.code == 0;
    snprintf(why, whylen, "%s%s%s", su_run_status(&r), r.out_len ? ": " : "", r.out);
    if (r.err_len)
        snprintf(why + strlen(why), whylen - strlen(why), " %.300s", r.err);
    su_run_free(&r);
    return good;
}

/* ---- the emulator ---- */

int su_emu_save(const char *path, int tagged, unsigned ticks)
{
    const char *emu = tap_env("SV_EMU"), *shim = tap_env("SV_SHIM");
    char launcher[600], libenv[700], nticks[16];
    struct su_run r;

    if (access(emu, X_OK) != 0) {
        diag("no emulator at %s", emu);
        return -1;
    }
    snprintf(nticks, sizeof nticks, "%u", ticks);
    if (!tagged) {
        const char *args[] = { "--ticks", nticks, "--save", path, NULL };

        su_prog_run(&r, NULL, emu, args);
    } else {
        const char *args[] = { "--release", "emu", "--", emu, "--ticks", nticks, "--save", path, NULL };
        struct su_run_opts o = { .env = libenv };

        snprintf(launcher, sizeof launcher, "%s/savevm-shim", tap_env("SV_TOP_BUILDDIR"));
        snprintf(libenv, sizeof libenv, "SAVEVM_SHIM_LIBRARY=%s", shim);
        if (access(launcher, X_OK) != 0 || access(shim, R_OK) != 0) {
            diag("no shim at %s", shim);
            return -1;
        }
        su_prog_run(&r, &o, launcher, args);
    }
    int code = r.code;

    if (code != 0)
        diag("emulator save: %s: %s", su_run_status(&r), r.err);
    su_run_free(&r);
    return code == 0 && su_file_exists(path) ? 0 : -1;
}
