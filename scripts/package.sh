#!/usr/bin/env bash
# package.sh - builds the Debian package certkiosk_<version>_amd64.deb into
# OUT_DIR (docs/operations.md, cmake/Packaging.cmake): a Release build of the
# two programs in OUT_DIR/build (no tests), with Debian's hardening flags,
# installed under /usr and /etc, then `cpack -G DEB`. Prints the package's
# path on its last line. Needs what scripts/setup.sh installs (dpkg-dev for
# dpkg-shlibdeps and dpkg-buildflags).
#   usage: scripts/package.sh OUT_DIR [CMAKE_OPTION...]
#   e.g.   scripts/package.sh out/deb -DCK_PACKAGE_VERSION=0.2.0~rc1
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: scripts/package.sh OUT_DIR [CMAKE_OPTION...]}
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)
build="$out/build"

# Stack protector, _FORTIFY_SOURCE, format-security, full RELRO and bind-now, as Debian builds its packages.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(cd "$root" && dpkg-buildflags --get CPPFLAGS) $(cd "$root" && dpkg-buildflags --get CFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS) -Wl,--as-needed"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCK_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON "-DCMAKE_C_FLAGS=$cflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)" --target certkiosk certkioskctl
rm -f "$out"/certkiosk_*.deb
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; exit 1; }
rm -rf "$out/_CPack_Packages"
deb=$(ls "$out"/certkiosk_*.deb)
echo "$deb"
