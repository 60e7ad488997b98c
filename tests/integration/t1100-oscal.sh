#!/usr/bin/env bash
# t1100-oscal.sh — `zizhi catalog export|import` with OSCAL 1.1.3 catalog JSON (R-1.7):
# export → import → export is byte-identical, the imported catalogue validates, malformed input is
# refused naming the OSCAL JSON path, and the exported documents are valid against the OSCAL 1.1.3
# schema (ajv-cli from npm, cached under build/tools; skipped when the schema or npm is missing).
# Prints TAP. ZZ_BUILD is the build directory holding zizhi (default: build).
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
B=${ZZ_BUILD:-build}
Z="$B/zizhi"
SCHEMA="$root/../shared/reference/oscal/oscal_complete_schema-1.1.3.json"
TOOLS=build/tools
AJV="$TOOLS/node_modules/.bin/ajv"
SHIPPED=catalog/ai-security-1.json
LEVEL2=tests/data/catalog-test-level2.json

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "1..14"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/# /' "$2" | head -20; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }
check() { # description, command...
  local d=$1; shift
  if "$@" >"$tmp/out" 2>&1; then ok "$d"; else nok "$d" "$tmp/out"; fi
}

# --- round trips (O1) -------------------------------------------------------------------------
round_trip() { # label, catalogue file (empty: the default catalogue)
  local label=$1 cat=$2 opt=() file=$SHIPPED
  if [ -n "$cat" ]; then opt=(--catalog "$cat"); file=$cat; fi
  if [ ! -f "$file" ]; then
    skip "$label: catalogue file not present"; skip "$label: import"; skip "$label: re-export"
    return
  fi
  check "$label: export to OSCAL" "$Z" catalog export "${opt[@]}" "$tmp/$label.oscal.json"
  check "$label: import back to format 1" \
    "$Z" catalog import --format oscal "$tmp/$label.oscal.json" "$tmp/$label.back.json"
  if "$Z" catalog export --format oscal --catalog "$tmp/$label.back.json" "$tmp/$label.again.json" \
       >"$tmp/out" 2>&1 && cmp "$tmp/$label.oscal.json" "$tmp/$label.again.json" >>"$tmp/out" 2>&1; then
    ok "$label: export → import → export is byte-identical"
  else
    nok "$label: export → import → export is byte-identical" "$tmp/out"
  fi
}
round_trip shipped ""
round_trip level2 "$LEVEL2"

# The imported catalogue passes the catalogue's own validation, and "-" writes to stdout.
if [ -f "$tmp/shipped.back.json" ]; then
  check "imported catalogue validates" "$Z" catalog validate "$tmp/shipped.back.json"
  if "$Z" catalog export - >"$tmp/stdout.json" 2>"$tmp/out" &&
     cmp "$tmp/stdout.json" "$tmp/shipped.oscal.json" >>"$tmp/out" 2>&1; then
    ok "export to stdout equals export to a file"
  else
    nok "export to stdout equals export to a file" "$tmp/out"
  fi
else
  skip "imported catalogue validates: no shipped catalogue"
  skip "export to stdout: no shipped catalogue"
fi

# --- refusals ---------------------------------------------------------------------------------
# A requirement control without its zizhi kind: exit 1, the message names the OSCAL JSON path.
src="$tmp/shipped.oscal.json"
[ -f "$src" ] || src="$tmp/level2.oscal.json"
if [ -f "$src" ]; then
  sed '0,/"name": "kind",/s//"name": "kind-x",/' "$src" >"$tmp/bad.json"
  "$Z" catalog import --format oscal "$tmp/bad.json" "$tmp/bad.back.json" >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -eq 1 ] && grep -q 'oscal.unknown' "$tmp/out" &&
     grep -q 'catalog\.groups\[0\]\.controls\[0\]\.props\[[0-9]*\]: unknown zizhi prop "kind-x"' "$tmp/out" &&
     [ ! -e "$tmp/bad.back.json" ]; then
    ok "malformed OSCAL is refused naming its path"
  else
    echo "# rc=$rc"; nok "malformed OSCAL is refused naming its path" "$tmp/out"
  fi
else
  skip "malformed OSCAL: no exported document"
fi
printf '{"catalog": {"uuid": 1}' >"$tmp/notjson.json"
"$Z" catalog import --format oscal "$tmp/notjson.json" "$tmp/x.json" >"$tmp/out" 2>&1
if [ $? -eq 1 ] && grep -q 'oscal.json' "$tmp/out"; then ok "invalid JSON is refused"
else nok "invalid JSON is refused" "$tmp/out"; fi
"$Z" catalog import "$tmp/notjson.json" "$tmp/x.json" >"$tmp/out" 2>&1
rc1=$?
"$Z" catalog export --format xml "$tmp/x.json" >>"$tmp/out" 2>&1
rc2=$?
if [ $rc1 -eq 2 ] && [ $rc2 -eq 2 ]; then ok "usage errors exit 2 (import without --format, unknown format)"
else nok "usage errors exit 2 (got $rc1, $rc2)" "$tmp/out"; fi

# --- OSCAL 1.1.3 schema (O2) ------------------------------------------------------------------
ajv_reason=""
if [ ! -f "$SCHEMA" ]; then
  ajv_reason="OSCAL schema not found at $SCHEMA"
elif [ ! -x "$AJV" ] || [ ! -d "$TOOLS/node_modules/ajv-formats" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    ajv_reason="npm not available"
  else
    mkdir -p "$TOOLS"
    if ! timeout 600 npm install --no-audit --no-fund --prefix "$TOOLS" ajv-cli@5 ajv-formats@3 \
         >"$tmp/npm.log" 2>&1 || [ ! -x "$AJV" ]; then
      ajv_reason="npm install of ajv-cli failed: $(tail -1 "$tmp/npm.log")"
    fi
  fi
fi
schema_check() { # label
  local f="$tmp/$1.oscal.json"
  if [ -n "$ajv_reason" ]; then skip "$1: OSCAL 1.1.3 schema: $ajv_reason"; return; fi
  if [ ! -f "$f" ]; then skip "$1: OSCAL 1.1.3 schema: nothing exported"; return; fi
  check "$1: exported catalog is valid OSCAL 1.1.3" \
    "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -s "$SCHEMA" -d "$f"
}
schema_check shipped
schema_check level2
# The validator itself must be able to fail: an id that is not an NCName is refused.
if [ -n "$ajv_reason" ] || [ ! -f "$tmp/level2.oscal.json" ]; then
  skip "schema check rejects a non-token id: ${ajv_reason:-nothing exported}"
else
  sed '0,/"id": "zz-/s//"id": "/' "$tmp/level2.oscal.json" >"$tmp/badid.json"
  if "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -s "$SCHEMA" -d "$tmp/badid.json" \
       >"$tmp/out" 2>&1; then
    nok "schema check rejects a non-token id" "$tmp/out"
  else
    ok "schema check rejects a non-token id"
  fi
fi
