#!/usr/bin/env bash
# `make audit`: Lighthouse (mobile and desktop), axe-core, the Nu HTML Checker and console
# errors on each kind of page of build/, served on 127.0.0.1 (scripts/audit_pages.py).
# Arguments go to scripts/audit_pages.py: `make audit ARGS=--demo` audits a 30-post site built
# from benchmarks/corpus.py instead (home page 2, tags, archive), `ARGS="--demo --screenshots
# docs"` saves the README's screenshots of it.
# Installs what it needs first, idempotently: Chromium, Java, Node and vnu-jar through
# scripts/install-test-tools.sh (the tests use the same), then Lighthouse and axe-core,
# pinned, into .cache/audit/node (apart from .cache/node, which that script owns).
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTHOUSE_VERSION=12.2.3  # 13 needs Node 22; Debian's Node is 20 here
AXE_VERSION=4.10.2         # the axe-core that Lighthouse 12.2 was built with
NODE_DIR=.cache/audit/node

[ -x .venv/bin/python ] || { echo "audit: no .venv: run \`make audit\` (or \`make setup\`)" >&2; exit 2; }
bash scripts/install-test-tools.sh

stamp="lighthouse@$LIGHTHOUSE_VERSION axe-core@$AXE_VERSION"
if [ "$(cat "$NODE_DIR/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "audit: npm install $stamp -> $NODE_DIR"
    rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
    printf '{"name":"mlguide-audit-tools","private":true}\n' > "$NODE_DIR/package.json"
    # shellcheck disable=SC2086  # a word list on purpose
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error -E $stamp)
    printf '%s' "$stamp" > "$NODE_DIR/.stamp"
fi

# Lighthouse 12.2.3's trace engine reads `chrome_frame_reporter.frame_sequence` from every
# PipelineReporter event; current Chromium sends some without it, and six diagnostics (layout
# shifts, LCP element, render-blocking resources...) then error instead of reporting.
trace=$NODE_DIR/node_modules/@paulirish/trace_engine/models/trace/handlers/ScreenshotsHandler.js
if grep -q 'args\.chrome_frame_reporter\.frame_sequence' "$trace"; then
    sed -i 's/args\.chrome_frame_reporter\.frame_sequence/args.chrome_frame_reporter?.frame_sequence/' "$trace"
    echo "audit: made Lighthouse's trace engine skip frames without a frame_sequence"
fi

exec .venv/bin/python scripts/audit_pages.py \
    --lighthouse "$NODE_DIR/node_modules/lighthouse/cli/index.js" \
    --axe "$NODE_DIR/node_modules/axe-core/axe.min.js" \
    --vnu .cache/node/node_modules/vnu-jar/build/dist/vnu.jar "$@"
