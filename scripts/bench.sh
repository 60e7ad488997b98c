#!/usr/bin/env bash
# `make bench`: runs every benchmark program and writes results under build/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
mkdir -p build/bench
"$B/bench/bench_catalog" catalog/ai-security-1.json build/bench/catalog.json
for s in bench/*.sh; do [ -f "$s" ] && ZZ_BUILD="$B" bash "$s"; done
exit 0
