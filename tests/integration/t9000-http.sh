#!/usr/bin/env bash
# t9000-http.sh — the real zizhid over loopback (TAP): route table = docs/openapi.yaml, health,
# security headers, static files and traversal, 401/403/CSRF (R-0.1), sign-in cookie flags,
# strict JSON bodies (400/413/415 with their codes), accounts and role grants with the separation
# of duties (R-0.4), catalogues, rate limiting, TLS, and graceful shutdown on SIGTERM.
#
# Needs: curl, openssl (TLS case), /usr/bin/python3 (JSON reading). ZZ_BUILD names the build.
set -u
cd "$(dirname "$0")/../.."
B=${ZZ_BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/zz-t9000.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
export ZIZHI_PW_FAST=1 # cheap argon2 parameters for test accounts (user.h)
PW='Zizhi-Test-2026!'

echo "1..72"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
  n=$((n + 1)); echo "not ok $n - $1"
  echo "#   status=${STATUS:-} body=$(head -c 400 "$T/body" 2>/dev/null)"
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }
skip_rest() { while [ "$n" -lt 72 ]; do n=$((n + 1)); echo "not ok $n - $1"; done; exit 1; }

# ---- helpers -------------------------------------------------------------------------------

# req METHOD PATH [curl args...]: body in $T/body, headers in $T/hdr, status in $STATUS
req() {
  local m=$1 p=$2; shift 2
  STATUS=$(curl -s -k -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
}
# jget a.b.0.c: a field of the last body ("" when absent)
jget() {
  /usr/bin/python3 - "$T/body" "$1" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2].split("."):
    if isinstance(d, list): d = d[int(k)] if int(k) < len(d) else None
    elif isinstance(d, dict): d = d.get(k)
    else: d = None
print("" if d is None else json.dumps(d, ensure_ascii=False) if isinstance(d, (dict, list, bool)) else d)
PY
}
is_err() { [ "$STATUS" = "$1" ] && [ "$(jget error.code)" = "$2" ]; }
hdr() { grep -i "^$1:" "$T/hdr" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ //'; }

# start NAME ARGS...: starts zizhid on a free port; sets NAME_pid and BASE_NAME
start() {
  local name=$1; shift
  "$B/zizhid" --listen 127.0.0.1:0 "$@" >"$T/$name.log" 2>&1 &
  local pid=$! port=""
  PIDS+=("$pid")
  for _ in $(seq 300); do
    port=$(grep -o 'listening on https\?://127.0.0.1:[0-9]*' "$T/$name.log" | grep -o '[0-9]*$')
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  eval "${name}_pid=$pid; ${name}_port=${port:-0}"
  [ -n "$port" ]
}
# waits up to 10 s for a process to exit; its exit status in $EXIT
wait_exit() {
  local pid=$1
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then EXIT=timeout; return 1; fi
  wait "$pid"; EXIT=$?
}
signin() { # user → cookie jar $T/<user>.jar, CSRF token in $CSRF
  req POST /api/v1/session -c "$T/$1.jar" -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$1\",\"password\":\"$PW\"}"
  CSRF=$(jget csrf_token)
}
as() { # user METHOD PATH [args]: with the user's cookie and CSRF token
  local u=$1; shift
  local m=$1 p=$2; shift 2
  local tok; tok=$(cat "$T/$u.csrf" 2>/dev/null)
  req "$m" "$p" -b "$T/$u.jar" -H "X-CSRF-Token: $tok" "$@"
}
json() { as "$@" -H 'Content-Type: application/json'; }

# ---- setup ---------------------------------------------------------------------------------

# Accounts: with `zizhi user add/grant` (acting as the system); when this build has no such
# command yet, with a small C program against this build's libzizhi (an ASan build needs the
# sanitizer runtime at link time).
D=$T/data
if "$B/zizhi" help user >/dev/null 2>&1; then
  mkuser() {
    echo "$PW" | "$B/zizhi" --data "$D" user add --name "$1" --password-stdin "$1" >/dev/null &&
      "$B/zizhi" --data "$D" user grant "$1" "$2" >/dev/null
  }
else
  SF=""
  if nm "$B/libzizhi.a" 2>/dev/null | grep -q '__asan'; then SF="-fsanitize=address,undefined"; fi
  LIBS=$(pkg-config --libs libcrypto sqlite3 jansson libargon2 libmicrohttpd libcurl libmagic \
    pangocairo cairo-pdf libqrencode xlsxwriter libarchive 2>/dev/null)
  if ! cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $SF \
    tests/integration/mkuser.c "$B/libzizhi.a" $LIBS -lm -lpthread -o "$T/mkuser" 2>"$T/cc.log"; then
    sed 's/^/# /' "$T/cc.log"
    skip_rest "setup: build the account helper"
  fi
  mkuser() { "$T/mkuser" "$D" "$1" "$PW" "$2"; }
fi
for u in "root1 sys_admin" "sec1 sec_admin" "aud1 audit_admin"; do
  set -- $u
  mkuser "$1" "$2" 2>>"$T/mkuser.log" || { sed 's/^/# /' "$T/mkuser.log"; skip_rest "setup: create account $1"; }
done

W=$T/web
mkdir -p "$W/assets"
printf '<!doctype html><title>zizhi-app</title><div id="app"></div>\n' >"$W/index.html"
printf 'console.log("app")\n' >"$W/assets/app-1a2b.js"
printf 'secret\n' >"$W/.env"
ln -s /etc/passwd "$W/leak.txt"
head -c 3000000 /dev/zero >"$W/big.bin"

# 1 — every route of the router is documented, with the same access, and nothing else is
"$B/zizhid" --print-routes | awk '{print $1, $2, $3}' | sort >"$T/routes.txt"
awk '
  /^  \/api\// { path = $1; sub(/:$/, "", path); next }
  /^    (get|post|put|patch|delete):/ { m = toupper($1); sub(/:$/, "", m); next }
  /^      x-zizhi-roles:/ {
    v = $0; sub(/^ *x-zizhi-roles: */, "", v); gsub(/[][ ]/, "", v); print m, path, v }
' docs/openapi.yaml | sort >"$T/yaml.txt"
if [ -s "$T/routes.txt" ] && diff "$T/routes.txt" "$T/yaml.txt" >"$T/diff.txt"; then
  ok "route table equals docs/openapi.yaml ($(wc -l <"$T/routes.txt") routes, with access)"
else
  nok "route table equals docs/openapi.yaml"; sed 's/^/#   /' "$T/diff.txt"
fi

# ---- server A ------------------------------------------------------------------------------
if ! start A --data "$D" --web "$W" --max-body 4K --rate 1 --rate-burst 40 --grace 10 \
  --date 2026-11-25 --threads 2; then
  sed 's/^/# /' "$T/A.log"; skip_rest "server A starts"
fi
BASE=http://127.0.0.1:$A_port
ok "zizhid starts on a free loopback port ($A_port) with a fresh data directory"

req GET /api/v1/health
check "GET /api/v1/health answers 200 {\"status\":\"ok\"}" \
  test "$STATUS" = 200 -a "$(jget status)" = ok -a "$(cat "$T/body")" = '{"status":"ok"}'

sec_headers() {
  hdr Content-Security-Policy | grep -q "frame-ancestors 'none'" &&
    hdr Content-Security-Policy | grep -q "default-src 'self'" &&
    [ "$(hdr X-Content-Type-Options)" = nosniff ] && [ "$(hdr Referrer-Policy)" = no-referrer ] &&
    [ "$(hdr X-Frame-Options)" = DENY ]
}
check "API responses carry CSP (frame-ancestors 'none'), nosniff, no-referrer, DENY" sec_headers
check "API responses carry Cache-Control: no-store" test "$(hdr Cache-Control)" = no-store

# ---- static files --------------------------------------------------------------------------
req GET /
check "GET / serves index.html from --web as text/html with the security headers" \
  bash -c "[ $STATUS = 200 ] && grep -q zizhi-app '$T/body' && grep -qi '^content-type: text/html' '$T/hdr'" 
check "static responses carry the security headers too" sec_headers
req GET /assets/app-1a2b.js
check "/assets/*.js: text/javascript, cached as immutable" \
  bash -c "[ $STATUS = 200 ] && grep -qi '^content-type: text/javascript' '$T/hdr' && grep -qi 'immutable' '$T/hdr'"
req GET /cases/42/evidence
check "a client-side route (/cases/42/evidence) falls back to index.html" \
  bash -c "[ $STATUS = 200 ] && grep -q zizhi-app '$T/body'"
req GET /assets/missing.js
check "a missing file with an extension is 404, not index.html" test "$STATUS" = 404
trav_ok=1
for p in /../../../../etc/passwd /assets/../../../etc/passwd '/%2e%2e/%2e%2e/etc/passwd' \
  '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd' /leak.txt /.env '/a/..%2f..%2fetc/passwd'; do
  req GET "$p" --path-as-is
  if [ "$STATUS" = 200 ] || grep -q 'root:' "$T/body" || grep -q secret "$T/body"; then
    trav_ok=0; echo "#   $p → $STATUS"
  fi
done
check "no traversal: '..' (raw and %2e-encoded), symlinks out of the root and dot-files are refused" \
  test $trav_ok = 1
req POST /index.html -d x
check "non-GET on a static path is 405 http.method" is_err 405 http.method

# ---- routing and authorisation -------------------------------------------------------------
req GET /api/v1/nothing-here
check "unknown API route: 404 http.not_found (JSON, no-store)" \
  bash -c "[ $STATUS = 404 ] && [ '$(jget error.code)' = http.not_found ] && grep -qi 'cache-control: no-store' '$T/hdr'"
req PUT /api/v1/health
check "known path, wrong method: 405 http.method with Allow: GET" \
  bash -c "[ $STATUS = 405 ] && [ '$(jget error.code)' = http.method ] && grep -qi '^allow: GET' '$T/hdr'"
req GET /api/v1/session
check "GET /api/v1/session without a session: 401 auth.required (R-0.1)" is_err 401 auth.required
check "error bodies carry code, Chinese message and message_en" \
  bash -c "[ -n '$(jget error.message)' ] && [ -n '$(jget error.message_en)' ]"
req GET /api/v1/users
check "GET /api/v1/users without a session: 401 auth.required" is_err 401 auth.required
req GET /api/v1/users -b 'zz_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
check "a forged session token: 401 auth.session_invalid" is_err 401 auth.session_invalid
req POST /api/v1/users -H 'Content-Type: application/json' -d '{}'
check "a state change without a session: 401 before anything else" is_err 401 auth.required

# ---- sign-in -------------------------------------------------------------------------------
req POST /api/v1/session -H 'Content-Type: application/json' \
  -d '{"username":"root1","password":"wrong-Password-1"}'
check "sign-in with a wrong password: 401 auth.bad_credentials" is_err 401 auth.bad_credentials
check "a refused sign-in sets no session cookie" bash -c "! grep -qi '^set-cookie: zz_session=[A-Za-z0-9]' '$T/hdr'"
req POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"nobody1","password":"x"}'
check "sign-in of an unknown account answers the same auth.bad_credentials" is_err 401 auth.bad_credentials

