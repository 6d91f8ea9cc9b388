#!/usr/bin/env bash
# The rule core's throughput per core with JMH (no HTTP, no TLS): reviews decided per second on one thread.
#
#   bench/jmh.sh [JMH options...]      (default: 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, 1 thread)
#
# Benchmarks are in src/test/java/dev/vaultserver/admission/bench/CoreBenchmark.java.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
options=("$@")
[ ${#options[@]} -eq 0 ] && options=(-f 1 -wi 3 -w 2s -i 5 -r 2s -t 1)
echo "JMH on $(nproc) cores, $(java -version 2>&1 | head -n 1)"
exec java -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" org.openjdk.jmh.Main CoreBenchmark "${options[@]}"
