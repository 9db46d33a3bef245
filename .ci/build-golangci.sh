#!/usr/bin/env bash
# Builds custom-gcl: golangci-lint v2.15.0 with ctxtimeout's module plugin
# compiled in, the way `golangci-lint custom` would but without git: the
# small module golangci/gcl calls golangci-lint's commands.Execute and
# blank-imports the plugin package golangci/. Used by `make golangci`.
#
#   .ci/build-golangci.sh [OUTPUT]   (default: build/bin/custom-gcl)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/bin/custom-gcl}
case $out in /*) ;; *) out=$PWD/$out ;; esac
GO=${GO:-go}
# -mod=mod: the root module's requirements may have grown since gcl/go.sum was written.
export GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=mod"

source "$root/.ci/uptodate.sh"
lock_and_check_uptodate golangci "$out" "$0" "$root/.ci/uptodate.sh"

echo "golangci: building $out (golangci-lint v2.15.0 + ctxtimeout; minutes on a cold build cache)"
cd "$root/golangci/gcl"
"$GO" build -trimpath -o "$out.tmp" .
mv -f "$out.tmp" "$out"
echo "golangci: built $out"
