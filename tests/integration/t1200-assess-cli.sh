#!/usr/bin/env bash
# t1200-assess-cli.sh — `zizhi assess …` and `zizhi panel …` on a real database file (R-3.4,
# R-3.5, R-3.6, R-3.7, R-1.5, R-1.7): plan, activity, ratings with a refused wrong scale, a
# rectification that pauses the case and forces a re-rating, the team conclusion, the OSCAL
# assessment-plan / assessment-results (valid against the OSCAL 1.1.3 schema when ajv-cli is
# cached under build/tools by t1100), the expert panel and the approval; then `zizhi audit verify`
# and `zizhi db check` are clean. The case is inserted at assessment/planning with sqlite3 (the
# stages before it are covered by the case tests). Prints TAP. ZZ_BUILD: the build directory.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
B=${ZZ_BUILD:-build}
SCHEMA="$root/../shared/reference/oscal/oscal_complete_schema-1.1.3.json"
AJV=build/tools/node_modules/.bin/ajv

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cat"
cp tests/data/catalog-assess.json "$tmp/cat/test-assess-1.json"
export ZIZHI_CATALOG="$tmp/cat/test-assess-1.json"
D="$tmp/data"
z() { "$B/zizhi" --data "$D" "$@"; }
C=AIS1-2026-0001

echo "1..15"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/# /' "$2" | head -20; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }
check() { # description, command...
  local d=$1; shift
  if "$@" >"$tmp/out" 2>&1; then ok "$d"; else nok "$d" "$tmp/out"; fi
}
refused() { # description, code, command...
  local d=$1 code=$2; shift 2
  "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ $rc -eq 1 ] && grep -q "$code" "$tmp/out"; then ok "$d"; else echo "# rc=$rc"; nok "$d" "$tmp/out"; fi
}

# --- set-up: organisation, accounts, the case at assessment/planning, the team and the panel ---
setup() {
  z db init &&
  z org add --name 甲智能科技有限公司 --uscc 91110000600037341L --email office@example.cn &&
  for u in lead:project_lead asr:assessor exp1:expert exp2:expert exp3:expert mgr:manager; do
    z user add "${u%%:*}" --name "${u%%:*}" && z user grant "${u%%:*}" "${u##*:}" || return 1
  done &&
  sqlite3 "$D/zizhi.db" "INSERT INTO dossiers (org_id, category, level, catalog_id,
      catalog_version, app_type, status, submitted_on, created_usec, updated_usec)
      SELECT id, 'test', 1, 'test-assess-1', 'a1', 'initial', 'submitted', '2026-03-02', 0, 0
      FROM organisations;
    INSERT INTO cases (number, dossier_id, org_id, stage, state, submitted_on, filed_on,
      assessment_on, updated_usec) SELECT '$C', id, org_id, 'assessment', 'planning',
      '2026-03-02', '2026-03-06', '2026-06-01', 0 FROM dossiers;" &&
  z case assign $C lead project_lead && z case assign $C asr assessor &&
  z case assign $C exp1 expert && z case assign $C exp2 expert && z case assign $C exp3 expert
}
if ! command -v sqlite3 >/dev/null 2>&1; then
  for i in $(seq 1 15); do skip "sqlite3 command not available"; done
  exit 0
fi
check "set-up: organisation, accounts, case at assessment/planning, assignments" setup

# --- assessment (R-3.4) ------------------------------------------------------------------------
check "the project lead records the audit plan" \
  z --as lead --date 2026-06-10 assess plan $C --content "6 月 10 日至 20 日现场评估" --on 2026-06-10
check "an assessor records an interview covering two items" \
  z --as asr --date 2026-06-12 assess activity $C interview --items "3.3-1, 3.3-1.BP1" \
    --participants "张伟；李娜" --findings "访谈记录完整" --evidence "访谈纪要"
refused "a practice rated on the requirement scale is refused" input.rating \
  z --as asr --date 2026-06-12 assess rate $C 3.3-1.BP1 conforms
