#!/usr/bin/env bash
# Regenerates the Clasp test PKI in the directory holding this script (run from any cwd).
#
#   ./generate.sh              re-issue every certificate and key store, reusing the existing private keys
#                              (missing keys are created). Certificates are byte-identical on re-runs:
#                              fixed dates, fixed serials, and RSA CAs (PKCS#1 v1.5 signatures are
#                              deterministic), so recorded handshake transcripts stay valid.
#   ./generate.sh --new-keys   also replace every private key (CA keys included): a brand-new PKI.
#
# Files whose meaning did not change (a .p12 with the same keys/certs, the self-signed ECDSA cert with the
# same contents) are left untouched, so a re-run leaves `git status` clean.
# Needs: openssl (3.x) and keytool (JDK 17+). Password of every key store: changeit.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$DIR"

NEW_KEYS=0
case "${1:-}" in
  --new-keys) NEW_KEYS=1 ;;
  "") ;;
  *) echo "usage: $0 [--new-keys]" >&2; exit 2 ;;
esac

command -v openssl >/dev/null || { echo "openssl not found" >&2; exit 1; }
command -v keytool >/dev/null || { echo "keytool not found (install a JDK)" >&2; exit 1; }

PASS=changeit
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Fixed validity windows (UTC). Root/intermediate: 20 years; leaves: 10 years; expired leaf: entirely past.
CA_START=20200101000000Z
CA_END=20400101000000Z
LEAF_START=20250101000000Z
LEAF_END=20350101000000Z
EXPIRED_START=20200101000000Z
EXPIRED_END=20200102000000Z

SAN_LOCAL="DNS:localhost, IP:127.0.0.1, IP:::1"

# ---------------------------------------------------------------------------------------------------------
# helpers

# new_key NAME rsa|rsapss|p256|p384|ed25519|dsa : writes NAME.key (PKCS#8 PEM, unencrypted) unless it exists and --new-keys is off
new_key() {
  local name=$1 kind=$2
  if [[ -f "$name.key" && $NEW_KEYS -eq 0 ]]; then return; fi
  case "$kind" in
    rsa)  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/$name.key" 2>/dev/null ;;
    rsapss) openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$WORK/$name.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve \
            -out "$WORK/$name.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve \
            -out "$WORK/$name.key" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$WORK/$name.key" ;;
    dsa)  openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 \
            -out "$WORK/$name.params" 2>/dev/null
          openssl genpkey -paramfile "$WORK/$name.params" -out "$WORK/$name.key" ;;
    *) echo "bad key kind $kind" >&2; exit 1 ;;
  esac
  mv "$WORK/$name.key" "$name.key"
  chmod 644 "$name.key"   # throwaway test keys, committed on purpose
}

# Normalised, signature-free view of a file, used to decide whether a regenerated file really changed.
canon() {
  case "$1" in
    *.crt) openssl x509 -in "$1" -noout -text | sed '/Signature Value:/,$d' ;;
    *.p12) openssl pkcs12 -in "$1" -passin "pass:$PASS" -nodes 2>/dev/null | grep -v 'localKeyID' ;;
    *) cat "$1" ;;
  esac
}

# install_if_changed NEW DEST : move NEW to DEST unless DEST exists with the same meaning
install_if_changed() {
  local new=$1 dest=$2
  if [[ -f "$dest" ]] && cmp -s <(canon "$new") <(canon "$dest"); then
    rm -f "$new"
  else
    mv "$new" "$dest"
    chmod 644 "$dest"
  fi
}

# openssl ca database in the scratch dir
mkdir -p "$WORK/db/newcerts"
: > "$WORK/db/index.txt"
cat > "$WORK/ca.cnf" <<EOF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir              = $WORK/db
database         = \$dir/index.txt
new_certs_dir    = \$dir/newcerts
serial           = \$dir/serial
default_md       = sha256
policy           = policy_any
unique_subject   = no
email_in_dn      = no
copy_extensions  = none
[ policy_any ]
organizationName = optional
commonName       = supplied
[ req ]
distinguished_name = req_dn
prompt             = no
[ req_dn ]
CN = unused
EOF

