/*
 * Bridges: a device section saved by one release, made loadable by
 * another (doc/BRIDGING.md).  Per pair of releases, data says for each
 * device whether the destination's loader reads the source's version as
 * it was written (the bytes go through unchanged, their version too), or
 * the section goes through named values: decoded with the source's table,
 * its moved or renamed state carried by a declared mapping (struct
 * sv_desc_move), encoded with the destination's table; fields the
 * destination adds take their defaults, and a field it cannot hold refuses
 * the section naming it, unless dropped on request (the caller lists it).
 */
#ifndef SV_BRIDGE_H
#define SV_BRIDGE_H

#include "desc.h"

/*
 * A moved or renamed field.  Names may hold "[]", which matches any index
 * and carries it to the same place in .to ("virtio.queue[].pfn" ->
 * "virtio.queue[].pa").  Several moves may take the same source value
 * (a buffer split into fields); a source value no move takes keeps its
 * name.
 */
enum sv_move_op {
    SV_MV_RENAME,       /* .to = .from */
    SV_MV_SLICE,        /* .to = bytes [.off, .off + .len) of .from: bytes, or an integer
                         * when .as_int (.le: little-endian) */
    SV_MV_SHIFT,        /* .to = .from << .arg */
    SV_MV_DERIVED,      /* .from has no place: the destination derives it from other state */
    SV_MV_SET,          /* .to = .arg (bytes: .bytes at .off) when .when holds */
    SV_MV_SET_FACT,     /* .to = the fact .when + .arg (an integer) when .when holds */
    SV_MV_OR_BYTE,      /* byte .off of the bytes .to |= .arg when .when holds */
    /* (below: added for the downgrades) */
    SV_MV_EXPECT,       /* .from has no place: it must be .arg (masked with .mask when set; bytes:
                         * .len-byte .bytes repeated, or zeros) else the section is refused naming
                         * it, unless dropped on request */
    SV_MV_PLACE,        /* .from's bytes (an integer: .len bytes, .le) at .off of the bytes .to,
                         * .arg bytes long (made zero-filled by the first place) */
    SV_MV_SHR,          /* .to = .from >> .arg; the bits shifted out must be 0 */
    SV_MV_AND_BYTE,     /* byte .off of the bytes .to &= .arg when .when holds */
};

struct sv_desc_move {
    const char *from, *to;      /* NULL ends a list */
    uint8_t op;                 /* enum sv_move_op */
    uint8_t as_int, le;
    uint32_t off, len;
    uint64_t arg;
    const uint8_t *bytes;       /* SV_MV_SET of bytes: .len of them */
    const char *when;           /* a destination fact that must be non-zero; NULL: always */
    uint64_t mask;              /* SV_MV_SLICE .as_int, SV_MV_EXPECT: 0 = all bits */
    const char *if_from;        /* set: the move applies only when this source value is .if_eq */
    uint64_t if_eq;
    uint8_t or_set;             /* SV_MV_EXPECT: .or_arg is good too */
    uint64_t or_arg;
};

/*
 * An edit of a section whose wire the destination reads nearly as written:
 * anchored at a field of the source's table ("[]" matches any index).
 * The result must be exactly what the destination's table reads.
 */
enum sv_edit_op {
    SV_ED_INSERT_AFTER, /* .len zero bytes after .field, unless .unless (a source field) is non-zero */
    SV_ED_DROP,         /* .field's bytes go: refused when not zero (its reset value), unless dropped on
                         * request; kept when .unless (a source field) is non-zero */
    SV_ED_SWAP,         /* .field's bytes and .other's (same indexes, same length) change places */
    SV_ED_MOVE_AFTER,   /* .field's bytes go after .other's (and what goes after it), no "[]" */
    /* (below: added for 0.12.3 <-> qemu-kvm) */
    SV_ED_INSERT_BEFORE,        /* .len zero bytes before .field */
    SV_ED_DROP_IS,      /* .field (an integer) goes: refused when it is not .value, unless dropped on request */
    SV_ED_DROP_IDLE,    /* .field goes whatever it holds while .unless (same indexes) is 0; else refused
                         * naming .unless, unless dropped on request */
    /* (below: added for 0.12.3 -> 0.11.1) */
    SV_ED_INTERLEAVE,   /* the arrays .field, .other and .third (same length) go out element by
                         * element (.len bytes each), one of each in turn, at .field's place */
    SV_ED_UNIT_TO_INDEX,        /* .field, a u8 unit on bus [] (0 .. .len - 1, or 0xff: none), becomes
                                 * [] * .len + unit (none: 0, idle) */
};

