#!/usr/bin/env bash
# `make run`: starts zizhid on http://127.0.0.1:8080 with var/ as the data directory; on an empty
# database it first builds the demo data and prints the demo accounts. Until the server exists it
# validates and shows the shipped catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
DATA=${ZIZHI_DATA:-var}
LISTEN=${ZIZHI_LISTEN:-127.0.0.1:8080}
if [ ! -x "$B/zizhid" ]; then
  "$B/zizhi" catalog validate catalog/ai-security-1.json
  echo
  exec "$B/zizhi" catalog show
fi
mkdir -p "$DATA"
if [ ! -f "$DATA/zizhi.db" ] && "$B/zizhi" help demo >/dev/null 2>&1; then
  echo "zizhi: 首次启动，正在生成演示数据 (first start: building demo data) …"
  # the accounts (with their generated passwords) are kept beside the database, readable by us only
  (umask 077; "$B/zizhi" --data "$DATA" demo > "$DATA/demo-accounts.txt")
fi
if [ -f "$DATA/demo-accounts.txt" ]; then
  echo; echo "演示账号 demo accounts ($DATA/demo-accounts.txt):"; cat "$DATA/demo-accounts.txt"; echo
fi
echo "zizhi: http://$LISTEN"
exec "$B/zizhid" --listen "$LISTEN" --data "$DATA"
