#!/usr/bin/env bash
# test_sync_issue.sh - certificates and revocation through the reference
# upstream over mutual TLS: an approved job's CSR (made with the job's key
# pair) is handed in and the certificate kept, with the validity the seed's
# rules give; a certificate issued upstream arrives with the status changes
# instead; a revocation job ends done once the upstream revoked the holder's
# certificate, which its CRL then lists.
#   usage: test_sync_issue.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"
upstream_start
mkdir "$tmp/keys"
decide() { upstream_call POST /v1/test/decide "{\"job\":\"$1\",\"to\":\"$2\"}"; [ "$code" = 200 ] && ok || ko "decide $2: $code $reply"; }

# A new certificate: queued with its CSR, pushed, approved; the kiosk hands in the CSR and keeps the certificate.
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 2 --service new --key-dir "$tmp/keys" >"$tmp/uuids" || ko "make_queued_jobs"
a=$(sed -n 1p "$tmp/uuids"); b=$(sed -n 2p "$tmp/uuids")
expect_exit 0 sync --once --json "${cfg[@]}"
expect_exit 0 jobs list --state submitted --json "${cfg[@]}"
expect_jq length 2
decide "$a" approved
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .applied 1
expect_jq .certificates_asked 1
expect_jq .certificates_issued 1
expect_exit 0 jobs show "$a" --json "${cfg[@]}"
expect_jq .state issued
serial_a=$(jq -r .cert_serial <<<"$out")
[ -n "$serial_a" ] && ok || ko "no serial on the job"
# One year from today (UTC+8), to the end of that day: 15:59:59 UTC.
today=$(date -u -d "@$(( $(date +%s) + 8 * 3600 ))" +%F)
want=$(date -u -d "$(date -u -d "$today +1 year" +%F) 15:59:59" +%s)
expect_jq .cert_not_after "$want"
# The same certificate also comes with the changes: applied once, no complaint.
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .pulled 1
expect_jq .ignored 0
expect_jq .certificates_asked 0

# Issued upstream before the kiosk asked (the kiosk was offline): it arrives with the changes.
decide "$b" approved
decide "$b" issued
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .pulled 2
expect_jq .applied 2
expect_jq .certificates_asked 0
expect_exit 0 jobs show "$b" --json "${cfg[@]}"
expect_jq .state issued

# Revocation (吊销) for the same organisation: approved upstream, which revokes its current certificate.
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service revoke >"$tmp/uuid_r"
r=$(cat "$tmp/uuid_r")
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .accepted 1
decide "$r" approved
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .ignored 0
expect_exit 0 jobs show "$r" --json "${cfg[@]}"
expect_jq .state done
# The CRL (no client certificate needed) is signed by the issuing CA and lists a revoked serial of this holder.
curl -s --cacert "$tmp/ca.pem" -o "$tmp/crl.der" "https://127.0.0.1:$port/v1/crl" && ok || ko "fetching the CRL"
crl=$(openssl crl -inform DER -in "$tmp/crl.der" -CAfile "$tmp/issuing.pem" -noout -text 2>&1)
contains "$crl" "verify OK"
serial_b=$(jq -r .cert_serial <<<"$("$ctl" jobs show "$b" --json "${cfg[@]}")")
if [[ $crl == *"$serial_b"* || $crl == *"$serial_a"* ]]; then ok; else ko "neither $serial_a nor $serial_b in the CRL"; fi
expect_exit 0 audit verify --json "${cfg[@]}"

cli_summary
