/* VMState: a device's section described by a table (VMStateDescription)
 * and written or read by one walker, with QEMU 0.12.3's semantics: the
 * version rules, field_exists, arrays with fixed and variable counts,
 * pointers, nested descriptions at their own version, pre/post hooks, and
 * the infos that do the bytes. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "savevm.h"

/* One get/put pair per wire type; size is the field's, unused by scalars. */
#define SCALAR_INFO(sym, label, type, getter, putter)                   \
    static int get_##sym(QEMUFile *f, void *pv, size_t size)            \
    {                                                                   \
        (void)size;                                                     \
        *(type *)pv = (type)getter(f);                                  \
        return 0;                                                       \
    }                                                                   \
    static void put_##sym(QEMUFile *f, void *pv, size_t size)           \
    {                                                                   \
        (void)size;                                                     \
        putter(f, *(type *)pv);                                         \
    }                                                                   \
    const VMStateInfo vmstate_info_##sym = { label, get_##sym, put_##sym };

SCALAR_INFO(int8, "int8", int8_t, qemu_get_byte, qemu_put_byte)
SCALAR_INFO(int16, "int16", int16_t, qemu_get_be16, qemu_put_be16)
SCALAR_INFO(int32, "int32", int32_t, qemu_get_be32, qemu_put_be32)
SCALAR_INFO(int64, "int64", int64_t, qemu_get_be64, qemu_put_be64)
SCALAR_INFO(uint8, "uint8", uint8_t, qemu_get_byte, qemu_put_byte)
SCALAR_INFO(uint16, "uint16", uint16_t, qemu_get_be16, qemu_put_be16)
SCALAR_INFO(uint32, "uint32", uint32_t, qemu_get_be32, qemu_put_be32)
SCALAR_INFO(uint64, "uint64", uint64_t, qemu_get_be64, qemu_put_be64)

/* The "equal" infos refuse a value that differs from the field's (a
 * configuration the stream must match); they write like the plain ones. */
static int get_uint8_equal(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    return (uint8_t)qemu_get_byte(f) == *(uint8_t *)pv ? 0 : -EINVAL;
}

static int get_uint16_equal(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    return (uint16_t)qemu_get_be16(f) == *(uint16_t *)pv ? 0 : -EINVAL;
}

static int get_int32_equal(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    return (int32_t)qemu_get_be32(f) == *(int32_t *)pv ? 0 : -EINVAL;
}

/* the field's value must not be above the stream's */
static int get_int32_le(QEMUFile *f, void *pv, size_t size)
{
    (void)size;
    return *(int32_t *)pv <= (int32_t)qemu_get_be32(f) ? 0 : -EINVAL;
}

const VMStateInfo vmstate_info_uint8_equal = { "uint8 equal", get_uint8_equal, put_uint8 };
const VMStateInfo vmstate_info_uint16_equal = { "uint16 equal", get_uint16_equal, put_uint16 };
const VMStateInfo vmstate_info_int32_equal = { "int32 equal", get_int32_equal, put_int32 };
/* 0.12.3 gives it the name of the one above */
const VMStateInfo vmstate_info_int32_le = { "int32 equal", get_int32_le, put_int32 };

/* A timer field is a pointer to the QEMUTimer (VMS_POINTER, its size a
 * pointer's); the wire holds the timer's expiry, or -1 when not pending. */
static int get_timer(QEMUFile *f, void *pv, size_t size)
{
    QEMUTimer *t = pv;
    uint64_t expire = qemu_get_be64(f);

    (void)size;
    t->pending = expire != UINT64_MAX;
    t->expire_time = t->pending ? (int64_t)expire : 0;
    return 0;
}

static void put_timer(QEMUFile *f, void *pv, size_t size)
{
    QEMUTimer *t = pv;

    (void)size;
    qemu_put_be64(f, t->pending ? (uint64_t)t->expire_time : UINT64_MAX);
}

const VMStateInfo vmstate_info_timer = { "timer", get_timer, put_timer };

static int get_buffer(QEMUFile *f, void *pv, size_t size)
{
    qemu_get_buffer(f, pv, (int)size);
    return 0;
}

static void put_buffer(QEMUFile *f, void *pv, size_t size)
{
    qemu_put_buffer(f, pv, (int)size);
}

