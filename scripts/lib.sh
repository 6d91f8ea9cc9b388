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
