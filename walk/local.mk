# The stream walker: svtool, the fuzz harnesses and the tests link it.
noinst_LTLIBRARIES += walk/libsvwalk.la
walk_libsvwalk_la_SOURCES = walk/sv-walk.c walk/sv-walk.h
walk_libsvwalk_la_CPPFLAGS = $(WALK_CPPFLAGS)
