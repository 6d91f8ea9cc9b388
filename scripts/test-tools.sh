#!/usr/bin/env bash
# Installs the programs `./mvnw verify` runs besides Java, from Debian's packages, when missing:
# openssl (certs/generate.sh makes the tests' certificates) and promtool (the chart's alert unit tests).
# Run by the build (exec-maven-plugin, before the tests); needs root only when something is missing.
set -euo pipefail
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v promtool >/dev/null || need+=(prometheus)
[ ${#need[@]} -eq 0 ] && exit 0
echo "test-tools: installing ${need[*]} from Debian's packages" >&2
apt-get update -qq >&2
# prometheus's package carries promtool; its service is not started in a container.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