# issue NAME SUBJECT SERIAL START END EXTFILE ISSUER|self : writes NAME.crt
issue() {
  local name=$1 subj=$2 serial=$3 start=$4 end=$5 ext=$6 issuer=$7
  openssl req -new -config "$WORK/ca.cnf" -key "$name.key" -subj "$subj" -out "$WORK/$name.csr"
  echo "$serial" > "$WORK/db/serial"
  : > "$WORK/db/index.txt"
  local signer=()
  if [[ $issuer == self ]]; then
    signer=(-selfsign -keyfile "$name.key")
  else
    signer=(-cert "$issuer.crt" -keyfile "$issuer.key")
  fi
  openssl ca -batch -notext -preserveDN -config "$WORK/ca.cnf" "${signer[@]}" \
    -in "$WORK/$name.csr" -out "$WORK/$name.crt" \
    -startdate "$start" -enddate "$end" -extfile "$ext" -extensions ext 2>"$WORK/ca.log" \
    || { cat "$WORK/ca.log" >&2; exit 1; }
  install_if_changed "$WORK/$name.crt" "$name.crt"
}

# ext_file NAME KIND [SAN] : writes an extension section for a certificate kind
ext_file() {
  local f="$WORK/$1.ext" kind=$2 san=${3:-}
  {
    echo "[ ext ]"
    echo "subjectKeyIdentifier = hash"
    case "$kind" in
      root)
        echo "basicConstraints = critical, CA:true"
        echo "keyUsage = critical, keyCertSign, cRLSign" ;;
      intermediate)
        echo "authorityKeyIdentifier = keyid:always"
        echo "basicConstraints = critical, CA:true, pathlen:0"
        echo "keyUsage = critical, keyCertSign, cRLSign" ;;
      server-rsa)
        echo "authorityKeyIdentifier = keyid:always"
        echo "basicConstraints = critical, CA:false"
        echo "keyUsage = critical, digitalSignature, keyEncipherment"
        echo "extendedKeyUsage = serverAuth"
        echo "subjectAltName = $san" ;;
      server-ec)
        echo "authorityKeyIdentifier = keyid:always"
        echo "basicConstraints = critical, CA:false"
        echo "keyUsage = critical, digitalSignature"
        echo "extendedKeyUsage = serverAuth"
        echo "subjectAltName = $san" ;;
      server-selfsigned)
        echo "basicConstraints = critical, CA:false"
        echo "keyUsage = critical, digitalSignature"
        echo "extendedKeyUsage = serverAuth"
        echo "subjectAltName = $san" ;;
      client)
        echo "authorityKeyIdentifier = keyid:always"
        echo "basicConstraints = critical, CA:false"
        echo "keyUsage = critical, digitalSignature"
        echo "extendedKeyUsage = clientAuth" ;;
      *) echo "bad ext kind $kind" >&2; exit 1 ;;
    esac
  } > "$f"
  echo "$f"
}

