#!/usr/bin/env bash
# Early-termination bench: learning curves recorded once by curves.py (Debian's python3-sklearn), then sweeps
# replayed over them in Java with hpc-kernel's samplers and pruners (org.hpckernel.sweep.prune.EarlyBench).
# Run from anywhere; about 6 minutes on 2 busy cores. CURVES=path reuses a recorded file.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CURVES="${CURVES:-magics/target/early-curves.json}"
mkdir -p magics/target
if [ ! -s "$CURVES" ]; then
  /usr/bin/python3 bench/sweep/early/curves.py "$CURVES"
fi
mvn -B -q -o -pl magics test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
java -cp "magics/target/test-classes:magics/target/classes:$(cat magics/target/bench-cp.txt)" org.hpckernel.sweep.prune.EarlyBench "$CURVES"
