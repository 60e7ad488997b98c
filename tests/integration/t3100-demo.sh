#!/usr/bin/env bash
# t3100-demo.sh — `zizhi demo` (issue 4, deliverable 8 and "Must show"): on an empty data directory
# it builds the demo through the domain actions; `db check` and `audit verify` are clean; the
# demo holds a case in every stage/state of case.h and a certificate in every status of R-4.2 on
# the real business date; running it again on the same data directory is refused.
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1
PY=/usr/bin/python3
D=$TMP/d
PW='Demo-Pass-2026'
plan 20

zz() { "$ZIZHI" --data "$D" "$@"; }
as() { local u=$1; shift; "$ZIZHI" --data "$D" --as "$u" "$@"; }
# py DESC SCRIPT < json: ok when the Python assertions on j (the JSON on stdin) hold
py() {
  local d=$1 out
  if out=$($PY -c "import json,sys; j=json.load(sys.stdin)
$2" 2>&1); then ok "$d"; else not_ok "$d"; echo "$out" | tail -3 | sed 's/^/#   /'; fi
}

out=$(zz --json demo --password "$PW" 2>"$TMP/demo.err"); rc=$?
if [ $rc -eq 0 ]; then ok "zizhi demo --password builds the demo"; else
  not_ok "zizhi demo --password builds the demo"; sed 's/^/#   /' "$TMP/demo.err"; fi
TODAY=$($PY -c "import json,sys; print(json.load(sys.stdin)['final_date'])" <<<"$out" 2>/dev/null)
py "one demo-<role> account per role, two applicant organisations with their own admins" '
roles = {a["role"] for a in j["accounts"]}
assert roles >= {"project_lead","assessor","expert","manager","cert_officer","supervisor",
                 "sys_admin","sec_admin","audit_admin","applicant_admin","applicant_member"}, roles
names = {a["username"] for a in j["accounts"]}
want = {"demo-project_lead","demo-assessor","demo-expert","demo-expert2","demo-expert3",
        "demo-expert4","demo-manager","demo-cert_officer","demo-supervisor","demo-sys_admin",
        "demo-sec_admin","demo-audit_admin","demo-applicant_admin","demo-applicant_admin2",
        "demo-applicant_member","demo-applicant_member2"}
assert want <= names, want - names
orgs = {a["organisation"] for a in j["accounts"] if a["username"] in ("demo-applicant_admin", "demo-applicant_admin2")}
assert len(orgs) == 2 and None not in orgs, orgs
assert all(a["password"] == "'"$PW"'" for a in j["accounts"]) and not j["passwords_generated"]
assert 4 <= j["organisations"] <= 6 and j["certificates"] == 5, j' <<<"$out"
py "the final business date is today's (the CLI's), the history starts in the past" '
import datetime
assert j["final_date"] >= "2026-01-01" and j["first_date"] < j["final_date"], j
f = datetime.date.fromisoformat(j["final_date"]); s = datetime.date.fromisoformat(j["first_date"])
assert (f - s).days > 3 * 365, (s, f)' <<<"$out"

run_ok() { local d=$1 o; shift; if o=$("$@" 2>&1); then ok "$d"; else not_ok "$d"; echo "$o" | tail -5 | sed 's/^/#   /'; fi; }
run_ok "zizhi db check is clean (integrity, audit chain, evidence digests)" zz db check
run_ok "zizhi audit verify is clean" zz audit verify

as demo-manager --json case list --limit 500 >"$TMP/cases.json"
py "a case in every stage and state of case.h (manager's view)" '
have = {(c["stage"], c["state"], c["close_reason"]) for c in j["cases"]}
st = {(a, b) for a, b, _ in have}
need = [("acceptance","submitted"),("acceptance","received"),("acceptance","filed"),
        ("acceptance","supplement"),("initiation","drafting"),("initiation","waiting"),
        ("assessment","planning"),("assessment","in_progress"),("expert_review","panel"),
        ("certification","awaiting_approval"),("certification","approved"),
        ("certification","certified"),("archived","archived")]
missing = [n for n in need if n not in st]
assert not missing, missing
reasons = {r for _, s, r in have if s == "closed"}
assert reasons >= {"not_accepted","withdrawn","failed"}, reasons' <"$TMP/cases.json"
py "closed cases keep their closing date, running ones have none (case.h I1)" '
for c in j["cases"]:
    ended = c["state"] in ("closed","certified") or c["stage"] == "archived"
    assert bool(c["closed_on"]) == ended, c' <"$TMP/cases.json"

as demo-manager --json cert list >"$TMP/certs.json"
py "a certificate in every status of R-4.2 on the final date" '
s = {c["status"] for c in j["certificates"]}
assert s == {"valid","suspended","revoked","expired","superseded"}, s' <"$TMP/certs.json"
py "the superseded certificate names its maintenance successor, which is valid (R-4.2)" '
c = {x["status"]: x for x in j["certificates"]}
sup = c["superseded"]; val = c["valid"]
assert sup["superseded_by"] == val["number"] and sup["org_id"] == val["org_id"], (sup, val)
assert sup["superseded_on"] == val["issue_date"], (sup, val)' <"$TMP/certs.json"
py "the expired certificate expired before the final date; expiry = issue + 3 years - 1 day (R-4.1)" '
import datetime
x = [c for c in j["certificates"] if c["status"] == "expired"][0]
i = datetime.date.fromisoformat(x["issue_date"]); e = datetime.date.fromisoformat(x["expiry_date"])
assert e == i.replace(year=i.year + 3) - datetime.timedelta(days=1), x
assert x["expiry_date"] < "'"$TODAY"'", x' <"$TMP/certs.json"

as demo-supervisor --json sanction list >"$TMP/sanctions.json"
py "the suspension and the revocation are recorded sanctions (R-5.3)" '
items = j.get("sanctions", j.get("items", j)) if isinstance(j, dict) else j
kinds = {s["kind"] for s in items}
assert {"suspension","revocation","warning","rectification"} <= kinds, kinds
assert any(s["overdue"] for s in items if s["kind"] == "rectification"), items' <"$TMP/sanctions.json"

as demo-applicant_admin --json dossier list >"$TMP/dossiers.json"
py "demo-applicant_admin has a draft dossier to finish, and sees only its own organisation (R-0.1)" '
items = j["items"]
assert any(d["status"] == "draft" for d in items), [d["status"] for d in items]
assert len({d["org_id"] for d in items}) == 1, items' <"$TMP/dossiers.json"
as demo-applicant_admin2 --json case list >"$TMP/b.json"
py "demo-applicant_admin2 sees only its own cases (R-0.1)" '
assert j["cases"] and len({c["org_id"] for c in j["cases"]}) == 1, j' <"$TMP/b.json"

zz --json audit list --limit 100000 >"$TMP/audit.json"
py "the audit log tells the story in order: business dates never go back (R-8.1)" '
e = sorted(j["entries"], key=lambda x: x["seq"])
d = [x["business_date"] for x in e]
assert d == sorted(d), [(a, b) for a, b in zip(d, d[1:]) if b < a][:3]
assert len(e) > 1000 and e[-1]["business_date"] <= "'"$TODAY"'", (len(e), d[-1])' <"$TMP/audit.json"
py "every step acts as the account that owns it (R-0.4, SPEC §0)" '
by = {}
for x in j["entries"]: by.setdefault(x["action"], set()).add(x["actor"])
assert by["user.grant"] <= {"system","demo-sec_admin"}, by["user.grant"]
assert by["case.file"] == {"demo-project_lead"} and by["dossier.submit"] <= {"demo-applicant_admin",
    "demo-applicant_admin2","demo-applicant_admin3","demo-applicant_admin4","demo-applicant_admin5",
    "demo-applicant_admin6"}, (by["case.file"], by["dossier.submit"])
assert by["case.vote"] <= {"demo-expert","demo-expert2","demo-expert3","demo-expert4"}, by["case.vote"]
assert by["cert.issue"] == {"demo-cert_officer"} and by["case.approve"] == {"demo-manager"}, sorted(by)' <"$TMP/audit.json"

run_ok "the published certificates verify publicly (R-4.3)" bash -c "
  for n in \$($PY -c 'import json,sys; print(\" \".join(c[\"number\"] for c in json.load(sys.stdin)[\"certificates\"]))' <'$TMP/certs.json'); do
    '$ZIZHI' --data '$D' cert verify \$n >/dev/null || exit 1; done"

n_before=$(zz --json audit verify | $PY -c 'import json,sys; print(json.load(sys.stdin)["count"])')
err=$(zz demo --password "$PW" 2>&1 >/dev/null); rc=$?
n_after=$(zz --json audit verify | $PY -c 'import json,sys; print(json.load(sys.stdin)["count"])')
if [ $rc -eq 1 ] && grep -qF "demo.not_empty" <<<"$err" && [ "$n_before" = "$n_after" ]; then
  ok "running the demo again on the same data directory is refused (demo.not_empty), nothing written"
else not_ok "running the demo again is refused (demo.not_empty)"; echo "#   exit $rc: $err"; fi

err=$("$ZIZHI" --data "$TMP/weak" demo --password short 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && grep -qF "input.password" <<<"$err"; then
  ok "a password that fails the policy is refused before anything is built"
else not_ok "a weak password is refused"; echo "#   exit $rc: $err"; fi

out=$("$ZIZHI" --data "$TMP/gen" --date 2026-06-30 --json demo 2>&1)
py "without --password every account gets its own generated strong password (final date --date)" '
p = [a["password"] for a in j["accounts"]]
assert j["passwords_generated"] and len(set(p)) == len(p), p
assert all(len(x) >= 16 and any(c.isupper() for c in x) and any(c.islower() for c in x) for x in p), p
assert j["final_date"] == "2026-06-30", j["final_date"]' <<<"$out"
as_gen() { "$ZIZHI" --data "$TMP/gen" --date 2026-06-30 --as "$@"; }
as_gen demo-manager --json cert list >"$TMP/certs2.json"
py "with another final date the certificates are again in every status" '
s = {c["status"] for c in j["certificates"]}
assert s == {"valid","suspended","revoked","expired","superseded"}, s' <"$TMP/certs2.json"
