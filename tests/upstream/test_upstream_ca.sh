#!/usr/bin/env bash
# test_upstream_ca.sh - the reference upstream as an issuing CA, over real
# mutual TLS on loopback: a CSR for an approved job is signed with the
# subject built from the job and the validity of the core's rules (checked
# with openssl), idempotently; the refusals (not approved, another CN, another
# CSR, a bad CSR, a service that issues nothing, no current certificate);
# change and renewal from the holder's current certificate; SM2 CSRs;
# revocation by request and by an approved revoke job, the changes feed and
# the CRL (verified and read by openssl).
#   usage: test_upstream_ca.sh UPSTREAM_REF
server=${1:?}
. "$(dirname "${BASH_SOURCE[0]}")/ref_lib.sh"

org="四川某某科技有限公司"; uscc=91510100MA61R7XK3Y
unit="{\"org_name\":\"$org\",\"uscc\":\"$uscc\",\"applicant\":{\"name\":\"李四\",\"id_number\":\"510104199001011234\"}}"
# mkreq NAME CN [KEY-OPTIONS...]: a CSR in $tmp/NAME.csr (a new P-256 key unless options say otherwise).
mkreq() {
  local name=$1 cn=$2; shift 2
  [ $# -gt 0 ] || set -- -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$name.key"
  openssl req -new "$@" -utf8 -subj "/CN=$cn" -out "$tmp/$name.csr" 2>/dev/null || ko "openssl req for $name"
}
csr_body() { jq -cn --rawfile c "$tmp/$1.csr" '{csr: $c}'; }
# save_cert NAME: the certificate of the last answer to $tmp/NAME.der.
save_cert() { jq -r .certificate <<<"$out" | base64 -d >"$tmp/$1.der"; }
not_after_of() { date -u -d "$(openssl x509 -inform DER -in "$tmp/$1.der" -noout -enddate | cut -d= -f2)" +%s; }
# The end of the local (UTC+8) day, YEARS years after the local date of epoch seconds T.
end_of_day_after() { date -u -d "$(TZ=UTC-8 date -d "@$1" +%F) $2 year 15:59:59" +%s; }
feed() { call GET "/v1/changes?since=0&limit=500"; }

# No issuing CA configured: the certificate endpoints say so.
ref_start
push 10000000-0000-4000-8000-00000000000a new "$unit"
mkreq c1 "$org"
call POST /v1/jobs/10000000-0000-4000-8000-00000000000a/csr "$(csr_body c1)"
expect_code 501 "csr without a CA"
expect_jq .error.code not_configured
call GET /v1/crl; expect_code 501 "CRL without a CA"
ref_stop

ref_start --ca-cert "$tmp/issuing.pem" --ca-key "$tmp/issuing.key"
j1=10000000-0000-4000-8000-000000000001
push "$j1" new "$unit"
call POST "/v1/jobs/$j1/csr" "$(csr_body c1)"; expect_code 409 "CSR before approval"
expect_jq .error.code not_approved
decide "$j1" approved; expect_code 200 "approve"
call POST /v1/jobs/10000000-0000-4000-8000-0000000000ff/csr "$(csr_body c1)"; expect_code 404 "an unknown job"
call POST "/v1/jobs/$j1/csr" '{"csr": 5}'; expect_code 400 "csr of the wrong type"
call POST "/v1/jobs/$j1/csr" '{"csr": "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"}'
expect_code 422 "a malformed CSR"; expect_jq .error.code bad_csr
call POST "/v1/jobs/$j1/csr" "$(jq -cn --arg c "$(head -c 9000 /dev/zero | tr '\0' A)" '{csr: $c}')"
expect_code 422 "a CSR over 8 KiB"; expect_jq .error.code bad_csr
mkreq other "别的公司"
call POST "/v1/jobs/$j1/csr" "$(csr_body other)"; expect_code 422 "a CSR for another name"
expect_jq .error.code csr_subject_mismatch

# Signed: verified by the CA, the subject from the job, the term of the core's rule, the extensions.
before=$(date +%s)
call POST "/v1/jobs/$j1/csr" "$(csr_body c1)"; expect_code 200 "csr"
save_cert c1; s1=$(jq -r .serial <<<"$out"); na1=$(jq -r .not_after <<<"$out")
jq -r '.chain[0]' <<<"$out" | base64 -d | cmp -s - <(openssl x509 -in "$tmp/issuing.pem" -outform DER) && ok || ko "chain[0] is not the issuing CA"
openssl x509 -inform DER -in "$tmp/c1.der" -out "$tmp/c1.pem"
contains "$(openssl verify -CAfile "$tmp/issuing.pem" "$tmp/c1.pem" 2>&1)" ": OK"
eq "$na1" "$(end_of_day_after "$before" 1)" "1 year: the anniversary, 23:59:59 at UTC+8"
eq "$(not_after_of c1)" "$na1" "the certificate's notAfter"
text=$(openssl x509 -in "$tmp/c1.pem" -noout -text -nameopt RFC2253,-esc_msb)
subject=$(openssl x509 -in "$tmp/c1.pem" -noout -subject -nameopt RFC2253,-esc_msb)
contains "$subject" "CN=$org"; contains "$subject" "O=$org"; contains "$subject" "serialNumber=$uscc"
contains "$(openssl asn1parse -inform DER -in "$tmp/c1.der" | grep -A1 ':serialNumber')" UTF8STRING
eq "$(openssl x509 -in "$tmp/c1.pem" -noout -serial | cut -d= -f2)" "$s1" "the serial"
eq "${#s1}" 32 "a 16-byte serial"
contains "$text" "CA:FALSE"; contains "$text" "Digital Signature, Non Repudiation"
contains "$text" "X509v3 Subject Key Identifier"; contains "$text" "X509v3 Authority Key Identifier"
contains "$text" "URI:$url/v1/crl"
contains "$text" "Signature Algorithm: ecdsa-with-SHA256"
[ "$(openssl x509 -in "$tmp/c1.pem" -noout -pubkey)" = "$(openssl pkey -in "$tmp/c1.key" -pubout)" ] && ok || ko "the key is not the CSR's"

# The feed: approved, then issued with the same data; a replay answers the same and adds nothing.
feed
eq "$(jq -r --arg j "$j1" '[.changes[] | select(.job == $j) | .to] | join(",")' <<<"$out")" approved,issued "the feed"
eq "$(jq -r --arg j "$j1" '.changes[] | select(.job == $j and .to == "issued") | .serial' <<<"$out")" "$s1" "issued serial"
eq "$(jq -r --arg j "$j1" '.changes[] | select(.to == "issued") | [.not_after, (.chain | length)] | join(",")' <<<"$out")" "$na1,1" "issued data"
call POST "/v1/jobs/$j1/csr" "$(csr_body c1)"; expect_code 200 "the same CSR again"
expect_jq .serial "$s1"
mkreq c1b "$org"
call POST "/v1/jobs/$j1/csr" "$(csr_body c1b)"; expect_code 409 "another CSR for an issued job"
expect_jq .error.code job_conflict
feed; eq "$(jq '[.changes[] | select(.to == "issued")] | length' <<<"$out")" 1 "one issued change"

# A service that issues nothing; change keeps the old notAfter; renew continues from it.
push 10000000-0000-4000-8000-000000000002 pin-change "$unit"
decide 10000000-0000-4000-8000-000000000002 approved
call POST /v1/jobs/10000000-0000-4000-8000-000000000002/csr "$(csr_body c1)"; expect_code 422 "pin-change"
expect_jq .error.code no_certificate_for_service
j3=10000000-0000-4000-8000-000000000003
mkreq c3 "$org"
push "$j3" change "$(jq -c --rawfile c "$tmp/c3.csr" '. + {csr: $c}' <<<"$unit")"
decide "$j3" issued; expect_code 409 "issued before approved"
decide "$j3" approved
decide "$j3" issued; expect_code 200 "decide issued (the submission's CSR)"
expect_jq .not_after "$na1"
s3=$(jq -r .serial <<<"$out")
j4=10000000-0000-4000-8000-000000000004
mkreq c4 "$org"
push "$j4" renew "$(jq -c --rawfile c "$tmp/c4.csr" '. + {csr: $c, years: 2}' <<<"$unit")"
decide "$j4" approved; decide "$j4" issued; expect_code 200 "renew"
na4=$(jq -r .not_after <<<"$out"); s4=$(jq -r .serial <<<"$out")
eq "$na4" "$(end_of_day_after "$na1" 2)" "renew continues from the old notAfter"
save_cert c4; eq "$(not_after_of c4)" "$na4" "the renewed certificate's notAfter"
j5=10000000-0000-4000-8000-000000000005
push "$j5" renew '{"holder":"expert","role":"expert","applicant":{"name":"王五","id_number":"11010519491231002X"}}'
decide "$j5" approved
mkreq c5 "王五"
call POST "/v1/jobs/$j5/csr" "$(csr_body c5)"; expect_code 422 "renew without a certificate"
expect_jq .error.code no_current_certificate
push 10000000-0000-4000-8000-000000000006 new '{"applicant":{"name":"x"}}'
decide 10000000-0000-4000-8000-000000000006 approved
decide 10000000-0000-4000-8000-000000000006 issued; expect_code 422 "no CSR in the submission"
expect_jq .error.code bad_csr

# An expert (no organisation): CN is the applicant; an SM2 key, with and without the standard's default id.
openssl genpkey -algorithm SM2 -out "$tmp/sm2.key" 2>/dev/null
for variant in plain distid; do
  j=10000000-0000-4000-8000-00000000007${variant:0:1}
  opts=(-key "$tmp/sm2.key" -sm3); [ "$variant" = distid ] && opts+=(-sigopt distid:1234567812345678)
  mkreq "sm2$variant" "王五" "${opts[@]}"
  push "$j" new '{"holder":"expert","role":"expert","applicant":{"name":"王五","id_number":"11010519491231002X"}}'
  decide "$j" approved
  call POST "/v1/jobs/$j/csr" "$(csr_body "sm2$variant")"; expect_code 200 "an SM2 CSR ($variant)"
  save_cert "sm2$variant"
  subject=$(openssl x509 -inform DER -in "$tmp/sm2$variant.der" -noout -subject -nameopt RFC2253,-esc_msb)
  eq "$subject" "subject=CN=王五" "an expert's subject"
done

# Revocation by request: answered once, the same again; the feed and the CRL say so.
call POST "/v1/jobs/$j1/revoke" '{"reason":"stolen"}'; expect_code 400 "an unknown reason"
call POST /v1/jobs/10000000-0000-4000-8000-000000000002/revoke '{"reason":"key_lost"}'; expect_code 404 "nothing issued"
call POST "/v1/jobs/$j1/revoke" '{"reason":"key_lost"}'; expect_code 200 "revoke"
expect_jq .serial "$s1"; expect_jq .crl_url "$url/v1/crl"
at1=$(jq -r .revoked_at <<<"$out")
call POST "/v1/jobs/$j1/revoke" '{"reason":"superseded"}'; expect_code 200 "revoke again"
expect_jq .revoked_at "$at1"
feed
eq "$(jq -r --arg j "$j1" '[.changes[] | select(.job == $j) | .to] | join(",")' <<<"$out")" approved,issued,revoked "the feed"
eq "$(jq -r --arg j "$j1" '.changes[] | select(.job == $j and .to == "revoked") | [.serial, .revoked_at, .reason, .crl_url] | join(",")' <<<"$out")" \
  "$s1,$at1,key_lost,$url/v1/crl" "the revoked change"
as=none call GET /v1/crl; expect_code 200 "the CRL without a client certificate"
contains "$(grep -i '^content-type' "$tmp/headers")" application/pkix-crl
cp "$tmp/body" "$tmp/crl1.der"
crl=$(openssl crl -inform DER -in "$tmp/crl1.der" -CAfile "$tmp/issuing.pem" -noout -text 2>&1)
contains "$crl" "verify OK"; contains "$crl" "Serial Number: $s1"; contains "$crl" "Key Compromise"
contains "$crl" "Version 2"; contains "$crl" "Signature Algorithm: ecdsa-with-SHA256"
n1=$(openssl crl -inform DER -in "$tmp/crl1.der" -noout -crlnumber | cut -d= -f2)

# A revoke job, approved: the holder's current certificate (the renewed one) is revoked; approved then revoked.
j8=10000000-0000-4000-8000-000000000008
push "$j8" revoke "$unit"
decide "$j8" approved; expect_code 200 "approve a revoke job"
feed
eq "$(jq -r --arg j "$j8" '[.changes[] | select(.job == $j) | .to] | join(",")' <<<"$out")" approved,revoked "the revoke job's feed"
eq "$(jq -r --arg j "$j8" '.changes[] | select(.job == $j and .to == "revoked") | .serial + "," + .reason' <<<"$out")" "$s4,cessation" "the revoked certificate"
decide "$j8" approved; expect_code 200 "approve it again"
feed; eq "$(jq -r --arg j "$j8" '[.changes[] | select(.job == $j)] | length' <<<"$out")" 2 "nothing twice"
as=none call GET /v1/crl; cp "$tmp/body" "$tmp/crl2.der"
crl=$(openssl crl -inform DER -in "$tmp/crl2.der" -CAfile "$tmp/issuing.pem" -noout -text 2>&1)
contains "$crl" "verify OK"; contains "$crl" "Serial Number: $s4"; contains "$crl" "Cessation Of Operation"
contains "$crl" "Serial Number: $s1"; lacks "$crl" "Serial Number: $s3"
n2=$(openssl crl -inform DER -in "$tmp/crl2.der" -noout -crlnumber | cut -d= -f2)
[ $((n2)) -gt $((n1)) ] && ok || ko "the CRL number did not grow ($n1, $n2)"
# A renewal now continues from the certificate left current (the change's).
j9=10000000-0000-4000-8000-000000000009
push "$j9" renew "$(jq -c --rawfile c "$tmp/c4.csr" '. + {csr: $c}' <<<"$unit")"
decide "$j9" approved; decide "$j9" issued; expect_code 200 "renew after a revocation"
expect_jq .not_after "$(end_of_day_after "$na1" 1)"
# A revoke job for a holder without a certificate: refused, nothing recorded.
push 10000000-0000-4000-8000-000000000010 revoke '{"uscc":"91510100MA61R7XK3Y","org_name":"x"}' >/dev/null
call POST /v1/jobs/10000000-0000-4000-8000-000000000010/revoke '{"reason":"cessation"}'; expect_code 404 "revoke a job without a certificate"
push 10000000-0000-4000-8000-000000000011 revoke '{"applicant":{"name":"赵六","id_number":"110105194912310021"}}'
decide 10000000-0000-4000-8000-000000000011 approved; expect_code 422 "a revoke job without a certificate"
expect_jq .error.code no_current_certificate
feed; eq "$(jq '[.changes[] | select(.job == "10000000-0000-4000-8000-000000000011")] | length' <<<"$out")" 0 "nothing recorded"

ref_stop
cli_summary
