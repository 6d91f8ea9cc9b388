#!/usr/bin/env bash
# Builds the container image with no Docker engine and no registry, from Debian's packages.
#
#   scripts/build-image.sh [--out FILE]
#
# Writes an OCI image archive (default target/image/vaultserver-admission-<version>.tar, image
# vaultserver-admission:<version>) and beside it <archive>.cdx.json, the CycloneDX SBOM (the Java
# dependencies, the Debian packages of the base and the Java runtime's Debian package), and
# <archive>.debian-packages.txt, the Debian packages in the base. Prints the image size and, as its last
# line, the image reference.
#
# What it uses, installed from Debian when missing: mmdebstrap (the base, from Debian's packages),
# buildah (the layers; daemonless), and Debian's current openjdk-17 (its jdeps and jlink make a Java
# runtime of only the modules the service needs; it is upgraded to Debian's current version first). The
# layers are in src/main/docker/Containerfile.jlink. The base, the Java runtime and buildah's layer
# cache are kept under ${VSA_CACHE:-~/.cache/vaultserver-admission}/image, keyed by the Debian package
# versions they come from: a security update in Debian makes a new base or runtime, and a second build
# with only an application change takes seconds.
#
# Push it:         skopeo copy oci-archive:FILE docker://REGISTRY/vaultserver-admission:VERSION
# Load it a node:  ctr -n k8s.io images import FILE
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
source scripts/lib.sh
log() { echo "build-image: $*" >&2; }

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
name="vaultserver-admission:$version"
# What Docker, containerd and the kubelet call `vaultserver-admission:<version>` in full.
qualified="docker.io/library/$name"
out="target/image/vaultserver-admission-$version.tar"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
started=$(date +%s)

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v buildah >/dev/null || need+=(buildah)
command -v unzip >/dev/null || need+=(unzip)
command -v python3 >/dev/null || need+=(python3)
# Debian's package lists, fresh: the base and the JDK are taken at Debian's current versions.
apt-get update -qq >&2
# The JDK the runtime is linked from: Debian's current openjdk-17 (installed, or upgraded to the candidate).
jdk_packages=(openjdk-17-jdk-headless openjdk-17-jre-headless)
for package in "${jdk_packages[@]}"; do
  installed=$(dpkg-query -W -f '${Version}' "$package" 2>/dev/null || true)
  candidate=$(apt-cache policy "$package" | awk '/Candidate:/ {print $2}')
  [ "$installed" = "$candidate" ] || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
jdk=/usr/lib/jvm/java-17-openjdk-amd64
[ -f "$jdk/jmods/java.base.jmod" ] || { log "no jmods in $jdk: jlink needs openjdk-17-jdk-headless"; exit 1; }
jdk_version=$(dpkg-query -W -f '${Version}' openjdk-17-jre-headless)
cache="${VSA_CACHE:-$HOME/.cache/vaultserver-admission}/image"
mkdir -p "$cache"

log "building the application (target/quarkus-app, target/bom.json)"
build_if_stale
[ -f target/bom.json ] || ./mvnw -q -B package -DskipTests
app=target/quarkus-app