# leaf_outputs NAME [chain...] : NAME-chain.pem (leaf + intermediate) and NAME.p12 (key + full chain)
leaf_outputs() {
  local name=$1; shift
  if [[ $# -gt 0 ]]; then
    cat "$name.crt" intermediate-ca.crt > "$name-chain.pem"
    cat intermediate-ca.crt root-ca.crt > "$WORK/cas.pem"
    openssl pkcs12 -export -name "$name" -inkey "$name.key" -in "$name.crt" -certfile "$WORK/cas.pem" \
      -passout "pass:$PASS" -out "$WORK/$name.p12"
  else # self-signed: the chain is the certificate itself
    cat "$name.crt" > "$name-chain.pem"
    openssl pkcs12 -export -name "$name" -inkey "$name.key" -in "$name.crt" \
      -passout "pass:$PASS" -out "$WORK/$name.p12"
  fi
  chmod 644 "$name-chain.pem"
  install_if_changed "$WORK/$name.p12" "$name.p12"
}

# combined_store OUT NAME... : one PKCS12 holding several PrivateKeyEntries (alias = NAME)
combined_store() {
  local out=$1; shift
  local tmp="$WORK/$out"
  for n in "$@"; do
    keytool -importkeystore -noprompt \
      -srckeystore "$n.p12" -srcstoretype PKCS12 -srcstorepass "$PASS" -srcalias "$n" \
      -destkeystore "$tmp" -deststoretype PKCS12 -deststorepass "$PASS" -destalias "$n" \
      >"$WORK/keytool.log" 2>&1 || { cat "$WORK/keytool.log" >&2; exit 1; }
  done
  install_if_changed "$tmp" "$out"
}

# ---------------------------------------------------------------------------------------------------------
# keys

new_key root-ca rsa
new_key intermediate-ca rsa
new_key server-rsa rsa
new_key server-ec256 p256
new_key server-ec384 p384
new_key server-ed25519 ed25519
new_key client-rsa rsa
new_key client-ec p256
new_key server-expired p256
new_key server-wronghost p256
new_key server-untrusted p256
new_key server-dsa dsa
new_key client-dsa dsa
# SNI selection (Clasp's KeyManagerFactory): two hosts, and an expired leaf for the first host
new_key server-a p256
new_key server-b p256
new_key server-a-expired p256
# RSASSA-PSS keys (SPKI id-RSASSA-PSS, no parameters): rsa_pss_pss_* signatures (RFC 8446 4.2.3)
new_key server-rsapss rsapss
# SNI selection with RSA keys too (the suite's key type, then the name)
new_key server-a-rsa rsa
new_key server-b-rsa rsa
new_key client-rsapss rsapss

# ---------------------------------------------------------------------------------------------------------
# certificates (serials are fixed so re-runs are reproducible)

O="/O=Clasp Test PKI"
issue root-ca          "$O/CN=Clasp Test Root CA"         01   $CA_START $CA_END \
  "$(ext_file root-ca root)" self
issue intermediate-ca  "$O/CN=Clasp Test Intermediate CA" 02   $CA_START $CA_END \
  "$(ext_file intermediate-ca intermediate)" root-ca

issue server-rsa       "$O/CN=clasp-server-rsa"           1001 $LEAF_START $LEAF_END \
  "$(ext_file server-rsa server-rsa "$SAN_LOCAL")" intermediate-ca
issue server-ec256     "$O/CN=clasp-server-ec256"         1002 $LEAF_START $LEAF_END \
  "$(ext_file server-ec256 server-ec "$SAN_LOCAL")" intermediate-ca
issue server-ec384     "$O/CN=clasp-server-ec384"         1003 $LEAF_START $LEAF_END \
  "$(ext_file server-ec384 server-ec "$SAN_LOCAL")" intermediate-ca
issue server-ed25519   "$O/CN=clasp-server-ed25519"       1004 $LEAF_START $LEAF_END \
  "$(ext_file server-ed25519 server-ec "$SAN_LOCAL")" intermediate-ca
issue client-rsa       "$O/CN=clasp-client-rsa"           2001 $LEAF_START $LEAF_END \
  "$(ext_file client-rsa client)" intermediate-ca
issue client-ec        "$O/CN=clasp-client-ec"            2002 $LEAF_START $LEAF_END \
  "$(ext_file client-ec client)" intermediate-ca
issue server-dsa       "$O/CN=clasp-server-dsa"           1005 $LEAF_START $LEAF_END \
  "$(ext_file server-dsa server-ec "$SAN_LOCAL")" intermediate-ca
issue client-dsa       "$O/CN=clasp-client-dsa"           2003 $LEAF_START $LEAF_END \
  "$(ext_file client-dsa client)" intermediate-ca
issue server-expired   "$O/CN=clasp-server-expired"       3001 $EXPIRED_START $EXPIRED_END \
  "$(ext_file server-expired server-ec "$SAN_LOCAL")" intermediate-ca
issue server-wronghost "$O/CN=wrong.example.com"          3002 $LEAF_START $LEAF_END \
  "$(ext_file server-wronghost server-ec "DNS:wrong.example.com")" intermediate-ca
issue server-untrusted "/O=Clasp Untrusted/CN=clasp-server-untrusted" 3003 $LEAF_START $LEAF_END \
  "$(ext_file server-untrusted server-selfsigned "$SAN_LOCAL")" self
issue server-a         "$O/CN=clasp-server-a"             3004 $LEAF_START $LEAF_END \
  "$(ext_file server-a server-ec "DNS:a.clasp.test")" intermediate-ca
issue server-b         "$O/CN=clasp-server-b"             3005 $LEAF_START $LEAF_END \
  "$(ext_file server-b server-ec "DNS:b.clasp.test")" intermediate-ca
issue server-a-expired "$O/CN=clasp-server-a-expired"     3006 $EXPIRED_START $EXPIRED_END \
  "$(ext_file server-a-expired server-ec "DNS:a.clasp.test")" intermediate-ca
issue server-rsapss     "$O/CN=clasp-server-rsapss"        1006 $LEAF_START $LEAF_END \
  "$(ext_file server-rsapss server-ec "$SAN_LOCAL")" intermediate-ca
issue server-a-rsa      "$O/CN=clasp-server-a-rsa"         3007 $LEAF_START $LEAF_END \
  "$(ext_file server-a-rsa server-rsa "DNS:a.clasp.test")" intermediate-ca
issue server-b-rsa      "$O/CN=clasp-server-b-rsa"         3008 $LEAF_START $LEAF_END \
  "$(ext_file server-b-rsa server-rsa "DNS:b.clasp.test")" intermediate-ca
issue client-rsapss     "$O/CN=clasp-client-rsapss"        2004 $LEAF_START $LEAF_END \
  "$(ext_file client-rsapss client)" intermediate-ca

# ---------------------------------------------------------------------------------------------------------
# chains and key stores

for n in server-rsa server-ec256 server-ec384 server-ed25519 server-dsa client-rsa client-ec client-dsa \
    server-expired server-wronghost server-a server-b server-a-expired server-rsapss client-rsapss \
    server-a-rsa server-b-rsa; do
  leaf_outputs "$n" chained
done
leaf_outputs server-untrusted

combined_store server-all.p12 server-rsa server-ec256 server-ec384
combined_store client-all.p12 client-rsa client-ec
combined_store server-sni.p12 server-a-expired server-a server-b
combined_store server-sni-all.p12 server-a-expired server-a server-b server-a-rsa server-b-rsa

# Trust store: only the root, as a trusted-certificate entry.
keytool -importcert -noprompt -storetype PKCS12 -alias root-ca -file root-ca.crt \
  -keystore "$WORK/truststore.p12" -storepass "$PASS" >"$WORK/keytool.log" 2>&1 \
  || { cat "$WORK/keytool.log" >&2; exit 1; }
install_if_changed "$WORK/truststore.p12" truststore.p12

# ---------------------------------------------------------------------------------------------------------
# self-check

for n in server-rsa server-ec256 server-ec384 server-ed25519 server-dsa client-rsa client-ec client-dsa \
    server-wronghost server-a server-b server-rsapss client-rsapss server-a-rsa server-b-rsa; do
  openssl verify -CAfile root-ca.crt -untrusted intermediate-ca.crt "$n.crt" >/dev/null
done
if openssl verify -CAfile root-ca.crt -untrusted intermediate-ca.crt server-expired.crt >/dev/null 2>&1; then
  echo "server-expired.crt unexpectedly verifies" >&2; exit 1
fi
if openssl verify -CAfile root-ca.crt -untrusted intermediate-ca.crt server-untrusted.crt >/dev/null 2>&1; then
  echo "server-untrusted.crt unexpectedly verifies" >&2; exit 1
fi
echo "test PKI written to $DIR"
