#!/usr/bin/env bash
# End-to-end test of editors/vscode in code-server (VS Code 1.100) + headless Chromium.
# Installs what it needs under target/editor-tools, packages the .vsix, installs it into a
# fresh code-server profile, opens a corpus text and checks hover, Problems, settings, commands.
# Prints "vscode: N passed, M failed"; exit status non-zero on failure.
set -euo pipefail
source "$(dirname "$0")/../../lib.sh"
VSCODE_DIR="$EDITORS_DIR/vscode"
CORPUS="${GLOSS_CORPUS:-$ROOT/../shared/corpus}/siis-symposium-rebuilding-consensus-2023.txt"
if [ ! -f "$CORPUS" ]; then
  echo "vscode: SKIPPED (no corpus text at $CORPUS)"
  exit 0
fi

BIN="$(gloss_binary)"
t0=$SECONDS
install_code_server
CS="$TOOLS/vscode/node_modules/.bin/code-server"
log "tools ready ($((SECONDS - t0)) s)"

# Build the .vsix exactly as the README says: npm ci && npm run compile && vsce package.
t0=$SECONDS
(
  cd "$VSCODE_DIR"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
  npm run --silent compile >&2
  npx --no-install vsce package --out "$TOOLS/gloss.vsix" </dev/null >&2
) 2> >(grep -v 'npm warn Unknown' >&2)
log "vsix packaged ($((SECONDS - t0)) s)"

rm -f "$ARTIFACTS"/vscode-*.png
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gloss-vscode-e2e.XXXXXX")"
CS_PID=""
cleanup() {
  if [ -n "$CS_PID" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

WS="$WORK/workspace"; DATA="$WORK/data"; EXT="$WORK/extensions"
mkdir -p "$WS" "$DATA/User" "$EXT"
cp "$CORPUS" "$WS/siis-symposium.txt"
cat > "$DATA/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "window.restoreWindows": "none",
  "files.hotExit": "off",
  "editor.hover.delay": 100,
  "editor.minimap.enabled": false
}
JSON

t0=$SECONDS
"$CS" --user-data-dir "$DATA" --extensions-dir "$EXT" --install-extension "$TOOLS/gloss.vsix" >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log" >&2; exit 1; }
log "extension installed ($((SECONDS - t0)) s)"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$WORK/config.yaml"
# The extension host inherits this environment: GLOSS_SERVER_PATH points it at the fresh build.
GLOSS_SERVER_PATH="$BIN" "$CS" --config "$WORK/config.yaml" --user-data-dir "$DATA" --extensions-dir "$EXT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WS" >"$ARTIFACTS/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 120); do
  node -e "require('http').get('http://127.0.0.1:$PORT/healthz', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))" && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$ARTIFACTS/code-server.log" >&2; exit 1; }
  sleep 0.5
done

t0=$SECONDS
status=0
GLOSS_E2E_URL="http://127.0.0.1:$PORT/?folder=$WS" GLOSS_E2E_WORKSPACE="$WS" \
GLOSS_E2E_ARTIFACTS="$ARTIFACTS" PLAYWRIGHT_CORE="$TOOLS/vscode/node_modules/playwright-core" \
  node "$VSCODE_DIR/e2e/test.js" || status=$?
log "browser scenario ($((SECONDS - t0)) s); screenshots in $ARTIFACTS"
if [ $status -ne 0 ]; then
  echo "--- code-server log (tail)" >&2; tail -30 "$ARTIFACTS/code-server.log" >&2
  find "$DATA/logs" -name '*Gloss*' -exec sh -c 'echo "--- $1"; tail -40 "$1"' _ {} \; >&2 2>/dev/null || true
fi
exit $status
