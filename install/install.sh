#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working kernel: installs Java, Maven and Debian's
# Jupyter (and the JDK's sources, for Javadoc on Shift-Tab) if they are missing, builds kernel/target/hpc-kernel.jar, and installs the kernelspec.
#
#   install/install.sh                 as root: for every user (/usr/local/share/jupyter); otherwise --user
#   install/install.sh --prefix DIR    any option of `java -jar hpc-kernel.jar install` is passed on
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(openjdk-17-jdk-headless openjdk-17-source maven python3 python3-jupyter-client jupyter-client jupyter-core jupyter-nbconvert
      python3-nbclient python3-nbformat python3-ipykernel)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}   (or run this script with sudo)" >&2
    exit 1
  fi
  echo "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "Building kernel/target/hpc-kernel.jar"
mvn -B -q -ntp package -DskipTests

# A newer JDK in JAVA_HOME (25+) gets its AOT cache instead of Java 17's AppCDS archive.
java=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
"$java" -jar kernel/target/hpc-kernel.jar install "$@"
/usr/bin/jupyter kernelspec list 2>/dev/null | grep -E '^\s*hpc-kernel|Available' || true
