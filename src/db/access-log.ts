import type { Executor } from './connect.js';

/** What kind of confidential figure a read showed. */
export type ConfidentialRead =
  | 'valuation'
  | 'ranked list'
  | 'export'
  | 'portfolio'
  | 'tile'
  | 'case record'
  | 'outcomes';

export interface AccessLogEntry {
  id: number;
  at: string;
  user: string;
  role: string;
  org: string | null;
  route: string;
  url: string;
  what: ConfidentialRead;
  /** The sites whose figures were in the answer; empty for a total over the estate. */
  siteIds: number[];
}

/** Appends one read to the access log (migration 0520); the caller's transaction, so a failed log fails the read. */
export async function appendAccessLog(
  db: Executor,
  read: Omit<AccessLogEntry, 'id' | 'at' | 'siteIds'> & { siteIds: readonly number[] },
): Promise<void> {
  await db
    .insertInto('access_log')
    .values({
      user_name: read.user,
      role: read.role,
      org_code: read.org,
      route: read.route,
      url: read.url,
      what: read.what,
      site_ids: [...new Set(read.siteIds)].sort((a, b) => a - b),
    })
    .execute();
}

/** The log, newest first: a user's reads, those since a moment, at most `limit`. */
export async function listAccessLog(
  db: Executor,
  filter: { user?: string; since?: Date; limit: number },
): Promise<AccessLogEntry[]> {
  let query = db.selectFrom('access_log').selectAll();
  if (filter.user !== undefined) query = query.where('user_name', '=', filter.user);
  if (filter.since !== undefined) query = query.where('read_at', '>=', filter.since);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.read_at.toISOString(),
    user: r.user_name,
    role: r.role,
    org: r.org_code,
    route: r.route,
    url: r.url,
    what: r.what as ConfidentialRead,
    siteIds: r.site_ids,
  }));
}
