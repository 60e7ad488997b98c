#!/usr/bin/env bash
# Installs the Debian 12 packages zizhi needs. Idempotent; prints nothing when all are present.
set -euo pipefail

PKGS=(
  build-essential pkg-config
  libssl-dev libsqlite3-dev sqlite3 libjansson-dev libargon2-dev
  libmicrohttpd-dev libcurl4-openssl-dev libmagic-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk libqrencode-dev libxlsxwriter-dev libarchive-dev
  libcmocka-dev
)
# Extra tools used only by `make check` (integration/browser tests) and `make bench`.
if [ "${1:-}" = "--check" ]; then
  PKGS+=(curl openssl poppler-utils zbar-tools python3-aiosmtpd python3-openpyxl chromium nodejs npm)
fi
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(wrk nginx)
fi

missing=()
for p in "${PKGS[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"install ok installed"*) ;; *) missing+=("$p") ;; esac
done
# node/npm may come from elsewhere than Debian (e.g. a preinstalled Node); accept a working binary.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do case "$p" in nodejs|npm) ;; *) tmp+=("$p");; esac; done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "zizhi: missing Debian packages: ${missing[*]}" >&2
  echo "zizhi: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "zizhi: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || { echo "zizhi: apt-get update failed" >&2; exit 1; }
apt-get install -y -qq "${missing[@]}" >/dev/null || {
  echo "zizhi: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
