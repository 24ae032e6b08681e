#!/bin/sh
# make demo: placeholder until the emulator and shim exist.
echo "savevm-shim demo: nothing to run yet"
