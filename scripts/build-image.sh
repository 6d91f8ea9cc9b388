#!/usr/bin/env bash
# Builds the container image for linux/amd64 and linux/arm64 with no Docker engine and no registry, from Debian's
# packages, reproducibly: two builds of one commit give the same digests.
#
#   scripts/build-image.sh [--platform linux/amd64|linux/arm64|linux/amd64,linux/arm64] [--out FILE]
#
# Writes one OCI image archive (default target/image/vaultserver-admission-<version>.tar) holding an image index
# named vaultserver-admission:<version> with one manifest per platform (both by default; --platform picks), and
# beside it per architecture <archive>.<arch>.cdx.json, the CycloneDX SBOM (the Java dependencies, the Debian
# packages of the base and the Java runtime's Debian package), and <archive>.<arch>.debian-packages.txt. Prints
# the index digest, each manifest digest and each image's size and, as its last line, the image reference.
#
# Each image is labelled (org.opencontainers.image.*: source, version, revision, created, licenses, title,
# description, base.name) and its manifest annotated alike. Every time in it is the commit's time (created and
# every file's time; SOURCE_DATE_EPOCH overrides it), so that nothing of the build's day or machine goes in.
# The source label is VSA_IMAGE_SOURCE, or git's origin URL.
#
# What it uses, installed from Debian when missing: mmdebstrap (the base and the JDK's jmods of each architecture,
# unpacked from Debian's packages), buildah (the layers, with no RUN step: nothing of the foreign architecture is
# run), Debian's current openjdk-17 (its jdeps and jlink; jlink links each architecture's runtime from that
# architecture's jmods of the same Debian version), binutils-aarch64-linux-gnu (jlink strips arm64 libraries with
# it). The layers are in src/main/docker/Containerfile.jlink. The bases, jmods and runtimes are kept under
# ${VSA_CACHE:-~/.cache/vaultserver-admission}/image, keyed by this script and the Debian package versions they come
# from (a security update in Debian makes new ones) and removed after a week unused; buildah's storage is not kept.
#
# The image carries no class-data (CDS) archive: Java 17 does not write one the same way twice (the JDK's own
# `-Xshare:dump` gives another file each run), so one would make the image irreproducible. docs/image-and-chart.md
# gives the start time that costs.
#
# Push both architectures under one reference:
#                  skopeo copy --all oci-archive:FILE docker://REGISTRY/vaultserver-admission:VERSION
# Load into a node (its own architecture):  ctr -n k8s.io images import FILE
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
platforms="linux/amd64,linux/arm64"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --platform) platforms="$2"; shift 2 ;;
    -h|--help) sed -n '2,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
arches=()
for platform in ${platforms//,/ }; do
  case "$platform" in
    linux/amd64|linux/arm64) arches+=("${platform#linux/}") ;;
    *) echo "build-image.sh: --platform takes linux/amd64 and linux/arm64, not $platform" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
started=$(date +%s)

# What the labels say, from the commit: nothing of the day or the machine of the build.
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || revision="$revision-dirty"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
source_url=$(image_source_url)
licenses=$(sed -n '/<licenses>/,/<\/licenses>/s:.*<name>\(.*\)</name>.*:\1:p' pom.xml | paste -sd' ' | sed 's/ / AND /g')
labels=(
  "org.opencontainers.image.title=vaultserver-admission"
  "org.opencontainers.image.description=Validating and mutating admission webhook for KubeVault VaultServer objects with a DynamoDB backend"
  "org.opencontainers.image.version=$version"
  "org.opencontainers.image.revision=$revision"
  "org.opencontainers.image.created=$created"
  "org.opencontainers.image.source=$source_url"
  "org.opencontainers.image.licenses=${licenses:-NOASSERTION}"
  "org.opencontainers.image.base.name=debian:bookworm"
)

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v buildah >/dev/null || need+=(buildah)
command -v unzip >/dev/null || need+=(unzip)
command -v python3 >/dev/null || need+=(python3)
command -v aarch64-linux-gnu-objcopy >/dev/null || need+=(binutils-aarch64-linux-gnu)
# Debian's package lists, fresh: the base and the JDK are taken at Debian's current versions.
apt-get update -qq >&2
# The JDK that runs jdeps and jlink: Debian's current openjdk-17 (installed, or upgraded to the candidate).
for package in openjdk-17-jdk-headless openjdk-17-jre-headless; do
  installed=$(dpkg-query -W -f '${Version}' "$package" 2>/dev/null || true)
  candidate=$(apt-cache policy "$package" | awk '/Candidate:/ {print $2}')
  [ "$installed" = "$candidate" ] || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
