#!/usr/bin/env bash
# `npm start`: services up, migrate, demo estate through the real workers, ranked list, then serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec node bin/estates.js demo "$@"
