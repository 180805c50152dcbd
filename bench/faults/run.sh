#!/usr/bin/env bash
# Soak of injected faults on the localhost Slurm (install/test-cluster.sh up first, as root): each
# kind repeated, each round asserting one job in Slurm and a ledger that knows it (SubmissionFaultsIT,
# SweepBatchFaultsIT, and GridEngineFaultsIT on the localhost Grid Engine).
#   bench/faults/run.sh [STALLS] [CUTS] [KILL_ROUNDS] [SWEEP_STALLS] [SGE_ROUNDS]
#   (a kill round is 12 faults; an SGE round is a stalled qmaster, a cut and 12 kills; defaults 200 200 20 20 5)
# Prints the outcome of every fault and the totals: duplicates and untracked jobs must both be 0
# (any would fail the run). Takes about 14 s a stall, 6 s a cut, 30 s a kill round and 18 s a stall
# during a sweep batch on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
STALLS=${1:-200} CUTS=${2:-200} KILLS=${3:-20} SWEEPS=${4:-20} SGE=${5:-5}
eval "$(install/test-cluster.sh env)"
mvn -B -ntp -q -pl magics -am install -DskipTests
start=$(date +%s)
mvn -B -ntp -pl magics verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='SubmissionFaultsIT,SweepBatchFaultsIT,GridEngineFaultsIT' \
    -Dfaults.rounds.stall="$STALLS" -Dfaults.rounds.cut="$CUTS" -Dfaults.rounds.kill="$KILLS" -Dfaults.rounds.sweep="$SWEEPS" \
    -Dfaults.rounds.sge="$SGE" | tee /tmp/faults-soak.log \
    | grep -E '^\[faults\]|Tests run:' || true
end=$(date +%s)
stalls=$(grep -c '^\[faults\] stalled controller, round' /tmp/faults-soak.log || true)
took=$(grep -c '^\[faults\] stalled controller.*took the job after all' /tmp/faults-soak.log || true)
cuts=$(grep -c '^\[faults\] connection cut' /tmp/faults-soak.log || true)
kills=$(grep '^\[faults\] kernel killed' /tmp/faults-soak.log | grep -vc 'during qsub' || true)
sweeps=$(grep -c '^\[faults\] stalled controller during a sweep batch' /tmp/faults-soak.log || true)
sge=$(grep -c '^\[faults\] \(stalled qmaster\|connection cut during qsub\|kernel killed during qsub\)' /tmp/faults-soak.log || true)
failed=$(grep -c 'FAILURE' /tmp/faults-soak.log || true)
echo "faults injected: $stalls stalled controllers ($took answered 'took it after all'), $cuts connection cuts, $kills kernel kills, $sweeps stalls during a sweep batch, $sge Grid Engine faults"
echo "runs that broke exactly-once (a duplicate or an untracked job): $failed   ($((end - start)) s)"
