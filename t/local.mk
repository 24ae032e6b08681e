# Tests of the format library.
tap_tests += t/stream.t t/codec.t t/container.t t/ram.t t/block.t
t_stream_t_SOURCES = t/stream.c
t_stream_t_LDADD = $(TAP_LIBS)
t_codec_t_SOURCES = t/codec.c t/golden.h
t_codec_t_LDADD = $(TAP_LIBS)
t_container_t_SOURCES = t/container.c
t_container_t_LDADD = $(TAP_LIBS)
t_ram_t_SOURCES = t/ram.c
t_ram_t_LDADD = $(TAP_LIBS)
t_block_t_SOURCES = t/block.c
t_block_t_LDADD = $(TAP_LIBS)
tap_tests += t/nomem.t
t_nomem_t_SOURCES = t/nomem.c
t_nomem_t_LDADD = t/libdesccheck.a descriptors/libsvdesc.la $(TAP_LIBS)
t_nomem_t_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
# scrub-ram: what makes a real capture fit to commit (t/real/MANIFEST).
check_PROGRAMS += t/scrub-ram
t_scrub_ram_SOURCES = t/scrub-ram.c
t_scrub_ram_LDADD = $(COMPAT_LIBS)
tap_tests += t/real.t
t_real_t_SOURCES = t/real.c $(SVTOOL_TEST_SOURCES)
t_real_t_LDADD = $(SVTOOL_TEST_LIBS)
EXTRA_DIST += t/real
# t/real is data, not a program: without this rule make's built-in
# "%: %.c" rebuilds it from t/real.c when that is newer (make dist fails)
t/real: ; @:

# VMState tables as descriptors (descriptors/vms.h): a fixture in this
# process and, as programs of their own (non-PIE and PIE), for svtool
# descriptors --from-binary
tap_tests += t/vms.t
t_vms_t_SOURCES = t/vms.c t/vms-fixture.c t/vms-fixture.h $(SVTOOL_TEST_SOURCES)
t_vms_t_LDADD = $(SVTOOL_TEST_LIBS)
EXTRA_t_vms_t_DEPENDENCIES = t/vms-fixture-nopie t/vms-fixture-pie
check_PROGRAMS += t/vms-fixture-nopie t/vms-fixture-pie
t_vms_fixture_nopie_SOURCES = t/vms-fixture-main.c t/vms-fixture.c t/vms-fixture.h
t_vms_fixture_nopie_CFLAGS = -fno-pie
t_vms_fixture_nopie_LDFLAGS = -no-pie
t_vms_fixture_pie_SOURCES = t/vms-fixture-main.c t/vms-fixture.c t/vms-fixture.h
t_vms_fixture_pie_CFLAGS = -fPIE
t_vms_fixture_pie_LDFLAGS = -pie
