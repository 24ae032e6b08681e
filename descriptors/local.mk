# Device descriptor tables, their interpreter, and which release has which.
noinst_LTLIBRARIES += descriptors/libsvdesc.la
descriptors_libsvdesc_la_SOURCES = \
	descriptors/desc.h descriptors/devices.h \
	descriptors/transcode.c descriptors/transcode.h \
	descriptors/interp.c descriptors/interp.h descriptors/interp-walk.c \
	descriptors/interp-rules.c descriptors/interp-values.c \
	descriptors/interp-src-legacy.c descriptors/interp-src-values.c \
	descriptors/interp-src-tagged.c descriptors/interp-plan.c descriptors/interp-plan.h \
	descriptors/interp-run.c descriptors/devices.c \
	descriptors/bridge.c descriptors/bridge.h \
	descriptors/timer.c descriptors/cpu_common.c descriptors/cpu.c \
	descriptors/i8259.c descriptors/i8254.c descriptors/mc146818rtc.c \
	descriptors/serial.c descriptors/pckbd.c descriptors/ps2.c \
	descriptors/dma.c descriptors/fdc.c descriptors/ide.c descriptors/pci.c \
	descriptors/apic.c descriptors/ioapic.c descriptors/hpet.c descriptors/fw_cfg.c \
	descriptors/i2c.c descriptors/eeprom.c descriptors/piix_pci.c descriptors/acpi.c
# -M pc's slirp, VGA, NIC, vmmouse and balloon; the emulator's own devices
descriptors_libsvdesc_la_SOURCES += descriptors/slirp.c descriptors/cirrus_vga.c \
	descriptors/ne2000.c descriptors/vmmouse.c descriptors/virtio-balloon.c descriptors/emu.c
# devices the command line adds (-net nic, -vga, -soundhw, -usb, virtio, scsi)
descriptors_libsvdesc_la_SOURCES += descriptors/virtio.c \
	descriptors/virtio-net.c descriptors/virtio-console.c descriptors/virtio-blk.c \
	descriptors/rtl8139.c descriptors/pcnet.c descriptors/e1000.c \
	descriptors/eepro100.c descriptors/vga.c descriptors/vmware_vga.c \
	descriptors/uhci.c descriptors/sb16.c descriptors/es1370.c descriptors/audio.c descriptors/ac97.c \
	descriptors/lsi53c895a.c descriptors/wdt_ib700.c descriptors/kvm-tpr-opt.c
# VMState tables read from 0.12 binaries (vms.h), and the descriptor files
# derived from the real ones, compiled in
descriptors_libsvdesc_la_SOURCES += descriptors/vms.h descriptors/vms-read.c \
	descriptors/vms-file.c descriptors/vms-infos.c descriptors/vms-overlay.c \
	descriptors/vms-build.c descriptors/vms-sets.c
nodist_descriptors_libsvdesc_la_SOURCES = descriptors/vms-data.c
# svtool descriptors --from-binary of the binaries built from these tags
# (the build ids are in the files)
SVD_FILES = descriptors/data/v0.12.3-i386.svd descriptors/data/v0.12.3-x86_64.svd \
	descriptors/data/qemu-kvm-0.12.1.2-x86_64.svd descriptors/data/qemu-kvm-0.12.1.2-i386.svd
descriptors/vms-data.c: $(SVD_FILES) $(srcdir)/descriptors/vms-data.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/descriptors/vms-data.sh $(srcdir) $(SVD_FILES) > $@-t && mv $@-t $@
CLEANFILES += descriptors/vms-data.c
EXTRA_DIST += descriptors/vms-data.sh $(SVD_FILES)
descriptors_libsvdesc_la_CPPFLAGS = $(DESC_CPPFLAGS)

DESC_TEST_LIBS = descriptors/libsvdesc.la $(TAP_LIBS)

# The golden-vector checks the descriptor tests share (t/desc-check.h).
check_LIBRARIES += t/libdesccheck.a
t_libdesccheck_a_SOURCES = t/desc-check.c t/desc-check.h
DESC_CHECK_LIBS = t/libdesccheck.a $(DESC_TEST_LIBS)

tap_tests += t/desc-tables.t t/desc-interp.t t/desc-golden.t
t_desc_tables_t_SOURCES = t/desc-tables.c
t_desc_tables_t_LDADD = $(DESC_TEST_LIBS)
t_desc_interp_t_SOURCES = t/desc-interp.c
t_desc_interp_t_LDADD = $(DESC_CHECK_LIBS)
t_desc_golden_t_SOURCES = t/desc-golden.c t/desc-golden.h
t_desc_golden_t_LDADD = $(DESC_CHECK_LIBS)
tap_tests += t/desc-defaults.t
t_desc_defaults_t_SOURCES = t/desc-defaults.c t/desc-golden.h
t_desc_defaults_t_LDADD = $(DESC_CHECK_LIBS)
tap_tests += t/desc-golden-opt.t
t_desc_golden_opt_t_SOURCES = t/desc-golden-opt.c t/desc-golden.h t/desc-golden-pci.h t/desc-golden-cards.h
t_desc_golden_opt_t_LDADD = $(DESC_CHECK_LIBS)

# -M pc devices and the emulator's own, against the built emulator too
tap_tests += t/desc-golden-pc.t
t_desc_golden_pc_t_SOURCES = t/desc-golden-pc.c t/desc-golden-pc.h t/desc-golden-pci.h
t_desc_golden_pc_t_LDADD = $(DESC_CHECK_LIBS)
EXTRA_t_desc_golden_pc_t_DEPENDENCIES = emu/legacy-emu
# the one-pass save and load against the walker
tap_tests += t/desc-plan.t
t_desc_plan_t_SOURCES = t/desc-plan.c
t_desc_plan_t_LDADD = $(DESC_CHECK_LIBS)
tap_tests += t/desc-transcode.t
t_desc_transcode_t_SOURCES = t/desc-transcode.c
t_desc_transcode_t_LDADD = $(DESC_TEST_LIBS)
tap_tests += t/desc-eeprom.t
t_desc_eeprom_t_SOURCES = t/desc-eeprom.c
t_desc_eeprom_t_LDADD = $(DESC_TEST_LIBS)

# Every bound against the legacy source's statement of it (t/bounds-facts.h).
tap_tests += t/bounds-facts.t
t_bounds_facts_t_SOURCES = t/bounds-facts.c t/bounds-facts.h
t_bounds_facts_t_LDADD = $(DESC_CHECK_LIBS)
# 0.11's hand-written tables against the ones derived from 0.12 binaries
tap_tests += t/desc-012.t
t_desc_012_t_SOURCES = t/desc-012.c
t_desc_012_t_LDADD = $(DESC_TEST_LIBS)
