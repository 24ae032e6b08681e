/*
 * "slirp": slirp/slirp.c slirp_state_save.  A list of the sockets of
 * "guestfwd" rules (exec entries with ex_pty 3), each announced by a
 * non-zero byte and ended by a 0 byte; 0.11.1 (version 3) adds ip_id (v2)
 * and the BOOTP client table (v3): 131 bytes with no socket.  0.10.6 saves
 * version 1, the list alone: 1 byte with no socket.  slirp_state_load takes
 * any version up to the registered one and reads ip_id from 2 and the
 * BOOTP table from 3.
 *
 * slirp has no reset handler.  A socket exists from the guest's connection
 * on: its fields have no reset value and are required.  ip_id and the
 * BOOTP table are 0 from slirp_init's qemu_mallocz until the guest uses
 * the network.
 */
#include <config.h>

#include "devices.h"

/*
 * slirp_sbuf_save: a socket buffer.  slirp_sbuf_load reserves datalen
 * bytes, then sets sb_cc and the two offsets into them unchecked; soread,
 * sowrite and sbappend trust them as a ring of datalen bytes holding cc.
 */
static const struct sv_desc_field slirp_sbuf[] = {
    /* bytes held: at most the buffer's length (checked at datalen) */
    { .name = "cc", .type = SV_U32, .required = 1 },
    /* tcp_input reserves TCP_SNDSPACE / TCP_RCVSPACE (8192) and tcp_mss
     * rounds that up to a multiple of the MSS (32..1460): at most 9555
     * (7 x 1365).  The load allocates what the stream says. */
    { .name = "datalen", .type = SV_U32, .required = 1,
      .bounded = 1, .lo = 0, .hi = 9555, .lo_field = "cc" },
    /* sb_wptr and sb_rptr - sb_data: the pointers wrap before reaching
     * sb_data + datalen, so an offset past datalen points outside the
     * buffer (saved as sbe32; the load adds it to sb_data) */
    { .name = "wptr", .type = SV_S32, .required = 1, .bounded = 1, .lo = 0, .hi = 9555,
      .hi_field = "datalen" },
    { .name = "rptr", .type = SV_S32, .required = 1, .bounded = 1, .lo = 0, .hi = 9555,
      .hi_field = "datalen" },
    { .name = "data", .kind = SV_D_BYTES, .required = 1, .count = "datalen", .max_count = 9555 },
    { .name = NULL },
};

/* slirp_tcp_save: the socket's TCP control block */
static const struct sv_desc_field slirp_tcpcb[] = {
    /* tcp_output indexes tcp_outflags[TCP_NSTATES] (11) with it */
    { .name = "t_state", .type = SV_S16, .required = 1, .bounded = 1, .lo = 0, .hi = 10 },
    { .name = "t_timer", .type = SV_S16, .required = 1, .n = 4 },       /* TCPT_NTIMERS */
    /* tcp_timers and tcp_output index tcp_backoff[TCP_MAXRXTSHIFT + 1] (13) */
    { .name = "t_rxtshift", .type = SV_S16, .required = 1, .bounded = 1, .lo = 0, .hi = 12 },
    { .name = "t_rxtcur", .type = SV_S16, .required = 1 },
    { .name = "t_dupacks", .type = SV_S16, .required = 1 },
    { .name = "t_maxseg", .type = SV_U16, .required = 1 },
    { .name = "t_force", .type = SV_S8, .required = 1 },
    { .name = "t_flags", .type = SV_U16, .required = 1 },
    { .name = "snd_una", .type = SV_U32, .required = 1 },
    { .name = "snd_nxt", .type = SV_U32, .required = 1 },
    { .name = "snd_up", .type = SV_U32, .required = 1 },
    { .name = "snd_wl1", .type = SV_U32, .required = 1 },
    { .name = "snd_wl2", .type = SV_U32, .required = 1 },
    { .name = "iss", .type = SV_U32, .required = 1 },
    { .name = "snd_wnd", .type = SV_U32, .required = 1 },
    { .name = "rcv_wnd", .type = SV_U32, .required = 1 },
    { .name = "rcv_nxt", .type = SV_U32, .required = 1 },
    { .name = "rcv_up", .type = SV_U32, .required = 1 },
    { .name = "irs", .type = SV_U32, .required = 1 },
    { .name = "rcv_adv", .type = SV_U32, .required = 1 },
    { .name = "snd_max", .type = SV_U32, .required = 1 },
    { .name = "snd_cwnd", .type = SV_U32, .required = 1 },
    { .name = "snd_ssthresh", .type = SV_U32, .required = 1 },
    { .name = "t_idle", .type = SV_S16, .required = 1 },
    { .name = "t_rtt", .type = SV_S16, .required = 1 },
    { .name = "t_rtseq", .type = SV_U32, .required = 1 },
    { .name = "t_srtt", .type = SV_S16, .required = 1 },
    { .name = "t_rttvar", .type = SV_S16, .required = 1 },
    { .name = "t_rttmin", .type = SV_U16, .required = 1 },
    { .name = "max_sndwnd", .type = SV_U32, .required = 1 },
    { .name = "t_oobflags", .type = SV_U8, .required = 1 },
    { .name = "t_iobc", .type = SV_U8, .required = 1 },
    { .name = "t_softerror", .type = SV_S16, .required = 1 },
    { .name = "snd_scale", .type = SV_U8, .required = 1 },
    { .name = "rcv_scale", .type = SV_U8, .required = 1 },
    { .name = "request_r_scale", .type = SV_U8, .required = 1 },
    { .name = "requested_s_scale", .type = SV_U8, .required = 1 },
    { .name = "ts_recent", .type = SV_U32, .required = 1 },
    { .name = "ts_recent_age", .type = SV_U32, .required = 1 },
    { .name = "last_ack_sent", .type = SV_U32, .required = 1 },
    { .name = NULL },
};

