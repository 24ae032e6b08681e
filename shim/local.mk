# The shim (libsavevm-shim.so, LD_PRELOAD) and its launcher; only on hosts
# whose code the hook engine can patch (configure: --disable-shim).
if SHIM
SHIM_CPPFLAGS = $(DESC_CPPFLAGS) -I$(top_srcdir)/shim

# The hook engine: inline hooks relocated with Zydis.
noinst_LTLIBRARIES += shim/libsvhook.la
shim_libsvhook_la_SOURCES = shim/hook.c shim/hook.h
shim_libsvhook_la_CPPFLAGS = $(CORE_CPPFLAGS)
shim_libsvhook_la_LIBADD = $(ZYDIS_LIBS)

tap_tests += t/hook.t
t_hook_t_SOURCES = t/hook.c
t_hook_t_LDADD = shim/libsvhook.la $(TAP_LIBS)

tap_tests += t/closure.t
t_closure_t_SOURCES = t/closure.c shim/closure.c shim/closure.h
t_closure_t_CPPFLAGS = $(CORE_CPPFLAGS) -I$(top_srcdir)/shim
t_closure_t_CFLAGS = $(AM_CFLAGS) $(FFI_CFLAGS)
t_closure_t_LDADD = $(TAP_LIBS) $(SHIM_FFI_LIBS) -ldl

# SAVEVM_SHIM_* parsing: the shim, the launcher and t/settings.t.
noinst_LTLIBRARIES += shim/libsvsettings.la
shim_libsvsettings_la_SOURCES = shim/settings.c shim/settings.h
shim_libsvsettings_la_CPPFLAGS = $(COMPAT_CPPFLAGS)

tap_tests += t/settings.t
t_settings_t_SOURCES = t/settings.c
t_settings_t_LDADD = shim/libsvsettings.la $(TAP_LIBS)

# Finding the emulator's functions: .symtab, .dynsym, debug files, maps.
noinst_LTLIBRARIES += shim/libsvsymbols.la
shim_libsvsymbols_la_SOURCES = shim/symbols.c shim/symbols.h
shim_libsvsymbols_la_CPPFLAGS = $(CORE_CPPFLAGS)
shim_libsvsymbols_la_CFLAGS = $(AM_CFLAGS) $(ELF_CFLAGS)
shim_libsvsymbols_la_LIBADD = $(ELF_LIBS) $(ZLIB_LIBS)

tap_tests += t/symbols.t
t_symbols_t_SOURCES = t/symbols.c
t_symbols_t_LDADD = shim/libsvsymbols.la $(TAP_LIBS)

# The preload module: pkglibdir/libsavevm-shim.so
pkglib_LTLIBRARIES += shim/libsavevm-shim.la
shim_libsavevm_shim_la_SOURCES = \
	shim/init.c shim/recognise.c shim/wrap.c shim/qfile.c shim/vmsd.c shim/bridge.c shim/shim.h \
	shim/log.c shim/log.h shim/closure.c shim/closure.h
shim_libsavevm_shim_la_CPPFLAGS = $(SHIM_CPPFLAGS)
shim_libsavevm_shim_la_CFLAGS = $(AM_CFLAGS) $(FFI_CFLAGS) -fvisibility=hidden
shim_libsavevm_shim_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared -export-symbols-regex '^savevm_shim_'
shim_libsavevm_shim_la_LIBADD = shim/libsvhook.la shim/libsvsettings.la shim/libsvsymbols.la \
	$(DESC_LIBS) $(SHIM_FFI_LIBS)

# The launcher.
bin_PROGRAMS += savevm-shim
savevm_shim_SOURCES = tools/savevm-shim.c
savevm_shim_CPPFLAGS = $(COMPAT_CPPFLAGS) -I$(top_srcdir)/shim -DSV_PKGLIBDIR='"$(pkglibdir)"'
savevm_shim_LDADD = shim/libsvsettings.la $(COMPAT_LIBS)
man1_MANS += doc/savevm-shim.1

