/*
 * VMState tables laid out as hw/hw.h of v0.12.3 declares VMStateInfo,
 * VMStateField and VMStateDescription (x86-64), with the symbols a 0.12
 * binary has: what descriptors/vms-read.c reads, from this process
 * (t/vms.c) and, built as t/vms-fixture-nopie and -pie, from an ELF file
 * (svtool descriptors --from-binary).  The tables follow devices of
 * v0.12.3 where a rule needs one (fdc's fifo, cpu's fpregs, ide's
 * identify_data); "demo" and "mystery" exercise what is left.
 */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vms-fixture.h"

typedef struct VMStateInfo {
    const char *name;
    int (*get)(void *f, void *pv, size_t size);
    void (*put)(void *f, void *pv, size_t size);
} VMStateInfo;

typedef struct VMStateDescription VMStateDescription;

typedef struct {
    const char *name;
    size_t offset, size, start;
    int num;
    size_t num_offset, size_offset;
    const VMStateInfo *info;
    int flags;                  /* enum VMStateFlags */
    const VMStateDescription *vmsd;
    int version_id;
    bool (*field_exists)(void *opaque, int version_id);
} VMStateField;

struct VMStateDescription {
    const char *name;
    int version_id, minimum_version_id, minimum_version_id_old;
    int (*load_state_old)(void *f, void *opaque, int version_id);
    int (*pre_load)(void *opaque);
    int (*post_load)(void *opaque, int version_id);
    void (*pre_save)(void *opaque);
    void (*post_save)(void *opaque);
    const VMStateField *fields;
};

enum { SINGLE = 0x1, POINTER = 0x2, ARRAY = 0x4, STRUCT = 0x8, VARRAY_INT32 = 0x10, BUFFER = 0x20,
       VARRAY_UINT16 = 0x80, VBUFFER = 0x100 };

#define KEEP __attribute__((used, noinline))
#define OBJ __attribute__((used))

static KEEP int get_any(void *f, void *pv, size_t size) { (void)f; (void)pv; return (int)size; }
static KEEP void put_any(void *f, void *pv, size_t size) { (void)f; (void)pv; (void)size; }

/* distinct objects, as savevm.c's; the names are what QEMU calls them */
#define INFO(sym, nm) OBJ const VMStateInfo sym = { nm, get_any, put_any }
INFO(vmstate_info_uint8, "uint8");
INFO(vmstate_info_uint8_equal, "uint8 equal");
INFO(vmstate_info_uint16, "uint16");
INFO(vmstate_info_int32, "int32");
INFO(vmstate_info_int32_equal, "int32 equal");
INFO(vmstate_info_uint32, "uint32");
INFO(vmstate_info_timer, "timer");
INFO(vmstate_info_buffer, "buffer");
INFO(vmstate_info_unused_buffer, "unused_buffer");
INFO(vmstate_info_frob, "frob");
static INFO(vmstate_fpreg, "fpreg");
static INFO(vmstate_fpreg_1_mmx, "fpreg_1_mmx");
static INFO(vmstate_fpreg_1_no_mmx, "fpreg_1_no_mmx");
static INFO(vmstate_hack_uint64_as_uint32, "uint64_as_uint32");

/* field_exists functions, by the names target-i386/machine.c and
 * hw/ide/core.c give them (their bodies do not matter here) */
static KEEP bool fpregs_is_0(void *o, int v) { (void)o; return v > 0; }
static KEEP bool fpregs_is_1_mmx(void *o, int v) { (void)o; return v > 1; }
static KEEP bool fpregs_is_1_no_mmx(void *o, int v) { (void)o; return v > 2; }
static KEEP bool less_than_7(void *o, int v) { (void)o; return v < 7; }
static KEEP bool version_is_5(void *o, int v) { (void)o; return v == 5; }
static KEEP bool is_identify_set(void *o, int v) { (void)o; return v > 3; }
static KEEP bool mystery_test(void *o, int v) { (void)o; return v > 4; }
static KEEP void fdc_pre_save(void *o) { (void)o; }

/* what a 0.12 binary has and 0.11's has not (compat/sv-registry.c) */
KEEP int qemu_file_set_rate_limit(void *f, int rate) { (void)f; return rate; }
KEEP int vmstate_register(int instance_id, const void *vmsd, void *opaque)
{
    (void)vmsd;
    (void)opaque;
    return instance_id;
}

