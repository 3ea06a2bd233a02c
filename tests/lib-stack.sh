# tests/lib-stack.sh - helpers of the end-to-end tests that run the shipped
# charms through compose and the real docker-compose (tests/e2e/stack-*.test).
# Source it after lib.sh.
# shellcheck shell=sh
#
#	stack_env                  the shipped charms, state under $TRASH, the
#	                           real docker-compose
#	stack_project NAME         make NAME the current project: sets PROJECT,
#	                           P (its directory, holding compose.yml), S (its
#	                           state), LABEL, and DATASTORE / CONFIGSTORE
#	                           under $TRASH/NAME.store (its own, empty)
#	pc ARGS...                 compose for the current project (-p PROJECT,
#	                           in $P)
#	ctr SERVICE                the id of its running or stopped container
#	                           (not a one-off)
#	ids                        "service id" of the project's containers
#	stack_down PROJECT...      compose down -v (in $TRASH/PROJECT, when it
#	                           holds compose.yml), then remove whatever still
#	                           carries the project's label (containers,
#	                           networks, the PROJECT_SERVICE image tags)
#	free_port [FROM]           the first TCP port from FROM (default: one
#	                           of 20000-28999 after the test's PID) that
#	                           nothing listens on
#	quiet CMD...               CMD, its output in ./out and ./err, shown
#	                           when it fails
#	test_missing PATH          PATH does not exist (or says it does)
#	wait_for SECONDS CMD...    run CMD every second until it succeeds; fail,
#	                           naming CMD and showing its output, after SECONDS
#	tryton_rpc URL PASSWORD METHOD PARAMS [CURL-OPTION...]
#	                           log in to Tryton as admin at URL (its
#	                           /DATABASE/), then call METHOD with PARAMS (JSON);
#	                           prints the reply; exit 3 when the login is
#	                           refused ("login refused: HTTP CODE" on stderr)
#	tryton_up URL [CURL-OPTION...]
#	                           Tryton answers common.server.version at URL
#	                           (its root: /, not /DATABASE/)
#	sniff_start SERVICE MARKER / sniff_headers
#	                           capture, in SERVICE's container, the headers
#	                           of the first HTTP request whose path holds
#	                           MARKER (see below); sniff_headers waits for it
#	                           and prints them
#	make_test_ca DIR / make_test_cert DIR NAME
#	                           a root and an intermediate CA in DIR; a server
#	                           certificate for NAME signed by the
#	                           intermediate (DIR/NAME.pem, DIR/NAME.key)
#
# Project names of these tests start with "mycst-" (myc stack tests): each
# test file keeps to its own, so several may run at the same time.

stack_env() {
	export CHARM_STORE="$SRC_DIR/charms"
	export COMPOSE_STATE_DIR="$TRASH/state"
	export COMPOSE_LOCAL_CONF=/dev/null
	unset DOCKER_COMPOSE COMPOSE_YML_FILE COMPOSE_ADD_CONTENT_FILE \
		COMPOSE_DEBUG DEFAULT_COMPOSE_FILE
}

# shellcheck disable=SC2034 # the test files use them
stack_project() {
	PROJECT=$1
	P="$TRASH/$1"
	S="$COMPOSE_STATE_DIR/$1"
	LABEL="label=com.docker.compose.project=$1"
	DATASTORE="$TRASH/$1.store/data"
	CONFIGSTORE="$TRASH/$1.store/config"
	export DATASTORE CONFIGSTORE
	mkdir -p "$P"
}

pc() {
	(cd "$P" && compose -p "$PROJECT" "$@")
}

ctr() {
	docker ps -aq --filter "$LABEL" \
		--filter "label=com.docker.compose.service=$1" \
		--filter "label=com.docker.compose.oneoff=False" | head -n 1
}

ids() {
	docker ps -a --no-trunc --filter "$LABEL" \
		--format '{{.Label "com.docker.compose.service"}} {{.ID}}' | sort
}

stack_down() {
	for _p in "$@"; do
		# compose wants a compose.yml even for down: the project's
		[ -e "$COMPOSE_STATE_DIR/$_p/docker-compose.yml" ] &&
			[ -e "$TRASH/$_p/compose.yml" ] &&
			(cd "$TRASH/$_p" && compose -p "$_p" down -v -t 0 \
				--remove-orphans) >/dev/null 2>&1
		_l="label=com.docker.compose.project=$_p"
		docker ps -aq --filter "$_l" | xargs -r docker rm -f -v >/dev/null 2>&1
		docker network ls -q --filter "$_l" |
			xargs -r docker network rm >/dev/null 2>&1
		docker image ls --format '{{.Repository}}' |
			grep "^${_p}_" | xargs -r docker image rm >/dev/null 2>&1
	done
	return 0
}

free_port() {
	_p=${1:-$((20000 + $$ % 9000))}
	while ss -Hltn "sport = :$_p" | grep -q .; do
		_p=$((_p + 1))
	done
	echo "$_p"
}

quiet() {
	"$@" </dev/null >out 2>err || {
		_rc=$?
		echo >&2 "quiet: '$*' exited $_rc; its output:"
		cat >&2 out err
		return $_rc
	}
}

