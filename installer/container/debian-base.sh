#!/bin/sh
# Makes localhost/debian:12-slim from Debian's archive with debootstrap (for machines that reach
# deb.debian.org but no container registry), then imports it into podman. Needs root.
#   installer/container/debian-base.sh [mirror]
set -eu
MIRROR=${1:-http://deb.debian.org/debian}
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR"
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/archives/*.deb
tar -C "$ROOT" -c . | podman import - localhost/debian:12-slim
