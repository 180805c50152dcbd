#!/usr/bin/env bash
# A JFR profile of the trivial cell (`1 + 1`) inside JShell with the kernel's classpath and C1-only JIT
# as installed: where the time of a later cell goes. Usage: bench/kernel/cell_profile.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
jar=kernel/target/hpc-kernel.jar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/samples.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">2 ms</setting></event>
</configuration>
JFC
java -XX:TieredStopAtLevel=1 -XX:StartFlightRecording=filename="$out/cell.jfr",settings="$out/samples.jfc" \
    -cp "$jar" bench/kernel/CellLoop.java "$jar" 100 "${1:-400}" 2>&1 | grep -v -i 'flight\|jfr'
python3 bench/kernel/jfr_summary.py "$out/cell.jfr"
