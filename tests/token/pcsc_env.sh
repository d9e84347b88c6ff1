# pcsc_env.sh - a real pcscd with vsmartcard's vpcd reader for token tests.
# pcsc_env_start DIR: starts `pcscd --foreground` unless one runs already
# (then it is reused and left running); pcsc_env_insert VKEY CARDFILE [ARGS]
# connects a virtual key (the card is "inserted"); pcsc_env_stop ends what
# this script started.
pcsc_env_pcscd_pid=""
pcsc_env_vkey_pid=""

pcsc_env_start() {
  local dir=$1
  # Its socket, not its process name: a pcscd of another mount namespace (a container) serves no socket here.
  if [ ! -S /run/pcscd/pcscd.comm ] || ! pgrep -x pcscd >/dev/null; then
    mkdir -p /run/pcscd
    pcscd --foreground --debug --apdu >"$dir/pcscd.log" 2>&1 &
    pcsc_env_pcscd_pid=$!
  fi
  for _ in $(seq 50); do
    [ -S /run/pcscd/pcscd.comm ] && timeout 5 pcsc_scan -r 2>/dev/null | grep -q "Virtual PCD" && return 0
    sleep 0.2
  done
  echo "pcscd with the vpcd reader did not come up"; return 1
}

pcsc_env_insert() {
  local vkey=$1 card=$2; shift 2
  "$vkey" --card "$card" "$@" >"$card.log" 2>&1 &
  pcsc_env_vkey_pid=$!
  # vpcd notices a card within its ~400 ms poll; after a removal it may take ~2 s to accept a new one.
  for _ in $(seq 60); do
    timeout 5 pcsc_scan -r 2>/dev/null >/dev/null
    if grep -q inserted "$card.log" 2>/dev/null && timeout 5 opensc-tool -l 2>/dev/null | grep -q "Yes.*Virtual PCD 00 00"; then
      return 0
    fi
    kill -0 "$pcsc_env_vkey_pid" 2>/dev/null || { "$vkey" --card "$card" "$@" >"$card.log" 2>&1 & pcsc_env_vkey_pid=$!; }
    sleep 0.25
  done
  echo "the virtual key did not come up: $(cat "$card.log")"; return 1
}

pcsc_env_remove() {
  if [ -n "$pcsc_env_vkey_pid" ]; then kill "$pcsc_env_vkey_pid" 2>/dev/null; wait "$pcsc_env_vkey_pid" 2>/dev/null || true; fi
  pcsc_env_vkey_pid=""
  # vpcd notices a removal by polling: until the reader shows it empty, a new key's "present" would be the old one's.
  for _ in $(seq 40); do
    timeout 5 opensc-tool -l 2>/dev/null | grep -q "No.*Virtual PCD 00 00" && return 0
    sleep 0.1
  done
  return 0
}

pcsc_env_stop() {
  pcsc_env_remove
  if [ -n "$pcsc_env_pcscd_pid" ]; then kill "$pcsc_env_pcscd_pid" 2>/dev/null; wait "$pcsc_env_pcscd_pid" 2>/dev/null || true; fi
  pcsc_env_pcscd_pid=""
}
