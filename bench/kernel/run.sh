#!/usr/bin/env bash
# Builds the kernel, installs it (with its AppCDS archive) into a temporary prefix, and compares it
# with Debian's ipykernel: launch to first result, the next cell, a magic first cell (ratios).
# Usage: bench/kernel/run.sh [LAUNCHES] [EXECUTES]. bench/kernel/levers.py compares JVM flag sets in turn.
#
# Figures (2026-11-29, 2 cores under a load of ~9-10 from parallel builds, so every figure is slow
# and noisy; ratios are what to compare). hpc-kernel / ipykernel:
#                                      before (quiet; loaded)   after (loaded, two runs)
#   launch -> first `1 + 1` result        1.5x; 3.4x             1.65x, 2.5x
#   next trivial cell (2nd `1 + 1`)       11x; 23x               5.2x, 6.4x
#   launch -> magic first cell            2.5-4 s; 2.4x          0.84x
# ("loaded before" was measured with JShell already off the execution thread.)
# What each lever gave (levers.py, launch -> first result, medians of 5, same load):
#   Java 17, no cache, C2                  9.2 s   next cell 184 ms
#   + AppCDS trained with real cells       6.2 s             237 ms
#   + C1 only (-XX:TieredStopAtLevel=1)    3.1 s             102 ms   <- installed on Java 17
#   JDK 25, AOT cache (JEP 483/515) + C1   3.8 s             101 ms   (used when install runs on 25+)
#   magic cell no longer queued behind JShell's start; Tablesaw's classpath scan (Table's static
#   initialiser) moved to a background thread at launch: first magic cell 4.3 s -> 0.2 s after ready.
#   One-line cells skip the snippet-splitting parse (not measurable at this load).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
java -jar kernel/target/hpc-kernel.jar install --prefix "$prefix" >/dev/null
JUPYTER_PATH="$prefix/share/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -Xfrozen_modules=off bench/kernel/bench_kernel.py "$@"
