#!/usr/bin/env bash
# `npm test`: services up (installed and started when missing), then the whole suite against real
# PostgreSQL+PostGIS and Redis. Tests use their own databases cloned from a migrated template.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bin/estates.js services up
# GDAL's ogrinfo reads /ogc in the OGC API test, as QGIS users would; Debian package gdal-bin.
if ! command -v ogrinfo >/dev/null 2>&1; then
  echo "estates: installing gdal-bin (ogrinfo) for the OGC API test" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin; }
fi
# The browser tests drive Debian's chromium headless (never a downloaded browser).
[ -x /usr/bin/chromium ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
npx tsc --noEmit -p .
npx vitest run "$@"
