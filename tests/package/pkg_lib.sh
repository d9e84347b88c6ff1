# shellcheck shell=bash
# pkg_lib.sh - what the package tests share (tests/package/test_package.sh):
# the preconditions (root, the Debian mirror, debootstrap), building the
# package, clean Debian 12 roots made with debootstrap and cached as a
# tarball, commands run inside them, and the assertions' counters.
# Source it after setting $src (the source tree) and $work (a folder of the
# build tree the tests keep their builds, caches and roots in).

mirror=${CK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${CK_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
cache="$work/cache"
t0=$SECONDS

# --- assertions: counted, the run goes on after a failure; pkg_summary ends it ---
passed=0
failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
  local what=$1; shift
  if "$@"; then ok; else ko "$what"; fi
}
same() { # same DESCRIPTION GOT WANT
  if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', wanted '$3'"; fi
}
contains() { if [[ $1 == *"$2"* ]]; then ok; else ko "'$2' not found in: $1"; fi; }
step() { echo "== [$((SECONDS - t0)) s] $*"; }
pkg_summary() {
  step "done"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
die() { echo "ERROR: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }

# --- preconditions: absent ones skip the test loudly (exit 77) ---
pkg_require() {
  [ "$(id -u)" -eq 0 ] || skip "the package tests need root (debootstrap, chroot, mounts)"
  local tool
  for tool in debootstrap dpkg-deb dpkg-shlibdeps chroot jq curl tar flock; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/packages.txt)"
  done
  curl -fsS -o /dev/null --max-time 15 "$mirror/dists/bookworm/InRelease" ||
    skip "the Debian mirror $mirror cannot be reached"
  mkdir -p "$work" "$cache/archives/partial"
}

# --- the package of this tree, built once per change (scripts/package.sh) ---
# Sets $deb. Serialised with a lock: both package tests may ask for it.
pkg_build_current() {
  # With -Werror: the tests' other builds are unoptimised, and GCC warns of some things only at -O2.
  step "building the package from $src (Release, -Werror, scripts/package.sh)"
  local log="$work/package.log"
  if ! flock "$work/deb.lock" bash "$src/scripts/package.sh" "$work/deb" -DCK_WERROR=ON >"$log" 2>&1; then
    tail -40 "$log"
    die "scripts/package.sh failed (log: $log)"
  fi
  deb=$(tail -1 "$log")
  [ -f "$deb" ] || die "scripts/package.sh made no package (log: $log)"
  echo "   $(basename "$deb"), $(stat -c %s "$deb") bytes"
}

# --- clean Debian 12 roots -------------------------------------------------
roots=()
# The mounts under a root, deepest first.
root_mounts() { awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r; }
root_destroy() { # root_destroy DIR [force]: unmount everything under DIR, then delete it (CK_PKG_KEEP=1 keeps it)
  local r=$1 force=${2:-} m
  for m in $(root_mounts "$r"); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if [ -n "$(root_mounts "$r")" ]; then
    echo "WARNING: $r still has mounts; left in place" >&2
    return 0
  fi
  if [ "${CK_PKG_KEEP:-0}" = 1 ] && [ -z "$force" ]; then
    echo "   (CK_PKG_KEEP=1: $r kept)"
  else
    rm -rf --one-file-system "$r"
  fi
}
roots_cleanup() {
  local r
  for r in "${roots[@]}"; do
    root_destroy "$r"
  done
}
trap roots_cleanup EXIT
trap 'exit 130' INT TERM

# debootstrap --variant=minbase bookworm with systemd as init (minbase has no
# init; every Debian 12 the kiosk goes on has systemd), kept as a plain tarball
# under the build tree: unpacking it takes a second where debootstrap takes half
# a minute. A week-old one is made again, so a rerun does not install from a stale base.
base_tarball() {
  local tarball="$cache/bookworm-minbase-systemd.tar" tmp="$cache/bookworm-minbase.tmp"
  if [ -f "$tarball" ] && [ -z "$(find "$tarball" -mtime +7)" ]; then
    echo "$tarball"
    return 0
  fi
  step "debootstrap --variant=minbase --include=systemd-sysv bookworm (cached as $tarball)" >&2
  root_destroy "$tmp" force >&2
  if ! debootstrap --variant=minbase --include=systemd-sysv bookworm "$tmp" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -20 "$cache/debootstrap.log" >&2
    root_destroy "$tmp" force >&2
    die "debootstrap failed (log: $cache/debootstrap.log)"
  fi
  tar -C "$tmp" --numeric-owner -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  root_destroy "$tmp" force >&2
  echo "$tarball"
}

# root_make DIR: a clean Debian 12 in DIR (and $root, which in_root uses), /proc mounted, the mirror's indexes
# fresh, downloaded packages shared with the other roots (and the next run).
# Services are never started inside it (policy-rc.d), and dpkg skips fsync.
root_make() {
  local r=$1 tarball
  case "$r" in "" | / | /tmp | "$work") die "root_make: refusing to make a root at '$r'" ;; esac
  tarball=$(base_tarball) || exit 1
  root_destroy "$r" force
  [ ! -e "$r" ] || die "$r cannot be cleared"
  mkdir -p "$r"
  roots+=("$r")
  root=$r
  tar -C "$r" --numeric-owner -xpf "$tarball"
  mount -t proc proc "$r/proc"
  mount --bind "$cache/archives" "$r/var/cache/apt/archives"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$security_mirror" >"$r/etc/apt/sources.list"
  printf '#!/bin/sh\n# package tests: start no service in this root\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
  chmod 0755 "$r/usr/sbin/policy-rc.d"
  echo force-unsafe-io >"$r/etc/dpkg/dpkg.cfg.d/certkiosk-test-unsafe-io"
  in_root apt-get update -qq >"$r.apt-update.log" 2>&1 || { cat "$r.apt-update.log"; die "apt-get update failed in $r"; }
}

# Commands in the root: a clean environment, as root, or as the kiosk's user.
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"
}
as_kiosk() { in_root runuser -u certkiosk -- "$@"; }

# apt_install LOG ARGS...: apt-get install -y in the root, its output kept in LOG.
apt_install() {
  local log=$1; shift
  if in_root apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; then
    return 0
  fi
  tail -30 "$log"
  return 1
}

# The newest schema version this tree's store knows (kiosk/store/store.h).
current_schema() { sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$src/kiosk/store/store.h"; }
