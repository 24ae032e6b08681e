# Fuzzing.  Every harness's committed corpus and regression inputs
# are replayed by make check under any compiler; with --enable-fuzzing
# (clang) the harnesses are also built as libFuzzer programs for `make fuzz`.
fuzz_harnesses = tagged desc stream qcow2

tap_tests += t/fuzz-tagged.t t/fuzz-desc.t t/fuzz-stream.t
t_fuzz_tagged_t_SOURCES = fuzz/replay.c fuzz/tagged.c fuzz/fuzz.h
t_fuzz_tagged_t_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"tagged"'
t_fuzz_tagged_t_LDADD = $(TAP_LIBS)
t_fuzz_desc_t_SOURCES = fuzz/replay.c fuzz/desc.c fuzz/fuzz.h
t_fuzz_desc_t_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"desc"'
t_fuzz_desc_t_LDADD = descriptors/libsvdesc.la $(TAP_LIBS)
t_fuzz_stream_t_SOURCES = fuzz/replay.c fuzz/stream.c fuzz/fuzz.h
t_fuzz_stream_t_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"stream"'
t_fuzz_stream_t_LDADD = $(WALK_LIBS) $(TAP_LIBS)
EXTRA_DIST += fuzz/corpus fuzz/regress
tap_tests += t/fuzz-qcow2.t
t_fuzz_qcow2_t_SOURCES = fuzz/replay.c fuzz/qcow2.c fuzz/fuzz.h
t_fuzz_qcow2_t_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"qcow2"'
t_fuzz_qcow2_t_LDADD = $(IMAGE_LIBS) $(TAP_LIBS)
EXTRA_DIST += fuzz/seed-qcow2.sh

# make fuzz-seeds: regenerate the committed seed corpora in the source tree.
EXTRA_PROGRAMS += fuzz/seed
fuzz_seed_SOURCES = fuzz/seed.c
fuzz_seed_LDADD = $(DESC_LIBS)
fuzz-seeds: fuzz/seed$(EXEEXT) t/mkqcow2$(EXEEXT)
	./fuzz/seed$(EXEEXT) $(srcdir)/fuzz/corpus
	$(SHELL) $(srcdir)/fuzz/seed-qcow2.sh ./t/mkqcow2$(EXEEXT) $(srcdir)/fuzz/corpus
.PHONY: fuzz-seeds fuzz
CLEANFILES += fuzz/seed$(EXEEXT)

FUZZ_SECONDS = 10
if FUZZING
noinst_PROGRAMS += fuzz/fuzz-tagged fuzz/fuzz-desc fuzz/fuzz-stream fuzz/fuzz-qcow2
fuzz_fuzz_stream_SOURCES = fuzz/stream.c fuzz/fuzz.h
fuzz_fuzz_stream_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_stream_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_stream_LDADD = $(WALK_LIBS)
fuzz_fuzz_qcow2_SOURCES = fuzz/qcow2.c fuzz/fuzz.h
fuzz_fuzz_qcow2_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_qcow2_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_qcow2_LDADD = $(IMAGE_LIBS)
fuzz_fuzz_tagged_SOURCES = fuzz/tagged.c fuzz/fuzz.h
fuzz_fuzz_tagged_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_tagged_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_tagged_LDADD = $(CORE_LIBS)
fuzz_fuzz_desc_SOURCES = fuzz/desc.c fuzz/fuzz.h
fuzz_fuzz_desc_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_desc_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_fuzz_desc_LDADD = $(DESC_LIBS)

# make fuzz FUZZ_SECONDS=N: each harness for N seconds on a copy of its corpus
# (libFuzzer adds what it finds to the first directory, so not the source's).
fuzz: $(fuzz_harnesses:%=fuzz/fuzz-%$(EXEEXT))
	@set -e; for h in $(fuzz_harnesses); do \
	    rm -rf fuzz-work/$$h fuzz-work/$$h-crashes; mkdir -p fuzz-work/$$h fuzz-work/$$h-crashes; \
	    cp $(srcdir)/fuzz/corpus/$$h/* fuzz-work/$$h/; \
	    echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
	    ./fuzz/fuzz-$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=fuzz-work/$$h-crashes/ fuzz-work/$$h $(srcdir)/fuzz/regress/$$h; \
	done
else
fuzz:
	@echo "make fuzz needs a build configured with --enable-fuzzing (clang)" >&2; exit 1
endif
clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-work
.PHONY: clean-fuzz

# Every prefix and every flipped byte of the stream seeds through the walker.
tap_tests += t/walk-sweep.t
t_walk_sweep_t_SOURCES = t/walk-sweep.c
t_walk_sweep_t_LDADD = $(WALK_LIBS) $(TAP_LIBS)
