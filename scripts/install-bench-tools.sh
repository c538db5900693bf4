#!/usr/bin/env bash
# Installs what `make bench` compares mlguide against, idempotently, so the README's figures
# can be reproduced from a clone:
#   Debian: hugo, hyperfine and gifsicle (apt-get, with sudo unless root; only when missing)
#   PyPI:   Pelican and Python-Markdown, pinned, in their own venv under .cache/bench/pelican
#           (kept out of mlguide's venv so its dependencies cannot change what mlguide measures)
set -euo pipefail
cd "$(dirname "$0")/.."

PELICAN_PKGS="pelican==4.12.0 markdown==3.11.3"
PELICAN_VENV=.cache/bench/pelican

need=()
command -v hugo >/dev/null 2>&1 || need+=(hugo)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
command -v gifsicle >/dev/null 2>&1 || need+=(gifsicle)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "install-bench-tools: apt-get install ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "$(cat "$PELICAN_VENV/.stamp" 2>/dev/null)" != "$PELICAN_PKGS" ]; then
    echo "install-bench-tools: $PELICAN_PKGS -> $PELICAN_VENV"
    rm -rf "$PELICAN_VENV"
    python3 -m venv "$PELICAN_VENV"
    # shellcheck disable=SC2086  # a word list on purpose
    "$PELICAN_VENV/bin/python" -m pip install -q --disable-pip-version-check $PELICAN_PKGS \
        > .cache/bench/pelican-install.log 2>&1 ||
        { tail -5 .cache/bench/pelican-install.log; echo "install-bench-tools: pip failed"; exit 1; }
    printf '%s' "$PELICAN_PKGS" > "$PELICAN_VENV/.stamp"
fi
echo "install-bench-tools: ready ($(hugo version | cut -d' ' -f1-2), $(hyperfine --version)," \
    "$(gifsicle --version | head -1)," \
    "pelican $("$PELICAN_VENV/bin/pelican" --version))"
