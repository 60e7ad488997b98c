#!/usr/bin/env bash
# t3000-case-journey.sh — one case from draft to archived through the real `zizhi` command on a
# real database file (issue 4, "Must show"), each step --as the role that owns it and --date
# moving forward through fixed business dates:
#   accounts and roles (R-0.4) → organisation, people, project (R-1.2, R-1.3) → dossier: form,
#   every requirement answered, evidence, stamp, bound, package, submit (R-2.1–R-2.5) → receipt,
#   filing (R-3.1), review (R-3.2) → agreement, payment, assessment (R-3.3) → plan, activities by
#   the three methods, ratings, conclusion (R-3.4) → expert panel (R-3.5) → approval, batch, issue,
#   publication, verification, registry (R-3.6, R-4) → archive (R-7.1) → db check, audit verify
#   (R-8).
# Refused steps along the way assert their error code AND that nothing was written (the audit
# log has the same number of entries before and after, R-8.1).
. "$(dirname "$0")/lib.sh"
export ZIZHI_PW_FAST=1
PY=/usr/bin/python3
D=$TMP/data
USCC=91110108MA01HD7K46 # GB 32100-2015 check character valid
plan 92

zz() { "$ZIZHI" --data "$D" "$@"; }
# on DATE USER args...: the command as USER on business date DATE
on() { local d=$1 u=$2; shift 2; "$ZIZHI" --data "$D" --date "$d" --as "$u" "$@"; }
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
audit_n() { zz --json audit verify | jget 'j["count"]'; }
# run DESC cmd...: ok when the command exits 0 (its output is shown when it does not)
run() {
  local d=$1 out; shift
  if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d"; echo "$out" | head -8 | sed 's/^/#   /'; fi
}
# refused DESC CODE cmd...: the command exits 1 naming CODE, and writes nothing
refused() {
  local d=$1 code=$2 before after out rc; shift 2
  before=$(audit_n)
  out=$("$@" 2>&1 >/dev/null); rc=$?
  after=$(audit_n)
  if [ "$rc" -eq 1 ] && grep -qF "zizhi: $code:" <<<"$out" && [ "$before" = "$after" ]; then
    ok "$d"
  else
    not_ok "$d"; echo "#   exit $rc, audit $before -> $after: $out" | head -4
  fi
}
# is DESC EXPECTED ACTUAL
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   expected '$2', got '$3'"; fi; }
case_field() { on "$1" mgr --json case show "$CASE" | jget "j.get('case', j)['$2']"; }

# ---- accounts and roles (R-0.4) ----------------------------------------------------------------
run "the system creates the administrators (三员)" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-05 \"\$@\"; }
  Z user add sysadm --name 系统管理员; Z user grant sysadm sys_admin
  Z user add secadm --name 安全管理员; Z user grant secadm sec_admin
  Z user add auditadm --name 审计管理员; Z user grant auditadm audit_admin"
run "sys_admin creates the certification body's accounts" bash -c "
  set -e; for u in lead assessor exp1 exp2 exp3 mgr certoff sup; do
    '$ZIZHI' --data '$D' --date 2026-01-05 --as sysadm user add \$u --name \$u; done"
refused "sys_admin may not grant roles (R-0.4)" auth.role \
  on 2026-01-05 sysadm user grant lead project_lead
run "sec_admin grants the body roles" bash -c "
  set -e; g() { '$ZIZHI' --data '$D' --date 2026-01-05 --as secadm user grant \$1 \$2; }
  g lead project_lead; g assessor assessor; g assessor expert; g exp1 expert; g exp2 expert
  g exp3 expert; g mgr manager; g certoff cert_officer; g sup supervisor"
refused "no account holds an administrator role with a case role (R-0.4)" auth.separation \
  on 2026-01-05 secadm user grant mgr sys_admin

# ---- organisation, people, projects (R-1.2, R-1.3) --------------------------------------------
refused "an invalid USCC is refused (R-1.2)" input.uscc \
  on 2026-01-06 sysadm org add --name 北京测试科技有限公司 --uscc 91110108MA01HD7K47 \
  --email zizhi@acme.example.cn
run "sys_admin creates the organisation with its first administrator" \
  on 2026-01-06 sysadm org add --name 北京测试科技有限公司 --uscc "$USCC" \
  --email zizhi@acme.example.cn --address 北京市海淀区中关村大街1号 --contact-name 张三 \
  --contact-phone 010-12345678 --admin acme-admin --admin-name 张三
