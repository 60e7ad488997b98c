#!/usr/bin/env bash
# t9200-upload.sh — evidence uploads are streamed, never held in memory (TAP): a 200 MiB file
# uploaded over HTTP keeps zizhid's peak RSS (VmHWM from /proc/<pid>/status) under 64 MiB, and the
# stored blob's SM3 equals `openssl dgst -sm3` of the file (R-8.3); a broken upload — curl killed
# mid-body, or a raw socket that sends half the body and closes — leaves no file under evidence/
# (tmp included) and no evidence row; an upload over --max-upload is refused with 413
# input.too_big, before its body when Content-Length says so, at its end when it is chunked.
#
# Needs: curl, openssl, /usr/bin/python3. ZZ_BUILD names the build.
set -u
cd "$(dirname "$0")/../.."
B=${ZZ_BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/zz-t9200.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
export ZIZHI_PW_FAST=1
PW='Zizhi-Test-2026!'
DAY=2026-03-02
PLAN=19
LIMIT_KB=65536 # 64 MiB

echo "1..$PLAN"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
  n=$((n + 1)); echo "not ok $n - $1"
  echo "#   status=${STATUS:-} body=$(head -c 400 "$T/body" 2>/dev/null)"
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else nok "$d"; fi; }
skip_rest() { while [ "$n" -lt "$PLAN" ]; do n=$((n + 1)); echo "not ok $n - $1"; done; exit 1; }

req() {
  local m=$1 p=$2; shift 2
  STATUS=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
}
jget() {
  /usr/bin/python3 - "$T/body" "$1" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2].split("."):
    if isinstance(d, list): d = d[int(k)] if int(k) < len(d) else None
    elif isinstance(d, dict): d = d.get(k)
    else: d = None
print("" if d is None else json.dumps(d) if isinstance(d, (dict, list, bool)) else d)
PY
}
is_err() { [ "$STATUS" = "$1" ] && [ "$(jget error.code)" = "$2" ]; }
as() { # METHOD PATH [args]: as admin.a with its cookie and CSRF token
  local m=$1 p=$2; shift 2
  req "$m" "$p" -b "$T/a.jar" -H "X-CSRF-Token: $CSRF" "$@"
}
vmhwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
# every regular file under the evidence store (blobs and temporaries)
files() { find "$D/evidence" -type f 2>/dev/null | sort; }
tmpfiles() { find "$D/evidence/tmp" -type f 2>/dev/null | wc -l; }
rows() { as GET "/api/v1/dossiers/$DOS/evidence"; jget total; }
# waits up to 5 s for the store to hold exactly the expected files
settle() {
  for _ in $(seq 800); do  # up to 40 s: a dead connection is noticed when its thread next reads
    [ "$(files)" = "$1" ] && return 0
    sleep 0.05
  done
  echo "#   expected: $(echo "$1" | sed "s|$D/||g" | tr '\n' ' ')"
  echo "#   found:    $(files | sed "s|$D/||g" | tr '\n' ' ')"
  return 1
}

# start NAME ARGS...: zizhid on a free port; NAME_pid, NAME_base
start() {
  local name=$1; shift
  "$B/zizhid" --listen 127.0.0.1:0 --data "$D" --date "$DAY" --rate 0 --threads 2 "$@" \
    >"$T/$name.log" 2>&1 &
  local pid=$! port=""
  PIDS+=("$pid")
  for _ in $(seq 300); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$T/$name.log" | grep -o '[0-9]*$')
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  eval "${name}_pid=$pid; ${name}_base=http://127.0.0.1:${port:-0}"
  [ -n "$port" ]
}

# ---- setup ---------------------------------------------------------------------------------

D=$T/data
echo "$PW" | "$B/zizhi" --data "$D" --date "$DAY" org add --name 北京甲智能安全科技有限公司 \
  --uscc 91110108MA01ABCD1E --email apply@jia.example.cn --admin admin.a --admin-name 甲管理员 \
  --admin-password-stdin >"$T/cli.log" 2>&1 || { sed 's/^/# /' "$T/cli.log"; skip_rest "setup: zizhi org add"; }

start S --max-upload 250M || { sed 's/^/# /' "$T/S.log"; skip_rest "setup: zizhid starts"; }
BASE=$S_base
req POST /api/v1/session -c "$T/a.jar" -H 'Content-Type: application/json' \
  --data-binary "{\"username\":\"admin.a\",\"password\":\"$PW\"}"
