# Shell helpers shared by run.sh, e2e/run.sh and the bench scripts. Source it from the project root.

# Builds target/quarkus-app when it is missing or older than the sources, showing progress: one line per build
# step (Maven's plugin executions) and the time it took. The first build on a fresh machine also downloads Maven
# and every dependency: 122 s measured on 2 cores with empty Maven caches (2026-12-01).
build_if_stale() {
  if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
    local started=$SECONDS
    if [ -d "${MAVEN_USER_HOME:-$HOME/.m2}/repository/io/quarkus/quarkus-core" ]; then
      echo "build: building the service (usually under a minute)" >&2
    else
      echo "build: first build on this machine: downloading Maven and the dependencies, then building (about two minutes on 2 cores)" >&2
    fi
    ./mvnw -B package -DskipTests 2>&1 | awk '
      /^\[INFO\] Downloaded from / {if (++files % 100 == 0) {print "build:   " files " files downloaded"; fflush()}; next}
      /^\[INFO\] --- / {sub(/^\[INFO\] --- /, ""); sub(/ ---$/, ""); print "build:   " $0; fflush(); next}
      /^\[ERROR\]/ || /BUILD FAILURE/ {print "build: " $0; fflush()}' >&2
    echo "build: done in $((SECONDS - started)) s" >&2
  fi
}

# Builds the bench's floor (bench/floor) when it is missing or older than its sources.
build_floor_if_stale() {
  if [ ! -f bench/floor/target/quarkus-app/quarkus-run.jar ] || [ -n "$(find bench/floor/src bench/floor/pom.xml -newer bench/floor/target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
    ./mvnw -q -B -f bench/floor/pom.xml package -DskipTests
  fi
}

# Installs wrk (the HTTP load generator) from Debian's packages when it is missing.
ensure_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
}

# median: the median of the numbers on standard input (separated by spaces or newlines).
median() {
  tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

# rss_mib PID: the process's resident memory in MiB.
rss_mib() {
  echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 ))
}

# The machine a benchmark ran on, for its header: cores, CPU model, Java.
machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -n 1)"
}