# 1. The base: Debian's packages, unpacked (no maintainer scripts run, nothing else installed).
#    The JVM needs libc, libstdc++, libgcc_s and zlib (ldd of libjvm.so, libzip.so); base-files gives
#    /etc/os-release, netbase /etc/services and /etc/protocols. Only copyright files of /usr/share/doc stay.
packages=libc6,libstdc++6,libgcc-s1,zlib1g,base-files,netbase
sources=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null || grep -h '^deb ' /etc/apt/sources.list)
# Keyed by the versions Debian offers now, so that an updated package (a security fix) makes a new base.
versions=$(apt-cache policy ${packages//,/ } | awk '/^[^ ]/ {p=$1} /Candidate:/ {print p, $2}')
base_key=$(printf '%s\n%s\n%s\n' "$packages" "$sources" "$versions" | sha256sum | cut -c1-16)
base="$cache/base-$base_key.tar"
if [ ! -s "$base" ]; then
  log "making the base from Debian's packages ($packages)"
  printf '%s\n' "$sources" | mmdebstrap --quiet --variant=extract --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --extract-hook='for deb in "$1"/var/cache/apt/archives/*.deb; do dpkg-deb -f "$deb" Package Version Architecture | cut -d" " -f2 | paste -sd"\t"; done > "'"$base.packages"'"' \
    bookworm "${base%.tar}.tmp.tar" - >&2
  mv "${base%.tar}.tmp.tar" "$base"
fi

# 2. The Java runtime: jlink of the modules jdeps finds in the application and its dependencies,
#    plus those only reached by reflection or service loading (jdk.zipfs: the jar: file system
#    SmallRye Config reads the application's configuration with; jdk.crypto.ec: TLS's elliptic curves;
#    jdk.management: Micrometer's process metrics; jdk.jfr: profiling a running Pod), less jdk.compiler
#    (only io.vertx.codegen, an annotation processor, refers to it: it runs at build time). The CDS archive for heaps over 32 GB
#    (classes_nocoops.jsa) is left out: the chart's heap is far smaller.
jars=("$app"/lib/main/*.jar "$app"/app/*.jar "$app"/quarkus/generated-bytecode.jar "$app"/quarkus-run.jar)
deps_key=$( (sha256sum "${jars[@]}" | cut -c1-64; "$jdk/bin/java" -version 2>&1) | sha256sum | cut -c1-16)
modules_file="$cache/jdeps-$deps_key"
if [ ! -s "$modules_file" ]; then
  log "finding the Java modules the service uses (jdeps)"
  classes=$(mktemp -d)
  for jar in "${jars[@]}"; do
    unzip -qo "$jar" -x 'module-info.class' 'META-INF/versions/*' -d "$classes" 2>/dev/null || true
  done
  found=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps -q "$classes")
  rm -rf "$classes"
  echo "$found" > "$modules_file"
fi
modules=$(echo "$(cat "$modules_file"),jdk.zipfs,jdk.crypto.ec,jdk.management,jdk.jfr" | tr ',' '\n' | grep -vx jdk.compiler | sort -u | paste -sd,)
runtime_key=$( (echo "$modules"; echo "$jdk_version"; "$jdk/bin/java" -version 2>&1) | sha256sum | cut -c1-16)
runtime="$cache/java-runtime-$runtime_key.tar"
if [ ! -s "$runtime" ]; then
  log "linking a Java runtime of $modules"
  tmp=$(mktemp -d)
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$tmp/java" >&2
  rm -f "$tmp/java/lib/server/classes_nocoops.jsa"
  tar -C "$tmp/java" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$runtime.tmp" .
  mv "$runtime.tmp" "$runtime"
  rm -rf "$tmp"
fi

# 3. The layers, with buildah's cache: an unchanged base, runtime or lib/ is not written again.
stage="$cache/context"
rm -rf "$stage"; mkdir -p "$stage/quarkus-app"
ln "$base" "$stage/base.tar" 2>/dev/null || cp "$base" "$stage/base.tar"
ln "$runtime" "$stage/java-runtime.tar" 2>/dev/null || cp "$runtime" "$stage/java-runtime.tar"
cp -r src/main/docker/rootfs "$stage/rootfs"
cp -r "$app/lib" "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$stage/quarkus-app/"
bah=(buildah --root "$cache/buildah/storage" --runroot "$cache/buildah/run" --storage-driver vfs)
log "assembling the layers (buildah)"
"${bah[@]}" build --quiet --layers --isolation chroot --timestamp 0 \
  -f "$root/src/main/docker/Containerfile.jlink" -t "$qualified" "$stage" >&2
# AppCDS: a class-data archive of everything the service loads to start and answer its first reviews, made by
# the image's own JVM on the image's own files (chroot into the image; the same paths as at run time), so that
# a Pod starts without reading and verifying those classes again.
log "training the class-data archive (AppCDS) with the image's own JVM"
container=$("${bah[@]}" from --quiet "$qualified")
mnt=$("${bah[@]}" mount "$container")
train_dir="$mnt/tmp/cds-training"
mkdir -p "$mnt/proc" "$mnt/dev" "$train_dir/secrets"
mount --bind /proc "$mnt/proc"
mount --bind /dev "$mnt/dev"
untrain() {
  [ -n "${training:-}" ] && kill "$training" 2>/dev/null
  umount "$mnt/proc" 2>/dev/null || true; umount "$mnt/dev" 2>/dev/null || true
}
trap untrain EXIT
certs/generate.sh --out "$train_dir/certs" localhost 127.0.0.1 >/dev/null 2>&1
port=$(free_port)
chroot=$(command -v chroot)
env -i PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java LANG=C.UTF-8 \
  QUARKUS_HTTP_SSL_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_TLS_KEY_STORE_PEM_0_CERT=/tmp/cds-training/certs/tls.crt QUARKUS_TLS_KEY_STORE_PEM_0_KEY=/tmp/cds-training/certs/tls.key \
  VAULTSERVER_ADMISSION_SECRETS_SOURCE=directory VAULTSERVER_ADMISSION_SECRETS_DIRECTORY=/tmp/cds-training/secrets \
  "$chroot" "$mnt" /opt/java/bin/java -XX:ArchiveClassesAtExit=/deployments/app.jsa \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp -jar /deployments/quarkus-run.jar \
    > "$cache/cds-training.log" 2>&1 &
training=$!
exercise_service "$port"
kill -TERM "$training"
wait "$training" || true
training=""
untrain
trap - EXIT
rm -rf "$train_dir"
if [ ! -s "$mnt/deployments/app.jsa" ]; then
  log "the training run wrote no archive:"; tail -n 20 "$cache/cds-training.log" >&2; exit 1
fi
chmod 444 "$mnt/deployments/app.jsa"
log "class-data archive $(( $(stat -c %s "$mnt/deployments/app.jsa") / 1024 / 1024 )) MiB"
"${bah[@]}" umount "$container" >/dev/null
"${bah[@]}" config --entrypoint '["/opt/java/bin/java", "-XX:SharedArchiveFile=/deployments/app.jsa", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Djava.io.tmpdir=/tmp", "-jar", "/deployments/quarkus-run.jar"]' "$container"
"${bah[@]}" commit --quiet --timestamp 0 "$container" "$qualified" >/dev/null
"${bah[@]}" rm "$container" >/dev/null

rm -f "$out"
"${bah[@]}" push --quiet --format oci "$qualified" "oci-archive:$out:$qualified" >&2

# Beside the archive: the SBOM (Java dependencies, the base's Debian packages, the JDK) and the Debian package list.
python3 scripts/merge-sbom.py target/bom.json "$base.packages" openjdk-17-jre-headless "$jdk_version" amd64 "$modules" "${out%.tar}.cdx.json"
cp "$base.packages" "${out%.tar}.debian-packages.txt"
container=$("${bah[@]}" from --quiet "$qualified")
size=$(du -sb "$("${bah[@]}" mount "$container")" | cut -f1)
"${bah[@]}" umount "$container" >/dev/null
"${bah[@]}" rm "$container" >/dev/null

log "archive  $out ($(du -h "$out" | cut -f1) compressed)"
log "size     $((size / 1024 / 1024)) MiB uncompressed (base $(( $(stat -c %s "$base") / 1024 / 1024 )) MiB, Java runtime $(( $(stat -c %s "$runtime") / 1024 / 1024 )) MiB, application $(du -sm "$app" | cut -f1) MiB)"
log "SBOM     ${out%.tar}.cdx.json ($(grep -c '"bom-ref"' "${out%.tar}.cdx.json") entries); Debian packages: ${out%.tar}.debian-packages.txt ($(wc -l < "$base.packages"))"
log "took $(( $(date +%s) - started ))s"
echo "$name"
