# vprinter_env.sh - the virtual ESC/POS printer (tests/printer, vprinter) on a
# free loopback port for the printing tests. Source it with $tmp set and
# $vprinter the binary; kill "$vp" in the test's EXIT trap.
#   printer_start [vprinter options]   starts it writing to $tmp/printed; sets $vp and $port
#   printer_stop                       stops it and waits
vp=""
port=""
printer_start() {
  mkdir -p "$tmp/printed"
  "$vprinter" --out "$tmp/printed" "$@" >"$tmp/vp.out" 2>&1 &
  vp=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
  port=$(awk '/listening on/{print $3}' "$tmp/vp.out")
}
printer_stop() { [ -n "$vp" ] && kill "$vp" 2>/dev/null && wait "$vp" 2>/dev/null; vp=""; }
