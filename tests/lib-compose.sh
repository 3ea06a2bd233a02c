# tests/lib-compose.sh - set-up shared by the compose tests.
#
# Points compose at the test charm store and at stores and state under
# $TRASH, and at a recording docker-compose: $TRASH/fake-dc writes its
# arguments to $TRASH/dc.args (one a line), copies the file given with -f to
# $TRASH/dc.yml, and exits with $FAKE_DC_EXIT (0).  It stands for
# docker-compose where a test checks what compose hands over; the e2e suite
# (tests/e2e/compose.test) runs the real one.

export CHARM_STORE="$SRC_DIR/tests/charms"
export DATASTORE="$TRASH/data"
export CONFIGSTORE="$TRASH/config"
export COMPOSE_STATE_DIR="$TRASH/state"
export COMPOSE_LOCAL_CONF=/dev/null
export DOCKER_COMPOSE="$TRASH/fake-dc"
unset COMPOSE_YML_FILE COMPOSE_ADD_CONTENT_FILE COMPOSE_DEBUG DEFAULT_COMPOSE_FILE

cat >"$TRASH/fake-dc" <<'EOF'
#!/bin/sh
: > "$TRASH/dc.args"
prev=
for a in "$@"; do
	printf '%s\n' "$a" >> "$TRASH/dc.args"
	[ "$prev" = -f ] && cp "$a" "$TRASH/dc.yml"
	prev=$a
done
exit "${FAKE_DC_EXIT:-0}"
EOF
chmod +x "$TRASH/fake-dc"

# project_dir NAME: a directory holding compose.yml from stdin.
project_dir() {
	mkdir -p "$TRASH/$1" &&
	cat >"$TRASH/$1/compose.yml"
}

# state_of PROJECT: the project's state dir.
state_of() {
	echo "$COMPOSE_STATE_DIR/$1"
}