# The shim inside the emulator's four builds.
tap_tests += t/shim.t
t_shim_t_SOURCES = t/shim.c
t_shim_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu emu/legacy-emu-pie emu/legacy-emu-stripped \
	emu/legacy-emu-012
# ... on 0.12's core: VMState, qdev unplug, block
tap_tests += t/shim-012.t
t_shim_012_t_SOURCES = t/shim-012.c
t_shim_012_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_012_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim svtool emu/legacy-emu-012
tap_tests += t/shim-load.t
t_shim_load_t_SOURCES = t/shim-load.c
t_shim_load_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_load_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu
# svtool reset against the emulator's own reset handlers, loaded under the shim.
tap_tests += t/emu-reset.t
t_emu_reset_t_SOURCES = t/emu-reset.c
t_emu_reset_t_LDADD = $(TAP_LIBS)
EXTRA_t_emu_reset_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu svtool

# A failed save leaves the guest running: the shim's own
# objects again, with t/failalloc.c failing their allocations.
check_LTLIBRARIES += t/libsvfailshim.la
t_libsvfailshim_la_SOURCES = t/failalloc.c
t_libsvfailshim_la_LIBADD = $(shim_libsavevm_shim_la_OBJECTS) $(shim_libsavevm_shim_la_LIBADD)
t_libsvfailshim_la_LDFLAGS = $(shim_libsavevm_shim_la_LDFLAGS) -rpath $(abs_builddir) \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=sv_shim_savevm_state_complete
tap_tests += t/save-fail.t
t_save_fail_t_SOURCES = t/save-fail.c
t_save_fail_t_LDADD = $(TAP_LIBS)
EXTRA_t_save_fail_t_DEPENDENCIES = t/libsvfailshim.la shim/libsavevm-shim.la savevm-shim emu/legacy-emu

tap_tests += t/shim-quirk.t
t_shim_quirk_t_SOURCES = t/shim-quirk.c
t_shim_quirk_t_LDADD = $(TAP_LIBS)
EXTRA_t_shim_quirk_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu

# make check-valgrind: the shim's tests with the emulator under memcheck.
VALGRIND_CMD = valgrind -q --trace-children=yes --smc-check=all --error-exitcode=99 --leak-check=no
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="t/shim.t t/shim-load.t" \
	    AM_TESTS_ENVIRONMENT='. $(abs_top_builddir)/t/env.sh; SV_VALGRIND="$(VALGRIND_CMD)"; export SV_VALGRIND;'

# The shim in a user-supplied legacy QEMU (skipped unless SAVEVM_SHIM_LEGACY_QEMU is set).
tap_tests += t/legacy-qemu.t
t_legacy_qemu_t_SOURCES = t/legacy-qemu.c
t_legacy_qemu_t_LDADD = $(TAP_LIBS)

# Truncation and corruption through a shimmed load, failing saves (make check-long: every offset, every point).
tap_tests += t/sweep.t
t_sweep_t_SOURCES = t/sweep.c t/shimtest-desc.c
t_sweep_t_LDADD = descriptors/libsvdesc.la $(TAP_LIBS)
EXTRA_t_sweep_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu
check-long:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="t/sweep.t t/save-fail.t" \
	    AM_TESTS_ENVIRONMENT='. $(abs_top_builddir)/t/env.sh; SV_SWEEP_ALL=1; export SV_SWEEP_ALL;'

# Hostile values for every bounded field, legacy and tagged, through the shim.
tap_tests += t/hostile.t
t_hostile_t_SOURCES = t/hostile.c t/shimtest-desc.c
t_hostile_t_LDADD = descriptors/libsvdesc.la $(TAP_LIBS)
EXTRA_t_hostile_t_DEPENDENCIES = shim/libsavevm-shim.la savevm-shim emu/legacy-emu
else
check-valgrind check-long:
	@echo "make $@ needs the shim: this build was configured without it ($(SHIM_WHY))" >&2; exit 1
endif
.PHONY: check-valgrind check-long
EXTRA_DIST += doc/savevm-shim.1