jdk=/usr/lib/jvm/java-17-openjdk-amd64
jdk_version=$(dpkg-query -W -f '${Version}' openjdk-17-jdk-headless)
cache="${VSA_CACHE:-$HOME/.cache/vaultserver-admission}/image"
mkdir -p "$cache"
sources=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null || grep -h '^deb ' /etc/apt/sources.list)
# Every cached piece is keyed by this script too: a changed recipe never reuses what an older one made.
recipe=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-64)

log "building the application (target/quarkus-app, target/bom.json)"
build_if_stale
[ -f target/bom.json ] || ./mvnw -q -B package -DskipTests
app=target/quarkus-app

# The Java modules: those jdeps finds in the application and its dependencies, plus those only reached by reflection
# or service loading (jdk.zipfs: the jar: file system SmallRye Config reads the application's configuration with;
# jdk.crypto.ec: TLS's elliptic curves; jdk.management: Micrometer's process metrics; jdk.jfr: profiling a running
# Pod), less jdk.compiler (only io.vertx.codegen, an annotation processor, refers to it: it runs at build time).
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

# unpack ARCH PACKAGES OUT [HOOK]: Debian bookworm's PACKAGES of ARCH unpacked by mmdebstrap (no maintainer scripts
# run, nothing else installed) into OUT (a .tar or a directory), the package list written to OUT.packages.
unpack() {
  local arch=$1 packages=$2 target=$3
  shift 3
  printf '%s\n' "$sources" | SOURCE_DATE_EPOCH=0 mmdebstrap --quiet --variant=extract --arch="$arch" --include="$packages" \
    --extract-hook='for deb in "$1"/var/cache/apt/archives/*.deb; do dpkg-deb -f "$deb" Package Version Architecture | cut -d" " -f2 | paste -sd"\t"; done | sort > "'"$target.packages"'"' \
    "$@" bookworm "$target" - >&2
}

# buildah's storage is new for every build: its layer cache keys on neither --timestamp nor the labels, and an image
# built on it names its cached intermediate images in its history ("FROM <id>"), whose ids carry the labels of the
# build that made them (a build from another clone, with another source URL, gave other digests: CI, stop 27). The
# slow parts (the bases, the jmods, the runtimes) are cached above; assembling the layers anew costs ~12 s.
bah=(buildah --root "$cache/buildah/storage" --runroot "$cache/buildah/run" --storage-driver vfs)
rm -rf --one-file-system "$cache/buildah"; mkdir -p "$cache/buildah"
"${bah[@]}" manifest create "$qualified" >/dev/null
sizes=()
used=("$modules_file")

