#!/usr/bin/env bash
# bench/http.sh — HTTP benchmark of zizhid against nginx on the same machine (issue 5, deliverable
# 7), run by scripts/bench.sh (`make bench`) with ZZ_BUILD naming the build.
#
#   1. builds, or reuses, the scaled demo database: `zizhi demo --scale N` (N = BENCH_SCALE,
#      default 100000 cases) on business date BENCH_DATE (default 2026-11-25), kept in
#      build/bench/demo-<N>-<date>/ (built beside it and renamed into place when complete);
#   2. starts $ZZ_BUILD/zizhid on a free loopback port (per-client rate limit off: every wrk
#      connection comes from 127.0.0.1) and signs in as demo-manager (cookie + CSRF token);
#   3. for each endpoint — the signed-in case list (50 rows, stage=assessment), one case's detail,
#      the public registry search (q=智盾) — saves the exact response bytes, then runs
#      `wrk -t2 -c64 -d${BENCH_SECONDS:-10}s --latency` (a Lua script sends the Cookie header);
#   4. serves those same bytes as static files with nginx (its own config and prefix, another
#      loopback port, worker_processes 2, access_log off) and runs the same wrk against it;
#   5. reads zizhid's peak RSS (VmHWM), prints the table, writes build/bench/http.json.
# Everything listens on 127.0.0.1 only; every step is bounded in time; nginx and zizhid are
# stopped on exit (trap).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${ZZ_BUILD:-build}
N=${BENCH_SCALE:-100000}
SECS=${BENCH_SECONDS:-10}
DAY=${BENCH_DATE:-2026-11-25}
PW='Bench-Pass-2026'
OUT_JSON=build/bench/http.json
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

say() { echo "bench/http: $*" >&2; }
die() { say "$*"; exit 1; }
for t in wrk nginx curl timeout; do command -v "$t" >/dev/null || die "$t is missing (scripts/deps.sh --bench)"; done
[ -x "$B/zizhi" ] && [ -x "$B/zizhid" ] || die "no $B/zizhi or $B/zizhid: build first"
case "$N" in '' | *[!0-9]*) die "BENCH_SCALE must be a number of cases" ;; esac
case "$SECS" in '' | *[!0-9]*) die "BENCH_SECONDS must be a number of seconds" ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/zz-bench-http.XXXXXX")
chmod 755 "$T" # nginx workers (user nobody when started as root) read the files below
SPID="" NPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
  [ -n "$NPID" ] && kill -QUIT "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. the database ---------------------------------------------------------------------------

mkdir -p build/bench
D=build/bench/demo-$N-$DAY
if [ -f "$D/.complete" ]; then
  say "reusing $D ($N cases)"
else
  rm -rf "$D" "$D.tmp"
  say "building $D: zizhi demo --scale $N (a minute per 100,000 cases on 2 cores)"
  t0=$(date +%s)
  ZIZHI_PW_FAST=1 timeout 3600 "$B/zizhi" --data "$D.tmp" --date "$DAY" demo --password "$PW" \
    --scale "$N" >"$T/demo.out" || { tail -5 "$T/demo.out" >&2; die "zizhi demo --scale failed"; }
  tail -1 "$T/demo.out" >&2
  echo "$N cases, business date $DAY, built in $(($(date +%s) - t0)) s" >"$D.tmp/.complete"
  mv "$D.tmp" "$D"
fi

# ---- 2. zizhid ---------------------------------------------------------------------------------

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
"$B/zizhid" --listen 127.0.0.1:0 --data "$D" --date "$DAY" --rate 0 >"$T/zizhid.log" 2>&1 &
SPID=$!
PORT=""
for _ in $(seq 600); do # migrations of an older cached database may take a moment
  PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$T/zizhid.log" | grep -o '[0-9]*$' || true)
  [ -n "$PORT" ] && break
  kill -0 "$SPID" 2>/dev/null || { cat "$T/zizhid.log" >&2; die "zizhid did not start"; }
  sleep 0.1
