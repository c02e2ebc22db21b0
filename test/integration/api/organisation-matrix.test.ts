import { sql } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, type RouteKey } from '../../../src/api/access.js';
import { addOrganisation } from '../../../src/db/organisations.js';
import { addUser } from '../../../src/db/users.js';
import { read, utils } from '@e965/xlsx';
import { STALL_REASON_CODES } from '../../../src/domain/stall-reasons.js';
import { HARNESS_ORG, seedEstate, startApiHarness, type ApiHarness } from './harness.js';

/**
 * The role × organisation × route matrix (issue 20): every route the app serves, asked by
 * nobody, an officer of the organisation that owns the seeded estate (NHSPS), an officer of
 * another (CHP, which owns one site of its own), the Board, housing and an admin. Each route
 * has an entry here saying what the other organisation's officer gets when it asks about
 * NHSPS's records; a route without one fails the first test. On top of each entry, every
 * answer to every caller is searched for the confidential figures it may not read.
 */

let h: ApiHarness;
let chpOfficer: string;
const ids = { site: 0, chpSite: 0, case: 0, chpCase: 0, upload: 0, chpUpload: 0 };

// Figures no other number in the seed resembles: NHSPS's valuations (seedEstate) and CHP's.
const NHSPS_FIGURES = ['987654321', '9876543', '950000000', '9500000'];
const CHP_FIGURES = ['424242424200', '4242424242'];
const NHSPS_UPLOAD = 'seed.csv';
const CHP_UPLOAD = 'chp-only-register.csv';

type Caller = 'nobody' | 'officer' | 'otherOfficer' | 'board' | 'housing' | 'admin';
const CALLERS: Caller[] = ['nobody', 'officer', 'otherOfficer', 'board', 'housing', 'admin'];

/**
 * What CHP's officer gets when it asks about NHSPS's records (ids in the probe are NHSPS's):
 * - `hidden`: 404, as if it did not exist (a record addressed by id);
 * - `refused`: 403 (a write on another organisation's record that the database refuses);
 * - `filtered`: an answer, with none of NHSPS's own records in it (uploads, cases, land);
 * - `withoutFigures`: an answer in which NHSPS's sites may appear, but not their valuations;
 * - `unowned`: nothing in it belongs to an organisation (health, sign-in, the UI's files).
 */
type OtherOrganisation = 'hidden' | 'refused' | 'filtered' | 'withoutFigures' | 'unowned';

interface Probe {
  otherOrganisation: OtherOrganisation;
  request(): InjectOptions;
}

const get = (otherOrganisation: OtherOrganisation, url: () => string): Probe => ({
  otherOrganisation,
  request: () => ({ method: 'GET', url: url() }),
});
const send = (
  otherOrganisation: OtherOrganisation,
  method: 'POST' | 'PATCH' | 'DELETE',
  url: () => string,
  payload?: () => object,
): Probe => ({ otherOrganisation, request: () => ({ method, url: url(), payload: payload?.() }) });
const fixed = (url: string) => () => url;
const caseUrl =
  (tail = '') =>
  () =>
    `/api/cases/${ids.case}${tail}`;

