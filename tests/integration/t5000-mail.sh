#!/usr/bin/env bash
# t5000-mail.sh — SMTP delivery of the outbox (src/mail, issue 4) against a real SMTP server on
# loopback (aiosmtpd with Debian's /usr/bin/python3, Maildir): on the demo database a project lead
# reviews a filed case with "supplement" (R-3.2: the 受理审查意见 is queued), `zizhi mail send`
# delivers it, and Python's email module reads it back — the RFC 2047 subject decodes to the
# Chinese text, the base64 body holds the opinion, the recipient is the organisation's designated
# address; the outbox row is marked sent and a second send sends nothing. An unreachable SMTP port
# marks the message failed with the error and leaves it pending, and the next run retries it.
# Then the R-2.6 expiry reminders: `zizhi mail remind` on the valid certificate's last on-time day
# queues one reminder (the earlier steps skipped), once; and zizhid's background mail job
# (--smtp-url, --mail-interval) delivers it without a request.
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1
PY=/usr/bin/python3
D=$TMP/data
MD=$TMP/Maildir
PW='Demo-Pass-2026'
plan 24

if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
  for i in $(seq 24); do skip "python3-aiosmtpd is not installed"; done
  exit 0
fi

zz() { "$ZIZHI" --data "$D" "$@"; }
as() { local u=$1; shift; "$ZIZHI" --data "$D" --as "$u" "$@"; }
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   expected '$2', got '$3'"; fi; }
run() {
  local d=$1 out; shift
  if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d"; echo "$out" | head -8 | sed 's/^/#   /'; fi
}
# refused DESC CODE cmd...: exits 1 naming CODE
refused() {
  local d=$1 code=$2 out rc; shift 2
  out=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq 1 ] && grep -qF "zizhi: $code:" <<<"$out"; then ok "$d"; else
    not_ok "$d"; echo "#   exit $rc: $out" | head -4; fi
}
# py DESC SCRIPT: ok when the Python assertions hold (MD, the Maildir, in argv[1])
py() {
  local d=$1 out
  if out=$($PY -c "$2" "$MD" "${@:3}" 2>&1); then ok "$d"; else
    not_ok "$d"; echo "$out" | tail -4 | sed 's/^/#   /'; fi
}
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
maildir_n() { ls "$MD/new" 2>/dev/null | wc -l; }

PIDS=()
trap 'for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# ---- the SMTP server (aiosmtpd creates the Maildir itself) ---------------------------------------
PORT=$(free_port)
DEAD=$(free_port) # nothing listens there
$PY -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$MD" >"$TMP/smtpd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  $PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
  sleep 0.1
done
URL="smtp://127.0.0.1:$PORT"

# ---- the demo database: accounts, cases in every state, queued emails -------------------------------
if zz demo --password "$PW" >"$TMP/demo.out" 2>&1; then ok "zizhi demo builds the database"; else
  not_ok "zizhi demo builds the database"; tail -5 "$TMP/demo.out" | sed 's/^/#   /'; fi

refused "mail send without a configuration is refused" mail.not_configured zz mail send
refused "only sys_admin configures mail" auth.role \
  as demo-manager mail config --smtp-url "$URL" --from noreply@zizhi.example.cn
run "sys_admin stores the SMTP settings (smtp.url, smtp.from)" \
  as demo-sys_admin mail config --smtp-url "$URL" --from "资质评估处 <noreply@zizhi.example.cn>"

N_DEMO=$(zz --json mail list --status pending | jget 'j["count"]')
out=$(zz --json mail send 2>&1)
is "mail send (settings) delivers every queued demo email ($N_DEMO)" "$N_DEMO $N_DEMO" \
  "$(jget 'j["sent"]' <<<"$out" 2>/dev/null) $(maildir_n)"

