#!/bin/sh
# fuzz/seed-qcow2.sh MKQCOW2 CORPUS: the qcow2 harness's seeds, small images
# (512-byte and 4 KiB clusters) holding the stream harness's emulator saves.
set -e
mk=$1
out=$2/qcow2
legacy=$2/stream/emu-legacy.sv
tagged=$2/stream/emu-tagged.sv
mkdir -p "$out"
"$mk" --cluster-bits 9 "$out/v2-512" a="$legacy" b="$tagged" c=
"$mk" --cluster-bits 9 --compress "$out/v2-512-compressed" a="$legacy"
"$mk" --cluster-bits 9 --holes --backing base.img "$out/v2-512-backing" a="$legacy"
"$mk" --version 3 --cluster-bits 9 --zero-clusters --extra 64 "$out/v3-512-zero-extra" a="$tagged"
"$mk" --version 3 --cluster-bits 12 --compress --disk-size 100000 "$out/v3-4k-compressed" a="$legacy" b="$tagged"
