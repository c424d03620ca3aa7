# Sourced by the TLS benchmarks: make_bench_pki DIR writes a P-256 CA (ca.pem) and a server certificate for
# localhost and 127.0.0.1 signed by it (cert.pem, key.pem) into DIR.
make_bench_pki() {
    local pki="$1"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/ca.key" -out "$pki/ca.pem" \
        -days 2 -subj "/CN=bench CA" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/key.pem" -out "$pki/server.csr" \
        -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$pki/ext"
    openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 2 \
        -extfile "$pki/ext" -out "$pki/cert.pem" 2>/dev/null
}
