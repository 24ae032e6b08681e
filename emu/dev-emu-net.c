/* "emu-net" (v1): a NAT table saved as a list of variable length ended by a
 * marker, the way slirp saves its sockets.  Wire layout (doc/EMU.md):
 *   be16 ip_id
 *   for each connection, oldest first:
 *     u8 0x2a (marker), be32 remote_ip, be16 remote_port, be16 local_port,
 *     u8 state, be32 bytes_in
 *   u8 0x00 (end of list)
 * A byte other than 0x2a or 0x00 where a marker belongs fails the load.
 * Ticks: a connection opens every other tick (at most 4 are kept open, the
 * oldest closes first) and every open connection receives data.
 * emu-next (EMU_NEXT) saves v2, which adds be16 mtu after ip_id (power-on
 * and reset 1500; the guest lowers it to 576 on its 6th packet), and loads
 * v2 alone, as many 0.11 devices take only their own version. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "machine.h"

#define CONN_MARKER 0x2a
#define LIST_END 0x00
#define MAX_OPEN 4
#ifdef EMU_NEXT
#define NET_VERSION 2
#define MTU_DEFAULT 1500
#define MTU_LOWERED 576         /* the guest's choice after its 6th packet */
#else
#define NET_VERSION 1
#endif

struct conn {
    uint32_t remote_ip;
    uint16_t remote_port, local_port;
    uint8_t state;
    uint32_t bytes_in;
    struct conn *next;
};

static struct {
    uint16_t ip_id;
#ifdef EMU_NEXT
    uint16_t mtu;
#endif
    struct conn *first;
} net;

#ifdef EMU_NEXT
/* A function only this build has: the registry's marker for emu-next. */
__attribute__((noinline)) void emu_net_set_mtu(uint16_t mtu)
{
    net.mtu = mtu;
}
#endif

static void drop_all(void)
{
    while (net.first) {
        struct conn *c = net.first;

        net.first = c->next;
        free(c);
    }
}

static struct conn *append(void)
{
    struct conn **link = &net.first, *c = calloc(1, sizeof *c);

    if (!c) {
        fprintf(stderr, "legacy-emu: out of memory\n");
        exit(1);
    }
    while (*link)
        link = &(*link)->next;
    *link = c;
    return c;
}

static void net_save(QEMUFile *f, void *opaque)
{
    qemu_put_be16(f, net.ip_id);
#ifdef EMU_NEXT
    qemu_put_be16(f, net.mtu);
#endif
    for (const struct conn *c = net.first; c; c = c->next) {
        qemu_put_byte(f, CONN_MARKER);
        qemu_put_be32(f, c->remote_ip);
        qemu_put_be16(f, c->remote_port);
        qemu_put_be16(f, c->local_port);
        qemu_put_byte(f, c->state);
        qemu_put_be32(f, c->bytes_in);
    }
    qemu_put_byte(f, LIST_END);
}

static int net_load(QEMUFile *f, void *opaque, int version_id)
{
    int marker;

    if (version_id != NET_VERSION)
        return -EINVAL;
    drop_all();
    net.ip_id = (uint16_t)qemu_get_be16(f);
#ifdef EMU_NEXT
    net.mtu = (uint16_t)qemu_get_be16(f);
#endif
    while ((marker = qemu_get_byte(f)) == CONN_MARKER) {
        struct conn *c = append();

        c->remote_ip = qemu_get_be32(f);
        c->remote_port = (uint16_t)qemu_get_be16(f);
        c->local_port = (uint16_t)qemu_get_be16(f);
        c->state = (uint8_t)qemu_get_byte(f);
        c->bytes_in = qemu_get_be32(f);
    }
    return marker == LIST_END ? 0 : -EINVAL;
}

/* Like a reset of slirp's, it closes no connection: only the packet
 * counter starts again (doc/EMU.md) */
static void net_reset(void)
{
    net.ip_id = 0;
#ifdef EMU_NEXT
    emu_net_set_mtu(MTU_DEFAULT);
#endif
}

static void net_init(const struct emu_config *cfg)
{
#ifdef EMU_NEXT
    emu_net_set_mtu(MTU_DEFAULT);
#endif
    register_savevm("emu-net", 0, NET_VERSION, net_save, net_load, &net);
}

static void net_tick(int64_t now)
{
    int open = 0;

    for (struct conn *c = net.first; c; c = c->next) {
        c->bytes_in += 1460;
        c->state = 4;           /* established */
        open++;
    }
#ifdef EMU_NEXT
    if (net.ip_id == 5)
        emu_net_set_mtu(MTU_LOWERED);
#endif
    if (net.ip_id++ % 2)
        return;
    if (open >= MAX_OPEN) {
        struct conn *oldest = net.first;

        net.first = oldest->next;
        free(oldest);
    }
    {
        struct conn *c = append();

        c->remote_ip = 0x0a000202;              /* 10.0.2.2 */
        c->remote_port = (uint16_t)(1024 + net.ip_id);
        c->local_port = 80;
        c->state = 2;           /* SYN sent */
    }
}

static void net_print(FILE *out)
{
    char name[32];
    int i = 0;

    print_u(out, "emu-net", "ip_id", net.ip_id);
#ifdef EMU_NEXT
    print_u(out, "emu-net", "mtu", net.mtu);
#endif
    for (const struct conn *c = net.first; c; c = c->next, i++) {
        snprintf(name, sizeof name, "conn[%d].remote_ip", i);
        print_u(out, "emu-net", name, c->remote_ip);
        snprintf(name, sizeof name, "conn[%d].remote_port", i);
        print_u(out, "emu-net", name, c->remote_port);
        snprintf(name, sizeof name, "conn[%d].local_port", i);
        print_u(out, "emu-net", name, c->local_port);
        snprintf(name, sizeof name, "conn[%d].state", i);
        print_u(out, "emu-net", name, c->state);
        snprintf(name, sizeof name, "conn[%d].bytes_in", i);
        print_u(out, "emu-net", name, c->bytes_in);
    }
}

static const struct emu_reset net_resets[] = { { "emu-net", net_reset }, { NULL, NULL } };

const struct emu_device dev_emu_net = { "emu-net", net_init, net_tick, net_print, net_resets };