run "sec_admin grants applicant_admin; sys_admin and sec_admin add a member" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-06 \"\$@\"; }
  Z --as secadm user grant acme-admin applicant_admin
  Z --as sysadm user add acme-staff --name 李四 --org $USCC
  Z --as secadm user grant acme-staff applicant_member"
run "the applicant records four full-time CISP holders with agreements and a project" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-08 --as acme-admin \"\$@\"; }
  for i in 1 2 3 4; do
    Z person add --org $USCC --name 工程师\$i --employment full_time --position 评估工程师 \
      --cisp CISP-2024-000\$i --cisp-from 2024-01-01 --cisp-until 2027-12-31 --nda 2025-06-01
  done
  Z project add --org $USCC --name 大模型应用安全评估 --client 某银行 --started 2025-01-01 \
    --completed 2025-06-30 --acceptance passed --accepted-on 2025-07-15"
refused "a member may not change the organisation's people (R-0.1)" auth.role \
  on 2026-01-08 acme-staff person add --org "$USCC" --name 王五 --employment full_time

# ---- dossier (R-2.1, R-2.2) --------------------------------------------------------------------
DID=$(on 2026-01-10 acme-staff --json dossier create | jget 'j.get("dossier", j)["id"]')
is "the member creates a draft dossier" 1 "$DID"
cat >"$TMP/form.json" <<EOF
{"org_name":"北京测试科技有限公司","uscc":"$USCC","legal_representative":"赵六",
 "registered_address":"北京市海淀区中关村大街1号","mailing_address":"北京市海淀区中关村大街1号",
 "postcode":"100080","contact_name":"张三","contact_phone":"010-12345678",
 "contact_email":"zizhi@acme.example.cn","established_on":"2016-05-01",
 "registered_capital_wan":1000,"org_nature":"有限责任公司","staff_total":80,"security_staff":6,
 "cisp_fulltime":4,"overview":"专业从事人工智能安全评估服务。","assets_operations":"经营稳健。",
 "technical_capability":"具备模型安全测试能力。","projects_summary":"大模型应用安全评估。",
 "development_plan":"持续投入。","declaration":true,"filled_on":"2026-01-10"}
EOF
run "the member fills in the application form (申请书)" on 2026-01-10 acme-staff dossier form "$DID" "$TMP/form.json"
on 2026-01-10 acme-staff --json dossier check "$DID" >"$TMP/check1.json"
is "the completeness check (R-2.2) exits 1 and lists findings" 1 "$?"
REQS=$(jget '" ".join(f["item"] for f in j["findings"] if f["code"] == "answer.missing")' <"$TMP/check1.json")
N_REQS=$(wc -w <<<"$REQS")
[ "$N_REQS" -ge 40 ] && ok "every requirement without an answer is a finding ($N_REQS)" \
  || not_ok "every requirement without an answer is a finding ($N_REQS)"
run "the member answers every requirement of the catalogue (自评)" bash -c "
  set -e; for r in $REQS; do
    '$ZIZHI' --data '$D' --date 2026-01-10 --as acme-staff dossier answer $DID \$r conforms \
      '已建立制度并有效执行，证据见附件。' >/dev/null; done"
EVREQS=$(on 2026-01-10 acme-staff --json dossier check "$DID" |
  jget '" ".join("--req " + f["item"] for f in j["findings"] if f["code"] == "evidence.missing")')
printf '证据材料：管理制度汇编、人员名册、项目记录（测试数据）\n' >"$TMP/evidence.txt"
run "the member attaches evidence mapped to every requirement that expects it" \
  on 2026-01-10 acme-staff dossier attach "$DID" "$TMP/evidence.txt" $EVREQS --mime text/plain
refused "submission while the dossier is incomplete is refused (R-2.2)" gate.incomplete \
  on 2026-01-12 acme-admin dossier submit "$DID"
is "... and the dossier is still a draft" draft \
  "$(on 2026-01-12 acme-admin --json dossier show "$DID" | jget 'j.get("dossier", j)["status"]')"
printf '%%PDF-1.4\n%% stamped application form (test)\n%%%%EOF\n' >"$TMP/scan.pdf"
run "the admin records the stamped scan and the binding (R-2.3)" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-12 --as acme-admin \"\$@\"; }
  Z dossier stamp $DID '$TMP/scan.pdf'; Z dossier bound $DID"
run "the member builds the signed electronic package (R-2.5)" \
  on 2026-01-12 acme-staff dossier package "$DID" "$TMP/package.zip"
