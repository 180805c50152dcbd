#!/usr/bin/env bash
# Cluster.get / Cluster.put of a 1 GiB file (streamed over the profile's SFTP channel, SHA-256 checked on
# both sides) against scp of the same file, median of N runs (default 3), ratio printed. Needs the
# test cluster (install/test-cluster.sh up). The 1 GiB files are deleted at the end, here and remote.
# Usage: bench/files/run.sh [N]
# The JVM runs with the kernel's own JIT setting (kernel.json: -XX:TieredStopAtLevel=1), since a notebook's
# copies run inside the kernel; JAVA_FLAGS overrides it (JAVA_FLAGS= for the JVM's default, C2 included).
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(install/test-cluster.sh env)"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
exec java ${JAVA_FLAGS--XX:TieredStopAtLevel=1} -cp kernel/target/hpc-kernel.jar bench/files/FilesBench.java "$@"
