#!/bin/sh
# Exit 0 when a Docker engine answers and docker-compose is installed.
command -v docker >/dev/null 2>&1 || exit 1
timeout 20 docker info >/dev/null 2>&1 || exit 1
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1
