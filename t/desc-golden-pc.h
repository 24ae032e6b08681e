/*
 * Golden legacy section bodies for -M pc's slirp, cirrus_vga, ne2000,
 * vmmouse and virtio-balloon (QEMU 0.11.1 / 0.10.6) and the emulator's own
 * emu-* devices (doc/EMU.md), written from the save functions, not from
 * our tables, with dc_put() and friends from desc-check.h.
 */
#ifndef SV_DESC_GOLDEN_PC_H
#define SV_DESC_GOLDEN_PC_H

#include "desc-check.h"
#include "desc-golden-pci.h"

/*
 * slirp/slirp.c slirp_state_save.  Socket i (a guestfwd connection): the
 * receive buffer rounded up to mss 1460 (8760) holding 100 bytes, the send
 * buffer at TCP_SNDSPACE (8192) and empty.
 */
static void slirp_sbuf_vec(struct dc_vec *g, int i, const char *which, uint32_t cc, uint32_t len,
                           int32_t wptr, int32_t rptr)
{
    dc_putf(g, 4, 0, cc, 0, "socket[%d].%s.cc", i, which);
    dc_putf(g, 4, 0, len, 0, "socket[%d].%s.datalen", i, which);
    dc_putf(g, 4, 0, wptr, 0, "socket[%d].%s.wptr", i, which);            /* sbe32 */
    dc_putf(g, 4, 0, rptr, 0, "socket[%d].%s.rptr", i, which);
    dc_putf(g, 0, len, 0x20 + i, 1, "socket[%d].%s.data", i, which);
}

static void slirp_socket_vec(struct dc_vec *g, int i)
{
    static const struct { const char *name; int w; int64_t v; } tcp[] = {
        { "t_rxtshift", 2, 0 }, { "t_rxtcur", 2, 12 }, { "t_dupacks", 2, 0 },
        { "t_maxseg", 2, 1460 }, { "t_force", 1, 0 }, { "t_flags", 2, 0 },
        { "snd_una", 4, 0x1000 }, { "snd_nxt", 4, 0x1000 }, { "snd_up", 4, 0x1000 },
        { "snd_wl1", 4, 0x7f00 }, { "snd_wl2", 4, 0x1000 }, { "iss", 4, 0xfff },
        { "snd_wnd", 4, 5840 }, { "rcv_wnd", 4, 8760 }, { "rcv_nxt", 4, 0x7f64 },
        { "rcv_up", 4, 0x7f64 }, { "irs", 4, 0x7eff }, { "rcv_adv", 4, 0x9f9c },
        { "snd_max", 4, 0x1000 }, { "snd_cwnd", 4, 1460 }, { "snd_ssthresh", 4, 0x3fffc000 },
        { "t_idle", 2, 3 }, { "t_rtt", 2, 0 }, { "t_rtseq", 4, 0xfff },
        { "t_srtt", 2, 16 }, { "t_rttvar", 2, 24 }, { "t_rttmin", 2, 1 },
        { "max_sndwnd", 4, 5840 }, { "t_oobflags", 1, 0 }, { "t_iobc", 1, 0 },
        { "t_softerror", 2, 0 }, { "snd_scale", 1, 0 }, { "rcv_scale", 1, 0 },
        { "request_r_scale", 1, 0 }, { "requested_s_scale", 1, 0 },
        { "ts_recent", 4, 0 }, { "ts_recent_age", 4, 0 }, { "last_ack_sent", 4, 0x7f64 },
    };

    dc_putf(g, 1, 0, 42, 0, "socket[%d].marker", i);                       /* qemu_put_byte 42 */
    dc_putf(g, 4, 0, 0, 0, "socket[%d].so_urgc", i);
    dc_putf(g, 4, 0, 0x0a000264 + i, 0, "socket[%d].so_faddr", i);           /* 10.0.2.100 */
    dc_putf(g, 4, 0, 0x0a00020f, 0, "socket[%d].so_laddr", i);               /* 10.0.2.15 */
    dc_putf(g, 2, 0, 4321 + i, 0, "socket[%d].so_fport", i);
    dc_putf(g, 2, 0, 33000 + i, 0, "socket[%d].so_lport", i);
    dc_putf(g, 1, 0, 0, 0, "socket[%d].so_iptos", i);
    dc_putf(g, 1, 0, 0, 0, "socket[%d].so_emu", i);
    dc_putf(g, 1, 0, 6, 0, "socket[%d].so_type", i);                          /* IPPROTO_TCP */
    dc_putf(g, 4, 0, 0x4, 0, "socket[%d].so_state", i);                       /* SS_ISFCONNECTED */
    slirp_sbuf_vec(g, i, "so_rcv", 100, 8760, 300, 200);
    slirp_sbuf_vec(g, i, "so_snd", 0, 8192, 0, 0);
    dc_putf(g, 2, 0, 4, 0, "socket[%d].tcp.t_state", i);                     /* ESTABLISHED */
    dc_putf(g, 2, 4, 0, 1, "socket[%d].tcp.t_timer", i);                     /* TCPT_NTIMERS */
    for (size_t k = 0; k < sizeof tcp / sizeof tcp[0]; k++)
        dc_putf(g, tcp[k].w, 0, tcp[k].v, 0, "socket[%d].tcp.%s", i, tcp[k].name);
}

