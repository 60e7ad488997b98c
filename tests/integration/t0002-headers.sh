#!/usr/bin/env bash
# t0002: every public header of libzizhi compiles on its own (includes what it uses), C11 pedantic.
. "$(dirname "$0")/lib.sh"
hdrs=(include/zizhi/*.h)
plan ${#hdrs[@]}
for h in "${hdrs[@]}"; do
  name=${h#include/}
  printf '#include "%s"\nint zz_header_test_%s;\n' "$name" "$(basename "$h" .h)" > "$TMP/t.c"
  if out=$(cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic -Iinclude \
           -fsyntax-only "$TMP/t.c" 2>&1); then ok "$name compiles alone"
  else not_ok "$name compiles alone: $(echo "$out" | head -2 | tr '\n' ' ')"; fi
done
