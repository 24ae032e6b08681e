/* All-or-nothing output files; see sv-outfile.h. */
#include <config.h>

#define _GNU_SOURCE 1
#include "sv-outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svtool.h"

static void dir_of(const char *path, char *dir, size_t len)
{
    char copy[4096];

    snprintf(copy, sizeof copy, "%s", path);
    snprintf(dir, len, "%s", dirname(copy));
}

static const char *base_of(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

int sv_outfile_open(struct sv_outfile *o, const char *path, int force, const struct stat *in_st,
                 struct sv_error *err)
{
    struct stat st;
    char dir[4096];

    memset(o, 0, sizeof *o);
    o->path = path;
    o->force = force;
    o->fd = -1;
    if (strcmp(path, "-") == 0) {
        if (in_st && fstat(1, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == in_st->st_dev &&
            st.st_ino == in_st->st_ino)
            return sv_error_set_nooff(err, SV_E_USAGE, "the output (stdout) is the input file");
        o->f = stdout;
        o->fd = 1;
        return 0;
    }
    if (stat(path, &st) == 0) {
        if (in_st && st.st_dev == in_st->st_dev && st.st_ino == in_st->st_ino)
            return sv_error_set_nooff(err, SV_E_USAGE, "the output is the input file: refused, even with --force");
        if (!S_ISREG(st.st_mode))
            return sv_error_set_nooff(err, SV_E_USAGE, "the output exists and is not a regular file: refused, even with --force");
        if (!force)
            return sv_error_set_nooff(err, SV_E_USAGE, "the output exists: give --force to replace it");
    } else if (errno != ENOENT) {
        return sv_error_set_nooff(err, SV_E_IO, "cannot check the output: %s", strerror(errno));
    }
    dir_of(path, dir, sizeof dir);
    o->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (o->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        mode_t mask = umask(0);

        umask(mask);
        snprintf(o->tmp, sizeof o->tmp, "%s/.%s.svtool-XXXXXX", dir, base_of(path));
        o->fd = mkstemp(o->tmp);
        if (o->fd < 0)
            o->tmp[0] = 0;
        else
            fchmod(o->fd, 0666 & ~mask);
    }
    if (o->fd < 0)
        return sv_error_set_nooff(err, SV_E_IO, "cannot create a file in %s: %s", dir, strerror(errno));
    o->f = fdopen(o->fd, "wb");
    if (!o->f) {
        int e = errno;

        sv_outfile_abort(o);
        return sv_error_set_nooff(err, SV_E_IO, "cannot open the output: %s", strerror(e));
    }
    return 0;
}

/* The bytes copy_file_range could not move: through a buffer. */
static int copy_rw(struct sv_outfile *o, int in_fd, uint64_t in_off, uint64_t len, struct sv_error *err)
{
    uint8_t buf[65536];

    while (len) {
        ssize_t k = pread(in_fd, buf, len < sizeof buf ? (size_t)len : sizeof buf, (off_t)in_off);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            sv_error_set_nooff(err, SV_E_IO, "read error: %s",
                               k < 0 ? strerror(errno) : "the file ended early (it shrank)");
            return -2;
        }
        if (fwrite(buf, 1, (size_t)k, o->f) != (size_t)k) {
            sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
            return -1;
        }
        in_off += (uint64_t)k;
        len -= (uint64_t)k;
    }
    return 0;
}

int sv_outfile_copy(struct sv_outfile *o, int in_fd, uint64_t in_off, uint64_t len, struct sv_error *err)
{
    /* f's buffered bytes come first; afterwards f writes on at the
     * descriptor's position, which copy_file_range moves */
    if (fflush(o->f) != 0)
        return sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
#ifdef HAVE_COPY_FILE_RANGE
    while (len && !o->no_copy_range) {
        off_t from = (off_t)in_off;
        ssize_t k = copy_file_range(in_fd, &from, o->fd, NULL, len < (1u << 30) ? (size_t)len : (1u << 30), 0);

        if (k > 0) {
            in_off += (uint64_t)k;
            len -= (uint64_t)k;
        } else if (k == 0) {
            sv_error_set_nooff(err, SV_E_IO, "read error: the file ended early (it shrank)");
            return -2;
        } else if (errno == EXDEV || errno == EINVAL || errno == EBADF || errno == ENOSYS ||
                   errno == EOPNOTSUPP) {
            o->no_copy_range = 1;   /* not between these two: for good */
        } else if (errno != EINTR) {
            return sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
        }
    }
#endif
    return copy_rw(o, in_fd, in_off, len, err);
}

/* Links the unnamed file at `to`; EEXIST when something is there. */
static int link_tmpfile(int fd, const char *to)
{
    char proc[64];

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, to, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != ENOENT)
        return -1;
    return linkat(fd, "", AT_FDCWD, to, AT_EMPTY_PATH);     /* without /proc */
}

/* Replaces the output: a fresh hidden name in its directory, then rename. */
static int replace(struct sv_outfile *o)
{
    char dir[4096], tmp[8320];

    if (o->tmp[0])
        return rename(o->tmp, o->path);
    dir_of(o->path, dir, sizeof dir);
    for (unsigned i = 0; i < 100; i++) {
        snprintf(tmp, sizeof tmp, "%s/.%s.svtool-%ld-%u-%lx", dir, base_of(o->path), (long)getpid(), i,
                 (unsigned long)time(NULL));
        if (link_tmpfile(o->fd, tmp) == 0) {
            if (rename(tmp, o->path) == 0)
                return 0;
            int e = errno;

            unlink(tmp);
            errno = e;
            return -1;
        }
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

static void sync_dir(const char *path)
{
    char dir[4096];
    int fd;

    dir_of(path, dir, sizeof dir);
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int sv_outfile_commit(struct sv_outfile *o, struct sv_error *err)
{
    int r;

    if (fflush(o->f) != 0 || ferror(o->f))
        return sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
    if (o->f == stdout)
        return 0;
    if (fsync(o->fd) != 0)
        return sv_error_set_nooff(err, SV_E_IO, "cannot sync the output: %s", strerror(errno));
    sv_tool_kill_point("before-link");
    if (o->force)
        r = replace(o);
    else if (o->tmp[0])
        r = link(o->tmp, o->path);
    else
        r = link_tmpfile(o->fd, o->path);
    if (r != 0) {
        if (errno == EEXIST)
            return sv_error_set_nooff(err, SV_E_USAGE, "the output appeared meanwhile: give --force to replace it");
        return sv_error_set_nooff(err, SV_E_IO, "cannot put the output in place: %s", strerror(errno));
    }
    if (o->tmp[0] && !o->force)
        unlink(o->tmp);
    o->tmp[0] = 0;
    sync_dir(o->path);
    r = fclose(o->f);
    o->f = NULL;
    if (r != 0)
        return sv_error_set_nooff(err, SV_E_IO, "write error: %s", strerror(errno));
    return 0;
}

void sv_outfile_abort(struct sv_outfile *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    else if (!o->f && o->fd >= 0)
        close(o->fd);
    if (o->f == stdout)
        fflush(stdout);
    o->f = NULL;
    o->fd = -1;
    if (o->tmp[0])
        unlink(o->tmp);
    o->tmp[0] = 0;
}
