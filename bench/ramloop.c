/*
 * bench/ramloop FILE: the floor a RAM walk is measured against.  The file
 * mapped whole, then a bare loop over the live sections' record headers:
 * read the word, skip the fill byte or the page, stop at EOS; nothing
 * checked, counted or copied.  Stops at the first FULL section (device
 * bodies need descriptors).  Prints the records it passed.
 */
#include <config.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t be64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof v);
    return __builtin_bswap64(v);
}

int main(int argc, char **argv)
{
    struct stat st;
    const uint8_t *p, *q, *end;
    uint64_t records = 0;
    int fd;

    if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) != 0 || st.st_size < 8) {
        fprintf(stderr, "usage: bench/ramloop FILE (a v3 stream)\n");
        return 2;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        perror("bench/ramloop: mmap");
        return 2;
    }
    end = p + st.st_size;
    q = p + 8;
    while (end - q > 6 && (*q == 1 || *q == 2 || *q == 3)) {
        q += *q == 1 ? 5 + 1 + q[5] + 8 : 5;
        while (end - q >= 8) {
            uint64_t w = be64(q);

            if (w & 2)
                q += 9;
            else if (w & 8)
                q += 8 + 4096;
            else
                q += 8;
            records++;
            if (w & 0x10)
                break;
        }
    }
    printf("%llu\n", (unsigned long long)records);
    return 0;
}
