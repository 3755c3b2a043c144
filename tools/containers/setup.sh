#!/usr/bin/env bash
# What the containers test tier needs: podman (with runc and this repo's containers.conf), and
# local stand-ins for the Dockerfile's base images, made from Debian bookworm with debootstrap,
# because public container registries cannot be reached from these machines. Installs what is
# missing when it can (root with apt-get, as on CI); otherwise says why the tier will skip.
# The root file system is cached in .cache/containers; the images live in podman's storage.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tools/containers"
cache="$root/.cache/containers"
export CONTAINERS_CONF="$here/containers.conf"

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing the containers tier's tools: podman buildah runc debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      podman buildah runc debootstrap uidmap >/dev/null
  else
    echo "containers tier: needs ${missing[*]} (and root); its tests will be skipped" >&2
    exit 0
  fi
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "containers tier: podman runs as root here (rootless needs subuid ranges); tests skipped" >&2
  exit 0
fi

have_image() { podman image exists "$1"; }

if ! have_image localhost/debian:bookworm; then
  if [[ ! -f "$cache/bookworm/etc/debian_version" ]]; then
    echo "debootstrap: a minimal Debian bookworm into $cache/bookworm (about a minute)"
    rm -rf "$cache/bookworm.partial" && mkdir -p "$cache"
    debootstrap --variant=minbase bookworm "$cache/bookworm.partial" >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    mv "$cache/bookworm.partial" "$cache/bookworm"
  fi
  tar -C "$cache/bookworm" -c . | podman import --quiet - localhost/debian:bookworm >/dev/null
fi

# This machine's egress may re-sign TLS with an authority of its own: the stand-ins trust
# whatever extra authorities the host trusts, so that pip, uv and npm reach their registries.
context="$cache/standin-context"
rm -rf "$context" && mkdir -p "$context/extra-ca"
cp "$here"/*.Containerfile "$context/"
shopt -s nullglob
for cert in /usr/local/share/ca-certificates/*.crt; do cp "$cert" "$context/extra-ca/"; done
for base in python:3.11-slim-bookworm node:20-bookworm-slim; do
  image="localhost/${base}-standin"
  have_image "$image" && continue
  echo "building the stand-in for $base"
  podman build --quiet --network host -t "$image" -f "$context/${base%%:*}.Containerfile" \
    "$context" >/dev/null
done
echo "containers tier: podman $(podman --version | awk '{print $3}'), stand-in bases ready"