# ---- R-3.2: a review opinion with "supplement" --------------------------------------------------
CASE=$(as demo-manager --json case list --stage acceptance --state filed | jget 'j["cases"][0]["id"]')
NUMBER=$(as demo-manager --json case show "$CASE" | jget 'j["number"]')
ORG=$(as demo-manager --json case show "$CASE" | jget 'j["org_id"]')
EMAIL=$(as demo-manager --json org show "$ORG" | jget 'j["email"]')
ORGNAME=$(as demo-manager --json org show "$ORG" | jget 'j["name"]')
OPINION="请补充专职注册信息安全专业人员的社保缴纳证明及保密合同扫描件。"
run "the project lead asks for supplementary materials (R-3.2)" \
  as demo-project_lead case review "$CASE" supplement --opinion "$OPINION"
zz --json mail list --status pending >"$TMP/pending.json"
is "one email is queued: the review opinion to the designated address" "1 review_opinion $EMAIL" \
  "$(jget '"%d %s %s" % (j["count"], j["messages"][0]["purpose"], j["messages"][0]["to"])' <"$TMP/pending.json")"
MSG=$(jget 'j["messages"][0]["id"]' <"$TMP/pending.json")

# ---- an unreachable server: failed, kept for retry ----------------------------------------------
out=$(zz mail send --smtp-url "smtp://127.0.0.1:$DEAD" 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -q "mail.send_failed" <<<"$out" && grep -q "curl: (7)" <<<"$out"; then
  ok "an unreachable SMTP port: exit 1, mail.send_failed with curl's error"
else not_ok "an unreachable SMTP port: exit 1, mail.send_failed with curl's error"; echo "#   $rc $out"; fi
zz --json mail list >"$TMP/all.json"
is "the message is marked failed, 1 attempt, error kept, will be retried" "failed 1 True True" \
  "$($PY -c "import json; j=json.load(open('$TMP/all.json')); m=[m for m in j['messages'] if m['id']==$MSG][0]; print(m['status'], m['attempts'], bool(m['last_error']), m['will_retry'])")"
is "... and it is still pending (nothing reached the Maildir)" "1 $N_DEMO" \
  "$(zz --json mail list --status failed | jget 'j["count"]') $(maildir_n)"

out=$(zz --json mail send 2>&1)
is "the next run retries it: sent" "1 0" "$(jget '"%d %d" % (j["sent"], j["failed"])' <<<"$out" 2>/dev/null)"

# ---- the message as received ----------------------------------------------------------------------
PARSE='
import email, email.policy, os, sys
md, to, number = sys.argv[1], sys.argv[2], sys.argv[3]
found = []
for name in sorted(os.listdir(os.path.join(md, "new"))):
    raw = open(os.path.join(md, "new", name), "rb").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if number in str(m["subject"]) and "受理审查意见" in str(m["subject"]) and m["to"] == to:
        found.append((raw, m))
'
py "the email reached the designated address ($EMAIL)" "$PARSE
assert len(found) == 1, len(found)  # a filed case has had no review opinion before
" "$EMAIL" "$NUMBER"
py "its subject is RFC 2047 (UTF-8 B words of at most 75 characters) and decodes to the Chinese text" "$PARSE
raw, m = found[-1]
head = raw.split(b\"\\n\\n\", 1)[0].decode(\"ascii\")
subj = head.split(\"Subject: \", 1)[1].split(\"\\nMessage-ID\", 1)[0]
words = subj.split()
assert all(w.startswith(\"=?UTF-8?B?\") and w.endswith(\"?=\") and len(w) <= 75 for w in words), words
assert str(m[\"subject\"]) == \"受理审查意见：\" + number + \"（Acceptance review opinion）\", str(m[\"subject\"])
" "$EMAIL" "$NUMBER"
py "its body is base64 UTF-8 text holding the opinion; Date, Message-ID, MIME headers present" "$PARSE
raw, m = found[-1]
assert m.get_content_type() == \"text/plain\" and m.get_content_charset() == \"utf-8\"
assert m[\"Content-Transfer-Encoding\"] == \"base64\"
body = m.get_content().replace(\"\\r\\n\", \"\\n\")
assert sys.argv[4] in body, body[:300]
assert sys.argv[5] in body and \"补充资料\" in body, body[:300]
assert m[\"Date\"] and m[\"Message-ID\"].startswith(\"<zizhi.\") and m[\"MIME-Version\"] == \"1.0\"
assert \"noreply@zizhi.example.cn\" in str(m[\"From\"]) and \"资质评估处\" in str(m[\"From\"])
" "$EMAIL" "$NUMBER" "$OPINION" "$ORGNAME"

zz --json mail list --status sent >"$TMP/sent.json"
is "the outbox row is marked sent, with its instant" "sent True" \
  "$($PY -c "import json; j=json.load(open('$TMP/sent.json')); m=[m for m in j['messages'] if m['id']==$MSG][0]; print(m['status'], m['sent_usec'] is not None)")"
before=$(maildir_n)
out=$(zz --json mail send 2>&1)
is "a second send sends nothing" "0 $before" "$(jget 'j["sent"]' <<<"$out" 2>/dev/null) $(maildir_n)"

# ---- R-2.6: expiry reminders ------------------------------------------------------------------------
read -r CERT EXPIRY < <(as demo-manager --json cert list |
  jget '" ".join([(c["number"], c["expiry_date"]) for c in j["certificates"] if c["status"] == "valid"][0])')
# the last on-time day of R-2.4, expiry - 6 calendar months, clamped at month end
X=$($PY -c "
import calendar, datetime, sys
d = datetime.date.fromisoformat('$EXPIRY'); y, m = d.year, d.month - 6
if m < 1: y, m = y - 1, m + 12
print(datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1])))")
out=$(zz --date "$X" --json mail remind 2>&1)
is "mail remind on $X (expiry $EXPIRY - 6 months) queues one reminder, skipping the 9- and 7-month steps" \
  "1 2" "$(jget '"%d %d" % (j["queued"], j["skipped"])' <<<"$out" 2>/dev/null)"
out=$(zz --date "$X" --json mail remind 2>&1)
is "running it again the same day queues nothing" "0" "$(jget 'j["queued"]' <<<"$out" 2>/dev/null)"
is "the steps are recorded: 9 and 7 skipped, 6 queued" "9:skipped 7:skipped 6:queued" \
  "$(as demo-manager --json mail reminders --cert "$CERT" | jget '" ".join("%d:%s" % (r["step"], r["outcome"]) for r in j["reminders"])')"
refused "an applicant may not run the reminders" auth.role \
  as demo-applicant_admin --date "$X" mail remind

# ---- zizhid's background mail job ---------------------------------------------------------------------
before=$(maildir_n)
"$ZIZHID" --data "$D" --listen 127.0.0.1:0 --web "$TMP/noweb" --date "$X" --smtp-url "$URL" \
  --smtp-from noreply@zizhi.example.cn --mail-interval 1 >"$TMP/zizhid.log" 2>&1 &
ZPID=$!
PIDS+=($ZPID)
for _ in $(seq 150); do [ "$(maildir_n)" -gt "$before" ] && break; sleep 0.1; done
py "zizhid's mail job delivers the reminder without a request (资质证书维持申请提醒 $CERT)" '
import email, email.policy, os, sys
md, cert = sys.argv[1], sys.argv[2]
subs = [str(email.message_from_bytes(open(os.path.join(md, "new", n), "rb").read(),
        policy=email.policy.default)["subject"]) for n in os.listdir(os.path.join(md, "new"))]
assert any("资质证书维持申请提醒" in s and cert in s for s in subs), subs[-3:]
' "$CERT"
is "nothing is left pending" "0" "$(zz --json mail list --status pending | jget 'j["count"]')"
kill -TERM "$ZPID"
for _ in $(seq 100); do kill -0 "$ZPID" 2>/dev/null || break; sleep 0.1; done
wait "$ZPID"; rc=$?
is "zizhid stops its mail job and exits 0 on SIGTERM" "0" "$rc"
run "the audit chain verifies after all of it (R-8)" zz audit verify