#define F(nm, off, sz, inf, ...) { .name = nm, .offset = off, .size = sz, .info = &inf, __VA_ARGS__ }

/* hw/fdc.c: vmstate_fdrive, vmstate_fdc (fewer fields) */
static const VMStateField fdrive_fields[] = {
    F("head", 0, 1, vmstate_info_uint8, .flags = SINGLE),
    F("track", 1, 1, vmstate_info_uint8, .flags = SINGLE),
    F("sect", 2, 1, vmstate_info_uint8, .flags = SINGLE),
    { 0 },
};
static OBJ const VMStateDescription vmstate_fdrive = { "fdrive", 1, 1, 1, 0, 0, 0, 0, 0, fdrive_fields };

/* the fifo's count, fifo_size at 0x300, is set at init: not a field */
static const VMStateField fdc_fields[] = {
    F("sra", 0, 1, vmstate_info_uint8, .flags = SINGLE),
    F("fifo", 8, 1, vmstate_info_uint8, .flags = VARRAY_INT32, .num_offset = 0x300),
    F("data_pos", 0x208, 4, vmstate_info_uint32, .flags = SINGLE),
    F("num_floppies", 0x20c, 1, vmstate_info_uint8_equal, .flags = SINGLE),
    { .name = "drives", .offset = 0x210, .size = 3, .num = 2, .flags = STRUCT | ARRAY, .vmsd = &vmstate_fdrive,
      .version_id = 1 },
    { 0 },
};
OBJ const VMStateDescription vmstate_fdc = { "fdc", 2, 2, 2, 0, 0, 0, fdc_pre_save, 0, fdc_fields };

/* target-i386/machine.c (i386, USE_X86LDOUBLE): three fpregs, two sysenter_esp */
static const VMStateField cpu_fields[] = {
    F("fpus_vmstate", 0, 2, vmstate_info_uint16, .flags = SINGLE),
    F("fptag_vmstate", 2, 2, vmstate_info_uint16, .flags = SINGLE),
    F("fpregs_format_vmstate", 4, 2, vmstate_info_uint16, .flags = SINGLE),
    F("fpregs", 16, 16, vmstate_fpreg, .flags = ARRAY, .num = 8, .field_exists = fpregs_is_0),
    F("fpregs", 16, 16, vmstate_fpreg_1_mmx, .flags = ARRAY, .num = 8, .field_exists = fpregs_is_1_mmx),
    F("fpregs", 16, 16, vmstate_fpreg_1_no_mmx, .flags = ARRAY, .num = 8, .field_exists = fpregs_is_1_no_mmx),
    F("sysenter_esp", 160, 8, vmstate_hack_uint64_as_uint32, .flags = SINGLE, .field_exists = less_than_7),
    F("sysenter_esp", 160, 4, vmstate_info_uint32, .flags = SINGLE, .version_id = 7),
    F("halted", 168, 4, vmstate_info_uint32, .flags = SINGLE, .field_exists = version_is_5),
    F("cr[0]", 172, 4, vmstate_info_uint32, .flags = SINGLE),
    { 0 },
};
static OBJ const VMStateDescription vmstate_cpu = { "cpu", 11, 3, 3, 0, 0, 0, 0, 0, cpu_fields };

/* hw/ide/core.c: identify_data only when identify_set */
static const VMStateField ide_drive_fields[] = {
    F("identify_set", 0, 4, vmstate_info_int32, .flags = SINGLE),
    F("identify_data", 4, 512, vmstate_info_buffer, .flags = BUFFER, .field_exists = is_identify_set),
    F("status", 516, 1, vmstate_info_uint8, .flags = SINGLE),
    { 0 },
};
OBJ const VMStateDescription vmstate_ide_drive = { "ide_drive", 4, 0, 0, 0, 0, 0, 0, 0, ide_drive_fields };
static const VMStateField ide_fields[] = {
    { .name = "drives", .offset = 0, .size = 520, .num = 2, .flags = STRUCT | ARRAY, .vmsd = &vmstate_ide_drive },
    { 0 },
};
static OBJ const VMStateDescription vmstate_ide_pci = { "ide", 3, 0, 0, 0, 0, 0, 0, 0, ide_fields };

