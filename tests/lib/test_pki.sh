# test_pki.sh - throwaway certificates for TLS tests. Source it with $tmp set.
# mkca NAME: a self-signed P-256 CA in $tmp/NAME.{pem,key}.
# mkcert NAME CN CA [EXTENSION]: a P-256 certificate for CN signed by CA (default: not a CA).
mkca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" \
    -subj "/CN=$1" -days 30 -out "$tmp/$1.pem" 2>/dev/null
}
mkcert() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" -subj "/CN=$2" \
    -out "$tmp/$1.csr" 2>/dev/null
  printf '%s\n' "${4:-basicConstraints=CA:FALSE}" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/$3.pem" -CAkey "$tmp/$3.key" -CAcreateserial -days 30 \
    -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}
