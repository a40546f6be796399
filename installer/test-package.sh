#!/usr/bin/env bash
# Installs the Debian package into a fresh Debian 12 root and uses it there, as a user would:
#   1. debootstrap bookworm (minbase) from Debian's archive into a temporary directory;
#   2. apt-get install --no-install-recommends /tmp/throttle_<version>_amd64.deb, nothing else;
#   3. throttle version; man pages, completion, desktop entry and icons in place;
#   4. throttle run --with-demo-target on the installed externally-controlled example (10 s), then
#      on the TypeScript example (5 s; transpiled by the esbuild the package depends on);
#   5. then, with test tools added (xvfb, xfonts-base, xauth, xdotool, x11-utils, desktop-file-utils):
#      throttle-desktop on the example under Xvfb, a screenshot of the window
#      (docs/screenshots/package-desktop.png), Ctrl+O for the file dialog (a second screenshot,
#      package-open-dialog.png; the dialog needs qml6-module-qt-labs-folderlistmodel), the window's
#      WM_CLASS, and the MIME cache entry for .js files.
# Prints the time of each step. Needs root (debootstrap, chroot, mount) and the network to reach
# the archive; takes several minutes, so CI does not run it.
# Usage: installer/test-package.sh [throttle_<version>_amd64.deb]   (default: the one
# installer/package.sh made). THROTTLE_DEBIAN_MIRROR changes the archive; KEEP_ROOT=1 keeps the root;
# THROTTLE_DEBOOTSTRAP_TARBALL caches debootstrap's downloads (see below).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls -t "$here"/build-package/package/throttle_*_amd64.deb 2>/dev/null | head -n1)}"
[ -f "$deb" ] || { echo "test-package: no package; run installer/package.sh first" >&2; exit 2; }
deb="$(realpath "$deb")"
[ "$(id -u)" -eq 0 ] || { echo "test-package: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
mirror="${THROTTLE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
shots="$here/docs/screenshots"
root="$(mktemp -d /var/tmp/throttle-pkgtest.XXXXXX)"
chmod 755 "$root"   # a root of mode 700 keeps apt's _apt user out
mounted=()

cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "test-package: root kept at $root"; else rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
trap 'echo "test-package: stopped by a signal" >&2; exit 143' INT TERM HUP

start=$SECONDS
last=$SECONDS
step() {
  printf 'test-package: %-58s (previous step %3ss, total %4ss)\n' "$1" $((SECONDS - last)) $((SECONDS - start))
  last=$SECONDS
}
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive K6_NO_USAGE_REPORT=true "$@"
}
check() {   # check "what" command...: runs it in the root, fails the script with the output
  local what=$1; shift
  if ! out="$(in_root "$@" 2>&1)"; then
    echo "test-package: FAILED: $what"; echo "$out"; exit 1
  fi
}

# THROTTLE_DEBOOTSTRAP_TARBALL=file keeps debootstrap's downloads in a tarball (made on the first
# run) for the next runs; the root is still installed fresh from those Debian packages each time.
tarball="${THROTTLE_DEBOOTSTRAP_TARBALL:-}"
if [ -n "$tarball" ] && [ ! -f "$tarball" ]; then
  step "debootstrap --make-tarball $tarball"
  debootstrap --variant=minbase --make-tarball="$tarball" bookworm "$root.tarball" "$mirror" >/dev/null
  rm -rf "$root.tarball"
