#!/usr/bin/env bash
# Copies the GraphiQL build pinned in package-lock.json (run `npm ci` first) into the static files
# served at /graphql/, with each package's licence, so the IDE works offline and without a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."

src=node_modules
dest=graphql_schema/static/graphiql/vendor

vendor() {  # vendor NPM_PACKAGE DIRECTORY FILE...
  local package=$1 directory=$2
  shift 2
  mkdir -p "$dest/$directory"
  for file in "$@"; do
    cp "$src/$package/$file" "$dest/$directory/"
  done
  node -e 'const p = require(process.argv[1]); console.log(`${p.name}@${p.version} ${p.license}`)' \
    "./$src/$package/package.json" >> "$dest/VERSIONS"
}

rm -rf "$dest"
mkdir -p "$dest"
vendor react react umd/react.production.min.js LICENSE
vendor react-dom react-dom umd/react-dom.production.min.js LICENSE
vendor graphiql graphiql graphiql.min.js graphiql.min.css LICENSE
vendor @graphiql/plugin-explorer graphiql-plugin-explorer dist/index.umd.js dist/style.css
# The explorer plugin ships no licence file: it is MIT, from the GraphiQL repository and copyright holders.
cp "$src/graphiql/LICENSE" "$dest/graphiql-plugin-explorer/LICENSE"
echo "vendored into $dest:"
cat "$dest/VERSIONS"
