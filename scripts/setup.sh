#!/usr/bin/env bash
# Installs the Debian 12 packages ipsurvey builds, tests and runs with.
# Idempotent: asks apt only for what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libxml2-dev zlib1g-dev libboost-test-dev
  libsqlite3-dev libsqlitecpp-dev libxlsxwriter-dev libsodium-dev libpoco-dev
  python3 python3-openpyxl python3-xlsxwriter python3-pandas unzip time curl
  libreoffice-calc-nogui
  # the browser tests of the web application (tests/collector/browser_test.py)
  chromium chromium-driver fonts-noto-cjk python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