static void slirp_vec(struct dc_vec *g, uint32_t version, int sockets)
{
    for (int i = 0; i < sockets; i++)
        slirp_socket_vec(g, i);
    dc_raw(g, 0);                                                  /* end of the list */
    if (version >= 2)
        dc_put(g, "ip_id", 2, 0, 0x1234, 0);
    if (version >= 3)
        for (int i = 0; i < 16; i++) {                          /* NB_BOOTP_CLIENTS */
            dc_putf(g, 2, 0, i == 0, 0, "bootp_clients[%d].allocated", i);
            dc_putf(g, 0, 6, i == 0 ? 0x52 : 0, i == 0 ? 1 : 0, "bootp_clients[%d].macaddr", i);
        }
}

/* hw/cirrus_vga.c cirrus_vga_save; pci: a PCI card (version 2 only) */
static void cirrus_vec(struct dc_vec *g, uint32_t version, int pci)
{
    if (pci && version >= 2)
        golden_pci(g, "pci", 0x10);
    dc_put(g, "latch", 4, 0, 0x0f0f0f0f, 0);
    dc_put(g, "sr_index", 1, 0, 0x12, 0);
    dc_put(g, "sr", 0, 256, 0x03, 1);
    dc_put(g, "gr_index", 1, 0, 0x06, 0);
    dc_put(g, "cirrus_shadow_gr0", 1, 0, 0, 0);
    dc_put(g, "cirrus_shadow_gr1", 1, 0, 0, 0);
    dc_put(g, "gr", 0, 254, 0x0e, 0);                              /* gr[2..255] */
    dc_put(g, "ar_index", 1, 0, 0x20, 0);
    dc_put(g, "ar", 0, 21, 0x00, 1);
    dc_put(g, "ar_flip_flop", 4, 0, 1, 0);
    dc_put(g, "cr_index", 1, 0, 0x0e, 0);
    dc_put(g, "cr", 0, 256, 0x5f, 3);
    dc_put(g, "msr", 1, 0, 0x67, 0);
    dc_put(g, "fcr", 1, 0, 0, 0);
    dc_put(g, "st00", 1, 0, 0, 0);
    dc_put(g, "st01", 1, 0, 0x09, 0);
    dc_put(g, "dac_state", 1, 0, 0, 0);
    dc_put(g, "dac_sub_index", 1, 0, 2, 0);
    dc_put(g, "dac_read_index", 1, 0, 0, 0);
    dc_put(g, "dac_write_index", 1, 0, 0x10, 0);
    dc_put(g, "dac_cache", 0, 3, 0x2a, 0);
    dc_put(g, "palette", 0, 768, 0, 1);
    dc_put(g, "bank_offset", 4, 0, 0, 0);
    dc_put(g, "cirrus_hidden_dac_lockindex", 1, 0, 0, 0);
    dc_put(g, "cirrus_hidden_dac_data", 1, 0, 0, 0);
    dc_put(g, "hw_cursor_x", 4, 0, 640, 0);
    dc_put(g, "hw_cursor_y", 4, 0, 2047, 0);                       /* (0xff << 3) | 7 */
}

/* hw/ne2000.c ne2000_save; version 3 is the PCI card's */
static void ne2000_vec(struct dc_vec *g, uint32_t version)
{
    if (version >= 3)
        golden_pci(g, "pci", 0xec);
    if (version >= 2)
        dc_put(g, "rxcr", 1, 0, 0x04, 0);
    dc_put(g, "cmd", 1, 0, 0x22, 0);
    dc_put(g, "start", 4, 0, 0x4600, 0);                           /* page 0x46 << 8 */
    dc_put(g, "stop", 4, 0, 0x8000, 0);
    dc_put(g, "boundary", 1, 0, 0x4c, 0);
    dc_put(g, "tsr", 1, 0, 0x01, 0);
    dc_put(g, "tpsr", 1, 0, 0x40, 0);
    dc_put(g, "tcnt", 2, 0, 60, 0);
    dc_put(g, "rcnt", 2, 0, 0, 0);
    dc_put(g, "rsar", 4, 0, 0x10000, 0);                           /* past 0xffff: real */
    dc_put(g, "rsr", 1, 0, 0x01, 0);
    dc_put(g, "isr", 1, 0, 0x40, 0);
    dc_put(g, "dcfg", 1, 0, 0x48, 0);
    dc_put(g, "imr", 1, 0, 0x3f, 0);
    dc_put(g, "phys", 0, 6, 0x52, 0);
    dc_put(g, "curpag", 1, 0, 0x4d, 0);
    dc_put(g, "mult", 0, 8, 0xff, 0);
    dc_put(g, "irq", 4, 0, 0, 0);                                  /* "ignored, was irq" */
    dc_put(g, "mem", 0, 48 * 1024, 0, 7);                          /* NE2000_MEM_SIZE */
}