const MATRIX: Record<RouteKey, Probe> = {
  'GET /healthz': get('unowned', fixed('/healthz')),
  'GET /readyz': get('unowned', fixed('/readyz')),
  'GET /api/openapi.json': get('unowned', fixed('/api/openapi.json')),
  'POST /api/session': send('unowned', 'POST', fixed('/api/session'), () => ({ name: 'nobody', password: 'wrong' })),
  'GET /api/session': get('unowned', fixed('/api/session')),
  'DELETE /api/session': send('unowned', 'DELETE', fixed('/api/session')),
  'GET /api/session/oidc': get('unowned', fixed('/api/session/oidc')),
  'GET /api/session/oidc/callback': get('unowned', fixed('/api/session/oidc/callback')),
  'GET /api/session/oidc/logout': get('unowned', fixed('/api/session/oidc/logout')),
  'POST /api/session/password': send('unowned', 'POST', fixed('/api/session/password'), () => ({})),
  'POST /api/users': send('unowned', 'POST', fixed('/api/users'), () => ({})),
  'GET /api/users': get('unowned', fixed('/api/users')),
  'PATCH /api/users/:id': send('unowned', 'PATCH', fixed('/api/users/999999'), () => ({})),
  'POST /api/users/:id/password': send('unowned', 'POST', fixed('/api/users/999999/password'), () => ({})),
  'GET /api/users/:id/tokens': get('unowned', fixed('/api/users/999999/tokens')),
  'POST /api/users/:id/tokens': send('unowned', 'POST', fixed('/api/users/999999/tokens'), () => ({})),
  'DELETE /api/users/:id/tokens/:tokenId': send('unowned', 'DELETE', fixed('/api/users/999999/tokens/1')),
  'GET /api/users/:id/throttle': get('unowned', fixed('/api/users/999999/throttle')),
  'DELETE /api/users/:id/throttle': send('unowned', 'DELETE', fixed('/api/users/999999/throttle')),

  'POST /api/uploads': send('unowned', 'POST', fixed('/api/uploads')),
  'GET /api/uploads': get('filtered', fixed('/api/uploads')),
  'GET /api/uploads/:id': get('hidden', () => `/api/uploads/${ids.upload}`),
  'GET /api/uploads/:id/rejections': get('hidden', () => `/api/uploads/${ids.upload}/rejections?format=json`),

  'GET /api/ranked': get('withoutFigures', fixed('/api/ranked')),
  'GET /api/portfolio': get('withoutFigures', fixed('/api/portfolio')),
  'GET /api/sites/:id': get('withoutFigures', () => `/api/sites/${ids.site}`),
  'GET /api/land': get('filtered', fixed('/api/land')),

  'POST /api/cases': send('refused', 'POST', fixed('/api/cases'), () => ({ site: ids.site, reason: 'matrix' })),
  'GET /api/cases': get('filtered', fixed('/api/cases')),
  'GET /api/cases/:id': get('hidden', caseUrl()),
  'POST /api/cases/:id/transitions': send('hidden', 'POST', caseUrl('/transitions'), () => ({
    to: 'withdrawn',
    reason: 'matrix',
    version: 0,
  })),
  'POST /api/cases/:id/facts': send('hidden', 'POST', caseUrl('/facts'), () => ({
    fact: { fact: 'title_report', summary: 'matrix' },
    reason: 'matrix',
  })),
  // Multipart: refused before the case is looked up, so this entry checks only what answers show.
  'POST /api/cases/:id/documents': send('filtered', 'POST', caseUrl('/documents')),
  'GET /api/cases/:id/documents/:sha256': get('hidden', caseUrl(`/documents/${'a'.repeat(64)}`)),
  'POST /api/cases/:id/interests': send('hidden', 'POST', caseUrl('/interests'), () => ({
    body: 'matrix',
    reason: 'matrix',
  })),
  'POST /api/cases/:id/delays': send('hidden', 'POST', caseUrl('/delays'), () => ({
    stallReason: { code: STALL_REASON_CODES[0] },
    reason: 'matrix',
  })),
  'POST /api/cases/:id/outcomes': send('hidden', 'POST', caseUrl('/outcomes'), () => ({
    outcome: { homesPermitted: 1 },
    reason: 'matrix',
  })),
  'GET /api/outcomes': get('filtered', fixed('/api/outcomes')),
  'POST /api/outcomes/uploads': send('unowned', 'POST', fixed('/api/outcomes/uploads')),
  'GET /api/board/agenda': get('filtered', fixed('/api/board/agenda?date=2026-12-10')),
  'GET /api/board/pack': get('withoutFigures', fixed('/api/board/pack?date=2026-12-10')),
  'GET /api/board/pack.pdf': get('withoutFigures', fixed('/api/board/pack.pdf?date=2026-12-10')),
  'POST /api/board/decisions': send('unowned', 'POST', fixed('/api/board/decisions'), () => ({})),
  'GET /api/forecast': get('filtered', fixed('/api/forecast?seed=1&draws=50')),
  'GET /api/forecast/backtest': get('filtered', fixed('/api/forecast/backtest?asOf=2025-01-01&seed=1&draws=50')),
  'GET /api/pipeline': get('filtered', fixed('/api/pipeline')),
  'GET /api/ranked.csv': get('withoutFigures', fixed('/api/ranked.csv')),
  'GET /api/ranked.xlsx': get('withoutFigures', fixed('/api/ranked.xlsx')),
  'GET /api/pipeline.csv': get('filtered', fixed('/api/pipeline.csv')),
  'GET /api/pipeline.xlsx': get('filtered', fixed('/api/pipeline.xlsx')),
  'GET /api/outcomes.csv': get('filtered', fixed('/api/outcomes.csv')),
  'GET /api/outcomes.xlsx': get('filtered', fixed('/api/outcomes.xlsx')),
  'GET /api/simulation': get('withoutFigures', fixed('/api/simulation?runs=5')),
  'GET /api/audit/verify': get('unowned', fixed('/api/audit/verify')),
  'POST /api/deadlines': send('unowned', 'POST', fixed('/api/deadlines')),
  'GET /api/access-log': get('unowned', fixed('/api/access-log')),
  'GET /api/assumptions': get('unowned', fixed('/api/assumptions')),
  'POST /api/assumptions': send('unowned', 'POST', fixed('/api/assumptions'), () => ({})),

  'GET /': get('unowned', fixed('/')),
  'GET /ui/*': get('unowned', fixed('/ui/js/app.js')),
  'GET /vendor/leaflet/*': get('unowned', fixed('/vendor/leaflet/leaflet.js')),
  'GET /vendor/leaflet-vectorgrid/*': get('unowned', fixed('/vendor/leaflet-vectorgrid/Leaflet.VectorGrid.bundled.js')),
  'GET /api/ui-config': get('unowned', fixed('/api/ui-config')),
  'GET /api/map/boroughs': get('unowned', fixed('/api/map/boroughs')),
  'GET /api/map/sites': get('withoutFigures', fixed('/api/map/sites')),

  'GET /ogc': get('unowned', fixed('/ogc')),
  'GET /ogc/conformance': get('unowned', fixed('/ogc/conformance')),
  'GET /ogc/collections': get('unowned', fixed('/ogc/collections')),
  'GET /ogc/collections/:collectionId': get('unowned', fixed('/ogc/collections/pipeline-land')),
  'GET /ogc/collections/:collectionId/queryables': get('unowned', fixed('/ogc/collections/pipeline-land/queryables')),
  'GET /ogc/collections/:collectionId/items': get('filtered', fixed('/ogc/collections/pipeline-land/items')),
  'GET /ogc/collections/:collectionId/items/:featureId': get(
    'hidden',
    () => `/ogc/collections/pipeline-land/items/${ids.site}`,
  ),

  'GET /tiles/:collection': get('unowned', fixed('/tiles/pipeline-land')),
  'GET /tiles/:collection/:z/:x/:y.mvt': get('filtered', fixed('/tiles/pipeline-land/10/511/340.mvt')),
  'GET /tiles/sites': get('unowned', fixed('/tiles/sites')),
  'GET /tiles/sites/:z/:x/:y.mvt': get('withoutFigures', fixed('/tiles/sites/10/511/340.mvt')),
};

