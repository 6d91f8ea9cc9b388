#!/usr/bin/env bash
# Builds Kubernetes v1.20.2 binaries from Debian's `kubernetes` source package, once, and caches them.
#
#   e2e/cluster/build-kubernetes.sh [NAME...]   prints the cached binaries' folder, building what is missing
#
# NAME is any of kube-apiserver (the default), kube-controller-manager, kube-scheduler, kubelet, or
# pause.c (Kubernetes' own pause program's source, build/pause/linux/pause.c, for the sandbox image).
# Cache: ${VSA_CACHE:-~/.cache/vaultserver-admission}/kubernetes-v1.20.2/. All missing binaries are
# built in one `go build`, so the packages they share are compiled once (about 10 minutes for all
# four on 2 cores, about 4 for the API server alone). Needs root for apt-get (golang-go, rsync,
# dpkg-dev and Debian's reflect2 1.0.2). The recipe and its traps are in the shared reference pages
# (local-apiserver.md, local-cluster.md): GOPATH mode with generated openapi, and the vendored
# reflect2 swapped for 1.0.2 (Go >= 1.18 crashes on the first webhook call with 1.0.1).
set -euo pipefail

cache="${VSA_CACHE:-$HOME/.cache/vaultserver-admission}"
out="$cache/kubernetes-v1.20.2"
[ $# -gt 0 ] || set -- kube-apiserver
missing=()
for name in "$@"; do
  case "$name" in
    kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|pause.c) ;;
    *) echo "build-kubernetes: unknown binary $name" >&2; exit 2 ;;
  esac
  [ -e "$out/$name" ] || missing+=("$name")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$out"
  exit 0
fi
mkdir -p "$out"
log() { echo "build-kubernetes: $*" >&2; }

# One build at a time: a second caller waits for the first and then finds the binaries.
exec 9>"$cache/.build-kubernetes.lock"
flock 9
still=()
for name in "${missing[@]}"; do [ -e "$out/$name" ] || still+=("$name"); done
if [ ${#still[@]} -eq 0 ]; then echo "$out"; exit 0; fi

need=()
command -v go >/dev/null || need+=(golang-go)
command -v rsync >/dev/null || need+=(rsync)
command -v make >/dev/null || need+=(make)
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

reflect2="$tree/vendor/github.com/modern-go/reflect2"
rm -f "$reflect2"/*.go "$reflect2"/*.s
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.go "$reflect2"/
cp /usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$reflect2"/ 2>/dev/null || true
rm -f "$reflect2"/*_test.go

export GOPATH="$gopath" GO111MODULE=off GOPROXY=off CGO_ENABLED=0
export GOCACHE="$work/gocache"
unset GOFLAGS
pkgs=()
for name in "${still[@]}"; do
  if [ "$name" = pause.c ]; then cp "$tree/build/pause/linux/pause.c" "$out/pause.c"; else pkgs+=("./cmd/$name"); fi
done
if [ ${#pkgs[@]} -gt 0 ]; then
  log "generating openapi (make gen_openapi)"
  (cd "$tree" && make gen_openapi >&2)
  log "building ${pkgs[*]} (several minutes)"
  # The version both of Kubernetes' version packages report (as hack/lib/version.sh sets them): the
  # API server's /version answers from client-go's, so without it clients (and Helm's kubeVersion
  # check) see v0.0.0-master.
  ldflags=""
  for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=v1.20.2 -X $pkg.gitMajor=1 -X $pkg.gitMinor=20 -X $pkg.gitTreeState=clean"
  done
  mkdir -p "$work/bin"
  (cd "$tree" && go build -o "$work/bin/" -ldflags "$ldflags" "${pkgs[@]}" >&2)
  for name in "${pkgs[@]}"; do mv "$work/bin/${name#./cmd/}" "$out/${name#./cmd/}"; done
fi
rm -rf "$work"
log "built ${still[*]} in $out"
echo "$out"