done
[ -n "$PORT" ] || die "zizhid did not listen within 60 s"
ZBASE=http://127.0.0.1:$PORT
THREADS=$(grep -o '([0-9]* threads' "$T/zizhid.log" | grep -o '[0-9]*' || echo "?")

code=$(curl -s --max-time 30 -c "$T/jar" -o "$T/signin.json" -w '%{http_code}' \
  -H 'Content-Type: application/json' \
  --data-binary "{\"username\":\"demo-manager\",\"password\":\"$PW\"}" "$ZBASE/api/v1/session")
[ "$code" = 201 ] || die "sign-in as demo-manager answered $code: $(head -c 300 "$T/signin.json")"
CSRF=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$T/signin.json")
# the session cookie from the jar (HttpOnly lines start with #HttpOnly_)
COOKIE=$(awk -F'\t' 'NF >= 7 && $1 ~ /127\.0\.0\.1$/ {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$T/jar")
[ -n "$COOKIE" ] || die "no session cookie after sign-in"
cat >"$T/cookie.lua" <<'EOF'
-- wrk: every request carries the session cookie (and the CSRF token, harmless on GET)
wrk.headers["Cookie"] = os.getenv("ZZ_COOKIE")
wrk.headers["X-CSRF-Token"] = os.getenv("ZZ_CSRF")
EOF
export ZZ_COOKIE="$COOKIE" ZZ_CSRF="$CSRF"

get() { # path file: the exact response body, 200 required
  local c
  c=$(curl -s --max-time 60 -H "Cookie: $COOKIE" -o "$2" -w '%{http_code}' "$ZBASE$1")
  [ "$c" = 200 ] || die "GET $1 answered $c: $(head -c 300 "$2")"
}

# the endpoints: a case in the middle of the bulk cases for the detail
Q=$("$PY" -c 'import urllib.parse; print(urllib.parse.quote("智盾"))')
LIST="/api/v1/cases?stage=assessment&limit=50"
get "$LIST" "$T/probe.json"
CASE_ID=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$T/probe.json" 2>/dev/null) ||
  die "the case list holds no case in assessment"
NAMES=(case_list case_detail public_search)
PATHS=("$LIST" "/api/v1/cases/$CASE_ID" "/api/v1/public/certificates?q=$Q")
DESCS=("GET $LIST (signed in, 50 rows)" "GET /api/v1/cases/$CASE_ID (signed in)"
  "GET /api/v1/public/certificates?q=智盾 (public)")

mkdir -p "$T/www"
for i in "${!NAMES[@]}"; do
  get "${PATHS[$i]}" "$T/www/${NAMES[$i]}.json"
  chmod 644 "$T/www/${NAMES[$i]}.json"
done

# ---- 3. wrk ------------------------------------------------------------------------------------

# run_wrk name url: wrk output in $T/<name>.wrk
run_wrk() {
  timeout $((SECS + 60)) wrk -t2 -c64 -d"${SECS}s" --latency --timeout 10s -s "$T/cookie.lua" "$2" \
    >"$T/$1.wrk" 2>&1 || { cat "$T/$1.wrk" >&2; die "wrk failed on $2"; }
}

for i in "${!NAMES[@]}"; do
  say "zizhid ${DESCS[$i]}: wrk ${SECS}s"
  run_wrk "z_${NAMES[$i]}" "$ZBASE${PATHS[$i]}"
done
RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SPID/status")
kill "$SPID" && wait "$SPID" 2>/dev/null || true
SPID=""

# ---- 4. nginx with the same bytes --------------------------------------------------------------

NPORT=$(free_port)
mkdir -p "$T/nginx/logs" "$T/nginx/tmp"
cat >"$T/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $T/nginx/tmp/body;
  proxy_temp_path $T/nginx/tmp/proxy;
  fastcgi_temp_path $T/nginx/tmp/fastcgi;
  uwsgi_temp_path $T/nginx/tmp/uwsgi;
  scgi_temp_path $T/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $T/www;
  }
}
EOF
nginx -c "$T/nginx/nginx.conf" -p "$T/nginx" -e "$T/nginx/logs/error.log" &
NPID=$!
for _ in $(seq 100); do
  curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$NPORT/case_list.json" && break
  kill -0 "$NPID" 2>/dev/null || { cat "$T/nginx/logs/error.log" >&2; die "nginx did not start"; }
  sleep 0.1
