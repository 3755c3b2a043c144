#!/usr/bin/env bash
# Bundles GraphiQL's browser assets from the npm registry into the gateway package, so that the
# development IDE at /graphql works with no internet. Run by `make install` and the image build.
set -euo pipefail
GRAPHIQL=3.8.3
REACT=18.3.1
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="${GRAPHIQL_DEST:-$root/gateway/src/gateway/static/graphiql}"
stamp="$dest/.graphiql-$GRAPHIQL-react-$REACT"
[[ -f "$stamp" ]] && exit 0
command -v npm >/dev/null || { echo "npm is needed to bundle GraphiQL's assets" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for package in graphiql-$GRAPHIQL react-$REACT react-dom-$REACT; do
  mkdir -p "$work/$package" && tar xzf "$work/$package.tgz" -C "$work/$package"
done
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.js" "$work/graphiql-$GRAPHIQL/package/graphiql.min.css" "$dest/"
cp "$work/react-$REACT/package/umd/react.production.min.js" "$dest/"
cp "$work/react-dom-$REACT/package/umd/react-dom.production.min.js" "$dest/"
touch "$stamp"
echo "bundled GraphiQL $GRAPHIQL (React $REACT) into gateway/src/gateway/static/graphiql"
