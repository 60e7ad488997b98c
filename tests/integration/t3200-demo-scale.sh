#!/usr/bin/env bash
# t3200-demo-scale.sh — `zizhi demo --scale N` (issue 5, deliverable 7: the benchmark database),
# at N = 2000: after the demo, N cases over N/10 organisations are bulk-loaded; `db check` and
# `audit verify` stay clean (R-8.2, R-8.4: every row's audit entry is chained, checkpoint signed);
# the cases are in every stage and state of case.h; the certificates are signed one by one and
# verify (R-4.3); the organisations' USCCs are valid (R-1.2); the plan is deterministic for a given
# N and date; and the indexed list and registry queries of 0008_indexes answer exactly what the
# plain SQL conditions select (scope R-0.1/R-0.2, registry R-4.2).
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
D=$TMP/d
D2=$TMP/d2
DAY=2026-11-25
PW='Demo-Pass-2026'
N=2000
plan 15

zz() { "$ZIZHI" --data "$D" --date "$DAY" "$@"; }
as() { local u=$1; shift; "$ZIZHI" --data "$D" --date "$DAY" --as "$u" "$@"; }
sql() { "$PY" -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join("|".join("" if v is None else str(v) for v in r) for r in c.execute(sys.argv[2])))' "$1/zizhi.db" "$2"; }
# py DESC SCRIPT < json: ok when the Python assertions on j (the JSON on stdin) hold
py() {
  local d=$1 out
  if out=$($PY -c "import json,sys; j=json.load(sys.stdin)
$2" 2>&1); then ok "$d"; else not_ok "$d"; echo "$out" | tail -3 | sed 's/^/#   /'; fi
}
run_ok() { local d=$1 o; shift; if o=$("$@" 2>&1); then ok "$d"; else not_ok "$d"; echo "$o" | tail -5 | sed 's/^/#   /'; fi; }

out=$(zz --json demo --password "$PW" --scale $N 2>"$TMP/scale.err"); rc=$?
if [ $rc -eq 0 ]; then ok "zizhi demo --scale $N builds the demo and the bulk cases"; else
  not_ok "zizhi demo --scale $N"; tail -5 "$TMP/scale.err" | sed 's/^/#   /'; fi
py "the summary counts $N cases over $((N / 10)) organisations, with certificates and audit entries" '
s = j["scale"]
assert s["cases"] == '$N' and s["organisations"] == '$((N / 10))' and s["dossiers"] == '$N', s
assert 0.6 * '$N' < s["certificates"] < 0.9 * '$N' and s["batches"] > 0, s
assert s["audit_entries"] >= s["organisations"] + s["dossiers"] + s["cases"] + s["certificates"], s
assert 0 < s["running"] < s["cases"] and 0 < s["archived"] < s["cases"], s' <<<"$out"
if grep -q "demo --scale: cases .*100%" "$TMP/scale.err"; then ok "progress is reported on stderr"
else not_ok "progress on stderr"; head -3 "$TMP/scale.err" | sed 's/^/#   /'; fi

run_ok "zizhi db check is clean after the bulk load (integrity, foreign keys, audit chain)" zz db check
zz --json audit verify >"$TMP/verify.json"
py "audit verify: every entry chained and the signed checkpoint covers the last one (R-8.2, R-8.4)" '
assert j["ok"] and j["count"] == j["entries_checked"] == j["checkpoint"]["count"], j' <"$TMP/verify.json"

states=$(sql "$D" "SELECT DISTINCT c.stage || '/' || c.state FROM cases c JOIN organisations o ON o.id = c.org_id WHERE substr(o.uscc, 9, 2) = 'MB'")
missing=""
for s in acceptance/submitted acceptance/received acceptance/filed acceptance/supplement \
  initiation/drafting initiation/agreement_drafted initiation/waiting assessment/planning \
  assessment/in_progress expert_review/panel certification/awaiting_approval \
  certification/approved certification/certified archived/archived acceptance/closed \
  expert_review/closed; do
  grep -qx "$s" <<<"$states" || missing="$missing $s"
done
if [ -z "$missing" ]; then ok "the bulk cases are in every stage and state of case.h"
else not_ok "bulk cases in every stage/state"; echo "#   missing:$missing"; fi

n_cert=$(sql "$D" "SELECT COUNT(*) FROM certificates")
n_sig=$(sql "$D" "SELECT COUNT(DISTINCT signature) FROM certificates")
if [ "$n_cert" -gt $((N / 2)) ] && [ "$n_cert" = "$n_sig" ]; then
  ok "each certificate record carries its own SM2 signature ($n_cert certificates, R-4.3)"
else not_ok "one signature per certificate record"; echo "#   $n_cert certificates, $n_sig signatures"; fi
last=$(sql "$D" "SELECT c.number FROM certificates c JOIN batches b ON b.id = c.batch_id WHERE b.status = 'published' ORDER BY c.id DESC LIMIT 1")
first=$(sql "$D" "SELECT c.number FROM certificates c JOIN batches b ON b.id = c.batch_id JOIN organisations o ON o.id = c.org_id WHERE b.status = 'published' AND o.uscc LIKE '%MB%' ORDER BY c.id LIMIT 1")
run_ok "bulk certificates verify publicly: signature and record (R-4.3)" \
  bash -c "'$ZIZHI' --data '$D' --date $DAY cert verify '$first' && '$ZIZHI' --data '$D' --date $DAY cert verify '$last'"
for st in valid suspended revoked expired superseded; do
  as demo-manager --json cert list --status $st --limit 1 | $PY -c 'import json,sys; print(json.load(sys.stdin)["total"])'
done >"$TMP/statuses.txt"
py "the certificates are in every derived status of R-4.2, most superseded or valid" '
t = [int(x) for x in open("'"$TMP/statuses.txt"'").read().split()]
assert len(t) == 5 and all(t) and t[0] + t[4] > '$((N / 2))', t' <<<"{}"

sql "$D" "SELECT uscc FROM organisations" >"$TMP/uscc.txt"
py "every organisation has a valid USCC with its GB 32100 check character (R-1.2)" '
A = "0123456789ABCDEFGHJKLMNPQRTUWXY"
codes = open("'"$TMP/uscc.txt"'").read().split()
assert len(codes) == '$((N / 10))' + 6 and len(set(codes)) == len(codes), len(codes)
for c in codes:
    s = sum(A.index(ch) * pow(3, i, 31) for i, ch in enumerate(c[:17])) % 31
    assert len(c) == 18 and c[17] == A[(31 - s) % 31], c' <<<"{}"

# R-0.1, R-0.2: the list answers exactly the rows of the scope and filters, newest first
tot=$(as demo-manager --json case list --stage assessment --limit 5 | $PY -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], " ".join(c["number"] for c in j["cases"]))')
want=$(sql "$D" "SELECT COUNT(*) FROM cases WHERE stage = 'assessment'")" "$(sql "$D" "SELECT number FROM cases WHERE stage = 'assessment' ORDER BY submitted_on DESC, id DESC LIMIT 5" | tr '\n' ' ' | sed 's/ $//')
if [ "$tot" = "$want" ]; then ok "manager: the stage-filtered case list and its total match the database"
else not_ok "manager's filtered list"; echo "#   got '$tot' want '$want'"; fi
lead=$(as demo-project_lead --json case list --from 2024-01-01 --limit 3 | $PY -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], " ".join(c["number"] for c in j["cases"]))')
want=$(sql "$D" "SELECT COUNT(*) FROM cases c WHERE c.submitted_on >= '2024-01-01' AND c.id IN (SELECT case_id FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.username = 'demo-project_lead')")" "$(sql "$D" "SELECT number FROM cases c WHERE c.submitted_on >= '2024-01-01' AND c.id IN (SELECT case_id FROM case_members m JOIN users u ON u.id = m.user_id WHERE u.username = 'demo-project_lead') ORDER BY submitted_on DESC, id DESC LIMIT 3" | tr '\n' ' ' | sed 's/ $//')
if [ "$lead" = "$want" ]; then ok "project lead: only assigned cases, date-filtered, match the database (R-0.2)"
else not_ok "project lead's list"; echo "#   got '$lead' want '$want'"; fi

