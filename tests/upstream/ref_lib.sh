# ref_lib.sh - shared by the reference upstream's shell tests: the throwaway
# PKI (a kiosk/server CA, the server's and kiosk KIOSK-0001's certificates,
# and the issuing CA that signs customers' certificates), starting and
# stopping the server, and calling it with curl. Source it with $server set
# to the upstream_ref binary; it sets $tmp, the assertion counters of
# cli_asserts.sh and an EXIT trap.
set -uo pipefail
for tool in curl openssl jq; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
pid=""
trap 'ref_stop quiet; rm -rf "$tmp"' EXIT
here=$(dirname "${BASH_SOURCE[0]}")
. "$here/../lib/cli_asserts.sh"
. "$here/../lib/test_pki.sh"

mkca ca
mkcert server 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
mkcert kiosk KIOSK-0001 ca
mkca issuing

# ref_start [OPTIONS...]: the upstream on $tmp/$db.db (default up.db) with the server certificate $srv (default "server");
# sets $pid, $port and $url.
ref_start() {
  local cert=${srv:-server}
  "$server" --db "$tmp/${db:-up}.db" --cert "$tmp/$cert.pem" --key "$tmp/$cert.key" --client-ca "$tmp/ca.pem" "$@" \
    >"$tmp/up.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/up.out" && break; sleep 0.05; done
  port=$(awk '/listening on/{print $3}' "$tmp/up.out")
  url="https://127.0.0.1:$port"
  [ -n "$port" ] || { ko "the server did not start: $(cat "$tmp/up.out")"; cli_summary; exit 1; }
}
# ref_stop [quiet]: SIGTERM, and the exit status must be 0 (under the sanitizers: no leak, no error).
ref_stop() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; local rc=$?; pid=""
  [ "${1:-}" = quiet ] && return 0
  if [ "$rc" -eq 0 ]; then ok; else ko "the server exited $rc: $(tail -20 "$tmp/up.out")"; fi
}

# call METHOD PATH [BODY [CURL OPTIONS...]]: as kiosk $as (default "kiosk", id $kiosk_id or KIOSK-0001).
# The HTTP status is in $code, the body in $out (for expect_jq), curl's exit status in $curl_rc.
call() {
  local method=$1 path=$2 data=${3:-}; shift 2; [ $# -gt 0 ] && shift
  local args=(-s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' --cacert "$tmp/ca.pem" -X "$method"
              -H "X-Kiosk-Id: ${kiosk_id:-KIOSK-0001}")
  [ "${as:-kiosk}" != none ] && args+=(--cert "$tmp/${as:-kiosk}.pem" --key "$tmp/${as:-kiosk}.key")
  [ "$method" = POST ] && args+=(-H "Content-Type: application/json" --data-binary "$data")
  rm -f "$tmp/body" "$tmp/headers"
  code=$(curl "${args[@]}" "$@" "$url$path"); curl_rc=$?
  out=$([ -f "$tmp/body" ] && tr -d '\0' <"$tmp/body")
}
# expect_code CODE WHAT: the last call answered HTTP CODE.
expect_code() {
  if [ "$code" = "$1" ]; then ok; else ko "$2: HTTP $code, wanted $1; body: ${out:0:300}"; fi
}
# eq GOT WANT WHAT
eq() { if [ "$1" = "$2" ]; then ok; else ko "$3: got '$1', wanted '$2'"; fi; }

# job_item UUID SERVICE [FIELDS-JSON]: a job.submit item; FIELDS are merged into the job.
job_item() {
  local fields=${3:-}
  [ -n "$fields" ] || fields='{}'
  jq -cn --arg u "$1" --arg s "$2" --argjson f "$fields" \
    '{idem_key: $u, kind: "job.submit", job: ({uuid: $u, service: $s, holder: "unit", role: "supplier",
      years: 1, seals: 1, total_fen: 40000} + $f)}'
}
# push UUID SERVICE [FIELDS-JSON]: pushes one job; it must be accepted.
push() {
  call POST /v1/jobs "{\"items\":[$(job_item "$@")]}"
  eq "$(jq -r '.results[0].status' <<<"$out")" accepted "push $1 ($2): ${out:0:200}"
}
# decide UUID TO: the test reviewer's decision; the answer is in $code/$out.
decide() { call POST /v1/test/decide "{\"job\":\"$1\",\"to\":\"$2\"}"; }
