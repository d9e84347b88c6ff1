# test_pki.sh - throwaway certificates for TLS tests. Source it with $tmp set.
# mkca NAME: a self-signed P-256 CA in $tmp/NAME.{pem,key}.
# mkcert NAME CN CA [EXTENSION]: a P-256 certificate for CN signed by CA (default: not a CA), valid for
#   $mkcert_days days (default 30).
# mkcert_expired NAME CN CA [EXTENSION], mkcert_wrong_host NAME CA: certificates a TLS client must refuse (below).
mkca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" \
    -subj "/CN=$1" -days 30 -out "$tmp/$1.pem" 2>/dev/null
}
mkcert() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" -subj "/CN=$2" \
    -out "$tmp/$1.csr" 2>/dev/null
  printf '%s\n' "${4:-basicConstraints=CA:FALSE}" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/$3.pem" -CAkey "$tmp/$3.key" -CAcreateserial -days "${mkcert_days:-30}" \
    -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}
# mkcert_expired NAME CN CA [EXTENSION]: like mkcert, but valid only from 3 days ago to yesterday.
# OpenSSL 3.0's x509 cannot back-date (no -not_before before 3.4), so this signs with `openssl ca`.
mkcert_expired() {
  local d="$tmp/$1.ca.d"
  mkdir -p "$d" && : >"$d/index.txt" && echo 1000 >"$d/serial"
  cat >"$d/ca.cnf" <<CNF
[ca]
default_ca = back_dated
[back_dated]
database = $d/index.txt
serial = $d/serial
new_certs_dir = $d
default_md = sha256
policy = any
unique_subject = no
x509_extensions = ext
[any]
commonName = supplied
[ext]
basicConstraints = CA:FALSE
${4:-}
CNF
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" -subj "/CN=$2" \
    -out "$tmp/$1.csr" 2>/dev/null
  openssl ca -batch -notext -config "$d/ca.cnf" -cert "$tmp/$3.pem" -keyfile "$tmp/$3.key" -in "$tmp/$1.csr" \
    -startdate "$(date -u -d '3 days ago' +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ)" \
    -out "$tmp/$1.pem" 2>/dev/null
}
# mkcert_wrong_host NAME CA: a server certificate signed by CA for wrong.example only (SAN DNS:wrong.example).
mkcert_wrong_host() {
  mkcert "$1" wrong.example "$2" "subjectAltName=DNS:wrong.example"
}
