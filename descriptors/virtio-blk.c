/*
 * "virtio-blk": hw/virtio-blk.c virtio_blk_save, version 2 (the load takes
 * only 2), instance 0, 1, ... (-drive if=virtio).  Both releases: virtio_save
 * (descriptors/virtio.c), then the requests that failed with werror=stop,
 * each a byte 1 and the request's VirtQueueElement as raw memory, and a
 * byte 0.
 *
 * The element is written with qemu_put_buffer, so its layout is the host's:
 * this table describes an x86_64 (LP64) host, where target_phys_addr_t is
 * 64-bit for both targets (0.10.6 cpu-defs.h, 0.11.1 configure: never
 * narrower than a host long) and the struct is 40,976 bytes.  Its iovec
 * bases are the saving process's pointers.  virtio_blk_load links each
 * loaded request nowhere (it assigns s->rq = req->next, leaving the list as
 * it was), so these releases never use what they load; the bounds below are
 * what the saving side can hold.
 *
 * The reset (virtio_blk_reset: qemu_aio_flush) leaves the failed requests
 * on their list: a request's fields are required.
 */
#include <config.h>

#include "devices.h"

/* one VirtQueueElement (hw/virtio.h), host order */
static const struct sv_desc_field virtio_blk_req[] = {
    /* qemu_put_sbyte(f, 1) before each (the default); virtio_blk_load goes
     * on while it reads anything but 0 */
    { .name = "more", .type = SV_S8, .dflt = 1 },
    { .name = "index", .type = SV_U32, .required = 1, .le = 1 },
    /* virtqueue_pop fills at most VIRTQUEUE_MAX_SIZE (1024) of each; a
     * larger count sends virtqueue_map_sg and the block code past in_sg[]
     * and out_sg[] (CVE-2013-6399) */
    { .name = "out_num", .type = SV_U32, .required = 1, .le = 1,
      .bounded = 1, .lo = 0, .hi = 1024 },
    { .name = "in_num", .type = SV_U32, .required = 1, .le = 1,
      .bounded = 1, .lo = 0, .hi = 1024 },
    /* alignment of in_addr[]: whatever the struct held */
    { .name = "pad", .type = SV_U32, .required = 1, .le = 1 },
    { .name = "in_addr", .type = SV_U64, .required = 1, .n = 1024, .le = 1 },
    /* struct iovec: base, len pairs */
    { .name = "in_sg", .type = SV_U64, .required = 1, .n = 2048, .le = 1 },
    { .name = "out_sg", .type = SV_U64, .required = 1, .n = 2048, .le = 1 },
    { .name = NULL },
};

/* each request was popped from the one 128-entry queue virtio_blk_init adds */
static const struct sv_desc_field virtio_blk_010[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_blk_010 },
    { .name = "req", .kind = SV_D_LIST, .end = 0, .max_count = 128, .sub = virtio_blk_req },
    { .name = NULL },
};

static const struct sv_desc_field virtio_blk_011[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_blk_011 },
    { .name = "req", .kind = SV_D_LIST, .end = 0, .max_count = 128, .sub = virtio_blk_req },
    { .name = NULL },
};

const struct sv_desc sv_desc_virtio_blk_010 = {
    .idstr = "virtio-blk", .min_version = 2, .version = 2, .fields = virtio_blk_010,
};

const struct sv_desc sv_desc_virtio_blk_011 = {
    .idstr = "virtio-blk", .min_version = 2, .version = 2, .fields = virtio_blk_011,
};
