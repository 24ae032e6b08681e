/* t/vms-fixture as a program of its own, for svtool descriptors --from-binary. */
#include <config.h>

#include "vms-fixture.h"

int main(void)
{
    /* every table is reached from here, so the linker keeps them */
    return vms_fixture_syms[0].addr && vms_fixture_roots[0] ? 0 : 1;
}
