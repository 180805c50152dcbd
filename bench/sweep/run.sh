#!/usr/bin/env bash
# Sweep benchmarks: hpc-kernel's TPE/random (Java main in magics' test tree) and Optuna's TPE
# (Debian's python3-optuna), printed one after the other. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl magics test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "magics/target/test-classes:magics/target/classes:$(cat magics/target/bench-cp.txt)" org.hpckernel.sweep.SweepBench
echo
echo "(a') Optuna, same space and protocol"
/usr/bin/python3 bench/sweep/optuna_tpe.py