const VMStateInfo vmstate_info_buffer = { "buffer", get_buffer, put_buffer };

/* Bytes a field used to have: zeros written, whatever is read dropped. */
static int get_unused_buffer(QEMUFile *f, void *pv, size_t size)
{
    uint8_t sink[256];

    (void)pv;
    while (size > 0) {
        size_t n = size < sizeof sink ? size : sizeof sink;

        qemu_get_buffer(f, sink, (int)n);
        size -= n;
    }
    return 0;
}

static void put_unused_buffer(QEMUFile *f, void *pv, size_t size)
{
    (void)pv;
    while (size-- > 0)
        qemu_put_byte(f, 0);
}

const VMStateInfo vmstate_info_unused_buffer = { "unused_buffer", get_unused_buffer, put_unused_buffer };

/* Whether a field is in a section of this version: its condition when it
 * has one, else its version.  Saving asks with the description's version. */
static int field_present(const VMStateField *field, void *opaque, int version_id, int saving)
{
    if (field->field_exists)
        return field->field_exists(opaque, version_id);
    return saving || field->version_id <= version_id;
}

/* Element size, element count and first element of a field, as 0.12 works
 * them out: a VBUFFER's size and a VARRAY's count are read from other
 * fields of the same struct, as they are now. */
static void *field_layout(const VMStateField *field, void *opaque, int *size, int *n)
{
    uint8_t *base = (uint8_t *)opaque + field->offset;

    *size = (int)field->size;
    if (field->flags & VMS_VBUFFER) {
        *size = *(int32_t *)((uint8_t *)opaque + field->size_offset);
        if (field->flags & VMS_MULTIPLY)
            *size *= (int)field->size;
    }
    *n = 1;
    if (field->flags & VMS_ARRAY)
        *n = field->num;
    else if (field->flags & VMS_VARRAY_INT32)
        *n = *(int32_t *)((uint8_t *)opaque + field->num_offset);
    else if (field->flags & VMS_VARRAY_UINT16)
        *n = *(uint16_t *)((uint8_t *)opaque + field->num_offset);
    if (field->flags & VMS_POINTER)
        base = *(uint8_t **)base + field->start;
    return base;
}

static void *element(const VMStateField *field, void *base, int size, int i)
{
    uint8_t *addr = (uint8_t *)base + (size_t)size * (size_t)i;

    return field->flags & VMS_ARRAY_OF_POINTER ? *(void **)addr : addr;
}

/*
 * Below minimum_version_id (and not below minimum_version_id_old) the
 * device's own old loader reads the section.  A nested description loads
 * at its own current version.  The first failing field ends the load.
 */
int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque, int version_id)
{
    if (version_id > vmsd->version_id || version_id < vmsd->minimum_version_id_old)
        return -EINVAL;
    if (version_id < vmsd->minimum_version_id)
        return vmsd->load_state_old(f, opaque, version_id);
    if (vmsd->pre_load) {
        int ret = vmsd->pre_load(opaque);

        if (ret)
            return ret;
    }
    for (const VMStateField *field = vmsd->fields; field->name; field++) {
        int size, n;
        void *base;

        if (!field_present(field, opaque, version_id, 0))
            continue;
        base = field_layout(field, opaque, &size, &n);
        for (int i = 0; i < n; i++) {
            void *addr = element(field, base, size, i);
            int ret = field->flags & VMS_STRUCT
                ? vmstate_load_state(f, field->vmsd, addr, field->vmsd->version_id)
                : field->info->get(f, addr, (size_t)size);

            if (ret < 0)
                return ret;
        }
    }
    return vmsd->post_load ? vmsd->post_load(opaque, version_id) : 0;
}

void vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque)
{
    if (vmsd->pre_save)
        vmsd->pre_save(opaque);
    for (const VMStateField *field = vmsd->fields; field->name; field++) {
        int size, n;
        void *base;

        if (!field_present(field, opaque, vmsd->version_id, 1))
            continue;
        base = field_layout(field, opaque, &size, &n);
        for (int i = 0; i < n; i++) {
            void *addr = element(field, base, size, i);

            if (field->flags & VMS_STRUCT)
                vmstate_save_state(f, field->vmsd, addr);
            else
                field->info->put(f, addr, (size_t)size);
        }
    }
    if (vmsd->post_save)
        vmsd->post_save(opaque);
}
