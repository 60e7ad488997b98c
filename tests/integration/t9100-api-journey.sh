#!/usr/bin/env bash
# t9100-api-journey.sh — the real zizhid over loopback (TAP): one case driven over the JSON API
# from draft to certificate, every step signed in as the role that owns it (SPEC section 0), with
# a cookie jar and CSRF token per account: organisations and accounts (R-0.4), people and
# projects, dossier, form, self-assessment, evidence upload and download, completeness (R-2.2),
# stamped scan, binding, courier and package (R-2.3, R-2.5), submission (R-2.4), assignment,
# paper receipt and filing (R-3.1), review (R-3.2), agreement and fee (R-3.3, R-9), plan,
# activities and ratings (R-3.4), conclusion (R-1.5), expert votes (R-3.5), approval, batch,
# issue and publication (R-3.6, R-4), the public registry (R-4.3) and the audit log (R-8).
# Another organisation's administrator gets 404 for the case, its dossier and its evidence
# (R-0.1). Runs on the small test catalogue (tests/data/catalog-assess.json) with a fee schedule.
#
# Needs: curl, cmp, /usr/bin/python3 (JSON reading). ZZ_BUILD names the build.
set -u
cd "$(dirname "$0")/../.."
B=${ZZ_BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/zz-t9100.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
export ZIZHI_PW_FAST=1 # cheap argon2 parameters for test accounts (user.h)
PW='Zizhi-Test-2026!'
DAY=2026-03-02
PLAN=138

echo "1..$PLAN"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
  n=$((n + 1)); echo "not ok $n - $1"
  echo "#   $LAST status=${STATUS:-} body=$(head -c 600 "$T/body" 2>/dev/null)"
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }
skip_rest() { while [ "$n" -lt "$PLAN" ]; do n=$((n + 1)); echo "not ok $n - $1"; done; exit 1; }

# ---- helpers -------------------------------------------------------------------------------

LAST=""
# req METHOD PATH [curl args...]: body in $T/body (or $OUT), headers in $T/hdr, status in $STATUS
req() {
  local m=$1 p=$2; shift 2
  LAST="$m $p"
  STATUS=$(curl -s -o "${OUT:-$T/body}" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
}
# jget a.b.0.c [file]: a field of the last body ("" when absent)
jget() {
  /usr/bin/python3 - "${2:-$T/body}" "$1" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2].split("."):
    if isinstance(d, list): d = d[int(k)] if int(k) < len(d) else None
    elif isinstance(d, dict): d = d.get(k)
    else: d = None
print("" if d is None else json.dumps(d, ensure_ascii=False) if isinstance(d, (dict, list, bool)) else d)
PY
}
is() { [ "$STATUS" = "$1" ]; }
is_err() { [ "$STATUS" = "$1" ] && [ "$(jget error.code)" = "$2" ]; }
hdr() { grep -i "^$1:" "$T/hdr" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }
signin() { # user → cookie jar $T/<user>.jar, CSRF token in $T/<user>.csrf
  req POST /api/v1/session -c "$T/$1.jar" -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$1\",\"password\":\"$PW\"}"
  jget csrf_token >"$T/$1.csrf"
  [ "$STATUS" = 201 ] && [ -s "$T/$1.csrf" ]
}
as() { # user METHOD PATH [args]: with the user's cookie and CSRF token
  local u=$1; shift
  local m=$1 p=$2; shift 2
  req "$m" "$p" -b "$T/$u.jar" -H "X-CSRF-Token: $(cat "$T/$u.csrf" 2>/dev/null)" "$@"
}
json() { # user METHOD PATH JSON
  local u=$1 m=$2 p=$3 body=$4
  as "$u" "$m" "$p" -H 'Content-Type: application/json' --data-binary "$body"
}

# ---- setup: catalogue, server, accounts ----------------------------------------------------

D=$T/data
C=$T/catalog
mkdir -p "$C"
cp tests/data/catalog-assess.json "$C/test-1.json"
cp tests/data/catalog-assess.json "$C/test-assess-1.json"
cp catalog/ai-security-1.json "$C/ai-security-1.json"
cat >"$C/fees.json" <<'EOF'
{"format": "zizhi-fees/1", "source": "test", "currency": "CNY", "unit": "fen",
 "schedules": [
  {"category": "test", "level": 1, "application_type": "initial", "items": [
    {"code": "audit", "name_zh": "审核费用", "name_en": "audit fee", "amount_fen": 2100000},
    {"code": "annual-3y", "name_zh": "三年年金", "name_en": "three-year annual fee", "amount_fen": 1500000}]},
  {"category": "test", "level": 1, "application_type": "maintenance", "items": [
    {"code": "audit", "name_zh": "审核费用", "name_en": "audit fee", "amount_fen": 2100000},
    {"code": "annual-3y", "name_zh": "三年年金", "name_en": "three-year annual fee", "amount_fen": 1500000}]}]}
EOF

mkuser() { # name role: an account made with the zizhi CLI on the same data directory
  echo "$PW" | "$B/zizhi" --data "$D" --date "$DAY" user add --name "$1" --password-stdin "$1" \
    >/dev/null 2>>"$T/cli.log" &&
    "$B/zizhi" --data "$D" --date "$DAY" user grant "$1" "$2" >/dev/null 2>>"$T/cli.log"
}
for u in "root1 sys_admin" "sec1 sec_admin" "aud1 audit_admin" "lead project_lead" \
  "asr assessor" "exp1 expert" "exp2 expert" "exp3 expert" "mgr manager" "certo cert_officer" \
  "sup supervisor"; do
  set -- $u
  mkuser "$1" "$2" || { sed 's/^/# /' "$T/cli.log"; skip_rest "setup: zizhi user add $1"; }