# Prints a loopback TCP port nobody listens on now.
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# wait_for SECONDS DESCRIPTION COMMAND...: runs COMMAND (a program or a function) every half second, or every
# $wait_interval seconds, until it succeeds; fails (with a line through the caller's log function) after SECONDS. The
# scripts' one wait helper.
wait_for() {
  local seconds=$1 what=$2 interval=${wait_interval:-0.5} deadline; shift 2
  deadline=$(( $(date +%s%N) + seconds * 1000000000 ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s%N)" -ge "$deadline" ]; then
      log "$what did not come up in ${seconds}s"; return 1
    fi
    sleep "$interval"
  done
}

# bench_prepare [wrk]: what every benchmark beside the floor does first: a "bench:" log prefix, the chart's JVM options
# in java_opts (JAVA_OPTS overrides them), wrk from Debian when asked for, and the service and the floor built.
bench_prepare() {
  log() { echo "bench: $*" >&2; }
  java_opts=${JAVA_OPTS:-$(chart_jvm_options)}
  if [ "${1:-}" = wrk ]; then ensure_wrk; fi
  build_if_stale
  build_floor_if_stale
}

# bench_workspace NAME: an empty target/NAME as $work, and every process a bench starts in the background (its pid
# added to the array pids) stopped when the bench exits.
bench_workspace() {
  work="$PWD/target/$1"
  rm -rf "$work"; mkdir -p "$work"
  pids=()
  trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
}

# start_service PORT CERT_DIR LOG JAR [JAVA_OPTION...]: starts a Quarkus jar (the service, or the bench's floor) in
# the background on 127.0.0.1:PORT with the serving certificate in CERT_DIR and Secrets from local-secrets/, logging
# to LOG; sets service_pid. Secrets come from local-secrets/, or from the API server with secrets_source=kubernetes.
start_service() {
  local port=$1 certs=$2 log=$3 jar=$4
  shift 4
  QUARKUS_HTTP_SSL_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_LEVEL=WARN \
    QUARKUS_TLS_KEY_STORE_PEM_0_CERT="$certs/tls.crt" QUARKUS_TLS_KEY_STORE_PEM_0_KEY="$certs/tls.key" \
    VAULTSERVER_ADMISSION_SECRETS_SOURCE="${secrets_source:-directory}" \
    java "$@" -jar "$jar" > "$log" 2>&1 &
  service_pid=$!
}

# The chart's JVM options (helm/vaultserver-admission/values.yaml), with its memory limit emulated by -XX:MaxRAM.
chart_jvm_options() {
  local values=helm/vaultserver-admission/values.yaml limit percentage extra
  limit=$(awk '/^  limits:/ {l=1} l && /memory:/ {print $2; exit}' "$values" | sed 's/Mi$/m/')
  percentage=$(awk '/^jvm:/ {j=1} j && /maxRAMPercentage:/ {print $2; exit}' "$values")
  extra=$(awk '/^jvm:/ {j=1} j && /extraOptions:/ {sub(/^[^"]*"/, ""); sub(/"[^"]*$/, ""); print; exit}' "$values")
  echo "-XX:MaxRAM=$limit -XX:MaxRAMPercentage=$percentage $extra"
}

# etcd_command NAME DATA_DIR CLIENT_PORT PEER_PORT: sets the array etcd_command to a one-member etcd on loopback ports
# (the API-server suite's and the cluster's alike).
etcd_command() {
  local name=$1 data=$2 client=$3 peer=$4
  etcd_command=(etcd --data-dir "$data" --name "$name"
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client"
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer"
    --initial-cluster "$name=http://127.0.0.1:$peer")
}

# service_account_keys PREFIX: the API server's ServiceAccount token signing key pair, PREFIX.key and PREFIX.pub.
service_account_keys() {
  openssl genrsa -out "$1.key" 2048 2>/dev/null
  openssl rsa -in "$1.key" -pubout -out "$1.pub" 2>/dev/null
}

# write_kubeconfig FILE SERVER CA_FILE TOKEN: a kubeconfig for one cluster and one bearer token.
write_kubeconfig() {
  cat > "$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: cluster
    cluster: {server: "$2", certificate-authority: "$3"}
users:
  - name: user
    user: {token: "$4"}
contexts:
  - name: cluster
    context: {cluster: cluster, user: user}
current-context: cluster
KUBECONFIG
}

# start_apiserver WORK: a real etcd and kube-apiserver v1.20.2 (e2e/build-apiserver.sh, built once and cached) on free
# loopback ports, with the webhook admission plugins (and ResourceQuota, which refuses after them) on and their files in WORK; installs etcd, kubectl, openssl and
# curl from Debian's packages when missing. Exports KUBECONFIG (WORK/kubeconfig, an admin token) and sets
# apiserver_url and apiserver_token, appends both processes to the caller's pids array and waits until it is ready.
start_apiserver() {
  local work=$1 apiserver etcd_client etcd_peer api_port token need=()
  apiserver=$(e2e/build-apiserver.sh)
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v kubectl >/dev/null || need+=(kubernetes-client)
  command -v openssl >/dev/null || need+=(openssl)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
  # Debian's etcd-server starts a system etcd on the default ports; ours uses its own free ports.
  etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port)
  apiserver_url="https://127.0.0.1:$api_port"
  log "starting etcd on 127.0.0.1:$etcd_client"
  etcd_command e2e "$work/etcd" "$etcd_client" "$etcd_peer"
  "${etcd_command[@]}" > "$work/etcd.log" 2>&1 &
  pids+=($!)

  certs/generate.sh --out "$work/apiserver-certs" 127.0.0.1 localhost 2>/dev/null
  service_account_keys "$work/sa"
  token=$(openssl rand -hex 16)
  apiserver_token=$token
  echo "$token,admin,admin,system:masters" > "$work/tokens.csv"

  wait_for 30 etcd curl -sf "http://127.0.0.1:$etcd_client/health"
  log "starting kube-apiserver v1.20.2 on 127.0.0.1:$api_port"
  "$apiserver" --bind-address=127.0.0.1 --secure-port="$api_port" --insecure-port=0 \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --etcd-servers="http://127.0.0.1:$etcd_client" \
    --tls-cert-file="$work/apiserver-certs/tls.crt" --tls-private-key-file="$work/apiserver-certs/tls.key" \
    --client-ca-file="$work/apiserver-certs/ca.crt" --token-auth-file="$work/tokens.csv" \
    --authorization-mode=RBAC \
    --service-account-issuer=https://127.0.0.1 --service-account-key-file="$work/sa.pub" \
    --service-account-signing-key-file="$work/sa.key" --api-audiences=e2e \
    --service-cluster-ip-range=10.0.0.0/24 \
    --enable-admission-plugins=NamespaceLifecycle,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota \
    --disable-admission-plugins=ServiceAccount > "$work/apiserver.log" 2>&1 &
  pids+=($!)

  write_kubeconfig "$work/kubeconfig" "https://127.0.0.1:$api_port" "$work/apiserver-certs/ca.crt" "$token"
  export KUBECONFIG="$work/kubeconfig"
  wait_for 60 kube-apiserver kubectl get --raw /readyz
  log "kube-apiserver ready: $(kubectl get --raw /version | grep -o "\"gitVersion\": *\"[^\"]*\"")"
}

# api_transfer DATA URL [METHOD]: one transfer of a curl config (for api_transfers) to the API server start_apiserver
# started: a POST of DATA (curl's --data: JSON, or @FILE) as its admin, or with METHOD PATCH a merge patch, written out
# as "STATUS SECONDS CONNECTIONS_OPENED"; it begins with a line "next", which parts it from the transfer before.
api_transfer() {
  echo next
  local type=application/json
  [ "${3:-POST}" = PATCH ] && type=application/merge-patch+json
  printf 'silent\ncacert = "%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: %s"\nrequest = "%s"\n' \
    "$work/apiserver-certs/ca.crt" "$apiserver_token" "$type" "${3:-POST}"
  printf 'data = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total} %%{num_connects}\\n"\nurl = "%s"\n' \
    "${1//\"/\\\"}" "$2"
}

# api_transfers [CURL_ARG...]: the transfers api_transfer wrote to standard input, all on one keep-alive connection
# (one curl config, curl -K), each written out as api_transfer says.
api_transfers() {
  sed '1{/^next$/d}' | curl "$@" -K -
}

# lease_json NAME HOLDER: a Lease named NAME held by HOLDER, as JSON (the benches' stand-in for one claim's write).
lease_json() {
  printf '{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s"},"spec":{"holderIdentity":"%s"}}' "$1" "$2"
}

# image_source_url: what the image's org.opencontainers.image.source label says: VSA_IMAGE_SOURCE, else git's origin
# URL, else this folder (scripts/build-image.sh labels with it; the image suite gives a clone's build the same).
image_source_url() {
  echo "${VSA_IMAGE_SOURCE:-$(git remote get-url origin 2>/dev/null || pwd)}"
}
