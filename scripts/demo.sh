#!/bin/sh
# make demo: bring up examples/demo (Tryton and PostgreSQL behind Apache)
# with the freshly built myc, and say where to reach it.
#   DEMO_PORT   the host port Apache publishes (8080)
#   scripts/demo.sh COMMAND...   any compose command on it: ps, logs,
#                                down (the data stays in build/demo)
set -eu
cd "$(dirname "$0")/.."
root=$PWD
port=${DEMO_PORT:-8080}
demo="$root/build/demo"
export CHARM_STORE="$root/charms" DATASTORE="$demo/data" \
	CONFIGSTORE="$demo/config" COMPOSE_STATE_DIR="$demo/state" \
	COMPOSE_LOCAL_CONF=/dev/null
compose() {
	"$root/build/myc" compose -f "$root/examples/demo/compose.yml" \
		-p mycdemo "$@"
}

if [ $# -gt 0 ]; then
	compose "$@"
	exit
fi
case $port in '' | *[!0-9]*) echo "demo: DEMO_PORT '$port' is not a port" >&2; exit 2 ;; esac

compose --add-compose-content "apache: {options: {http-port: '$port'}}" up -d

printf 'demo: waiting for Tryton to answer through Apache (its first start initialises the database)'
i=0
until curl -fs -o /dev/null -H 'Host: localhost' "http://127.0.0.1:$port/"; do
	i=$((i + 1))
	if [ $i -ge 180 ]; then
		echo
		echo "demo: Tryton did not answer within 6 minutes; see: scripts/demo.sh logs" >&2
		exit 1
	fi
	printf .
	sleep 2
done
echo
cat <<MSG

The demo is up:
  Tryton (web client)  http://localhost:$port/
  user                 admin
  password             in $CONFIGSTORE/tryton/etc/trytond/admin-password
  data                 $DATASTORE (PostgreSQL's in postgres/)

  see it:   scripts/demo.sh ps          (or logs, or any compose command)
  stop it:  scripts/demo.sh down
MSG