done

"$B/zizhid" --listen 127.0.0.1:0 --data "$D" --catalog-dir "$C" --date "$DAY" --rate 0 \
  --threads 2 >"$T/server.log" 2>&1 &
SPID=$!
PIDS+=("$SPID")
port=""
for _ in $(seq 300); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$T/server.log" | grep -o '[0-9]*$')
  [ -n "$port" ] && break
  kill -0 "$SPID" 2>/dev/null || break
  sleep 0.05
done
[ -n "$port" ] || { sed 's/^/# /' "$T/server.log"; skip_rest "setup: zizhid starts"; }
BASE=http://127.0.0.1:$port
ok "zizhid runs on a free loopback port ($port) with a temporary data directory"

for u in root1 sec1 aud1 lead asr exp1 exp2 exp3 mgr certo sup; do
  signin "$u" || { nok "sign-in of $u"; skip_rest "setup: sign-in"; }
done
ok "eleven certification-body and administrator accounts made with zizhi user add sign in"

# ---- organisations and their accounts (R-0.4) -----------------------------------------------

json root1 POST /api/v1/organisations '{"name":"北京甲智能安全科技有限公司","uscc":"91110108MA01ABCD1E",
  "email":"apply@jia.example.cn","contact_name":"张三","first_admin":{"username":"admin.a",
  "display_name":"甲管理员","password":"Zizhi-Test-2026!"}}'
ORG_A=$(jget id)
check "sys_admin creates organisation 甲 with its first account: 201" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget uscc)' = 91110108MA01ABCD1E ] && [ -n '$ORG_A' ]"
json root1 POST /api/v1/organisations '{"name":"福建乙信息技术有限公司","uscc":"91350100M000100Y43",
  "email":"apply@yi.example.cn","first_admin":{"username":"admin.b","display_name":"乙管理员",
  "password":"Zizhi-Test-2026!"}}'
ORG_B=$(jget id)
check "sys_admin creates organisation 乙: 201" is 201
json root1 POST /api/v1/organisations '{"name":"假单位","uscc":"91110108MA01ABCD1X","email":"a@b.cn"}'
check "an invalid USCC is refused: 400 input.uscc (R-1.2)" is_err 400 input.uscc
json root1 POST /api/v1/users "{\"username\":\"member.a\",\"display_name\":\"甲员工\",\"org_id\":$ORG_A,\"password\":\"$PW\"}"
check "sys_admin creates an applicant account of 甲: 201" is 201
json sec1 POST /api/v1/users/admin.a/roles '{"role":"applicant_admin"}'
a1=$STATUS
json sec1 POST /api/v1/users/admin.b/roles '{"role":"applicant_admin"}'
a2=$STATUS
json sec1 POST /api/v1/users/member.a/roles '{"role":"applicant_member"}'
check "sec_admin grants the applicant roles (R-0.4: sys_admin makes no grants)" \
  test "$a1$a2$STATUS" = 200200200
for u in admin.a admin.b member.a; do signin "$u" || nok "sign-in of $u"; done
as admin.a GET /api/v1/session
check "admin.a signs in as applicant_admin of 甲" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget user.roles.0)' = applicant_admin ] && [ '$(jget user.org_id)' = $ORG_A ]"
as admin.a GET /api/v1/organisations
check "an applicant lists only its own organisation (R-0.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ] && [ '$(jget items.0.id)' = $ORG_A ]"
as admin.b GET "/api/v1/organisations/$ORG_A"
check "another organisation's record: 404 org.not_found (R-0.1)" is_err 404 org.not_found
as root1 GET /api/v1/organisations
check "sys_admin lists every organisation" bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 2 ]"

# ---- people and projects (R-1.3, R-0.3) -----------------------------------------------------

json admin.a POST "/api/v1/organisations/$ORG_A/people" '{"name":"王五","employment":"full_time",
  "ai_security":true,"cisp_number":"CISP-2024-0001","cisp_valid_from":"2024-01-01",
  "cisp_valid_until":"2027-12-31","nda_signed_on":"2025-06-01","position":"安全工程师"}'
PERSON=$(jget id)
check "applicant_admin adds a person with a CISP certificate: 201" \
  bash -c "[ $STATUS = 201 ] && [ -n '$PERSON' ] && [ '$(jget name)' = 王五 ]"
json admin.a PUT "/api/v1/organisations/$ORG_A/people/$PERSON" '{"name":"王五","employment":"full_time",
  "ai_security":true,"cisp_number":"CISP-2024-0001","cisp_valid_from":"2024-01-01",
  "cisp_valid_until":"2027-12-31","nda_signed_on":"2025-06-01","position":"高级安全工程师"}'
