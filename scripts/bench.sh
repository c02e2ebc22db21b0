#!/usr/bin/env bash
# `npm run bench`: services up, gdal-bin for the ogr2ogr reference, then every benchmark against
# its reference in the same run. Prints a table; writes bench/results.json (git-ignored).
# Arguments pass through: npm run bench -- --only ingest,queries --sizes 10000,30000,100000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bin/estates.js services up
if ! command -v ogr2ogr >/dev/null 2>&1; then
  echo "estates: installing gdal-bin (ogr2ogr) for the ingest reference" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin; }
fi
exec node --import tsx bench/main.ts "$@"
