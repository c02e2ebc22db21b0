import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../domain/roles.js';

/**
 * On whose behalf a query runs. PostgreSQL's row-level security policies (migration 0510) read
 * it from three settings made for each transaction (`set_config(..., true)`, i.e. SET LOCAL):
 * `estates.actor` (a role, `system` for the workers and the command line, anything else or none:
 * nothing protected is visible), `estates.org` (the caller's organisation) and `estates.user`.
 */
export interface DbScope {
  actor: Role | 'system' | 'nobody';
  org: string | null;
  user: string | null;
}

export const NOBODY: DbScope = { actor: 'nobody', org: null, user: null };

const current = new AsyncLocalStorage<DbScope>();

/** Runs `work` (and everything it starts) with `scope` as the database scope of its queries. */
export const runInScope = <T>(scope: DbScope, work: () => T): T => current.run(scope, work);

/** The scope of the work in hand; outside any, nobody. */
export const scopeInHand = (): DbScope => current.getStore() ?? NOBODY;