for u in root1 sec1 aud1; do signin "$u"; echo "$CSRF" >"$T/$u.csrf"; done
signin root1; echo "$CSRF" >"$T/root1.csrf"
check "sign-in: 201 with the account and a CSRF token" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget user.username)' = root1 ] && [ ${#CSRF} -ge 40 ]"
cookie=$(grep -i '^set-cookie: zz_session=' "$T/hdr" | tr -d '\r')
check "the session cookie is HttpOnly; SameSite=Strict; Path=/ (no Secure over plain HTTP)" \
  bash -c "echo '$cookie' | grep -q 'HttpOnly' && echo '$cookie' | grep -q 'SameSite=Strict' && echo '$cookie' | grep -q 'Path=/' && ! echo '$cookie' | grep -q Secure"
check "the cookie token is 32 random bytes (43 base64url chars)" \
  bash -c "echo '$cookie' | grep -Eq 'zz_session=[A-Za-z0-9_-]{43};'"
as root1 GET /api/v1/session
check "GET /api/v1/session: who am I, roles, CSRF token" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget user.roles.0)' = sys_admin ] && [ '$(jget csrf_token)' = '$(cat "$T/root1.csrf")' ]"

# ---- CSRF and strict JSON ------------------------------------------------------------------
req POST /api/v1/users -b "$T/root1.jar" -H 'Content-Type: application/json' \
  -d '{"username":"asr1","display_name":"评估员"}'
