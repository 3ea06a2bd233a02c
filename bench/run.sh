#!/bin/sh
# bench/run.sh MYC - compare `compose config` with `docker-compose config -q`
# on generated projects of 10, 100 and 1000 services (see bench/README.md).
set -eu
if [ $# -ne 1 ]; then
	echo "usage: bench/run.sh PATH-TO-MYC" >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "bench: BROKEN: python3 is needed to run the benchmark" >&2
	exit 1
fi
exec python3 -B "$(dirname "$0")/bench.py" "$1"
