#!/usr/bin/env bash
# What `make bench-request-cost` needs besides Python: wrk, the compiled HTTP load generator
# (so that the client does not share the Python cost of what it measures). Installs Debian's
# package when it can (root with apt-get, as tools/ensure-test-deps.sh does); otherwise names it.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the benchmark's load generator: wrk"
  # Another apt-get may hold the lock for a while (a shared machine); wait for it.
  for _ in $(seq 1 60); do
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; then
      exit 0
    fi
    if ! fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends wrk && exit 0
    fi
    sleep 5
  done
  echo "could not install wrk with apt-get" >&2
  exit 1
fi
echo "the request-cost benchmark needs wrk (Debian/Ubuntu: apt-get install wrk)" >&2
exit 1
