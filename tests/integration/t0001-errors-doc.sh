#!/usr/bin/env bash
# t0001: docs/errors.md lists every stable error code the source uses (issue 4, deliverable 9).
. "$(dirname "$0")/lib.sh"
plan 1
if /usr/bin/python3 scripts/gen-errors-doc.py --check; then ok "docs/errors.md is current with the source"
else not_ok "docs/errors.md is out of date: run scripts/gen-errors-doc.py"; fi
