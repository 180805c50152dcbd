#!/usr/bin/env bash
# Sweep benchmarks: hpc-kernel's TPE (Java main in magics' test tree) side by side with Debian's Optuna 3.1
# TPE (/usr/bin/python3). Run from anywhere; takes ~10 minutes on 2 cores (the RF/GB table, ~2 min, is
# computed once and cached in /tmp). The Optuna studies run first (in BENCH_JOBS processes), then SweepBench
# runs ours and prints both in one table.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/usr/bin:$PATH
TABLE=$(/usr/bin/python3 bench/sweep/rfgb_table.py /tmp/hpc-kernel-rfgb-v1.tsv)
QUALITY=/tmp/hpc-kernel-optuna-quality.tsv
echo "(a') Optuna, same space and protocol as (a) below"
/usr/bin/python3 bench/sweep/optuna_tpe.py "$QUALITY" "$TABLE"
mvn -B -q -pl magics test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "magics/target/test-classes:magics/target/classes:$(cat magics/target/bench-cp.txt)" \
    org.hpckernel.sweep.SweepBench "$QUALITY" "$TABLE"