CSRF=$(jget csrf_token)
as POST /api/v1/dossiers -H 'Content-Type: application/json' -d '{"category":"ai-security","level":1}'
DOS=$(jget id)
[ "$STATUS" = 201 ] || skip_rest "setup: a draft dossier"
ok "zizhid runs with --max-upload 250M; applicant_admin has a draft dossier"

BIG=$T/big.bin
head -c $((200 * 1024 * 1024)) /dev/urandom >"$BIG"
SM3=$(openssl dgst -sm3 -r "$BIG" | cut -d' ' -f1)
SAN=0
if nm "$B/libzizhi.a" 2>/dev/null | grep -q '__asan'; then SAN=1; fi

# ---- 200 MiB, streamed ---------------------------------------------------------------------

before=$(vmhwm "$S_pid")
as POST "/api/v1/dossiers/$DOS/evidence" -F "reqs=3.2.1-1" -F "file=@$BIG;filename=big.bin" &
upid=$!
seen_tmp=0
while kill -0 "$upid" 2>/dev/null; do
  [ "$(tmpfiles)" -gt 0 ] && seen_tmp=1
  sleep 0.05
done
wait "$upid"
after=$(vmhwm "$S_pid")
EV=$(jget id)
check "a 200 MiB upload: 201 with the evidence row" \
  bash -c "[ '$(jget size)' = $((200 * 1024 * 1024)) ] && [ -n '$EV' ]"
check "while it ran, the body went to a temporary file under evidence/tmp" test "$seen_tmp" = 1
echo "# VmHWM before ${before:-?} kB, after ${after:-?} kB (limit $LIMIT_KB kB; sanitizers: $SAN)"
if [ "$SAN" = 0 ]; then
  check "zizhid's peak RSS stayed under 64 MiB (VmHWM ${after:-?} kB)" \
    test "${after:-999999}" -lt "$LIMIT_KB"
else
  # AddressSanitizer's shadow memory and quarantine are not the server's: measure the growth
  check "zizhid's peak RSS grew by less than 64 MiB under sanitizers ($before → $after kB)" \
    test $((${after:-999999} - ${before:-0})) -lt "$LIMIT_KB"
fi
check "the recorded digest is openssl dgst -sm3 of the file (R-8.3)" test "$(jget digest)" = "$SM3"
BLOB=$D/evidence/${SM3:0:2}/${SM3:2:2}/$SM3
check "the blob is stored under its SM3 name, byte-identical" \
  bash -c "[ -f '$BLOB' ] && [ \"\$(openssl dgst -sm3 -r '$BLOB' | cut -d' ' -f1)\" = '$SM3' ] && cmp -s '$BLOB' '$BIG'"
check "no temporary file is left after a complete upload" test "$(tmpfiles)" = 0
STORE=$(files)
ROWS=$(rows)
check "the dossier holds one evidence file" test "$ROWS" = 1

# ---- broken uploads ------------------------------------------------------------------------

# curl killed mid-body
curl -s -o /dev/null -b "$T/a.jar" -H "X-CSRF-Token: $CSRF" --limit-rate 20M \
  -F "file=@$BIG;filename=cut.bin" "$BASE/api/v1/dossiers/$DOS/evidence" &
cpid=$!
mid=0
for _ in $(seq 100); do
  if [ "$(tmpfiles)" -gt 0 ]; then mid=1; break; fi
  sleep 0.05
done
sleep 0.5
kill -9 "$cpid" 2>/dev/null
wait "$cpid" 2>/dev/null
check "curl killed mid-body: the partial upload was being written to evidence/tmp" test "$mid" = 1
check "curl killed mid-body: no file remains under evidence/ (tmp included)" settle "$STORE"
check "curl killed mid-body: no evidence row" test "$(rows)" = "$ROWS"

# a raw socket: the headers promise the whole body, half of it comes, then the socket closes
/usr/bin/python3 - "$S_base" "$DOS" "$CSRF" "$T/a.jar" "$BIG" <<'PY' >"$T/raw.log" 2>&1
import socket, sys, time
base, dos, csrf, jar, path = sys.argv[1:6]
host, port = base.split("//")[1].split(":")
cookie = ""
for line in open(jar):
    f = line.rstrip("\n").split("\t")
    if len(f) == 7 and f[5] == "zz_session":
        cookie = f[6]
