# tests/lib-tls.sh - helpers of tests/e2e/stack-tls.test: the guide's TLS
# story through compose, with Pebble as the ACME server.  Source it after
# lib.sh, lib-docker.sh and lib-web.sh; the test sets P (the project's
# directory), PROJECT, LABEL, LIVE, PNET, PEBBLE, DNS (the challtestsrv
# container), HTTP_PORT and HTTPS_PORT.
#
#	pc ARGS...             compose in the project's directory
#	ctr SERVICE            the id of the service's container (not a one-off)
#	write_compose DAYS [cron|CRON-SCHEDULE]
#	                       compose.yml: the guide's short form with a domain,
#	                       letsencrypt pointed at Pebble, renewing DAYS before
#	                       expiry; with "cron", a cron service; with a
#	                       schedule, that schedule for the renewal job too
#	pc_up                  compose up, with apache and letsencrypt joined to
#	                       Pebble's network before they start (see below)
#	pebble_join            join them to it (idempotent)
#	pebble_dns             point the test domains at apache's address there
#	net_ip CONTAINER       its address on Pebble's network
#	pebble_root            fetch Pebble's issuing root to $TRASH/pebble-root.pem
#	https_get PATH         GET https://erp.example.test:HTTPS_PORT/PATH into
#	                       ./body, trusting Pebble's root only
#	live_serial NAME       the serial of the certificate NAME in the datastore
#	serves_serial SERIAL   apache serves erp.example.test with that serial
#	issued                 how many certificates Pebble has issued
#	free_port FROM         the first port from FROM nothing listens on
# shellcheck shell=sh
#
# Names.  The tryton service is itself named erp.example.test on the
# project's network, so Pebble must not resolve names there.  It has a
# network of its own, with pebble-challtestsrv as its DNS server (-dnsserver):
# there erp.example.test and other.example.test are A records of the apache
# container's address on that network.  The letsencrypt container joins the
# network to reach Pebble.  (A network alias erp.example.test on apache would
# do for Pebble, but apache itself would then resolve its proxy target
# erp.example.test:8000 to itself.)  compose.yml can't join a service to
# another network: its docker-compose: fragments are per service, and a
# service may only name a network declared at the top level of the generated
# file (an external one), which compose.yml has no way to add.  So the test
# joins the containers with `docker network connect` between their creation
# and their start (compose up --no-start, then up -d), and sets the records
# once apache runs (its address is given at start; should the letsencrypt
# daemon's first try come before, it tries again 5 s later).  A container
# that compose recreates (a changed configuration) leaves Pebble's network:
# pc_up joins it again and updates the records.

pc() {
	(cd "$P" && compose "$@")
}

ctr() {
	docker ps -aq --filter "$LABEL" \
		--filter "label=com.docker.compose.service=$1" \
		--filter "label=com.docker.compose.oneoff=False" | head -n 1
}

write_compose() {
	{
		cat <<-EOF
		# the guide's short form with a domain; letsencrypt asks Pebble
		erp.example.test:
		  charm: tryton

		apache:
		  options:
		    http-port: $HTTP_PORT
		    https-port: $HTTPS_PORT
		  docker-compose:
		    environment:
		      # the test's pace: certificates are noticed within a second
		      MYC_APACHE_WATCH_INTERVAL: "1"

		letsencrypt:
		  options:
		    email: admin@example.test
		    server: https://$PEBBLE:14000/dir
		    renew-before-expiry: $1
		    ca-bundle: |
		EOF
		sed 's/^/      /' "$TRASH/pebble-tls-ca.pem"
		cat <<-EOF
		  docker-compose:
		    environment:
		      MYC_LETSENCRYPT_RETRY_MIN: "5"
		EOF
		case ${2:-} in
		'') ;;
		cron) printf '\ncron:\n' ;;
		*)
			cat <<-EOF
			  relations:
			    schedule-command:
			      cron:
			        schedule: "$2"

			cron:
			EOF
			;;
		esac
	} >"$P/compose.yml"
}

# joined CONTAINER: it is on Pebble's network.
joined() {
	docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{"\n"}}{{end}}' \
		"$1" | grep -qx "$PNET"
}

pebble_join() {
	_a=$(ctr apache)
	_l=$(ctr letsencrypt)
	if [ -z "$_a" ] || [ -z "$_l" ]; then
		echo >&2 "pebble_join: no apache or letsencrypt container"
		return 1
	fi
	for _c in "$_a" "$_l"; do
		joined "$_c" || docker network connect "$PNET" "$_c" || return 1
	done
}

net_ip() {
	docker inspect -f "{{(index .NetworkSettings.Networks \"$PNET\").IPAddress}}" "$1"
}

pebble_dns() {
	_ip=$(net_ip "$(ctr apache)")
	_port=$(web_port "$DNS" 8055)
	if [ -z "$_ip" ] || [ -z "$_port" ]; then
		echo >&2 "pebble_dns: no address for apache, or no challtestsrv"
		return 1
	fi
	for _n in erp.example.test other.example.test; do
		curl -sSf -X POST -d "{\"host\":\"$_n\",\"addresses\":[\"$_ip\"]}" \
			"http://127.0.0.1:$_port/add-a" || return 1
	done
}

pc_up() {
	pc up --no-start &&
		pebble_join &&
		pc up -d &&
		pebble_dns
}

pebble_root() {
	_port=$(web_port "$PEBBLE" 15000) &&
		[ -n "$_port" ] &&
		curl -sSfk -o "$TRASH/pebble-root.pem" "https://127.0.0.1:$_port/roots/0"
}

https_get() {
	curl -sSf -m 10 -o body --cacert "$TRASH/pebble-root.pem" \
		--resolve "erp.example.test:$HTTPS_PORT:127.0.0.1" \
		"https://erp.example.test:$HTTPS_PORT$1"
}

live_serial() {
	openssl x509 -noout -serial -in "$LIVE/$1/cert.pem" | sed 's/^serial=//'
}

serves_serial() {
	[ "$(web_serial 127.0.0.1 "$HTTPS_PORT" erp.example.test)" = "$1" ]
}

issued() {
	docker logs "$PEBBLE" 2>&1 | grep -c "Issued certificate serial"
}

free_port() {
	_p=$1
	while ss -Hltn "sport = :$_p" | grep -q .; do
		_p=$((_p + 1))
	done
	echo "$_p"
}
