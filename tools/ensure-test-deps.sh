#!/usr/bin/env bash
# What `make test` needs besides Python: a Docker engine, or Java 17+, Maven and PostgreSQL 15
# binaries for the servers the test fixtures start themselves. Installs what is missing when it
# can (root with apt-get, as on CI), otherwise names exactly what to install.
set -euo pipefail

if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && -n "${DATABASE_URL:-}" ]]; then
  echo "test infrastructure: using KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL from the environment"
  exit 0
fi
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "test infrastructure: a Docker engine answers; the fixtures will use testcontainers"
  exit 0
fi

missing=()
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
java_ok || missing+=("openjdk-17-jdk-headless")
command -v mvn >/dev/null 2>&1 || missing+=("maven")
bindir=$(pg_bindir || true)
[[ -n "$bindir" && -x "$bindir/initdb" && -x "$bindir/pg_ctl" ]] || missing+=("postgresql-15")

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing test prerequisites: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "make test needs a Docker engine, or these packages: ${missing[*]}" >&2
    echo "(Java 17+ and Maven run a Kafka broker from Maven Central jars; PostgreSQL 15" >&2
    echo " binaries — initdb, pg_ctl — run a throwaway database server)" >&2
    exit 1
  fi
fi
echo "test infrastructure: local Kafka (Java $(java -version 2>&1 | head -1)) and PostgreSQL ($(pg_bindir))"
