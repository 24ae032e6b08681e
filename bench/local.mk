# Benchmarks: bench/run, from a built tree.
EXTRA_PROGRAMS += bench/sizes
bench_sizes_SOURCES = bench/sizes.c
bench_sizes_LDADD = $(DESC_LIBS)
EXTRA_PROGRAMS += bench/timeit
bench_timeit_SOURCES = bench/timeit.c
CLEANFILES += bench/sizes$(EXEEXT) bench/timeit$(EXEEXT)
EXTRA_DIST += bench/run
bench: all bench/sizes$(EXEEXT) bench/timeit$(EXEEXT)
	$(SHELL) $(srcdir)/bench/run $(abs_top_builddir)
.PHONY: bench
