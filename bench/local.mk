# Benchmarks: bench/run, from a built tree.
EXTRA_PROGRAMS += bench/sizes
bench_sizes_SOURCES = bench/sizes.c
bench_sizes_LDADD = $(DESC_CHECK_LIBS)
# the floor of a RAM walk, for bench/svtool
EXTRA_PROGRAMS += bench/ramloop
bench_ramloop_SOURCES = bench/ramloop.c
# wall and CPU time to the microsecond, for bench/run
EXTRA_PROGRAMS += bench/timeit
bench_timeit_SOURCES = bench/timeit.c
CLEANFILES += bench/sizes$(EXEEXT) bench/ramloop$(EXEEXT) bench/timeit$(EXEEXT)
EXTRA_DIST += bench/run bench/svtool
bench: all bench/sizes$(EXEEXT) bench/ramloop$(EXEEXT) bench/timeit$(EXEEXT) t/mkqcow2$(EXEEXT)
	$(SHELL) $(srcdir)/bench/run $(abs_top_builddir)
.PHONY: bench
