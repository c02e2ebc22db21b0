import { sql } from 'kysely';
import {
  foldCaseEvents,
  isClosed,
  verifyChain,
  type CaseEvent,
  type CaseStage,
  type CaseState,
  type Role,
} from '../domain/case-events.js';
import { applyTransition, openCase, type CaseRequest, type Refusal } from '../domain/case-workflow.js';
import { EstatesError } from '../errors.js';
import type { Db, Executor } from './connect.js';

/**
 * Cases in the database: the events are the record, `cases` caches the stage and holds the
 * head of the hash chain. Every change is one event appended in the same transaction that
 * moves the cache; two writers appending the same sequence collide on (case_id, sequence).
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

export interface LoadedCase {
  row: CaseRow;
  events: CaseEvent[];
  state: CaseState;
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown })?.code === UNIQUE_VIOLATION;

/** How a refusal reaches the caller: a wrong role is forbidden, a malformed request bad input, the rest an illegal move. */
export function refusalError(refusal: Refusal): EstatesError {
  const code =
    refusal.rule === 'role_not_allowed'
      ? 'forbidden'
      : ['reason_required', 'bad_fact', 'bad_outcome'].includes(refusal.rule)
        ? 'bad_input'
        : 'illegal_transition';
  return new EstatesError(code, `refused (${refusal.rule}): ${refusal.message}`, { details: { rule: refusal.rule } });
}

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

