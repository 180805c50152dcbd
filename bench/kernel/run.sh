#!/usr/bin/env bash
# Builds the kernel, installs it (with its AppCDS archive) into a temporary prefix, and compares it
# with Debian's ipykernel: launch to first result, the next cell, a magic first cell (ratios).
# Usage: bench/kernel/run.sh [LAUNCHES] [EXECUTES]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
java -jar kernel/target/hpc-kernel.jar install --prefix "$prefix" >/dev/null
JUPYTER_PATH="$prefix/share/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -Xfrozen_modules=off bench/kernel/bench_kernel.py "$@"
