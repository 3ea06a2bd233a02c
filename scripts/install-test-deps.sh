#!/bin/sh
# Install what the tests need (Debian), idempotently.  Helpers append lines.
set -e
export DEBIAN_FRONTEND=noninteractive
apt_install() {
	missing=""
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing
}
# docker-ip / docker-cutoff tests: a static busybox for the test image,
# network namespaces, iptables, python3 for the test servers
apt_install busybox-static iproute2 iptables python3
# st tests: a real sshd on loopback, mosh and tmux on both ends, ps
apt_install openssh-server openssh-client mosh tmux procps
# TLS test servers and CAs, dump compression cross-checks, the images'
# base file system (make images), HTTP checks in the end-to-end tests
apt_install openssl gzip bzip2 curl ca-certificates debootstrap
# compose's passthrough and the end-to-end suite drive the real one
apt_install docker-compose
