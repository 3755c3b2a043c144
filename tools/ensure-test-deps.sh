#!/usr/bin/env bash
# What `make test` needs besides Python: Java 17+, Maven and PostgreSQL 15 binaries for the
# servers the test fixtures start themselves (unless a Docker engine answers or the servers are
# given), Chromium for the GraphiQL page test and npm for its assets. Installs what is missing
# when it can (root with apt-get, as on CI); otherwise names exactly what to install.
set -euo pipefail

missing=()
# The GraphiQL test drives a real headless Chromium; npm bundles GraphiQL's assets.
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || missing+=("chromium")
command -v npm >/dev/null 2>&1 || missing+=("npm")
servers_given=false
if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && -n "${DATABASE_URL:-}" ]]; then
  echo "test infrastructure: using KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL from the environment"
  servers_given=true
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "test infrastructure: a Docker engine answers; the fixtures will use testcontainers"
  servers_given=true
fi

java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  local v
  v=$(java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)
  [[ -n "$v" && "$v" -ge 17 ]]
}
pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/pg_ctl" ]]; then
    pg_config --bindir
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
  fi
}
if [[ $servers_given == false ]]; then
  java_ok || missing+=("openjdk-17-jdk-headless")
  command -v mvn >/dev/null 2>&1 || missing+=("maven")
  bindir=$(pg_bindir || true)
  [[ -n "$bindir" && -x "$bindir/initdb" && -x "$bindir/pg_ctl" ]] || missing+=("postgresql-15")
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing test prerequisites: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "make test needs these packages: ${missing[*]}" >&2
    echo "(Java 17+ and Maven run a Kafka broker from Maven Central jars, PostgreSQL 15" >&2
    echo " binaries run a throwaway database server, unless a Docker engine answers;" >&2
    echo " Chromium runs the GraphiQL page test; npm bundles GraphiQL's assets)" >&2
    exit 1
  fi
fi
[[ $servers_given == true ]] || echo "test infrastructure: local Kafka (Java $(java -version 2>&1 | head -1)) and PostgreSQL ($(pg_bindir))"
