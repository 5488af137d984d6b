#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: the system packages the tests need (socat for the
# modem pty tests, chromium for the end-to-end tests), then the locked npm dependencies. Safe to
# run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v socat >/dev/null || missing+=(socat)
# The end-to-end tests drive Debian's chromium (Playwright's own browser builds cannot be
# downloaded on the build machines); it runs headless, so no X server (xvfb) is needed.
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
if ((${#missing[@]})); then
  sudo=''
  [ "$(id -u)" -eq 0 ] || sudo='sudo'
  echo "setup: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Electron runtime is fetched by `npm start`, not here: build machines cannot download it.
npm ci --no-audit --no-fund
