#!/usr/bin/env bash
# What a `kubectl apply` feels: the time the webhooks add to a VaultServer create through a real kube-apiserver,
# ours beside the floor (bench/floor: the same Quarkus stack answering allowed, and on /mutate the same
# four-operation patch, with no rules). Three kinds of write: server-side dry-run creates (nothing stored, nothing
# claimed), real creates each on a table of its own (ours claims each table: one Lease create), and updates that keep
# their table (ours makes no API call). The claim's own cost is measured in the same run: Lease creates sent straight
# to the API server from curl (bench/claim-writes.sh compares curl's with fabric8's, which ours uses).
#
#   bench/apiserver.sh [CREATES] [ROUNDS]   (defaults: 130 measured creates after 30 warm-up ones, 3 rounds)
#   bench/apiserver.sh CREATES 0            only the interleaved measurement below: CREATES turns after WARMUP (default 30)
#   JFR=1 bench/apiserver.sh ...            also ours' JFR execution samples (1 ms) over the interleaved turns, grouped by area (bench/jfr_areas.py);
#          the recording is kept in target/bench-apiserver/ours.jfr
#
# A real etcd + kube-apiserver v1.20.2 (scripts/lib.sh start_apiserver), the CRD, namespace `demo` and its Secret
# `aws-credentials`. Ours runs as in a cluster (Secrets from the API server through its watch-backed caches), both
# with the chart's JVM options (JAVA_OPTS to override). Each round registers, in turn, no webhook, the floor and
# ours (a mutating and a validating webhook by URL with a caBundle, as the chart does), checks the create comes
# back patched by the registered webhooks (and unpatched without), then sends each kind of write from one keep-alive
# client (curl, one connection, HTTP/2) and takes the p50. Prints each round's p50 and what each webhook adds to the
# no-webhook p50 of the same round; for dry-run creates and updates ours' addition as a share of the floor's (target:
# at most 1.2), for real creates ours' addition beside the floor's plus one claim write (target: at most that).
# After the rounds, the dry-run creates once more interleaved: both webhooks registered at once, each for namespaces labelled
# for it, and one client sending to no webhook, the floor and ours in turn (CREATES x ROUNDS each), which takes the
# round-to-round noise of the API server and the machine out of the comparison; meanwhile ours' own review timer
# says how much of what ours adds is its own work per review (decode, rules, encode).
# Ours' claim keeper adopts the creates made without it and releases the deleted ones' claims in every mode alike. Then the resident memory of both, idle, ours connected to the API server with its caches
# as in a cluster; with NMT=1 also the JVM's own account of ours (Native Memory Tracking). Files in
# target/bench-apiserver.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
creates=${1:-130}
rounds=${2:-3}
warmup=30
ab_warmup=${WARMUP:-$warmup}
source scripts/lib.sh
bench_prepare

bench_workspace bench-apiserver

start_apiserver "$work"
kubectl apply -f e2e/vaultserver-crd.yaml >/dev/null
kubectl wait --for condition=established --timeout=30s crd/vaultservers.kubevault.com >/dev/null
kubectl create namespace demo >/dev/null
kubectl create namespace bench-create >/dev/null
kubectl create namespace bench-claims >/dev/null
kubectl apply -n demo -f local-secrets/demo-aws-credentials.yaml >/dev/null
sed "s/namespace: demo/namespace: bench-create/" local-secrets/demo-aws-credentials.yaml | kubectl apply -f - >/dev/null
export VAULTSERVER_ADMISSION_CLAIMS_NAMESPACE=bench-claims
# Ours' claim keeper adopts the creates made without it and releases them after their delete: with a short grace period
# this settles between modes (settle below), so that no mode is measured beside the last one's clean-up.
export VAULTSERVER_ADMISSION_CLAIMS_GRACE=3s

certs/generate.sh --out "$work/webhook-certs" 127.0.0.1 localhost 2>/dev/null
declare -A port pid
for name in ours floor; do
  port[$name]=$(free_port)
  jar=target/quarkus-app/quarkus-run.jar; [ $name = floor ] && jar=bench/floor/target/quarkus-app/quarkus-run.jar
  nmt=(); [ "${NMT:-0}" = 1 ] && [ $name = ours ] && nmt=(-XX:NativeMemoryTracking=summary)
  # shellcheck disable=SC2086
  secrets_source=kubernetes start_service "${port[$name]}" "$work/webhook-certs" "$work/$name.log" "$jar" $java_opts "${nmt[@]}"
  pids+=($service_pid); pid[$name]=$service_pid
