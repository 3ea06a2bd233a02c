# Shell functions of the odoo charm's hooks (sourced).

# write_secret FILE: standard input into FILE, mode 0600, atomically, owned
# by the uid Odoo runs as (when we may give files away).
write_secret() {
	(umask 077 && cat >"$1.tmp") || return 1
	if [ "$(id -u)" = 0 ]; then
		chown "$ODOO_UID:$ODOO_UID" "$1.tmp"
	fi
	mv "$1.tmp" "$1"
}

# one_line VALUE...: fail when a value would break a line of odoo.conf.
one_line() {
	for _v in "$@"; do
		case $_v in
		*'
'*) echo "odoo: a configuration value holds a newline" >&2; return 1 ;;
		esac
	done
}

ODOO_UID=$(options-get --default 101 uid)
case $ODOO_UID in
'' | *[!0-9]*) echo "odoo: uid '$ODOO_UID' is not a number" >&2; exit 1 ;;
esac
