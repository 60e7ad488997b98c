# Shared helpers for integration tests: TAP output and the programs under test.
# Each test script sources this, calls plan N, then ok/not_ok via check.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ZZ_BUILD=${ZZ_BUILD:-build}
case "$ZZ_BUILD" in /*) ;; *) ZZ_BUILD="$ROOT/$ZZ_BUILD" ;; esac
ZIZHI="$ZZ_BUILD/zizhi"
ZIZHID="$ZZ_BUILD/zizhid"
cd "$ROOT"
_n=0
plan() { echo "1..$1"; }
ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $*"; }
skip() { _n=$((_n + 1)); echo "ok $_n - # SKIP $*"; }
# check "description" command...: ok when the command exits 0
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi; }
# tmpdir removed at exit
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