check "state change without X-CSRF-Token: 403 auth.csrf" is_err 403 auth.csrf
req POST /api/v1/users -b "$T/root1.jar" -H 'X-CSRF-Token: not-the-token' \
  -H 'Content-Type: application/json' -d '{"username":"asr1","display_name":"评估员"}'
check "state change with a wrong X-CSRF-Token: 403 auth.csrf" is_err 403 auth.csrf
json root1 POST /api/v1/users --data-binary '{"username": "asr1",
  "display_name": }'
check "malformed JSON: 400 input.json naming line and column" \
  bash -c "[ $STATUS = 400 ] && [ '$(jget error.code)' = input.json ] && echo '$(jget error.message_en)' | grep -q 'line 2, column'"
json root1 POST /api/v1/users -d '{"username":"asr1","display_name":42}'
check "wrong type: 400 input.type naming the field" \
  bash -c "[ $STATUS = 400 ] && [ '$(jget error.code)' = input.type ] && echo '$(jget error.message_en)' | grep -q display_name"
json root1 POST /api/v1/users -d '{"username":"asr1","display_name":"x","nickname":"y"}'
check "unknown field: 400 input.unknown_field naming it" \
  bash -c "[ $STATUS = 400 ] && [ '$(jget error.code)' = input.unknown_field ] && echo '$(jget error.message_en)' | grep -q nickname"
