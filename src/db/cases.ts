import { sql } from 'kysely';
import type { CaseEvent, CaseStage, CaseState } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { EstatesError } from '../errors.js';
import type { Executor } from './connect.js';
import { storedId } from './ids.js';

/**
 * Cases in the database: the events are the record, `cases` caches the stage and holds the
 * head of the hash chain. Queries only; judging a request and appending its event is the use
 * case's (src/cases/case-record.ts). Two writers appending the same sequence collide on
 * (case_id, sequence), and a cache moved from a head another writer moved first updates no row.
 */

export interface CaseRow {
  id: number;
  siteId: number;
  siteRef: string;
  siteName: string | null;
  stage: CaseStage;
  version: number;
  openedAt: Date;
  closedAt: Date | null;
  headSequence: number;
  headHash: string | null;
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown })?.code === UNIQUE_VIOLATION;

const changedMeanwhile = (caseId: number, cause?: unknown): EstatesError =>
  new EstatesError(
    'conflict',
    `case ${caseId} changed while this request was judged; reload it and try again`,
    cause === undefined ? undefined : { cause },
  );

function caseRows(db: Executor) {
  return db
    .selectFrom('cases as c')
    .innerJoin('sites as s', 's.id', 'c.site_id')
    .select([
      'c.id',
      'c.site_id',
      's.source_ref',
      's.name',
      'c.stage',
      'c.version',
      'c.opened_at',
      'c.closed_at',
      'c.head_sequence',
      'c.head_hash',
    ]);
}

type RawCaseRow = Awaited<ReturnType<ReturnType<typeof caseRows>['execute']>>[number];

const toCaseRow = (r: RawCaseRow): CaseRow => ({
  id: r.id,
  siteId: r.site_id,
  siteRef: r.source_ref,
  siteName: r.name,
  stage: r.stage as CaseStage,
  version: r.version,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  headSequence: r.head_sequence,
  headHash: r.head_hash,
});

export async function listCaseRows(db: Executor, options: { openOnly?: boolean } = {}): Promise<CaseRow[]> {
  let q = caseRows(db).orderBy('c.id');
  if (options.openOnly) q = q.where('c.closed_at', 'is', null);
  return (await q.execute()).map(toCaseRow);
}

export async function caseRow(db: Executor, caseId: number): Promise<CaseRow> {
  const row = await caseRows(db).where('c.id', '=', caseId).executeTakeFirst();
  if (!row) throw new EstatesError('not_found', `no case ${caseId}`);
  return toCaseRow(row);
}

type EventRow = {
  case_id: number;
  sequence: number;
  kind: string;
  actor: string;
  role: string;
  occurred_at: Date;
  from_stage: string | null;
  to_stage: string | null;
  reason: string | null;
  payload: Record<string, unknown>;
  previous_hash: string | null;
  hash: string;
};

/** A row as the domain's event; occurredAt goes back to the ISO text it was hashed as. */
const toEvent = (r: EventRow): CaseEvent =>
  ({
    caseId: r.case_id,
    sequence: r.sequence,
    kind: r.kind,
    actor: r.actor,
    role: r.role as Role,
    occurredAt: r.occurred_at.toISOString(),
    fromStage: r.from_stage,
    toStage: r.to_stage,
    reason: r.reason ?? '',
    payload: r.payload,
    previousHash: r.previous_hash,
    hash: r.hash,
  }) as CaseEvent;

function eventRows(db: Executor) {
  return db
    .selectFrom('case_events')
    .select([
      'case_id',
      'sequence',
      'kind',
      'actor',
      'role',
      'occurred_at',
      'from_stage',
      'to_stage',
      'reason',
      'payload',
      'previous_hash',
      'hash',
    ])
    .orderBy('case_id')
    .orderBy('sequence');
}

export async function loadCaseEvents(db: Executor, caseId: number): Promise<CaseEvent[]> {
  return (await eventRows(db).where('case_id', '=', caseId).execute()).map(toEvent);
}

/** Every case's events, by case, in sequence order. */
export async function loadAllCaseEvents(db: Executor): Promise<Map<number, CaseEvent[]>> {
  const byCase = new Map<number, CaseEvent[]>();
  for (const r of await eventRows(db).execute()) {
    const list = byCase.get(r.case_id) ?? [];
    list.push(toEvent(r));
    byCase.set(r.case_id, list);
  }
  return byCase;
}

/** The chain head each case's row recorded, by case id. */
export async function caseHeads(db: Executor): Promise<Array<{ caseId: number; sequence: number; hash: string }>> {
  const rows = await db.selectFrom('cases').select(['id', 'head_sequence', 'head_hash']).orderBy('id').execute();
  return rows.map((r) => ({ caseId: r.id, sequence: r.head_sequence, hash: r.head_hash ?? '' }));
}