/** The text of an answer to search: a workbook's cells (through SheetJS), anything else as sent. */
function textOf(res: LightMyRequestResponse): string {
  const bytes = res.rawPayload;
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return bytes.toString('latin1');
  const book = read(bytes, { type: 'buffer' });
  return book.SheetNames.map((name) => utils.sheet_to_csv(book.Sheets[name]!)).join('\n');
}

async function seedOtherOrganisation(): Promise<void> {
  await addOrganisation(h.t.db, { code: 'CHP', name: 'Community Health Partnerships', kind: 'chp' });
  chpOfficer = (await addUser(h.t.db, 'chp-officer', 'officer', { org: 'CHP' })).token;
  const upload = await sql<{ id: number }>`
    INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status, org_code)
    VALUES ('chp', ${CHP_UPLOAD}, ${'1'.repeat(64)}, 1, '\\x00', 'chp-officer', 'ingested', 'CHP') RETURNING id`.execute(
    h.t.db,
  );
  ids.chpUpload = upload.rows[0]!.id;
  const site = await sql<{ id: number }>`
    INSERT INTO sites (source, source_ref, name, placed_by, borough_gss, sub_region, geom, record, record_sha256, first_upload_id, last_upload_id, org_code)
    VALUES ('chp', 'CHP-1', 'CHP LIFT Centre', 'coordinates', 'E09000019', 'NCL', ST_SetSRID(ST_MakePoint(531000, 184000), 27700),
            '{}', ${'c'.repeat(64)}, ${ids.chpUpload}, ${ids.chpUpload}, 'CHP') RETURNING id`.execute(h.t.db);
  ids.chpSite = site.rows[0]!.id;
  await sql`INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
            SELECT id, ${ids.chpSite}, 1, 'rebuild', 30, 70, '{}', '{"components":[]}' FROM score_runs`.execute(h.t.db);
  await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
            VALUES (${ids.chpSite}, 1, 'rebuild', 'valuation-v1', 'test-v1', 33, 1, 424242424200, 424242424200, 424242424200, '{}')`.execute(
    h.t.db,
  );
  const chpCase = await sql<{ id: number }>`
    INSERT INTO cases (site_id, stage, org_code) VALUES (${ids.chpSite}, 'due_diligence', 'CHP') RETURNING id`.execute(
    h.t.db,
  );
  ids.chpCase = chpCase.rows[0]!.id;
  // Every site ranked, so the ranked list, its exports and the map carry both organisations' sites.
  const run = await sql<{ id: number }>`
    INSERT INTO rank_runs (estate_version, score_run_id, model_version) SELECT 1, id, 'test-v1' FROM score_runs RETURNING id`.execute(
    h.t.db,
  );
  await sql`INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
            SELECT ${run.rows[0]!.id}, s.id, row_number() OVER (ORDER BY s.id), 50, 'sale', '["a reason"]', s.borough_gss, s.sub_region, sc.condition_class, sc.surplus_score
            FROM sites s JOIN site_scores sc ON sc.site_id = s.id`.execute(h.t.db);
  await sql`INSERT INTO value_runs (estate_version, assumption_set_id, sites_valued) VALUES (1, 'valuation-v1', 5)`.execute(
    h.t.db,
  );
}

beforeAll(async () => {
  h = await startApiHarness();
  const seeded = await seedEstate(h.t);
  ids.site = seeded.pipeline.siteId;
  ids.upload = (await h.t.db.selectFrom('uploads').select('id').executeTakeFirstOrThrow()).id;
  ids.case = (
    await h.t.db.selectFrom('cases').select('id').where('site_id', '=', ids.site).executeTakeFirstOrThrow()
  ).id;
  await seedOtherOrganisation();
}, 120_000);
afterAll(async () => h?.close());

const headersOf = (caller: Caller): Record<string, string> => {
  if (caller === 'nobody') return {};
  if (caller === 'otherOfficer') return { authorization: `Bearer ${chpOfficer}` };
  return h.bearer(caller);
};

const roleOf = (caller: Caller) => (caller === 'otherOfficer' ? 'officer' : caller);

describe('the role × organisation × route matrix', () => {
  it('has an entry for every route the app serves, and none for a route it does not', () => {
    const served = h.app.registeredRoutes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    expect(served.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !served.includes(route))).toEqual([]);
  });

  it("answers every route × caller without another organisation's records or anyone's figures housing may not read", async () => {
    const failures: string[] = [];
    const seen = new Map<string, string>();
    for (const [route, probe] of Object.entries(MATRIX) as Array<[RouteKey, Probe]>) {
      const access = ACCESS[route];
      for (const caller of CALLERS) {
        const request = probe.request();
        const res = await h.app.inject({ ...request, headers: headersOf(caller) });
        const text = textOf(res);
        const what = `${request.method} ${request.url} as ${caller}`;
        seen.set(`${route} ${caller}`, text);
        if (res.statusCode >= 500) failures.push(`${what}: ${res.statusCode}`);
        const allowed =
          access === 'public' || (caller !== 'nobody' && (access as readonly string[]).includes(roleOf(caller)));
        if (!allowed) continue; // the role matrix (access.test.ts) checks refusals
        // Nobody outside NHSPS, and no housing user, reads NHSPS's figures; nobody outside CHP reads CHP's.
        const mayNotRead = [
          ...(caller === 'otherOfficer' || caller === 'housing' ? NHSPS_FIGURES : []),
          ...(caller === 'officer' || caller === 'housing' ? CHP_FIGURES : []),
        ];
        for (const figure of mayNotRead) if (text.includes(figure)) failures.push(`${what}: shows ${figure}`);
        if (caller === 'otherOfficer' && text.includes(NHSPS_UPLOAD)) failures.push(`${what}: shows NHSPS's upload`);
        if (caller === 'officer' && text.includes(CHP_UPLOAD)) failures.push(`${what}: shows CHP's upload`);
        if (caller !== 'otherOfficer') continue;
        const expected = { hidden: [404], refused: [403] }[probe.otherOrganisation as 'hidden' | 'refused'];
        if (expected && !expected.includes(res.statusCode))
          failures.push(`${what}: ${res.statusCode}, expected ${expected.join(' or ')} (${probe.otherOrganisation})`);
        // Their own organisation's officer is let in where the other is not.
        if (expected) {
          const own = await h.app.inject({ ...probe.request(), headers: headersOf('officer') });
          if (expected.includes(own.statusCode) && own.statusCode !== 404)
            failures.push(`${request.method} ${request.url} as NHSPS's officer: ${own.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // The search above can fail: the owner and the Board do see the figures and records it looks for.
    expect(seen.get('GET /api/ranked officer')).toContain(NHSPS_FIGURES[0]);
    expect(seen.get('GET /api/ranked otherOfficer')).toContain(CHP_FIGURES[0]);
    expect(seen.get('GET /api/ranked board')).toContain(CHP_FIGURES[0]);
    expect(seen.get('GET /api/ranked.csv officer')).toContain(NHSPS_FIGURES[1]);
    expect(seen.get('GET /api/ranked.xlsx board')).toContain(NHSPS_FIGURES[1]);
    expect(seen.get('GET /api/sites/:id officer')).toContain(NHSPS_FIGURES[0]);
    expect(seen.get('GET /api/uploads officer')).toContain(NHSPS_UPLOAD);
    expect(seen.get('GET /api/uploads otherOfficer')).toContain(CHP_UPLOAD);
  }, 600_000);

  it("lists only an officer's own organisation's uploads and cases, and every organisation's sites without the other's figures", async () => {
    const as = (caller: Caller, url: string) => h.app.inject({ url, headers: headersOf(caller) });
    const uploads = async (caller: Caller) =>
      (await as(caller, '/api/uploads'))
        .json<{ uploads: Array<{ uploadId: number }> }>()
        .uploads.map((u) => u.uploadId);
    expect(await uploads('officer')).toEqual([ids.upload]);
    expect(await uploads('otherOfficer')).toEqual([ids.chpUpload]);
    expect((await uploads('admin')).sort()).toEqual([ids.upload, ids.chpUpload].sort());

    const cases = async (caller: Caller) =>
      (await as(caller, '/api/cases'))
        .json<{ cases: Array<{ caseId: number; siteId: number }> }>()
        .cases.map((c) => c.siteId);
    expect(await cases('otherOfficer')).toEqual([ids.chpSite]);
    expect(await cases('officer')).not.toContain(ids.chpSite);
    expect(await cases('officer')).toContain(ids.site);
    expect((await cases('housing')).length).toBe((await cases('board')).length);

    const ranked = (await as('otherOfficer', '/api/ranked')).json<{
      sites: Array<{ siteId: number; marketValuePence: number | null }>;
    }>().sites;
    const value = (siteId: number) => ranked.find((s) => s.siteId === siteId)?.marketValuePence;
    expect(ranked.length).toBe(5);
    expect(value(ids.site)).toBeNull();
    expect(value(ids.chpSite)).toBe(424242424200);

    const land = async (caller: Caller) =>
      (await as(caller, '/api/land')).json<{ sites: Array<{ siteId: number }> }>().sites.map((s) => s.siteId);
    expect(await land('housing')).toContain(ids.chpSite);
    expect(await land('housing')).toContain(ids.site);
    expect(await land('otherOfficer')).toEqual([ids.chpSite]);
  });

  it(`keeps ${HARNESS_ORG}'s records out of the database's answers to CHP even when a query forgets to filter`, async () => {
    // What the routes' database does with a query that names no organisation at all.
    const { connectScopedDb } = await import('../../../src/db/connect.js');
    const scoped = connectScopedDb(h.t.config.DATABASE_URL, () => ({
      actor: 'officer',
      org: 'CHP',
      user: 'chp-officer',
    }));
    try {
      const everything = await scoped.selectFrom('uploads').select('org_code').execute();
      expect(everything).toEqual([{ org_code: 'CHP' }]);
      const values = await scoped.selectFrom('valuations').select('site_id').execute();
      expect(values).toEqual([{ site_id: ids.chpSite }]);
      const inATransaction = await scoped
        .transaction()
        .execute((trx) => trx.selectFrom('cases').select('org_code').execute());
      expect(inATransaction).toEqual([{ org_code: 'CHP' }]);
      await expect(scoped.updateTable('sites').set({ name: 'taken' }).execute()).resolves.toMatchObject([
        { numUpdatedRows: 0n },
      ]);
      // A connection that set nothing sees nothing.
      const nobody = connectScopedDb(h.t.config.DATABASE_URL, () => ({ actor: 'nobody', org: null, user: null }));
      expect(await nobody.selectFrom('sites').select('id').execute()).toEqual([]);
      await nobody.destroy();
    } finally {
      await scoped.destroy();
    }
  });
});
