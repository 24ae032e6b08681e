/*
 * The shim's log (only where SAVEVM_SHIM_LOG says, never stdout) and its
 * one way out of the emulator's process.
 */
#ifndef SV_LOG_H
#define SV_LOG_H

void sv_log_open(const char *path);
/* One line with a timestamp and the pid; nothing when no log is open. */
void sv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A message for the user: stderr, and the log. */
void sv_complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Ends the emulator: the only exit in the shim.  The message (NULL for
 * none, as when --check succeeds) goes to stderr once and to the log, then
 * the log records the status.  _exit: the emulator's atexit handlers and
 * stdio buffers belong to a process the shim is giving up on.
 */
void sv_shim_exit(int status, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

#endif
