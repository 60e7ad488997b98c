#!/usr/bin/env bash
# t9300-authz-matrix.sh — the authorisation matrix of zizhid (issue 5, TAP): every route of
# `zizhid --print-routes` x every role of SPEC section 0 and anonymous x own/other organisation,
# on the demo database plus one unassigned project lead, assessor and expert, against the real
# server over loopback. Asserts the status each combination must get (401 anonymous, 403
# auth.role outside the route's roles, 404 for another organisation's object (R-0.1) and for
# unassigned case staff (R-0.2), never 401/403/5xx where allowed), that no role SPEC does not
# allow reaches a route (0 such 2xx), and that no response to an applicant carries a byte of the
# other organisation's data. The work is done by authz_matrix.py (standard library only); the
# matrix goes to build/test-logs/t9300-authz-matrix.<build>.txt.
#
# Needs: /usr/bin/python3. ZZ_BUILD names the build. Takes about a minute (ASan: more).
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1 # cheap argon2 parameters for the demo accounts (user.h)
PW='Zizhi-Test-2026!'
DAY=2026-11-25
PLAN=20
plan $PLAN

# SQLite commits fsync: on tmpfs the demo builds in seconds instead of half a minute
W=$(mktemp -d "/dev/shm/zz-t9300.XXXXXX" 2>/dev/null || mktemp -d "${TMPDIR:-/tmp}/zz-t9300.XXXXXX")
trap 'rm -rf "$TMP" "$W"' EXIT
D=$W/data
rest_fail() { while [ "$_n" -lt "$PLAN" ]; do not_ok "$1"; done; exit 1; }

if "$ZIZHI" --data "$D" --date "$DAY" demo --password "$PW" >"$W/demo.log" 2>&1; then
  ok "zizhi demo builds the fixture: every role, six organisations, cases in every stage"
else
  sed 's/^/# /' "$W/demo.log" | tail -20; rest_fail "setup: zizhi demo"
fi

mkuser() { # name [role]
  echo "$PW" | "$ZIZHI" --data "$D" --date "$DAY" user add --name "$1" --password-stdin "$1" \
    >/dev/null 2>>"$W/cli.log" || return 1
  [ -z "${2:-}" ] || "$ZIZHI" --data "$D" --date "$DAY" user grant "$1" "$2" >/dev/null 2>>"$W/cli.log"
}
if mkuser free-lead project_lead && mkuser free-assessor assessor && mkuser free-expert expert &&
  mkuser norole-user && mkuser probe-signin; then
  ok "zizhi user add/grant: an unassigned project_lead, assessor and expert, two probe accounts"
else
  sed 's/^/# /' "$W/cli.log"; rest_fail "setup: zizhi user add"
fi

bname=$(basename "$ZZ_BUILD")
mkdir -p "$ROOT/build/test-logs"
MATRIX=$ROOT/build/test-logs/t9300-authz-matrix.$bname.txt
/usr/bin/python3 "$ROOT/tests/integration/authz_matrix.py" --zizhid "$ZIZHID" --data "$D" \
  --work "$W" --password "$PW" --date "$DAY" --results "$W/results.txt" --matrix "$MATRIX" \
  2>"$W/py.err"
prc=$?
sed 's/^/# /' "$W/py.err" | tail -30
if [ -s "$W/results.txt" ]; then
  while IFS=$'\t' read -r st desc; do
    case "$st" in
    ok) ok "$desc" ;;
    "not ok") not_ok "$desc" ;;
    "#") echo "#   $desc" ;;
    esac
  done <"$W/results.txt"
fi
[ "$prc" = 0 ] || echo "# authz_matrix.py exited $prc"

if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$W/zizhid.log" 2>/dev/null; then
  not_ok "no sanitizer report in the server logs"
  grep -A5 'AddressSanitizer\|LeakSanitizer\|runtime error' "$W/zizhid.log" | head -30 | sed 's/^/#   /'
else
  ok "no sanitizer report in the server logs"
fi
[ "$_n" -lt "$PLAN" ] && rest_fail "authz_matrix.py stopped early (see above)"
[ "$_n" -eq "$PLAN" ] || echo "# planned $PLAN, ran $_n"