check "applicant_admin corrects the person's data (R-0.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget position)' = 高级安全工程师 ]"
json member.a POST "/api/v1/organisations/$ORG_A/people" '{"name":"赵六","employment":"full_time"}'
check "applicant_member may not add people: 403 auth.role" is_err 403 auth.role
json admin.a POST "/api/v1/organisations/$ORG_A/people" '{"name":"赵六","employment":"full_time","cisp_number":"X"}'
check "a CISP number without its validity dates: 400 input.cisp" is_err 400 input.cisp
json admin.a POST "/api/v1/organisations/$ORG_A/projects" '{"name":"某银行大模型安全评估","client":"某银行",
  "ai_security":true,"started_on":"2025-01-10","completed_on":"2025-06-30","acceptance":"passed",
  "accepted_on":"2025-07-15"}'
check "applicant_admin records a completed AI-security project: 201" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget acceptance)' = passed ]"
as member.a GET "/api/v1/organisations/$ORG_A/people"
check "applicant_member reads its organisation's people" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ]"
as admin.b GET "/api/v1/organisations/$ORG_A/people"
check "another organisation's people: 404 (R-0.1, R-0.3)" is_err 404 org.not_found
as root1 GET "/api/v1/organisations/$ORG_A/people"
check "sys_admin never sees applicants' personal data: 403 auth.role (R-0.3)" is 403
as admin.a GET "/api/v1/organisations/$ORG_A/checks?date=$DAY&category=ai-security&level=1"
check "R-1.3 data checks of the shipped catalogue on a date: a report with its failures" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget pass)' = false ] && [ '$(jget date)' = $DAY ] && grep -q check.cisp_fulltime_min '$T/body'"
as admin.a GET "/api/v1/organisations/$ORG_A/personal-data"
check "R-0.3 personal-data export: a JSON attachment naming the person" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget format)' = zizhi-personal-data ] && grep -q 王五 '$T/body' && grep -qi '^content-disposition: attachment' '$T/hdr'"

# ---- the dossier (SPEC section 2) -----------------------------------------------------------

json admin.a POST /api/v1/dossiers '{"category":"test","level":1}'
DOS=$(jget id)
check "applicant_admin starts a draft: 201, initial, bound to the catalogue version (R-2.1, R-1.8)" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget status)' = draft ] && [ '$(jget app_type)' = initial ] && [ '$(jget catalog_id)' = test-assess-1 ]"
json member.a PUT "/api/v1/dossiers/$DOS/form" '{"form":{"org_name":"北京甲智能安全科技有限公司",
  "contact_name":"张三","contact_phone":"010-12345678"}}'
check "applicant_member fills in the form (申请书)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget form.contact_name)' = 张三 ]"
json member.a PUT "/api/v1/dossiers/$DOS/form" '{"form":[1]}'
check "a form that is not an object: 400 input.type naming the field" is_err 400 input.type

req GET '/api/v1/catalogs/current?category=test&level=1'
cp "$T/body" "$T/catalog.json"
/usr/bin/python3 - "$T/catalog.json" >"$T/items.txt" <<'PY'
import json, sys
cat = json.load(open(sys.argv[1], encoding="utf-8"))
def walk(g):
    for r in g.get("requirements", []):
        if r["kind"] in ("eligibility", "capability"):
            print("R", r["id"])
        for bp in r.get("base_practices", []):
            print("P", bp["id"])
    for s in g.get("groups", []):
        walk(s)
walk(cat)
for g in cat.get("groups", []):
    pass
PY
REQS=$(/usr/bin/python3 -c '
import json, sys
cat = json.load(open(sys.argv[1], encoding="utf-8"))
out = []
def walk(g):
    for r in g.get("requirements", []): out.append(r["id"])
    for s in g.get("groups", []): walk(s)
walk(cat); print(" ".join(out))' "$T/catalog.json")
METHOD=$(jget methods.0.id "$T/catalog.json")
check "the catalogue is read over the public API ($(echo $REQS | wc -w) requirements)" \
  bash -c "[ -n '$REQS' ] && [ -n '$METHOD' ] && [ -s '$T/items.txt' ]"

bad=0
for r in $REQS; do
  json admin.a PUT "/api/v1/dossiers/$DOS/answers/$r" '{"rating":"conforms","statement":"我单位满足该项要求，证据见附件。"}'
  [ "$STATUS" = 200 ] || bad=$((bad + 1))
done
check "applicant_admin self-rates every requirement" test "$bad" = 0
json admin.a PUT "/api/v1/dossiers/$DOS/answers/9.9-99" '{"rating":"conforms"}'
check "a requirement not in the bound catalogue: 400 input.item (R-1.8)" is_err 400 input.item
as admin.a GET "/api/v1/dossiers/$DOS/answers"
check "the self-assessment lists every answer" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = $(echo $REQS | wc -w) ]"

