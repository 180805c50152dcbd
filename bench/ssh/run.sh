#!/usr/bin/env bash
# A command over hpc-kernel's reused SSH session vs `ssh -F $HPC_SSH_CONFIG hpc true` (a new connection
# each time): medians and their ratio. Needs the test cluster (install/test-cluster.sh up).
# Usage: bench/ssh/run.sh [REUSED_RUNS=50] [SSH_RUNS=5]
# JAVA_FLAGS defaults to the kernel's own JIT setting (kernel.json: -XX:TieredStopAtLevel=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(install/test-cluster.sh env)"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
exec java ${JAVA_FLAGS--XX:TieredStopAtLevel=1} -cp kernel/target/hpc-kernel.jar bench/ssh/SshBench.java "$@"
