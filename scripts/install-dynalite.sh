#!/usr/bin/env bash
# Installs dynalite, an open-source implementation of DynamoDB's API (npm), pinned, under
# target/dynalite of the project root, for the tests of sluice-dedup-dynamodb. Idempotent: does
# nothing when the pinned version is already there. Amazon's DynamoDB Local is not used (its licence
# is not open source). Needs npm (Node.js 20 is part of the test setup, as for asl-validator).
set -euo pipefail

DYNALITE_VERSION="4.0.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/target/dynalite"
installed="$prefix/node_modules/dynalite/package.json"
if [[ -f "$installed" ]] && grep -q "\"version\": \"$DYNALITE_VERSION\"" "$installed"; then
  exit 0
fi
command -v npm >/dev/null || { echo "install-dynalite: npm is needed to install dynalite" >&2; exit 2; }
echo "install-dynalite: installing dynalite@$DYNALITE_VERSION into $prefix" >&2
mkdir -p "$prefix"
npm install --no-save --no-audit --no-fund --silent --prefix "$prefix" "dynalite@$DYNALITE_VERSION" >&2
