#!/bin/bash
# make-images.sh - build the charms' Docker images locally, with no registry.
#
#   scripts/make-images.sh [-v] [--rebuild-base] [NAME...]
#
# 1. The base: when the engine has no debian:bookworm, one is made with
#    debootstrap (minbase; bookworm, bookworm-updates, bookworm-security) and
#    imported under that very tag, so the charms' Dockerfiles say
#    `FROM debian:bookworm` exactly as they do in production.  The root file
#    system is cached in build/images/ and not downloaded again.
# 2. charms/NAME/build/Dockerfile  ->  myc/NAME:latest
# 3. tests/images/NAME/Dockerfile  ->  myc-test/NAME:latest (tests only)
#
# One line per image: "built", "up to date" or "FAILED" (with the end of
# its log; the others are still built, and the exit status is then 1).
# NAMEs (or MYC_IMAGES, a space-separated list) restrict the work to those
# images; a NAME matches a charm and/or a test image of that name.
#
# Options:
#   -v              show docker build's output instead of logging it
#   --rebuild-base  make debian:bookworm again from the cached root file
#                   system (or a fresh debootstrap when there is none)
#   --fresh-base    same, and debootstrap again (drops the cache)
#   --list          print the images this would build, and exit
#
# Environment: MYC_IMAGES, MYC_IMAGE_CACHE (default build/images),
# DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${MYC_IMAGE_CACHE:-$ROOT/build/images}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=debian:bookworm
SUITE=bookworm
ROOTFS_TAR=$CACHE/$SUITE-minbase-rootfs.tar.gz

verbose=""
base_mode=""  # "", rebuild, fresh

die() {
	printf 'make-images: %s\n' "$*" >&2
	exit 1
}

say() {
	printf '%-32s %s\n' "$1" "$2"
}

usage() {
	sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
}

image_id() {
	docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true
}

# ---- the base image ----

