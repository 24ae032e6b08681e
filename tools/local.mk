# svtool: dump, convert, diff, check, descriptors (doc/svtool.1).
bin_PROGRAMS += svtool
svtool_SOURCES = \
	tools/svtool.c tools/svtool.h \
	tools/sv-print.c \
	tools/sv-dump.c tools/sv-convert.c tools/sv-diff.c tools/sv-descs.c \
	tools/sv-outfile.c tools/sv-outfile.h \
	tools/sv-elf.c tools/sv-elf.h
svtool_CPPFLAGS = $(WALK_CPPFLAGS) -I$(top_srcdir)/tools
svtool_LDADD = $(WALK_LIBS)
dist_man1_MANS += doc/svtool.1

# Tests: svtool run as a child on built and emulator streams.
SVTOOL_TEST_SOURCES = t/svtool-util.c t/svtool-util.h t/svtool-streams.c t/svtool-streams.h
SVTOOL_TEST_LIBS = t/libtap.a $(DESC_LIBS)
tap_tests += t/svtool-dump.t
t_svtool_dump_t_SOURCES = t/svtool-dump.c $(SVTOOL_TEST_SOURCES)
t_svtool_dump_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/svtool-convert.t
t_svtool_convert_t_SOURCES = t/svtool-convert.c $(SVTOOL_TEST_SOURCES)
t_svtool_convert_t_LDADD = $(SVTOOL_TEST_LIBS)
tap_tests += t/svtool-diff.t
t_svtool_diff_t_SOURCES = t/svtool-diff.c $(SVTOOL_TEST_SOURCES)
t_svtool_diff_t_LDADD = $(SVTOOL_TEST_LIBS)
