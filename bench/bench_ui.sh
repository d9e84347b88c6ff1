#!/usr/bin/env bash
# bench_ui.sh - the touch screen's speed and weight (issue 8), beside Debian's
# Chromium showing the same service menu as a static page (bench/ui_menu.html).
#
#   usage: bench/bench_ui.sh BUILD_DIR        (as root or not; needs Xvfb, chromium)
#   env:   REDRAWS=200 LAUNCHES=5 CHROME_LAUNCHES=3 IDLE_S=10 KEEP=1 (keep the temp dir)
#
# Everything runs under one Xvfb at 1920x1080x24 with SDL's software renderer.
# certkiosk measures itself when CK_BENCH_LOG is set (kiosk/ui/ui_bench.h): per
# frame build/draw/present, the first frame, each tap to its frame. This script
# adds what only the outside can see: launch to first frame including exec and
# the dynamic loader, CPU ticks and memory from /proc. Numbers are printed, never
# asserted (docs/benchmarks.md, "UI (issue 8)").
set -euo pipefail
build=$(cd "${1:?usage: bench_ui.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kiosk="$build/certkiosk"
chromium=${CHROMIUM:-/usr/bin/chromium}
redraws=${REDRAWS:-200} launches=${LAUNCHES:-5} chrome_launches=${CHROME_LAUNCHES:-3} idle_s=${IDLE_S:-10}
hz=$(getconf CLK_TCK)
[ -x "$kiosk" ] || { echo "no $kiosk (make -C $build certkiosk)" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }
[ -x "$chromium" ] || { echo "$chromium is missing (apt-get install chromium)" >&2; exit 1; }

tmp=$(mktemp -d)
xvfb_pid='' kiosk_pid='' chrome_pid=''
cleanup() {
  # set -e still holds here: every step must succeed or be allowed to fail
  if [ -n "$kiosk_pid" ]; then kill -KILL "$kiosk_pid" 2>/dev/null || true; fi
  if [ -n "$chrome_pid" ]; then chrome_stop; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "logs kept in $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# --- helpers ---------------------------------------------------------------------------
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
# Numbers (µs) on stdin -> "median p99 max n" in ms; nearest-rank percentiles.
stats() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - - 0"; exit }
    i = int(NR * 0.99); if (i < NR * 0.99) i++
    printf "%.1f %.1f %.1f %d\n", v[int((NR + 1) / 2)] / 1000, v[i] / 1000, v[NR] / 1000, NR }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
# Per pid: "pid ticks switches": utime + stime (the name may hold spaces: read after the last ')'),
# and context switches of all its threads (how often it wakes, finer than 10 ms ticks).
ticks() {
  local p l
  for p in "$@"; do
    l=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    l=${l##*) }
    set -- $l
    echo "$p $((${12} + ${13})) $(cat /proc/"$p"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }')"
  done
}
# "CPU% ticks wakeups/s" of the pids over SECONDS (pids that appear meanwhile count from zero).
cpu_pct() { # cpu_pct SECONDS LISTER: LISTER prints the pids each time it is called
  local s=$1 lister=$2 a b
  a=$(ticks $($lister)); sleep "$s"; b=$(ticks $($lister))
  awk -v hz="$hz" -v s="$s" 'FILENAME == ARGV[1] { a[$1] = $2; w[$1] = $3; next } { d += $2 - a[$1]; x += $3 - w[$1] }
    END { printf "%.2f %d %.1f\n", 100 * d / hz / s, d, x / s }' <(echo "$a") <(echo "$b")
}
pss_kb() { local p; for p in "$@"; do awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true; done | awk '{ s += $1 } END { print s + 0 }'; }
rss_kb() { local p; for p in "$@"; do awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true; done | awk '{ s += $1 } END { print s + 0 }'; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
wait_file() { # wait_file FILE PID SECONDS: until FILE exists; fails if PID died or time ran out
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    [ -e "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# --- the screen ------------------------------------------------------------------------------
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
[ -s "$tmp/display" ] || { echo "Xvfb did not start" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(cat "$tmp/display")"
export DBUS_SESSION_BUS_ADDRESS=disabled: DBUS_SYSTEM_BUS_ADDRESS=disabled:
export SDL_RENDER_DRIVER=software
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# As tests/ui/run_ui_tests.sh: a store of its own, no upstream (menu.new says "not available"), no reader.
# Run from the temp dir: the kiosk puts librime's user folder in its working directory today (the
# state-dir computation in certkiosk_main.c comes out empty), and it must not land in the source tree.
cd "$tmp"
mkdir -p "$tmp/state" "$tmp/shots"
cat >"$tmp/certkiosk.ini" <<EOF
[store]
path = $tmp/state/certkiosk.db
key_file = $tmp/state/certkiosk.key
[token]
reader = no reader here
EOF

# Each screen drawn REDRAWS times (full rebuild and draw, as after any change), taps between them.
{
  rep() { for ((i = 0; i < redraws; i++)); do echo redraw; done; }
  echo "expect-screen attract"; rep
  echo "tap attract.start"; echo "expect-screen menu"; rep
  for s in fees faq check; do echo "tap menu.$s"; echo "expect-screen $s"; rep; echo "tap nav.back"; done
  echo "tap menu.new"; echo "expect-screen notyet"; rep; echo "tap nav.back"
  # More taps for touch-to-frame: screens already seen (warm text cache), as a customer browsing.
  for ((i = 0; i < 30; i++)); do printf 'tap menu.fees\ntap nav.back\ntap menu.faq\ntap nav.back\n'; done
  echo "screenshot end" # the signal for this script to read memory while the kiosk waits
  echo "wait 3000"
} >"$tmp/frames.txt"
echo "expect-screen attract" >"$tmp/first.txt"

# Three ways to run the same binary: x11 as shipped (SDL backs the software renderer's window surface
# with an OpenGL texture, so Mesa's llvmpipe is loaded); x11 with SDL_FRAMEBUFFER_ACCELERATION=0 (SDL
# puts the surface to X with XShm, no Mesa: an environment variable, not shipped); the dummy driver.
variants=(x11 x11-noGL dummy)
declare -A venv=([x11]="SDL_VIDEODRIVER=x11" [x11-noGL]="SDL_VIDEODRIVER=x11 SDL_FRAMEBUFFER_ACCELERATION=0"
  [dummy]="SDL_VIDEODRIVER=dummy")
declare -A vargs=([x11]="" [x11-noGL]="" [dummy]="--windowed 1920x1080") # dummy's display is not 1920x1080
declare -A cold_runs cold_med main_med hwm pss

# cold_starts V: LAUNCHES starts to the first presented frame, timed from before the fork.
cold_starts() {
  local v=$1 n t0 runs='' mains=''
  for ((n = 0; n <= launches; n++)); do # start 0 warms the page cache and is not counted
    rm -f "$tmp/first.log"
    t0=${EPOCHREALTIME/./} # µs, in this shell: no fork before the one that starts the kiosk
    env ${venv[$v]} CK_BENCH_LOG="$tmp/first.log" "$kiosk" --config "$tmp/certkiosk.ini" ${vargs[$v]} \
      --script "$tmp/first.txt" >"$tmp/first.out" 2>&1 || { cat "$tmp/first.out" >&2; exit 1; }
    [ "$n" -eq 0 ] && continue
    runs+="$(($(awk '$1 == "first_frame_epoch_us" { print $2 }' "$tmp/first.log") - t0)) "
    mains+="$(awk '$1 == "first_frame_us" { print $2 }' "$tmp/first.log") "
  done
  cold_runs[$v]=$runs
  cold_med[$v]=$(printf '%s\n' $runs | median)
  main_med[$v]=$(printf '%s\n' $mains | median)
}

# run_frames V: the frames script; reads VmHWM and PSS during its final wait.
run_frames() {
  local v=$1
  rm -f "$tmp/shots/end.png"
  env ${venv[$v]} CK_BENCH_LOG="$tmp/$v.log" "$kiosk" --config "$tmp/certkiosk.ini" ${vargs[$v]} \
    --script "$tmp/frames.txt" --screenshot-dir "$tmp/shots" >"$tmp/$v.out" 2>&1 &
  kiosk_pid=$!
  wait_file "$tmp/shots/end.png" "$kiosk_pid" 600 || { echo "certkiosk failed ($v):" >&2; cat "$tmp/$v.out" >&2; exit 1; }
  sleep 0.5 # the PNG is written; the kiosk sleeps in its final `wait`
  hwm[$v]=$(hwm_kb "$kiosk_pid") pss[$v]=$(pss_kb "$kiosk_pid")
  wait "$kiosk_pid" || { echo "certkiosk failed ($v):" >&2; cat "$tmp/$v.out" >&2; exit 1; }
  kiosk_pid=''
}

# --- certkiosk -----------------------------------------------------------------------------------
for v in "${variants[@]}"; do
  echo "[$SECONDS s] certkiosk $v: cold starts, then every screen..." >&2
  cold_starts "$v"
  run_frames "$v"
done
renderer=$(awk '$1 == "renderer" { print $2; exit }' "$tmp/x11.log")
echo "[$SECONDS s] certkiosk: idle ${idle_s} s (x11 as shipped, no script, no bench log)..." >&2
"$kiosk" --config "$tmp/certkiosk.ini" >"$tmp/idle.out" 2>&1 &
kiosk_pid=$!
sleep 2
kiosk_list() { echo "$kiosk_pid"; }
read -r k_cpu k_ticks k_wake < <(cpu_pct "$idle_s" kiosk_list)
k_idle_pss=$(pss_kb "$kiosk_pid") k_idle_hwm=$(hwm_kb "$kiosk_pid")
kill -KILL "$kiosk_pid" # without --supervisor the kiosk ignores SIGTERM's SDL_QUIT, as it should
wait "$kiosk_pid" 2>/dev/null || true
kiosk_pid=''

# --- Chromium ------------------------------------------------------------------------------------
cdir="$tmp/chromium"
mkdir -p "$cdir/home"
# The browser, its descendants, and what names our directory (crashpad's handlers daemonise).
chrome_pids() {
  [ -n "$chrome_pid" ] || return 0
  ps -e -o pid=,ppid=,args= | root="$chrome_pid" dir="$cdir/" awk '
    { pid[NR] = $1; par[NR] = $2; mine[$1] = ($1 == ENVIRON["root"]) || index($0, ENVIRON["dir"]) > 0 }
    END { do { c = 0; for (i = 1; i <= NR; i++) if (!mine[pid[i]] && mine[par[i]]) { mine[pid[i]] = 1; c = 1 } } while (c)
          for (p in mine) if (mine[p]) print p }'
}
chrome_stop() {
  local pids i
  pids=$(chrome_pids)
  kill -TERM "$chrome_pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    local alive=0 p
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.05
  done
  for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
  wait "$chrome_pid" 2>/dev/null || true
  chrome_pid=
}
# Flags: root needs --no-sandbox; kiosk mode at the screen's size (no window manager); no first-run UI,
# no background network or component updates (the page is local); console.log to stderr for the marker.
chrome_start() {
  HOME="$cdir/home" "$chromium" --no-sandbox --user-data-dir="$cdir/profile" --no-first-run \
    --no-default-browser-check --password-store=basic --disable-background-networking --disable-component-update \
    --kiosk --window-position=0,0 --window-size=1920,1080 --enable-logging=stderr --v=0 \
    "file://$root/bench/ui_menu.html" >"$cdir/log" 2>&1 &
  chrome_pid=$!
}
chrome_wait_paint() { # prints the FCP and second-rAF wall-clock times in µs
  local i
  for ((i = 0; i < 600; i++)); do
    grep -aq CK_FCP_EPOCH_MS "$cdir/log" && grep -aq CK_RAF2_EPOCH_MS "$cdir/log" && break
    sleep 0.05
  done
  grep -ao 'CK_[A-Z0-9_]*_EPOCH_MS [0-9.]*' "$cdir/log" | awk '{ us[$1] = $2 * 1000 }
    END { if (!("CK_FCP_EPOCH_MS" in us)) exit 1; printf "%.0f %.0f\n", us["CK_FCP_EPOCH_MS"], us["CK_RAF2_EPOCH_MS"] }'
}
echo "[$SECONDS s] chromium: launches to first paint..." >&2
c_fcp=() c_raf=()
for ((n = 0; n <= chrome_launches; n++)); do # launch 0 makes the profile and warms the cache: not counted
  t0=${EPOCHREALTIME/./}
  chrome_start
  read -r fcp raf < <(chrome_wait_paint) || { echo "chromium did not paint" >&2; tail -20 "$cdir/log" >&2; exit 1; }
  if [ "$n" -gt 0 ]; then c_fcp+=($((fcp - t0))); c_raf+=($((raf - t0))); fi
  if [ "$n" -lt "$chrome_launches" ]; then chrome_stop; fi
done
echo "[$SECONDS s] chromium: idle ${idle_s} s..." >&2
sleep 2
read -r c_cpu c_ticks c_wake < <(cpu_pct "$idle_s" chrome_pids)
c_pids=$(chrome_pids)
c_n=$(echo $c_pids | wc -w) c_pss=$(pss_kb $c_pids) c_rss=$(rss_kb $c_pids)
chrome_stop

# --- results -----------------------------------------------------------------------------------------
c_fcp_med=$(printf '%s\n' "${c_fcp[@]}" | median) c_raf_med=$(printf '%s\n' "${c_raf[@]}" | median)
fms() { local v out=''; for v in "$@"; do out+="$(ms "$v") "; done; echo "${out% }"; }
frames_of() { awk -v s="$2" -v f="$3" '$1 == "frame" && (s == "" || $3 == s) { print $f }' "$tmp/$1.log"; }
taps_of() { awk '$1 == "tap_to_frame_us" { print $2 }' "$tmp/$1.log" | stats; }

echo
echo "## certkiosk UI benchmark: $(date -u +%Y-%m-%dT%H:%MZ), Xvfb 1920x1080x24, SDL renderer '$renderer', load before: $load0"
echo
echo "| | certkiosk x11 (as shipped) | certkiosk x11-noGL | certkiosk dummy | Chromium | Chromium ÷ kiosk x11 (÷ x11-noGL) | target |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| launch → first frame (kiosk) / first contentful paint (Chromium), median ms | $(ms "${cold_med[x11]}") | $(ms "${cold_med[x11-noGL]}") | $(ms "${cold_med[dummy]}") | $(ms "$c_fcp_med") | $(ratio "$c_fcp_med" "${cold_med[x11]}") ($(ratio "$c_fcp_med" "${cold_med[x11-noGL]}")) | ≤ 150 ms; ≥ 5x |"
echo "| … each start, ms | $(fms ${cold_runs[x11]}) | $(fms ${cold_runs[x11-noGL]}) | $(fms ${cold_runs[dummy]}) | $(fms "${c_fcp[@]}") | | |"
echo "| main() → first present (kiosk) / launch → 2nd rAF (Chromium), median ms | $(ms "${main_med[x11]}") | $(ms "${main_med[x11-noGL]}") | $(ms "${main_med[dummy]}") | $(ms "$c_raf_med") | | |"
echo "| tap → next presented frame, median / p99 / max ms (taps) | $(taps_of x11 | awk '{ print $1 " / " $2 " / " $3 " (" $4 ")" }') | $(taps_of x11-noGL | awk '{ print $1 " / " $2 " / " $3 " (" $4 ")" }') | $(taps_of dummy | awk '{ print $1 " / " $2 " / " $3 " (" $4 ")" }') | | | ≤ 16 ms |"
echo "| frame total over all screens, median / p99 ms | $(frames_of x11 "" 7 | stats | awk '{ print $1 " / " $2 }') | $(frames_of x11-noGL "" 7 | stats | awk '{ print $1 " / " $2 }') | $(frames_of dummy "" 7 | stats | awk '{ print $1 " / " $2 }') | | | p99 ≤ 16 ms |"
echo "| idle CPU over ${idle_s} s, % of a core (ticks; context switches per s) | $k_cpu ($k_ticks; $k_wake/s) | | | $c_cpu ($c_ticks; $c_wake/s; $c_n processes) | | < 1 % |"
echo "| peak RSS (VmHWM) after every screen, MiB; Chromium: PSS summed, idle | $(mib "${hwm[x11]}") | $(mib "${hwm[x11-noGL]}") | $(mib "${hwm[dummy]}") | $(mib "$c_pss") | $(ratio "$c_pss" "${hwm[x11]}") ($(ratio "$c_pss" "${hwm[x11-noGL]}")) | ≥ 3x less |"
echo "| PSS after every screen, MiB; Chromium: RSS summed | $(mib "${pss[x11]}") | $(mib "${pss[x11-noGL]}") | $(mib "${pss[dummy]}") | ($(mib "$c_rss")) | $(ratio "$c_pss" "${pss[x11]}") ($(ratio "$c_pss" "${pss[x11-noGL]}")) | |"
echo "| idle on its first screen: PSS (VmHWM), MiB | $(mib "$k_idle_pss") ($(mib "$k_idle_hwm")) | | | $(mib "$c_pss") | $(ratio "$c_pss" "$k_idle_pss") | |"
echo
echo "Frames per screen ($redraws redraws each, plus the frames after taps), ms; build/draw/present are medians:"
echo
echo "| screen | frames | x11 median / p99 / max | x11 build (µs) / draw / present | x11-noGL median / p99 | x11-noGL draw / present | dummy median / p99 |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for s in attract menu fees faq check notyet; do
  med() { frames_of "$1" "$s" "$2" | stats | cut -d' ' -f1; }
  label=$s
  [ "$s" = notyet ] && label="notyet (menu.new)"
  echo "| $label | $(frames_of x11 "$s" 7 | wc -l) | $(frames_of x11 "$s" 7 | stats | awk '{ print $1 " / " $2 " / " $3 }') |" \
    "$(frames_of x11 "$s" 4 | median) / $(med x11 5) / $(med x11 6) | $(frames_of x11-noGL "$s" 7 | stats | awk '{ print $1 " / " $2 }') |" \
    "$(med x11-noGL 5) / $(med x11-noGL 6) | $(frames_of dummy "$s" 7 | stats | awk '{ print $1 " / " $2 }') |"
done
exit 0
