#!/usr/bin/env bash
# What a `kubectl apply` feels: the time the webhooks add to a VaultServer write through a real kube-apiserver,
# ours beside the floor (bench/floor: the same Quarkus stack answering allowed, on /mutate the same four-operation
# patch, and for a create stored the same one Lease create through the same client, with no rules). Three kinds of
# write: server-side dry-run creates (nothing stored, nothing claimed), real creates each on a table of its own (ours
# claims each table: one Lease create), and updates that keep their table (ours makes no API call). The claim's API
# call alone is measured beside them: Lease creates sent straight to the API server from the same curl client
# (bench/claim-writes.sh compares curl's with fabric8's, which ours and the floor use).
#
#   bench/apiserver.sh [CREATES] [ROUNDS]   (defaults: 130 and 3: CREATES x ROUNDS interleaved turns of each kind
#                                            after WARMUP (default 30), and ROUNDS rounds of CREATES after 30)
#   bench/apiserver.sh CREATES 0            only the interleaved turns: CREATES of them
#   OURS_JAR=/elsewhere/target/quarkus-app/quarkus-run.jar bench/apiserver.sh ...   ours from another build (an
#          earlier commit's, for a before and after; with its chart's JVM options in OURS_JAVA_OPTS)
#   JFR=1 bench/apiserver.sh ...            also ours' JFR execution samples (1 ms) over the interleaved dry-run creates, grouped by area (bench/jfr_areas.py);
#          the recording is kept in target/bench-apiserver/ours.jfr
#
# A real etcd + kube-apiserver v1.20.2 (scripts/lib.sh start_apiserver), the CRD, namespace `demo` and its Secret
# `aws-credentials`. Ours runs as in a cluster (Secrets from the API server through its watch-backed caches), both
# with the chart's JVM options (JAVA_OPTS to override). All writes go from one keep-alive client (curl, one
# connection, HTTP/2), and each measurement is a p50.
# The targets are measured interleaved: both webhooks registered at once (a mutating and a validating webhook each,
# by URL with a caBundle, as the chart does), each for the namespaces labelled for it, and the client writing to a
# namespace of no webhook, of the floor's and of ours in turn (for stored creates, and a Lease create in each turn),
# which takes the drift of the API server and the machine from minute to minute out of the comparison. Target for
# each kind: what ours adds to the no-webhook p50 at most 1.2 times what the floor adds.
# Meanwhile ours' own review timer says how much of what ours adds is its own work per review (decode, rules, encode).
# Before them, ROUNDS rounds register, in turn, no webhook, the floor and ours alone, check the create comes back
# patched by the registered webhooks (and unpatched without), and send each kind of write: what each adds there,
# round by round, shows how far one such minute-long measurement strays (no target).
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
kubectl create namespace bench-floor-claims >/dev/null
kubectl apply -n demo -f local-secrets/demo-aws-credentials.yaml >/dev/null
sed "s/namespace: demo/namespace: bench-create/" local-secrets/demo-aws-credentials.yaml | kubectl apply -f - >/dev/null
export VAULTSERVER_ADMISSION_CLAIMS_NAMESPACE=bench-claims
# Ours' claim keeper adopts the creates made without it and releases them after their delete: with a short grace period
# this settles between modes (settle below), so that no mode is measured beside the last one's clean-up.
export VAULTSERVER_ADMISSION_CLAIMS_GRACE=3s
# The floor's claim writes (bench/floor FloorResource: one Lease create for each create that is not a dry run).
export FLOOR_CLAIMS_NAMESPACE=bench-floor-claims

certs/generate.sh --out "$work/webhook-certs" 127.0.0.1 localhost 2>/dev/null
declare -A port pid
for name in ours floor; do
  port[$name]=$(free_port)
  jar=${OURS_JAR:-target/quarkus-app/quarkus-run.jar}; [ $name = floor ] && jar=bench/floor/target/quarkus-app/quarkus-run.jar
  nmt=(); [ "${NMT:-0}" = 1 ] && [ $name = ours ] && nmt=(-XX:NativeMemoryTracking=summary)
  opts=$java_opts; [ $name = ours ] && opts=${OURS_JAVA_OPTS:-$java_opts}
  # shellcheck disable=SC2086
  secrets_source=kubernetes start_service "${port[$name]}" "$work/webhook-certs" "$work/$name.log" "$jar" $opts "${nmt[@]}"
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
  local bodies=()
  for _ in $(seq 1 "$1"); do bodies+=("@$work/vaultserver.json"); done
  sequence POST "$create_url" 201 "${bodies[@]}"
}

