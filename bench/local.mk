# Benchmarks: bench/run, from a built tree.
EXTRA_PROGRAMS += bench/sizes
bench_sizes_SOURCES = bench/sizes.c
bench_sizes_LDADD = $(DESC_LIBS)
CLEANFILES += bench/sizes$(EXEEXT)
# the floor of a RAM walk, for bench/svtool
EXTRA_PROGRAMS += bench/ramloop
bench_ramloop_SOURCES = bench/ramloop.c
CLEANFILES += bench/ramloop$(EXEEXT)
EXTRA_DIST += bench/run bench/svtool
bench: all bench/sizes$(EXEEXT) bench/ramloop$(EXEEXT) t/mkqcow2$(EXEEXT)
	$(SHELL) $(srcdir)/bench/run $(abs_top_builddir)
.PHONY: bench
