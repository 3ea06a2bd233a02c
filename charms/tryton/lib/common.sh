# Shell functions of the tryton charm's hooks (sourced).

# write_secret FILE: standard input into FILE, mode 0600, atomically.
write_secret() {
	(umask 077 && cat >"$1.tmp") && mv "$1.tmp" "$1"
}

# urlencode STRING: percent-encoding of RFC 3986 for a URI's user info.
urlencode() {
	_s=$1
	_out=
	while [ -n "$_s" ]; do
		_c=${_s%"${_s#?}"}
		_s=${_s#?}
		case $_c in
		[A-Za-z0-9._~-]) _out=$_out$_c ;;
		*) _out=$_out$(LC_ALL=C printf '%%%02X' "'$_c") ;;
		esac
	done
	printf '%s' "$_out"
}

# config_changed: make docker-compose recreate the container when the
# files it reads at start change (it does not see them otherwise).
config_changed() {
	_sum=$(cat "$SERVICE_CONFIGSTORE"/etc/trytond/* 2>/dev/null |
		sha256sum | cut -c1-16)
	config-add "services: {$SERVICE_NAME: {labels: {myc.config-hash: '$_sum'}}}"
}
