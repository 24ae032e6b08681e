/*
 * bench/timeit [--preload LIB] CMD [ARGS...]: runs CMD with its output to
 * /dev/null and prints "WALL CPU" in seconds to the microsecond: wall time
 * by the monotonic clock, CPU time (user + system) of CMD and its children
 * from wait4.  /usr/bin/time rounds both to 10 ms.  --preload puts LIB in
 * CMD's LD_PRELOAD (not timeit's, nor an env process's, whose start-up
 * would be counted).  Exit status: CMD's, or 2.
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    struct timespec a, b;
    struct rusage ru;
    const char *preload = NULL;
    int status;
    pid_t pid;

    if (argc > 2 && strcmp(argv[1], "--preload") == 0) {
        preload = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: timeit [--preload LIB] CMD [ARGS...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 2;
    }
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);

        if (fd >= 0)
            dup2(fd, 1);
        if (preload)
            setenv("LD_PRELOAD", preload, 1);
        execvp(argv[1], argv + 1);
        perror("timeit: exec");
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("timeit: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.6f %.6f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
           seconds(ru.ru_utime) + seconds(ru.ru_stime));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
