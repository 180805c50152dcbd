#!/usr/bin/env bash
# A 1,000-point random sweep: hpc-kernel submits it as one job array (SubmitBench.java) against what a
# user would type instead, one `ssh host sbatch` per point. On the localhost cluster; run as root from
# the repository root: bench/sweep/submit.sh [POINTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
points="${1:-1000}"
install/test-cluster.sh up >/dev/null 2>&1
eval "$(install/test-cluster.sh env)"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
java -cp kernel/target/hpc-kernel.jar bench/sweep/SubmitBench.java "$points"

start=$(date +%s%N)
for i in $(seq "$points"); do
    ssh -n -F "$HPC_SSH_CONFIG" hpc sbatch --parsable -J bench-loop -t 1 -o /dev/null --wrap true > /dev/null
done
loop_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "ssh CLI:    $points x ssh hpc sbatch in $loop_ms ms"
ssh -F "$HPC_SSH_CONFIG" hpc scancel -n bench-loop || true
