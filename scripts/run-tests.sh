#!/usr/bin/env bash
# Runs every test program of each build directory given and ends with one line "N passed, N failed".
# Unit tests are cmocka binaries (TAP output); integration tests are tests/integration/t*.sh, which
# print TAP lines too and are run once per build directory against that build's programs.
# A program that dies before reporting every planned test counts its missing tests as failed.
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0; failures=()
logdir=build/test-logs; mkdir -p "$logdir"

run_one() { # label, command...
  local label=$1; shift
  local log="$logdir/$(echo "$label" | tr '/ ' '__').log"
  CMOCKA_MESSAGE_OUTPUT=TAP "$@" >"$log" 2>&1
  local rc=$?
  local ok nok plan
  ok=$(grep -cE '^ok [0-9]+' "$log"); nok=$(grep -cE '^not ok [0-9]+' "$log")
  plan=$(grep -oE '^1\.\.[0-9]+' "$log" | head -1 | cut -d. -f3)
  local missing=0
  if [ -n "$plan" ] && [ $((ok + nok)) -lt "$plan" ]; then missing=$((plan - ok - nok)); fi
  if [ $rc -ne 0 ] && [ "$nok" -eq 0 ] && [ "$missing" -eq 0 ]; then missing=1; fi
  passed=$((passed + ok)); failed=$((failed + nok + missing))
  if [ $((nok + missing)) -gt 0 ]; then
    failures+=("$label (log: $log)")
    printf '%-48s %3d ok, %d FAILED\n' "$label" "$ok" $((nok + missing))
    grep -E '^not ok|ERROR|runtime error|AddressSanitizer|LINE' "$log" | head -20 | sed 's/^/    /'
  else
    printf '%-48s %3d ok\n' "$label" "$ok"
  fi
}

for b in "$@"; do
  for t in "$b"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$b/$(basename "$t")" "$t"
  done
  for t in tests/integration/t*.sh; do
    [ -f "$t" ] || continue
    ZZ_BUILD="$b" run_one "$b/integration/$(basename "$t" .sh)" env ZZ_BUILD="$b" bash "$t"
  done
done

if [ ${#failures[@]} -gt 0 ]; then
  echo; echo "failed programs:"; printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