run "the package verifies against the signed manifest" zz dossier verify-package "$TMP/package.zip"
run "the completeness check is now clean (exit 0)" on 2026-01-15 acme-admin dossier check "$DID"
refused "a member may not submit (SPEC §0)" auth.role on 2026-01-15 acme-staff dossier submit "$DID"
run "the admin submits on 2026-01-15" on 2026-01-15 acme-admin dossier submit "$DID"
CASE=$(on 2026-01-15 acme-admin --json case list | jget 'j["cases"][0]["id"]')
NUMBER=$(on 2026-01-15 acme-admin --json case list | jget 'j["cases"][0]["number"]')
is "the submission made case $NUMBER at acceptance/submitted" acceptance/submitted \
  "$(on 2026-01-15 acme-admin --json case list | jget 'j["cases"][0]["stage"] + "/" + j["cases"][0]["state"]')"
run "the admin records the courier (R-2.3)" \
  on 2026-01-15 acme-admin dossier courier "$DID" 顺丰速运 SF1234567890123
refused "the submitted dossier can no longer be changed" dossier.not_draft \
  on 2026-01-16 acme-staff dossier answer "$DID" 3.1-1 partial 改动

# ---- acceptance (R-3.1, R-3.2) -----------------------------------------------------------------
refused "only the manager assigns (R-0.2)" auth.role \
  on 2026-01-16 acme-admin case assign "$CASE" lead project_lead
refused "a project lead not assigned to the case does not even see it (R-0.2)" case.not_found \
  on 2026-01-16 lead case receive-paper "$CASE"
run "the manager assigns the project lead and the assessor" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-16 --as mgr \"\$@\"; }
  Z case assign $CASE lead project_lead; Z case assign $CASE assessor assessor"
refused "filing before the paper copy arrived is refused (R-3.1 (2))" gate.not_stamped_bound \
  on 2026-01-16 lead case file "$CASE"
is "... and the case is still submitted" submitted "$(case_field 2026-01-16 state)"
run "the lead records the paper copy and media, package verified" \
  on 2026-01-19 lead case receive-paper "$CASE" --note "顺丰送达，与电子版一致"
is "package_verified recorded at receipt (R-2.5)" True "$(case_field 2026-01-19 package_verified)"
run "the lead files the case (建档立项, R-3.1) on 2026-01-20" on 2026-01-20 lead case file "$CASE"
is "filed_on starts the cycle clock (R-3.7)" 2026-01-20 "$(case_field 2026-01-20 filed_on)"
refused "a review without an opinion is refused (R-3.2)" input.opinion \
  on 2026-01-27 lead case review "$CASE" accepted --opinion " "
run "the lead accepts with a review opinion, emailed (R-3.2)" \
  on 2026-01-27 lead case review "$CASE" accepted --opinion "材料齐全，证据充分，予以受理。"
is "the case is at initiation/drafting" drafting "$(case_field 2026-01-27 state)"

# ---- initiation (R-3.3, R-9) -------------------------------------------------------------------
run "the lead drafts and sends the agreement with the invoice" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-01-28 --as lead \"\$@\"; }
  Z case draft-agreement $CASE; Z case send-agreement $CASE"
refused "assessment before the agreement is in effect is refused (R-3.3)" gate.agreement_not_effective \
  on 2026-01-29 lead case start-assessment "$CASE"
run "the agreement takes effect on 2026-02-05" on 2026-02-05 lead case agreement-effective "$CASE" --on 2026-02-05
refused "assessment before the fee is paid is refused (R-3.3)" gate.fee_unpaid \
  on 2026-02-05 lead case start-assessment "$CASE"
run "the audit fee (21,000 yuan) is paid" on 2026-02-09 lead case pay "$CASE" 21000 --on 2026-02-09 --ref 转账1
refused "still refused while the annual fee is unpaid (R-9.2)" gate.fee_unpaid \
  on 2026-02-09 lead case start-assessment "$CASE"
refused "a payment beyond what is owed is refused" gate.overpaid \
  on 2026-02-12 lead case pay "$CASE" 20000 --on 2026-02-12
run "the three-year annual fee (15,000 yuan) is paid" on 2026-02-12 lead case pay "$CASE" 15000 --on 2026-02-12 --ref 转账2
is "invoice 36,000 yuan covered (R-9.1)" "3600000 0" \
  "$(on 2026-02-12 lead --json case show "$CASE" | jget '"%d %d" % (j["fees"]["invoice_total_fen"], j["fees"]["outstanding_fen"])')"
run "the lead starts the assessment (R-3.3: effective AND paid)" on 2026-02-13 lead case start-assessment "$CASE"
is "the case is at assessment/planning" planning "$(case_field 2026-02-13 state)"

