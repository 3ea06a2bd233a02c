# Shell functions of the apache charm's hooks (sourced).

die() {
	echo "apache: $*" >&2
	exit 1
}

# write_file FILE MODE: standard input into FILE, atomically (a site is
# never read half written: *.tmp does not end in .conf).
write_file() {
	(umask 077 && cat >"$1.tmp") && chmod "$2" "$1.tmp" && mv "$1.tmp" "$1"
}

# check NAME VALUE PATTERN-DESCRIPTION: dies unless VALUE is a host name.
check_host() {
	case $2 in
	'' | *[!A-Za-z0-9.-]* | .* | -*) die "$1 '$2' is not a host name" ;;
	esac
}

# words JSON: the strings of a JSON string or list, one a line.
words() {
	printf '%s\n' "$1" | tr -d '[]"' | tr ', ' '\n\n' | sed '/^$/d'
}

# pem_lines: PEM text on stdin, made whole again when YAML folded it into
# one line (a multi-line plain scalar, as in the guide's ca-cert example).
pem_lines() {
	awk '{
		for (i = 1; i <= NF; i++) {
			t = $i
			if (hdr != "") {
				hdr = hdr " " t
				if (t ~ /-----$/) { print hdr; hdr = "" }
			} else if (t ~ /^-----/ && !(t ~ /^-----.+-----$/)) {
				hdr = t
			} else {
				print t
			}
		}
	}'
}

# container_of SERVICE: the running container of a service of this project.
container_of() {
	command -v docker >/dev/null 2>&1 || return 0
	docker ps -q --filter "label=com.docker.compose.project=$PROJECT_NAME" \
		--filter "label=com.docker.compose.service=$1" 2>/dev/null |
		head -n 1
}

# site_owner FILE: the service whose web-proxy relation wrote the site FILE
# (from its first line), or nothing when we did not write it.
site_owner() {
	_site=${1##*/}
	_site=${_site%.conf}
	_line=$(head -n 1 "$1")
	case $_line in
	"# $_site: web-proxy of "*", written by the apache charm") ;;
	*) return 0 ;;
	esac
	_owner=${_line#"# $_site: web-proxy of "}
	printf '%s\n' "${_owner%", written by the apache charm"}"
}

# remove_site DOMAIN: its virtual host and its inline certificate.
remove_site() {
	rm -f "$SERVICE_CONFIGSTORE/etc/apache2/myc-sites/$1.conf"
	rm -rf "$SERVICE_CONFIGSTORE/etc/apache2/myc-certs/$1"
}

# reload_apache: a running apache container of ours reads its sites and
# certificates again now (SIGHUP: a configuration test, then a graceful
# restart), not at its watcher's next check; docker-compose recreates it
# only when its own definition changes.
reload_apache() {
	_c=$(container_of "$SERVICE_NAME")
	if [ -n "$_c" ]; then
		docker kill -s HUP "$_c" >/dev/null ||
			echo "apache: could not signal $SERVICE_NAME to reload" >&2
	fi
}
