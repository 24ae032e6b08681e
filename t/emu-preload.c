/* A preload library that defines register_savevm, for t/emu-binary.t: the
 * emulator must never call it (its calls are direct, as in 0.11.1). */
#include <config.h>

#include <stdio.h>
#include <unistd.h>

int register_savevm(const char *idstr, int instance_id, int version_id, void *save,
                    void *load, void *opaque);

/* Proves the library was loaded, so the test can tell "not called" apart
 * from "not preloaded". */
__attribute__((constructor)) static void announce(void)
{
    static const char msg[] = "emu-preload: loaded\n";

    (void)!write(2, msg, sizeof msg - 1);
}

int register_savevm(const char *idstr, int instance_id, int version_id, void *save,
                    void *load, void *opaque)
{
    fprintf(stderr, "emu-preload: register_savevm(%s) called\n", idstr);
    return 0;
}