make_rootfs_tarball() {
	command -v debootstrap >/dev/null 2>&1 ||
		die "debootstrap is not installed (apt-get install debootstrap)"
	local dir=$CACHE/rootfs.tmp
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "debootstrap $SUITE (minbase) from $MIRROR ..."
	if ! debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" \
		>"$CACHE/debootstrap.log" 2>&1; then
		tail -n 20 "$CACHE/debootstrap.log" >&2
		rm -rf "$dir"
		die "debootstrap failed (full log: $CACHE/debootstrap.log)"
	fi
	# The sources of Debian's official image: main suite, updates, security.
	rm -f "$dir/etc/apt/sources.list"
	cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	# Like the official image: no package lists or caches, no host identity.
	rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
		"$dir"/var/cache/apt/archives/*.deb "$dir"/var/log/*.log
	: >"$dir/etc/resolv.conf"
	: >"$dir/etc/hostname"
	tar -C "$dir" --numeric-owner -czf "$ROOTFS_TAR.tmp" .
	mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
	rm -rf "$dir"
}

import_base() {
	docker import \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'CMD ["bash"]' \
		--message "debootstrap --variant=minbase $SUITE" \
		"$ROOTFS_TAR" "$BASE" >/dev/null
}

ensure_base() {
	if [ -z "$base_mode" ] && [ -n "$(image_id "$BASE")" ]; then
		say "$BASE" "present"
		return 0
	fi
	mkdir -p "$CACHE"
	# Two builds at once must not debootstrap into the same directory.
	exec 9>"$CACHE/.base.lock"
	flock 9
	if [ -z "$base_mode" ] && [ -n "$(image_id "$BASE")" ]; then
		say "$BASE" "present"
		exec 9>&-
		return 0
	fi
	[ "$base_mode" = fresh ] && rm -f "$ROOTFS_TAR"
	if [ ! -s "$ROOTFS_TAR" ]; then
		[ "$(id -u)" = 0 ] || die "the engine has no $BASE and making one" \
			"needs root (debootstrap): run 'sudo $0', or load a" \
			"$BASE image into the engine some other way"
		local t0=$SECONDS
		make_rootfs_tarball
		echo "root file system cached in $ROOTFS_TAR ($((SECONDS - t0))s)"
	fi
	import_base || die "docker import of $ROOTFS_TAR failed"
	say "$BASE" "imported from $ROOTFS_TAR"
	exec 9>&-
}

# ---- charm and test images ----

# Prints "TAG CONTEXT" for every image, charms first.
all_images() {
	local d
	for d in "$ROOT"/charms/*/build "$ROOT"/tests/images/*; do
		[ -f "$d/Dockerfile" ] || continue
		case $d in
		"$ROOT"/charms/*) echo "myc/$(basename "$(dirname "$d")"):latest $d" ;;
		*) echo "myc-test/$(basename "$d"):latest $d" ;;
		esac
	done
}

# Keeps the lines of all_images whose NAME was asked for; dies on a NAME
# that matches nothing.
select_images() {
	local all=$1 name found tag ctx out=""
	shift
	[ $# -gt 0 ] || {
		printf '%s\n' "$all"
		return 0
	}
	for name in "$@"; do
		found=""
		while read -r tag ctx; do
			[ -n "$tag" ] || continue
			case $tag in
			"myc/$name:latest" | "myc-test/$name:latest")
				out="$out$tag $ctx
"
				found=1
				;;
			esac
		done <<EOF
$all
EOF
		[ -n "$found" ] || die "no image named '$name'" \
			"(looked for charms/$name/build/Dockerfile and" \
			"tests/images/$name/Dockerfile)"
	done
	printf '%s' "$out"
}

build_one() {
	local tag=$1 ctx=$2 before after log t0=$SECONDS
	log=$CACHE/logs/$(printf '%s' "$tag" | tr '/:' '__').log
	before=$(image_id "$tag")
	if [ -n "$verbose" ]; then
		docker build --force-rm -t "$tag" "$ctx" </dev/null || {
			say "$tag" "FAILED"
			return 1
		}
	elif ! docker build --force-rm -t "$tag" "$ctx" </dev/null >"$log" 2>&1; then
		tail -n 25 "$log" | sed 's/^/  | /' >&2
		say "$tag" "FAILED (log: ${log#"$ROOT"/})"
		return 1
	fi
	after=$(image_id "$tag")
	if [ "$before" = "$after" ]; then
		say "$tag" "up to date"
	else
		say "$tag" "built ($((SECONDS - t0))s)"
	fi
}

main() {
	local list="" images tag ctx failed=""
	while [ $# -gt 0 ]; do
		case $1 in
		-v) verbose=1 ;;
		--rebuild-base) base_mode=rebuild ;;
		--fresh-base) base_mode=fresh ;;
		--list) list=1 ;;
		-h | --help)
			usage
			exit 0
			;;
		-*)
			usage >&2
			exit 2
			;;
		*) break ;;
		esac
		shift
	done
	# shellcheck disable=SC2086 # MYC_IMAGES is a word list
	[ $# -gt 0 ] || set -- ${MYC_IMAGES:-}

	command -v docker >/dev/null 2>&1 || die "docker is not installed"
	docker info >/dev/null 2>&1 || die "no Docker engine answers" \
		"(is the daemon running, and may $(id -un) use it?)"
	images=$(select_images "$(all_images)" "$@")
	if [ -n "$list" ]; then
		printf '%s\n' "$images" | sed "s| $ROOT/| |"
		exit 0
	fi
	# Docker >= 23 makes `docker build` a buildx alias; without the plugin
	# only the legacy builder works.
	if ! docker buildx version >/dev/null 2>&1; then
		export DOCKER_BUILDKIT=0
	fi
	mkdir -p "$CACHE/logs"
	ensure_base
	while read -r tag ctx; do
		[ -n "$tag" ] || continue
		build_one "$tag" "$ctx" || failed="$failed $tag"
	done <<EOF
$images
EOF
	[ -z "$failed" ] || die "failed to build:$failed"
}

main "$@"
