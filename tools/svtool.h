/* svtool's subcommands and what they share (issue 6; doc/svtool.1). */
#ifndef SVTOOL_H
#define SVTOOL_H

#include <stdio.h>

#include "sv-error.h"
#include "sv-tagged.h"

/* Exit codes, every subcommand: 0 ok (diff: same), 1 content (diff:
 * different), 2 usage, an unresolvable release or target, or I/O. */
enum { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2 };

/* "svtool: FILE: offset N: section "S" instance I: field "F": msg" on
 * stderr; returns the exit code the error's kind calls for. */
int report(const char *file, const struct sv_error *e);
/* "svtool: FILE: msg" (file may be NULL); returns code. */
int complain(int code, const char *file, const char *fmt, ...) SV_PRINTF(3, 4);
int exit_code_of(enum sv_errcode code);
/* Test-only: SVTOOL_TEST_KILL_AT=POINT makes the process raise SIGKILL at POINT. */
void test_kill_point(const char *point);

/* Checks a --release / --target value; prints and returns 0 when unknown. */
int known_release(const char *r);
int known_target(const char *t);

int cmd_dump(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_descriptors(int argc, char **argv);
int cmd_snapshots(int argc, char **argv);
int cmd_extract(int argc, char **argv);

/* Values in text (F-31) and JSON; see sv-print.c. */
void print_value_text(FILE *out, const struct sv_field *f);
void print_value_json(FILE *out, const struct sv_field *f);
void print_json_string(FILE *out, const char *s, size_t n);
/* F-31's string form: double quotes, and \" \\ \xNN escapes. */
void print_text_string(FILE *out, const char *s, size_t n);
/* The text form in a new string (the caller frees); NULL when out of memory. */
char *value_text(const struct sv_field *f);

#endif
