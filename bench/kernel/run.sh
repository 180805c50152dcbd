#!/usr/bin/env bash
# Builds the kernel, installs it (with its AppCDS archive) into a temporary prefix, and compares it
# with Debian's ipykernel: launch to first result, the next cell, a magic first cell (ratios).
# Usage: bench/kernel/run.sh [LAUNCHES] [EXECUTES]; bench/kernel/run.sh trace [LAUNCHES] prints where each
# launch's time goes (start_trace.py); cell_profile.sh profiles a later cell; levers.py compares JVM flag sets.
#
# Figures, hpc-kernel / ipykernel (2 cores; medians of 8 launches, 40 settled cells):
#                                      session 3 (loaded)     session 4 (quiet, 2026-11-29 17:28)
#   launch -> first `1 + 1` result        1.65x, 2.5x            1.21x (1,483 vs 1,224 ms); 1.18-1.29x in later runs
#   next trivial cell (2nd `1 + 1`)       5.2x, 6.4x             4.3x (38.6 vs 8.9 ms); 4.3-5.6x
#   launch -> magic first cell            0.84x                  1.20x (1,292 vs 1,075 ms); 1.04-1.26x
#   settled trivial cell                  -                      3.3x (21.0 vs 6.3 ms)
#   launch -> kernel_info                 -                      0.89x
# Where the time goes (start_trace.py: HPC_KERNEL_TRACE_START=1 prints each step's time since the JVM
# was created): main at ~80 ms; JShell's build and its 9 startup imports (javac's first compile, ~0.5 s
# of CPU with the AppCDS archive) run from main on their own thread and end at 1.0-1.2 s; the wire
# listens at 0.6-0.7 s and kernel_info is answered at once; the client's first execute arrives at ~1.0 s
# and waits for JShell, then its cold first eval takes ~0.2 s. On 2 cores three starts share the CPU
# (JShell, the wire and magics, Tablesaw's classpath scan), so launch -> first result is bounded by
# javac's cold start: ~1.3 s in the kernel, plus ~0.2 s in the client, against ipykernel's 1.1-1.2 s.
# A later trivial cell (cell_profile.sh, JFR): ~15-20 ms inside JShell, of which ~60% is javac's task
# pool recycling its context per task (ReusableContext.clear walks every class symbol; Symbol.packge
# alone ~30%), ~28% the analysis pass that types the expression and ~15% the compile; JShell runs three
# javac tasks per expression cell. The rest of the ~21-38 ms is the protocol, display and C1-only code.
# What each lever gave:
#   session 3 (launch -> first result, loaded): Java 17 no cache 9.2 s; + AppCDS trained with real cells
#     6.2 s; + C1 only 3.1 s (installed); JDK 25 AOT cache + C1 3.8 s (used when install runs on 25+)
#   session 4: each cell's value no longer kept as a $N snippet (JShell imported every one into every
#     later compile): trivial cell after 600 cells 42 -> 15 ms, settled 45 -> 21-29 ms in the kernel;
#     JShell started first at launch and its warm-up queued behind a waiting first cell (the cell warms
#     it): first result 2.24 -> 1.48-1.78 s (loaded 1.89x -> 1.42x); completion's class index left to the
#     first Tab (warmed at start it made the second cell wait: 99 -> 37 ms); Tablesaw at launch or once
#     the wire listens: within noise (first result 1,726 vs 1,675 ms, magic cell 1,475 vs 1,540 ms).
#   Magic cells never wait for JShell (%lsmagic waits only for Tablesaw's scan when it needs a table).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
java -jar kernel/target/hpc-kernel.jar install --prefix "$prefix" >/dev/null
script=bench/kernel/bench_kernel.py
if [ "${1:-}" = trace ]; then script=bench/kernel/start_trace.py; shift; fi
JUPYTER_PATH="$prefix/share/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -Xfrozen_modules=off "$script" "$@"
