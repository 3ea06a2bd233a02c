#!/bin/sh
# Run the C unit test binaries given as arguments; fail if any fails.
failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	summary=$(printf '%s\n' "$out" | tail -n 1)
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out"
		echo "FAIL: ${t##*/} ($summary)"
		failed=1
	else
		echo "ok:   ${t##*/} ($summary)"
	fi
done
exit $failed
