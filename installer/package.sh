#!/usr/bin/env bash
# One command to the Debian package: installs what is missing (installer/install-deps.sh and
# installer/package-deps.txt), builds Release into build-package with Debian's hardening flags
# and /usr as prefix, runs `cpack -G DEB`, and checks the result: lintian (no errors; the
# warnings we keep are listed in installer/README.md), desktop-file-validate and
# appstreamcli validate. Prints the path of throttle_<version>_amd64.deb.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash installer/install-deps.sh
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' installer/package-deps.txt | awk '{print $1}')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "package: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build="$(realpath -m "${THROTTLE_PACKAGE_BUILD_DIR:-build-package}")"
# Reproducible: the man pages, gzip and the archive take their times from the last commit.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
export SOURCE_DATE_EPOCH
# Debian's flags as Debian's own packages get them: -O2 and the hardening flags (fortify, stack
# protector, relro, bindnow), without -g (CPack strips). The Release build type keeps -DNDEBUG and
# Qt's release defines; its -O3 gives way to Debian's -O2.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CXXFLAGS | sed 's/\(^\| \)-g\( \|$\)/ /') $(dpkg-buildflags --get CPPFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG \
  -DCMAKE_INSTALL_PREFIX=/usr -DTHROTTLE_BUILD_TESTS=OFF -DTHROTTLE_PACKAGE=ON \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/package/throttle_*.deb
(cd "$build" && cpack -G DEB -B "$build/package" >/dev/null)
deb="$(ls "$build"/package/throttle_*_amd64.deb)"

echo "package: checking $deb"
desktop-file-validate "$build"/docs/*.desktop
appstreamcli validate --no-net "$build"/docs/*.metainfo.xml
# lintian: errors fail the package; warnings are printed (installer/README.md says why each stays).
lintian --fail-on error --display-level ">=warning" --tag-display-limit 0 "$deb" | tee "$build/lintian.txt"
echo "package: $deb"