json root1 POST /api/v1/users -d '{"display_name":"x"}'
check "missing field: 400 input.missing_field naming it" \
  bash -c "[ $STATUS = 400 ] && [ '$(jget error.code)' = input.missing_field ] && echo '$(jget error.message_en)' | grep -q username"
json root1 POST /api/v1/users -d '{"username":"asr1","username":"asr2","display_name":"x"}'
check "duplicate keys: 400 input.json" is_err 400 input.json
printf '{"username":"asr1","display_name":"\xff\xfe"}' >"$T/bad-utf8.json"
json root1 POST /api/v1/users --data-binary @"$T/bad-utf8.json"
check "invalid UTF-8: 400 input.utf8" is_err 400 input.utf8
head -c 9000 /dev/zero | tr '\0' ' ' >"$T/big.json"; echo '{}' >>"$T/big.json"
json root1 POST /api/v1/users --data-binary @"$T/big.json"
check "body over --max-body (Content-Length): 413 input.too_big" is_err 413 input.too_big
json root1 POST /api/v1/users --data-binary @"$T/big.json" -H 'Transfer-Encoding: chunked'
check "chunked body over --max-body: 413 input.too_big" is_err 413 input.too_big
as root1 POST /api/v1/users -H 'Content-Type: text/plain' -d '{"username":"asr1","display_name":"x"}'
check "a body that is not application/json: 415 input.content_type" is_err 415 input.content_type
json root1 POST /api/v1/users -d '[]'
check "a JSON body that is not an object: 400 input.type" is_err 400 input.type

# ---- accounts and roles (R-0.4) ------------------------------------------------------------
json root1 POST /api/v1/users -d '{"username":"asr1","display_name":"评估员甲","password":"Zizhi-Test-2026!"}'
check "sys_admin creates an account: 201 with it" \
  bash -c "[ $STATUS = 201 ] && [ '$(jget username)' = asr1 ] && [ '$(jget display_name)' = 评估员甲 ]"
