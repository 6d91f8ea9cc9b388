#!/usr/bin/env bash
# Runs the webhook over HTTPS (port 8443 unless QUARKUS_HTTP_SSL_PORT says otherwise).
# First run: makes a CA and a serving certificate for localhost/127.0.0.1 under certs/, and builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ -z "${QUARKUS_TLS_KEY_STORE_PEM_0_CERT:-}" ]; then
  certs/generate.sh --if-absent
fi
source scripts/lib.sh
build_if_stale
exec java ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar "$@"
