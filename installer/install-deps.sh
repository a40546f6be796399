#!/usr/bin/env bash
# Installs every Debian 12 package Throttle needs to build, test, run and benchmark. Nothing comes
# from npm: scripts are transpiled at run time by Debian's esbuild binary. Idempotent; safe to re-run.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qtquick-dialogs qml6-module-qtcore qml6-module-qttest
  qml6-module-qt-labs-platform qml6-module-qtquick-shapes qml6-module-qt-labs-folderlistmodel
  libcurl4-openssl-dev zlib1g-dev libbrotli-dev libzstd-dev libssl-dev libjemalloc-dev openssl time
  libboost-context-dev qt6-declarative-private-dev
  libqt6sql6-sqlite
  esbuild
  python3
  curl   # tst_operator sends the k6-operator starter's exact curl PATCH lines
  nginx-light wrk xvfb xauth imagemagick xdotool
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: done"
