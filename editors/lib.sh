# Shared helpers for the editor tests (sourced by editors/test.sh and the per-editor scripts).
# Everything installs under target/ (git-ignored), so re-runs reuse it.

EDITORS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$EDITORS_DIR/.." && pwd)"
TOOLS="$ROOT/target/editor-tools"
ARTIFACTS="$ROOT/target/editor-artifacts"
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.49.1
mkdir -p "$TOOLS" "$ARTIFACTS"

log() { printf '[editors %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Debian packages need root or passwordless sudo. Without either, apt_install installs nothing,
# says which packages are missing and why, and returns 1: callers skip the tests that need them
# and print "SKIPPED ..." (editors/test.sh lists them before its summary line).
# GLOSS_SIMULATE_NO_SUDO=1 simulates such a machine for testing that path: no root, no sudo, and
# none of the Debian packages asked for installed.
SUDO=""
CAN_INSTALL=1
NO_INSTALL_REASON=""
if [ -n "${GLOSS_SIMULATE_NO_SUDO:-}" ]; then
  CAN_INSTALL=""; NO_INSTALL_REASON="not root and no passwordless sudo (simulated: GLOSS_SIMULATE_NO_SUDO=1)"
elif [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    CAN_INSTALL=""; NO_INSTALL_REASON="not root and no passwordless sudo"
  fi
fi

# missing_packages PKG... : prints the Debian packages of the list that are not installed.
missing_packages() {
  local p
  for p in "$@"; do
    if [ -n "${GLOSS_SIMULATE_NO_SUDO:-}" ] \
      || ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$p"
    fi
  done
}

# apt_install PKG... : installs the Debian packages that are missing (one apt-get update per run).
# Returns 1, installing nothing, when some are missing and this machine cannot install them.
APT_UPDATED=${APT_UPDATED:-}
apt_install() {
  local missing=()
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$CAN_INSTALL" ]; then
    log "cannot install the Debian packages ${missing[*]}: $NO_INSTALL_REASON"
    return 1
  fi
  log "apt-get install ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq >&2; APT_UPDATED=1; export APT_UPDATED; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# skipped WHAT PKG... : the SKIPPED line for tests that need Debian packages this machine lacks.
skipped() {
  local what="$1"; shift
  echo "SKIPPED $what: needs the Debian packages $(missing_packages "$@" | tr '\n' ' ' | sed 's/ $//'), which are missing; $NO_INSTALL_REASON"
}

# install_code_server: code-server (last release line that runs on Node 20) + playwright-core, under $TOOLS/vscode.
install_code_server() {
  local dir="$TOOLS/vscode"
  local stamp="$dir/.installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
  [ -f "$stamp" ] && return 0
  apt_install libkrb5-dev ripgrep build-essential pkg-config chromium fonts-dejavu-core fonts-droid-fallback
  mkdir -p "$dir"
  # @vscode/ripgrep's postinstall downloads from GitHub, but first looks in this cache: seed it with Debian's rg.
  local tmp="${TMPDIR:-/tmp}"
  local cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
    local rgdir; rgdir="$(mktemp -d)"; cp /usr/bin/rg "$rgdir/rg"
    tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rgdir" rg
    rm -rf "$rgdir"
  fi
  [ -f "$dir/package.json" ] || echo '{"name":"gloss-editor-tools","private":true}' > "$dir/package.json"
  log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (about a minute)"
  (cd "$dir" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
     npm install --no-save --foreground-scripts --loglevel=error \
       "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >"$dir/npm-install.log" 2>&1) || {
    tail -40 "$dir/npm-install.log" >&2; return 1; }
  touch "$stamp"
}

# gloss_binary: prints the path of a gloss binary. $GLOSS_BIN wins; else cargo builds it as
# `cargo test --locked --all-features` (.ci/run) does, so after the tests this is a no-op ("Fresh",
# under a second) and the editor tests run the binary the tests ran. `cargo test` resolves features
# with the dev-dependencies (which turn on more features of shared crates: regex-syntax's unicode,
# num-traits' i128, …), and a plain `cargo build --bin gloss` does not: it rebuilt the library and
# the binary (1 min 48 s here) and the next `cargo test` rebuilt them back. Naming one test target
# (`--test schemas`, 13 lines) makes cargo resolve as `cargo test` does. GLOSS_PROFILE=release for
# a release build (plain `--bin gloss`; nothing to share with the tests there).
gloss_binary() {
  if [ -n "${GLOSS_BIN:-}" ]; then
    [ -x "$GLOSS_BIN" ] || { log "GLOSS_BIN=$GLOSS_BIN is not an executable"; return 1; }
    echo "$GLOSS_BIN"; return 0
  fi
  local profile="${GLOSS_PROFILE:-debug}" targets=(--bin gloss --test schemas) flag=()
  [ "$profile" = release ] && { flag=(--release); targets=(--bin gloss); }
  (cd "$ROOT" && cargo build "${flag[@]}" --locked --all-features "${targets[@]}" --quiet >&2) \
    || { log "cargo build failed"; return 1; }
  echo "${CARGO_TARGET_DIR:-$ROOT/target}/$profile/gloss"
}
