/* SAVEVM_SHIM_* parsing: defaults, each variable, bad values, unknown names. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "settings.h"
#include "tap.h"

static int warned;
static char last_warned[64];

static void warn(const char *name)
{
    warned++;
    snprintf(last_warned, sizeof last_warned, "%s", name);
}

static int parse(struct sv_config *c, char *err, const char *a, const char *b)
{
    char *env[] = { (char *)a, (char *)b, "PATH=/bin", NULL };

    if (!b)
        env[1] = "HOME=/";
    err[0] = 0;
    warned = 0;
    return sv_config_parse(env, c, err, 256, warn);
}

int main(void)
{
    struct sv_config c;
    char err[256];

    tap_init();
    plan_lazy();

    ok(parse(&c, err, "X=1", NULL) == 0, "no variables parse");
    ok(c.format == SV_FORMAT_TAGGED && !c.release && !c.symbols && !c.log && !c.require &&
       !c.debug_dir && c.check_fd == -1, "defaults: tagged, nothing else set");
    ok(parse(&c, err, "SAVEVM_SHIM_FORMAT=legacy", "SAVEVM_SHIM_RELEASE=0.10") == 0 &&
       c.format == SV_FORMAT_LEGACY && c.release && strcmp(c.release->name, "0.10") == 0, "format and release");
    ok(parse(&c, err, "SAVEVM_SHIM_REQUIRE=1", "SAVEVM_SHIM_LOG=/tmp/x.log") == 0 && c.require &&
       strcmp(c.log, "/tmp/x.log") == 0, "require and log");
    ok(parse(&c, err, "SAVEVM_SHIM_SYMBOLS=/m", "SAVEVM_SHIM_DEBUG_DIR=/d") == 0 &&
       strcmp(c.symbols, "/m") == 0 && strcmp(c.debug_dir, "/d") == 0, "symbols and debug dir");

    ok(parse(&c, err, "SAVEVM_SHIM_FORMAT=xml", NULL) < 0, "a bad format is refused");
    is_str(err, "savevm-shim: SAVEVM_SHIM_FORMAT: bad value \"xml\" (allowed: tagged, legacy)",
           "the message has the variable, the value and what is allowed");
    ok(parse(&c, err, "SAVEVM_SHIM_RELEASE=0.13", NULL) < 0 &&
       strstr(err, "allowed: 0.10, 0.11, emu, 0.12, qemu-kvm-0.12"),
       "a bad release is refused");
    ok(parse(&c, err, "SAVEVM_SHIM_SOURCE_RELEASE=0.10", NULL) == 0 && c.source_release &&
       strcmp(c.source_release->name, "0.10") == 0 && !c.release, "source release");
    ok(parse(&c, err, "X=1", NULL) == 0 && !c.source_release, "... none by default");
    ok(parse(&c, err, "SAVEVM_SHIM_SOURCE_RELEASE=0.10.6", NULL) < 0, "a bad source release is refused");
    is_str(err, "savevm-shim: SAVEVM_SHIM_SOURCE_RELEASE: bad value \"0.10.6\" (allowed: 0.10, 0.11, emu, 0.12, "
           "qemu-kvm-0.12, emu-0.12, emu-next)", "... naming the variable, the value and the releases");
    ok(parse(&c, err, "SAVEVM_SHIM_REQUIRE=yes", NULL) < 0 && strstr(err, "\"yes\""),
       "a bad require is refused");
    ok(parse(&c, err, "SAVEVM_SHIM_LOG=", NULL) < 0, "an empty log path is refused");

    ok(parse(&c, err, "SAVEVM_SHIM_FROBNICATE=1", NULL) == 0 && warned == 1, "an unknown name is warned about");
    is_str(last_warned, "SAVEVM_SHIM_FROBNICATE", "the warning names it");
    ok(parse(&c, err, "SAVEVM_SHIM_LIBRARY=/x.so", NULL) == 0 && warned == 0,
       "the launcher's SAVEVM_SHIM_LIBRARY is known");
    ok(parse(&c, err, "SAVEVM_SHIM_LEGACY_QEMU=/q", NULL) == 0 && warned == 0,
       "the test suite's SAVEVM_SHIM_LEGACY_* are known");
    ok(parse(&c, err, "SAVEVM_SHIM_CHECK=7", NULL) == 0 && c.check_fd == 7, "check fd");
    ok(parse(&c, err, "SAVEVM_SHIM_CHECK=7x", NULL) < 0 && strstr(err, "a file descriptor number"),
       "a bad check fd is refused");

    /* the launcher checks its options the same way */
    ok(sv_config_check("SAVEVM_SHIM_RELEASE", "0.11", "--release", err, 256) == 0, "check: a good release");
    ok(sv_config_check("SAVEVM_SHIM_RELEASE", "0.9", "--release", err, 256) < 0, "check: a bad one");
    is_str(err, "savevm-shim: --release: bad value \"0.9\" (allowed: 0.10, 0.11, emu, 0.12, qemu-kvm-0.12, emu-0.12, emu-next)",
           "... named by the option");
    ok(sv_config_check("SAVEVM_SHIM_SOURCE_RELEASE", "0.11", "--source-release", err, 256) == 0,
       "check: a good source release");
    ok(sv_config_check("SAVEVM_SHIM_SOURCE_RELEASE", "", "--source-release", err, 256) < 0 &&
       strstr(err, "savevm-shim: --source-release: bad value \"\" (allowed: 0.10,"), "check: a bad one, named by the option");
    ok(sv_config_check("SAVEVM_SHIM_LOG", "", "--log", err, 256) < 0 && strstr(err, "a path"),
       "check: an empty path");
    return 0;
}
