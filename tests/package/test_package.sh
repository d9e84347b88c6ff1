#!/usr/bin/env bash
# test_package.sh - the Debian package as a CA's technician meets it, in a
# clean Debian 12 made by debootstrap (docs/operations.md). Needs root and the
# Debian mirror; skips (77) without them.
#   usage: test_package.sh install|upgrade|service SOURCE_DIR WORK_DIR
#
# install: scripts/package.sh builds the .deb of SOURCE_DIR (Release, in
#   WORK_DIR/deb); its metadata and file list; `apt-get install ./certkiosk_*.deb`
#   pulls the dependencies from the mirror; then the files, the system user,
#   the folders' owners and modes, the conffiles, the unit enabled and verified,
#   the programs run as certkiosk (the kiosk's first screens with the installed
#   font and pinyin data, under SDL's dummy driver), the store made and opened
#   as certkiosk with its key 0600, nothing readable by another user; a
#   reinstall that changes nothing; remove keeping the data, purge removing it.
# upgrade: version N is the source at 17f720b^ (store schema v3), built in
#   Release and packaged in N+1's packaging (N has no packaging rules); jobs
#   made with N as certkiosk; `apt-get install` of N+1 keeps them (same uuids
#   and states) and migrates the store to the current schema, leaving a backup;
#   `dpkg -i` of N again: N refuses the newer database, naming both schema
#   versions, and leaves the file unchanged.
# service: the installed root booted with systemd-nspawn, the unit running
#   cage on wlroots' headless backend: ready (READY=1 from the kiosk, a child
#   of cage), as certkiosk in the sandbox, restarted by the watchdog when the
#   kiosk freezes, nothing left after a stop.
set -uo pipefail
mode=${1:?usage: test_package.sh install|upgrade|service SOURCE_DIR WORK_DIR}
src=$(cd "${2:?usage: test_package.sh install|upgrade|service SOURCE_DIR WORK_DIR}" && pwd)
work=${3:?usage: test_package.sh install|upgrade|service SOURCE_DIR WORK_DIR}
mkdir -p "$work" && work=$(cd "$work" && pwd)
. "$(dirname "${BASH_SOURCE[0]}")/pkg_lib.sh"
umask 022 # a technician's root shell
pkg_require