done
for name in ours floor; do
  wait_for 120 "$name" curl -sf --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:${port[$name]}/q/health/ready"
done

# The example's VaultServer as a create body.
python3 -c 'import json, sys; json.dump(json.load(open("examples/create-v1alpha1.json"))["request"]["object"], sys.stdout)' > "$work/vaultserver.json"
create_url="$apiserver_url/apis/kubevault.com/v1alpha1/namespaces/demo/vaultservers?dryRun=All"
ca_bundle=$(base64 -w0 < "$work/webhook-certs/ca.crt")

register() { # register NAME|none [NAME...]: the webhook configurations of each NAME (several: each for its own namespaces), or none
  kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l bench=apiserver --ignore-not-found >/dev/null
  [ "$1" = none ] && return
  local name selector=""
  for name in "$@"; do
    [ $# -gt 1 ] && selector="    namespaceSelector: {matchLabels: {bench-webhook: $name}}"
    webhook_configurations "$name" "$selector"
  done | kubectl apply -f - >/dev/null
}

webhook_configurations() { # webhook_configurations NAME SELECTOR_LINE: the mutating and validating configuration of NAME
  local kind path
  for kind in Mutating Validating; do
    path=/validate; [ $kind = Mutating ] && path=/mutate
    cat <<YAML
apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}WebhookConfiguration
metadata: {name: bench-$1, labels: {bench: apiserver}}
webhooks:
  - name: vaultservers.bench.vaultserver-admission.dev
    admissionReviewVersions: [v1, v1beta1]
    sideEffects: NoneOnDryRun
    failurePolicy: Fail
    timeoutSeconds: 10
    clientConfig: {url: "https://127.0.0.1:${port[$1]}$path", caBundle: "$ca_bundle"}
$2
    rules:
      - {apiGroups: [kubevault.com], apiVersions: ["*"], resources: [vaultservers], operations: [CREATE, UPDATE]}
YAML
    echo ---
  done
}

create_once() {
  curl -s --cacert "$work/apiserver-certs/ca.crt" -H "Authorization: Bearer $apiserver_token" \
    -H 'Content-Type: application/json' --data @"$work/vaultserver.json" "$create_url"
}

# Waits until the API server calls the registered webhooks (their patch shows in the created object), or none.
registered_as() { # registered_as patched|unpatched: a create comes back as that
  if create_once | grep -q '"maxParallel":128'; then [ "$1" = patched ]; else [ "$1" = unpatched ]; fi
}
await_registration() {
  wait_interval=0.1 wait_for 10 "the API server's pick-up of the webhook registration ($1)" registered_as "$1"
}

p50_ms() { # p50_ms N: N dry-run creates on one keep-alive connection; prints the p50 in ms
  local urls=()
  for _ in $(seq 1 "$1"); do urls+=(-o /dev/null "$create_url"); done
  curl -s --cacert "$work/apiserver-certs/ca.crt" -H "Authorization: Bearer $apiserver_token" \
    -H 'Content-Type: application/json' --data @"$work/vaultserver.json" \
    -w '%{http_code} %{time_total} %{num_connects}\n' "${urls[@]}" > "$work/times"
  p50_of_times 201
}

p50_of_times() { # p50_of_times STATUS: checks every transfer in $work/times answered STATUS on one connection; prints the p50 in ms
  awk -v want="$1" '$1 != want {bad++} $3 > 0 {connects += $3} END {if (bad) {print bad " writes were not " want > "/dev/stderr"; exit 1}
       if (connects > 1) {print connects " connections were opened, not 1" > "/dev/stderr"; exit 1}}' "$work/times"
  awk '{print $2 * 1000}' "$work/times" | sort -n | awk '{v[NR]=$1} END {printf "%.2f", v[int((NR+1)/2)]}'
}

