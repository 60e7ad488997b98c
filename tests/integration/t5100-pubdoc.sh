#!/usr/bin/env bash
# t5100-pubdoc.sh — the public documents (申请须知, R-2.7) through `zizhi pubdoc` and the real
# zizhid over loopback: before anything is published the contact details of the guide's section 十
# stand; sys_admin publishes versions (CLI: file stored by SM3, type from the content; HTTP:
# multipart upload), nobody else may; a taken version is refused; the public reads the current
# version of each kind with its date and downloads the file byte for byte without signing in; a
# version dated later is hidden until its date; ?kind= lists a kind's history.
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1
PY=/usr/bin/python3
PW='Zizhi-Test-2026!'
D=$TMP/data
DAY=2026-11-25
plan 19

zz() { "$ZIZHI" --data "$D" --date "$DAY" "$@"; }
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   expected '$2', got '$3'"; fi; }
run() {
  local d=$1 out; shift
  if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d"; echo "$out" | head -6 | sed 's/^/#   /'; fi
}
refused() {
  local d=$1 code=$2 out rc; shift 2
  out=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq 1 ] && grep -qF "zizhi: $code:" <<<"$out"; then ok "$d"; else
    not_ok "$d"; echo "#   exit $rc: $out" | head -4; fi
}
PIDS=()
trap 'for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# HTTP: req METHOD PATH [curl args]: body in $TMP/body, status in $STATUS
req() {
  local m=$1 p=$2; shift 2
  STATUS=$(curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
}
bget() { jget "$1" <"$TMP/body" 2>/dev/null; }
signin() { # user → cookie jar, CSRF token in $TMP/<user>.csrf
  req POST /api/v1/session -c "$TMP/$1.jar" -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$1\",\"password\":\"$PW\"}"
  bget 'j["csrf_token"]' >"$TMP/$1.csrf"
}
as() { local u=$1 m=$2 p=$3; shift 3; req "$m" "$p" -b "$TMP/$u.jar" -H "X-CSRF-Token: $(cat "$TMP/$u.csrf")" "$@"; }

for u in "sysadm sys_admin" "mgr manager"; do
  set -- $u
  echo "$PW" | zz user add --name "$1" --password-stdin "$1" >/dev/null 2>&1
  zz user grant "$1" "$2" >/dev/null 2>&1
done

# ---- CLI ---------------------------------------------------------------------------------------------
is "before anything is published: the guide's section 十 as the contact details" "1 contacts True" \
  "$(zz --json pubdoc list | jget '"%d %s %s" % (j["count"], j["documents"][0]["kind"], j["documents"][0]["builtin"])')"
printf '信息安全服务资质申请与维持指南（人工智能安全类一级）\n2026 年 6 月\n' >"$TMP/guide.txt"
refused "a manager may not publish (sys_admin only)" auth.role \
  zz --as mgr pubdoc publish guide "$TMP/guide.txt" --version 2026.06 --date 2026-06-01
run "sys_admin publishes the guide 2026.06 dated 2026-06-01" \
  zz --as sysadm pubdoc publish guide "$TMP/guide.txt" --version 2026.06 --date 2026-06-01
refused "the same version again is refused (versions never change)" pubdoc.version_exists \
  zz --as sysadm pubdoc publish 申请与维持指南 "$TMP/guide.txt" --version 2026.06 --date 2026-06-02
zz --json pubdoc list >"$TMP/list.json"
is "the current guide: its version, date, file type from the content" "guide 2026.06 2026-06-01 text/plain" \
  "$(jget '" ".join(j["documents"][0][k] for k in ("kind", "version", "date", "mime"))' <"$TMP/list.json")"
printf 'next year\n' >"$TMP/guide2.txt"
run "a version dated after today can be published ahead" \
  zz --as sysadm pubdoc publish guide "$TMP/guide2.txt" --version 2027.01 --date 2027-01-01
is "it is not current before its date" "2026.06" \
  "$(zz --json pubdoc list | jget 'j["documents"][0]["version"]')"
is "it is current on its date" "2027.01" \
  "$("$ZIZHI" --data "$D" --date 2027-01-01 --json pubdoc list | jget 'j["documents"][0]["version"]')"

# ---- HTTP --------------------------------------------------------------------------------------------
"$ZIZHID" --listen 127.0.0.1:0 --data "$D" --date "$DAY" --rate 0 --threads 2 --web "$TMP/noweb" \
  >"$TMP/zizhid.log" 2>&1 &
PIDS+=($!)
port=""
for _ in $(seq 300); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$TMP/zizhid.log" | grep -o '[0-9]*$')
  [ -n "$port" ] && break
  sleep 0.05
done
BASE=http://127.0.0.1:${port:-0}

req GET /api/v1/public/documents
is "GET /api/v1/public/documents without signing in: the guide and the contact details" \
  "200 guide:2026.06:2026-06-01 contacts:builtin" \
  "$STATUS $(bget '" ".join("%s:%s" % (d["kind"], "builtin" if d["builtin"] else d["version"] + ":" + d["date"]) for d in j["items"])')"
URLC=$(bget 'j["items"][0]["content_url"]')
req GET "$URLC"
if [ "$STATUS" = 200 ] && cmp -s "$TMP/body" "$TMP/guide.txt" && grep -qi '^Content-Disposition: attachment' "$TMP/hdr"; then
  ok "the file downloads byte for byte, as an attachment"
else not_ok "the file downloads byte for byte, as an attachment"; echo "#   $STATUS"; fi
req GET /api/v1/public/documents/999/content
is "an unknown document: 404 pubdoc.not_found" "404 pubdoc.not_found" "$STATUS $(bget 'j["error"]["code"]')"
req GET "/api/v1/public/documents?kind=guide"
is "?kind=guide: the public history (the 2027 version hidden until its date)" "2026.06" \
  "$(bget '" ".join(d["version"] for d in j["items"])')"

printf '%%PDF-1.4\n%% FAQ (test)\n%%%%EOF\n' >"$TMP/faq.pdf"
req POST /api/v1/documents -F kind=faq -F version=1.0 -F "file=@$TMP/faq.pdf"
is "publishing without signing in: 401" "401 auth.required" "$STATUS $(bget 'j["error"]["code"]')"
signin mgr
as mgr POST /api/v1/documents -F kind=faq -F version=1.0 -F "file=@$TMP/faq.pdf"
is "a manager: 403 auth.role" "403 auth.role" "$STATUS $(bget 'j["error"]["code"]')"
signin sysadm
as sysadm POST /api/v1/documents -F kind=faq -F version=1.0 -F date=2026-11-20 \
  -F "file=@$TMP/faq.pdf;filename=常见问题解答.pdf"
is "sys_admin uploads the FAQ (multipart): 201, type from the content, name kept" \
  "201 faq 1.0 2026-11-20 application/pdf 常见问题解答.pdf" \
  "$STATUS $(bget '" ".join([j["kind"], j["version"], j["date"], j["mime"], j["filename"]])')"
as sysadm POST /api/v1/documents -F kind=faq -F version=1.0 -F "file=@$TMP/faq.pdf"
is "the same version again: 409 pubdoc.version_exists" "409 pubdoc.version_exists" \
  "$STATUS $(bget 'j["error"]["code"]')"
as sysadm POST /api/v1/documents -F kind=faq -F version=1.1 -F note=x -F "file=@$TMP/faq.pdf"
is "an unknown form field: 400 input.unknown_field" "400 input.unknown_field" \
  "$STATUS $(bget 'j["error"]["code"]')"
req GET /api/v1/public/documents
is "the public list now shows the guide, the FAQ and the contact details" "guide faq contacts" \
  "$(bget '" ".join(d["kind"] for d in j["items"])')"
run "the audit chain verifies (every publication audited, R-8)" "$ZIZHI" --data "$D" audit verify