# evidence: a PDF with a Chinese name, mapped to every requirement
{ printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n'; head -c 20000 /dev/urandom; printf '\n%%%%EOF\n'; } >"$T/制度汇编.pdf"
as member.a POST "/api/v1/dossiers/$DOS/evidence" -F "reqs=$(echo $REQS | tr ' ' ',')" \
  -F "file=@$T/制度汇编.pdf;type=application/octet-stream"
EV=$(jget id)
SM3=$(openssl dgst -sm3 -r "$T/制度汇编.pdf" | cut -d' ' -f1)
check "applicant_member uploads evidence (multipart): 201 with the file's SM3 (R-8.3)" \
  bash -c "[ $STATUS = 201 ] && [ -n '$EV' ] && [ '$(jget digest)' = '$SM3' ]"
check "the file type is recorded from its content (libmagic), not from the client" \
  test "$(jget mime)" = application/pdf
check "the file name is kept (sanitised by the core) and the requirements are mapped" \
  bash -c "[ '$(jget filename)' = 制度汇编.pdf ] && [ '$(jget req_ids.0)' != '' ]"
as member.a POST "/api/v1/dossiers/$DOS/evidence" -F "nickname=x" -F "file=@$T/制度汇编.pdf"
check "an unknown form field: 400 input.unknown_field" is_err 400 input.unknown_field
as member.a POST "/api/v1/dossiers/$DOS/evidence" -H 'Content-Type: application/json' -d '{}'
check "an upload that is not multipart/form-data: 415 input.content_type" is_err 415 input.content_type
as member.a POST "/api/v1/dossiers/$DOS/evidence" -F "reqs=3.1-1"
check "a form without a file: 400 input.missing_field" is_err 400 input.missing_field
OUT=$T/down.pdf as member.a GET "/api/v1/dossiers/$DOS/evidence/$EV/content"
cd_hdr=$(hdr Content-Disposition)
check "download: the same bytes with the recorded Content-Type" \
  bash -c "[ $STATUS = 200 ] && cmp -s '$T/down.pdf' '$T/制度汇编.pdf' && [ '$(hdr Content-Type)' = application/pdf ]"
cd_ok() {
  case "$cd_hdr" in
  "attachment; filename=\"____.pdf\"; filename*=UTF-8''%E5%88%B6%E5%BA%A6%E6%B1%87%E7%BC%96.pdf") return 0 ;;
  esac
  return 1
}
check "download: Content-Disposition attachment with an ASCII fallback and RFC 5987 filename*" cd_ok
as member.a GET "/api/v1/dossiers/$DOS/evidence"
check "the evidence list names the file and its mappings" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ] && [ '$(jget items.0.id)' = $EV ]"

as admin.a GET "/api/v1/dossiers/$DOS/check"
check "completeness report before the R-2.3 materials: not complete, scan and package listed (R-2.2)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget complete)' = false ] && grep -q scan.missing '$T/body' && grep -q package.missing '$T/body'"
json admin.a POST "/api/v1/dossiers/$DOS/submit" '{}'
check "submitting an incomplete dossier: 422 gate.incomplete, nothing written (R-2.2)" \
  is_err 422 gate.incomplete

printf '%%PDF-1.4\n%% stamped application form 盖章扫描件\n%%%%EOF\n' >"$T/scan.pdf"
as admin.a PUT "/api/v1/dossiers/$DOS/stamped-scan" -F "file=@$T/scan.pdf"
check "the stamped form's scan is uploaded (R-2.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget stamped_scan)' = '$(openssl dgst -sm3 -r "$T/scan.pdf" | cut -d' ' -f1)' ]"
as admin.a PUT "/api/v1/dossiers/$DOS/bound"
check "the paper copy is declared bound (R-2.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget bound_declared)' = true ]"
json admin.a PUT "/api/v1/dossiers/$DOS/courier" '{"courier":"顺丰速运","tracking_no":"SF1234567890"}'
check "courier and tracking number are recorded (R-2.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget tracking_no)' = SF1234567890 ]"
as admin.a POST "/api/v1/dossiers/$DOS/package"
check "the electronic package is built and signed (R-2.5)" \
  bash -c "[ $STATUS = 200 ] && [ -n '$(jget package_digest)' ]"
OUT=$T/package.zip as admin.a GET "/api/v1/dossiers/$DOS/package"
check "the package downloads as a zip with its manifest" \
  bash -c "[ $STATUS = 200 ] && [ '$(hdr Content-Type)' = application/zip ] && unzip -l '$T/package.zip' 2>/dev/null | grep -q manifest.json"
as admin.a GET "/api/v1/dossiers/$DOS/package/verification"
check "the package verifies against the system key (R-2.5)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget ok)' = true ]"
as admin.a GET "/api/v1/dossiers/$DOS/check"
check "completeness report: complete, no findings (R-2.2)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget complete)' = true ] && [ '$(jget count)' = 0 ]"
as member.a POST "/api/v1/dossiers/$DOS/submit"
check "applicant_member may not submit: 403 auth.role" is_err 403 auth.role
as admin.a POST "/api/v1/dossiers/$DOS/submit"
CASE=$(jget id)
check "applicant_admin submits: 201, a case at acceptance/submitted (R-2.2, R-2.4)" \
  bash -c "[ $STATUS = 201 ] && [ -n '$CASE' ] && [ '$(jget stage)' = acceptance ] && [ '$(jget state)' = submitted ] && [ '$(jget submitted_on)' = $DAY ]"
json admin.a PUT "/api/v1/dossiers/$DOS/form" '{"form":{"org_name":"改"}}'
check "a submitted dossier cannot change: 409 dossier.not_draft" is_err 409 dossier.not_draft

# ---- another organisation sees nothing (R-0.1) ----------------------------------------------

