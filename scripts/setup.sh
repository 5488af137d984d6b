#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: the system packages the tests need, then the
# locked npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v socat >/dev/null || missing+=(socat)
if ((${#missing[@]})); then
  sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  echo "setup: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Electron runtime is fetched by `npm start`, not here: build machines cannot download it.
npm ci --no-audit --no-fund