p50_of_times() { # p50_of_times STATUS [FILE]: checks every transfer in FILE ($work/times) answered STATUS on one connection; prints the p50 in ms
  local times=${2:-$work/times}
  awk -v want="$1" '$1 != want {bad++} $3 > 0 {connects += $3} END {if (bad) {print bad " writes were not " want > "/dev/stderr"; exit 1}
       if (connects > 1) {print connects " connections were opened, not 1" > "/dev/stderr"; exit 1}}' "$times"
  awk '{print $2 * 1000}' "$times" | p50
}

p50() { printf '%.2f' "$(median)"; }  # p50: the median of the numbers read (scripts/lib.sh), to two decimals

# sequence METHOD URL STATUS BODY...: one request per BODY (JSON, or @FILE) on one keep-alive connection
# (api_transfers); checks the status and prints the p50 in ms. PATCH bodies are merge patches.
sequence() {
  local method=$1 url=$2 status=$3 body
  shift 3
  for body in "$@"; do
    api_transfer "$body" "$url" "$method"
  done | api_transfers > "$work/times"
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
  kubectl delete -n bench-create vaultservers.kubevault.com --all --wait=false >/dev/null
  kubectl delete -n bench-floor-claims leases --all --wait=false >/dev/null
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
    bodies+=("$(lease_json "bench-$2-$i" "bench/$i")")
  done
  sequence POST "$apiserver_url/apis/coordination.k8s.io/v1/namespaces/bench-claims/leases" 201 "${bodies[@]}"
  kubectl delete -n bench-claims leases -l '!vaultserver-admission.dev/claim' --wait=false >/dev/null
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
# A table of its own: the example's is the stored "updated" VaultServer's in demo, which ours refuses to share.
python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["metadata"].pop("namespace", None)
o["spec"]["backend"]["dynamodb"]["table"] = "bench-interleaved"; json.dump(o, sys.stdout)' "$work/vaultserver.json" > "$work/vaultserver-ab.json"
# The same with its name and table given (stored ones): NAME TABLE.
stored_vaultserver() {
  python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); o["metadata"]["name"] = sys.argv[2]
o["spec"]["backend"]["dynamodb"]["table"] = sys.argv[3]; json.dump(o, sys.stdout)' "$work/vaultserver-ab.json" "$1" "$2"
}
vaultservers_url() { echo "$apiserver_url/apis/kubevault.com/v1alpha1/namespaces/bench-ab-$1/vaultservers"; }

# transfer KIND MODE TURN TAG: the api_transfer of one write of KIND in MODE's namespace (none, floor, ours; for a
# lease, none: bench-claims), its names made of TURN and TAG: a dry-run create, a create stored on a table of its own,
# an update of the VaultServer "updated" keeping its table, or a Lease create (what one claim's API call costs).
transfer() {
  case $1 in
    dry-run) api_transfer "@$work/vaultserver-ab.json" "$(vaultservers_url "$2")?dryRun=All" ;;
    create) api_transfer "${stored_template//__NAME__/bench-ab-$2-$4-$3}" "$(vaultservers_url "$2")" ;;
    update) api_transfer "{\"metadata\":{\"annotations\":{\"bench\":\"$4-$3\"}}}" "$(vaultservers_url "$2")/updated" PATCH ;;
    lease) api_transfer "$(lease_json "bench-ab-$4-$3" "bench/$3")" \
      "$apiserver_url/apis/coordination.k8s.io/v1/namespaces/bench-claims/leases" ;;
  esac
}
stored_template=$(stored_vaultserver __NAME__ __NAME__)

# interleave NAME TURNS TAG STATUS WRITE...: TURNS turns of one transfer of each WRITE ("KIND MODE", see transfer) in
# that order, all on one keep-alive client; checks each answered STATUS on one connection. The times in
# $work/NAME-times, one line per transfer.
interleave() {
  local name=$1 turns=$2 tag=$3 status=$4 i write
  shift 4
  for i in $(seq 1 "$turns"); do
    for write in "$@"; do
      # shellcheck disable=SC2086
      transfer $write "$i" "$tag"
    done
  done | api_transfers > "$work/$name-times"
  p50_of_times "$status" "$work/$name-times" >/dev/null
}
column_p50() { # column_p50 NAME K N: the p50 of the K-th of every N transfers in $work/NAME-times (K from 1)
  awk -v k="$2" -v n="$3" '(NR - 1) % n == k - 1 {print $2 * 1000}' "$work/$1-times" | p50
}

ab_patched() { # ab_patched MODE: a dry-run create in MODE's namespace comes back defaulted (or not, for none)
  local out
  out=$(curl -s --cacert "$work/apiserver-certs/ca.crt" -H "Authorization: Bearer $apiserver_token" \
    -H 'Content-Type: application/json' --data @"$work/vaultserver-ab.json" "$(vaultservers_url "$1")?dryRun=All")
  if grep -q '"maxParallel":128' <<<"$out"; then [ "$1" != none ]; else [ "$1" = none ]; fi
}
for mode in none floor ours; do
  wait_interval=0.1 wait_for 10 "the interleaved registration ($mode)" ab_patched $mode
