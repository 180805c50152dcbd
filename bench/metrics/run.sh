#!/usr/bin/env bash
# Summarise a 1,000,000-row metrics.jsonl: hpc-kernel's streaming summariser vs Debian's pandas
# read_json(lines=True) + describe(), side by side, with peak memory of each (GNU time -v).
# Usage: bench/metrics/run.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-1000000}"
[ -x /usr/bin/time ] || { sudo apt-get install -y time >/dev/null || apt-get install -y time >/dev/null; }
WORK="${TMPDIR:-/tmp}/hpc-metrics-bench"
mkdir -p "$WORK"
FILE="$WORK/metrics-$ROWS.jsonl"
[ -s "$FILE" ] || /usr/bin/python3 bench/metrics/generate.py "$FILE" "$ROWS"
ls -l "$FILE"
[ -f kernel/target/hpc-kernel.jar ] || mvn -B -q -ntp package -DskipTests
# compile the tiny driver ahead, so source-launcher compilation is not counted against the summariser
javac -d "$WORK/classes" -cp kernel/target/hpc-kernel.jar bench/metrics/MetricsBench.java
CP="kernel/target/hpc-kernel.jar:$WORK/classes"
cat "$FILE" > /dev/null   # page cache, as in perf-anchors
measure() { # label, command...
    local label="$1"; shift
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/out.txt"
    tail -1 "$WORK/out.txt"
    local wall rss
    wall=$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$WORK/time.txt" | awk '{print $NF}')
    printf '%-12s process wall %s, peak RSS %d MB\n' "$label" "$wall" $((rss / 1024))
}
for i in 1 2 3; do
    measure hpc-kernel java -Xmx64m -XX:+UseSerialGC -cp "$CP" MetricsBench "$FILE"
    measure pandas /usr/bin/python3 bench/metrics/pandas_describe.py "$FILE"
done
