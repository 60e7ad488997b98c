#!/usr/bin/env bash
# t0100-db-audit.sh — `zizhi db` and `zizhi audit` on a real data directory (R-8.1 to R-8.4):
# init, verify, backup, check; then tampering with the sqlite3 CLI, as an intruder would, and
# verification naming the first broken entry. Prints TAP. Needs $ZZ_BUILD/zizhi and sqlite3.
set -u
ZZ=${ZZ_BUILD:-build}/zizhi
case $ZZ in /*) ;; *) ZZ=$PWD/$ZZ ;; esac
PY=/usr/bin/python3
T=$(mktemp -d /tmp/zz-t0100-XXXXXX)
trap 'rm -rf "$T"' EXIT
D=$T/data
n=0
fails=0
echo "1..25"

ok() { # ok <description> <command...>: passes when the command exits 0
  local desc=$1; shift
  n=$((n + 1))
  if "$@" >"$T/out.$n" 2>&1; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"; fails=$((fails + 1))
    sed 's/^/#   /' "$T/out.$n" | head -20
  fi
}
zz() { "$ZZ" --data "$D" "$@"; }
# exits_with CODE PATTERNS cmd...: the command exits CODE (or "nonzero") and its output (stdout and stderr)
# matches every ';'-separated extended regex of PATTERNS
exits_with() {
  local want=$1 pats=$2; shift 2
  local out rc pat
  out=$("$@" 2>&1); rc=$?
  echo "$out"
  if [ "$want" = nonzero ]; then
    [ "$rc" -ne 0 ] || { echo "exit 0, wanted a failure"; return 1; }
  else
    [ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want"; return 1; }
  fi
  IFS=';' read -ra list <<<"$pats"
  for pat in "${list[@]}"; do
    echo "$out" | grep -qE -- "$pat" || { echo "output does not match /$pat/"; return 1; }
  done
}
json_get() { # json_get EXPR: reads JSON on stdin, prints the Python expression on j
  $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

# ---- init ------------------------------------------------------------------------------------
ok "db init creates the database and prints the path and schema version" \
  exits_with 0 "数据库已就绪 \(database ready\): .*zizhi\.db;结构版本 \(schema version\) +[1-9]" zz db init
ok "data directory is private (0700) and the key pair exists" \
  bash -c "[ \"\$(stat -c %a '$D')\" = 700 ] && [ -f '$D/keys/system-sm2.pem' ] && [ -f '$D/audit-checkpoint.json' ]"
ok "db init again migrates nothing and adds no audit entry (--json)" \
  bash -c "out=\$('$ZZ' --data '$D' db init --json) && echo \"\$out\" &&
    [ \"\$(echo \"\$out\" | $PY -c 'import json,sys; j=json.load(sys.stdin); print(j[\"migrations_applied\"], j[\"audit_count\"], j[\"schema_version\"] > 0)')\" = '0 1 True' ]"
ok "the database is in WAL mode (server and CLI work side by side)" \
  bash -c "[ \"\$(sqlite3 '$D/zizhi.db' 'PRAGMA journal_mode')\" = wal ]"

# ---- verify, list ----------------------------------------------------------------------------
ok "audit verify on a fresh database exits 0" \
  exits_with 0 "审计链完整 \(audit chain intact\): 1 " zz audit verify
ok "audit verify --json prints one object with ok=true" \
  bash -c "'$ZZ' --data '$D' audit verify --json | $PY -c 'import json,sys; j=json.load(sys.stdin); assert j[\"ok\"] is True and j[\"count\"] == 1 and j[\"checkpoint\"][\"count\"] == 1, j'"

# ---- backup ----------------------------------------------------------------------------------
ok "db backup writes a file (and records db.backup as --as/--date say)" \
  exits_with 0 "备份完成 \(backup written\)" zz --as alice --date 2026-02-28 db backup "$T/backup.db"
ok "the backup opens, passes integrity_check and holds the audit log" \
  bash -c "[ \"\$(sqlite3 '$T/backup.db' 'PRAGMA integrity_check')\" = ok ] &&
    [ \"\$(sqlite3 '$T/backup.db' 'SELECT COUNT(*) FROM audit_log')\" = 1 ] && [ ! -e '$T/backup.db-wal' ]"
ok "db backup refuses to overwrite an existing file" \
  exits_with 1 "store.backup_exists" zz db backup "$T/backup.db"
ok "audit list --json shows the backup entry, back-dated business date and actor" \
  bash -c "'$ZZ' --data '$D' audit list --json --limit 1 | $PY -c '
import json,sys; j=json.load(sys.stdin); e=j[\"entries\"][0]
assert j[\"count\"] == 1 and e[\"seq\"] == 2 and e[\"action\"] == \"db.backup\", e
assert e[\"actor\"] == \"alice\" and e[\"business_date\"] == \"2026-02-28\", e
assert len(e[\"object_digest\"]) == 64 and e[\"at\"].endswith(\"Z\"), e'"
ok "audit list prints a table in Chinese and English" \
  exits_with 0 "db\.backup" zz audit list

# An outside verifier recomputes entry digests from the documented netstring form (audit.h).
cat >"$T/recompute.py" <<'EOF'
import sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1])
def ns(b): return str(len(b)).encode() + b":" + b + b","
prev = "0" * 64
for row in db.execute("SELECT seq, at_usec, business_date, actor, action, obj_type, obj_id,"
                      " obj_digest, detail, prev_digest, digest FROM audit_log ORDER BY seq"):
    seq, at, bd, actor, action, ot, oid, od, detail, p, d = row
    data = ns(b"zizhi-audit-v1") + ns(prev.encode()) + ns(str(seq).encode()) + ns(str(at).encode())
    for f in (bd, actor, action, ot, oid, od, detail):
        data += ns(f.encode())
    h = subprocess.run(["openssl", "dgst", "-sm3", "-r"], input=data, capture_output=True,
                       check=True).stdout.split()[0].decode()
    assert p == prev and h == d, (seq, h, d)
    prev = d
print("recomputed", seq)
EOF
ok "entry digests recompute outside zizhi (python + openssl dgst -sm3)" \
  $PY "$T/recompute.py" "$D/zizhi.db"
ok "the checkpoint signature verifies with openssl and distid 1234567812345678" \
  bash -c "cd '$T' && $PY -c '
import json,base64; j=json.load(open(\"$D/audit-checkpoint.json\"))
open(\"cp.msg\",\"wb\").write((\"%d|%s|%s\" % (j[\"count\"], j[\"head\"], j[\"at\"])).encode())
open(\"cp.sig\",\"wb\").write(base64.b64decode(j[\"signature\"]))' &&
    openssl dgst -sm3 -verify '$D/keys/system-sm2.pub.pem' -sigopt distid:1234567812345678 -signature cp.sig cp.msg"

# ---- check -----------------------------------------------------------------------------------
mkdir -p "$D/evidence/66/c7"
printf abc >"$D/evidence/66/c7/66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ok "db check is clean: integrity, foreign keys, audit chain, evidence" \
  exits_with 0 "证据文件 \(evidence files\): 1 个" zz db check
ok "db check --json prints one object with ok=true" \
  bash -c "'$ZZ' --data '$D' db check --json | $PY -c 'import json,sys; j=json.load(sys.stdin); assert j[\"ok\"] and j[\"database\"][\"ok\"] and j[\"audit\"][\"ok\"] and j[\"evidence\"][\"checked\"] == 1, j'"
chmod u+w "$D/evidence/66/c7/66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" 2>/dev/null
printf abd >"$D/evidence/66/c7/66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ok "R-8.3: db check reports an evidence file that no longer matches its digest" \
  exits_with 1 "store.blob_mismatch" zz db check
rm -rf "$D/evidence"

# ---- tampering -------------------------------------------------------------------------------
ok "the append-only trigger refuses an UPDATE from the sqlite3 CLI (SQLITE_CONSTRAINT)" \
  exits_with nonzero "audit\.append_only" sqlite3 "$D/zizhi.db" "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"
sqlite3 "$D/zizhi.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;"
ok "R-8.2: audit verify exits 1 naming seq 2 after the entry was altered" \
  exits_with 1 "audit\.altered;first bad entry\): 第 2 条 \(seq 2\)" zz audit verify
ok "audit verify --json names first_bad_seq 2 and code audit.altered" \
  bash -c "'$ZZ' --data '$D' audit verify --json | $PY -c 'import json,sys; j=json.load(sys.stdin); assert not j[\"ok\"] and j[\"first_bad_seq\"] == 2 and j[\"code\"] == \"audit.altered\", j'"
ok "db check exits 1 when the audit chain is broken" \
  exits_with 1 "audit\.altered" zz db check

# R-8.4: a second data directory whose newest entries are removed.
D2=$T/data2
"$ZZ" --data "$D2" db init >/dev/null && "$ZZ" --data "$D2" db backup "$T/b1.db" >/dev/null &&
  "$ZZ" --data "$D2" db backup "$T/b2.db" >/dev/null
sqlite3 "$D2/zizhi.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;"
ok "R-8.4: removing the newest entry is reported as audit.truncated from seq 3" \
  exits_with 1 "audit\.truncated;第 3 条 \(seq 3\)" "$ZZ" --data "$D2" audit verify
sqlite3 "$D2/zizhi.db" "DELETE FROM audit_log WHERE seq = 1;"
ok "R-8.2: removing the first entry is reported as audit.removed seq 1" \
  exits_with 1 "audit\.removed;第 1 条 \(seq 1\)" "$ZZ" --data "$D2" audit verify

# ---- usage -----------------------------------------------------------------------------------
ok "audit verify on a directory without a database fails with store.not_initialised" \
  exits_with 1 "store\.not_initialised" "$ZZ" --data "$T/nothing" audit verify
ok "... and creates nothing there" test ! -e "$T/nothing"
ok "help for db and audit, and unknown verbs are usage errors (exit 2)" \
  bash -c "'$ZZ' help db | grep -q 'db backup' && '$ZZ' audit help | grep -q 'audit verify' &&
    { '$ZZ' --data '$D' db frobnicate 2>/dev/null; [ \$? -eq 2 ]; }"

[ "$n" -eq 25 ] || echo "# planned 25, ran $n"
exit $((fails > 0))