# R-4.2: the registry's indexed name search (bigrams) finds what a plain substring test finds
bad=""
uscc=$(sql "$D" "SELECT lower(uscc) FROM certificates WHERE uscc LIKE '%MB%' LIMIT 1")
for q in 智盾 北京智 安 信息安全技术 "$first" "$uscc" "%盾" 不存在的单位; do
  got=$(zz --json cert registry "$q" --limit 500 | $PY -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], len(j["certificates"]))')
  want=$($PY - "$D/zizhi.db" "$q" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); q = sys.argv[2]
n = c.execute("SELECT COUNT(*) FROM certificates x JOIN batches b ON b.id = x.batch_id WHERE b.status = 'published' AND (x.number = ? OR x.uscc = upper(?) OR instr(x.org_name, ?) > 0)", (q, q, q)).fetchone()[0]
print(n, min(n, 500))
PY
)
  [ "$got" = "$want" ] || bad="$bad [$q: got $got want $want]"
done
if [ -z "$bad" ]; then ok "registry search by name part, number and USCC matches a plain substring scan"
else not_ok "registry search"; echo "#  $bad"; fi

# deterministic: the same N and date give the same plan (signatures aside)
"$ZIZHI" --data "$D2" --date "$DAY" demo --password "$PW" --scale $N >/dev/null 2>&1
q="SELECT o.name, o.uscc, c.number, c.stage, c.state, c.submitted_on, c.closed_on, x.number, x.issue_date FROM cases c JOIN organisations o ON o.id = c.org_id LEFT JOIN certificates x ON x.case_id = c.id ORDER BY c.id"
if [ "$(sql "$D" "$q" | sha256sum)" = "$(sql "$D2" "$q" | sha256sum)" ] && [ -n "$(sql "$D2" "$q")" ]; then
  ok "deterministic: a second build with the same N and date has the same organisations, cases and numbers"
else not_ok "deterministic for N and date"; fi

n_before=$(sql "$D" "SELECT COUNT(*) FROM audit_log")
err=$(zz demo --password "$PW" --scale 10 2>&1 >/dev/null); rc=$?
if [ $rc -ne 0 ] && grep -qF "demo.not_empty" <<<"$err" && [ "$(sql "$D" "SELECT COUNT(*) FROM audit_log")" = "$n_before" ]; then
  ok "--scale on a database that holds the demo is refused, nothing written"
else not_ok "--scale again refused"; echo "#   exit $rc: $err"; fi
