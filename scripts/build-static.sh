#!/usr/bin/env bash
# build-static.sh BUILD - make BUILD/myc-static, a fully static myc.
#
# Debian's libcurl.a needs libraries that have no static archive (Kerberos,
# LDAP, libpsl...) and a static glibc can't resolve names without its NSS
# modules, so myc-static is linked against musl, with libyaml, libcurl
# (HTTP/HTTPS, unix sockets, zlib; TLS by mbedTLS), zlib and bzip2 built from
# Debian's own source packages (`apt-get source`, security fixes included).
#
# Those builds are cached in $MYC_STATIC_DEPS (default deps/static-musl, kept
# by `make clean`, removed by `make distclean`): one directory per library,
# rebuilt only when its recipe below, its source package or the compiler
# changes.  A warm run only recompiles myc (in BUILD/static) and relinks.
#
# It also builds BUILD/static/https-probe, a small program on the same
# libcurl that tests/static.test uses to prove the TLS stack works.
#
# Nothing is installed here: scripts/install-build-deps.sh installs the
# packages (musl-tools, dpkg-dev) and enables deb-src.
#
# Environment: MUSL_CC (default musl-gcc), MYC_STATIC_DEPS, JOBS, V=1.
set -euo pipefail

die() {
	echo "build-static: $*" >&2
	exit 1
}
say() {
	printf '  %-7s %s\n' "$1" "$2"
}

[ $# -eq 1 ] || die "usage: scripts/build-static.sh BUILD-DIR"
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
BUILD=$(cd "$1" && pwd)
cd "$SRC"

MUSL_CC=${MUSL_CC:-musl-gcc}
DEPS=${MYC_STATIC_DEPS:-$SRC/deps/static-musl}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
DEP_CFLAGS=(-Os -ffunction-sections -fdata-sections)
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

command -v "$MUSL_CC" >/dev/null ||
	die "$MUSL_CC not found: install musl-tools (scripts/install-build-deps.sh)"
command -v dpkg-source >/dev/null ||
	die "dpkg-source not found: install dpkg-dev (scripts/install-build-deps.sh)"
CC_ID=$("$MUSL_CC" -dumpfullversion -dumpversion 2>/dev/null | head -n 1)-$(dpkg-query -W -f='${Version}' musl-dev 2>/dev/null || echo unknown)

mkdir -p "$DEPS/src" "$DEPS/work"
DEPS=$(cd "$DEPS" && pwd)
# Two builds at once (make -j check static) must not unpack into each
# other's trees.
exec 9>"$DEPS/.lock"
flock 9

# The sub-builds of the libraries get their own -j, not the jobserver of the
# make that called us.
sub_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -j"$JOBS" "$@"
}

# The .dsc of source package $1 in the cache, fetched on first use.
source_dsc() {
	local pkg=$1 dsc
	dsc=$(find "$DEPS/src" -maxdepth 1 -name "${pkg}_*.dsc" | sort -V | tail -n 1)
	if [ -z "$dsc" ]; then
		say FETCH "$pkg (apt-get source)" >&2
		(cd "$DEPS/src" && apt-get source --download-only -qq "$pkg") >"$DEPS/work/fetch-$pkg.log" 2>&1 || {
			cat "$DEPS/work/fetch-$pkg.log" >&2
			die "can't fetch Debian's source package '$pkg'; enable deb-src for bookworm and run apt-get update (scripts/install-build-deps.sh does both)"
		}
		rm -f "$DEPS/work/fetch-$pkg.log"
		dsc=$(find "$DEPS/src" -maxdepth 1 -name "${pkg}_*.dsc" | sort -V | tail -n 1)
		[ -n "$dsc" ] || die "apt-get source $pkg gave no .dsc"
	fi
	printf '%s\n' "$dsc"
}

# Unpack source package $1 (with Debian's patches applied) in a fresh
# work/$1 and cd there.
unpack() {
	local dsc
	dsc=$(source_dsc "$1")
	rm -rf "$DEPS/work/$1"
	dpkg-source --no-copy -x "$dsc" "$DEPS/work/$1" || die "can't unpack $dsc"
	cd "$DEPS/work/$1"
}