# ---- assessment (R-3.4) ------------------------------------------------------------------------
run "the lead records the audit plan agreed with the applicant" on 2026-02-16 lead assess plan "$CASE" \
  --content "2026-02-20 文档审查；2026-02-24 人员访谈；2026-02-26 实际操作" --on 2026-02-16
on 2026-02-16 lead --json assess conformity "$CASE" >"$TMP/conf.json"
ITEMS_REQ=$(jget '",".join(r["item"] for r in j["recommendation"]["reasons"] if r["type"] == "requirement")' <"$TMP/conf.json")
ITEMS_BP=$(jget '" ".join(r["item"] for r in j["recommendation"]["reasons"] if r["type"] == "practice")' <"$TMP/conf.json")
PAS=$(jget '",".join(sorted({r["item"].split(".BP")[0] for r in j["recommendation"]["reasons"] if r["type"] == "practice"}))' <"$TMP/conf.json")
run "document review (文档审查) of the requirements" on 2026-02-20 assessor assess activity "$CASE" document_review \
  --items "$ITEMS_REQ" --participants "评估组；申请单位张三" --findings "材料齐全" --on 2026-02-20
run "interviews (人员访谈)" on 2026-02-24 assessor assess activity "$CASE" interview \
  --items "$(tr ',' '\n' <<<"$PAS" | grep '^3\.4' | paste -sd,)" --participants "评估组；工程师1、工程师2" \
  --findings "职责明确，有执行记录" --on 2026-02-24
run "practical demonstration (实际操作)" on 2026-02-26 assessor assess activity "$CASE" demonstration \
  --items "$(tr ',' '\n' <<<"$PAS" | grep '^3\.3' | paste -sd,)" --participants "评估组；工程师3" \
  --findings "演示结果与记录一致" --evidence "操作录屏" --on 2026-02-26
refused "concluding with unrated items is refused (R-3.4)" gate.unrated \
  on 2026-03-02 lead assess conclude "$CASE" met
refused "a process area is not rated directly (R-1.5)" input.rating \
  on 2026-03-02 assessor assess rate "$CASE" "${PAS%%,*}" performed
