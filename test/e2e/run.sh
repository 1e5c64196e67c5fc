#!/usr/bin/env bash
# Runs the editor end-to-end tests (`npm run test:e2e`): installs or checks
# its cached dependencies with setup.sh, then runs every test/e2e/*.e2e.ts file
# (editor.e2e.ts, checks.e2e.ts) with vitest, one file after the other.
# Where the kernel allows unprivileged user namespaces (`unshare -rn`), the
# test runs in a network namespace of its own that has only the loopback
# interface, so code-server, Chromium and the language server cannot reach
# another machine at all. Elsewhere it runs in the host's network, where
# Chromium's host-resolver rules and a dead loopback proxy keep traffic local.
# MSBOUND_E2E_NETNS=off skips the namespace; =on makes its absence an error.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

bash test/e2e/setup.sh

vitest=(node node_modules/vitest/vitest.mjs run --config test/e2e/vitest.config.mts "$@")
mode="${MSBOUND_E2E_NETNS:-auto}"

if [ "$mode" != off ] && command -v unshare >/dev/null && command -v ip >/dev/null \
    && unshare -rn sh -c 'ip link set lo up' 2>/dev/null; then
  echo "[e2e] running in a network namespace with only the loopback interface"
  exec unshare -rn sh -c 'ip link set lo up && exec "$@"' sh "${vitest[@]}"
fi

if [ "$mode" = on ]; then
  echo "[e2e] MSBOUND_E2E_NETNS=on but 'unshare -rn' or 'ip' is not available here" >&2
  exit 1
fi
echo "[e2e] running in the host network (no network namespace: unshare -rn or ip unavailable, or MSBOUND_E2E_NETNS=off)"
exec "${vitest[@]}"
