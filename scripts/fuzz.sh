#!/usr/bin/env bash
# `make fuzz`: builds each fuzz/fuzz_*.c with clang + libFuzzer against libzizhi.a built by clang
# with ASan/UBSan, and runs it for FUZZ_SECONDS (default 60) on a corpus seeded from shipped data.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang >/dev/null || { echo "zizhi: make fuzz needs clang (apt-get install clang)" >&2; exit 1; }
SECS=${FUZZ_SECONDS:-60}
LIBB=build/fuzzlib
make --no-print-directory "$LIBB/libzizhi.a" BUILD="$LIBB" SAN=1 CC=clang \
  EXTRA_CFLAGS="-Wno-unknown-warning-option" >/dev/null
OUT=build/fuzz; mkdir -p "$OUT"
PKGS="libcrypto sqlite3 jansson libargon2 libmicrohttpd libcurl libmagic pangocairo cairo-pdf libqrencode xlsxwriter libarchive"
for f in fuzz/fuzz_*.c; do
  name=$(basename "$f" .c)
  clang -g -O1 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc -fsanitize=fuzzer,address,undefined \
    -o "$OUT/$name" "$f" "$LIBB/libzizhi.a" $(pkg-config --libs $PKGS) -lm -lpthread
  corpus="$OUT/corpus-$name"; mkdir -p "$corpus"
  cp catalog/*.json tests/data/*.json "$corpus/" 2>/dev/null || true
  echo "zizhi: fuzzing $name for ${SECS}s"
  "$OUT/$name" -max_total_time="$SECS" -max_len=262144 "$corpus" 2>&1 | tail -3
done
