#!/usr/bin/env bash
# %hpc queue warm (Cluster.queue over the reused SSH session) vs `ssh hpc squeue --start` (a new ssh
# process each time) on the localhost Slurm; prints medians and the ratio. See README.md.
# Usage: bench/queue/run.sh [N]   (the test cluster must be up: sudo install/test-cluster.sh up)
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(install/test-cluster.sh env)"
# the test classpath of magics (its classes and unshaded dependencies), as surefire records it
mvn -B -q -ntp ${MVN_OFFLINE:+-o} -pl magics test -Dtest=ShellTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
CP=$(grep -o 'name="surefire.test.class.path" value="[^"]*"' magics/target/surefire-reports/TEST-org.hpckernel.cluster.ShellTest.xml \
    | sed 's/^.*value="//; s/"$//')
exec java -cp "$CP" bench/queue/QueueBench.java "$@"
