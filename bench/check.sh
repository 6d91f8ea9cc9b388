#!/usr/bin/env bash
# check of 1,000 VaultServers read from standard input, in each output format: wall time and peak resident
# memory (GNU time), JVM start included, best of 3 runs. Half the objects are denied (a negative capacity),
# each has a credential Secret in the same input. Prints one table.
#   bench/check.sh [COUNT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib.sh
count="${1:-1000}"
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
build_if_stale

input="$(mktemp)"
trap 'rm -f "$input"' EXIT
{
  printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: aws, namespace: bench}\nstringData: {access_key: AKIAEXAMPLE, secret_key: example}\n'
  for i in $(seq 1 "$count"); do
    capacity=$(( i % 2 == 0 ? -5 : 5 ))
    printf -- '---\napiVersion: kubevault.com/v1alpha2\nkind: VaultServer\nmetadata: {name: vault-%d, namespace: bench}\nspec:\n  version: 1.12.1\n  backend:\n    dynamodb:\n      table: bench-%d\n      region: eu-west-1\n      readCapacity: %d\n      credentialSecretRef: {name: aws}\n' "$i" "$i" "$capacity"
  done
} > "$input"

echo "check of $count VaultServers from standard input ($(wc -c < "$input") bytes), $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-8s %10s %14s %12s\n' format "wall (s)" "max RSS (MiB)" "output (KB)"
for format in text json yaml junit github; do
  best_wall=""; best_rss=""
  for run in 1 2 3; do
    stats="$(mktemp)"
    set +e
    /usr/bin/time -f '%e %M' -o "$stats" java -jar target/quarkus-app/quarkus-run.jar check -f - -o "$format" < "$input" > "$stats.out"
    code=$?
    set -e
    [ "$code" -eq 1 ] || { echo "check -o $format exited $code (expected 1: half are denied)" >&2; exit 1; }
    read -r wall rss < <(tail -n 1 "$stats")
    size=$(( $(wc -c < "$stats.out") / 1024 ))
    rm -f "$stats" "$stats.out"
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then best_wall=$wall; best_rss=$rss; fi
  done
  printf '%-8s %10s %14d %12d\n' "$format" "$best_wall" $(( best_rss / 1024 )) "$size"
done
