/*
 * Closures in pages the shim maps itself.  ffi_closure_alloc reads
 * /proc/self/status and /proc/mounts on its first call to choose how to map
 * code (PaX, SELinux): about 0.1 ms of every start (doc/PERFORMANCE.md);
 * where those allow it, it maps writable executable pages, as this does.
 * Where such a mapping is refused, every closure comes from libffi.
 */
#include <config.h>

#include "closure.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define SLOT 64             /* sizeof(ffi_closure), 56 on x86-64, rounded up */
#define PAGE_BYTES 4096
#define PER_PAGE (PAGE_BYTES / SLOT)
#define MAX_PAGES 64

_Static_assert(sizeof(ffi_closure) <= SLOT, "a closure fits its slot");

static struct {
    uint8_t *base;
    uint64_t used;          /* a bit per slot */
} pages[MAX_PAGES];
static int libffi_only;
/* registrations come from the emulator's main loop; a lock costs nothing and
 * keeps a hot-plug from another thread safe */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void sv_closure_use_libffi(int on)
{
    libffi_only = on;
}

static int page_of(const void *p)
{
    for (int i = 0; i < MAX_PAGES; i++)
        if (pages[i].base && (const uint8_t *)p >= pages[i].base && (const uint8_t *)p < pages[i].base + PAGE_BYTES)
            return i;
    return -1;
}

static ffi_closure *from_pages(void)
{
    int empty = -1;

    for (int i = 0; i < MAX_PAGES; i++) {
        if (!pages[i].base) {
            if (empty < 0)
                empty = i;
            continue;
        }
        for (int k = 0; k < PER_PAGE; k++)
            if (!(pages[i].used & UINT64_C(1) << k)) {
                pages[i].used |= UINT64_C(1) << k;
                /* zeroed: a reused slot's old trampoline would read as libffi's static one */
                memset(pages[i].base + k * SLOT, 0, SLOT);
                return (ffi_closure *)(void *)(pages[i].base + k * SLOT);
            }
    }
    if (empty < 0)
        return NULL;
    pages[empty].base = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages[empty].base == MAP_FAILED) {
        pages[empty].base = NULL;
        libffi_only = 1;     /* refused (SELinux execmem, PaX): libffi knows how to map */
        return NULL;
    }
    pages[empty].used = 1;
    return (ffi_closure *)(void *)pages[empty].base;
}

ffi_closure *sv_closure_alloc(void **code)
{
    ffi_closure *cl;

    pthread_mutex_lock(&lock);
    cl = libffi_only ? NULL : from_pages();
    pthread_mutex_unlock(&lock);
    if (cl) {
        *code = cl;
        return cl;
    }
    return ffi_closure_alloc(sizeof(ffi_closure), code);
}

void sv_closure_free(ffi_closure *cl)
{
    int i;

    pthread_mutex_lock(&lock);
    i = page_of(cl);
    if (i >= 0)
        pages[i].used &= ~(UINT64_C(1) << (((uint8_t *)cl - pages[i].base) / SLOT));
    pthread_mutex_unlock(&lock);
    if (i < 0)
        ffi_closure_free(cl);
}
