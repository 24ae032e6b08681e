# What is known about each legacy release, as data and plain C: the
# registry of releases and targets, the v3 container, the live sections'
# records (ram, block).
noinst_LTLIBRARIES += compat/libsvcompat.la
compat_libsvcompat_la_SOURCES = \
	compat/sv-registry.c compat/sv-registry.h \
	compat/sv-v3.c compat/sv-v3.h \
	compat/sv-ram.c compat/sv-ram.h \
	compat/sv-block.c compat/sv-block.h \
	compat/sv-ramlayout.c compat/sv-ramlayout.h \
	compat/sv-devices.c compat/sv-devices.h
compat_libsvcompat_la_CPPFLAGS = $(COMPAT_CPPFLAGS)

tap_tests += t/registry.t
t_registry_t_SOURCES = t/registry.c
t_registry_t_LDADD = $(TAP_LIBS)

# the ram section's layout per release, against every real capture
tap_tests += t/ramlayout.t
t_ramlayout_t_SOURCES = t/ramlayout.c $(SVTOOL_TEST_SOURCES)
t_ramlayout_t_LDADD = $(SVTOOL_TEST_LIBS)

# the device sections per release and configuration, against every real capture
tap_tests += t/devices.t
t_devices_t_SOURCES = t/devices.c $(SVTOOL_TEST_SOURCES)
t_devices_t_LDADD = $(SVTOOL_TEST_LIBS)