for arch in "${arches[@]}"; do
  # 1. The base: the JVM needs libc, libstdc++, libgcc_s and zlib (ldd of libjvm.so, libzip.so); base-files gives
  #    /etc/os-release, netbase /etc/services and /etc/protocols. Only copyright files of /usr/share/doc stay.
  packages=libc6,libstdc++6,libgcc-s1,zlib1g,base-files,netbase
  # Keyed by the versions Debian offers now, so that an updated package (a security fix) makes a new base.
  versions=$(apt-cache policy ${packages//,/ } | awk '/^[^ ]/ {p=$1} /Candidate:/ {print p, $2}')
  base="$cache/base-$arch-$(printf '%s\n%s\n%s\n%s\n' "$recipe" "$packages" "$sources" "$versions" | sha256sum | cut -c1-16).tar"
  if [ ! -s "$base" ]; then
    log "$arch: making the base from Debian's packages ($packages)"
    unpack "$arch" "$packages" "${base%.tar}.tmp.tar" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/lintian/*'
    mv "${base%.tar}.tmp.tar.packages" "$base.packages"
    mv "${base%.tar}.tmp.tar" "$base"
  fi

  # 2. The Java runtime: jlink (the build's, amd64) of this architecture's jmods from the same Debian version of
  #    openjdk-17-jdk-headless; jlink refuses jmods of another version. Stripped with this architecture's objcopy.
  jmods_dir="$cache/jdk-$arch-$jdk_version-${recipe:0:16}"
  if [ ! -d "$jmods_dir/root" ]; then
    log "$arch: unpacking openjdk-17-jdk-headless $jdk_version's jmods"
    rm -rf "$jmods_dir.tmp"; mkdir -p "$jmods_dir.tmp"
    unpack "$arch" "openjdk-17-jdk-headless=$jdk_version" "$jmods_dir.tmp/root"
    mv "$jmods_dir.tmp" "$jmods_dir"
  fi
  objcopy=objcopy; [ "$arch" = arm64 ] && objcopy=aarch64-linux-gnu-objcopy
  runtime="$cache/java-runtime-$arch-$( (echo "$recipe"; echo "$modules"; echo "$jdk_version"; "$jdk/bin/java" -version 2>&1) | sha256sum | cut -c1-16).tar"
  if [ ! -s "$runtime" ]; then
    log "$arch: linking a Java runtime of $modules"
    tmp=$(mktemp -d)
    "$jdk/bin/jlink" --module-path "$jmods_dir/root/usr/lib/jvm/java-17-openjdk-$arch/jmods" --add-modules "$modules" \
      --strip-java-debug-attributes --strip-native-debug-symbols="objcopy=$(command -v $objcopy)" \
      --no-man-pages --no-header-files --output "$tmp/java" >&2
    tar -C "$tmp/java" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$runtime.tmp" .
    mv "$runtime.tmp" "$runtime"
    rm -rf "$tmp"
  fi

  used+=("$base" "$base.packages" "$jmods_dir" "$runtime")

  # 3. The layers (no RUN step); --layers lets the second architecture reuse the first's layers of the application.
  stage="$cache/context"
  rm -rf "$stage"; mkdir -p "$stage/quarkus-app"
  ln "$base" "$stage/base.tar" 2>/dev/null || cp "$base" "$stage/base.tar"
  ln "$runtime" "$stage/java-runtime.tar" 2>/dev/null || cp "$runtime" "$stage/java-runtime.tar"
  cp -r src/main/docker/rootfs "$stage/rootfs"
  cp -r "$app/lib" "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$stage/quarkus-app/"
  log "$arch: assembling the layers (buildah)"
  label_args=()
  for label in "${labels[@]}"; do label_args+=(--label "$label" --annotation "$label"); done
  "${bah[@]}" build --quiet --layers --isolation chroot --platform "linux/$arch" --timestamp "$epoch" \
    "${label_args[@]}" -f "$root/src/main/docker/Containerfile.jlink" -t "$qualified-$arch" "$stage" >/dev/null
  "${bah[@]}" manifest add "$qualified" "containers-storage:$qualified-$arch" >/dev/null

  # Beside the archive: this architecture's SBOM (Java dependencies, the base's Debian packages, the JDK) and
  # Debian package list.
  python3 scripts/merge-sbom.py target/bom.json "$base.packages" openjdk-17-jre-headless "$jdk_version" "$arch" "$modules" \
    "${out%.tar}.$arch.cdx.json"
  cp "$base.packages" "${out%.tar}.$arch.debian-packages.txt"
  container=$("${bah[@]}" from --quiet --platform "linux/$arch" "$qualified-$arch")
  sizes+=("$arch $(( $(du -sb "$("${bah[@]}" mount "$container")" | cut -f1) / 1000000 )) MB uncompressed (base $(( $(stat -c %s "$base") / 1000000 )) MB, Java runtime $(( $(stat -c %s "$runtime") / 1000000 )) MB)")
  "${bah[@]}" umount "$container" >/dev/null
  "${bah[@]}" rm "$container" >/dev/null
done

rm -f "$out"
# What this build used is marked used now; what no build has used for a week (an older recipe's, an older Debian
# version's) is removed.
touch "${used[@]}"
find "$cache" -mindepth 1 -maxdepth 1 \( -name 'base-*' -o -name 'java-runtime-*' -o -name 'jdk-*' -o -name 'jdeps-*' \) \
  -mtime +7 -exec rm -rf --one-file-system {} +
"${bah[@]}" manifest push --quiet --all --format oci "$qualified" "oci-archive:$out:$qualified" >&2
rm -rf --one-file-system "$cache/buildah" "$cache/context"

log "archive  $out ($(du -h "$out" | cut -f1) compressed), labels: revision $revision, created $created"
# The index and each manifest, by digest, read from the archive itself.
index_digest=$(tar -xOf "$out" index.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["manifests"][0]["digest"])')
log "index    $index_digest"
tar -xOf "$out" "blobs/${index_digest/://}" | python3 -c '
import json, sys
for m in json.load(sys.stdin)["manifests"]:
    print("build-image: manifest %s/%s %s" % (m["platform"]["os"], m["platform"]["architecture"], m["digest"]))' >&2
for size in "${sizes[@]}"; do log "size     $size"; done
log "SBOM and Debian packages per architecture: ${out%.tar}.{$(IFS=,; echo "${arches[*]}")}.{cdx.json,debian-packages.txt}"
log "took $(( $(date +%s) - started ))s"
echo "$name"
