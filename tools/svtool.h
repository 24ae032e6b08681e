/* svtool's subcommands and what they share (doc/svtool.1). */
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
int sv_tool_report(const char *file, const struct sv_error *e);
/* "svtool: FILE: msg" (file may be NULL); returns code. */
int sv_tool_complain(int code, const char *file, const char *fmt, ...) SV_PRINTF(3, 4);
int sv_tool_exit_code(enum sv_errcode code);
/* Test-only: SVTOOL_TEST_KILL_AT=POINT makes the process raise SIGKILL at POINT. */
void sv_tool_kill_point(const char *point);

/* Checks a --release / --target value; prints and returns 0 when unknown. */
int sv_tool_known_release(const char *r);
int sv_tool_known_target(const char *t);
/* --descriptors FILE: adds the file's derived tables; prints and returns 0 when it cannot. */
int sv_tool_descriptors(const char *path);

int sv_cmd_dump(int argc, char **argv);
int sv_cmd_check(int argc, char **argv);
int sv_cmd_convert(int argc, char **argv);
int sv_cmd_diff(int argc, char **argv);
int sv_cmd_descriptors(int argc, char **argv);
int sv_cmd_reset(int argc, char **argv);
int sv_cmd_snapshots(int argc, char **argv);
int sv_cmd_extract(int argc, char **argv);

/* Values in text (F-31) and JSON; see sv-print.c. */
void sv_print_value_text(FILE *out, const struct sv_field *f);
void sv_print_value_json(FILE *out, const struct sv_field *f);
void sv_print_json_string(FILE *out, const char *s, size_t n);
/* F-31's string form: double quotes, and \" \\ \xNN escapes. */
void sv_print_text_string(FILE *out, const char *s, size_t n);
/* The text form in a new string (the caller frees); NULL when out of memory. */
char *sv_value_text(const struct sv_field *f);

#endif
