/* The part of 0.12's qdev that savevm sees: a device created with a
 * description (.qdev.vmsd) is registered by qdev_init with instance -1 and
 * unregistered by qdev_free, by its description and its own pointer. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "machine.h"

struct qdev {
    const VMStateDescription *vmsd;
    void *dev;
    struct qdev *next;
};

static struct qdev *devices;

void qdev_init_vmsd(const VMStateDescription *vmsd, void *dev)
{
    struct qdev *q = calloc(1, sizeof *q), **tail = &devices;

    if (!q) {
        fprintf(stderr, "legacy-emu: out of memory\n");
        exit(1);
    }
    q->vmsd = vmsd;
    q->dev = dev;
    while (*tail)
        tail = &(*tail)->next;
    *tail = q;
    vmstate_register(-1, vmsd, dev);
}

int qdev_unplug(const char *name)
{
    struct qdev **link = &devices;
    int n = 0;

    while (*link) {
        struct qdev *q = *link;

        if (strcmp(q->vmsd->name, name) == 0) {
            vmstate_unregister(q->vmsd, q->dev);
            *link = q->next;
            free(q);
            n++;
        } else {
            link = &q->next;
        }
    }
    return n;
}
