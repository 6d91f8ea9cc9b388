#!/usr/bin/env bash
# The image suite: the multi-architecture image scripts/build-image.sh writes, checked as a user gets it.
#
#   e2e/image/run.sh
#
# 1. Builds the image (linux/amd64 and linux/arm64), then builds it again from source: a fresh clone of the commit in
#    another folder, its own Maven build of the application and an empty cache (nothing of the first build reused:
#    not the application, the base, the jmods nor the Java runtime) into another archive. The work tree must be clean
#    (the clone holds only what is committed).
# 2. e2e/image/check-archive.py: the index lists exactly linux/amd64 and linux/arm64, both images carry the
#    org.opencontainers.image.* labels and annotations, and the two builds' digests are equal. skopeo, reading the
#    same archive, must see the same two platforms.
# 3. Unpacks each architecture's image with skopeo and runs its own entrypoint in it (chroot, as the image's user
#    185), arm64 under qemu-user-static: `--version`, `check -f examples local-secrets`, and the server answering one
#    /validate review over HTTPS. The arm64 answers must equal the amd64 ones, byte for byte. Prints each size
#    (at most 200 MB uncompressed each) and the time arm64 took.
# Installs skopeo and qemu-user-static from Debian when missing. Leaves target/image/ as the first build wrote it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
source scripts/lib.sh
log() { echo "image: $*" >&2; }
started=$(date +%s)
need=()
command -v skopeo >/dev/null || need+=(skopeo)
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
work=$(mktemp -d /tmp/vsa-image.XXXXXX)
mounts=()
cleanup() {
  local m
  for pid in "${servers[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for m in "${mounts[@]:-}"; do [ -n "$m" ] && umount "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
servers=()
trap cleanup EXIT

# 1. Two builds of this commit.
[ -z "$(git status --porcelain --untracked-files=no)" ] \
  || { log "FAILED: the work tree has uncommitted changes; the second build is of the commit alone: commit first"; exit 1; }
log "building the image"
image=$(scripts/build-image.sh | tail -n 1)
version=${image##*:}
archive="target/image/vaultserver-admission-$version.tar"
log "building it again from source: a clone of $(git rev-parse --short HEAD) in $work/source, an empty cache"
again_started=$(date +%s)
git clone --quiet --no-hardlinks "$root" "$work/source"
git -C "$work/source" checkout --quiet "$(git rev-parse HEAD)"
# The same source label as the first build's (the clone's own origin is this folder).
source_url=$(image_source_url)
(cd "$work/source" && VSA_CACHE="$work/cache" VSA_IMAGE_SOURCE="$source_url" \
  scripts/build-image.sh --out "$work/again/vaultserver-admission.tar" >/dev/null)
log "the second build took $(( $(date +%s) - again_started ))s"
cmp -s target/quarkus-app/quarkus/generated-bytecode.jar "$work/source/target/quarkus-app/quarkus/generated-bytecode.jar" \
  && log "ok      the two Maven builds made the same quarkus/generated-bytecode.jar" \
  || log "note    the two Maven builds made different quarkus/generated-bytecode.jar (the digests below will differ)"
rm -rf --one-file-system "$work/cache" "$work/source"

# 2. The archive: platforms, labels, the same digests.
revision=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || revision="$revision-dirty"
created=$(date -u -d "@$(git log -1 --format=%ct)" +%Y-%m-%dT%H:%M:%SZ)
python3 e2e/image/check-archive.py "$archive" "$work/again/vaultserver-admission.tar" "$version" "$revision" "$created" \
  | sed 's/^/image: /' >&2 || { log "FAILED: the archive's checks"; exit 1; }
seen=$(skopeo inspect --raw "oci-archive:$archive" | python3 -c '
import json, sys
print(" ".join(sorted(m["platform"]["os"] + "/" + m["platform"]["architecture"] for m in json.load(sys.stdin)["manifests"])))')
[ "$seen" = "linux/amd64 linux/arm64" ] || { log "FAILED: skopeo sees $seen"; exit 1; }
log "ok      skopeo sees $seen"

# 3. Each architecture's image, run.
host_arch=$(dpkg --print-architecture)
unpack_image() { # ARCH: the image of ARCH unpacked into $work/ARCH/rootfs, its configuration in $work/ARCH/config.json
  local arch=$1 dir="$work/$1" layer
  mkdir -p "$dir"
  skopeo copy --quiet --override-arch "$arch" "oci-archive:$archive" "dir:$dir/image" >/dev/null
  skopeo inspect --override-arch "$arch" --config "oci-archive:$archive" > "$dir/config.json"
  mkdir -p "$dir/rootfs"
  for layer in $(python3 -c 'import json, sys; print(" ".join(l["digest"].split(":")[1] for l in json.load(open(sys.argv[1]))["layers"]))' "$dir/image/manifest.json"); do
    tar -xzf "$dir/image/$layer" -C "$dir/rootfs"
  done
  echo "$(du -sb "$dir/rootfs" | cut -f1)"
}
# image_command ARCH [NAME=VALUE...]: sets cmd to the image's entrypoint, run in its root file system as its user (chroot),
# under qemu-user-static when ARCH is not this machine's, with the image's environment, the chart's JVM options and
# NAME=VALUE. Each program execs the next: the server's pid is java's.
image_command() {
  local arch=$1; shift
  local emulator=()
  [ "$arch" = "$host_arch" ] || emulator=(/usr/bin/qemu-aarch64-static)
  mapfile -t entrypoint < <(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$work/$arch/config.json")
  mapfile -t environment < <(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Env"]))' "$work/$arch/config.json")
  cmd=(env -i "${environment[@]}" JDK_JAVA_OPTIONS="$(chart_jvm_options)" "$@"
       "$(command -v chroot)" --userspec=185:185 "$work/$arch/rootfs" "${emulator[@]}" "${entrypoint[@]}")
}

for arch in amd64 arm64; do
  size=$(unpack_image "$arch")
  user=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$work/$arch/config.json")
  log "$arch: $(( size / 1000000 )) MB uncompressed ($(( size / 1048576 )) MiB), runs as user $user"
  [ "$size" -le 200000000 ] || { log "FAILED: $arch is over 200 MB"; exit 1; }
  rootfs="$work/$arch/rootfs"
  [ "$arch" = "$host_arch" ] || cp /usr/bin/qemu-aarch64-static "$rootfs/usr/bin/"
  mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp/work"
  mount --bind /proc "$rootfs/proc"; mounts+=("$rootfs/proc")
  mount --bind /dev "$rootfs/dev"; mounts+=("$rootfs/dev")
  cp -r examples local-secrets "$rootfs/tmp/work/"
  certs/generate.sh --out "$rootfs/tmp/work/certs" localhost 127.0.0.1 >/dev/null 2>&1
  chown -R 185:185 "$rootfs/tmp/work"; chmod 1777 "$rootfs/tmp"
  out="$work/$arch/out"; mkdir -p "$out"

  image_command "$arch"
  t0=$(date +%s%N)
  "${cmd[@]}" --version > "$out/version" 2>&1
  t1=$(date +%s%N)
  status=0
  "${cmd[@]}" check -f /tmp/work/examples /tmp/work/local-secrets > "$out/check" 2>&1 || status=$?
  echo "exit $status" >> "$out/check"
  t2=$(date +%s%N)
  port=$(free_port)
  image_command "$arch" QUARKUS_HTTP_SSL_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_TLS_KEY_STORE_PEM_0_CERT=/tmp/work/certs/tls.crt QUARKUS_TLS_KEY_STORE_PEM_0_KEY=/tmp/work/certs/tls.key \
    VAULTSERVER_ADMISSION_SECRETS_SOURCE=directory VAULTSERVER_ADMISSION_SECRETS_DIRECTORY=/tmp/work/local-secrets
  "${cmd[@]}" > "$out/server.log" 2>&1 &
  servers+=($!)
  wait_interval=0.2 wait_for 600 "the $arch server" curl -sfk -o /dev/null "https://127.0.0.1:$port/q/health/ready" \
    || { tail -n 20 "$out/server.log" >&2; exit 1; }
  t3=$(date +%s%N)
  curl -sSk -H 'Content-Type: application/json' --data @examples/create-v1alpha1.json "https://127.0.0.1:$port/validate" > "$out/validate"
  t4=$(date +%s%N)
  kill -TERM "${servers[-1]}"; wait "${servers[-1]}" || true
  servers[-1]=""
  umount "$rootfs/proc" "$rootfs/dev"; mounts=()
  log "$arch: --version $(( (t1 - t0) / 1000000 )) ms, check $(( (t2 - t1) / 1000000 )) ms, server start to ready $(( (t3 - t2) / 1000000 )) ms, one /validate $(( (t4 - t3) / 1000000 )) ms"
done

for what in version check validate; do
  log "amd64 and arm64 $what:"
  sed 's/^/image:   /' "$work/amd64/out/$what" | head -c 2000 >&2; echo >&2
  cmp -s "$work/amd64/out/$what" "$work/arm64/out/$what" \
    || { log "FAILED: arm64's $what differs from amd64's:"; diff "$work/amd64/out/$what" "$work/arm64/out/$what" >&2 || true; exit 1; }
  log "ok      arm64's $what is amd64's, byte for byte"
done
grep -q "$version" "$work/arm64/out/version" || { log "FAILED: --version does not print $version"; exit 1; }
grep -q '"allowed"' "$work/arm64/out/validate" || { log "FAILED: /validate gave no AdmissionReview answer"; exit 1; }
log "took $(( $(date +%s) - started ))s"
