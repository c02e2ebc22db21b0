#!/usr/bin/env bash
# Reliability tests (RELIABILITY.md): kill workers mid-ingest, flush Redis, restart PostgreSQL, race
# duplicate uploads, fuzz input through the real workers, probe security and load the API. They
# restart shared services, so they run alone, after the main suite, never beside other test files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# A Redis database index of their own: the Redis-loss test runs FLUSHDB on it, never FLUSHALL.
export RELIABILITY_REDIS_URL="${RELIABILITY_REDIS_URL:-redis://127.0.0.1:6379/7}"
node bin/estates.js services up
npx vitest run --project reliability "$@"
