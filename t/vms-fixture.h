/* VMState tables in the 0.12 layout (t/vms-fixture.c). */
#ifndef VMS_FIXTURE_H
#define VMS_FIXTURE_H

struct vms_fixture_sym {
    const void *addr;
    const char *name;
};

/* every object and function the tables point at, with its symbol; ends with { 0, 0 } */
extern const struct vms_fixture_sym vms_fixture_syms[];
/* the descriptions, NULL-terminated */
extern const void *const vms_fixture_roots[];

/* the symbols that make it a 0.12 binary (compat/sv-registry.c) */
int qemu_file_set_rate_limit(void *f, int rate);
int vmstate_register(int instance_id, const void *vmsd, void *opaque);

#endif