async function caseRow(db: Executor, caseId: number): Promise<CaseRow> {
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

/** The state of every case that has a history, folded from its events (the cache is not read). */
export async function loadCaseStates(db: Executor): Promise<CaseState[]> {
  const states: CaseState[] = [];
  for (const events of (await loadAllCaseEvents(db)).values()) states.push(foldCaseEvents(events));
  return states;
}

export async function loadCase(db: Executor, caseId: number): Promise<LoadedCase> {
  const row = await caseRow(db, caseId);
  const events = await loadCaseEvents(db, caseId);
  // A conflict, not a crash: the row and its history disagree, and `estates audit verify` names it.
  if (events.length === 0)
    throw new EstatesError(
      'conflict',
      `case ${caseId} has no events: its history is missing (see estates audit verify)`,
    );
  return { row, events, state: foldCaseEvents(events) };
}

/** A site by id or by source reference (e.g. NHSPS-H005). */
export async function findSite(
  db: Executor,
  site: string | number,
): Promise<{ id: number; sourceRef: string; name: string | null }> {
  const key = String(site).trim();
  const q = db.selectFrom('sites').select(['id', 'source_ref', 'name']);
  const rows = /^\d+$/.test(key)
    ? await q
        .where((eb) => eb.or([eb('id', '=', Number(key)), eb('source_ref', '=', key)]))
        .orderBy('id')
        .execute()
    : await q.where('source_ref', '=', key).orderBy('id').execute();
  if (rows.length === 0) throw new EstatesError('not_found', `no site ${key}`);
  const exact = rows.find((r) => String(r.id) === key) ?? rows[0];
  if (exact === undefined || (rows.length > 1 && String(exact.id) !== key))
    throw new EstatesError('bad_input', `${key} names ${rows.length} sites from different sources; use the site id`);
  return { id: exact.id, sourceRef: exact.source_ref, name: exact.name };
}

async function onRankedList(db: Executor, siteId: number): Promise<boolean> {
  const row = await sql<{ ranked: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM ranked_sites WHERE site_id = ${siteId}
        AND rank_run_id = (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)
    ) AS ranked`.execute(db);
  return row.rows[0]?.ranked === true;
}

export interface OpenCaseInput {
  site: string | number;
  actor: string;
  role: Role;
  reason: string;
}

/** Opens a case for a site on the latest ranked list that is not already in an open case. */
export async function openCaseForSite(db: Db, input: OpenCaseInput, now: Date): Promise<LoadedCase> {
  return db.transaction().execute(async (trx) => {
    const site = await findSite(trx, input.site);
    if (!(await onRankedList(trx, site.id)))
      throw new EstatesError('illegal_transition', `site ${site.sourceRef} is not on the latest ranked list`);
    const open = await trx
      .selectFrom('cases')
      .select('id')
      .where('site_id', '=', site.id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    if (open)
      throw new EstatesError('conflict', `site ${site.sourceRef} is already in open case ${open.id}`, {
        details: { caseId: open.id },
      });
    let caseId: number;
    try {
      // The domain judges the request first, with a placeholder id, so a refusal writes nothing.
      const trial = openCase(
        { caseId: 1, siteId: site.id, actor: input.actor, role: input.role, reason: input.reason },
        now,
      );
      if (!trial.ok) throw refusalError(trial);
      const row = await trx
        .insertInto('cases')
        .values({ site_id: site.id, stage: 'identified', version: 0, opened_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      caseId = row.id;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new EstatesError('conflict', `site ${site.sourceRef} was put in an open case at the same moment`, {
          cause: e,
        });
      throw e;
    }
    const verdict = openCase(
      { caseId, siteId: site.id, actor: input.actor, role: input.role, reason: input.reason },
      now,
    );
    if (!verdict.ok) throw refusalError(verdict);
    await insertEvent(trx, verdict.event);
    await moveCache(trx, caseId, 0, verdict.state, now);
    return { row: await caseRow(trx, caseId), events: [verdict.event], state: verdict.state };
  });
}

async function insertEvent(trx: Executor, event: CaseEvent): Promise<void> {
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
    if (isUniqueViolation(e))
      throw new EstatesError(
        'conflict',
        `case ${event.caseId} changed while this request was judged; reload it and try again`,
        { cause: e },
      );
    throw e;
  }
}

/** Moves the cached stage and the chain head on, only from the head this writer saw. */
async function moveCache(
  trx: Executor,
  caseId: number,
  fromSequence: number,
  state: CaseState,
  now: Date,
): Promise<void> {
  const result = await trx
    .updateTable('cases')
    .set({
      stage: state.stage,
      version: state.sequence,
      head_sequence: state.sequence,
      head_hash: state.headHash,
      closed_at: isClosed(state.stage) ? sql<Date>`coalesce(closed_at, ${now})` : null,
    })
    .where('id', '=', caseId)
    .where('head_sequence', '=', fromSequence)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    throw new EstatesError('conflict', `case ${caseId} changed while this request was judged; reload it and try again`);
}

/**
 * Judges a request against the case as loaded in this transaction and appends its event. The
 * caller owns the transaction: a concurrent writer that loaded the same head fails on commit
 * order with 'conflict', never with a second event at the same sequence.
 */
export async function appendToCase(
  trx: Executor,
  loaded: LoadedCase,
  request: CaseRequest,
  now: Date,
  expectedVersion?: number,
): Promise<LoadedCase> {
  const { state } = loaded;
  if (expectedVersion !== undefined && expectedVersion !== state.sequence) {
    throw new EstatesError(
      'conflict',
      `case ${state.caseId} is at version ${state.sequence}, not ${expectedVersion}: reload it and try again`,
      { details: { version: state.sequence } },
    );
  }
  const verdict = applyTransition(state, request, now);
  if (!verdict.ok) throw refusalError(verdict);
  await insertEvent(trx, verdict.event);
  await moveCache(trx, state.caseId, state.sequence, verdict.state, now);
  return { row: await caseRow(trx, state.caseId), events: [...loaded.events, verdict.event], state: verdict.state };
}

/** One request on one case, in its own transaction. `expectedVersion` is the version the caller saw. */
export async function actOnCase(
  db: Db,
  caseId: number,
  request: CaseRequest,
  now: Date,
  expectedVersion?: number,
): Promise<LoadedCase> {
  return db
    .transaction()
    .execute(async (trx) => appendToCase(trx, await loadCase(trx, caseId), request, now, expectedVersion));
}

export interface RebuiltCase {
  state: CaseState;
  /** What the cache on `cases` says, beside what the events say. */
  cached: { stage: string; version: number; headSequence: number; headHash: string | null; closed: boolean };
  matches: boolean;
}

/** The case as its events alone say it is, and whether the cached row agrees. */
export async function rebuildCaseState(db: Executor, caseId: number): Promise<RebuiltCase> {
  const { row, state } = await loadCase(db, caseId);
  const cached = {
    stage: row.stage,
    version: row.version,
    headSequence: row.headSequence,
    headHash: row.headHash,
    closed: row.closedAt !== null,
  };
  const matches =
    cached.stage === state.stage &&
    cached.version === state.sequence &&
    cached.headSequence === state.sequence &&
    cached.headHash === state.headHash &&
    cached.closed === isClosed(state.stage);
  return { state, cached, matches };
}

export type ChainCheck =
  | { caseId: number; events: number; ok: true }
  | { caseId: number; events: number; ok: false; brokenAt: number; reason: string };

/** Every case's hash chain against the head its row recorded. */
export async function verifyCaseChains(db: Executor): Promise<ChainCheck[]> {
  const rows = await db.selectFrom('cases').select(['id', 'head_sequence', 'head_hash']).orderBy('id').execute();
  const byCase = await loadAllCaseEvents(db);
  return rows.map((r): ChainCheck => {
    const events = byCase.get(r.id) ?? [];
    if (events.length === 0)
      return {
        caseId: r.id,
        events: 0,
        ok: false,
        brokenAt: 1,
        reason: 'the case has no events: its history is missing',
      };
    const verdict = verifyChain(events, { sequence: r.head_sequence, hash: r.head_hash ?? '' });
    return verdict.ok
      ? { caseId: r.id, events: events.length, ok: true }
      : { caseId: r.id, events: events.length, ok: false, brokenAt: verdict.brokenAt, reason: verdict.reason };
  });
}
