#!/bin/sh
# Link a binary the way a release is shipped: linked with a build id, then
# stripped, its debug info kept apart where debuggers (and the shim) look:
# beside the binary, named by .gnu_debuglink, and as
# DEBUGDIR/.build-id/XX/YYYY....debug.
# usage: link-stripped.sh OBJCOPY READELF OUT DEBUGDIR CC ARGS... (no -o)
set -e
objcopy=$1 readelf=$2 out=$3 debugdir=$4
shift 4
full=$out.full
debug=$out.debug

"$@" -Wl,--build-id -o "$full"
id=$("$readelf" -n "$full" | sed -n 's/^ *Build ID: *\([0-9a-f]*\).*/\1/p')
if test -z "$id"; then
    echo "link-stripped.sh: $full has no build id" >&2
    exit 1
fi
"$objcopy" --only-keep-debug "$full" "$debug"
"$objcopy" --strip-all --add-gnu-debuglink="$debug" "$full" "$out"
rm -f "$full"
dir=$debugdir/.build-id/$(echo "$id" | cut -c1-2)
mkdir -p "$dir"
cp "$debug" "$dir/$(echo "$id" | cut -c3-).debug"