rate_all() {
  for i in 3.1-1 3.2.1-1 3.2.1-2 3.2.1-3 3.2.2-1; do
    z --as asr --date 2026-06-12 assess rate $C $i conforms || return 1
  done
  for i in 3.3-1.BP1 3.3-1.BP2 3.3-1.BP3 3.4-1.BP1 3.4-1.BP2; do
    z --as asr --date 2026-06-12 assess rate $C $i performed || return 1
  done
}
check "every counting item is rated" rate_all

# --- rectification: the pause (R-3.7) and the re-rating it forces -----------------------------
check "the lead asks for a rectification" \
  z --as lead --date 2026-06-12 assess rectify $C 3.3-1.BP2 --request "补充红队测试记录" \
    --deadline 2026-06-30
refused "no conclusion while it is open" gate.rectification_open \
  z --as lead --date 2026-06-13 assess conclude $C met
check "the rectification evidence arrives" z --as lead --date 2026-06-16 assess rectified $C 1
if z --json --as lead --date 2026-06-16 case cycle $C >"$tmp/cycle.json" 2>"$tmp/out" &&
   /usr/bin/python3 - "$tmp/cycle.json" >>"$tmp/out" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
c = d.get("cycle", d)
p = [x for x in c["pauses"] if x["cause"] == "rectification"]
assert p and p[0]["start"] == "2026-06-12" and p[0]["end"] == "2026-06-16", p
EOF
then
  ok "the cycle shows the rectification pause from request to evidence"
else nok "the cycle shows the rectification pause from request to evidence" "$tmp/out"; fi
refused "the rectified item must be rated again" gate.unrated \
  z --as lead --date 2026-06-16 assess conclude $C met
if z --as asr --date 2026-06-16 assess rate $C 3.3-1.BP2 performed >"$tmp/out" 2>&1 &&
   z --as lead --date 2026-06-16 assess conclude $C met >>"$tmp/out" 2>&1 &&
   z --json --as lead assess conformity $C >"$tmp/conf.json" 2>>"$tmp/out" &&
   /usr/bin/python3 - "$tmp/conf.json" >>"$tmp/out" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["recommendation"]["recommendation"] == "met", d["recommendation"]
assert d["conformity"]["overall"]["practices"]["bp"] == 10000
EOF
then ok "re-rated, the team concludes; conformity 100 % and R-1.5 met"
else nok "re-rated, the team concludes; conformity 100 % and R-1.5 met" "$tmp/out"; fi

# --- OSCAL (R-1.7) -----------------------------------------------------------------------------
z --as lead assess export $C plan >"$tmp/ap.json" 2>"$tmp/out" &&
  z --as lead assess export $C results >"$tmp/ar.json" 2>>"$tmp/out"
if [ ! -s "$tmp/ap.json" ] || [ ! -s "$tmp/ar.json" ]; then
  nok "OSCAL assessment-plan and assessment-results exported" "$tmp/out"
elif [ ! -f "$SCHEMA" ] || [ ! -x "$AJV" ] || [ ! -d build/tools/node_modules/ajv-formats ]; then
  skip "OSCAL 1.1.3 schema check: ajv-cli not cached under build/tools (t1100 installs it)"
elif "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -s "$SCHEMA" -d "$tmp/ap.json" \
       >"$tmp/out" 2>&1 &&
     "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -s "$SCHEMA" -d "$tmp/ar.json" \
       >>"$tmp/out" 2>&1; then
  ok "OSCAL assessment-plan and assessment-results are valid OSCAL 1.1.3"
else
  nok "OSCAL assessment-plan and assessment-results are valid OSCAL 1.1.3" "$tmp/out"
fi

# --- expert review (R-3.5) and approval (R-3.6) ------------------------------------------------
panel() {
  z --as exp1 --date 2026-06-20 panel vote $C pass --opinion "证据充分，结论合理" &&
  z --as exp2 --date 2026-06-20 panel vote $C fail --opinion "3.4-1 证据不足" &&
  z --as exp3 --date 2026-06-20 panel vote $C pass --opinion "同意" &&
  z --as mgr --date 2026-06-21 panel conclude $C &&
  z --as mgr --date 2026-06-22 panel approve $C &&
  z --json --as mgr case show $C | grep -q '"approved_on":"2026-06-22"'
}
check "the panel passes 2 of 3 and the manager approves" panel
check "zizhi audit verify is clean" z audit verify
check "zizhi db check is clean" z db check
