/*
 * "virtio-net": hw/virtio-net.c virtio_net_save, instance 0, 1, ... (one per
 * NIC).  0.10.6 saves version 6 and loads 2..6; 0.11.1 saves version 10 and
 * loads 2..10; 0.12.3 and qemu-kvm-0.12.1.2 save version 11.  All start with
 * virtio_save (descriptors/virtio.c).
 *
 * Defaults: hw/virtio-net.c:virtio_net_reset (run by virtio_reset): the
 * receive filters and the MAC and VLAN tables.  The MAC address, the link
 * status, the negotiated buffer mode and the transmit timer are left:
 * required.  vnet_hdr is the 0 virtio_net_save always writes up to 0.11;
 * from 0.12 it and has_ufo are what the tap peer offers (peer_has_vnet_hdr,
 * peer_has_ufo), which no reset sets: required.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field mac_entry[] = {
    { .name = "mac", .kind = SV_D_BYTES, .n = 6 },
    { .name = NULL },
};

static const struct sv_desc_field virtio_net_010[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_net_010 },
    { .name = "mac", .kind = SV_D_BYTES, .n = 6, .required = 1 },
    /* both tested against 0 */
    { .name = "tx_timer_active", .type = SV_U32, .required = 1 },
    { .name = "mergeable_rx_bufs", .type = SV_U32, .required = 1 },
    { .name = "status", .type = SV_U16, .since = 3, .required = 1 },
    /* virtio_net_reset: 1 ("compatibility mode") */
    { .name = "promisc", .type = SV_U32, .since = 4, .dflt = 1 },
    { .name = "allmulti", .type = SV_U32, .since = 4 },
    /* the control queue adds at most MAC_TABLE_ENTRIES (32); virtio_net_load
     * skips a longer table, so only 0..32 come back as entries */
    { .name = "mac_table_in_use", .type = SV_U32, .since = 5,
      .bounded = 1, .lo = 0, .hi = 32 },
    { .name = "mac_table", .kind = SV_D_GROUP, .count = "mac_table_in_use", .max_count = 32,
      .since = 5, .sub = mac_entry },
    /* MAX_VLAN >> 3: the uint32_t bitmap, host order, as bytes */
    { .name = "vlans", .kind = SV_D_BYTES, .n = 512, .since = 6 },
    { .name = NULL },
};

static const struct sv_desc_field virtio_net_011[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_net_011 },
    { .name = "mac", .kind = SV_D_BYTES, .n = 6, .required = 1 },
    { .name = "tx_timer_active", .type = SV_U32, .required = 1 },
    { .name = "mergeable_rx_bufs", .type = SV_U32, .required = 1 },
    { .name = "status", .type = SV_U16, .since = 3, .required = 1 },
    /* be32 up to version 7, a byte from version 8; virtio_net_reset:
     * promisc 1, the other filters 0 */
    { .name = "promisc", .type = SV_U32, .since = 4, .until = 7, .dflt = 1 },
    { .name = "allmulti", .type = SV_U32, .since = 4, .until = 7 },
    { .name = "promisc", .type = SV_U32, .wire = 1, .since = 8, .dflt = 1 },
    { .name = "allmulti", .type = SV_U32, .wire = 1, .since = 8 },
    /* MAC_TABLE_ENTRIES is 64 here; a longer table is skipped on load */
    { .name = "mac_table_in_use", .type = SV_U32, .since = 5,
      .bounded = 1, .lo = 0, .hi = 64 },
    { .name = "mac_table", .kind = SV_D_GROUP, .count = "mac_table_in_use", .max_count = 64,
      .since = 5, .sub = mac_entry },
    { .name = "vlans", .kind = SV_D_BYTES, .n = 512, .since = 6 },
    /* the vnet header placeholder: virtio_net_load exits the process when it
     * is not 0 ("saved image requires vnet header support") */
    { .name = "vnet_hdr", .type = SV_U32, .since = 7,
      .bounded = 1, .lo = 0, .hi = 0 },
    { .name = "multi_overflow", .type = SV_U8, .since = 9 },
    { .name = "uni_overflow", .type = SV_U8, .since = 9 },
    { .name = "alluni", .type = SV_U8, .since = 10 },
    { .name = "nomulti", .type = SV_U8, .since = 10 },
    { .name = "nouni", .type = SV_U8, .since = 10 },
    { .name = "nobcast", .type = SV_U8, .since = 10 },
    { .name = NULL },
};

/* 0.12.3 (and qemu-kvm-0.12.1.2): version 11, the same fields and has_ufo */
static const struct sv_desc_field virtio_net_012[] = {
    { .name = "virtio", .kind = SV_D_GROUP, .sub = sv_desc_virtio_common_net_011 },
    { .name = "mac", .kind = SV_D_BYTES, .n = 6, .required = 1 },
    { .name = "tx_timer_active", .type = SV_U32, .required = 1 },
    { .name = "mergeable_rx_bufs", .type = SV_U32, .required = 1 },
    { .name = "status", .type = SV_U16, .since = 3, .required = 1 },
    /* 0.12.3 virtio_net_reset: promisc 1, the other filters 0 */
    { .name = "promisc", .type = SV_U32, .since = 4, .until = 7, .dflt = 1 },
    { .name = "allmulti", .type = SV_U32, .since = 4, .until = 7 },
    { .name = "promisc", .type = SV_U32, .wire = 1, .since = 8, .dflt = 1 },
    { .name = "allmulti", .type = SV_U32, .wire = 1, .since = 8 },
    { .name = "mac_table_in_use", .type = SV_U32, .since = 5,
      .bounded = 1, .lo = 0, .hi = 64 },
    { .name = "mac_table", .kind = SV_D_GROUP, .count = "mac_table_in_use", .max_count = 64,
      .since = 5, .sub = mac_entry },
    { .name = "vlans", .kind = SV_D_BYTES, .n = 512, .since = 6 },
    /* has_vnet_hdr, 0 or 1 (the tap's IFF_VNET_HDR); virtio_net_load
     * refuses 1 when its peer has no vnet header */
    { .name = "vnet_hdr", .type = SV_U32, .since = 7, .required = 1,
      .bounded = 1, .lo = 0, .hi = 1 },
    { .name = "multi_overflow", .type = SV_U8, .since = 9 },
    { .name = "uni_overflow", .type = SV_U8, .since = 9 },
    { .name = "alluni", .type = SV_U8, .since = 10 },
    { .name = "nomulti", .type = SV_U8, .since = 10 },
    { .name = "nouni", .type = SV_U8, .since = 10 },
    { .name = "nobcast", .type = SV_U8, .since = 10 },
    /* has_ufo, 0 or 1; refused when the peer cannot take UFO */
    { .name = "has_ufo", .type = SV_U8, .since = 11, .required = 1,
      .bounded = 1, .lo = 0, .hi = 1 },
    { .name = NULL },
};

const struct sv_desc sv_desc_virtio_net_010 = {
    .idstr = "virtio-net", .min_version = 2, .version = 6, .fields = virtio_net_010,
};

const struct sv_desc sv_desc_virtio_net_011 = {
    .idstr = "virtio-net", .min_version = 2, .version = 10, .fields = virtio_net_011,
};

const struct sv_desc sv_desc_virtio_net_012 = {
    .idstr = "virtio-net", .min_version = 2, .version = 11, .fields = virtio_net_012,
};
