#!/usr/bin/env bash
# Builds kube-apiserver 1.20.2 from Debian bookworm's `kubernetes` source package, with Debian's
# Go, so the tests can run against a real API server without downloading anything but Debian's
# packages. The binary lands outside the checkout and is reused: a second run exits at once.
set -euo pipefail

CACHE_DIR="${HERALD_KUBE_APISERVER_DIR:-/var/cache/herald/kube-apiserver-1.20.2}"
BIN="$CACHE_DIR/bin/kube-apiserver"
# bookworm: 1.20.5+really1.20.2-1.1+deb12u1; the orig digest below pins the source
SRC_PKG=kubernetes
ORIG_TARBALL="kubernetes_1.20.5+really1.20.2.orig.tar.gz"
ORIG_SHA256="b83c0780efb182d928dc63d46488a847f161f04e40a94b96bf5247dd671ecdfc"

# The tests need etcd too: a binary cached without it still gets the packages installed.
if [ -x "$BIN" ] && [ -x /usr/bin/etcd ]; then
  echo "kube-apiserver already built: $BIN"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "build.sh: must run as root (it installs apt packages)" >&2; exit 1; }

started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# etcd-server for the tests; Debian's reflect2 1.0.2 replaces the vendored 1.0.1, which crashes
# under Go >= 1.18 on the first custom-resource write.
apt-get update -qq
apt-get install -y -qq --no-install-recommends golang-go rsync make etcd-server \
  golang-github-modern-go-reflect2-dev ca-certificates >/dev/null
if [ -x "$BIN" ]; then
  echo "kube-apiserver already built: $BIN (packages installed in $(($(date +%s) - started))s)"
  exit 0
fi

# A private apt configuration with a deb-src line, so the machine's own sources stay untouched.
apt_dir="$CACHE_DIR/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
  > "$apt_dir/sources.list"
cat > "$apt_dir/apt.conf" <<CONF
Dir::Etc::SourceList "$apt_dir/sources.list";
Dir::Etc::SourceParts "$apt_dir/sources.list.d";
Dir::State::Lists "$apt_dir/lists";
Dir::Cache "$apt_dir/cache";
CONF
export APT_CONFIG="$apt_dir/apt.conf"
apt-get update -qq
download="$CACHE_DIR/download"
mkdir -p "$download"
(cd "$download" && apt-get source --download-only -qq "$SRC_PKG" >/dev/null)
unset APT_CONFIG

actual=$(sha256sum "$download/$ORIG_TARBALL" | cut -d' ' -f1)
if [ "$actual" != "$ORIG_SHA256" ]; then
  echo "build.sh: $ORIG_TARBALL has SHA-256 $actual, expected $ORIG_SHA256" >&2
  exit 1
fi
# The .dsc (checked by apt against the signed Sources index) must name the same digest.
grep -q " $ORIG_SHA256 [0-9]* $ORIG_TARBALL\$" "$download"/kubernetes_*.dsc \
  || { echo "build.sh: the .dsc does not list $ORIG_SHA256 for $ORIG_TARBALL" >&2; exit 1; }

# GOPATH layout: the Makefile's generators and `go build` with GO111MODULE=off expect it.
gopath="$CACHE_DIR/gopath"
tree="$gopath/src/k8s.io/kubernetes"
rm -rf "$gopath"
mkdir -p "$tree"
tar -xzf "$download/$ORIG_TARBALL" -C "$tree" --strip-components=1
rm -rf "$tree/vendor/github.com/modern-go/reflect2"
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$tree/vendor/github.com/modern-go/reflect2"

export GOPATH="$gopath" GO111MODULE=off GOFLAGS="" GOCACHE="$CACHE_DIR/go-build-cache"
cd "$tree"
make gen_openapi
# Both version packages, as hack/lib/version.sh does: the server's /version reads client-go's.
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  for kv in gitVersion=v1.20.2 gitMajor=1 gitMinor=20 gitTreeState=clean; do
    ldflags+=" -X k8s.io/kubernetes/vendor/$pkg.$kv"
  done
done
mkdir -p "$CACHE_DIR/bin"
go build -o "$BIN.partial" -ldflags "$ldflags" \
  ./cmd/kube-apiserver
mv "$BIN.partial" "$BIN"
rm -rf "$gopath"

echo "built $BIN in $(($(date +%s) - started))s"
