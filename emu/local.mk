# The miniature legacy emulator: three builds of one program with 0.11's
# savevm core, a fourth with 0.12's, and a fifth as the next release of
# the first (emu-next), shaped like a legacy QEMU binary (doc/EMU.md).  No libtool inputs, so each is a real executable, not a
# wrapper script.
emu_common_sources = \
	emu/main.c emu/savevm.h emu/migration.h \
	emu/qemu-file.c \
	emu/file-fd.c emu/file-fd.h \
	emu/machine.c emu/machine.h \
	emu/ram.c \
	emu/dev-timer.c emu/dev-cpu-common.c emu/dev-i8259.c emu/dev-rtc.c \
	emu/dev-i8254.c emu/dev-serial.c emu/dev-pckbd.c emu/dev-ps2.c \
	emu/dev-dma.c emu/dev-fdc.c \
	emu/dev-emu-ring.c emu/dev-emu-disk.c emu/dev-emu-net.c emu/dev-emu-versioned.c \
	emu/dev-emu-quirk.c
emu_sources = $(emu_common_sources) emu/savevm.c emu/migration.c

noinst_PROGRAMS += emu/legacy-emu emu/legacy-emu-pie emu/legacy-emu-stripped emu/legacy-emu-012 \
	emu/legacy-emu-next

# It is a legacy program of its own: nothing of ours to include.
EMU_CPPFLAGS = -I$(top_builddir)

# Non-PIE with a symbol table: the common 2009 build.
emu_legacy_emu_SOURCES = $(emu_sources)
emu_legacy_emu_CPPFLAGS = $(EMU_CPPFLAGS)
emu_legacy_emu_CFLAGS = $(AM_CFLAGS) -fno-PIE
emu_legacy_emu_LDFLAGS = $(AM_LDFLAGS) -no-pie

# PIE with a symbol table: what today's toolchains build by default.
emu_legacy_emu_pie_SOURCES = $(emu_sources)
emu_legacy_emu_pie_CPPFLAGS = $(EMU_CPPFLAGS)
emu_legacy_emu_pie_CFLAGS = $(AM_CFLAGS) -fPIE
emu_legacy_emu_pie_LDFLAGS = $(AM_LDFLAGS) -pie

# Non-PIE, stripped, debug info apart (as `make install` and distributions
# ship it); the debug directory is what SV_EMU_DEBUG_DIR points at.
emu_legacy_emu_stripped_SOURCES = $(emu_sources)
emu_legacy_emu_stripped_CPPFLAGS = $(EMU_CPPFLAGS)
emu_legacy_emu_stripped_CFLAGS = $(AM_CFLAGS) -fno-PIE
emu_legacy_emu_stripped_LDFLAGS = $(AM_LDFLAGS) -no-pie
emu_legacy_emu_stripped_LINK = $(SHELL) $(top_srcdir)/emu/link-stripped.sh \
	'$(OBJCOPY)' '$(READELF)' $@ emu/debug \
	$(CCLD) $(emu_legacy_emu_stripped_CFLAGS) $(CFLAGS) \
	$(emu_legacy_emu_stripped_LDFLAGS) $(LDFLAGS)

# 0.12's savevm core (the savevm_handlers tail queue, vmstate_register,
# VMState tables, block migration); non-PIE with a symbol table.
emu_legacy_emu_012_SOURCES = $(emu_common_sources) \
	emu/savevm012.c emu/savevm012.h emu/vmstate.c emu/migration012.c emu/qdev.c \
	emu/block.c emu/dev-emu-bus.c
emu_legacy_emu_012_CPPFLAGS = $(EMU_CPPFLAGS) -DEMU_SAVEVM_012
emu_legacy_emu_012_CFLAGS = $(AM_CFLAGS) -fno-PIE
emu_legacy_emu_012_LDFLAGS = $(AM_LDFLAGS) -no-pie

# The next release of emu/legacy-emu (release emu-next): the same sources,
# devices and RAM blocks changed as between real releases; non-PIE with a
# symbol table.
emu_legacy_emu_next_SOURCES = $(emu_sources)
emu_legacy_emu_next_CPPFLAGS = $(EMU_CPPFLAGS) -DEMU_NEXT
emu_legacy_emu_next_CFLAGS = $(AM_CFLAGS) -fno-PIE
emu_legacy_emu_next_LDFLAGS = $(AM_LDFLAGS) -no-pie

EXTRA_DIST += emu/link-stripped.sh doc/EMU.md
CLEANFILES += emu/legacy-emu-stripped.debug emu/legacy-emu-stripped.full \
	emu/debug/.build-id/*/*.debug

# Tests of the emulator.
tap_tests += t/emu-core.t t/emu-golden.t t/emu-roundtrip.t t/emu-hostile.t

# The savevm core on its own, linked into the test.
t_emu_core_t_SOURCES = t/emu-core.c t/emu-run.c t/emu-run.h emu/savevm.c emu/qemu-file.c
t_emu_core_t_LDADD = $(TAP_LIBS)
t_emu_golden_t_SOURCES = t/emu-golden.c t/emu-golden-vectors.h t/emu-run.c t/emu-run.h
t_emu_golden_t_LDADD = $(TAP_LIBS)
t_emu_roundtrip_t_SOURCES = t/emu-roundtrip.c t/emu-run.c t/emu-run.h
t_emu_roundtrip_t_LDADD = $(TAP_LIBS)
# the binary's symbols and sections, read with libelf
if HAVE_LIBELF
tap_tests += t/emu-binary.t
t_emu_binary_t_SOURCES = t/emu-binary.c t/emu-run.c t/emu-run.h
t_emu_binary_t_CFLAGS = $(AM_CFLAGS) $(ELF_CFLAGS)
t_emu_binary_t_LDADD = $(TAP_LIBS) $(ELF_LIBS)
endif
t_emu_hostile_t_SOURCES = t/emu-hostile.c t/emu-run.c t/emu-run.h
t_emu_hostile_t_LDADD = $(TAP_LIBS)
# The 0.12 build: its streams, its tables, block migration, qdev unplug.
tap_tests += t/emu-012.t
t_emu_012_t_SOURCES = t/emu-012.c t/emu-run.c t/emu-run.h
t_emu_012_t_LDADD = $(TAP_LIBS)

# Bridging end to end: emu <-> emu-next through svtool convert (doc/EMU.md),
# from legacy saves and from the shim's tagged ones.
tap_tests += t/emu-bridge.t
t_emu_bridge_t_SOURCES = t/emu-bridge.c $(SVTOOL_TEST_SOURCES)
t_emu_bridge_t_LDADD = $(SVTOOL_TEST_LIBS)
EXTRA_t_emu_bridge_t_DEPENDENCIES = svtool emu/legacy-emu emu/legacy-emu-next
if SHIM
EXTRA_t_emu_bridge_t_DEPENDENCIES += shim/libsavevm-shim.la savevm-shim
endif

# A library defining register_savevm, preloaded by t/emu-binary.t.  Linked
# by the compiler directly: libtool's program link would drop -shared.
check_PROGRAMS += t/emu-preload.so
t_emu_preload_so_SOURCES = t/emu-preload.c
t_emu_preload_so_CFLAGS = $(AM_CFLAGS) -fPIC
t_emu_preload_so_LDFLAGS = $(AM_LDFLAGS) -shared
t_emu_preload_so_LINK = $(CCLD) $(t_emu_preload_so_CFLAGS) $(CFLAGS) \
	$(t_emu_preload_so_LDFLAGS) $(LDFLAGS) -o $@
