# Device descriptor tables and their interpreter (issue 4).
noinst_LTLIBRARIES += descriptors/libsvdesc.la
descriptors_libsvdesc_la_SOURCES = \
	descriptors/desc.h descriptors/devices.h \
	descriptors/transcode.c descriptors/transcode.h \
	descriptors/interp.c descriptors/registry.c \
	descriptors/timer.c descriptors/cpu_common.c descriptors/cpu.c \
	descriptors/i8259.c descriptors/i8254.c descriptors/mc146818rtc.c \
	descriptors/serial.c descriptors/pckbd.c descriptors/ps2.c \
	descriptors/dma.c descriptors/fdc.c descriptors/ide.c descriptors/pci.c \
	descriptors/apic.c descriptors/ioapic.c descriptors/hpet.c descriptors/fw_cfg.c \
	descriptors/i2c.c descriptors/piix_pci.c descriptors/acpi.c
descriptors_libsvdesc_la_LIBADD = lib/libsvcore.la

DESC_LIBS = descriptors/libsvdesc.la $(TAP_LIBS)

tap_tests += t/desc-tables.t t/desc-interp.t t/desc-golden.t
t_desc_tables_t_SOURCES = t/desc-tables.c
t_desc_tables_t_LDADD = $(DESC_LIBS)
t_desc_interp_t_SOURCES = t/desc-interp.c
t_desc_interp_t_LDADD = $(DESC_LIBS)
t_desc_golden_t_SOURCES = t/desc-golden.c t/desc-golden.h
t_desc_golden_t_LDADD = $(DESC_LIBS)
