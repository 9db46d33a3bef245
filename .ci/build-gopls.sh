#!/usr/bin/env bash
# Builds gopls with ctxtimeout's checks registered (gopls has no plugin API,
# golang/go#59869). Used by `make gopls`; no gopls source is committed.
#
#   .ci/build-gopls.sh [OUTPUT]      (default: build/bin/gopls)
#
# 1. copies gopls $GOPLS_VERSION from the module cache (fetched through the
#    Go module proxy) to build/gopls-src;
# 2. adds ctxtimeout's analyzers (analyzers/all) to gopls's analyzer list in
#    internal/settings/analysis.go;
# 3. requires this repository through a replace to its working tree, and
#    pins golang.org/x/tools and honnef.co/go/tools back to the versions
#    gopls pins: our go.mod asks for newer ones, and MVS would otherwise
#    raise them and break gopls's build. ctxtimeout's analyzers therefore
#    compile against gopls's x/tools here.
set -euo pipefail

GOPLS_VERSION=v0.23.0
TOOLS_PIN=v0.47.1-0.20260707181000-a299dadba899   # x/tools required by gopls v0.23.0
HONNEF_PIN=v0.8.0-rc.1                            # honnef.co/go/tools required by gopls v0.23.0

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/bin/gopls}
case $out in /*) ;; *) out=$PWD/$out ;; esac
src=$root/build/gopls-src
GO=${GO:-go}
export GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=mod"

# One build at a time (tests and make may ask concurrently), and none when
# the binary is newer than every input.
source "$root/.ci/uptodate.sh"
lock_and_check_uptodate gopls "$out" "$0" "$root/.ci/uptodate.sh"

moddir=$("$GO" mod download -json "golang.org/x/tools/gopls@$GOPLS_VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$moddir" ] || { echo "build-gopls: gopls $GOPLS_VERSION not in the module cache" >&2; exit 1; }

# Check that the pins are still the ones gopls asks for.
for pin in "golang.org/x/tools $TOOLS_PIN" "honnef.co/go/tools $HONNEF_PIN"; do
	grep -q "^[[:space:]]*$pin\$" "$moddir/go.mod" ||
		{ echo "build-gopls: gopls $GOPLS_VERSION does not require $pin; update the pins" >&2; exit 1; }
done

rm -rf "$src"
mkdir -p "$(dirname "$src")"
cp -r "$moddir" "$src"
chmod -R u+w "$src"

settings=$src/internal/settings/analysis.go
anchor='return append(res, staticcheckAnalyzers()...)'
[ "$(grep -cF "$anchor" "$settings")" = 1 ] ||
	{ echo "build-gopls: analyzer list anchor not found in $settings" >&2; exit 1; }
sed -i "s/return append(res, staticcheckAnalyzers()...)/return append(append(res, staticcheckAnalyzers()...), ctxtimeoutAnalyzers()...)/" "$settings"

cat > "$src/internal/settings/ctxtimeout.go" <<'EOF'
// Added by ctxtimeout's .ci/build-gopls.sh: not part of gopls.

package settings

import (
	ctxtimeout "github.com/ctxtimeout/ctxtimeout/analyzers/all"
	"golang.org/x/tools/gopls/internal/protocol"
)

// ctxtimeoutAnalyzers are ctxtimeout's checks, enabled by default, with
// their suggested fixes offered as quick fixes.
func ctxtimeoutAnalyzers() []*Analyzer {
	var res []*Analyzer
	for _, a := range ctxtimeout.Analyzers() {
		res = append(res, &Analyzer{analyzer: a, severity: protocol.SeverityWarning})
	}
	return res
}
EOF

cd "$src"
"$GO" mod edit \
	-require=github.com/ctxtimeout/ctxtimeout@v0.0.0 \
	-replace=github.com/ctxtimeout/ctxtimeout="$root" \
	-replace=golang.org/x/tools=golang.org/x/tools@"$TOOLS_PIN" \
	-replace=honnef.co/go/tools=honnef.co/go/tools@"$HONNEF_PIN"
mkdir -p "$(dirname "$out")"
"$GO" build -trimpath -o "$out.tmp" .
mv -f "$out.tmp" "$out"
echo "build-gopls: built $out (gopls $GOPLS_VERSION + ctxtimeout)"
