#!/usr/bin/env bash
# Installs every build, runtime and test dependency of Restyle from Debian 12 packages.
# Does nothing when all of them are already present; uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build clang-format
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev
  libqcustomplot-dev
  libtorch-dev python3-torch
  # LibTorch calls BLAS through libblas.so.3; Debian points that at the reference BLAS unless
  # an optimised one is installed (OpenBLAS: 12x on a 1024 matrix product, one thread).
  # The OpenMP build shares LibTorch's thread pool instead of starting its own.
  libopenblas0-openmp
  libopencv-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev
  ffmpeg
  xvfb xauth
  time
  opencv-doc
  xdotool imagemagick
  slurm-wlm munge
  appstream desktop-file-utils dpkg-dev
  clang libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