run "the assessor rates every requirement and base practice" bash -c "
  set -e; Z() { '$ZIZHI' --data '$D' --date 2026-03-02 --as assessor \"\$@\" >/dev/null; }
  for r in ${ITEMS_REQ//,/ }; do Z assess rate $CASE \$r conforms; done
  for b in $ITEMS_BP; do Z assess rate $CASE \$b performed; done"
is "the recommendation (R-1.5) is met" met \
  "$(on 2026-03-02 lead --json assess conformity "$CASE" | jget 'j["recommendation"]["recommendation"]')"
run "the lead concludes: level 1 met (项目审核结论)" on 2026-03-05 lead assess conclude "$CASE" met
is "the case is at expert_review/panel" expert_review/panel \
  "$(case_field 2026-03-05 stage)/$(case_field 2026-03-05 state)"

# ---- expert review (R-3.5) ---------------------------------------------------------------------
refused "a member of the project team cannot sit on the panel (R-3.5)" gate.panel_independence \
  on 2026-03-06 mgr case assign "$CASE" assessor expert
run "the manager assigns three experts" bash -c "
  set -e; for e in exp1 exp2 exp3; do
    '$ZIZHI' --data '$D' --date 2026-03-06 --as mgr case assign $CASE \$e expert; done"
refused "the panel cannot conclude before enough votes (R-3.5)" gate.panel_too_few \
  on 2026-03-06 mgr panel conclude "$CASE"
run "each expert votes pass with a written opinion" bash -c "
  set -e; for e in exp1 exp2 exp3; do
    '$ZIZHI' --data '$D' --date 2026-03-13 --as \$e panel vote $CASE pass --opinion \"\$e：证据充分，结论合理\"; done"
refused "an expert votes once per round" gate.already_voted \
  on 2026-03-13 exp1 panel vote "$CASE" fail --opinion 改变主意
run "the panel concludes pass" on 2026-03-16 mgr panel conclude "$CASE"
is "the case awaits approval" awaiting_approval "$(case_field 2026-03-16 state)"

# ---- certification (R-3.6, R-4) ----------------------------------------------------------------
BATCH=$(on 2026-03-17 certoff --json cert batch-create | jget 'j.get("batch", j)["id"]')
is "the cert officer opens a batch" 1 "$BATCH"
refused "a case not yet approved cannot enter a batch (R-3.6)" gate.not_approved \
  on 2026-03-17 certoff cert batch-add "$BATCH" "$CASE"
refused "only the manager approves (R-3.6)" auth.role on 2026-03-18 lead panel approve "$CASE"
run "the manager approves (审批)" on 2026-03-18 mgr panel approve "$CASE"
refused "no withdrawal once approved (R-3.8)" gate.withdraw_after_approval \
  on 2026-03-19 acme-admin case withdraw "$CASE" --reason 改变计划
run "the approved case enters the batch" on 2026-03-20 certoff cert batch-add "$BATCH" "$CASE"
run "the batch is issued on 2026-03-20 (numbers, expiry, SM2 signatures)" \
  on 2026-03-20 certoff cert batch-issue "$BATCH" --on 2026-03-20
CERT=$(on 2026-03-20 certoff --json cert list | jget 'j["certificates"][0]["number"]')
is "the certificate number follows the pattern (R-3.6)" CNITSEC2026AIS1-0001 "$CERT"
is "valid for 3 years: until 2029-03-19 (R-4.1)" "2029-03-19 valid" \
  "$(on 2026-03-20 certoff --json cert list | jget 'j["certificates"][0]["expiry_date"] + " " + j["certificates"][0]["status"]')"
is "the case is certified and its cycle clock stopped" "certified 2026-03-20" \
  "$(case_field 2026-03-20 state) $(case_field 2026-03-20 closed_on)"
refused "an unpublished certificate is not in the public registry" cert.not_found \
  zz --date 2026-03-21 cert verify "$CERT"
run "the batch is published (公告) on 2026-03-23" on 2026-03-23 certoff cert batch-publish "$BATCH" --on 2026-03-23
run "the public verification checks the signature and shows the status (R-4.3)" \
  bash -c "'$ZIZHI' --data '$D' --date 2026-03-24 --json cert verify $CERT | $PY -c '
import json,sys; j=json.load(sys.stdin); s=json.dumps(j, ensure_ascii=False)
assert \"$CERT\" in s and \"valid\" in s, s
assert \"true\" in json.dumps(j).lower(), s'"
run "the registry lists it by USCC (public, no account)" \
  bash -c "'$ZIZHI' --data '$D' --date 2026-03-24 cert registry $USCC | grep -q $CERT"

# ---- archive (R-7.1) ---------------------------------------------------------------------------
refused "only the manager archives (R-7.1)" auth.role on 2026-04-01 lead case archive "$CASE"
run "the manager archives the case" on 2026-04-01 mgr case archive "$CASE"
is "the case is archived" archived/archived "$(case_field 2026-04-01 stage)/$(case_field 2026-04-01 state)"
is "kept for 6 years from closing: until 2032-03-20 (R-7.1)" 2032-03-20 \
  "$(on 2026-04-01 mgr --json archive show "$CASE" | jget 'j.get("archive", j)["keep_until"]')"
refused "disposal before the retention date is refused (R-7.1)" gate.archive_retention \
  on 2026-04-02 mgr archive approve-disposal "$CASE"
refused "an archived case is read-only" case.state on 2026-04-02 mgr case assign "$CASE" exp1 expert

# ---- the record --------------------------------------------------------------------------------
# filed 2026-01-20; paused 01-28..02-05 (agreement) and 01-28..02-12 (payment): 15 days; stopped
# at issue 2026-03-20 (59 days elapsed, 44 used); deadline 2026-07-20 + 15 days
is "the cycle clock: 15 days paused, 44 used, deadline 2026-08-04 (R-3.7)" "15 44 2026-08-04 agreement,payment" \
  "$(on 2026-04-02 mgr --json case show "$CASE" | jget '"%d %d %s %s" % (j["cycle"]["days_paused"],
     j["cycle"]["days_used"], j["cycle"]["deadline"], ",".join(p["cause"] for p in j["cycle"]["pauses"]))')"
run "the audit log tells the story with actors and business dates (R-8.1)" bash -c "
  '$ZIZHI' --data '$D' --json audit list --limit 2000 | $PY -c '
import json,sys; e=json.load(sys.stdin)[\"entries\"]
def find(a): return [x for x in e if x[\"action\"] == a]
f=find(\"case.file\"); assert f and f[0][\"actor\"] == \"lead\" and f[0][\"business_date\"] == \"2026-01-20\", f
s=find(\"dossier.submit\"); assert s and s[0][\"actor\"] == \"acme-admin\" and s[0][\"business_date\"] == \"2026-01-15\", s
assert find(\"cert.issue\") and find(\"case.archive\"), [x[\"action\"] for x in e][-10:]'"
run "zizhi db check is clean" zz db check
run "zizhi audit verify is clean" zz audit verify
is "every refused step left the chain intact and counted" ok \
  "$(zz --json audit verify | jget '"ok" if j["ok"] else "broken"')"
