#!/bin/sh
# Install what `make`, `make static` and `make check` need on Debian bookworm,
# and enable Debian's source packages (deb-src) that scripts/build-static.sh
# fetches with `apt-get source`.  Safe to run again: it adds nothing twice.
#
#	scripts/install-build-deps.sh [EXTRA-PACKAGE...]
#
# Run as root (CI does); with sudo otherwise.
set -eu

PACKAGES="build-essential make pkg-config file
libyaml-dev libcurl4-openssl-dev zlib1g-dev libbz2-dev
musl-tools dpkg-dev xz-utils ca-certificates util-linux
clang libclang-rt-14-dev
openssl python3"

if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo "$0" "$@"
	fi
	echo "install-build-deps: run me as root" >&2
	exit 1
fi

DEB_SRC_FILE=/etc/apt/sources.list.d/myc-deb-src.sources
DEB_SRC_LIST=/etc/apt/sources.list.d/myc-deb-src.list
# The release whose sources to enable: this machine's (bookworm in CI).
# shellcheck disable=SC1091 # the running system's file
SUITE=$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)
SUITE=${SUITE:-bookworm}

# deb-src stanzas mirroring the deb entries this machine already uses for
# $SUITE, so that `apt-get source` asks the same archive as `apt-get
# install` (no mirror name is hard-coded here).
deb_src_from_deb822() {
	awk -v suite="$SUITE" '
	function flush() {
		if (types ~ /(^| )deb( |$)/ && suites ~ ("(^| )" suite "(-updates|-security)?( |$)") && uris != "") {
			printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uris, suites, comps
			if (signed != "")
				printf "Signed-By: %s\n", signed
			printf "\n"
		}
		types = uris = suites = comps = signed = ""
	}
	/^[ \t]*$/ { flush(); next }
	/^#/ { next }
	tolower($1) == "types:" { sub(/^[^:]*:[ \t]*/, ""); types = $0; next }
	tolower($1) == "uris:" { sub(/^[^:]*:[ \t]*/, ""); uris = $0; next }
	tolower($1) == "suites:" { sub(/^[^:]*:[ \t]*/, ""); suites = $0; next }
	tolower($1) == "components:" { sub(/^[^:]*:[ \t]*/, ""); comps = $0; next }
	tolower($1) == "signed-by:" { sub(/^[^:]*:[ \t]*/, ""); signed = $0; next }
	END { flush() }
	' "$@"
}

deb_src_from_list() {
	sed -n "s/^[ \t]*deb[ \t]\(.*[ \t]$SUITE\(-updates\|-security\)\?[ \t].*\)\$/deb-src \1/p" "$@"
}

has_deb_src() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && grep -Eq "^[[:space:]]*deb-src[[:space:]].*[[:space:]]${SUITE}[[:space:]]" "$f" && return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$SUITE" 'BEGIN { RS = ""; found = 1 }
		     /(^|\n)Types:[^\n]*deb-src/ && $0 ~ ("(^|\n)Suites:[^\n]*[ ]" suite "([ \n]|$)") && !/(^|\n)Enabled: *no/ { found = 0 }
		     END { exit found }' "$f" && return 0
	done
	return 1
}

setup_deb_src() {
	if has_deb_src; then
		echo "install-build-deps: deb-src for $SUITE already enabled"
		return 0
	fi
	tmp=$(mktemp)
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && deb_src_from_deb822 "$f" >>"$tmp"
	done
	list=""
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && list="$list$(deb_src_from_list "$f")
"
	done
	if [ ! -s "$tmp" ] && [ -z "$(printf '%s' "$list" | tr -d '\n')" ]; then
		rm -f "$tmp"
		echo "install-build-deps: no 'deb ... $SUITE' entry to derive deb-src from;" >&2
		echo "add a deb-src line for $SUITE to /etc/apt/sources.list by hand" >&2
		exit 1
	fi
	if [ -s "$tmp" ]; then
		install -m 0644 "$tmp" "$DEB_SRC_FILE"
		echo "install-build-deps: added deb-src for $SUITE in $DEB_SRC_FILE"
	fi
	rm -f "$tmp"
	if [ -n "$(printf '%s' "$list" | tr -d '\n')" ]; then
		printf '%s' "$list" | sed '/^$/d' >"$DEB_SRC_LIST"
		chmod 0644 "$DEB_SRC_LIST"
		echo "install-build-deps: added deb-src for $SUITE in $DEB_SRC_LIST"
	fi
}

setup_deb_src
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # PACKAGES is a word list on purpose
apt-get install -y -qq --no-install-recommends $PACKAGES "$@" >/dev/null
echo "install-build-deps: build and test dependencies installed"
