# Packaging.cmake - the Debian package: `cpack -G DEB` in a build tree
# configured with -DCMAKE_INSTALL_PREFIX=/usr (scripts/package.sh does both)
# makes certkiosk_<version>_amd64.deb. Included at the end of the top
# CMakeLists.txt, after every install() rule of the programs.
#
# What the package holds (docs/operations.md):
#   /usr/bin/certkiosk, /usr/bin/certkioskctl         the install(TARGETS) rules
#   /usr/share/certkiosk/fonts/                        the UI's font (certkiosk finds it there)
#   /etc/certkiosk/certkiosk.ini, fees.ini             conffiles
#   /usr/lib/systemd/system/certkiosk.service          cage on tty1 (config/systemd/)
#   /usr/share/doc/certkiosk/                          copyright, changelog, operations.md
#   maintainer scripts                                 config/debian/postinst, prerm, postrm
# Depends: the shared libraries' packages (dpkg-shlibdeps) and what the unit
# and the maintainer scripts run. assets/ holds no run-time files yet: nothing
# of it is installed.

set(CK_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING
    "Version of the Debian package (default: the project's version; tests build older and newer ones)")

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "Packaging: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; a Debian package wants /usr "
                 "(scripts/package.sh configures it so)")
endif()

set(CK_PKG_DIR "${CMAKE_CURRENT_BINARY_DIR}/debian")
set(CK_DOC_DIR "${CMAKE_INSTALL_DATADIR}/doc/certkiosk")

# The unit goes to the prefix's lib/systemd/system: /usr/lib/systemd/system for /usr.
install(FILES config/systemd/certkiosk.service DESTINATION lib/systemd/system)
install(FILES config/debian/copyright docs/operations.md DESTINATION ${CK_DOC_DIR})

# A changelog of one entry for this version, gzipped with no name or time in
# its header. The package is native (its version has no Debian revision), so
# the file is changelog.gz, not changelog.Debian.gz (Debian policy 12.7).
set(CK_PACKAGE_MAINTAINER "certkiosk maintainers <maintainers@users.noreply.b-seed-8a76a1e9.example>")
string(TIMESTAMP CK_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${CK_PKG_DIR}/changelog"
     "certkiosk (${CK_PACKAGE_VERSION}) bookworm; urgency=medium\n\n"
     "  * Built from the certkiosk source tree; its history is the git log.\n\n"
     " -- ${CK_PACKAGE_MAINTAINER}  ${CK_PACKAGE_DATE}\n")
find_program(CK_GZIP gzip)
if(CK_GZIP)
  execute_process(COMMAND "${CK_GZIP}" -9nf "${CK_PKG_DIR}/changelog" RESULT_VARIABLE ck_gzip_rc)
  if(ck_gzip_rc EQUAL 0)
    install(FILES "${CK_PKG_DIR}/changelog.gz" DESTINATION ${CK_DOC_DIR})
  endif()
  # The manual pages (docs/man), gzipped the same way.
  foreach(page certkiosk.1 certkioskctl.8)
    string(REGEX REPLACE ".*\\." "" ck_section "${page}")
    file(COPY "${CMAKE_CURRENT_SOURCE_DIR}/docs/man/${page}" DESTINATION "${CK_PKG_DIR}/man")
    execute_process(COMMAND "${CK_GZIP}" -9nf "${CK_PKG_DIR}/man/${page}" RESULT_VARIABLE ck_gzip_rc)
    if(ck_gzip_rc EQUAL 0)
      install(FILES "${CK_PKG_DIR}/man/${page}.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man${ck_section})
    endif()
  endforeach()
endif()

# Configuration files under /etc are conffiles: dpkg keeps a technician's edits on upgrade.
file(WRITE "${CK_PKG_DIR}/conffiles"
     "${CMAKE_INSTALL_FULL_SYSCONFDIR}/certkiosk/certkiosk.ini\n"
     "${CMAKE_INSTALL_FULL_SYSCONFDIR}/certkiosk/fees.ini\n")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "certkiosk")
set(CPACK_PACKAGE_VERSION "${CK_PACKAGE_VERSION}")
set(CPACK_PACKAGE_CONTACT "${CK_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VENDOR "certkiosk")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "touch-screen self-service kiosk for a certificate authority")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The long description under the summary, lines of at most 80 columns: CPack
# indents each line by one space and does not wrap (deb-control(5)).
string(JOIN "\n" CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "certkiosk walks walk-in customers of a certificate authority's service"
  "window through digital-certificate and electronic-seal services: new,"
  "renewal, change, replacement, revocation, PIN change and unlock. It writes"
  "their USB Keys (PC/SC), takes payment, prints fee receipts and keeps"
  "working offline."
  "."
  "The package runs the touch screen full screen under the cage Wayland"
  "compositor on tty1 as the system user certkiosk (certkiosk.service), and"
  "brings certkioskctl, the technicians' maintenance command.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the unit and the maintainer scripts run, and data the kiosk reads at run time:
#  cage: the compositor, and xwayland, without which Debian 12's cage 0.1.4 exits at
#  start ("Cannot create XWayland server"); seatd: the seat's devices for cage (not a
#  logind session: see the unit's header); pcscd: the USB Key readers; adduser: the
#  system user; rime-data-pinyin-simp: the on-screen keyboard's pinyin (/usr/share/rime-data/build).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, cage, xwayland, seatd, pcscd, rime-data-pinyin-simp")
# The receipt font ([receipt] font; receipt pictures and `certkioskctl receipt png`).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")
# CUPS for [printer] transport = cups; openssl to make the kiosk's client key and CSR.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cups-daemon, openssl")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_SOURCE_DIR}/config/debian/postinst"
    "${CMAKE_CURRENT_SOURCE_DIR}/config/debian/prerm"
    "${CMAKE_CURRENT_SOURCE_DIR}/config/debian/postrm"
    "${CK_PKG_DIR}/conffiles")
# Scripts 0755 and conffiles 0644 whatever the checkout's modes.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
