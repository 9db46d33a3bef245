# Sourced by .ci/build-*.sh: serialises builds of one binary and exits early
# when it is up to date.
#
#   lock_and_check_uptodate NAME OUTPUT EXTRA_INPUT...
#
# The binary is up to date when it exists and no input is newer: the Go
# sources (tests and testdata excluded), go.mod and go.sum files of
# analyzers/, golangci/ and the root module, plus EXTRA_INPUTs. Set
# FORCE_BUILD=1 to rebuild anyway.
lock_and_check_uptodate() {
	local name=$1 output=$2
	shift 2
	mkdir -p "$root/build" "$(dirname "$output")"
	exec 9>"$root/build/.$name.lock"
	if command -v flock >/dev/null 2>&1; then
		flock 9
	fi
	[ -x "$output" ] && [ "${FORCE_BUILD:-}" != 1 ] || return 0
	local newer
	newer=$(find "$root/go.mod" "$root/go.sum" "$root/analyzers" "$root/golangci" "$@" \
		-type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name '*.sh' \) \
		! -name '*_test.go' ! -path '*/testdata/*' -newer "$output" -print -quit)
	if [ -z "$newer" ]; then
		echo "$name: $output is up to date"
		exit 0
	fi
}
