#!/usr/bin/env bash
# Builds kube-apiserver v1.20.2 from Debian's `kubernetes` source package, once, and caches it.
#
#   e2e/build-apiserver.sh            prints the path of the cached binary (building it if needed)
#
# Cache: ${VSA_CACHE:-~/.cache/vaultserver-admission}/kube-apiserver-v1.20.2. First build: a few
# minutes on 2 cores. Needs root for apt-get (installs etcd-server, golang-go, rsync and Debian's
# reflect2 1.0.2). The recipe and its two traps are in shared/reference/local-apiserver.md:
# GOPATH mode with generated openapi, and the vendored reflect2 swapped for 1.0.2 (Go >= 1.18).
set -euo pipefail

cache="${VSA_CACHE:-$HOME/.cache/vaultserver-admission}"
binary="$cache/kube-apiserver-v1.20.2"
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
mkdir -p "$cache"
log() { echo "build-apiserver: $*" >&2; }

need=()
command -v go >/dev/null || need+=(golang-go)
command -v rsync >/dev/null || need+=(rsync)
[ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ] || need+=(golang-github-modern-go-reflect2-dev)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

work="$cache/build"
rm -rf "$work"
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/sources" "$work/src"

# deb-src entries in a private apt directory, copied from the machine's own sources: the system's
# apt configuration is left untouched.
src_list="$work/apt/sources/deb-src.sources"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list"
elif [ -f /etc/apt/sources.list ]; then
  src_list="$work/apt/sources/deb-src.list"
  grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > "$src_list"
else
  log "no apt sources found to derive deb-src entries from"; exit 1
fi
apt_opts=(-o Dir::Etc::SourceParts="$work/apt/sources" -o Dir::Etc::SourceList=/dev/null
          -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache")
log "fetching the kubernetes source package"
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only kubernetes >&2)
orig=$(ls "$work/src"/kubernetes_*.orig.tar.* | head -n 1)

gopath="$work/gopath"
tree="$gopath/src/k8s.io/kubernetes"
mkdir -p "$tree"
log "unpacking $(basename "$orig")"
tar -xf "$orig" -C "$tree" --strip-components=1

# Trap 2: the vendored reflect2 1.0.1 crashes under Go >= 1.18 on the first webhook call.
reflect2="$tree/vendor/github.com/modern-go/reflect2"
rm -f "$reflect2"/*.go "$reflect2"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$reflect2"/
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$reflect2"/ 2>/dev/null || true
rm -f "$reflect2"/*_test.go

export GOPATH="$gopath" GO111MODULE=off GOPROXY=off CGO_ENABLED=0 GOFLAGS=-mod=vendor
export GOCACHE="$work/gocache"
unset GOFLAGS
# Trap 1: the generated openapi is not in the tarball.
log "generating openapi (make gen_openapi)"
(cd "$tree" && make gen_openapi >&2)
log "building kube-apiserver (a few minutes)"
pkg=k8s.io/kubernetes/vendor/k8s.io/component-base/version
(cd "$tree" && go build -o "$binary.tmp" \
  -ldflags "-X $pkg.gitVersion=v1.20.2 -X $pkg.gitMajor=1 -X $pkg.gitMinor=20 -X $pkg.gitTreeState=clean" \
  ./cmd/kube-apiserver >&2)
mv "$binary.tmp" "$binary"
rm -rf "$work"
log "built $binary"
echo "$binary"
