# Every dependency through pkg-config, with the Debian package to install
# named in the error when it is missing (scripts/packages.txt lists them all).
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (or run scripts/setup.sh)")
endif()

# ck_require(<target-name> <pkg-config module> <debian package>)
macro(ck_require name module debian)
  pkg_check_modules(${name} QUIET IMPORTED_TARGET ${module})
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "Missing dependency '${module}': install the Debian package '${debian}' "
                        "(apt-get install ${debian}), or run scripts/setup.sh which installs everything.")
  endif()
endmacro()

ck_require(INIH inih libinih-dev)
ck_require(CJSON libcjson libcjson-dev)
ck_require(SQLCIPHER sqlcipher libsqlcipher-dev)
ck_require(LIBCRYPTO libcrypto libssl-dev)
ck_require(PCSC libpcsclite libpcsclite-dev)
ck_require(CURL libcurl libcurl4-openssl-dev)
ck_require(QRENCODE libqrencode libqrencode-dev)
ck_require(PNG libpng libpng-dev)
ck_require(SDL2 sdl2 libsdl2-dev)
ck_require(SDL2_TTF SDL2_ttf libsdl2-ttf-dev)
ck_require(ARGON2 libargon2 libargon2-dev)
ck_require(SYSTEMD libsystemd libsystemd-dev)
# Debian 12's libcups2-dev ships no pkg-config file.
find_library(CUPS_LIBRARY cups)
find_path(CUPS_INCLUDE_DIR cups/cups.h)
if(NOT CUPS_LIBRARY OR NOT CUPS_INCLUDE_DIR)
  message(FATAL_ERROR "Missing dependency 'libcups': install the Debian package 'libcups2-dev' "
                      "(apt-get install libcups2-dev), or run scripts/setup.sh which installs everything.")
endif()
if(CK_BUILD_TESTS)
  ck_require(CMOCKA cmocka libcmocka-dev)
  # The reference upstream (tests/upstream) is a test peer, not part of the kiosk.
  ck_require(MHD libmicrohttpd libmicrohttpd-dev)
  ck_require(GNUTLS gnutls libgnutls28-dev)
  ck_require(SQLITE3 sqlite3 libsqlite3-dev)
endif()
