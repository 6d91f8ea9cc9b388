#!/usr/bin/env bash
# Makes a private CA and a serving certificate signed by it, for the webhook's HTTPS endpoint.
#
#   certs/generate.sh [--out DIR] [--days N] [--if-absent] [SAN ...]
#
# SANs default to "localhost 127.0.0.1"; an argument that looks like an IPv4 or IPv6 address becomes
# an IP SAN, anything else a DNS SAN (e.g. vaultserver-admission.vault-system.svc). Writes into DIR
# (default: the folder of this script):
#   ca.crt   the CA certificate: the webhook configuration's caBundle, curl's --cacert
#   ca.key   the CA's private key (kept so a renewed serving certificate keeps the same caBundle)
#   tls.crt  the serving certificate (leaf first, then the CA)
#   tls.key  the serving certificate's private key
# With --if-absent nothing is done when tls.crt and tls.key exist already. Private keys are
# git-ignored: never commit them.
set -euo pipefail

out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
days=365
if_absent=false
sans=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --if-absent) if_absent=true; shift ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "generate.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) sans+=("$1"); shift ;;
  esac
done
[ ${#sans[@]} -gt 0 ] || sans=(localhost 127.0.0.1)
command -v openssl >/dev/null || { echo "generate.sh: openssl is needed (apt-get install openssl)" >&2; exit 1; }

mkdir -p "$out"
if $if_absent && [ -s "$out/tls.crt" ] && [ -s "$out/tls.key" ]; then
  exit 0
fi

alt=""
i_dns=0; i_ip=0
for san in "${sans[@]}"; do
  if [[ "$san" =~ ^[0-9]+(\.[0-9]+){3}$ || "$san" == *:* ]]; then
    i_ip=$((i_ip + 1)); alt+="IP.$i_ip = $san"$'\n'
  else
    i_dns=$((i_dns + 1)); alt+="DNS.$i_dns = $san"$'\n'
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077

if [ ! -s "$out/ca.key" ] || [ ! -s "$out/ca.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/CN=vaultserver-admission-ca" \
    -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
fi

cat > "$work/leaf.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = ${sans[0]}
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = @alt
[alt]
$alt
CNF

openssl req -new -newkey rsa:2048 -nodes -sha256 -config "$work/leaf.cnf" \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
openssl x509 -req -sha256 -days "$days" -in "$work/tls.csr" \
  -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -CAserial "$work/ca.srl" \
  -extfile "$work/leaf.cnf" -extensions ext -out "$work/tls.crt" 2>/dev/null
cat "$out/ca.crt" >> "$work/tls.crt"

# Replace both files by rename so a running server never reads a key that does not match.
chmod 644 "$work/tls.crt" "$out/ca.crt"
chmod 600 "$work/tls.key"
mv "$work/tls.key" "$out/tls.key.new" && mv "$work/tls.crt" "$out/tls.crt.new"
mv "$out/tls.key.new" "$out/tls.key" && mv "$out/tls.crt.new" "$out/tls.crt"
echo "generate.sh: wrote $out/{ca.crt,tls.crt,tls.key} for ${sans[*]} (valid $days days)" >&2