db=/var/lib/certkiosk/certkiosk.db
key=/etc/certkiosk/store.key
pin=246810
version=$(sed -n 's/^project(certkiosk VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
schema=$(current_schema)
fails() { ! "$@"; }
in_root_q() { in_root "$@" >/dev/null 2>&1; }
mode_of() { in_root stat -c '%U:%G %a' "$1" 2>&1; }

# ---------------------------------------------------------------------------
test_install() {
  pkg_build_current
  local name listing depends f

  step "the package: dpkg-deb -I and -c"
  name=$(basename "$deb")
  same "package file name" "$name" "certkiosk_${version}_amd64.deb"
  same "package version" "$(dpkg-deb -f "$deb" Version)" "$version"
  listing=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
  for f in ./usr/bin/certkiosk ./usr/bin/certkioskctl ./etc/certkiosk/certkiosk.ini ./etc/certkiosk/fees.ini \
    ./usr/lib/systemd/system/certkiosk.service ./usr/share/certkiosk/fonts/NotoSansSC-Regular-subset.otf \
    ./usr/share/certkiosk/fonts/LICENSE-OFL.txt ./usr/share/doc/certkiosk/copyright \
    ./usr/share/man/man1/certkiosk.1.gz ./usr/share/man/man8/certkioskctl.8.gz; do
    check "the package holds $f" grep -qx "$f" <<<"$listing"
  done
  check "nothing under /usr/etc, /usr/local or /var" fails grep -Eq '^\./(usr/etc|usr/local|var)/' <<<"$listing"
  depends=$(dpkg-deb -f "$deb" Depends)
  for f in cage xwayland seatd pcscd adduser rime-data-pinyin-simp libc6 libsdl2-2.0-0 libsqlcipher0 libpcsclite1; do
    check "Depends names $f ($depends)" grep -Eq "(^|, )$f( |,|$)" <<<"$depends"
  done
  same "conffiles" "$(dpkg-deb -I "$deb" conffiles)" "/etc/certkiosk/certkiosk.ini
/etc/certkiosk/fees.ini"
  # The kiosk looks for its font where the package puts it (compiled in from the install prefix).
  check "certkiosk looks for its font in /usr/share/certkiosk/fonts" \
    test "$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/certkiosk | grep -ac /usr/share/certkiosk/fonts)" -gt 0

  step "a clean Debian 12 root"
  root_make "$work/root-install"
  step "apt-get install ./$name (the dependencies from the mirror)"
  cp "$deb" "$root/tmp/"
  apt_install "$work/install.log" "/tmp/$name" || die "apt-get install ./$name failed (log: $work/install.log)"
  echo "   $(grep -c '^Setting up' "$work/install.log") packages set up; $(grep -m1 '^Need to get' "$work/install.log")"

  step "files, the certkiosk user, folders, conffiles"
  for f in /usr/bin/certkiosk /usr/bin/certkioskctl; do check "$f is executable" in_root test -x "$f"; done
  for f in /etc/certkiosk/certkiosk.ini /etc/certkiosk/fees.ini /usr/lib/systemd/system/certkiosk.service \
    /usr/share/certkiosk/fonts/NotoSansSC-Regular-subset.otf /usr/share/doc/certkiosk/operations.md; do
    check "$f is installed" in_root test -f "$f"
  done
  local pw uid gid home shell groups
  pw=$(in_root getent passwd certkiosk)
  IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
  check "the user certkiosk exists" test -n "$pw"
  same "certkiosk's shell" "$shell" /usr/sbin/nologin
  same "certkiosk's home" "$home" /var/lib/certkiosk
  check "certkiosk is a system user (uid $uid in 100-999)" test "${uid:-0}" -ge 100 -a "${uid:-0}" -le 999
  same "certkiosk's primary group" "$(in_root getent group "$gid" | cut -d: -f1)" certkiosk
  check "certkiosk has no password (locked)" grep -Eq '^certkiosk:[!*]' < <(in_root getent shadow certkiosk)
  groups=$(in_root id -nG certkiosk)
  check "certkiosk is in the video group ($groups)" grep -qw video <<<"$groups"
  for f in render lp; do # render comes with udev, which a minimal root lacks
    if in_root_q getent group "$f"; then check "certkiosk is in $f" grep -qw "$f" <<<"$groups"; fi
  done
  same "/var/lib/certkiosk" "$(mode_of /var/lib/certkiosk)" "certkiosk:certkiosk 750"
  same "/etc/certkiosk" "$(mode_of /etc/certkiosk)" "root:certkiosk 750"
  same "/etc/certkiosk's mode is a dpkg-statoverride" "$(in_root dpkg-statoverride --list /etc/certkiosk)" \
    "root certkiosk 750 /etc/certkiosk"
  same "$key (made by postinst)" "$(mode_of "$key")" "certkiosk:certkiosk 600"
  check "$key holds 64 hex digits" grep -Eqx '[0-9a-f]{64}' < <(in_root cat "$key")
  local cf
  cf=$(in_root dpkg-query -W --showformat='${Conffiles}' certkiosk)
  contains "$cf" "/etc/certkiosk/certkiosk.ini "
  contains "$cf" "/etc/certkiosk/fees.ini "

  step "the unit: enabled, and systemd-analyze verify as installed"
  local link=/etc/systemd/system/graphical.target.wants/certkiosk.service out rc
  check "$link is a symlink" in_root test -L "$link"
  same "$link points at the unit" "$(in_root readlink -f "$link")" \
    "$(in_root readlink -f /usr/lib/systemd/system/certkiosk.service)"
  out=$(in_root systemd-analyze verify /usr/lib/systemd/system/certkiosk.service 2>&1)
  rc=$?
  check "systemd-analyze verify in the root (exit $rc): $out" test "$rc" -eq 0
  check "systemd-analyze verify says nothing about the unit: $out" fails grep -q certkiosk.service <<<"$out"
  in_root sed 's#^ExecStart=/usr/bin/cage #ExecStart=/usr/bin/no-cage #' /usr/lib/systemd/system/certkiosk.service \
    >"$root/tmp/certkiosk.service"
  check "verify in the root catches a missing program" fails in_root_q systemd-analyze verify /tmp/certkiosk.service

  step "the programs run as certkiosk"
  out=$(as_kiosk certkioskctl --help 2>&1)
  check "certkioskctl --help as certkiosk (exit $?)" test $? -eq 0
  contains "$out" "usage: certkioskctl"
  contains "$(as_kiosk certkioskctl --version 2>&1)" "certkioskctl $version"
  contains "$(as_kiosk certkiosk --help 2>&1)" "usage: certkiosk"
  # The touch screen's first screens, drawn with the installed font, and pinyin
  # from the installed rime data (Depends: rime-data-pinyin-simp).
  mkdir -p "$root/tmp/shots"
  in_root chown certkiosk: /tmp/shots
  cat >"$root/tmp/smoke.txt" <<'EOF'
tap attract.start
tap menu.change
expect-screen change
tap chg.name
pinyin zhongguo
expect kbd.cand.0 中国
screenshot smoke
EOF
  out=$(as_kiosk env SDL_VIDEODRIVER=dummy DBUS_SESSION_BUS_ADDRESS=disabled: DBUS_SYSTEM_BUS_ADDRESS=disabled: \
    certkiosk --script /tmp/smoke.txt --screenshot-dir /tmp/shots 2>&1)
  rc=$?
  check "certkiosk as certkiosk, the installed font and pinyin data (exit $rc): $(tail -5 <<<"$out")" test "$rc" -eq 0
  check "the kiosk's screenshot" test -s "$root/tmp/shots/smoke.png"

  step "the store made and opened as certkiosk (umask 022, from a technician's shell)"
  local key_sum
  key_sum=$(in_root sha256sum "$key")
  out=$(as_kiosk certkioskctl clerk add 1001 --name 王五 <<<"$pin" 2>&1)
  check "certkioskctl clerk add as certkiosk makes the store: $out" in_root test -f "$db"
  same "the store's key is the one postinst made" "$(in_root sha256sum "$key")" "$key_sum"
  same "$key after the store was made" "$(mode_of "$key")" "certkiosk:certkiosk 600"
  out=$(as_kiosk certkioskctl store check --json 2>&1)
  same "store check: schema version" "$(jq -r .schema_version <<<"$out" 2>&1)" "$schema"
  same "store check: integrity" "$(jq -r .integrity_ok <<<"$out" 2>&1)" true
  contains "$(as_kiosk certkioskctl clerk list 2>&1)" 1001
  # Labelled: the database file's own mode (the folder already keeps others out).
  check "CHECK db mode: $db is certkiosk's, 0600 or 0640 (made under umask 022): $(mode_of "$db")" \
    grep -Eqx 'certkiosk:certkiosk (600|640)' < <(mode_of "$db")

  step "another unprivileged user reads neither the keys nor the database"
  in_root useradd -m -s /bin/sh mallory
  check "mallory cannot read $key" fails in_root_q runuser -u mallory -- cat "$key"
  check "mallory cannot list /etc/certkiosk" fails in_root_q runuser -u mallory -- ls /etc/certkiosk
  check "mallory cannot read $db" fails in_root_q runuser -u mallory -- cat "$db"
  check "mallory's certkioskctl cannot open the store" \
    fails in_root_q runuser -u mallory -- certkioskctl store check --config /etc/certkiosk/certkiosk.ini

  step "a reinstall (postinst again) changes nothing"
  local before after
  before=$(in_root sh -c "sha256sum $key $db; getent passwd certkiosk; id certkiosk; dpkg-statoverride --list; \
    stat -c '%n %U:%G %a' /etc/certkiosk /var/lib/certkiosk $key $db")
  check "apt-get install --reinstall" apt_install "$work/reinstall.log" --reinstall "/tmp/$name"
  after=$(in_root sh -c "sha256sum $key $db; getent passwd certkiosk; id certkiosk; dpkg-statoverride --list; \
    stat -c '%n %U:%G %a' /etc/certkiosk /var/lib/certkiosk $key $db")
  same "state after the reinstall" "$after" "$before"

  step "remove keeps the data; purge removes it"
  check "apt-get remove certkiosk" in_root_q apt-get remove -y certkiosk
  check "remove: the program is gone" fails in_root test -e /usr/bin/certkiosk
  check "remove: $db stays" in_root test -f "$db"
  check "remove: $key stays" in_root test -f "$key"
  check "remove: the user stays" in_root_q getent passwd certkiosk
  check "apt-get purge certkiosk" in_root_q apt-get purge -y certkiosk
  check "purge: /var/lib/certkiosk is gone" fails in_root test -e /var/lib/certkiosk
  check "purge: /etc/certkiosk is gone" fails in_root test -e /etc/certkiosk
  check "purge: the unit's symlink is gone" fails in_root test -L "$link"
  check "purge: no statoverride left" fails in_root_q dpkg-statoverride --list /etc/certkiosk
  check "purge: the system user stays (files elsewhere may carry its id)" in_root_q getent passwd certkiosk
}

# ---------------------------------------------------------------------------
old_rev=${CK_PKG_OLD_REV:-17f720b^}
git_dir=${CK_PKG_GIT_DIR:-$src} # where version N is read from
old_version=0.0.1~old

# Version N: the old source, built in Release (the two programs, and the test
# tool that makes jobs as the kiosk's screens would, with N's store code).
build_old() {
  local old="$work/old" rev
  rev=$(git -C "$git_dir" rev-parse --verify -q "$old_rev^{commit}" 2>/dev/null) ||
    skip "the source tree has no git history holding $old_rev (a shallow clone?)"
  step "version N: the source at $old_rev (${rev:0:10}), Release, -j2"
  if [ "$(cat "$old/src/.ck-rev" 2>/dev/null)" != "$rev" ]; then
    rm -rf "$old/src" "$old/build"
    mkdir -p "$old/src"
    git -C "$git_dir" archive "$rev" | tar -x -C "$old/src" || die "git archive $old_rev failed"
    echo "$rev" >"$old/src/.ck-rev"
  fi
  if ! { cmake -S "$old/src" -B "$old/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_EXE_LINKER_FLAGS=-Wl,--as-needed && cmake --build "$old/build" -j2 --target certkiosk certkioskctl \
    make_queued_jobs; } >"$work/old-build.log" 2>&1; then
    tail -30 "$work/old-build.log"
    die "building version N failed (log: $work/old-build.log)"
  fi

  # N has no packaging rules: N+1's package with N's programs and configuration files.
  step "version N's package: N+1's packaging around N's programs and conffiles, Version: $old_version"
  local pkg="$old/pkg"
  rm -rf "$pkg"
  dpkg-deb -R "$deb" "$pkg"
  install -m 0755 "$old/build/certkiosk" "$old/build/certkioskctl" "$pkg/usr/bin/"
  strip --strip-unneeded "$pkg/usr/bin/certkiosk" "$pkg/usr/bin/certkioskctl"
  install -m 0644 "$old/src/config/certkiosk.ini" "$old/src/config/fees.ini" "$pkg/etc/certkiosk/"
  sed -i "s/^Version: .*/Version: $old_version/" "$pkg/DEBIAN/control"
  (cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    >"$pkg/DEBIAN/md5sums"
  old_deb="$old/certkiosk_${old_version}_amd64.deb"
  dpkg-deb --root-owner-group -b "$pkg" "$old_deb" >/dev/null || die "dpkg-deb -b of version N failed"
  old_jobs_tool="$old/build/tests/make_queued_jobs"
}

# The jobs as "uuid state service total", sorted, read with the installed certkioskctl as certkiosk.
jobs_now() {
  as_kiosk certkioskctl jobs list --json | jq -r '.[] | "\(.uuid) \(.state) \(.service) \(.total_fen)"' | sort
}

test_upgrade() {
  pkg_build_current
  build_old
  local new_name old_name out rc before after fen uuid store_before sum bak n_jobs
  new_name=$(basename "$deb")
  old_name=$(basename "$old_deb")

  step "a clean Debian 12 root with version N"
  root_make "$work/root-upgrade"
  cp "$deb" "$old_deb" "$root/tmp/"
  install -m 0755 "$old_jobs_tool" "$root/usr/local/bin/make_queued_jobs"
  apt_install "$work/install-old.log" "/tmp/$old_name" || die "apt-get install ./$old_name failed"
  same "installed version" "$(in_root dpkg-query -W -f='${Version}' certkiosk)" "$old_version"

  step "jobs made with version N, as certkiosk"
  out=$(as_kiosk certkioskctl clerk add 1001 --name 王五 <<<"$pin" 2>&1)
  check "N: clerk add makes the store: $out" in_root test -f "$db"
  out=$(as_kiosk make_queued_jobs "$db" "$key" 2 2>&1)
  check "N: two revocations queued: $out" test "$(wc -l <<<"$out")" -eq 2
  check "N: a draft" in_root_q runuser -u certkiosk -- make_queued_jobs "$db" "$key" 1 --stop draft
  uuid=$(as_kiosk make_queued_jobs "$db" "$key" 1 --service new --stop awaiting_payment 2>&1)
  fen=$(as_kiosk certkioskctl quote --service new --holder unit --years 1 --seals 1 --json | jq -r .total_fen)
  out=$(as_kiosk certkioskctl pay window "$uuid" --method cash --amount "$((fen / 100)).$(printf %02d $((fen % 100)))" \
    --clerk 1001 <<<"$pin" 2>&1)
  check "N: a new certificate paid in cash at the window: $out" test $? -eq 0
  before=$(jobs_now)
  n_jobs=$(wc -l <<<"$before")
  same "N: jobs in the store" "$n_jobs" 4
  check "N: the paid job is paid ($before)" grep -q "^$uuid paid " <<<"$before"
  store_before=$(as_kiosk certkioskctl store check --json)
  same "N: schema version" "$(jq -r .schema_version <<<"$store_before")" 3
  echo "   N's jobs:"
  sed 's/^/     /' <<<"$before"
  sum=$(in_root sha256sum "$key")

  step "upgrade to N+1: apt-get install ./$new_name"
  check "apt-get install ./$new_name over N" apt_install "$work/upgrade.log" "/tmp/$new_name"
  same "installed version" "$(in_root dpkg-query -W -f='${Version}' certkiosk)" "$version"
  same "the unchanged conffile is N+1's" "$(in_root cat /etc/certkiosk/certkiosk.ini | sha256sum)" \
    "$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/certkiosk/certkiosk.ini | sha256sum)"
  after=$(jobs_now)
  same "the jobs after the upgrade (uuid state service total)" "$after" "$before"
  out=$(as_kiosk certkioskctl store check --json)
  same "N+1: schema version" "$(jq -r .schema_version <<<"$out")" "$schema"
  same "N+1: integrity" "$(jq -r .integrity_ok <<<"$out")" true
  same "N+1: receipts" "$(jq -r '"\(.receipts) \(.receipts_gapless)"' <<<"$out")" \
    "$(jq -r '"\(.receipts) \(.receipts_gapless)"' <<<"$store_before")"
  check "N+1: the audit chain verifies" in_root_q runuser -u certkiosk -- certkioskctl audit verify
  contains "$(as_kiosk certkioskctl clerk list 2>&1)" 1001
  same "the store key is untouched" "$(in_root sha256sum "$key")" "$sum"
  same "$db after the migration" "$(mode_of "$db" | cut -d' ' -f1)" "certkiosk:certkiosk"
  same "/etc/certkiosk after the upgrade" "$(mode_of /etc/certkiosk)" "root:certkiosk 750"

  # Being added to the store now: a copy of the database before a migration,
  # next to it, named <db>.v<old schema>-<time>.bak. Adjust the pattern here if
  # the store names it otherwise.
  step "CHECK backup: the store's copy of the v3 database before migrating it ($db.v3-*.bak)"
  bak=$(in_root sh -c "ls -1 $db.v3-*.bak 2>/dev/null | head -1")
  check "CHECK backup: a $db.v3-*.bak next to the database ($(in_root ls /var/lib/certkiosk | tr '\n' ' '))" \
    test -n "$bak"

  step "downgrade to N: dpkg -i ./$old_name"
  sum=$(in_root sha256sum "$db")
  check "dpkg -i ./$old_name (a downgrade)" in_root_q dpkg -i "/tmp/$old_name"
  same "installed version" "$(in_root dpkg-query -W -f='${Version}' certkiosk)" "$old_version"
  out=$(as_kiosk certkioskctl jobs list 2>&1)
  rc=$?
  check "N refuses the newer database (exit $rc)" test "$rc" -ne 0
  contains "$out" "schema version $schema"
  contains "$out" "only up to 3"
  same "the database file is unchanged by N" "$(in_root sha256sum "$db")" "$sum"
  if [ -n "$bak" ]; then # the way back documented in docs/operations.md: N opens its own backup
    in_root runuser -u certkiosk -- cp "$bak" "$db"
    same "CHECK backup: N reads the restored v3 backup, the same jobs" "$(jobs_now)" "$before"
  fi
}

# ---------------------------------------------------------------------------
# The unit under a real systemd: the installed root booted in systemd-nspawn.
# A container has no VT and no GPU, so a drop-in (below) lifts the tty
# settings and puts cage on wlroots' headless backend; everything else is the
# packaged unit: the user, the sandbox, READY=1 from the kiosk through cage,
# the watchdog, the stop.
nspawn_pid=
ct_stop() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill "$nspawn_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nspawn_pid" 2>/dev/null
  fi
  nspawn_pid=
}
ct() { nsenter -t "$ct_init" -a "$@"; }
ct_prop() { ct systemctl show certkiosk -p "$1" --value 2>/dev/null; }
# wait_for SECONDS COMMAND...: until the command succeeds.
wait_for() {
  local n=$(($1 * 10))
  shift
  while ((n-- > 0)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
is_active() { [ "$(ct_prop ActiveState)" = active ]; }
restarted_since() { [ "$(ct_prop NRestarts)" -gt "$1" ]; }

test_service() {
  command -v systemd-nspawn >/dev/null || skip "systemd-nspawn is not installed (systemd-container, scripts/packages.txt)"
  command -v nsenter >/dev/null || skip "nsenter is not installed (util-linux)"
  pkg_build_current
  local name kpid mpid restarts t
  name=$(basename "$deb")
  step "a clean Debian 12 root with the package"
  root_make "$work/root-service"
  cp "$deb" "$root/tmp/"
  apt_install "$work/install-service.log" "/tmp/$name" || die "apt-get install ./$name failed"
  check "systemctl set-default graphical.target (docs/operations.md)" in_root_q systemctl set-default graphical.target
  mkdir -p "$root/etc/systemd/system/certkiosk.service.d"
  printf '%s\n' '# tests/package: a container has no VT and no GPU' '[Unit]' 'ConditionPathExists=' '[Service]' \
    'TTYPath=' 'StandardInput=null' 'TTYReset=no' 'TTYVHangup=no' 'TTYVTDisallocate=no' 'UtmpIdentifier=' \
    'Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1' \
    >"$root/etc/systemd/system/certkiosk.service.d/container.conf"
  echo kiosk-test >"$root/etc/hostname"
  umount "$root/var/cache/apt/archives" "$root/proc"

  step "boot it (systemd-nspawn) and wait for the kiosk to be ready"
  trap 'ct_stop; roots_cleanup' EXIT
  # Its own network namespace: no traffic out, and Xwayland's abstract X11 sockets do not meet the host's.
  systemd-nspawn -q --register=no --keep-unit --private-network -D "$root" -b --console=pipe >"$work/nspawn.log" 2>&1 &
  nspawn_pid=$!
  if ! wait_for 30 pgrep -P "$nspawn_pid" >/dev/null; then
    cat "$work/nspawn.log"
    skip "systemd-nspawn cannot boot a container here"
  fi
  ct_init=$(pgrep -P "$nspawn_pid" | head -1)
  t=$SECONDS
  check "certkiosk.service active: READY=1 reached systemd through cage ($(ct_prop ActiveState)/$(ct_prop SubState))" \
    wait_for 60 is_active
  echo "   ready $((SECONDS - t)) s after the boot began; status: $(ct_prop StatusText)"
  mpid=$(ct_prop MainPID)
  kpid=$(ct pidof certkiosk)
  same "cage is the main process" "$(ct cat "/proc/$mpid/comm" 2>&1)" cage
  check "the kiosk runs" test -n "$kpid"
  check "the kiosk is in the unit's cgroup: $(ct cat "/proc/$kpid/cgroup" 2>&1 | head -1)" \
    grep -q 'certkiosk\.service' < <(ct cat "/proc/$kpid/cgroup")
  same "the kiosk's user" "$(ct stat -c %U "/proc/$kpid")" certkiosk
  check "the kiosk cannot gain privileges" grep -Eq 'NoNewPrivs:[[:space:]]+1' < <(ct cat "/proc/$kpid/status")
  check "the kiosk holds no capability" grep -Eq 'CapBnd:[[:space:]]+0+$' < <(ct cat "/proc/$kpid/status")
  check "the file system is read-only for the kiosk" \
    grep -q '^ro' < <(ct cat "/proc/$kpid/mountinfo" | awk '$5 == "/" { print $6 }' | tail -1)
  check "but not /var/lib/certkiosk" \
    grep -q '^rw' < <(ct cat "/proc/$kpid/mountinfo" | awk '$5 == "/var/lib/certkiosk" { print $6 }' | tail -1)
  check "cage's Wayland socket is in /run/certkiosk" ct test -S /run/certkiosk/wayland-0
  check "Mesa keeps its compiled shaders in /var/cache/certkiosk (a faster next start)" \
    ct sh -c 'test -n "$(find /var/cache/certkiosk -type f | head -1)"'
  check "the journal has the kiosk's ready event (CK_EVENT=kiosk.ready)" \
    test -n "$(ct journalctl -u certkiosk CK_EVENT=kiosk.ready -o cat 2>/dev/null)"

  step "the watchdog: a kiosk that stops answering is restarted"
  restarts=$(ct_prop NRestarts)
  ct sh -c "kill -STOP $kpid"
  t=$SECONDS
  check "restarted after the 30 s watchdog" wait_for 50 restarted_since "$restarts"
  check "the journal says why" grep -q "Watchdog timeout" < <(ct journalctl -u certkiosk -o cat)
  check "ready again after the restart" wait_for 30 is_active
  echo "   restarted and ready $((SECONDS - t)) s after the kiosk froze"

  step "systemctl stop: nothing of the kiosk is left running"
  t=$SECONDS
  ct systemctl stop certkiosk
  echo "   stop took $((SECONDS - t)) s"
  check "no cage or certkiosk process after the stop" fails ct pidof cage certkiosk
  check "the kiosk ended on SIGTERM itself, before TimeoutStopSec killed it" \
    grep -q "certkiosk stopping (exit 0)" < <(ct journalctl -u certkiosk -o cat)
  check "the journal has the kiosk's structured start line" \
    grep -q '"CK_EVENT":"kiosk.start"' < <(ct journalctl -u certkiosk -o json)
  ct_stop
  trap roots_cleanup EXIT
}

case "$mode" in
  install) test_install ;;
  upgrade) test_upgrade ;;
  service) test_service ;;
  *) die "unknown mode $mode (install, upgrade or service)" ;;
esac
pkg_summary