done
interleaved=$((creates * (rounds > 0 ? rounds : 1)))
interleave dry-run "$ab_warmup" warm 201 "dry-run none" "dry-run floor" "dry-run ours"
# Ours' own review timer (decode, rules, encode: no HTTP, no TLS) around the measured sequence: what ours spends per
# review at this one-at-a-time rate, where caches are cold (JMH measures a hot review in microseconds).
review_timer() { # review_timer FILE: "ENDPOINT sum|count VALUE" lines of ours' review timer, summed over its tags, and "claim sum|count VALUE" of its claim timer
  curl -s --cacert "$work/webhook-certs/ca.crt" "https://127.0.0.1:${port[ours]}/q/metrics" \
    | awk '/^vaultserver_admission_reviews_seconds_(sum|count)\{/ {match($0, /endpoint="[a-z]+"/); e = substr($0, RSTART + 10, RLENGTH - 11)
           kind = ($1 ~ /_sum\{/) ? "sum" : "count"; v[e " " kind] += $NF}
           /^vaultserver_admission_table_claim_seconds_(sum|count)/ {kind = ($1 ~ /_sum/) ? "sum" : "count"; v["claim " kind] += $NF}
           END {for (k in v) print k, v[k]}' > "$1"
}
timer_line() { # timer_line BEFORE AFTER: ours' review timer per review between the two, and its claim timer if it claimed
  awk 'NR == FNR {before[$1 " " $2] = $3; next} {after[$1 " " $2] = $3}
    function per(e) {n = after[e " count"] - before[e " count"]; return n > 0 ? (after[e " sum"] - before[e " sum"]) / n * 1000 : 0}
    END {printf "ours'"'"' own review timer meanwhile (decode, rules, encode; no HTTP): /mutate %.3f ms, /validate %.3f ms per review", per("mutate"), per("validate")
         n = after["claim count"] - before["claim count"]; if (n > 0) printf "; its claim timer %.3f ms per claim (%d claims)", per("claim"), n
         printf "\n\n"}' "$1" "$2"
}
review_timer "$work/timer-before"
if [ "${JFR:-0}" = 1 ]; then  # 1 ms sampling (the JDK's "profile" settings sample every 10 ms)
  sed '/"jdk.ExecutionSample"/,/<\/event>/ s/10 ms/1 ms/' "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$work/sampling.jfc"
  jcmd "${pid[ours]}" JFR.start name=interleaved settings="$work/sampling.jfc" >/dev/null
fi
interleave dry-run "$interleaved" measured 201 "dry-run none" "dry-run floor" "dry-run ours"
[ "${JFR:-0}" = 1 ] && jcmd "${pid[ours]}" JFR.stop name=interleaved filename="$work/ours.jfr" >/dev/null
review_timer "$work/timer-after"
log "interleaved dry-run creates: p50 $(column_p50 dry-run 1 3), $(column_p50 dry-run 2 3), $(column_p50 dry-run 3 3) ms"

# Stored creates interleaved, each on a table of its own (ours claims each), with a Lease create from the same client
# in every turn: the API call a claim makes, at the same moments. Then all deleted, and their claims released.
interleave stored "$ab_warmup" warm 201 "create none" "create floor" "create ours" "lease none"
review_timer "$work/timer-before-stored"
interleave stored "$interleaved" measured 201 "create none" "create floor" "create ours" "lease none"
review_timer "$work/timer-after-stored"
log "interleaved stored creates: p50 $(column_p50 stored 1 4), $(column_p50 stored 2 4), $(column_p50 stored 3 4) ms, Lease create $(column_p50 stored 4 4) ms"
# The floor made its claim write for each of its creates (and none for its dry runs).
floor_claims=$(kubectl get leases -n bench-floor-claims --no-headers 2>/dev/null | wc -l)
[ "$floor_claims" = $((ab_warmup + interleaved)) ] || { echo "the floor made $floor_claims claim writes for $((ab_warmup + interleaved)) creates" >&2; exit 1; }
for mode in none floor ours; do
  kubectl delete -n "bench-ab-$mode" vaultservers.kubevault.com --all --wait=false >/dev/null
done
kubectl delete -n bench-claims leases -l '!vaultserver-admission.dev/claim' --wait=false >/dev/null
kubectl delete -n bench-floor-claims leases --all --wait=false >/dev/null
settle

# Updates interleaved, of one stored VaultServer in each namespace, each keeping its table (ours makes no API call).
for mode in none floor ours; do
  stored_vaultserver updated "bench-updated-$mode" | kubectl create -n "bench-ab-$mode" -f - >/dev/null
