/* The shim's log: only where SAVEVM_SHIM_LOG says, never stdout. */
#ifndef SV_LOG_H
#define SV_LOG_H

void sv_log_open(const char *path);
/* One line with a timestamp and the pid; nothing when no log is open. */
void sv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A message for the user: stderr, and the log. */
void sv_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