as admin.b GET "/api/v1/cases/$CASE"
check "another organisation's admin: GET the case → 404 case.not_found" is_err 404 case.not_found
as admin.b GET "/api/v1/dossiers/$DOS"
check "another organisation's admin: GET the dossier → 404 dossier.not_found" is_err 404 dossier.not_found
OUT=$T/leak.bin as admin.b GET "/api/v1/dossiers/$DOS/evidence/$EV/content"
check "another organisation's admin: download the evidence → 404, not a byte of it" \
  bash -c "[ $STATUS = 404 ] && ! cmp -s '$T/leak.bin' '$T/制度汇编.pdf' && ! grep -q PDF '$T/leak.bin'"
OUT=$T/leak2.bin as admin.b GET "/api/v1/evidence/$EV/content"
check "another organisation's admin: /api/v1/evidence/{id}/content → 404 evidence.not_found" \
  bash -c "[ $STATUS = 404 ] && grep -q '\"evidence.not_found\"' '$T/leak2.bin' && ! grep -q PDF '$T/leak2.bin'"
as admin.b GET "/api/v1/dossiers/$DOS/evidence"
check "another organisation's admin: the evidence list → 404" is 404
as admin.b POST "/api/v1/dossiers/$DOS/evidence" -F "file=@$T/scan.pdf"
check "another organisation's admin: an upload to the dossier → 404 before anything is stored" is 404
as admin.b GET /api/v1/cases
check "another organisation's admin: the case list is empty, not an error" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 0 ]"
as lead GET "/api/v1/cases/$CASE"
check "a project lead not yet assigned: 404 (R-0.2)" is 404

# ---- acceptance (受理, R-3.1, R-3.2) ---------------------------------------------------------

ok_all=1
for m in "lead project_lead" "asr assessor" "exp1 expert" "exp2 expert" "exp3 expert"; do
  set -- $m
  json mgr POST "/api/v1/cases/$CASE/members" "{\"username\":\"$1\",\"role\":\"$2\"}"
  [ "$STATUS" = 200 ] || ok_all=0
done
check "manager assigns the lead, an assessor and three experts (R-0.2)" \
  bash -c "[ $ok_all = 1 ] && [ '$(jget total)' = 5 ]"
json lead POST "/api/v1/cases/$CASE/members" '{"username":"asr","role":"assessor"}'
check "a project lead may not assign: 403 auth.role" is_err 403 auth.role
as mgr GET "/api/v1/cases?stage=acceptance&from=$DAY&to=$DAY&limit=10"
check "manager's case list filtered by stage and submission dates" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ] && [ '$(jget items.0.id)' = $CASE ] && [ '$(jget limit)' = 10 ]"
as mgr GET "/api/v1/cases?stage=assessment"
check "a filter that matches nothing: total 0" bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 0 ]"
as mgr GET "/api/v1/cases?from=2026-02-30"
check "a filter date that is not a date: 400 input.query" is_err 400 input.query
as lead POST "/api/v1/cases/$CASE/file"
check "filing before the paper copy arrived: 422 gate.not_stamped_bound (R-3.1)" \
  is_err 422 gate.not_stamped_bound
json lead PUT "/api/v1/cases/$CASE/paper" '{"matches":true,"courier_note":"顺丰 SF1234567890"}'
check "the lead records the paper copy and media; the package verifies (R-2.3, R-2.5)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = received ] && [ '$(jget package_verified)' = true ]"
as lead POST "/api/v1/cases/$CASE/file"
check "the lead files the case (建档立项, R-3.1): the cycle clock starts" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = filed ] && [ '$(jget filed_on)' = $DAY ]"
as admin.a GET "/api/v1/cases/$CASE/cycle"
check "the applicant reads the cycle clock (R-3.7)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget started)' = true ] && [ '$(jget days_used)' = 0 ] && [ '$(jget deadline)' = 2026-09-02 ]"
json lead POST "/api/v1/cases/$CASE/review" '{"outcome":"supplement","opinion":"请补充项目验收报告。"}'
check "the lead asks for a supplement (R-3.2): the case waits for the applicant" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = supplement ]"
as admin.a GET "/api/v1/cases/$CASE/cycle"
check "the supplement pause is on the cycle clock (R-3.7)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget paused_now)' = true ] && [ '$(jget pauses.0.cause)' = supplement ]"
as admin.a POST "/api/v1/cases/$CASE/supplement"
check "the applicant's supplement arrived: back to acceptance/filed" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = filed ]"
json lead POST "/api/v1/cases/$CASE/review" '{"outcome":"accepted","opinion":"材料齐全，符合受理条件。"}'
check "the lead accepts (R-3.2): initiation/drafting" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget stage)' = initiation ] && [ '$(jget state)' = drafting ]"
as admin.a GET "/api/v1/cases/$CASE/review"
check "the applicant reads both review opinions" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 2 ] && [ '$(jget items.1.outcome)' = accepted ]"
as root1 GET /api/v1/outbox
check "the opinion is queued by email to the designated address (R-3.2)" \
  bash -c "[ $STATUS = 200 ] && grep -q apply@jia.example.cn '$T/body'"

# ---- initiation (立项, R-3.3, R-9) -----------------------------------------------------------

as lead POST "/api/v1/cases/$CASE/agreement"
s1=$STATUS
as lead POST "/api/v1/cases/$CASE/agreement/send"
check "the lead drafts and sends the agreement and invoice (R-3.3)" \
  bash -c "[ $s1 = 200 ] && [ $STATUS = 200 ] && [ '$(jget state)' = waiting ]"