done
interleave updates "$ab_warmup" warm 200 "update none" "update floor" "update ours"
interleave updates "$interleaved" measured 200 "update none" "update floor" "update ours"
log "interleaved updates: p50 $(column_p50 updates 1 3), $(column_p50 updates 2 3), $(column_p50 updates 3 3) ms"
register none

# ratio_table P50_ARRAY_NAME: per round, the no-webhook p50 and what the floor and ours add to it, and ours' share.
ratio_table() {
  local -n p=$1
  local round none f o r floor_adds=() ours_adds=() ratios=()
  printf '%-12s %12s %14s %14s %16s\n' round "no webhook" "floor adds" "ours adds" "ours / floor"
  for round in $(seq 1 "$rounds"); do
    none=${p["none $round"]}
    f=$(awk -v a="${p["floor $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
    o=$(awk -v a="${p["ours $round"]}" -v b="$none" 'BEGIN {printf "%.2f", a - b}')
    r=$(awk -v a="$o" -v b="$f" 'BEGIN {printf "%.2f", a / b}')
    floor_adds+=("$f"); ours_adds+=("$o"); ratios+=("$r")
    printf '%-12s %9s ms %11s ms %11s ms %16s\n' "$round" "$none" "$f" "$o" "$r"
  done
  printf '%-12s %12s %11s ms %11s ms %16s\n' median "" "$(median <<<"${floor_adds[*]}")" "$(median <<<"${ours_adds[*]}")" \
    "$(median <<<"${ratios[*]}")"
}

# interleaved_line NAME: the interleaved p50s of none, the floor and ours in NAME's times (three writes a turn), what
# each webhook adds and ours' share of the floor's, against the target.
interleaved_line() {
  awk -v n="$(column_p50 "$1" 1 3)" -v f="$(column_p50 "$1" 2 3)" -v o="$(column_p50 "$1" 3 3)" 'BEGIN {
    printf "%-12s %9.2f ms %11.2f ms %11.2f ms %16.2f   (target: at most 1.2)\n\n", "interleaved", n, f - n, o - n, (o - n) / (f - n) }'
}

echo "Through kube-apiserver v1.20.2, one keep-alive client, $(machine)."
echo "The targets are on the interleaved lines (no webhook, the floor and ours in turn, $interleaved turns after $ab_warmup):"
echo "rounds, if any, measure each webhook alone $creates times after $warmup, one after another, and show how much"
echo "the machine and the API server drift from one minute to the next."
echo
echo "Server-side dry-run creates, p50"
[ "$rounds" -gt 0 ] && ratio_table p50
interleaved_line dry-run
timer_line "$work/timer-before" "$work/timer-after"

if [ "${JFR:-0}" = 1 ]; then
  echo "JFR execution samples of ours over the interleaved dry-run creates, each counted for the nearest frame (from the top of the stack) outside java.*, jdk.*, sun.nio:"
  jfr print --events jdk.ExecutionSample --stack-depth 96 "$work/ours.jfr" | python3 bench/jfr_areas.py
  echo
fi

echo "Creates stored, each on a table of its own, p50: ours claims it, and the floor makes the same one Lease create through"
echo "the same client (fabric8's); beside them a Lease create from curl, the claim's API call with no HTTP client of Java's"
printf '%-12s %12s %14s %14s %16s %20s\n' round "no webhook" "floor adds" "ours adds" "ours / floor" "Lease create (curl)"
if [ "$rounds" -gt 0 ]; then
  for round in $(seq 1 "$rounds"); do
    awk -v n="${real["none $round"]}" -v f="${real["floor $round"]}" -v o="${real["ours $round"]}" -v c="${claim[$round]}" -v r="$round" 'BEGIN {
      printf "%-12s %9.2f ms %11.2f ms %11.2f ms %16.2f %17.2f ms\n", r, n, f - n, o - n, (o - n) / (f - n), c }'
  done
fi
awk -v n="$(column_p50 stored 1 4)" -v f="$(column_p50 stored 2 4)" -v o="$(column_p50 stored 3 4)" -v c="$(column_p50 stored 4 4)" 'BEGIN {
  printf "%-12s %9.2f ms %11.2f ms %11.2f ms %16.2f %17.2f ms   (target: at most 1.2)\n\n", "interleaved", n, f - n, o - n, (o - n) / (f - n), c }'
timer_line "$work/timer-before-stored" "$work/timer-after-stored"

echo "Updates that keep their table (an annotation changes; ours makes no API call), p50"
[ "$rounds" -gt 0 ] && ratio_table update
interleaved_line updates
sleep 5
for name in ours floor; do
  echo "resident memory of $name, idle after the writes: $(rss_mib "${pid[$name]}") MiB"
done
# Ours' own timer of its claims (the API calls each claiming write makes), over every stored create.
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
