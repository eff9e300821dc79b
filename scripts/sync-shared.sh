#!/usr/bin/env bash
# Copies what the product and its tests need from the team's shared folder (../shared beside the repository) into
# docs/, so that a clone of the repository alone builds, runs and passes its tests. Run it after shared/ changes,
# review the diff, commit. Usage: scripts/sync-shared.sh [path-to-shared]
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:-../shared}"
[ -d "$src/arm-contract" ] || { echo "sync-shared: no arm-contract/ under $src" >&2; exit 2; }
rm -rf docs/arm-contract docs/estates
mkdir -p docs
cp -R "$src/arm-contract" docs/arm-contract
cp -R "$src/estates" docs/estates
cp "$src/DESIGN.md" docs/DESIGN.md
cp "$src/STACK.md" docs/STACK.md
echo "sync-shared: docs/ now matches $src (DESIGN.md, STACK.md, arm-contract/, estates/); review with git diff"
