#!/usr/bin/env bash
# `npm test`: services up (installed and started when missing), then the whole suite against real
# PostgreSQL+PostGIS and Redis. Tests use their own databases cloned from a migrated template.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Format and lint first: a style slip fails in a second, before any service starts (Biome: biome.json).
npx biome check --error-on-warnings .
# Unused files, exports and dependencies (knip.jsonc), before any service starts.
npx knip --no-progress
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bin/estates.js services up
# Test tools from Debian's packages: GDAL's ogrinfo reads /ogc as QGIS users would; the browser tests
# drive Debian's chromium headless (never a downloaded browser).
. scripts/apt.sh
tools=()
command -v ogrinfo >/dev/null 2>&1 || tools+=(gdal-bin)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || tools+=(chromium)
# The Board pack test reads its PDF back with poppler's pdftotext and pdfinfo.
command -v pdftotext >/dev/null 2>&1 || tools+=(poppler-utils)
apt_install "${tools[@]}"
npx tsc --noEmit -p .
# The web UI's API types come from the API's own OpenAPI document (generated, not committed).
npx tsx scripts/api-types.ts
npx tsc -p web
# The heavy suite (reliability, benchmark smoke runs) is `npm run test:heavy`; CI runs it after this.
npx vitest run --project unit --project integration "$@"