size = 64 * 1024 * 1024
b = "----zizhiBoundary7MA4YWxk"
head = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.bin\"\r\n"
        f"Content-Type: application/octet-stream\r\n\r\n").encode()
tail = f"\r\n--{b}--\r\n".encode()
total = len(head) + size + len(tail)
s = socket.create_connection((host, int(port)))
s.sendall((f"POST /api/v1/dossiers/{dos}/evidence HTTP/1.1\r\nHost: {host}:{port}\r\n"
           f"Cookie: zz_session={cookie}\r\nX-CSRF-Token: {csrf}\r\n"
           f"Content-Type: multipart/form-data; boundary={b}\r\nContent-Length: {total}\r\n\r\n")
          .encode())
s.sendall(head)
with open(path, "rb") as f:
    left = size // 2
    while left > 0:
        chunk = f.read(min(1 << 20, left))
        s.sendall(chunk)
        left -= len(chunk)
time.sleep(0.5)
s.close()
print("sent half of", total)
PY
check "a raw socket sends half the body and closes: no file remains under evidence/" settle "$STORE"
check "a raw socket sends half the body and closes: no evidence row" test "$(rows)" = "$ROWS"
check "zizhid logs the aborted uploads and keeps serving" \
  bash -c "grep -q 'upload aborted' '$T/S.log' && curl -s '$BASE/api/v1/health' | grep -q ok"

# ---- over the limit ------------------------------------------------------------------------

# Content-Length over --max-upload: refused before the body is read
/usr/bin/python3 - "$S_base" "$DOS" "$CSRF" "$T/a.jar" <<'PY' >"$T/body.raw" 2>&1
import socket, sys
base, dos, csrf, jar = sys.argv[1:5]
host, port = base.split("//")[1].split(":")
cookie = [l.split("\t")[6].strip() for l in open(jar) if l.count("\t") == 6 and "zz_session" in l][0]
s = socket.create_connection((host, int(port)))
s.settimeout(10)
s.sendall((f"POST /api/v1/dossiers/{dos}/evidence HTTP/1.1\r\nHost: x\r\n"
           f"Cookie: zz_session={cookie}\r\nX-CSRF-Token: {csrf}\r\n"
           f"Content-Type: multipart/form-data; boundary=xyz\r\n"
           f"Content-Length: {300 * 1024 * 1024}\r\n\r\n").encode())
data = b""
try:
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        c = s.recv(65536)
        if not c: break
        data += c
except socket.timeout:
    pass
sys.stdout.write(data.decode("utf-8", "replace"))
PY
check "Content-Length over --max-upload: 413 input.too_big before any body is sent" \
  bash -c "head -1 '$T/body.raw' | grep -q ' 413 ' && grep -q '\"input.too_big\"' '$T/body.raw'"

# chunked (no Content-Length) and over the limit of a second server: refused at the end
start L --max-upload 1M || skip_rest "setup: a second zizhid with --max-upload 1M"
BASE=$L_base
head -c $((3 * 1024 * 1024)) /dev/urandom >"$T/3m.bin"
as POST "/api/v1/dossiers/$DOS/evidence" -H 'Transfer-Encoding: chunked' -F "file=@$T/3m.bin"
check "a chunked upload over --max-upload: 413 input.too_big, nothing stored" \
  bash -c "[ $STATUS = 413 ] && [ '$(jget error.code)' = input.too_big ]"
BASE=$S_base
check "after the refused uploads the store is unchanged" settle "$STORE"
check "after the refused uploads the rows are unchanged" test "$(rows)" = "$ROWS"

# stop both servers (leak reports of sanitizer builds are written at exit)
for p in "$S_pid" "$L_pid"; do kill -TERM "$p" 2>/dev/null; done
for p in "$S_pid" "$L_pid"; do wait "$p" 2>/dev/null; done
if grep -l 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log >/dev/null 2>&1; then
  nok "no sanitizer report in the server logs"
  grep -h -A5 'AddressSanitizer\|LeakSanitizer\|runtime error' "$T"/*.log | head -30 | sed 's/^/#   /'
else
  ok "no sanitizer report in the server logs"
fi
[ "$n" -eq "$PLAN" ] || echo "# planned $PLAN, ran $n"