as lead GET "/api/v1/cases/$CASE/agreement"
check "the invoice follows the fee schedule: 36,000.00 CNY in fen (R-9.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget invoice_total_fen)' = 3600000 ] && [ '$(jget paid)' = false ]"
as lead POST "/api/v1/cases/$CASE/assessment"
check "assessment before agreement and fee: 422 naming both gates (R-3.3)" \
  bash -c "[ $STATUS = 422 ] && [ '$(jget error.code)' = gate.agreement_not_effective ] && echo '$(jget error.message_en)' | grep -qi fee"
json lead PUT "/api/v1/cases/$CASE/agreement/effective" '{}'
check "the agreement takes effect today (date left out)" is 200
json lead POST "/api/v1/cases/$CASE/payments" '{"amount_fen":3700000,"reference":"多付"}'
check "a payment beyond what is owed: 422 gate.overpaid (R-9.2)" is_err 422 gate.overpaid
json lead POST "/api/v1/cases/$CASE/payments" '{"amount_fen":3600000,"paid_on":"2026-03-02","reference":"银行转账 0001"}'
check "the lead records the payment: paid (R-9.2)" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget paid)' = true ] && [ '$(jget outstanding_fen)' = 0 ]"
as lead POST "/api/v1/cases/$CASE/assessment"
check "agreement in effect and fee paid: assessment/planning (R-3.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget stage)' = assessment ] && [ '$(jget state)' = planning ]"

# ---- assessment (评估, R-3.4, R-1.5) ---------------------------------------------------------

json lead PUT "/api/v1/cases/$CASE/plan" '{"content":"审核计划：文档审查、人员访谈、实际操作。"}'
check "the lead records the audit plan: assessment/in_progress" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget exists)' = true ] && [ '$(jget agreed_on)' = $DAY ]"
first=$(echo $REQS | cut -d' ' -f1)
json asr POST "/api/v1/cases/$CASE/activities" "{\"method\":\"$METHOD\",\"participants\":\"评估员、张三\",
  \"items\":[\"$first\"],\"evidence\":\"制度汇编.pdf\",\"findings\":\"制度齐全。\"}"
check "the assessor records an activity: 201" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget method)' = '$METHOD' ] && [ '$(jget items.0)' = '$first' ]"
json lead POST "/api/v1/cases/$CASE/rectifications" "{\"item_id\":\"$first\",\"request\":\"请补充制度发布记录。\",\"deadline\":\"2026-03-20\"}"
RECT=$(jget id)
check "the lead requests a rectification with a deadline (整改, R-3.4)" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget open)' = true ] && [ '$(jget deadline)' = 2026-03-20 ]"
json lead POST "/api/v1/cases/$CASE/conclusion" '{"conclusion":"met"}'
check "concluding with items unrated: 422 gate.unrated (R-3.4)" is_err 422 gate.unrated
json lead POST "/api/v1/cases/$CASE/rectifications/$RECT/done" '{}'
check "the rectification evidence arrived: resolved today" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget open)' = false ] && [ '$(jget resolved_on)' = $DAY ]"
bad=0
while read -r kind id; do
  if [ "$kind" = R ]; then r=conforms; else r=performed; fi
  json asr PUT "/api/v1/cases/$CASE/ratings/$id" "{\"rating\":\"$r\"}"
  [ "$STATUS" = 200 ] || { bad=$((bad + 1)); echo "#   $id: $STATUS $(head -c 200 "$T/body")"; }
done <"$T/items.txt"
check "the assessor rates every requirement and base practice ($(wc -l <"$T/items.txt") items)" \
  test "$bad" = 0
json admin.a PUT "/api/v1/cases/$CASE/ratings/$first" '{"rating":"conforms"}'
check "an applicant may not rate: 403 auth.role" is_err 403 auth.role
as lead GET "/api/v1/cases/$CASE/assessment"
check "recommendation computed from the ratings: level 1 met (R-1.5)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget recommendation.recommendation)' = met ]"
json lead POST "/api/v1/cases/$CASE/conclusion" '{"conclusion":"met"}'
check "the lead concludes (项目审核结论): expert_review/panel" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget stage)' = expert_review ]"
as lead GET "/api/v1/cases/$CASE/oscal/results"
check "OSCAL assessment-results export (R-1.7)" \
  bash -c "[ $STATUS = 200 ] && grep -q assessment-results '$T/body'"

# ---- expert review and approval (R-3.5, R-3.6) ------------------------------------------------

json lead POST "/api/v1/cases/$CASE/votes" '{"vote":"pass","opinion":"x"}'
check "the project lead may not vote: 403 auth.role (R-3.5)" is_err 403 auth.role
ok_all=1
for e in exp1 exp2 exp3; do
  json "$e" POST "/api/v1/cases/$CASE/votes" '{"vote":"pass","opinion":"证据充分，结论合理。"}'
  [ "$STATUS" = 200 ] || ok_all=0
done
check "three experts vote with written opinions" \
  bash -c "[ $ok_all = 1 ] && [ '$(jget total)' = 3 ]"
json exp1 POST "/api/v1/cases/$CASE/votes" '{"vote":"fail","opinion":"改主意"}'
check "a second vote in the same round: 422 gate.already_voted" is_err 422 gate.already_voted
as admin.a GET "/api/v1/cases/$CASE/votes"
check "the applicant does not read the panel's votes: 403" is 403
as lead POST "/api/v1/cases/$CASE/panel-conclusion"
check "the panel concludes by majority: certification/awaiting_approval (R-3.5)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget results.0.result)' = pass ] && [ '$(jget case.state)' = awaiting_approval ]"
as mgr POST "/api/v1/cases/$CASE/approval"
check "the manager approves (审批, R-3.6)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = approved ] && [ '$(jget approved_on)' = $DAY ]"

