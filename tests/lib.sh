# tests/lib.sh - the shell test harness, in the manner of git's test-lib.
#
# A test file (tests/NAME.test) reads as sentences:
#
#	test_description='docker-cutoff refuses bad ports'
#	. "$TEST_DIRECTORY/lib.sh"
#	test_expect_success 'a port above 65535 is refused' '
#		test_must_fail docker-cutoff -n 70000 2>err &&
#		grep "invalid port" err
#	'
#	test_done
#
# Each file runs in a fresh directory ($TRASH) with the applets of $MYC
# first on PATH.  A test with a prerequisite that is missing prints
# "SKIP: ... (missing PREREQ: why)" and does not count as passed.
# Set TEST_VERBOSE=1 to see every test's output.

set -u
TEST_DIRECTORY=${TEST_DIRECTORY:-$(cd "$(dirname "$0")" && pwd)}
SRC_DIR=$(cd "$TEST_DIRECTORY/.." && pwd)
: "${MYC:?MYC must name the myc binary to test}"
TEST_NAME=$(basename "$0" .test)
TRASH="${TEST_OUTPUT_DIR:-$SRC_DIR/build}/trash/$TEST_NAME"
rm -rf "$TRASH"
mkdir -p "$TRASH/bin"
"$MYC" --install "$TRASH/bin" >/dev/null || {
	echo "FAIL: can't install the applets in $TRASH/bin"
	exit 1
}
ln -s "$MYC" "$TRASH/bin/myc"
PATH="$TRASH/bin:$PATH"
export PATH TRASH TEST_DIRECTORY SRC_DIR
unset CDPATH COMPOSE_PROJECT_NAME DOCKER_API_VERSION
export NO_COLOR=1
cd "$TRASH" || exit 1

test_count=0
test_failed=0
test_skipped=0
test_prereqs=" "
test_prereq_why=""

# test_set_prereq NAME: NAME is available.
test_set_prereq() {
	test_prereqs="$test_prereqs$1 "
}

# test_lazy_prereq NAME 'script' WHY: NAME holds when script succeeds.
test_lazy_prereq() {
	if (eval "$2") >/dev/null 2>&1; then
		test_set_prereq "$1"
	else
		test_prereq_why="$test_prereq_why
$1: $3"
	fi
}

test_have_prereq() {
	case "$test_prereqs" in *" $1 "*) return 0 ;; esac
	return 1
}

_why_missing() {
	printf '%s\n' "$test_prereq_why" | sed -n "s/^$1: //p" | head -n 1
}

# test_expect_success [PREREQ[,PREREQ]] 'description' 'script'
test_expect_success() {
	_prereq=""
	if [ $# -eq 3 ]; then
		_prereq=$1
		shift
	fi
	test_count=$((test_count + 1))
	if [ -n "$_prereq" ]; then
		_missing=""
		for _p in $(printf '%s' "$_prereq" | tr ',' ' '); do
			test_have_prereq "$_p" || _missing="$_missing $_p"
		done
		if [ -n "$_missing" ]; then
			test_skipped=$((test_skipped + 1))
			_w=""
			for _p in $_missing; do
				_w="$_w${_w:+; }$(_why_missing "$_p")"
			done
			echo "SKIP $test_count - $1 (missing$_missing${_w:+: $_w})"
			return 0
		fi
	fi
	_out="$TRASH/.test-output"
	if [ "${TEST_VERBOSE:-}" = 1 ]; then
		(cd "$TRASH" && eval "$2")
		_rc=$?
	else
		(cd "$TRASH" && eval "$2") >"$_out" 2>&1
		_rc=$?
	fi
	if [ $_rc -eq 0 ]; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		echo "# script:$2" | sed 's/^/#   /'
		if [ "${TEST_VERBOSE:-}" != 1 ]; then
			echo "# output:"
			sed 's/^/#   /' "$_out"
		fi
	fi
}

# test_must_fail CMD...: CMD exits non-zero but was not killed by a signal
# (which would hide a crash).  TEST_EXPECT_CODE=N asks for exactly N.
test_must_fail() {
	"$@"
	_rc=$?
	if [ $_rc -eq 0 ]; then
		echo >&2 "test_must_fail: '$*' succeeded"
		return 1
	fi
	if [ $_rc -gt 128 ] && [ $_rc -le 192 ]; then
		echo >&2 "test_must_fail: '$*' died of signal $((_rc - 128))"
		return 1
	fi
	if [ -n "${TEST_EXPECT_CODE:-}" ] && [ "$_rc" != "$TEST_EXPECT_CODE" ]; then
		echo >&2 "test_must_fail: '$*' exited $_rc, not $TEST_EXPECT_CODE"
		return 1
	fi
	return 0
}

# test_expect_code N CMD...: CMD exits with exactly N.
test_expect_code() {
	_want=$1
	shift
	"$@"
	_rc=$?
	if [ "$_rc" != "$_want" ]; then
		echo >&2 "test_expect_code: '$*' exited $_rc, not $_want"
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: the same bytes, or a diff.
test_cmp() {
	diff -u "$1" "$2"
}

# test_grep [-v] [GREP-OPTIONS] PATTERN FILE: grep that shows FILE on failure.
test_grep() {
	_neg=""
	if [ "$1" = "!" ]; then
		_neg=1
		shift
	fi
	eval "_f=\${$#}"
	if [ -n "$_neg" ]; then
		if grep "$@" >/dev/null; then
			echo >&2 "test_grep: found unexpected '$*' in:"
			cat >&2 "$_f"
			return 1
		fi
		return 0
	fi
	if ! grep "$@" >/dev/null; then
		echo >&2 "test_grep: no match for '$*' in:"
		cat >&2 "$_f"
		return 1
	fi
}

# test_line_count OP N FILE
test_line_count() {
	_n=$(wc -l <"$3" | tr -d ' ')
	if ! [ "$_n" "$1" "$2" ]; then
		echo >&2 "test_line_count: $3 has $_n lines, want $1 $2:"
		cat >&2 "$3"
		return 1
	fi
}

# test_mode MODE FILE: FILE has exactly MODE (octal, e.g. 600).
test_mode() {
	_m=$(stat -c %a "$2")
	if [ "$_m" != "$1" ]; then
		echo >&2 "test_mode: $2 has mode $_m, want $1"
		return 1
	fi
}

test_done() {
	_passed=$((test_count - test_failed - test_skipped))
	echo "# $TEST_NAME: $test_count tests, $_passed passed, $test_failed failed, $test_skipped skipped"
	[ $test_failed -eq 0 ]
	exit $?
}

test_lazy_prereq ROOT '[ "$(id -u)" = 0 ]' "needs root"
test_lazy_prereq DOCKER '"$SRC_DIR/tests/docker-available.sh"' "no Docker engine answers"
