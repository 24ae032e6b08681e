#!/bin/sh
# make demo: the shim's story on the bundled legacy emulator (see README).
set -eu
top=${1:?usage: demo.sh BUILDDIR}
emu=$top/emu/legacy-emu
svtool=$top/svtool
SAVEVM_SHIM_LIBRARY=$top/shim/.libs/libsavevm-shim.so
export SAVEVM_SHIM_LIBRARY
shim="$top/savevm-shim --log"
work=$(mktemp -d "${TMPDIR:-/tmp}/savevm-shim-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"

step() { printf '\n== %s\n' "$*"; }

step "1. A legacy emulator runs 50 ticks and saves a legacy snapshot (no shim)"
"$emu" --ticks 50 --print-state --save legacy.sv > state-before.txt
echo "legacy.sv: $(wc -c < legacy.sv) bytes; device sections are raw bytes without names or lengths"

step "2. The same machine under the shim saves a tagged snapshot"
$shim shim.log "$emu" --ticks 50 --save tagged.sv
grep -c 'tagged, ' shim.log | sed 's/^/device sections written with named fields: /'
grep 'opaque' shim.log | sed 's/^[^"]*/  opaque: /' || true

step "3. svtool reads the tagged snapshot without the emulator"
"$svtool" dump --section i8254:64 tagged.sv

step "4. The unshimmed emulator refuses the tagged snapshot instead of misreading it"
if "$emu" --load tagged.sv 2> refused.txt; then
    echo "unexpected: the legacy loader accepted a tagged snapshot" >&2
    exit 1
fi
cat refused.txt

step "5. Under the shim both snapshots load, and the machine state is the same"
$shim shim.log "$emu" --load tagged.sv --print-state > state-tagged.txt
$shim shim.log "$emu" --load legacy.sv --print-state > state-legacy.txt
cmp state-before.txt state-tagged.txt
cmp state-before.txt state-legacy.txt
echo "state after loading tagged.sv and legacy.sv: identical to the saved machine ($(wc -l < state-before.txt) lines)"

step "6. Back to the legacy format (for an unmodified binary): byte-identical to step 1"
SAVEVM_SHIM_FORMAT=legacy $shim shim.log "$emu" --load tagged.sv --save back.sv
cmp legacy.sv back.sv && echo "back.sv == legacy.sv"
"$svtool" convert --to legacy tagged.sv offline.sv
cmp legacy.sv offline.sv && echo "svtool convert --to legacy gives the same bytes offline"

step "7. A damaged snapshot is caught offline, and ends the emulator instead of running on"
size=$(wc -c < tagged.sv)
head -c $((size - 300)) tagged.sv > cut.sv
echo "cut.sv: tagged.sv without its last 300 bytes"
if "$svtool" check cut.sv; then
    echo "unexpected: svtool check passed a truncated snapshot" >&2
    exit 1
fi
if $shim shim.log "$emu" --loadvm cut.sv --print-state > /dev/null; then
    echo "unexpected: a truncated snapshot loaded" >&2
    exit 1
fi
"$emu" --loadvm cut.sv --print-state > /dev/null 2>&1 &&
    echo "(without the shim, the legacy --loadvm carries on with partial state)"
echo "demo: all steps passed"
