/* Logging and the exit for code inside someone else's process; see log.h. */
#include <config.h>

#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = -1;

void sv_log_open(const char *path)
{
    if (path)
        log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static void vlog(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static void vlog(const char *fmt, va_list ap)
{
    char line[1024];
    struct timespec ts;
    int n;

    if (log_fd < 0)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    n = snprintf(line, sizeof line, "%lld.%06ld [%d] ", (long long)ts.tv_sec, ts.tv_nsec / 1000,
                 (int)getpid());
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    /* one write per line, so concurrent writers do not interleave */
    if (write(log_fd, line, (size_t)n) < 0)
        return;
}

void sv_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}

void sv_complain(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "savevm-shim: %s\n", msg);
    sv_log("%s", msg);
}

void sv_shim_exit(int status, const char *fmt, ...)
{
    if (fmt) {
        char msg[1024];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        sv_complain("%s", msg);
    }
    sv_log("exit %d", status);
    _exit(status);
}