json root1 POST /api/v1/users -d '{"username":"asr1","display_name":"again"}'
check "creating it twice: 409" test "$STATUS" = 409
as root1 GET /api/v1/users
check "GET /api/v1/users lists accounts with total" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 4 ] && grep -q asr1 '$T/body'"
as aud1 GET '/api/v1/users?limit=2&offset=1'
check "audit_admin may list; limit/offset page the list" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget limit)' = 2 ] && [ '$(jget items.0.username)' = aud1 ] && [ '$(jget items.1.username)' = root1 ] && [ -z '$(jget items.2)' ]"
json aud1 POST /api/v1/users -d '{"username":"x12","display_name":"x"}'
check "audit_admin may not create accounts: 403 auth.role (R-0.4)" is_err 403 auth.role
json root1 POST /api/v1/users/asr1/roles -d '{"role":"assessor"}'
check "sys_admin may not grant roles: 403 auth.role (R-0.4)" is_err 403 auth.role
json sec1 POST /api/v1/users/asr1/roles -d '{"role":"assessor"}'
check "sec_admin grants assessor: 200 with the role" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget roles.0)' = assessor ]"
json sec1 POST /api/v1/users/asr1/roles -d '{"role":"sys_admin"}'
check "an administrator role on top of a case role: 422 auth.separation (R-0.4)" \
  bash -c "[ $STATUS = 422 ] && [ '$(jget error.code)' = auth.separation ] && [ '$(jget error.rule)' = R-0.4 ]"
json sec1 POST /api/v1/users/asr1/roles -d '{"role":"wizard"}'
check "an unknown role: 400 input.role" is_err 400 input.role
as sec1 DELETE /api/v1/users/asr1/roles/assessor
check "sec_admin revokes it: 200 with no roles left" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget roles)' = '[]' ]"
as sec1 DELETE /api/v1/users/nosuchuser/roles/assessor
check "revoking on an unknown account: 404" test "$STATUS" = 404

# ---- catalogues ----------------------------------------------------------------------------
req GET '/api/v1/catalogs/current?category=ai-security&level=1'
check "GET /api/v1/catalogs/current: the catalogue (public)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget id)' = ai-security-1 ] && [ '$(jget format)' = zizhi-catalogue ]"
req GET /api/v1/catalogs/ai-security-1/items/3.2.1-1
check "GET /api/v1/catalogs/{id}/items/{itemId}: one requirement" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget type)' = requirement ] && [ '$(jget id)' = 3.2.1-1 ]"
req GET /api/v1/catalogs/ai-security-1/items/9.9-99
check "an unknown item: 404 catalog.item_not_found" is_err 404 catalog.item_not_found
req GET '/api/v1/catalogs/current?level=9'
check "a bad level: 400 input.query" is_err 400 input.query

# ---- public certificate registry (R-4.2, R-4.3) ---------------------------------------------
req GET '/api/v1/public/certificates?q=%E7%A4%BA%E4%BE%8B'
check "GET /api/v1/public/certificates without sign-in: 200, a page (none published yet)" \
  bash -c "[ $STATUS = 200 ] && [ '$(jget total)' = 0 ] && [ '$(jget items)' = '[]' ]"
req GET /api/v1/public/certificates/CNITSEC2026AIS1-9999
check "verifying an unknown certificate number: 404 cert.not_found" is_err 404 cert.not_found
req GET '/api/v1/public/certificates?limit=9999'
check "a registry page over 500: 400 input.query" is_err 400 input.query

# ---- sign-out ------------------------------------------------------------------------------
cp "$T/aud1.jar" "$T/aud1-old.jar"
as aud1 DELETE /api/v1/session
check "sign-out: 204 and the cookie is cleared (Max-Age=0)" \
  bash -c "[ $STATUS = 204 ] && grep -i '^set-cookie: zz_session=;' '$T/hdr' | grep -q 'Max-Age=0'"
req GET /api/v1/session -b "$T/aud1-old.jar"
check "the old cookie no longer works after sign-out: 401" test "$STATUS" = 401

# ---- access log ----------------------------------------------------------------------------
check "access log: one structured line per request (time, method, path, status, bytes, µs, user)" \
  grep -Eq '^time=[0-9T:.-]+Z method=POST path="/api/v1/users" status=201 bytes=[0-9]+ us=[0-9]+ user=root1 ' "$T/A.log"
