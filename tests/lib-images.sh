# tests/lib-images.sh - helpers for the tests of the charms' images, run
# with plain `docker run`.  Source it after lib.sh:
#
#	. "$TEST_DIRECTORY/lib-images.sh"
#
# Every container and the network of a test file are named
# myc-test-TESTNAME-PID-WHAT, on a private network where each container is
# also reachable by its short name WHAT; all of them, and the datastore and
# config store under $TRASH (whose files may belong to containers' users),
# are removed when the test file exits.

IMG_PREFIX=myc-test-$TEST_NAME-$$-
IMG_NET=${IMG_PREFIX}net
DATASTORE=$TRASH/datastore
CONFIGSTORE=$TRASH/configstore
export DATASTORE CONFIGSTORE

# img_name WHAT: the full name of the test's container WHAT.
img_name() {
	printf '%s%s\n' "$IMG_PREFIX" "$1"
}

# img_build NAME...: scripts/make-images.sh for those images.
img_build() {
	"$SRC_DIR/scripts/make-images.sh" "$@"
}

# img_net: create the test's private network (once).
img_net() {
	docker network inspect "$IMG_NET" >/dev/null 2>&1 ||
		docker network create "$IMG_NET" >/dev/null
}

# img_run WHAT [DOCKER-RUN-OPTIONS...] IMAGE [ARGS...]: a detached container
# named after WHAT on the private network, with WHAT as its alias.
img_run() {
	_what=$1
	shift
	img_net &&
		docker run -d --name "$IMG_PREFIX$_what" --network "$IMG_NET" \
			--network-alias "$_what" "$@" >/dev/null
}

# img_wait SECONDS CMD...: run CMD every half second until it succeeds;
# fail, naming CMD, after SECONDS.
img_wait() {
	_max=$1
	shift
	_t0=$(date +%s)
	until "$@" >/dev/null 2>&1; do
		if [ $(($(date +%s) - _t0)) -ge "$_max" ]; then
			echo >&2 "img_wait: still failing after ${_max}s: $*"
			return 1
		fi
		sleep 0.5
	done
}

# img_log_has WHAT PATTERN: the container's log matches the grep PATTERN.
img_log_has() {
	docker logs "$IMG_PREFIX$1" 2>&1 | grep -q -- "$2"
}

# img_stop_clean WHAT SECONDS: docker stop WHAT, which must exit 0 within
# SECONDS (docker's own timeout is twice that, then SIGKILL).
img_stop_clean() {
	_t0=$(date +%s)
	docker stop -t $(($2 * 2)) "$IMG_PREFIX$1" >/dev/null || return 1
	_took=$(($(date +%s) - _t0))
	_rc=$(docker inspect -f '{{.State.ExitCode}}' "$IMG_PREFIX$1")
	if [ "$_rc" != 0 ] || [ "$_took" -gt "$2" ]; then
		echo >&2 "img_stop_clean: $1 took ${_took}s (max $2) and exited $_rc"
		docker logs --tail 20 "$IMG_PREFIX$1" >&2
		return 1
	fi
}

# img_remove_tree DIR...: rm -rf, through a container when files belong to
# users we are not.
img_remove_tree() {
	for _d in "$@"; do
		[ -e "$_d" ] || continue
		rm -rf "$_d" 2>/dev/null && continue
		docker run --rm -v "$_d:/victim" --entrypoint sh debian:bookworm \
			-c 'rm -rf /victim/* /victim/.[!.]* /victim/..?*' >/dev/null 2>&1
		rm -rf "$_d"
	done
}

img_cleanup() {
	test_have_prereq DOCKER || return 0
	_ids=$(docker ps -aq --filter "name=^/$IMG_PREFIX")
	# shellcheck disable=SC2086 # a list of ids
	[ -z "$_ids" ] || docker rm -f -v $_ids >/dev/null 2>&1
	docker network rm "$IMG_NET" >/dev/null 2>&1
	img_remove_tree "$DATASTORE" "$CONFIGSTORE"
	return 0
}

trap img_cleanup EXIT
trap 'exit 130' INT TERM
