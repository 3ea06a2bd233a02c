# tests/lib-web.sh - helpers of the image tests (apache, letsencrypt, cron,
# pebble); source it after lib.sh and lib-docker.sh.
#
#	web_build_image NAME      make myc/NAME (charms/NAME/build) or
#	                          myc-test/NAME (tests/images/NAME)
#	web_prefix                set WEB_PREFIX, the prefix of every container
#	                          and network this test file makes
#	web_cleanup               remove them (call it from an EXIT trap)
#	web_port CONTAINER PORT   the host port (on 127.0.0.1) published for PORT
#	web_wait SECONDS CMD...   run CMD every half second until it succeeds
#	web_serial HOST PORT SNI  the serial of the certificate served there
#	web_root_rm DIR IMAGE     rm -rf DIR, through IMAGE when files made by
#	                          containers (root) can't be removed otherwise
#
# The tests reach the containers only through ports published on
# 127.0.0.1, or from containers on their own network.

# web_build_image NAME: through scripts/make-images.sh when it is there.
web_build_image() {
	if [ -x "$SRC_DIR/scripts/make-images.sh" ]; then
		"$SRC_DIR/scripts/make-images.sh" "$1"
		return
	fi
	if [ -f "$SRC_DIR/charms/$1/build/Dockerfile" ]; then
		DOCKER_BUILDKIT=0 docker build -q -t "myc/$1:latest" "$SRC_DIR/charms/$1/build"
	elif [ -f "$SRC_DIR/tests/images/$1/Dockerfile" ]; then
		DOCKER_BUILDKIT=0 docker build -q -t "myc-test/$1:latest" "$SRC_DIR/tests/images/$1"
	else
		echo >&2 "web_build_image: no image named $1"
		return 1
	fi
}

web_prefix() {
	WEB_PREFIX="myc-test-$TEST_NAME-$$"
	export WEB_PREFIX
}

web_cleanup() {
	[ -n "${WEB_PREFIX:-}" ] || return 0
	_ids=$(docker ps -aq --filter "name=^/$WEB_PREFIX" 2>/dev/null)
	# shellcheck disable=SC2086 # a list of ids
	[ -z "$_ids" ] || docker rm -f -v $_ids >/dev/null 2>&1
	_nets=$(docker network ls -q --filter "name=^$WEB_PREFIX" 2>/dev/null)
	# shellcheck disable=SC2086 # a list of ids
	[ -z "$_nets" ] || docker network rm $_nets >/dev/null 2>&1
	return 0
}

web_port() {
	docker port "$1" "$2" 2>/dev/null | sed -n 's/^127\.0\.0\.1://p' | head -n 1
}

web_wait() {
	_limit=$(($1 * 2))
	shift
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
		_i=$((_i + 1))
	done
	echo >&2 "web_wait: '$*' still fails after $((_limit / 2))s"
	return 1
}

web_serial() {
	openssl s_client -connect "$1:$2" -servername "$3" </dev/null 2>/dev/null |
		openssl x509 -noout -serial 2>/dev/null | sed 's/^serial=//'
}

web_root_rm() {
	[ -e "$1" ] || return 0
	rm -rf "$1" 2>/dev/null && return 0
	docker run --rm --entrypoint /bin/sh -v "$1:/trash" "$2" \
		-c 'find /trash -mindepth 1 -delete' >/dev/null 2>&1
	rm -rf "$1"
}