json admin.a POST "/api/v1/cases/$CASE/withdraw" '{"reason":"不再需要"}'
check "withdrawing once approved: 422 gate.withdraw_after_approval (R-3.8)" \
  is_err 422 gate.withdraw_after_approval

# ---- certification (R-3.6, R-4) --------------------------------------------------------------

as certo POST /api/v1/batches
BATCH=$(jget id)
check "the cert officer opens a batch: 201" bash -c "[ $STATUS = 201 ] && [ '$(jget status)' = open ]"
json certo POST "/api/v1/batches/$BATCH/cases" "{\"case_id\":$CASE}"
check "the approved case joins the batch" bash -c "[ $STATUS = 200 ] && [ '$(jget items.0.id)' = $CASE ]"
json certo POST "/api/v1/batches/$BATCH/issue" '{}'
check "the batch is issued" bash -c "[ $STATUS = 200 ] && [ '$(jget status)' = issued ] && [ '$(jget n_certs)' = 1 ]"
json certo POST "/api/v1/batches/$BATCH/publish" "{\"published_on\":\"$DAY\"}"
check "the batch is published (公告)" bash -c "[ $STATUS = 200 ] && [ '$(jget status)' = published ]"
as admin.a GET /api/v1/certificates
CERT=$(jget items.0.id)
NUMBER=$(jget items.0.number)
check "the holder sees its certificate: valid, 3 years (R-4.1, R-4.2)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ] && [ '$(jget items.0.status)' = valid ] && [ '$(jget items.0.expiry_date)' = 2029-03-01 ]"
as admin.a GET "/api/v1/cases/$CASE"
check "the case is closed as certified" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget state)' = certified ] && [ '$(jget close_reason)' = certified ]"
as admin.a GET "/api/v1/certificates/$NUMBER"
check "one certificate by number, with its signed record (R-4.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget record.number)' = '$NUMBER' ] && [ -n '$(jget signature)' ]"
as admin.b GET "/api/v1/certificates/$CERT"
check "another organisation's certificate: 404 cert.not_found (R-0.1)" is_err 404 cert.not_found
req GET "/api/v1/public/certificates/$NUMBER"
check "the public verification page: published, signature verifies (R-4.3)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget signature_ok)' = true ] && [ '$(jget certificate.status)' = valid ]"

# ---- sanctions, appeals, complaints (SPEC sections 5, 6) ----------------------------------

json sup POST /api/v1/sanctions "{\"org_id\":$ORG_A,\"cert_id\":$CERT,\"kind\":\"suspension\",
  \"violation\":\"超范围服务\",\"evidence\":\"投诉材料\",\"decision\":\"暂停证书\"}"
SANC=$(jget id)
check "the supervisor suspends the certificate (R-5.1, R-5.3)" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget kind)' = suspension ] && [ '$(jget decided_by_name)' = sup ]"
req GET "/api/v1/public/certificates/$NUMBER"
check "the registry shows it suspended, without the reason (R-4.2)" \
  bash -c "[ '$(jget certificate.status)' = suspended ] && ! grep -q 超范围服务 '$T/body'"
as admin.a GET /api/v1/sanctions
check "the applicant sees its sanction (R-5.3)" bash -c "[ $STATUS = 200 ] && [ '$(jget items.0.id)' = $SANC ]"
as admin.b GET "/api/v1/sanctions/$SANC"
check "another organisation's sanction: 404 sanction.not_found" is_err 404 sanction.not_found
json admin.a POST /api/v1/appeals "{\"sanction_id\":$SANC,\"grounds\":\"该服务在资质范围内。\"}"
APPEAL=$(jget id)
check "the applicant appeals in writing (书面申诉, R-6.1)" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget subject)' = sanction ] && [ '$(jget status)' = open ]"
json sup POST "/api/v1/appeals/$APPEAL/decision" '{"outcome":"upheld","investigation":"经调查，申诉成立。"}'
check "the supervisor upholds it: the sanction is annulled (R-6.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget status)' = upheld ]"
as admin.a GET "/api/v1/certificates/$CERT"
check "the certificate is valid again" bash -c "[ $STATUS = 200 ] && [ '$(jget status)' = valid ]"
json admin.a POST /api/v1/complaints '{"received_on":"2026-03-01","complainant":"某客户","summary":"报告交付延迟","measures":"增加项目排期复核"}'
COMPL=$(jget id)
check "the applicant records a complaint and its measures (R-6.2)" bash -c "[ $STATUS = 201 ] && [ -n '$COMPL' ]"
json admin.a PUT "/api/v1/complaints/$COMPL" '{"received_on":"2026-03-01","summary":"报告交付延迟","measures":"增加项目排期复核","closed_on":"2026-03-02"}'
check "and closes it" bash -c "[ $STATUS = 200 ] && [ '$(jget closed_on)' = $DAY ]"
as sup GET /api/v1/complaints
check "the supervision department inspects the complaint records (R-6.2)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ]"

# ---- archive (SPEC section 7) --------------------------------------------------------------

