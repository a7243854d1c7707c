#!/usr/bin/env bash
# Builds (once per machine) a Debian 13 (trixie) chroot holding PostgreSQL 17 + pgvector, for the
# tests that need a real server with the `vector` extension (Debian 12 has no pgvector package,
# and trixie's binaries need a newer glibc than the host's, so they run inside the chroot, which
# shares the host's network: the server listens on 127.0.0.1).
# Usage (as root): test/support/build-pg17-chroot.sh [DIR]   (default /var/cache/milady-test-pg17)
# A lock keeps parallel callers from building twice; DIR/.milady-complete marks a finished build.
set -euo pipefail
DIR="${1:-${MILADY_TEST_PG17_DIR:-/var/cache/milady-test-pg17}}"
MARKER="$DIR/.milady-complete"
[ -e "$MARKER" ] && exit 0
[ "$(id -u)" = 0 ] || { echo "building the PostgreSQL 17 chroot needs root (sudo $0)" >&2; exit 1; }
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
[ -e "$MARKER" ] && exit 0   # another caller finished it while we waited

export DEBIAN_FRONTEND=noninteractive
command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }

# The Debian mirror the host's apt already uses (not -security, not a third-party repository) (CI and this machine reach only Debian's mirrors).
MIRROR="$(grep -rhoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

started=$(date +%s)
umount "$DIR/proc" 2>/dev/null || true
rm -rf "$DIR"
debootstrap --variant=minbase trixie "$DIR" "$MIRROR" >"$DIR.log" 2>&1 || { tail -20 "$DIR.log" >&2; exit 1; }
# No service may start during the install (the distribution's cluster would take port 5432).
printf '#!/bin/sh\nexit 101\n' >"$DIR/usr/sbin/policy-rc.d"; chmod +x "$DIR/usr/sbin/policy-rc.d"
mount -t proc proc "$DIR/proc"
trap 'umount "$DIR/proc" 2>/dev/null || true' EXIT
chroot "$DIR" env DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 sh -c \
  'apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-17 postgresql-17-pgvector && apt-get clean' \
  >>"$DIR.log" 2>&1 || { tail -20 "$DIR.log" >&2; exit 1; }
umount "$DIR/proc"; trap - EXIT
# The distribution's own cluster is not used (each test makes its own data dir).
rm -rf "$DIR/var/lib/postgresql/17/main" "$DIR/etc/postgresql/17/main"
mkdir -p "$DIR/tmp"; chmod 1777 "$DIR/tmp"
touch "$MARKER"
echo "PostgreSQL 17 + pgvector chroot ready in $DIR ($(( $(date +%s) - started )) s)"
