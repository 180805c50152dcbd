#!/usr/bin/env bash
# Cluster path benchmarks on the localhost cluster: warm status/submit over hpc-kernel's reused SSH
# session vs the plain ssh CLI, and the client-side cost of status for 1,000 and 10,000 jobs.
# Usage: sudo bench/cluster/run.sh [N]   (brings the test cluster up if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
install/test-cluster.sh up >/dev/null 2>&1
eval "$(install/test-cluster.sh env)"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
exec java -cp kernel/target/hpc-kernel.jar bench/cluster/ClusterBench.java "$@"
