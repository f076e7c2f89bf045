#!/usr/bin/env bash
# Packages the extension for one platform with the `gloss` server inside (server/gloss), as
# rust-analyzer does: installing the .vsix is all a user does.
#   bash scripts/package.sh [--target TARGET] [--server PATH] [--out DIR]
#   --target  a VS Code platform: linux-x64 (default), linux-arm64, linux-armhf, alpine-x64,
#             alpine-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64
#   --server  the gloss binary built for that platform; default: $GLOSS_BIN, else
#             `cargo build --release` (with --target <Rust triple> unless TARGET is this machine)
#   --out     where the .vsix goes (default: this folder)
# Writes gloss-TARGET-VERSION.vsix and prints its path on the last line.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET=linux-x64 SERVER="${GLOSS_BIN:-}" OUT="$HERE"
die() { echo "package.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --target) TARGET="${2:?--target needs a value}"; shift 2 ;;
    --target=*) TARGET="${1#*=}"; shift ;;
    --server) SERVER="${2:?--server needs a path}"; shift 2 ;;
    --server=*) SERVER="${1#*=}"; shift ;;
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --out=*) OUT="${1#*=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

case "$TARGET" in
  linux-x64) TRIPLE=x86_64-unknown-linux-gnu ;;
  linux-arm64) TRIPLE=aarch64-unknown-linux-gnu ;;
  linux-armhf) TRIPLE=armv7-unknown-linux-gnueabihf ;;
  alpine-x64) TRIPLE=x86_64-unknown-linux-musl ;;
  alpine-arm64) TRIPLE=aarch64-unknown-linux-musl ;;
  darwin-x64) TRIPLE=x86_64-apple-darwin ;;
  darwin-arm64) TRIPLE=aarch64-apple-darwin ;;
  win32-x64) TRIPLE=x86_64-pc-windows-msvc ;;
  win32-arm64) TRIPLE=aarch64-pc-windows-msvc ;;
  *) die "unknown target '$TARGET': use linux-x64, linux-arm64, linux-armhf, alpine-x64, alpine-arm64, darwin-x64, darwin-arm64, win32-x64 or win32-arm64" ;;
esac
EXE=gloss; case "$TARGET" in win32-*) EXE=gloss.exe ;; esac

host_target() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unknown ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; armv7l) arch=armhf ;; *) arch=unknown ;; esac
  [ "$os" = linux ] && [ -f /etc/alpine-release ] && os=alpine
  echo "$os-$arch"
}
NATIVE=0; [ "$TARGET" = "$(host_target)" ] && NATIVE=1

if [ -z "$SERVER" ]; then
  if [ $NATIVE = 1 ]; then
    (cd "$ROOT" && cargo build --release --locked --bin gloss) >&2
    SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/release/$EXE"
  else
    echo "package.sh: building for $TRIPLE (needs \`rustup target add $TRIPLE\` and a linker for it)" >&2
    (cd "$ROOT" && cargo build --release --locked --bin gloss --target "$TRIPLE") >&2
    SERVER="${CARGO_TARGET_DIR:-$ROOT/target}/$TRIPLE/release/$EXE"
  fi
fi
[ -f "$SERVER" ] || die "no server binary at $SERVER (give --server PATH or set GLOSS_BIN)"
if [ $NATIVE = 1 ]; then
  "$SERVER" --version >/dev/null 2>&1 || die "$SERVER does not run here, so it is not a $TARGET binary"
elif command -v file >/dev/null; then
  case "$TARGET" in win32-*) FORMAT=PE32 ;; darwin-*) FORMAT=Mach-O ;; *) FORMAT=ELF ;; esac
  file -b "$SERVER" | grep -q "$FORMAT" || die "$SERVER is not a $FORMAT executable, so it is not a $TARGET binary: $(file -b "$SERVER")"
fi

VERSION="$(node -p "require('$HERE/package.json').version")"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
VSIX="$OUT/gloss-$TARGET-$VERSION.vsix"

cd "$HERE"
cleanup() { rm -rf "$HERE/server"; }
trap cleanup EXIT
rm -rf server && mkdir server
cp "$SERVER" "server/$EXE"
chmod 755 "server/$EXE"
# The release profile keeps line tables (debug = 1) for profiling; users need none of it.
if [ $NATIVE = 1 ] && command -v strip >/dev/null; then strip "server/$EXE" 2>/dev/null || true; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
npm run --silent compile >&2
npx --no-install vsce package --no-dependencies --target "$TARGET" --out "$VSIX" </dev/null >&2
echo "$VSIX"
