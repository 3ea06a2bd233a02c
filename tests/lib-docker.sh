# tests/lib-docker.sh - Docker helpers shared by the test files; source it
# after lib.sh.  Nothing can be pulled here (no registry): images are made
# locally.
#
#	ensure_test_image    make myc-test/busybox:latest if it is missing
#
# The image is a static busybox (Debian's busybox-static, see
# scripts/install-test-deps.sh) with a link per applet in /bin, so that
# `docker run myc-test/busybox sleep 60` works.  It stays between runs.

TEST_IMAGE=myc-test/busybox:latest

# The static busybox to put in the image, or nothing.
_static_busybox() {
	for _b in "${BUSYBOX_STATIC:-}" /bin/busybox /usr/bin/busybox; do
		[ -n "$_b" ] && [ -x "$_b" ] || continue
		# a dynamic one would need its libraries in the image
		if ! LC_ALL=C ldd "$_b" 2>&1 | grep -q '=>'; then
			echo "$_b"
			return 0
		fi
	done
	return 1
}

ensure_test_image() {
	docker image inspect "$TEST_IMAGE" >/dev/null 2>&1 && return 0
	_bb=$(_static_busybox) || {
		echo >&2 "ensure_test_image: no static busybox (apt-get install busybox-static)"
		return 1
	}
	_root=$(mktemp -d "${TMPDIR:-/tmp}/myc-image.XXXXXX") || return 1
	mkdir -p "$_root/bin" "$_root/tmp" "$_root/etc" &&
	cp "$_bb" "$_root/bin/busybox" &&
	for _a in $("$_bb" --list); do
		[ "$_a" = busybox ] || ln -s busybox "$_root/bin/$_a"
	done &&
	echo 'root:x:0:0:root:/root:/bin/sh' >"$_root/etc/passwd" &&
	tar -C "$_root" -cf - . |
	docker import --change 'CMD ["/bin/sh"]' \
		--change 'ENV PATH=/bin' - "$TEST_IMAGE" >/dev/null
	_rc=$?
	rm -rf "$_root"
	return $_rc
}
