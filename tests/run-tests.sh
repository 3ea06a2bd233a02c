#!/bin/sh
# Run the shell test files given (default: tests/*.test); fail if any fails.
# Each file prints its own lines; this prints a summary at the end.
cd "$(dirname "$0")/.." || exit 1
: "${MYC:?MYC must name the myc binary to test}"
export MYC
[ $# -gt 0 ] || set -- tests/*.test
failed=""
for t in "$@"; do
	echo "*** ${t#tests/}"
	if ! TEST_DIRECTORY="$PWD/tests" sh "$t"; then
		failed="$failed ${t#tests/}"
	fi
done
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test files passed"