build_zlib() {
	CC=$MUSL_CC CFLAGS="${DEP_CFLAGS[*]}" ./configure --static --prefix="$1"
	sub_make libz.a
	sub_make install
}

# Compiled directly: Debian's orig tarball of libyaml has no configure script.
build_libyaml() {
	local v major minor patch f
	v=$(sed -n 's/^m4_define(\[YAML_\(MAJOR\|MINOR\|PATCH\)\], *\([0-9]*\))/\2/p' configure.ac | tr '\n' ' ')
	read -r major minor patch <<<"$v"
	[ -n "$patch" ] || die "libyaml: can't read its version from configure.ac"
	mkdir -p "$1/include" "$1/lib" obj
	for f in src/*.c; do
		"$MUSL_CC" "${DEP_CFLAGS[@]}" -Iinclude -DYAML_VERSION_MAJOR="$major" \
			-DYAML_VERSION_MINOR="$minor" -DYAML_VERSION_PATCH="$patch" \
			-DYAML_VERSION_STRING="\"$major.$minor.$patch\"" \
			-c -o "obj/$(basename "$f" .c).o" "$f"
	done
	ar rcs "$1/lib/libyaml.a" obj/*.o
	cp include/yaml.h "$1/include/"
}

# Compiled directly: bzip2's Makefile also builds and tests the programs.
build_bzip2() {
	local f
	mkdir -p "$1/include" "$1/lib" obj
	for f in blocksort huffman crctable randtable compress decompress bzlib; do
		"$MUSL_CC" "${DEP_CFLAGS[@]}" -D_FILE_OFFSET_BITS=64 -c -o "obj/$f.o" "$f.c"
	done
	ar rcs "$1/lib/libbz2.a" obj/*.o
	cp bzlib.h "$1/include/"
}

# Upstream's default configuration: what curl needs for TLS 1.2 clients is
# on, and --gc-sections drops the rest from the binary.
#
# mbedTLS 2.28 calls the getrandom syscall only when built on glibc; on musl
# it would read /dev/urandom, and fail where there is none (an empty root,
# a scratch container).  The syscall is the same whatever the libc.
build_mbedtls() {
	local guard='#if ((defined(__linux__) && defined(__GLIBC__)) || defined(__midipix__))'
	grep -qxF "$guard" library/entropy_poll.c ||
		die "mbedtls: library/entropy_poll.c changed, review its getrandom guard"
	# No character of guard is special in a sed pattern.
	sed -i "s/^$guard\$/#if defined(__linux__) || defined(__midipix__)/" library/entropy_poll.c
	sub_make -C library CC="$MUSL_CC" CFLAGS="${DEP_CFLAGS[*]}" static
	mkdir -p "$1/include" "$1/lib"
	cp -R include/mbedtls include/psa "$1/include/"
	cp library/libmbedtls.a library/libmbedx509.a library/libmbedcrypto.a "$1/lib/"
}

# Only what myc uses: HTTP(S), unix sockets, zlib.  PKG_CONFIG_LIBDIR keeps
# configure from finding the system's libpsl, nghttp2, brotli...
build_curl() {
	PKG_CONFIG_LIBDIR="$DEPS/zlib/lib/pkgconfig" CC=$MUSL_CC \
		CFLAGS="${DEP_CFLAGS[*]}" CPPFLAGS="-I$DEPS/zlib/include" \
		LDFLAGS="-L$DEPS/zlib/lib" \
		./configure --prefix="$1" --disable-shared --enable-static \
		--disable-dependency-tracking --disable-silent-rules \
		--with-mbedtls="$DEPS/mbedtls" --with-zlib="$DEPS/zlib" \
		--with-ca-bundle="$CA_BUNDLE" --without-ca-path \
		--enable-http --enable-unix-sockets --enable-ipv6 \
		--enable-threaded-resolver --enable-proxy \
		--disable-ftp --disable-file --disable-ldap --disable-ldaps \
		--disable-rtsp --disable-dict --disable-telnet --disable-tftp \
		--disable-pop3 --disable-imap --disable-smb --disable-smtp \
		--disable-gopher --disable-mqtt --disable-manual \
		--disable-libcurl-option --disable-ntlm --disable-ntlm-wb \
		--disable-tls-srp --disable-cookies --disable-doh \
		--disable-netrc --disable-alt-svc --disable-hsts \
		--disable-websockets --disable-progress-meter --disable-dnsshuffle \
		--without-brotli --without-zstd --without-libpsl \
		--without-libidn2 --without-nghttp2 --without-ngtcp2 \
		--without-nghttp3 --without-quiche --without-msh3 \
		--without-librtmp --without-libssh2 --without-libssh \
		--without-wolfssh --without-libgsasl --without-hyper \
		--without-gssapi --without-zsh-functions-dir \
		--without-fish-functions-dir
	sub_make -C lib
	sub_make -C lib install
	sub_make -C include install
}

# The key of a library's build: its recipe, source package (.dsc), compiler
# and the keys of the libraries it is built on.  A change of any rebuilds it.
dep_key() {
	local name=$1 dsc=$2 d
	shift 2
	{
		declare -f "build_$name"
		echo "${DEP_CFLAGS[*]} $CA_BUNDLE $CC_ID"
		basename "$dsc"
		for d in "$@"; do cat "$DEPS/$d/.key"; done
	} | sha1sum | cut -d' ' -f1
}

# dep NAME SOURCE-PACKAGE [BUILT-ON...]: build NAME into $DEPS/NAME unless
# its key is unchanged.
dep() {
	local name=$1 pkg=$2 key dsc start rc
	shift 2
	dsc=$(source_dsc "$pkg")
	key=$(dep_key "$name" "$dsc" "$@")
	if [ -f "$DEPS/$name/.key" ] && [ "$(cat "$DEPS/$name/.key")" = "$key" ]; then
		return 0
	fi
	say DEP "$(basename "$dsc" .dsc) (log: ${DEPS#"$SRC"/}/work/$name-build.log)"
	start=$SECONDS
	rm -rf "${DEPS:?}/$name"
	# Not under `if` or `||`, which would turn off set -e inside the recipe.
	set +e
	(
		set -e
		unpack "$pkg"
		"build_$name" "$DEPS/$name"
	) >"$DEPS/work/$name-build.log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		tail -n 40 "$DEPS/work/$name-build.log" >&2
		die "building $name failed; see $DEPS/work/$name-build.log"
	fi
	echo "$key" >"$DEPS/$name/.key"
	rm -rf "${DEPS:?}/work/$pkg"
	say DONE "$name in $((SECONDS - start)) s"
}

dep zlib zlib
dep bzip2 bzip2
dep libyaml libyaml
dep mbedtls mbedtls
dep curl curl zlib mbedtls

INCS=()
LIBS=()
for d in curl mbedtls libyaml bzip2 zlib; do
	INCS+=(-isystem "$DEPS/$d/include")
	LIBS+=(-L"$DEPS/$d/lib")
done
LIBS+=(-lcurl -lmbedtls -lmbedx509 -lmbedcrypto -lyaml -lbz2 -lz)
LINK=(-static "-Wl,--gc-sections")

# myc itself goes through the Makefile, so it gets the same warnings and
# flags as the normal build and only what changed is recompiled.  Called
# from make with a jobserver, the sub-make shares it instead of adding -j.
jobs=(-j"$JOBS")
case " ${MAKEFLAGS:-} " in *jobserver*) jobs=() ;; esac
${MAKE:-make} --no-print-directory "${jobs[@]}" BUILD="$BUILD/static" \
	CC="$MUSL_CC" CFLAGS="${DEP_CFLAGS[*]}" LDFLAGS="${LINK[*]}" \
	DEP_CFLAGS="${INCS[*]}" DEP_LIBS="${LIBS[*]}" ${V:+V=1} "$BUILD/static/myc"

say CC "$BUILD/static/https-probe"
"$MUSL_CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes "${DEP_CFLAGS[@]}" -Ilibcommon \
	"${INCS[@]}" "${LINK[@]}" -o "$BUILD/static/https-probe" \
	tests/static/https-probe.c "${LIBS[@]}"

strip -o "$BUILD/myc-static.tmp" "$BUILD/static/myc"
mv -f "$BUILD/myc-static.tmp" "$BUILD/myc-static"
say STATIC "$BUILD/myc-static ($(stat -c %s "$BUILD/myc-static") bytes)"