/* slirp_socket_save, after its marker */
static const struct sv_desc_field slirp_socket[] = {
    /* the marker: the save writes 42 (the default); the load takes any
     * non-zero byte */
    { .name = "marker", .type = SV_U8, .dflt = 42 },
    { .name = "so_urgc", .type = SV_U32, .required = 1 },
    /* the load refuses an address outside the virtual network, or one no
     * guestfwd rule has: that depends on the command line, not bounded */
    { .name = "so_faddr", .type = SV_U32, .required = 1 },
    { .name = "so_laddr", .type = SV_U32, .required = 1 },
    { .name = "so_fport", .type = SV_U16, .required = 1 },
    { .name = "so_lport", .type = SV_U16, .required = 1 },
    { .name = "so_iptos", .type = SV_U8, .required = 1 },
    { .name = "so_emu", .type = SV_U8, .required = 1 },
    { .name = "so_type", .type = SV_U8, .required = 1 },
    { .name = "so_state", .type = SV_U32, .required = 1 },
    { .name = "so_rcv", .kind = SV_D_GROUP, .sub = slirp_sbuf },
    { .name = "so_snd", .kind = SV_D_GROUP, .sub = slirp_sbuf },
    { .name = "tcp", .kind = SV_D_GROUP, .sub = slirp_tcpcb },
    { .name = NULL },
};

/* slirp_bootp_save: one entry of bootp_clients[NB_BOOTP_CLIENTS] */
static const struct sv_desc_field slirp_bootp_client[] = {
    { .name = "allocated", .type = SV_U16 },
    { .name = "macaddr", .kind = SV_D_BYTES, .n = 6 },
    { .name = NULL },
};

static const struct sv_desc_field slirp_v3[] = {
    /* Nothing in the load limits the number of sockets (each needs a
     * guestfwd rule of its own, or the load fails); the capacity only keeps
     * a hostile stream from growing the values without end, each socket
     * holding up to 2 x 9555 bytes of buffers. */
    { .name = "socket", .kind = SV_D_LIST, .end = 0, .max_count = 1024, .sub = slirp_socket },
    { .name = "ip_id", .type = SV_U16, .since = 2 },
    { .name = "bootp_clients", .kind = SV_D_GROUP, .n = 16, .since = 3, .sub = slirp_bootp_client },
    { .name = NULL },
};

const struct sv_desc sv_desc_slirp_010 = {
    .idstr = "slirp", .min_version = 1, .version = 1, .fields = slirp_v3,
};

const struct sv_desc sv_desc_slirp_011 = {
    .idstr = "slirp", .min_version = 1, .version = 3, .fields = slirp_v3,
};