tok=$(awk '$6 == "zz_session" {print $7}' "$T/root1.jar")
check "access log never holds the session token or a password" \
  bash -c "[ -n '$tok' ] && ! grep -qF -- '$tok' '$T/A.log' && ! grep -qF -- '$PW' '$T/A.log'"

# ---- rate limiting -------------------------------------------------------------------------
got429=0
for _ in $(seq 60); do
  req GET /api/v1/public/certificates
  if [ "$STATUS" = 429 ]; then got429=1; break; fi
done
check "public routes are rate-limited per client: 429 rate.limited with Retry-After" \
  bash -c "[ $got429 = 1 ] && [ '$(jget error.code)' = rate.limited ] && grep -qi '^retry-after:' '$T/hdr'"
req GET /api/v1/health
check "health is not rate-limited" test "$STATUS" = 200

# ---- graceful shutdown ---------------------------------------------------------------------
curl -s --limit-rate 2M -o "$T/big.out" "$BASE/big.bin" &
cpid=$!
sleep 0.4
kill -TERM "$A_pid"
wait "$cpid"; crc=$?
check "SIGTERM lets an in-flight download finish (3 MB at 2 MB/s)" \
  bash -c "[ $crc = 0 ] && [ \$(stat -c %s '$T/big.out') = 3000000 ]"
wait_exit "$A_pid"
check "SIGTERM: zizhid exits 0 and logs that it stopped" \
  bash -c "[ '$EXIT' = 0 ] && grep -q 'zizhid: stopped' '$T/A.log'"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/api/v1/health")
check "after shutdown nothing listens" test "$STATUS" = 000

printf 'listen = 127.0.0.1:0\nno-such-setting = 1\n' >"$T/bad.conf"
"$B/zizhid" --config "$T/bad.conf" --data "$D" >"$T/bad.log" 2>&1
brc=$?
check "an unknown setting in the config file stops the start (exit 2, names file and line)" \
  bash -c "[ $brc = 2 ] && grep -q 'bad.conf:2: unknown setting' '$T/bad.log'"

# ---- server B: no web directory, TLS -------------------------------------------------------
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=127.0.0.1 -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 &&
  printf '# zizhid settings\nweb = %s\ntls-cert = %s\ntls-key  =  %s\n\nsession-idle-minutes = 5\n' \
    "$T/nonexistent" "$T/cert.pem" "$T/key.pem" >"$T/zizhid.conf" &&
  start B --config "$T/zizhid.conf" --data "$D"; then
  BASE=https://127.0.0.1:$B_port
  req GET /api/v1/health
  check "TLS (--tls-cert/--tls-key): health over HTTPS with Strict-Transport-Security" \
    bash -c "[ $STATUS = 200 ] && grep -qi '^strict-transport-security: max-age=' '$T/hdr'"
  signin sec1
  check "under TLS the session cookie is also Secure" \
    bash -c "grep -i '^set-cookie: zz_session=' '$T/hdr' | grep -q '; Secure'"
  check "--config FILE: key = value settings apply (TLS files, web, session-idle-minutes = 5)" \
    test "$(jget idle_timeout_s)" = 300
  req GET /
  check "without a web directory / is the built-in Chinese placeholder page" \
    bash -c "[ $STATUS = 200 ] && grep -q '信息安全服务资质' '$T/body'"
  kill -INT "$B_pid"; wait_exit "$B_pid"
  check "SIGINT stops it cleanly too" test "$EXIT" = 0
else
  sed 's/^/# /' "$T/B.log" 2>/dev/null
  for d in "TLS health" "TLS cookie Secure" "config file" "placeholder page" "SIGINT"; do
    nok "server B: $d"
  done
fi

# ---- sanitizers (ASan/UBSan builds report into the server logs) ---------------------------
if grep -l 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log >/dev/null 2>&1; then
  nok "no sanitizer report in the server logs"
  grep -h -A5 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log | head -30 | sed 's/^/#   /'
else
  ok "no sanitizer report in the server logs"
fi
