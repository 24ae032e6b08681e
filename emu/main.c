/* legacy-emu: a miniature QEMU 0.11 (legacy-emu-012: 0.12) for the shim's
 * tests and demo.  Options run in the order given, after the machine is built:
 *   --ticks N --print-state --save FILE --savevm FILE --load FILE --loadvm FILE
 *   --unplug IDSTR --reset IDSTR
 * Machine options (anywhere): --ram-mib N, --ram-seed S, --rate-limit BYTES,
 * --sections FILE ("-" for stderr), --quirk, --vga; 0.12: --disk-mib N, --disk-seed S, --blk.
 * See doc/EMU.md. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machine.h"
#include "migration.h"

#define DEFAULT_RAM_MIB 1
#define DEFAULT_DISK_MIB 2      /* the 0.12 build's disk; the 0.11 build has none */
#define DEFAULT_RATE (256 * 1024)

static FILE *sections_out;
static size_t rate = DEFAULT_RATE;
static int blk;                 /* --save migrates the disks too (0.12's migrate -b) */

static void usage(FILE *out)
{
    fputs("usage: legacy-emu [--ram-mib N] [--ram-seed S] [--rate-limit BYTES]\n"
          "                  [--sections FILE|-] [--quirk] [--vga] [ACTION...]\n"
#ifdef EMU_SAVEVM_012
          "0.12 build, also: [--disk-mib N] [--disk-seed S] [--blk]\n"
#endif
          "actions, run in order: --ticks N, --print-state, --save FILE, --savevm FILE,\n"
          "                       --unplug IDSTR, --reset IDSTR, --load FILE, --loadvm FILE\n", out);
}

static void report_section(const SaveStateEntry *se, int64_t offset, int64_t length)
{
    fprintf(sections_out, "%s %d %d %" PRId64 " %" PRId64 "\n", se->idstr, se->instance_id,
            se->version_id, offset, length);
}

static uint64_t number(const char *opt, const char *arg, uint64_t max)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = arg ? strtoull(arg, &end, 0) : 0;
    if (!arg || errno || *end || end == arg || v > max || arg[0] == '-') {
        fprintf(stderr, "legacy-emu: %s needs a number up to %" PRIu64 "\n", opt, max);
        exit(2);
    }
    return v;
}

/* options without an argument that are not actions */
static int is_switch(const char *opt)
{
#ifdef EMU_SAVEVM_012
    if (strcmp(opt, "--blk") == 0)
        return 1;
#endif
    return strcmp(opt, "--quirk") == 0 || strcmp(opt, "--vga") == 0;
}

static int takes_arg(const char *opt)
{
    static const char *const with_arg[] = { "--ram-mib", "--ram-seed", "--rate-limit",
                                            "--sections", "--ticks", "--save", "--savevm",
                                            "--load", "--loadvm", "--unplug", "--reset",
#ifdef EMU_SAVEVM_012
                                            "--disk-mib", "--disk-seed",
#endif
                                          };

    for (size_t i = 0; i < sizeof with_arg / sizeof with_arg[0]; i++)
        if (strcmp(opt, with_arg[i]) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    struct emu_config cfg = { .ram_bytes = DEFAULT_RAM_MIB << 20, .disk_bytes = DEFAULT_DISK_MIB << 20 };

    /* pass 1: the machine's shape, and checks on every option */
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(opt, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (!takes_arg(opt) && strcmp(opt, "--print-state") != 0 && !is_switch(opt)) {
            fprintf(stderr, "legacy-emu: unknown option %s\n", opt);
            usage(stderr);
            return 2;
        }
        if (takes_arg(opt) && !arg) {
            fprintf(stderr, "legacy-emu: %s needs an argument\n", opt);
            return 2;
        }
        if (strcmp(opt, "--ram-mib") == 0)
            cfg.ram_bytes = number(opt, arg, 65536) << 20;
        else if (strcmp(opt, "--disk-mib") == 0)
            cfg.disk_bytes = number(opt, arg, 1024) << 20;
        else if (strcmp(opt, "--disk-seed") == 0) {
            cfg.disk_seed = number(opt, arg, UINT64_MAX);
            cfg.disk_seeded = 1;
        } else if (strcmp(opt, "--blk") == 0)
            blk = 1;
        else if (strcmp(opt, "--ram-seed") == 0) {
            cfg.ram_seed = number(opt, arg, UINT64_MAX);
            cfg.ram_seeded = 1;
        } else if (strcmp(opt, "--rate-limit") == 0)
            rate = number(opt, arg, SIZE_MAX);
        else if (strcmp(opt, "--sections") == 0) {
            sections_out = strcmp(arg, "-") == 0 ? stderr : fopen(arg, "w");
            if (!sections_out) {
                fprintf(stderr, "legacy-emu: %s: %s\n", arg, strerror(errno));
                return 1;
            }
        } else if (strcmp(opt, "--ticks") == 0)
            number(opt, arg, UINT32_MAX);
        else if (strcmp(opt, "--quirk") == 0)
            cfg.quirk = 1;
        else if (strcmp(opt, "--vga") == 0)
            cfg.vga = 1;
        i += takes_arg(opt);
    }
    if (cfg.ram_bytes == 0) {
        fprintf(stderr, "legacy-emu: --ram-mib must be at least 1\n");
        return 2;
    }
    if (sections_out)
        savevm_set_section_hook(report_section);

    machine_init(&cfg);

    /* pass 2: the actions, in order */
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *arg = argv[i + 1];

        if (strcmp(opt, "--print-state") == 0) {
            machine_print_state(stdout);
            fflush(stdout);
            continue;
        }
        if (is_switch(opt))
            continue;
        if (strcmp(opt, "--ticks") == 0) {
            for (uint64_t n = number(opt, arg, UINT32_MAX); n > 0; n--)
                machine_tick();
        } else if (strcmp(opt, "--save") == 0) {
            if (emu_migrate(arg, rate, blk) < 0)
                return 1;
        } else if (strcmp(opt, "--savevm") == 0) {
            emu_savevm(arg);
        } else if (strcmp(opt, "--load") == 0) {
            if (emu_incoming(arg) < 0)
                return 1;
        } else if (strcmp(opt, "--loadvm") == 0) {
            emu_loadvm(arg);
        } else if (strcmp(opt, "--reset") == 0) {
            int k = machine_reset(arg);

            if (k <= 0) {
                fprintf(stderr, k == 0 ? "legacy-emu: --reset: no device \"%s\"\n"
                                       : "legacy-emu: --reset: \"%s\" has no reset handler, as in 0.11\n",
                        arg);
                return 2;
            }
        } else if (strcmp(opt, "--unplug") == 0) {
            if (machine_unplug(arg) == 0) {
                fprintf(stderr, "legacy-emu: --unplug: no device \"%s\"\n", arg);
                return 2;
            }
        }
        i++;
    }
    if (sections_out && sections_out != stderr && fclose(sections_out) != 0) {
        perror("legacy-emu: --sections");
        return 1;
    }
    return 0;
}