# sequence METHOD URL STATUS BODY...: one request per BODY on one keep-alive connection (curl --next), each body given
# inline; checks the status and prints the p50 in ms. PATCH bodies are merge patches.
sequence() {
  local method=$1 url=$2 status=$3 args=() body type=application/json
  shift 3
  [ "$method" = PATCH ] && type=application/merge-patch+json
  for body in "$@"; do
    [ ${#args[@]} -gt 0 ] && args+=(--next)
    args+=(-s --cacert "$work/apiserver-certs/ca.crt" -H "Authorization: Bearer $apiserver_token" -H "Content-Type: $type"
      -X "$method" --data-raw "$body" -o /dev/null -w '%{http_code} %{time_total} %{num_connects}\n' "$url")
  done
  curl "${args[@]}" > "$work/times"
  p50_of_times "$status"
}

# Real creates, each VaultServer on a table of its own (ours claims each), then deleted (not timed). Prints the p50 in ms.
real_creates() { # real_creates N TAG
  local bodies=()
  mapfile -t bodies < <(python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
for i in range(1, int(sys.argv[2]) + 1):
    o["metadata"] = {"name": f"bench-{sys.argv[3]}-{i}"}
    o["spec"]["backend"]["dynamodb"]["table"] = f"bench-{sys.argv[3]}-{i}"
    print(json.dumps(o))' "$work/vaultserver.json" "$1" "$2")
  sequence POST "$apiserver_url/apis/kubevault.com/v1alpha1/namespaces/bench-create/vaultservers" 201 "${bodies[@]}"
  kubectl delete -n bench-create vaultservers.kubevault.com --all >/dev/null
}

# Waits until ours' claim keeper has released the claims of the creates just deleted (at most a minute).
no_bench_claims() {
  ! kubectl get leases -n bench-claims -l vaultserver-admission.dev/claim \
    -o jsonpath='{range .items[*]}{.metadata.annotations.vaultserver-admission\.dev/table}{"\n"}{end}' 2>/dev/null | grep -q '^bench-'
}
settle() {
  wait_for 60 "the release of the deleted creates' claims" no_bench_claims || true
  sleep 1
}

# Updates of one stored VaultServer that keep its table (an annotation changes each time). Prints the p50 in ms.
updates() { # updates N
  local bodies=() i
  for i in $(seq 1 "$1"); do bodies+=("{\"metadata\":{\"annotations\":{\"bench\":\"$i-$RANDOM\"}}}"); done
  sequence PATCH "$apiserver_url/apis/kubevault.com/v1alpha1/namespaces/demo/vaultservers/updated" 200 "${bodies[@]}"
}

# Lease creates straight to the API server, each of its own name (what one claim costs), then deleted. Prints the p50.
claim_writes() { # claim_writes N TAG
  local bodies=() i
  for i in $(seq 1 "$1"); do
    bodies+=("{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"bench-$2-$i\"},\"spec\":{\"holderIdentity\":\"bench/$i\"}}")
  done
  sequence POST "$apiserver_url/apis/coordination.k8s.io/v1/namespaces/bench-claims/leases" 201 "${bodies[@]}"
  kubectl delete -n bench-claims leases -l '!vaultserver-admission.dev/claim' >/dev/null
}

# The object the updates change.
python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["metadata"] = {"name": "updated"}; json.dump(o, sys.stdout)' \
  "$work/vaultserver.json" | kubectl create -n demo -f - >/dev/null

declare -A p50 real update claim
for round in $(seq 1 "$rounds"); do
  # The floor and ours take turns going first, so that neither always meets the machine warmer.
  order="none floor ours"; [ $((round % 2)) = 0 ] && order="none ours floor"
  for mode in $order; do
    register $mode
    if [ $mode = none ]; then await_registration unpatched; else await_registration patched; fi
    p50_ms $warmup >/dev/null
    p50["$mode $round"]=$(p50_ms "$creates")
    updates $warmup >/dev/null
    update["$mode $round"]=$(updates "$creates")
    real_creates $warmup "warm-$mode-$round" >/dev/null
    real["$mode $round"]=$(real_creates "$creates" "$mode-$round")
    settle
    log "round $round, $mode: p50 dry-run create ${p50["$mode $round"]} ms, create ${real["$mode $round"]} ms, update ${update["$mode $round"]} ms"
  done
  claim_writes $warmup "warm-$round" >/dev/null
  claim["$round"]=$(claim_writes "$creates" "$round")
  log "round $round: p50 of a claim write (Lease create) ${claim["$round"]} ms"
done
register none

# Interleaved: both webhooks registered at once, each for the namespaces labelled for it, and one keep-alive client
# sending dry-run creates to a namespace of no webhook, of the floor's and of ours in turn, so that the three meet the
# same moments of the API server and the machine. The p50 of each kind is then compared within one sequence.
for mode in none floor ours; do
  kubectl create namespace "bench-ab-$mode" >/dev/null
  kubectl label namespace "bench-ab-$mode" "bench-webhook=$mode" >/dev/null
  sed "s/namespace: demo/namespace: bench-ab-$mode/" local-secrets/demo-aws-credentials.yaml | kubectl apply -f - >/dev/null
done
register floor ours
ab_url() { echo "$apiserver_url/apis/kubevault.com/v1alpha1/namespaces/bench-ab-$1/vaultservers?dryRun=All"; }
# A table of its own: the example's is the stored "updated" VaultServer's in demo, which ours refuses to share.
python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["metadata"].pop("namespace", None)
o["spec"]["backend"]["dynamodb"]["table"] = "bench-interleaved"; json.dump(o, sys.stdout)' "$work/vaultserver.json" > "$work/vaultserver-ab.json"
ab_patched() { # ab_patched MODE: a dry-run create in MODE's namespace comes back defaulted (or not, for none)
  local out
  out=$(curl -s --cacert "$work/apiserver-certs/ca.crt" -H "Authorization: Bearer $apiserver_token" \
    -H 'Content-Type: application/json' --data @"$work/vaultserver-ab.json" "$(ab_url "$1")")
  if grep -q '"maxParallel":128' <<<"$out"; then [ "$1" != none ]; else [ "$1" = none ]; fi
}
for mode in none floor ours; do
  wait_interval=0.1 wait_for 10 "the interleaved registration ($mode)" ab_patched $mode
done
ab_sequence() { # ab_sequence N: N turns of none, floor, ours; the times in $work/ab-times, one line each, in that order
  local i mode
  for i in $(seq 1 "$1"); do  # a curl config file (-K): any number of transfers, one keep-alive connection
    for mode in none floor ours; do
      [ "$i$mode" = 1none ] || echo next
      api_transfer "@$work/vaultserver-ab.json" "$(ab_url $mode)"
    done
  done > "$work/ab-sequence.curl"
  curl -K "$work/ab-sequence.curl" > "$work/ab-times"
}
ab_sequence $ab_warmup
interleaved=$((creates * (rounds > 0 ? rounds : 1)))
# Ours' own review timer (decode, rules, encode: no HTTP, no TLS) around the measured sequence: what ours spends per
# review at this one-at-a-time rate, where caches are cold (JMH measures a hot review in microseconds).
review_timer() { # review_timer FILE: "ENDPOINT sum|count VALUE" lines of ours' review timer, summed over its tags
  curl -s --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:${port[ours]}/q/metrics" \
    | awk '/^vaultserver_admission_reviews_seconds_(sum|count)\{/ {match($0, /endpoint="[a-z]+"/); e = substr($0, RSTART + 10, RLENGTH - 11)
           kind = ($1 ~ /_sum\{/) ? "sum" : "count"; v[e " " kind] += $NF} END {for (k in v) print k, v[k]}' > "$1"
}
review_timer "$work/timer-before"
if [ "${JFR:-0}" = 1 ]; then  # 1 ms sampling (the JDK's "profile" settings sample every 10 ms)
  sed '/"jdk.ExecutionSample"/,/<\/event>/ s/10 ms/1 ms/' "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$work/sampling.jfc"
  jcmd "${pid[ours]}" JFR.start name=interleaved settings="$work/sampling.jfc" >/dev/null
fi
ab_sequence "$interleaved"
[ "${JFR:-0}" = 1 ] && jcmd "${pid[ours]}" JFR.stop name=interleaved filename="$work/ours.jfr" >/dev/null
review_timer "$work/timer-after"
register none
cp "$work/ab-times" "$work/times"
p50_of_times 201 >/dev/null   # every one answered 201 on one connection
declare -A ab
for mode in none floor ours; do
  case $mode in none) k=1;; floor) k=2;; ours) k=0;; esac
  ab[$mode]=$(awk -v k=$k 'NR % 3 == k {print $2 * 1000}' "$work/ab-times" | sort -n | awk '{v[NR]=$1} END {printf "%.2f", v[int((NR+1)/2)]}')