/* what is left: repeated names, a constant index, counts from fields, a
 * pointer, versions, an info nobody knows */
static const VMStateField demo_fields[] = {
    F("unused", 0, 4, vmstate_info_unused_buffer, .flags = BUFFER),
    F("mac_reg[CTRL]", 4, 4, vmstate_info_uint32, .flags = SINGLE),
    F("unused", 0, 2, vmstate_info_unused_buffer, .flags = BUFFER),
    F("len", 8, 2, vmstate_info_uint16, .flags = SINGLE),
    F("data", 16, 4, vmstate_info_uint32, .flags = VARRAY_UINT16, .num_offset = 8),
    F("blen", 12, 4, vmstate_info_int32, .flags = SINGLE),
    F("blob", 64, 0, vmstate_info_buffer, .flags = VBUFFER | POINTER, .size_offset = 12),
    F("tmr", 72, 8, vmstate_info_timer, .flags = SINGLE | POINTER),
    F("eq", 80, 4, vmstate_info_int32_equal, .flags = SINGLE),
    F("newer", 84, 1, vmstate_info_uint8, .flags = SINGLE, .version_id = 3),
    F("frob", 88, 4, vmstate_info_frob, .flags = SINGLE, .version_id = 4),
    { 0 },
};
OBJ const VMStateDescription vmstate_demo = { "demo", 4, 2, 2, 0, 0, 0, 0, 0, demo_fields };

static const VMStateField mystery_fields[] = {
    F("a", 0, 1, vmstate_info_uint8, .flags = SINGLE),
    F("b", 1, 1, vmstate_info_uint8, .flags = SINGLE, .field_exists = mystery_test),
    { 0 },
};
OBJ const VMStateDescription vmstate_mystery = { "mystery", 1, 1, 1, 0, 0, 0, 0, 0, mystery_fields };

/* hw/eepro100.c: a template the device names at init */
static const VMStateField eepro100_fields[] = {
    F("cmd", 0, 1, vmstate_info_uint8, .flags = SINGLE),
    { 0 },
};
static OBJ const VMStateDescription vmstate_eepro100 = { 0, 3, 2, 2, 0, 0, 0, 0, 0, eepro100_fields };

const struct vms_fixture_sym vms_fixture_syms[] = {
#define S(x) { &x, #x }
    S(vmstate_info_uint8), S(vmstate_info_uint8_equal), S(vmstate_info_uint16), S(vmstate_info_int32),
    S(vmstate_info_int32_equal), S(vmstate_info_uint32), S(vmstate_info_timer), S(vmstate_info_buffer),
    S(vmstate_info_unused_buffer), S(vmstate_info_frob), S(vmstate_fpreg), S(vmstate_fpreg_1_mmx),
    S(vmstate_fpreg_1_no_mmx), S(vmstate_hack_uint64_as_uint32),
    { (const void *)fpregs_is_0, "fpregs_is_0" }, { (const void *)fpregs_is_1_mmx, "fpregs_is_1_mmx" },
    { (const void *)fpregs_is_1_no_mmx, "fpregs_is_1_no_mmx" }, { (const void *)less_than_7, "less_than_7" },
    { (const void *)version_is_5, "version_is_5" }, { (const void *)is_identify_set, "is_identify_set" },
    { (const void *)mystery_test, "mystery_test" }, { (const void *)fdc_pre_save, "fdc_pre_save" },
    S(vmstate_fdrive), S(vmstate_fdc), S(vmstate_cpu), S(vmstate_ide_drive), S(vmstate_ide_pci),
    S(vmstate_demo), S(vmstate_mystery), S(vmstate_eepro100),
    { 0, 0 },
#undef S
};

/* the descriptions a binary's symbol table shows as vmstate_* objects of
 * sizeof (VMStateDescription) */
const void *const vms_fixture_roots[] = {
    &vmstate_fdrive, &vmstate_fdc, &vmstate_cpu, &vmstate_ide_drive, &vmstate_ide_pci, &vmstate_demo,
    &vmstate_mystery, &vmstate_eepro100, 0,
};
