#!/usr/bin/env bash
# Regenerates the test-only TLS fixtures in test/fixtures/tls/: a CA, a server certificate for
# 127.0.0.1/localhost and a client certificate, all valid for 100 years. Never use them outside
# tests: the private keys are public. The server certificate also names slack.com so a test can
# reach the Slack Web API address through a proxy that leads to the capture server.
set -euo pipefail
dir="$(dirname "$0")/../test/fixtures/tls"
mkdir -p "$dir"
cd "$dir"
days=36500
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
  -subj '/CN=Herald Test CA' -keyout ca.key -out ca.crt \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'

issue() { # issue NAME SUBJECT EXTENSIONS
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" \
    -keyout "$1.key" -out "$tmp/$1.csr"
  printf '%s\n' "$3" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -CAserial "$tmp/ca.srl" -days "$days" -extfile "$tmp/$1.ext" -out "$1.crt"
}
issue server '/CN=127.0.0.1' \
  'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:slack.com
extendedKeyUsage=serverAuth'
issue client '/CN=herald-test-client' 'extendedKeyUsage=clientAuth'
rm ca.key