as mgr POST "/api/v1/cases/$CASE/archive"
check "the manager archives the certified case (R-7.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget stage)' = archived ]"
as sup GET "/api/v1/archives/$CASE"
check "kept six years from its closing date (R-7.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget keep_until)' = 2032-03-02 ] && [ '$(jget due)' = false ]"
json sup POST "/api/v1/archives/$CASE/hold" '{"reason":"诉讼保全"}'
check "the supervisor puts a legal hold on it" bash -c "[ $STATUS = 200 ] && [ '$(jget legal_hold)' = true ]"
as mgr POST "/api/v1/archives/$CASE/disposal/approval"
check "disposal before the retention ends: 422 gate.archive_retention (R-7.1)" \
  is_err 422 gate.archive_retention
OUT=$T/archive.zip as sup GET "/api/v1/archives/$CASE/export"
check "the self-verifying archive exports as a zip with a signed manifest (R-7.2)" \
  bash -c "[ $STATUS = 200 ] && unzip -l '$T/archive.zip' 2>/dev/null | grep -q manifest.sig && [ -z \"\$(ls -A '$D/exports' 2>/dev/null)\" ]"

# ---- a second draft: evidence mapping, removal, rebind; people and projects ---------------

json member.a POST /api/v1/dossiers '{"category":"test","level":1}'
DOS2=$(jget id)
as member.a POST "/api/v1/dossiers/$DOS2/evidence" -F "file=@$T/scan.pdf"
EV2=$(jget id)
check "a second draft gets an unmapped evidence file" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget req_ids)' = '[]' ]"
as member.a PUT "/api/v1/dossiers/$DOS2/evidence/$EV2/requirements/$first"
m1=$(jget req_ids.0)
as member.a DELETE "/api/v1/dossiers/$DOS2/evidence/$EV2/requirements/$first"
check "map, then unmap it" bash -c "[ '$m1' = '$first' ] && [ $STATUS = 200 ] && [ '$(jget req_ids)' = '[]' ]"
as member.a DELETE "/api/v1/dossiers/$DOS2/evidence/$EV2/requirements/$first"
check "unmapping what is not mapped: 404 evidence.not_mapped" is_err 404 evidence.not_mapped
as member.a DELETE "/api/v1/dossiers/$DOS2/evidence/$EV2"
check "remove it from the dossier: 204" test "$STATUS" = 204
as member.a POST "/api/v1/dossiers/$DOS2/rebind"
check "rebinding a draft already on the current version reports no change (R-1.8)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget changed)' = false ]"
as admin.a GET "/api/v1/dossiers?status=draft"
check "the dossier list filters by status" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 1 ] && [ '$(jget items.0.id)' = $DOS2 ]"
json admin.a PUT "/api/v1/organisations/$ORG_A/people/$PERSON/active" '{"active":false}'
check "a person who left is deactivated, kept for the record" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget active)' = false ]"
as admin.a GET "/api/v1/organisations/$ORG_B/people/$PERSON"
check "a person through another organisation's path: 404" is 404

# ---- afterwards: evidence stays readable by the team, audit trail --------------------------

as lead GET "/api/v1/evidence/$EV"
check "the assigned lead reads the evidence record by its own id" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget dossier_id)' = $DOS ] && [ '$(jget mime)' = application/pdf ]"
OUT=$T/lead.pdf as lead GET "/api/v1/evidence/$EV/content"
check "the assigned lead downloads it: the same bytes" bash -c "[ $STATUS = 200 ] && cmp -s '$T/lead.pdf' '$T/制度汇编.pdf'"
as sup GET "/api/v1/evidence/$((EV + 100))/content"
check "a missing evidence id: 404 evidence.not_found, the same answer" is_err 404 evidence.not_found
as aud1 GET '/api/v1/audit?limit=5'
total=$(jget total)
check "audit_admin reads the audit log, newest first (R-8.1)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget limit)' = 5 ] && [ ${total:-0} -gt 50 ] && [ -n '$(jget items.0.digest)' ] && [ '$(jget items.0.seq)' = ${total:-x} ]"
grep -q '"action":"dossier.evidence_add"' "$T/body" || as aud1 GET '/api/v1/audit?limit=500'
check "the evidence upload is in the audit log" grep -q 'dossier.evidence_add' "$T/body"
as aud1 GET /api/v1/audit/verification
check "the audit chain and its signed checkpoint verify (R-8.2, R-8.4)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget ok)' = true ]"
as admin.a GET /api/v1/audit
check "an applicant may not read the audit log: 403 auth.role" is_err 403 auth.role
as mgr GET "/api/v1/cases/$CASE/nothing"
check "an unknown sub-resource: 404 http.not_found" is_err 404 http.not_found
as mgr GET /api/v1/cases/abc
check "a malformed id: 400 input.id" is_err 400 input.id

# ---- sanitizers (ASan/UBSan builds report into the server log) -----------------------------
kill -TERM "$SPID"
for _ in $(seq 200); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.05; done
if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T/server.log"; then
  nok "no sanitizer report in the server log"
  grep -A5 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T/server.log" | head -30 | sed 's/^/#   /'
else
  ok "no sanitizer report in the server log; zizhid stopped on SIGTERM"
fi
[ "$n" -eq "$PLAN" ] || echo "# planned $PLAN, ran $n"
