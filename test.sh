#!/usr/bin/env bash
# Runs every test of JitDashboard on a fresh Debian machine: installs what the tests need
# (Debian's Chromium for the browser tests, Node.js for the JavaScript SDK check), builds, then runs every test project.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Exposure]
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
install_pkgs() {
  echo "test.sh: installing $* through apt-get"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# Debian's Chromium for the browser tests (Playwright cannot download its own browsers here).
command -v chromium >/dev/null 2>&1 || install_pkgs chromium fonts-dejavu-core
# Node.js and npm for the real-client check of the simulator (the Azure SDK for JavaScript, JavaScriptSdkTests).
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || install_pkgs nodejs npm
# A real PostgreSQL server for the PostgreSQL tests; Debian keeps its binaries in /usr/lib/postgresql/*/bin.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || install_pkgs postgresql

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export JITDASHBOARD_CHROMIUM="${JITDASHBOARD_CHROMIUM:-$(command -v chromium)}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build JitDashboard.sln -c Release -nologo -v quiet
status=0
dotnet test JitDashboard.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line over all test projects, e.g. "Total: 120 passed, 0 failed, 0 skipped".
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         v = $(i + 1); gsub(/,/, "", v)
         if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v
       }
     }
     END { printf "Total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
