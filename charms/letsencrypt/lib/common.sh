# Shell functions of the letsencrypt charm's hooks and actions (sourced).

die() {
	echo "letsencrypt: $*" >&2
	exit 1
}

# write_file FILE MODE: standard input into FILE, atomically.
write_file() {
	(umask 077 && cat >"$1.tmp") && chmod "$2" "$1.tmp" && mv "$1.tmp" "$1"
}

# one_line NAME VALUE: dies when VALUE would break a KEY = VALUE line.
one_line() {
	case $2 in
	*'
'*) die "$1 can't hold a newline" ;;
	esac
}

CONF="$SERVICE_CONFIGSTORE/etc/myc/letsencrypt"

# write_config: config and ovh.ini (build/README.md) from the options.
write_config() {
	mkdir -p "$CONF/domains.d"
	email=$(options-get --default "" email)
	server=$(options-get --default "" server)
	challenge=$(options-get --default http challenge-type)
	days=$(options-get --default 30 renew-before-expiry)
	for kv in "email:$email" "server:$server" "challenge-type:$challenge"; do
		one_line "${kv%%:*}" "${kv#*:}"
	done
	case $challenge in http | dns) ;; *) die "challenge-type '$challenge': http or dns" ;; esac
	case $days in '' | *[!0-9]*) die "renew-before-expiry '$days' is not a number of days" ;; esac
	if options-get ca-bundle >/dev/null 2>&1; then
		options-get ca-bundle | write_file "$CONF/ca-bundle.pem" 644
	else
		rm -f "$CONF/ca-bundle.pem"
	fi
	{
		echo "# written by the letsencrypt charm from $SERVICE_NAME's options"
		[ -z "$email" ] || echo "email = $email"
		[ -z "$server" ] || echo "server = $server"
		echo "challenge_type = $challenge"
		echo "renew_before_expiry = $days"
		[ ! -f "$CONF/ca-bundle.pem" ] || echo "ca_bundle = /etc/myc/letsencrypt/ca-bundle.pem"
	} | write_file "$CONF/config" 644
	if options-get ovh >/dev/null 2>&1; then
		ep=$(options-get --default ovh-eu ovh entrypoint)
		ak=$(options-get ovh application key)
		as=$(options-get ovh application secret)
		ck=$(options-get ovh consumer_key)
		for kv in "entrypoint:$ep" "key:$ak" "secret:$as" "consumer_key:$ck"; do
			one_line "ovh ${kv%%:*}" "${kv#*:}"
		done
		{
			echo "dns_ovh_endpoint = $ep"
			echo "dns_ovh_application_key = $ak"
			echo "dns_ovh_application_secret = $as"
			echo "dns_ovh_consumer_key = $ck"
		} | write_file "$CONF/ovh.ini" 600
	else
		rm -f "$CONF/ovh.ini"
	fi
}

# container: the running container of this service, if any.
container() {
	docker ps -q --filter "label=com.docker.compose.project=$PROJECT_NAME" \
		--filter "label=com.docker.compose.service=$SERVICE_NAME" \
		--filter "label=com.docker.compose.oneoff=False" | head -n 1
}

# in_service CMD...: CMD in the running container, else in a new one.
in_service() {
	c=$(container)
	if [ -n "$c" ]; then
		if [ -t 0 ]; then
			exec docker exec -it "$c" "$@"
		fi
		exec docker exec -i "$c" "$@"
	fi
	exec compose run --rm "$SERVICE_NAME" "$@"
}