done

# ratio_table P50_ARRAY_NAME TARGET: per round, the no-webhook p50 and what the floor and ours add to it, and ours' share.
ratio_table() {
  local -n p=$1
  local round none f o r floor_adds=() ours_adds=() ratios=()
  printf '%-7s %12s %14s %14s %16s\n' round "no webhook" "floor adds" "ours adds" "ours / floor"
  for round in $(seq 1 "$rounds"); do
    none=${p["none $round"]}
    f=$(awk -v a="${p["floor $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
    o=$(awk -v a="${p["ours $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
    r=$(awk -v a="$o" -v b="$f" 'BEGIN {printf "%.2f", a / b}')
    floor_adds+=("$f"); ours_adds+=("$o"); ratios+=("$r")
    printf '%-7s %9s ms %11s ms %11s ms %16s\n' "$round" "$none" "$f" "$o" "$r"
  done
  printf '%-7s %12s %11s ms %11s ms %16s   (target: at most %s)\n' median "" "$(median <<<"${floor_adds[*]}")" "$(median <<<"${ours_adds[*]}")" \
    "$(median <<<"${ratios[*]}")" "$2"
  echo
}

echo "Server-side dry-run creates through kube-apiserver v1.20.2, one keep-alive client, $(machine)"
if [ "$rounds" -gt 0 ]; then
  echo "In rounds, p50 of $creates after $warmup"
  ratio_table p50 1.2
fi

echo "Server-side dry-run creates interleaved (no webhook, the floor, ours in turn on one keep-alive client), p50 of $interleaved each after $ab_warmup"
awk -v n="${ab[none]}" -v f="${ab[floor]}" -v o="${ab[ours]}" 'BEGIN {
  printf "%-12s %12s %14s %14s %16s\n", "", "no webhook", "floor adds", "ours adds", "ours / floor"
  printf "%-12s %9.2f ms %11.2f ms %11.2f ms %16.2f   (target: at most 1.2)\n\n", "interleaved", n, f - n, o - n, (o - n) / (f - n) }'
awk 'NR == FNR {before[$1 " " $2] = $3; next} {after[$1 " " $2] = $3}
  END {m = after["mutate count"] - before["mutate count"]; v = after["validate count"] - before["validate count"]
       if (m > 0 && v > 0) printf "ours'"'"' own review timer meanwhile (decode, rules, encode; no HTTP): /mutate %.3f ms, /validate %.3f ms per review\n\n",
         (after["mutate sum"] - before["mutate sum"]) / m * 1000, (after["validate sum"] - before["validate sum"]) / v * 1000}' \
  "$work/timer-before" "$work/timer-after"

if [ "${JFR:-0}" = 1 ]; then
  echo "JFR execution samples of ours over the interleaved turns, each counted for the nearest frame (from the top of the stack) outside java.*, jdk.*, sun.nio:"
  jfr print --events jdk.ExecutionSample --stack-depth 96 "$work/ours.jfr" | python3 bench/jfr_areas.py
  echo
fi
[ "$rounds" -gt 0 ] || exit 0

echo "Creates stored, each on a table of its own (ours claims it), same client, p50 of $creates after $warmup"
printf '%-7s %12s %14s %14s %14s %22s\n' round "no webhook" "floor adds" "ours adds" "claim write" "ours - floor - claim"
declare -a real_floor=() real_ours=() claims=() margins=()
for round in $(seq 1 "$rounds"); do
  none=${real["none $round"]}
  f=$(awk -v a="${real["floor $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
  o=$(awk -v a="${real["ours $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
  m=$(awk -v o="$o" -v f="$f" -v c="${claim[$round]}" 'BEGIN {printf "%.2f", o - f - c}')
  real_floor+=("$f"); real_ours+=("$o"); claims+=("${claim[$round]}"); margins+=("$m")
  printf '%-7s %9s ms %11s ms %11s ms %11s ms %19s ms\n' "$round" "$none" "$f" "$o" "${claim[$round]}" "$m"
done
printf '%-7s %12s %11s ms %11s ms %11s ms %19s ms   (target: at most 0)\n' median "" "$(median <<<"${real_floor[*]}")" \
  "$(median <<<"${real_ours[*]}")" "$(median <<<"${claims[*]}")" "$(median <<<"${margins[*]}")"
echo

echo "Updates that keep their table (an annotation changes), same client, p50 of $creates after $warmup"
ratio_table update 1.2
sleep 5
for name in ours floor; do
  echo "resident memory of $name, idle after the rounds: $(rss_mib "${pid[$name]}") MiB"
done
# Ours' own timer of its claims (the API calls each claiming write makes), over every round.
curl -s --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:${port[ours]}/q/metrics" | awk '
  /^vaultserver_admission_table_claim_seconds_count/ {n = $2} /^vaultserver_admission_table_claim_seconds_sum/ {s = $2}
  END {if (n > 0) printf "ours made %d claims, %.2f ms each on average (its own timer)\n", n, s / n * 1000}'
if [ "${NMT:-0}" = 1 ]; then
  echo "ours by the JVM's Native Memory Tracking (committed, MiB):"
  jcmd "${pid[ours]}" VM.native_memory summary scale=MB | awk '
    /^Total:/ {match($0, /committed=[0-9]+MB/); printf "  %-28s %5s\n", "total", substr($0, RSTART + 10, RLENGTH - 12)}
    /^-/ {line = $0; sub(/^- */, "", line); name = line; sub(/ *\(.*/, "", name)
          match(line, /committed=[0-9]+MB/); v = substr(line, RSTART + 10, RLENGTH - 12); if (v + 0 > 0) printf "  %-28s %5s\n", name, v}' 
fi
