#!/usr/bin/env bash
# Checks the advisory scan itself, offline: the records in known/ (transcribed by hand from the advisories
# named in issue 16, see each file's database_specific) must flag the pre-upgrade dependency list
# (before-upgrade.txt) and not today's, through both paths: OSV_DIR files, and the HTTP API (a stand-in
# for OSV on 127.0.0.1). The records are a test input, not an advisory source: the scan proper is
# ../advisories.sh against OSV.
set -euo pipefail
cd "$(dirname "$0")"
fail() { echo "FAIL: $*"; exit 1; }
now=$(mktemp -d)
server=
trap 'rm -rf "$now"; [ -n "$server" ] && kill "$server"' EXIT
(cd ../.. && mvn -B -ntp -q -Dstyle.color=never -pl magics,kernel dependency:list -DincludeScope=runtime \
    -DexcludeGroupIds=org.hpckernel -DoutputFile="$now/list.txt" -DappendOutput=true) > "$now/mvn.log" 2>&1 \
    || { cat "$now/mvn.log"; fail "mvn dependency:list"; }
set +e
OSV_DIR=known python3 osv.py before-upgrade.txt > "$now/before.out"; before=$?
OSV_DIR=known python3 osv.py "$now/list.txt" > "$now/after.out"; after=$?
python3 fake_osv.py known > "$now/port" & server=$!
for _ in $(seq 50); do [ -s "$now/port" ] && break; sleep 0.1; done
OSV_URL="http://127.0.0.1:$(cat "$now/port")" python3 osv.py before-upgrade.txt > "$now/before-http.out"; before_http=$?
OSV_URL="http://127.0.0.1:$(cat "$now/port")" python3 osv.py "$now/list.txt" > "$now/after-http.out"; after_http=$?
set -e
cat "$now/before.out"
[ "$before" = 1 ] && grep -q "plexus-utils:3.5.1  GHSA-6fmv-xxpf-w3cw" "$now/before.out" \
    && grep -q "jackson-core:2.18.2  GHSA-r7wm-3cxj-wff9" "$now/before.out" || fail "the old versions are not flagged"
grep -q "sqlite-jdbc" "$now/before.out" && fail "sqlite-jdbc 3.47.1.0 flagged for an advisory fixed in 3.41.2.2"
[ "$after" = 0 ] && grep -q "^0 advisories" "$now/after.out" || { cat "$now/after.out"; fail "today's dependencies are flagged"; }
diff <(tail -n +2 "$now/before.out") <(tail -n +2 "$now/before-http.out") || fail "the HTTP path answers differently"
[ "$before_http" = 1 ] && [ "$after_http" = 0 ] || fail "HTTP path exit codes $before_http/$after_http, want 1/0"
echo "advisory scan check: $(grep -c '^[a-z]' "$now/before.out") flagged before the upgrade, none now, files and HTTP alike"
