#!/usr/bin/env bash
# Makes throw-away TLS material with openssl for the TLS tests:
#
#   tls-certs.sh DIR
#
#   DIR/ca.pem, ca-key.pem            the test CA
#   DIR/server-cert.pem, server-key.pem  dockerd's certificate: IP 127.0.0.1, DNS localhost
#   DIR/client/{ca,cert,key}.pem      a client certificate, laid out as DOCKER_CERT_PATH wants
#   DIR/other-ca/{ca,cert,key}.pem    a second CA and a client certificate it signed
#   DIR/expired/{cert,key}.pem        a server certificate of the test CA that expired yesterday
#   DIR/wrong-host/{cert,key}.pem     a server certificate of the test CA for another host name
set -euo pipefail

[[ $# == 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v openssl >/dev/null || { echo "tls-certs: openssl not found" >&2; exit 1; }
DIR=$1
mkdir -p "$DIR"/{client,other-ca,expired,wrong-host}
cd "$DIR"
umask 077

ossl() { openssl "$@" 2>/dev/null; }

# make_ca OUT_CERT OUT_KEY NAME
make_ca() {
    ossl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=$3" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$2" -out "$1"
}

# sign CA_CERT CA_KEY OUT_CERT OUT_KEY SUBJECT DAYS EXTENSIONS
sign() {
    local ext
    ext=$(mktemp "$DIR/ext.XXXXXX")
    printf '%s\n' "$7" >"$ext"
    ossl req -newkey rsa:2048 -nodes -sha256 -subj "$5" -keyout "$4" -out "$3.csr"
    ossl x509 -req -sha256 -in "$3.csr" -CA "$1" -CAkey "$2" -CAcreateserial -days "$6" -extfile "$ext" -out "$3"
    rm -f "$3.csr" "$ext"
}

SERVER_EXT='subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth'
CLIENT_EXT='extendedKeyUsage=clientAuth'

make_ca ca.pem ca-key.pem docker-cpp-test-ca
sign ca.pem ca-key.pem server-cert.pem server-key.pem /CN=localhost 2 "$SERVER_EXT"
sign ca.pem ca-key.pem client/cert.pem client/key.pem /CN=docker-cpp-client 2 "$CLIENT_EXT"
cp ca.pem client/ca.pem

make_ca other-ca/ca.pem other-ca/ca-key.pem docker-cpp-other-ca
sign other-ca/ca.pem other-ca/ca-key.pem other-ca/cert.pem other-ca/key.pem /CN=docker-cpp-client 2 "$CLIENT_EXT"

sign ca.pem ca-key.pem expired/cert.pem expired/key.pem /CN=localhost -1 "$SERVER_EXT"
sign ca.pem ca-key.pem wrong-host/cert.pem wrong-host/key.pem /CN=elsewhere.invalid 2 \
    'subjectAltName=DNS:elsewhere.invalid
extendedKeyUsage=serverAuth'
# Readable by the tests whoever runs them; the keys are throw-away.
chmod -R a+rX "$DIR"
