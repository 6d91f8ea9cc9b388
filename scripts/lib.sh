# Shell helpers shared by run.sh, e2e/run.sh and bench/run.sh. Source it from the project root.

# Builds target/quarkus-app when it is missing or older than the sources.
build_if_stale() {
  if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
    ./mvnw -q -B package -DskipTests
  fi
}

# Prints a loopback TCP port nobody listens on now.
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# wait_for SECONDS DESCRIPTION COMMAND...: runs COMMAND every half second until it succeeds; fails
# (with a line through the caller's log function) after SECONDS.
wait_for() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$what did not come up in ${seconds}s"; return 1
}

# start_service PORT CERT_DIR LOG JAR [JAVA_OPTION...]: starts a Quarkus jar (the service, or the bench's floor) in
# the background on 127.0.0.1:PORT with the serving certificate in CERT_DIR and Secrets from local-secrets/, logging
# to LOG; sets service_pid.
start_service() {
  local port=$1 certs=$2 log=$3 jar=$4
  shift 4
  QUARKUS_HTTP_SSL_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_LEVEL=WARN \
    QUARKUS_TLS_KEY_STORE_PEM_0_CERT="$certs/tls.crt" QUARKUS_TLS_KEY_STORE_PEM_0_KEY="$certs/tls.key" \
    VAULTSERVER_ADMISSION_SECRETS_SOURCE=directory \
    java "$@" -jar "$jar" > "$log" 2>&1 &
  service_pid=$!
}

# exercise_service PORT: waits (up to 120 s) until the service on 127.0.0.1:PORT is ready, then sends it the example
# review on both endpoints twice: what a class-data archive (AppCDS) is trained on.
exercise_service() {
  local port=$1 endpoint
  wait_for 120 "the service on port $port" curl -sfk -o /dev/null "https://127.0.0.1:$port/q/health/ready"
  for endpoint in mutate validate mutate validate; do
    curl -sfk -o /dev/null -H 'Content-Type: application/json' --data @examples/create-v1alpha1.json "https://127.0.0.1:$port/$endpoint"
  done
}

# The chart's JVM options (helm/vaultserver-admission/values.yaml), with its memory limit emulated by -XX:MaxRAM.
chart_jvm_options() {
  local values=helm/vaultserver-admission/values.yaml limit percentage extra
  limit=$(awk '/^  limits:/ {l=1} l && /memory:/ {print $2; exit}' "$values" | sed 's/Mi$/m/')
  percentage=$(awk '/^jvm:/ {j=1} j && /maxRAMPercentage:/ {print $2; exit}' "$values")
  extra=$(awk '/^jvm:/ {j=1} j && /extraOptions:/ {sub(/^[^"]*"/, ""); sub(/"[^"]*$/, ""); print; exit}' "$values")
  echo "-XX:MaxRAM=$limit -XX:MaxRAMPercentage=$percentage $extra"
}
