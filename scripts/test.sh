#!/usr/bin/env bash
# `npm test`: services up (installed and started when missing), then the whole suite against real
# PostgreSQL+PostGIS and Redis. Tests use their own databases cloned from a migrated template.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export LOG_LEVEL="${LOG_LEVEL:-warn}"
node bin/estates.js services up
npx tsc --noEmit -p .
npx vitest run "$@"