done
for i in "${!NAMES[@]}"; do
  curl -s --max-time 10 -o "$T/check.json" "http://127.0.0.1:$NPORT/${NAMES[$i]}.json"
  cmp -s "$T/check.json" "$T/www/${NAMES[$i]}.json" || die "nginx does not serve the same bytes"
  say "nginx  ${NAMES[$i]}.json ($(wc -c <"$T/www/${NAMES[$i]}.json") bytes): wrk ${SECS}s"
  run_wrk "n_${NAMES[$i]}" "http://127.0.0.1:$NPORT/${NAMES[$i]}.json"
done
kill -QUIT "$NPID" && wait "$NPID" 2>/dev/null || true
NPID=""

# ---- 5. the table and build/bench/http.json ----------------------------------------------------

"$PY" - "$T" "$OUT_JSON" "$N" "$SECS" "$RSS_KB" "$THREADS" "$DAY" "${NAMES[@]}" -- "${DESCS[@]}" <<'PY'
import json, re, sys
t, out, n, secs, rss_kb, threads, day = sys.argv[1:8]
rest = sys.argv[8:]
k = rest.index("--")
names, descs = rest[:k], rest[k + 1:]

def ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

def parse(path):
    txt = open(path, encoding="utf-8").read()
    r = {"rps": float(re.search(r"Requests/sec:\s*([\d.]+)", txt).group(1))}
    for p in ("50", "99"):
        m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, txt, re.M)
        r["p" + p + "_ms"] = round(ms(*m.groups()), 3)
    m = re.search(r"(\d+) requests in", txt)
    r["requests"] = int(m.group(1)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", txt)
    r["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: (.*)", txt)
    r["socket_errors"] = m.group(1).strip() if m else ""
    return r

rows = []
for name, desc in zip(names, descs):
    z, g = parse(f"{t}/z_{name}.wrk"), parse(f"{t}/n_{name}.wrk")
    size = len(open(f"{t}/www/{name}.json", "rb").read())
    rows.append({"endpoint": name, "request": desc, "bytes": size, "zizhid": z, "nginx": g,
                 "ratio": round(z["rps"] / g["rps"], 3) if g["rps"] else None})
res = {"scale_cases": int(n), "business_date": day, "seconds": int(secs),
       "wrk": "wrk -t2 -c64 -d%ss --latency" % secs, "zizhid_threads": threads,
       "nginx_workers": 2, "zizhid_peak_rss_kib": int(rss_kb), "endpoints": rows}
json.dump(res, open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
print()
print("HTTP benchmark: %s cases, wrk -t2 -c64 -d%ss, zizhid (%s threads) vs nginx (2 workers) "
      "serving the same bytes" % (n, secs, threads))
hdr = ("endpoint", "bytes", "zizhid req/s", "p50 ms", "p99 ms", "nginx req/s", "p50 ms", "p99 ms",
       "ratio")
fmt = "%-14s %7s %13s %8s %8s %12s %8s %8s %7s"
print(fmt % hdr)
for r in rows:
    z, g = r["zizhid"], r["nginx"]
    print(fmt % (r["endpoint"], r["bytes"], "%.0f" % z["rps"], "%.2f" % z["p50_ms"],
                 "%.2f" % z["p99_ms"], "%.0f" % g["rps"], "%.2f" % g["p50_ms"],
                 "%.2f" % g["p99_ms"], "%.2f" % r["ratio"]))
    for who, x in (("zizhid", z), ("nginx", g)):
        if x["non_2xx"] or x["socket_errors"]:
            print("  ! %s: %s non-2xx responses, socket errors: %s" % (who, x["non_2xx"],
                                                                        x["socket_errors"] or "-"))
print("zizhid peak RSS (VmHWM): %.1f MiB" % (int(rss_kb) / 1024))
print("written: %s" % out)
PY
