# Benchmarks: bench/run, from a built tree.
EXTRA_PROGRAMS += bench/sizes
bench_sizes_SOURCES = bench/sizes.c
bench_sizes_LDADD = $(DESC_LIBS)
CLEANFILES += bench/sizes$(EXEEXT)
EXTRA_DIST += bench/run
bench: all bench/sizes$(EXEEXT) t/mkqcow2$(EXEEXT)
	$(SHELL) $(srcdir)/bench/run $(abs_top_builddir)
.PHONY: bench
