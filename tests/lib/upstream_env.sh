# upstream_env.sh - the reference upstream on a free loopback port with
# throwaway certificates, and a kiosk configuration pointing at it, for the
# sync tests. Source it with $tmp set and $server the upstream_ref binary.
#   upstream_pki                 CA, server (127.0.0.1) and kiosk (KIOSK-0001) certificates, issuing CA
#   upstream_start [ARGS...]     starts it (extra ARGS: fault flags...), sets $pid and $port, writes $tmp/k.ini
#   upstream_stop                SIGTERM and wait
#   upstream_kill                SIGKILL and wait (the upstream dying mid-request)
#   upstream_call METHOD PATH [BODY]   a request as the kiosk; the answer in $reply, the status in $code
. "$(dirname "${BASH_SOURCE[0]}")/test_pki.sh"
pid=""
port=""
upstream_pki() {
  mkca ca
  mkca issuing
  mkcert server 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
  mkcert kiosk KIOSK-0001 ca
  mv "$tmp/kiosk.key" "$tmp/kiosk.key.pem" # kiosk.key is the store's key file
}
upstream_start() {
  : >"$tmp/up.out"
  # With $upstream_no_ca set it is a review-only back office: no certificates, no seals.
  local issuing=(--ca-cert "$tmp/issuing.pem" --ca-key "$tmp/issuing.key")
  [ -n "${upstream_no_ca:-}" ] && issuing=()
  "$server" --db "$tmp/up.db" --cert "$tmp/server.pem" --key "$tmp/server.key" --client-ca "$tmp/ca.pem" \
    "${issuing[@]}" "$@" >>"$tmp/up.out" 2>&1 &
  pid=$!
  # Up to 30 s: a sanitizer build on a machine busy with other tests (a package build) can take seconds.
  for _ in $(seq 600); do grep -q "listening on" "$tmp/up.out" && break; sleep 0.05; done
  port=$(awk '/listening on/{print $3}' "$tmp/up.out")
  [ -n "$port" ] || echo "upstream_start: the reference upstream did not start: $(tail -3 "$tmp/up.out")" >&2
  upstream_config
}
upstream_config() {
  cat >"$tmp/k.ini" <<INI
[kiosk]
id = KIOSK-0001
[store]
path = $tmp/kiosk.db
key_file = $tmp/kiosk.key
[seal]
maker_ca = $tmp/issuing.pem
[upstream]
url = https://127.0.0.1:${port:-1}
ca_file = $tmp/ca.pem
client_cert = $tmp/kiosk.pem
client_key = $tmp/kiosk.key.pem
timeout_s = 5
sync_interval_s = 1
INI
}
upstream_stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
upstream_kill() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
upstream_call() {
  code=$(curl -s -o "$tmp/reply" -w '%{http_code}' --cacert "$tmp/ca.pem" --cert "$tmp/kiosk.pem" \
    --key "$tmp/kiosk.key.pem" -H "X-Kiosk-Id: KIOSK-0001" -H "Content-Type: application/json" -X "$1" \
    ${3:+--data-binary "$3"} "https://127.0.0.1:$port$2")
  reply=$(cat "$tmp/reply")
}
