#!/usr/bin/env bash
# Quick start: install what is missing, build Restyle (Release), and run the main job on a
# built-in sample clip. Output: ./restyle-demo/restyled.mp4
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/packaging/install-deps.sh"
"$ROOT/packaging/build.sh"
"$ROOT/build/app/restyle-cli" demo --out "${RESTYLE_DEMO_DIR:-$PWD/restyle-demo}"
