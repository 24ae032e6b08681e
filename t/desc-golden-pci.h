/*
 * The parts of golden vectors that several PCI devices share, written once:
 * hw/pci.c pci_device_save, and the virtio transport each virtio device's
 * save begins with, in 0.10.6's and 0.11.1's layouts.
 */
#ifndef SV_DESC_GOLDEN_PCI_H
#define SV_DESC_GOLDEN_PCI_H

#include <string.h>

#include "desc-check.h"

/* hw/pci.c pci_device_save: version 2, 256 config bytes, 4 irq states (276 bytes) */
static inline void golden_pci(struct dc_vec *g, const char *prefix, int64_t config)
{
    dc_putf(g, 4, 0, 2, 0, "%s.version", prefix);
    dc_putf(g, 0, 256, config, 0x13, "%s.config", prefix);
    dc_putf(g, 4, 4, 0, 1, "%s.irq_state", prefix);
}

/* One virtio device's transport state: what its save writes before its own fields. */
struct golden_virtio {
    const char *release;        /* "0.10" or "0.11": which layout (below) */
    uint32_t features;
    uint32_t config_len;        /* the device's config bytes (0x52, 0x53, ...) */
    int nq;                     /* queues; queue_sel is the last */
    uint32_t qnum[3];           /* each queue's size (virtio_add_queue) */
    uint64_t qaddr, qstride;    /* queue 0's guest address, the distance between queues */
    uint16_t avail_step;        /* queue i's last_avail_idx: i * avail_step */
    uint32_t io_base;           /* 0.10: the I/O BAR virtio_save writes */
    int nvec;                   /* 0.11: MSI-X vectors, 0 without the capability */
};

/*
 * hw/virtio.c virtio_save.  The differences between the releases:
 *  - 0.10.6 writes pci_device_save and the I/O base first; 0.11.1 calls
 *    virtio_pci_save_config: pci_device_save with the MSI-X capability at
 *    0x40 in config space, then msix_save (table, pending bits) and the
 *    config vector when the device has MSI-X;
 *  - per queue, 0.10.6 writes the ring's page number (be32 pfn), 0.11.1 its
 *    address (be64 pa) and, with MSI-X, its vector.
 */
static inline void golden_virtio(struct dc_vec *g, const struct golden_virtio *v)
{
    int v011 = strcmp(v->release, "0.11") == 0, nvec = v011 ? v->nvec : 0;

    if (v011) {
        dc_put(g, "virtio.pci_version", 4, 0, 2, 0);
        dc_put(g, "virtio.pci_config", 0, 0x34, 0xf4, 1);
        dc_put(g, "virtio.pci_cap_list", 1, 0, nvec ? 0x40 : 0, 0);
        dc_put(g, "virtio.pci_config_35", 0, 0x40 - 0x35, 0, 0);
        dc_put(g, "virtio.pci_cap_id", 1, 0, nvec ? 0x11 : 0, 0);
        dc_put(g, "virtio.pci_cap_next", 1, 0, 0, 0);
        /* PCI_MSIX_FLAGS, le16: enabled, table size - 1 */
        dc_put(g, "virtio.pci_msix_flags", -2, 0, nvec ? 0x8000 | (nvec - 1) : 0, 0);
        dc_put(g, "virtio.pci_config_44", 0, 0x100 - 0x44, 0, 0);
        dc_put(g, "virtio.pci_irq_state", 4, 4, 0, 0);
        if (nvec) {
            dc_put(g, "virtio.msix.table0", 0, 16, 0xfe, 0);
            for (int i = 1; i < nvec; i++)
                dc_putf(g, 0, 16, i, 1, "virtio.msix.table[%d].entry", i - 1);
            dc_put(g, "virtio.msix.pending0", 1, 0, 0x02, 0);
            if (nvec > 8)
                dc_put(g, "virtio.msix.pending8", 1, 0, 0x80, 0);
            if (nvec > 16)
                dc_put(g, "virtio.msix.pending16", 1, 0, 0, 0);
            if (nvec > 24)
                dc_put(g, "virtio.msix.pending24", 1, 0, 0x01, 0);
            dc_put(g, "virtio.msix.config_vector", 2, 0, 0, 0);
        }
    } else {
        golden_pci(g, "virtio.pci", 0xf4);
        dc_put(g, "virtio.addr", 4, 0, v->io_base, 0);
    }
    dc_put(g, "virtio.status", 1, 0, 7, 0);                    /* ACK | DRIVER | DRIVER_OK */
    dc_put(g, "virtio.isr", 1, 0, 0, 0);
    dc_put(g, "virtio.queue_sel", 2, 0, v->nq - 1, 0);
    dc_put(g, "virtio.features", 4, 0, v->features, 0);
    dc_put(g, "virtio.config_len", 4, 0, v->config_len, 0);
    if (v->config_len)
        dc_put(g, "virtio.config", 0, v->config_len, 0x52, 1);
    else
        dc_put_empty(g, "virtio.config", 0);
    dc_put(g, "virtio.num_queues", 4, 0, v->nq, 0);
    for (int i = 0; i < v->nq; i++) {
        uint64_t addr = v->qaddr + v->qstride * (uint64_t)i;

        dc_putf(g, 4, 0, v->qnum[i], 0, "virtio.queue[%d].num", i);
        if (v011)
            dc_putf(g, 8, 0, (int64_t)addr, 0, "virtio.queue[%d].pa", i);
        else
            dc_putf(g, 4, 0, (int64_t)(addr >> 12), 0, "virtio.queue[%d].pfn", i);
        dc_putf(g, 2, 0, v->avail_step * i, 0, "virtio.queue[%d].last_avail_idx", i);
        if (nvec)
            dc_putf(g, 2, 0, i + 1 < nvec ? i + 1 : 0xffff, 0, "virtio.queue[%d].vector", i);
    }
}

#endif
