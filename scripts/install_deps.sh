#!/usr/bin/env bash
# Installs every Debian 12 package hemu needs (build, tests, and the issues that build on them).
# Idempotent: apt-get skips what is installed; `apt-get update` runs only when a package is missing.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  # tests
  googletest libgtest-dev libgmock-dev
  # images
  libpng-dev zlib1g-dev libgif-dev
  # text: FreeType + fontconfig and a set of font families (some are held out of training)
  libfreetype-dev libfontconfig-dev fontconfig
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 fonts-freefont-ttf fonts-cantarell
  fonts-open-sans fonts-lato fonts-crosextra-carlito fonts-noto-mono fonts-roboto-unhinted
  fonts-inter fonts-urw-base35 fonts-hack fonts-comic-neue fonts-firacode
  # the brain: libtorch with a fast BLAS and jemalloc (see MACHINE_NOTES)
  libtorch-dev libopenblas0-openmp libjemalloc2
  # OCR candidate
  tesseract-ocr tesseract-ocr-eng libtesseract-dev libleptonica-dev
  # X11 eyes and hands
  xvfb x11-utils x11-xserver-utils xterm xdotool
  libx11-dev libxext-dev libxtst-dev libxdamage-dev libxfixes-dev libxrandr-dev libxi-dev
  # fleet, video export, dashboard browser tests
  nats-server libnats-dev ffmpeg chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install_deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install_deps: done"