/* hw/vmmouse.c vmmouse_save, version 0 */
static void vmmouse_vec(struct dc_vec *g)
{
    dc_put(g, "queue_size", 4, 0, 1024, 0);                        /* VMMOUSE_QUEUE_SIZE */
    dc_put(g, "queue", 4, 1024, 0x3442554a, 0);                     /* VMMOUSE_VERSION */
    dc_put(g, "nb_queue", 2, 0, 4, 0);
    dc_put(g, "status", 2, 0, 0, 0);
    dc_put(g, "absolute", 1, 0, 1, 0);
}

/* virtio_balloon_save: virtio_save (0.10.6 or 0.11.1 without MSI-X), then
 * num_pages and actual.  Two queues of 128 (ivq, dvq). */
static void balloon_vec(struct dc_vec *g, int v011)
{
    struct golden_virtio v = {
        .release = v011 ? "0.11" : "0.10", .config_len = 8, .nq = 2, .qnum = { 128, 128 },
        .qaddr = 0x1f3c000, .qstride = 0x2000, .avail_step = 3, .io_base = 0xc040,
    };

    golden_virtio(g, &v);
    dc_put(g, "num_pages", 4, 0, 0x4000, 0);
    dc_put(g, "actual", 4, 0, 0x3c00, 0);
}

/* emu/dev-emu-ring.c ring_save */
static void emu_ring_vec(struct dc_vec *g, uint32_t used)
{
    dc_put(g, "used", 4, 0, used, 0);
    dc_put(g, "head", 4, 0, used % 16, 0);
    if (used)
        dc_put(g, "slot", 4, used, 0, 0x9e3779b1);
    else
        dc_put_empty(g, "slot", 4);
    dc_put(g, "total", 4, 0, used, 0);
}

/* emu/dev-emu-disk.c disk_save */
static void emu_disk_vec(struct dc_vec *g, int identify)
{
    dc_put(g, "status", 1, 0, 0x58, 0);
    dc_put(g, "error", 1, 0, 0, 0);
    dc_put(g, "sector", 4, 0, 10, 0);
    dc_put(g, "nsector", 2, 0, 5, 0);
    dc_put(g, "identify_set", 1, 0, identify, 0);
    if (identify)
        dc_put(g, "identify", 0, 512, 0x40, 0);
    dc_put(g, "io_count", 4, 0, 4, 0);
}

/* emu/dev-emu-net.c net_save */
static void emu_net_vec(struct dc_vec *g, int conns)
{
    dc_put(g, "ip_id", 2, 0, 2 * conns, 0);
    for (int i = 0; i < conns; i++) {
        dc_putf(g, 1, 0, 0x2a, 0, "conn[%d].marker", i);
        dc_putf(g, 4, 0, 0x0a000202, 0, "conn[%d].remote_ip", i);           /* 10.0.2.2 */
        dc_putf(g, 2, 0, 1025 + 2 * i, 0, "conn[%d].remote_port", i);
        dc_putf(g, 2, 0, 80, 0, "conn[%d].local_port", i);
        dc_putf(g, 1, 0, i + 1 < conns ? 4 : 2, 0, "conn[%d].state", i);
        dc_putf(g, 4, 0, 1460 * (conns - 1 - i), 0, "conn[%d].bytes_in", i);
    }
    dc_raw(g, 0);                                                  /* end of the list */
}

/* emu/dev-emu-versioned.c ver_save, as each version wrote it */
static void emu_versioned_vec(struct dc_vec *g, uint32_t version)
{
    dc_put(g, "counter", 4, 0, 5, 0);
    dc_put(g, "flags", 2, 0, 0x3e, 0);
    if (version >= 2)
        dc_put(g, "mode", 1, 0, 3, 0);
    if (version >= 3)
        dc_put(g, "stamp_ns", 8, 0, 5000000, 0);
}

#endif
