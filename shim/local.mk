# The shim: hook engine, symbol lookup, and the preload module (issue 5).
noinst_LTLIBRARIES += shim/libsvhook.la
shim_libsvhook_la_SOURCES = shim/hook.c shim/hook.h
shim_libsvhook_la_CFLAGS = $(AM_CFLAGS)
shim_libsvhook_la_LIBADD = $(ZYDIS_LIBS)

tap_tests += t/hook.t
t_hook_t_SOURCES = t/hook.c
t_hook_t_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/shim
t_hook_t_LDADD = shim/libsvhook.la $(TAP_LIBS)
