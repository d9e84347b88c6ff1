#!/usr/bin/env bash
# bench_cage.sh - the kiosk's first frame under the deployment's compositor
# (issue 10): `cage -d -- certkiosk` on wlroots' headless backend with the
# pixman renderer, as the packaged unit runs it but without a seat. Prints, for
# each launch, the time from starting cage to the kiosk's first frame (cage
# and Xwayland starting included) and from the kiosk's main() to its first
# frame (CK_BENCH_LOG, kiosk/ui/ui_bench.h); then the medians. Never asserted
# (docs/benchmarks.md). Like the unit (CacheDirectory=, XDG_CACHE_HOME) the
# kiosk has a cache folder, where Mesa keeps the shaders it compiled: the first
# launch is cold, the others warm; the medians are of the warm ones.
#
#   usage: bench/bench_cage.sh BUILD_DIR      (as root: cage runs as nobody; needs cage, xwayland)
#   env:   LAUNCHES=8 VIDEO=wayland (or x11: through cage's Xwayland) KEEP=1 (keep the temp dir)
set -euo pipefail
build=$(cd "${1:?usage: bench_cage.sh BUILD_DIR}" && pwd)
kiosk="$build/certkiosk"
launches=${LAUNCHES:-8} video=${VIDEO:-wayland}
[ -x "$kiosk" ] || { echo "no $kiosk" >&2; exit 1; }
command -v cage >/dev/null || { echo "cage is missing (apt-get install cage xwayland)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "run as root: cage refuses root, so it runs as nobody" >&2; exit 1; }

tmp=$(mktemp -d)
chmod 0755 "$tmp"
cleanup() {
  pkill -u nobody -x cage 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "logs kept in $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
mkdir -m 0700 "$tmp/run" "$tmp/state"
chown nobody:nogroup "$tmp/run" "$tmp/state"
cat >"$tmp/k.ini" <<INI
[store]
path = $tmp/state/kiosk.db
key_file = $tmp/state/store.key
[token]
driver = sim
sim_card = $tmp/state/key.vk
master_key_file = $tmp/state/master.key
[log]
target = stderr
INI
chmod 0644 "$tmp/k.ini"

now_us() { echo $(( $(date +%s%N) / 1000 )); }
totals=() mains=()
for i in $(seq "$launches"); do
  log="$tmp/state/bench-$i.log"
  t0=$(now_us)
  setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$tmp/run" XDG_CACHE_HOME="$tmp/state/cache" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 SDL_VIDEODRIVER="$video" ${SDL_RENDER_DRIVER:+SDL_RENDER_DRIVER=$SDL_RENDER_DRIVER} \
    CK_BENCH_LOG="$log" cage -d -- "$kiosk" --config "$tmp/k.ini" >"$tmp/cage-$i.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do grep -q '^first_frame_epoch_us' "$log" 2>/dev/null && break; sleep 0.05; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  epoch=$(awk '$1 == "first_frame_epoch_us" { print $2 }' "$log" 2>/dev/null)
  main=$(awk '$1 == "first_frame_us" { print $2 }' "$log" 2>/dev/null)
  [ -n "$epoch" ] || { echo "launch $i: no first frame; cage said:" >&2; tail -5 "$tmp/cage-$i.log" >&2; exit 1; }
  totals+=($(( epoch - t0 ))) mains+=("$main")
  printf 'launch %d: cage start -> first frame %.1f ms; main() -> first frame %.1f ms\n' "$i" \
    "$(awk -v u=$(( epoch - t0 )) 'BEGIN { print u / 1000 }')" "$(awk -v u="$main" 'BEGIN { print u / 1000 }')"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }
echo "median of launches 2-$launches (warm cache): cage start -> first frame $(median "${totals[@]:1}") ms; main() -> first frame $(median "${mains[@]:1}") ms"
