# report_seed.sh - a day of window payments for the end-of-day report's tests
# (cli_report, cli_report_print). Source it after cli_asserts.sh, with $ctl
# (certkioskctl), $make_jobs (make_queued_jobs), $tmp, and cfg=(--config
# FILE) whose [store] is $tmp/k.db with the key file $tmp/k.key.
#   seed_clerk                  clerk c001 (PIN $seed_pin), who takes the payments
#   seed_quote SERVICE          the total in fen of a unit's 1-year, 1-seal quote
#   seed_pay JOB METHOD FEN [ARGS...]   paid at the window as c001; output in $tmp/out, $tmp/err
#   seed_day                    five jobs (new, new, replace, seal-renew, new) paid in cash and by POS in
#                               turn, made and paid now; sets want_total, want_cash, want_pos (fen),
#                               want_n_cash, want_n_pos (payments) and want_jobs[SERVICE] (jobs made)
#   seed_plant_mismatch         the first payment made 1 yuan less behind the kiosk's back (sqlcipher shell)
seed_pin=864213
declare -A want_jobs=()
seed_clerk() { "$ctl" clerk add c001 --name 王芳 "${cfg[@]}" <<<"$seed_pin" >/dev/null || ko "clerk add"; }
seed_quote() { "$ctl" quote --service "$1" --holder unit --years 1 --seals 1 --json | jq -r .total_fen; }
seed_pay() {
  local job=$1 method=$2 fen=$3; shift 3
  "$ctl" pay window "$job" --method "$method" --amount "$(printf '%d.%02d' $((fen / 100)) $((fen % 100)))" \
    --clerk c001 "${cfg[@]}" "$@" <<<"$seed_pin" >"$tmp/out" 2>"$tmp/err"
}
seed_day() {
  local svc job fen method n=0
  want_total=0; want_cash=0; want_pos=0; want_n_cash=0; want_n_pos=0
  for svc in new new replace seal-renew new; do
    job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service "$svc" --stop awaiting_payment)
    fen=$(seed_quote "$svc")
    method=$([ $((n % 2)) = 0 ] && echo cash || echo pos)
    if seed_pay "$job" "$method" "$fen"; then ok; else ko "pay window $svc: $(cat "$tmp/err")"; fi
    want_total=$((want_total + fen))
    if [ "$method" = cash ]; then
      want_cash=$((want_cash + fen)); want_n_cash=$((want_n_cash + 1))
    else
      want_pos=$((want_pos + fen)); want_n_pos=$((want_n_pos + 1))
    fi
    want_jobs[$svc]=$((${want_jobs[$svc]:-0} + 1))
    n=$((n + 1))
  done
}
seed_plant_mismatch() {
  local key; key=$(cat "$tmp/k.key")
  sqlcipher "$tmp/k.db" >/dev/null <<SQL || ko "the sqlcipher shell could not edit the database"
PRAGMA key = "x'$key'";
PRAGMA cipher_page_size = 4096;
UPDATE payments SET amount_fen = amount_fen - 100 WHERE id = (SELECT min(id) FROM payments);
SQL
}
