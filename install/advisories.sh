#!/usr/bin/env bash
# Lists known advisories (OSV: GitHub advisories, CVEs) for every library the kernel ships.
#
#   install/advisories.sh              runtime dependencies of magics and kernel (what the fat jar holds)
#   install/advisories.sh --test       test-scope dependencies too
#
# Asks OSV's querybatch API (OSV_URL, default https://api.osv.dev) one question for all of them. Without
# network, OSV_DIR=<folder of OSV JSON records> answers from files instead: OSV's Maven export
# (osv-vulnerabilities bucket, Maven/all.zip, unzipped) or advisories in the same schema.
# Prints one line per advisory and exits 1 when there is any, 0 when there is none, 2 when OSV could not
# be asked. Build plugins and their dependencies are not scanned (they never reach the jar).
set -euo pipefail
cd "$(dirname "$0")/.."
scope=runtime
[ "${1:-}" = "--test" ] && scope=test
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# -o would miss versions not yet downloaded; the listing itself downloads nothing but poms and jars
mvn -B -ntp -q -Dstyle.color=never -pl magics,kernel dependency:list -DincludeScope="$scope" -DexcludeGroupIds=org.hpckernel \
    -DoutputFile="$out/list.txt" -DappendOutput=true > "$out/mvn.log" 2>&1 || { cat "$out/mvn.log"; exit 2; }
exec /usr/bin/python3 install/advisories/osv.py "$out/list.txt"
