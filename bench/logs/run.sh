#!/usr/bin/env bash
# %hpc logs --tail on a 1 GB log over the localhost SSH profile: warm time per tail (< 0.3 s target)
# and JVM RSS growth over 100 tails (< 20 MB target). Needs the test cluster (install/test-cluster.sh up).
# Usage: bench/logs/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(install/test-cluster.sh env)"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
# a fixed, pre-touched heap: RSS growth then means what the tails keep (native buffers, code), not the
# collector touching heap pages it had reserved anyway (the heap after GC is printed too)
exec java -Xms128m -Xmx128m -XX:+AlwaysPreTouch -cp kernel/target/hpc-kernel.jar bench/logs/LogsBench.java "$@"