fi
step "debootstrap bookworm from $mirror${tarball:+ (packages from $tarball)}"
debootstrap --variant=minbase ${tarball:+--unpack-tarball="$tarball"} bookworm "$root" "$mirror" \
  >"$root.debootstrap.log" 2>&1 || { tail -20 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
for m in proc sys dev dev/pts; do
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sysfs "$root/sys" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done
echo "deb $mirror bookworm-updates main" >>"$root/etc/apt/sources.list"
cp "$deb" "$root/tmp/"
pkg="/tmp/$(basename "$deb")"

step "apt-get install $pkg"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
in_root dpkg-query -W -f='${Package} ${Version} ${Installed-Size} KiB\n' throttle

step "throttle version, man pages, completion, desktop entry, icons"
in_root throttle version
check "throttle --help" throttle --help
for f in /usr/share/man/man1/throttle.1.gz /usr/share/man/man1/throttle-desktop.1.gz \
         /usr/share/bash-completion/completions/throttle /usr/share/bash-completion/completions/throttle-desktop \
         /usr/share/zsh/vendor-completions/_throttle /usr/share/doc/throttle/copyright \
         /usr/share/doc/throttle/examples/externally-controlled.js; do
  [ -f "$root$f" ] || { echo "test-package: FAILED: $f is missing"; exit 1; }
done
desktop="$(ls "$root"/usr/share/applications/*.desktop)"
icon="$(sed -n 's/^Icon=//p' "$desktop")"
for f in "scalable/apps/$icon.svg" "48x48/apps/$icon.png" "256x256/apps/$icon.png"; do
  [ -f "$root/usr/share/icons/hicolor/$f" ] || { echo "test-package: FAILED: icon $f is missing"; exit 1; }
done
check "bash completion" bash -c "source /usr/share/bash-completion/completions/throttle; COMP_WORDS=(throttle ru); COMP_CWORD=1; _throttle; [ \"\${COMPREPLY[*]}\" = run ]"
echo "test-package: desktop entry ${desktop#"$root"}, icon $icon (svg and png)"

step "throttle run --with-demo-target (externally-controlled example, 10 s)"
in_root sh -c 'cd /tmp && throttle run --with-demo-target -q -e DURATION=10s /usr/share/doc/throttle/examples/externally-controlled.js' \
  >"$root/tmp/run.txt" 2>&1 || { cat "$root/tmp/run.txt"; echo "test-package: FAILED: throttle run"; exit 1; }
grep -E "^ +(http_reqs|iterations|vus_max)" "$root/tmp/run.txt"

step "throttle run --with-demo-target (typescript.ts example, 5 s: esbuild from the Depends)"
in_root sh -c 'cd /tmp && throttle run --with-demo-target -q -e DURATION=5s /usr/share/doc/throttle/examples/typescript.ts' \
  >"$root/tmp/run-ts.txt" 2>&1 || { cat "$root/tmp/run-ts.txt"; echo "test-package: FAILED: throttle run on a .ts script"; exit 1; }
grep -E "^ +(checks_succeeded|http_reqs)" "$root/tmp/run-ts.txt"

step "test tools for the window (xvfb xfonts-base xauth xdotool x11-utils desktop-file-utils)"
in_root apt-get install -y -qq --no-install-recommends xvfb xfonts-base xauth xdotool x11-utils desktop-file-utils >/dev/null
check "desktop-file-validate" desktop-file-validate "${desktop#"$root"}"
grep -q "text/javascript=.*$(basename "$desktop")\|application/javascript=.*$(basename "$desktop")" \
  "$root/usr/share/applications/mimeinfo.cache" ||
  { echo "test-package: FAILED: .js files do not offer Throttle (mimeinfo.cache)"; exit 1; }
echo "test-package: mimeinfo.cache offers $(basename "$desktop") for JavaScript files"

step "throttle-desktop under Xvfb, screenshots"
mkdir -p "$shots"
in_root sh -c 'rm -f /tmp/Xvfb_screen0; Xvfb :42 -screen 0 1400x900x24 -fbdir /tmp -nolisten tcp >/tmp/xvfb.log 2>&1 &
  for i in $(seq 50); do [ -e /tmp/.X11-unix/X42 ] && break; sleep 0.2; done
  cd /tmp && DISPLAY=:42 QT_QUICK_BACKEND=software throttle-desktop /usr/share/doc/throttle/examples/externally-controlled.js >/tmp/desktop.log 2>&1 &
  for i in $(seq 150); do DISPLAY=:42 xdotool search --class throttle-desktop >/dev/null 2>&1 && break; sleep 0.2; done
  sleep 3
  cp /tmp/Xvfb_screen0 /tmp/shot-main.xwd
  DISPLAY=:42 xprop -id "$(DISPLAY=:42 xdotool search --class throttle-desktop | head -n1)" WM_CLASS >/tmp/wmclass.txt
  win=$(DISPLAY=:42 xdotool search --class throttle-desktop | head -n1)
  DISPLAY=:42 xdotool windowfocus --sync "$win" key --window "$win" ctrl+o   # no window manager: focus by hand
  sleep 4
  cp /tmp/Xvfb_screen0 /tmp/shot-dialog.xwd
  DISPLAY=:42 xdotool key Escape; sleep 1
  pidof throttle-desktop >/tmp/desktop-alive.txt || true
  kill $(pidof throttle-desktop) $(pidof Xvfb) 2>/dev/null; true'
if [ ! -f "$root/tmp/shot-main.xwd" ]; then
  echo "test-package: FAILED: no screenshot; Xvfb's and throttle-desktop's logs:"
  cat "$root/tmp/xvfb.log" "$root/tmp/desktop.log" 2>/dev/null; exit 1
fi
convert "xwd:$root/tmp/shot-main.xwd" "$shots/package-desktop.png"
convert "xwd:$root/tmp/shot-dialog.xwd" "$shots/package-open-dialog.png"
cat "$root/tmp/wmclass.txt"
if [ ! -s "$root/tmp/desktop-alive.txt" ]; then
  echo "test-package: FAILED: throttle-desktop is gone after the file dialog"; cat "$root/tmp/desktop.log"; exit 1
fi
if grep -qi "module .* is not installed\|plugin cannot be loaded\|could not load the qt platform" "$root/tmp/desktop.log"; then
  echo "test-package: FAILED: throttle-desktop's log:"; cat "$root/tmp/desktop.log"; exit 1
fi
echo "test-package: screenshots $shots/package-desktop.png, $shots/package-open-dialog.png"
step "done"
