/*
 * Memory for libffi closures.  The shim's closures are made while the
 * emulator starts (two per device), so where they live is start-up time.
 */
#ifndef SV_CLOSURE_H
#define SV_CLOSURE_H

#include <ffi.h>

/* A zeroed closure to prepare with ffi_prep_closure_loc at *code; NULL when
 * out of memory. */
ffi_closure *sv_closure_alloc(void **code);
void sv_closure_free(ffi_closure *cl);
/* Tests: 1 sends every later allocation to ffi_closure_alloc, as on a host
 * that refuses writable executable mappings. */
void sv_closure_use_libffi(int on);

#endif
