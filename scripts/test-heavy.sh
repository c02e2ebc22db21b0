#!/usr/bin/env bash
# The heavy suite: the reliability tests (RELIABILITY.md: kill workers mid-ingest, flush Redis, restart
# PostgreSQL, race duplicate uploads, fuzz input through the real workers, probe security, load the
# API) and every benchmark run small (so `npm run bench` cannot rot). They restart shared services,
# so they run alone, never beside other test files. CI runs them after `npm test` (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# A Redis database index of their own: the Redis-loss test runs FLUSHDB on it, never FLUSHALL.
export RELIABILITY_REDIS_URL="${RELIABILITY_REDIS_URL:-redis://127.0.0.1:6379/7}"
node bin/estates.js services up
# The benchmarks' smoke run loads GDAL's ogr2ogr as its reference.
. scripts/apt.sh
command -v ogr2ogr >/dev/null 2>&1 || apt_install gdal-bin
npx vitest run --project heavy "$@"