struct sv_bridge_edit {
    const char *field;          /* NULL ends a list */
    uint8_t op;                 /* enum sv_edit_op */
    const char *other;          /* SV_ED_SWAP */
    uint32_t len;               /* SV_ED_INSERT_AFTER, _BEFORE */
    const char *unless;         /* SV_ED_INSERT_AFTER, SV_ED_DROP_IDLE */
    uint64_t value;             /* SV_ED_DROP_IS */
    const char *third;          /* SV_ED_INTERLEAVE */
};

/* The destination's facts a mapping may need (sv_bridge_dest_facts). */
#define SV_BRIDGE_FACTS_MAX 4

/* How a section crossed. */
enum sv_bridge_how {
    SV_BRIDGE_AS_IS,            /* the bytes and version unchanged */
    SV_BRIDGE_VALUES,           /* through values, with the mapping if one is declared */
};

struct sv_bridge {
    const struct sv_release *from, *to;
    const char *target;             /* the source's target ("" or NULL: the layout does not care) */
    const char *machine;            /* the destination's -M, NULL: its default */
    /* set: a field the destination cannot hold is dropped and reported here
     * (--force); NULL: it refuses the section */
    void (*dropped)(void *opaque, const char *idstr, long long instance, const struct sv_value *v);
    void *opaque;
};

/* Does the registry know how to bridge from -> to? */
int sv_bridge_known(const struct sv_release *from, const struct sv_release *to);

/*
 * One legacy device section of b->from at `version` -> legacy bytes the
 * destination loads (*out, the caller frees it) at *out_version; *how
 * says which way.  -1 with *err naming the field or the device.
 */
int sv_bridge_section(const struct sv_bridge *b, const char *idstr, long long instance, uint32_t version,
                      const uint8_t *legacy, size_t len, uint8_t **out, size_t *out_len,
                      uint32_t *out_version, enum sv_bridge_how *how, struct sv_error *err);

/* The mapping a pair declares for a device (NULL: none), and how it crosses
 * when its tables differ; for tests that check a bridged section against
 * its source. */
const struct sv_desc_move *sv_bridge_moves(const struct sv_release *from, const struct sv_release *to,
                                           const char *idstr, int *as_is);

/* The destination device's facts the mappings use, for machine `machine`
 * (NULL: the release's default); returns how many were set in f. */
size_t sv_bridge_dest_facts(const struct sv_release *to, const char *machine, const char *idstr,
                            struct sv_desc_fact *f, size_t max);

/* The virtio common part's mapping 0.10.6 -> 0.11.1 (descriptors/virtio.c). */
extern const struct sv_desc_move sv_desc_virtio_moves_010_011[];
/* emu-disk's IDENTIFY part, emu <-> emu-next (descriptors/emu.c). */
extern const struct sv_desc_move sv_desc_emu_disk_moves_emu_next[], sv_desc_emu_disk_moves_next_emu[];

/* And back, 0.11.1 -> 0.10.6 (virtio-blk's config shrinks too). */
extern const struct sv_desc_move sv_desc_virtio_moves_011_010[];
extern const struct sv_desc_move sv_desc_virtio_blk_moves_011_010[];

/* cpu v10 -> v8: what v9 and v10 added (descriptors/cpu.c). */
extern const struct sv_desc_move sv_desc_cpu_moves_011_010[];

#endif
