#!/usr/bin/env bash
# The project's test command (the README's, and what .ci/run calls). As root on a fresh Debian 12:
# installs what the tests need, brings up the real localhost parts (sshd + Slurm with accounting,
# Grid Engine), then runs every unit and integration test with Maven (`mvn verify`).
#
#   install/test.sh            everything
#   install/test.sh -pl magics any extra arguments go to Maven
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
say() { printf '[test %4ds] %s\n' $(( $(date +%s) - T0 )) "$*"; }
[ "$(id -u)" = 0 ] || { echo "install/test.sh brings up sshd, Slurm and Grid Engine: run it as root (sudo)" >&2; exit 2; }

# Debian packages the tests use beside the cluster's own (those come with the scripts below).
pkgs=(openjdk-17-jdk-headless maven python3 python3-jupyter-client jupyter-client jupyter-core jupyter-nbconvert
      python3-nbclient python3-nbformat python3-ipykernel python3-optuna python3-sklearn python3-pandas python3-plotly
      time procps openjdk-17-source jupyter-notebook chromium openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

say "bringing up the localhost cluster (sshd + Slurm + slurmdbd)"
install/test-cluster.sh up
if [ -x install/test-sge.sh ]; then
  say "bringing up Grid Engine"
  install/test-sge.sh up
fi
eval "$(install/test-cluster.sh env)"

# The browser test drives Debian's Chromium with playwright-core (pinned; never downloads a browser;
# needs Node.js 20+ with npm, which this machine kind has).
say "npm ci for the browser test"
(cd kernel/src/test/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

# Debian's python3 drives Jupyter in the tests, whatever python3 comes first on PATH.
export PATH=/usr/bin:$PATH
say "mvn verify"
mvn -B -ntp verify "$@"
say "all tests passed"