test_missing() {
	if [ -e "$1" ] || [ -L "$1" ]; then
		echo >&2 "test_missing: $1 is there"
		return 1
	fi
}

wait_for() {
	_max=$1
	shift
	_t0=$(date +%s)
	until "$@" >"$TRASH/.wait-for.out" 2>&1; do
		if [ $(($(date +%s) - _t0)) -ge "$_max" ]; then
			echo >&2 "wait_for: still failing after ${_max}s: $*"
			cat >&2 "$TRASH/.wait-for.out"
			return 1
		fi
		sleep 1
	done
}

# _json_string TEXT: TEXT as a JSON string.
_json_string() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

tryton_rpc() {
	_url=$1 _pw=$2 _method=$3 _params=$4
	shift 4
	_r=$(printf '{"id": 1, "method": "common.db.login", "params": ["admin", {"password": %s}, "en"]}' \
		"$(_json_string "$_pw")" |
		curl -sS -m 60 -o - -w '\n%{http_code}' \
			-H 'Content-Type: application/json' --data-binary @- "$@" "$_url") ||
		return 1
	_code=$(printf '%s\n' "$_r" | tail -n 1)
	if [ "$_code" != 200 ]; then
		echo >&2 "login refused: HTTP $_code"
		return 3
	fi
	_uid_session=$(printf '%s\n' "$_r" | sed -n \
		's/.*"result": *\[\([0-9][0-9]*\), *"\([^"]*\)"\].*/\1:\2/p')
	if [ -z "$_uid_session" ]; then
		echo >&2 "login: unexpected reply: $_r"
		return 1
	fi
	_auth=$(printf 'admin:%s' "$_uid_session" | base64 | tr -d '\n')
	_r=$(printf '{"id": 2, "method": "%s", "params": %s}' "$_method" "$_params" |
		curl -sS -f -m 60 -H 'Content-Type: application/json' \
			-H "Authorization: Session $_auth" --data-binary @- "$@" "$_url") ||
		return 1
	printf '%s\n' "$_r"
	# {"id": 2, "result": ...}, not {"id": 2, "error": ...}
	printf '%s\n' "$_r" | grep -q '^{"id": *2, *"result":'
}

tryton_up() {
	_u=$1
	shift
	echo '{"id": 0, "method": "common.server.version", "params": []}' |
		curl -sS -f -m 10 -H 'Content-Type: application/json' \
			--data-binary @- "$@" "$_u" | grep -q '"result"'
}

# The sniffer: a raw socket (AF_PACKET; Docker gives containers NET_RAW) in
# the container's network namespace sees the requests arriving there, e.g.
# from the apache proxy; python3 must be in the image (it is in tryton's).
# It prints "ready" once listening, then the request's header block.
SNIFF_PY='
import socket, sys, time
marker = sys.argv[1].encode()
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))
s.settimeout(1)
print("ready", flush=True)
end = time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        pkt = s.recv(65535)
    except socket.timeout:
        continue
    # Ethernet, IPv4, TCP: the payload starts after their headers (a
    # guess from the bytes themselves failed when a header byte was "G")
    if len(pkt) < 34 or pkt[12:14] != b"\x08\x00" or pkt[23] != 6:
        continue
    tcp = 14 + (pkt[14] & 15) * 4
    if len(pkt) < tcp + 13:
        continue
    payload = pkt[tcp + (pkt[tcp + 12] >> 4) * 4:]
    if b" /" + marker not in payload:
        continue
    print(payload.split(b"\r\n\r\n")[0].decode("latin-1"), flush=True)
    sys.exit(0)
sys.exit(1)
'

sniff_start() {
	rm -f "$TRASH/.sniffed"
	docker exec "$(ctr "$1")" python3 -c "$SNIFF_PY" "$2" 30 \
		>"$TRASH/.sniffed" 2>&1 &
	_sniffer=$!
	wait_for 20 grep -qx ready "$TRASH/.sniffed"
}

sniff_headers() {
	wait "$_sniffer" || {
		echo >&2 "sniff: no request seen"
		cat >&2 "$TRASH/.sniffed"
		return 1
	}
	sed 1d "$TRASH/.sniffed" | tr -d '\r'
}

make_test_ca() {
	mkdir -p "$1" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$1/root.key" -out "$1/root.pem" -days 30 \
			-subj '/CN=myc stack test root' \
			-addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$1/int.key" -out "$1/int.csr" \
			-subj '/CN=myc stack test intermediate' 2>/dev/null &&
		printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' \
			>"$1/int.ext" &&
		openssl x509 -req -in "$1/int.csr" -CA "$1/root.pem" \
			-CAkey "$1/root.key" -CAcreateserial -days 30 \
			-extfile "$1/int.ext" -out "$1/int.pem" 2>/dev/null
}

make_test_cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$1/$2.key" -out "$1/$2.csr" -subj "/CN=$2" 2>/dev/null &&
		printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$2" \
			>"$1/$2.ext" &&
		openssl x509 -req -in "$1/$2.csr" -CA "$1/int.pem" -CAkey "$1/int.key" \
			-CAserial "$1/int.srl" -CAcreateserial -days 5 \
			-extfile "$1/$2.ext" -out "$1/$2.pem" 2>/dev/null
}
