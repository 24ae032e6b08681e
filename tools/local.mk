# svtool: dump, convert, diff, check, descriptors (doc/svtool.1).
bin_PROGRAMS += svtool
svtool_SOURCES = \
	tools/svtool.c tools/svtool.h \
	tools/sv-print.c \
	tools/sv-dump.c tools/sv-convert.c tools/sv-diff.c tools/sv-descs.c tools/sv-reset.c \
	tools/sv-outfile.c tools/sv-outfile.h tools/sv-held.c tools/sv-held.h \
	tools/sv-snapshots.c tools/sv-extract.c tools/sv-elf.c tools/sv-elf.h \
	tools/sv-bridge.c tools/sv-bridge.h
svtool_CPPFLAGS = $(WALK_CPPFLAGS) -I$(top_srcdir)/tools
svtool_LDADD = $(WALK_LIBS)
dist_man1_MANS += doc/svtool.1

# Tests: svtool run as a child on built and emulator streams.
SVTOOL_TEST_SOURCES = t/svtool-util.c t/svtool-util.h t/svtool-streams.c t/svtool-streams.h
# the bridge tests: a stream's sections read for comparison
BRIDGE_TEST_SOURCES = t/bridge-util.c t/bridge-util.h $(SVTOOL_TEST_SOURCES)
SVTOOL_TEST_LIBS = t/libdesccheck.a t/libtap.a $(DESC_LIBS)
tap_tests += t/svtool-dump.t
t_svtool_dump_t_SOURCES = t/svtool-dump.c $(SVTOOL_TEST_SOURCES)
t_svtool_dump_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/svtool-convert.t
t_svtool_convert_t_SOURCES = t/svtool-convert.c $(SVTOOL_TEST_SOURCES)
t_svtool_convert_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/svtool-diff.t
t_svtool_diff_t_SOURCES = t/svtool-diff.c $(SVTOOL_TEST_SOURCES)
t_svtool_diff_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/svtool-reset.t
t_svtool_reset_t_SOURCES = t/svtool-reset.c $(SVTOOL_TEST_SOURCES)
t_svtool_reset_t_LDADD = $(SVTOOL_TEST_LIBS)

# qcow2 images (snapshots, IMAGE:TAG, extract): images the suite writes
# itself with a test-only writer, and one saved by real QEMU 0.11.1.
QCOW2_TEST_SOURCES = t/qcow2-writer.c t/qcow2-writer.h t/qcow2-test.c t/qcow2-test.h $(SVTOOL_TEST_SOURCES)
QCOW2_TEST_LIBS = $(SVTOOL_TEST_LIBS) $(ZLIB_LIBS)
tap_tests += t/svtool-qcow2.t t/qcow2-hostile.t
t_svtool_qcow2_t_SOURCES = t/svtool-qcow2.c $(QCOW2_TEST_SOURCES)
t_svtool_qcow2_t_LDADD = $(QCOW2_TEST_LIBS)
t_qcow2_hostile_t_SOURCES = t/qcow2-hostile.c $(QCOW2_TEST_SOURCES)
t_qcow2_hostile_t_LDADD = $(QCOW2_TEST_LIBS)
tap_tests += t/qcow2-real.t
t_qcow2_real_t_SOURCES = t/qcow2-real.c $(QCOW2_TEST_SOURCES)
t_qcow2_real_t_LDADD = $(QCOW2_TEST_LIBS)
EXTRA_DIST += t/real/qcow2-0.11.1-i386.qcow2 t/real/qcow2-0.11.1-i386.manifest
# the writer from the command line (bench/run, make fuzz-seeds, by hand)
EXTRA_PROGRAMS += t/mkqcow2
t_mkqcow2_SOURCES = t/mkqcow2.c t/qcow2-writer.c t/qcow2-writer.h
t_mkqcow2_LDADD = $(CORE_LIBS) $(ZLIB_LIBS)
CLEANFILES += t/mkqcow2$(EXEEXT)
# zeroes the guest RAM pages of an image's states in place (the manifests in t/real; by hand)
EXTRA_PROGRAMS += t/qcow2-scrub
t_qcow2_scrub_SOURCES = t/qcow2-scrub.c
t_qcow2_scrub_LDADD = $(WALK_LIBS)
CLEANFILES += t/qcow2-scrub$(EXEEXT)

# convert between releases (doc/BRIDGING.md): the real captures, and the
# real binaries when SAVEVM_SHIM_LEGACY_* name them
tap_tests += t/bridge-real.t
t_bridge_real_t_SOURCES = t/bridge-real.c $(BRIDGE_TEST_SOURCES)
t_bridge_real_t_LDADD = walk/libsvwalk.la lib/libsvimage.la $(SVTOOL_TEST_LIBS)
tap_tests += t/bridge-down.t
t_bridge_down_t_SOURCES = t/bridge-down.c $(BRIDGE_TEST_SOURCES)
t_bridge_down_t_LDADD = walk/libsvwalk.la lib/libsvimage.la $(SVTOOL_TEST_LIBS)
tap_tests += t/bridge-down012.t
t_bridge_down012_t_SOURCES = t/bridge-down012.c $(BRIDGE_TEST_SOURCES)
t_bridge_down012_t_LDADD = walk/libsvwalk.la lib/libsvimage.la $(SVTOOL_TEST_LIBS)
tap_tests += t/bridge-kvm.t
t_bridge_kvm_t_SOURCES = t/bridge-kvm.c $(BRIDGE_TEST_SOURCES)
t_bridge_kvm_t_LDADD = walk/libsvwalk.la lib/libsvimage.la $(SVTOOL_TEST_LIBS)
tap_tests += t/bridge-012.t
t_bridge_012_t_SOURCES = t/bridge-012.c $(SVTOOL_TEST_SOURCES)
t_bridge_012_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/bridge-legacy.t
t_bridge_legacy_t_SOURCES = t/bridge-legacy.c $(SVTOOL_TEST_SOURCES)
t_bridge_legacy_t_LDADD = $(SVTOOL_TEST_LIBS)
# the destination's devices: the options printed, a missing or extra device refused
tap_tests += t/bridge-devices.t
t_bridge_devices_t_SOURCES = t/bridge-devices.c $(SVTOOL_TEST_SOURCES)
t_bridge_devices_t_LDADD = $(SVTOOL_TEST_LIBS)
