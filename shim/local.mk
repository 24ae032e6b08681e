# The shim: hook engine, symbol lookup, and the preload module (issue 5).
noinst_LTLIBRARIES += shim/libsvhook.la
shim_libsvhook_la_SOURCES = shim/hook.c shim/hook.h
shim_libsvhook_la_CFLAGS = $(AM_CFLAGS)
shim_libsvhook_la_LIBADD = $(ZYDIS_LIBS)

tap_tests += t/hook.t
t_hook_t_SOURCES = t/hook.c
t_hook_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim
t_hook_t_LDADD = shim/libsvhook.la $(TAP_LIBS)

# The preload module: pkglibdir/libsavevm-shim.so
pkglib_LTLIBRARIES += shim/libsavevm-shim.la
shim_libsavevm_shim_la_SOURCES = \
	shim/init.c shim/wrap.c shim/qfile.c shim/shim.h \
	shim/settings.c shim/settings.h shim/log.c shim/log.h \
	shim/symbols.c shim/symbols.h \
	compat/profiles.c compat/profiles.h
shim_libsavevm_shim_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim
shim_libsavevm_shim_la_CFLAGS = $(AM_CFLAGS) $(FFI_CFLAGS) $(ELF_CFLAGS) -fvisibility=hidden
shim_libsavevm_shim_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared -export-symbols-regex '^savevm_shim_'
shim_libsavevm_shim_la_LIBADD = shim/libsvhook.la descriptors/libsvdesc.la $(FFI_LIBS) $(ELF_LIBS) $(ZLIB_LIBS)

# The launcher.
bin_PROGRAMS += savevm-shim
savevm_shim_SOURCES = tools/savevm-shim.c
savevm_shim_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim -DSV_PKGLIBDIR='"$(pkglibdir)"'
dist_man1_MANS += doc/savevm-shim.1

tap_tests += t/settings.t
t_settings_t_SOURCES = t/settings.c shim/settings.c
t_settings_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim
t_settings_t_LDADD = $(TAP_LIBS)

tap_tests += t/symbols.t
t_symbols_t_SOURCES = t/symbols.c shim/symbols.c
t_symbols_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim
t_symbols_t_CFLAGS = $(AM_CFLAGS) $(ELF_CFLAGS)
t_symbols_t_LDADD = $(TAP_LIBS) $(ELF_LIBS) $(ZLIB_LIBS)

# The shim inside the emulator's three builds.
tap_tests += t/shim.t
t_shim_t_SOURCES = t/shim.c
t_shim_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu emu/legacy-emu-pie emu/legacy-emu-stripped
tap_tests += t/shim-load.t
t_shim_load_t_SOURCES = t/shim-load.c
t_shim_load_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_load_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu

tap_tests += t/shim-quirk.t
t_shim_quirk_t_SOURCES = t/shim-quirk.c
t_shim_quirk_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_quirk_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu

# make check-valgrind: the shim's tests with the emulator under memcheck.
VALGRIND_CMD = valgrind -q --trace-children=yes --smc-check=all --error-exitcode=99 --leak-check=no
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="t/shim.t t/shim-load.t" \
	    AM_TESTS_ENVIRONMENT='. $(abs_top_builddir)/t/env.sh; SV_VALGRIND="$(VALGRIND_CMD)"; export SV_VALGRIND;'
.PHONY: check-valgrind

# The shim in a user-supplied legacy QEMU (skipped unless SAVEVM_SHIM_LEGACY_QEMU is set).
tap_tests += t/legacy-qemu.t
t_legacy_qemu_t_SOURCES = t/legacy-qemu.c
t_legacy_qemu_t_LDADD = $(TAP_LIBS)

# Truncation and corruption through a shimmed load (make check-long: every offset).
tap_tests += t/sweep.t
t_sweep_t_SOURCES = t/sweep.c t/shimtest-desc.c
t_sweep_t_LDADD = descriptors/libsvdesc.la $(TAP_LIBS)
EXTRA_t_sweep_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu
check-long:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="t/sweep.t" \
	    AM_TESTS_ENVIRONMENT='. $(abs_top_builddir)/t/env.sh; SV_SWEEP_ALL=1; export SV_SWEEP_ALL;'
.PHONY: check-long

# Hostile values for every bounded field, legacy and tagged, through the shim.
tap_tests += t/hostile.t
t_hostile_t_SOURCES = t/hostile.c t/shimtest-desc.c
t_hostile_t_LDADD = descriptors/libsvdesc.la $(TAP_LIBS)
EXTRA_t_hostile_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu
