/*
 * The descriptor of a VMState section, derived from its
 * VMStateDescription in the running process (issue 13 item 2).
 *
 * Integration point: the derivation library (descriptors/vms.h, branch
 * i13-offline) reads a description through a reader (bytes at an address,
 * the symbol at an address) and builds a struct sv_desc.  Until it is in
 * this tree no section is described here: the wrapped VMState sections
 * are saved opaque (their exact bytes, tagged, loading back through the
 * binary's own vmstate_load_state), and the reason is logged.
 */
#include <config.h>

#include <stdio.h>

#include "shim.h"

const struct sv_desc *sv_vmsd_descriptor(const void *vmsd, char *why, size_t whylen)
{
    (void)vmsd;
    snprintf(why, whylen, "no descriptor is derived in-process in this build (the VMState derivation "
                          "library is not linked)");
    return NULL;
}
