#!/usr/bin/env bash
# Installs the Restyle .deb on a clean Debian 12 system and runs it: a minimal debootstrap
# chroot (made here when CHROOT does not exist yet), `apt-get install ./restyle_*.deb`, then
# `restyle-cli --version` and `restyle-cli demo`. Needs root and Debian's mirror.
#   packaging/test-deb.sh [DEB] [CHROOT]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB="${1:-$(ls "$ROOT"/build/restyle_*.deb | head -1)}"
CHROOT="${2:-/tmp/restyle-deb-chroot}"
if [ "$(id -u)" -ne 0 ]; then echo "test-deb.sh: run as root" >&2; exit 2; fi
if [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  debootstrap --variant=minbase bookworm "$CHROOT" http://deb.debian.org/debian >/dev/null
fi
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true
cp "$DEB" "$CHROOT/tmp/restyle.deb"
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
trap 'umount "$CHROOT/proc" 2>/dev/null || true' EXIT
chroot "$CHROOT" /bin/bash -euo pipefail -c '
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends /tmp/restyle.deb >/dev/null
  restyle-cli --version
  cd /tmp && rm -rf demo && QT_QPA_PLATFORM=offscreen restyle-cli demo --out /tmp/demo
  restyle-cli info /tmp/demo/restyled.mp4
  test -f /usr/share/applications/restyle.desktop
  test -f /usr/share/icons/hicolor/256x256/apps/restyle.png
  echo "test-deb: OK"
'