/** A site by id or by source reference (e.g. NHSPS-H005). */
export async function findSite(
  db: Executor,
  site: string | number,
): Promise<{ id: number; sourceRef: string; name: string | null }> {
  const key = String(site).trim();
  const q = db.selectFrom('sites').select(['id', 'source_ref', 'name']);
  const id = storedId(key);
  const rows =
    id !== null
      ? await q
          .where((eb) => eb.or([eb('id', '=', id), eb('source_ref', '=', key)]))
          .orderBy('id')
          .execute()
      : await q.where('source_ref', '=', key).orderBy('id').execute();
  if (rows.length === 0) throw new EstatesError('not_found', `no site ${key}`);
  const exact = rows.find((r) => String(r.id) === key) ?? rows[0];
  if (exact === undefined || (rows.length > 1 && String(exact.id) !== key))
    throw new EstatesError('bad_input', `${key} names ${rows.length} sites from different sources; use the site id`);
  return { id: exact.id, sourceRef: exact.source_ref, name: exact.name };
}

export async function onLatestRankedList(db: Executor, siteId: number): Promise<boolean> {
  const row = await sql<{ ranked: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM ranked_sites WHERE site_id = ${siteId}
        AND rank_run_id = (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)
    ) AS ranked`.execute(db);
  return row.rows[0]?.ranked === true;
}

/** The open case a site is in, if any. */
export async function openCaseOfSite(db: Executor, siteId: number): Promise<number | null> {
  const open = await db
    .selectFrom('cases')
    .select('id')
    .where('site_id', '=', siteId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return open?.id ?? null;
}

/** The latest completed case of a site, by source reference. */
export async function completedCaseOfSite(db: Executor, siteRef: string): Promise<number | null> {
  const found = await db
    .selectFrom('cases as c')
    .innerJoin('sites as s', 's.id', 'c.site_id')
    .select('c.id')
    .where('s.source_ref', '=', siteRef)
    .where('c.stage', '=', 'completed')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  return found?.id ?? null;
}

/** A new case row at `identified`, version 0; a second open case for the site is a conflict. */
export async function insertCase(
  trx: Executor,
  site: { id: number; sourceRef: string },
  openedAt: Date,
): Promise<number> {
  try {
    const row = await trx
      .insertInto('cases')
      .values({
        site_id: site.id,
        stage: 'identified',
        version: 0,
        opened_at: openedAt,
        // A case belongs to the organisation that owns its site (migration 0450).
        org_code: sql<string | null>`(SELECT org_code FROM sites WHERE id = ${site.id})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    if (isUniqueViolation(e))
      throw new EstatesError('conflict', `site ${site.sourceRef} was put in an open case at the same moment`, {
        cause: e,
      });
    throw e;
  }
}

export async function insertEvent(trx: Executor, event: CaseEvent): Promise<void> {
  try {
    await trx
      .insertInto('case_events')
      .values({
        case_id: event.caseId,
        sequence: event.sequence,
        kind: event.kind,
        actor: event.actor,
        role: event.role,
        occurred_at: new Date(event.occurredAt),
        from_stage: event.fromStage,
        to_stage: event.toStage,
        reason: event.reason,
        payload: JSON.stringify(event.payload),
        previous_hash: event.previousHash,
        hash: event.hash,
      })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw changedMeanwhile(event.caseId, e);
    throw e;
  }
}

/** Moves the cached stage and the chain head on, only from the head this writer saw. */
export async function moveCaseCache(
  trx: Executor,
  caseId: number,
  fromSequence: number,
  state: CaseState,
  closed: boolean,
  now: Date,
): Promise<void> {
  const result = await trx
    .updateTable('cases')
    .set({
      stage: state.stage,
      version: state.sequence,
      head_sequence: state.sequence,
      head_hash: state.headHash,
      closed_at: closed ? sql<Date>`coalesce(closed_at, ${now})` : null,
    })
    .where('id', '=', caseId)
    .where('head_sequence', '=', fromSequence)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw changedMeanwhile(caseId);
}

/** A Board meeting, recorded once, on the day its first decision was minuted. */
export async function recordBoardMeeting(trx: Executor, meetingId: string, heldOn: string): Promise<void> {
  await trx
    .insertInto('board_meetings')
    .values({ id: meetingId, held_on: heldOn })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Every site that has ever been in a case, open or closed. */
export async function sitesInCases(db: Executor): Promise<Set<number>> {
  return new Set((await db.selectFrom('cases').select('site_id').execute()).map((r) => r.site_id));
}
