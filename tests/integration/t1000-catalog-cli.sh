#!/usr/bin/env bash
# t1000: `zizhi catalog validate|show` on the shipped catalogue and on broken ones (R-1.1, R-1.3,
# R-1.4): counts, JSON output, one-line errors naming file and JSON path, non-zero exit.
. "$(dirname "$0")/lib.sh"
plan 12

out=$("$ZIZHI" catalog validate --json catalog/ai-security-1.json); rc=$?
[ $rc -eq 0 ] && ok "validate shipped catalogue exits 0" || not_ok "validate shipped catalogue exits 0 (rc=$rc)"
if /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert (d["eligibility"],d["capability"],d["ai_process_areas"],d["org_process_areas"])==(2,26,12,6) and d["base_practices"]>=12*4+43, d' "$out"; then
  ok "validate --json reports 2/26/12/6 and the base practices ($out)"
else not_ok "validate --json counts: $out"; fi

human=$("$ZIZHI" catalog validate catalog/ai-security-1.json)
echo "$human" | grep -q "基本资格 eligibility *2" && ok "human output counts eligibility" || not_ok "human output: $human"

mk() { /usr/bin/python3 - "$@" <<'PY'
import json, sys
src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(src, encoding="utf-8"))
if what == "dup":
    reqs = d["groups"][1]["groups"][0]["requirements"]
    reqs[1]["id"] = reqs[0]["id"]; reqs[1]["number"] = reqs[0]["number"]
elif what == "missing":
    del d["groups"][1]["groups"][1]["requirements"][2]["text"]
json.dump(d, open(dst, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}
# duplicate id
mk catalog/ai-security-1.json "$TMP/dup.json" dup
err=$("$ZIZHI" catalog validate "$TMP/dup.json" 2>&1 >/dev/null); rc=$?
[ $rc -ne 0 ] && ok "duplicate id exits non-zero" || not_ok "duplicate id exits non-zero"
if [ "$(echo "$err" | wc -l)" -eq 1 ] && echo "$err" | grep -q 'catalog.duplicate_id' && echo "$err" | grep -q '\$.groups\[1\].groups\[0\].requirements\[1\].id' && echo "$err" | grep -q '3.2.1-1'; then
  ok "duplicate id: one line naming file, path and id"; else not_ok "duplicate id message: $err"; fi
# missing required field
mk catalog/ai-security-1.json "$TMP/missing.json" missing
err=$("$ZIZHI" catalog validate "$TMP/missing.json" 2>&1 >/dev/null); rc=$?
[ $rc -ne 0 ] && ok "missing field exits non-zero" || not_ok "missing field exits non-zero"
if [ "$(echo "$err" | wc -l)" -eq 1 ] && echo "$err" | grep -q 'missing.json: \$.groups\[1\].groups\[1\].requirements\[2\].text: missing required field'; then
  ok "missing field: one line naming the path"; else not_ok "missing field message: $err"; fi
# invalid JSON
printf '{\n  "format": "zizhi-catalogue",\n  "id": oops\n}\n' > "$TMP/broken.json"
err=$("$ZIZHI" catalog validate "$TMP/broken.json" 2>&1 >/dev/null); rc=$?
[ $rc -ne 0 ] && ok "invalid JSON exits non-zero" || not_ok "invalid JSON exits non-zero"
if [ "$(echo "$err" | wc -l)" -eq 1 ] && echo "$err" | grep -q 'broken.json:3:[0-9]*: JSON 格式错误' ; then
  ok "invalid JSON: one line with line and column"; else not_ok "invalid JSON message: $err"; fi

# R-1.1: a catalogue of another category and level loads with no code change
"$ZIZHI" catalog validate tests/data/catalog-test-level2.json >/dev/null && ok "level-2 test catalogue validates" || not_ok "level-2 test catalogue validates"

# show: the tree and one item, in Chinese
tree=$("$ZIZHI" catalog show)
echo "$tree" | grep -q '3.3-11' && echo "$tree" | grep -q '保障应用安全的能力' && ok "show prints the tree" || not_ok "show prints the tree"
item=$("$ZIZHI" catalog show 3.2.3-5)
echo "$item" | grep -q 'cisp_fulltime_min' && echo "$item" | grep -q 'min=4' && ok "show ID prints the item with its check" || not_ok "show 3.2.3-5: $item"
