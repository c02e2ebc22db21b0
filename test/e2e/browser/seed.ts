import { sql } from 'kysely';
import { recordBoardDecision } from '../../../src/cases/board.js';
import { actOnCase, openCaseForSite } from '../../../src/cases/case-record.js';
import type { CaseRequest } from '../../../src/domain/case-workflow.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { openPage, startWebHarness, type UserPage, type WebHarness } from './support.js';
import { ownedByTestOrg } from '../../support/accounts.js';

export const SCRIPT_NAME = '<script>alert(1)</script>';

export interface BrowserEstate {
  /** Sites in rank order (index 0 is rank 1). */
  sites: Array<{ siteId: number; sourceRef: string; name: string; eastingM: number }>;
  /** A case at board review, waiting for the Board. */
  reviewCaseId: number;
  /** Two cases approved for disposal (pipeline land), 1.6 km apart. */
  pipelineSiteIds: [number, number];
}

const CLASSES = [
  'rebuild',
  'refurbish',
  'maintain',
  'refurbish',
  'rebuild',
  'maintain',
  'refurbish',
  'rebuild',
  'maintain',
  'refurbish',
] as const;

/**
 * A ranked estate written straight into the tables the workers own (the upload test runs the
 * real workers; these pages only read), then cases moved by the real workflow functions.
 * Sites lie 400 m apart on an east–west line through Westminster and the City.
 */
export async function seedBrowserEstate(t: TestDatabase): Promise<BrowserEstate> {
  const upload = await sql<{ id: number }>`
    INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status)
    VALUES ('nhsps', 'browser-seed.csv', ${'b'.repeat(64)}, 1, '\\x00', 'seed', 'ingested') RETURNING id`.execute(t.db);
  const uploadId = upload.rows[0]!.id;
  const run = await sql<{
    id: number;
  }>`INSERT INTO score_runs (estate_version, model_version, sites_scored) VALUES (1, 'test-v1', 10) RETURNING id`.execute(
    t.db,
  );
  const rankRun = await sql<{
    id: number;
  }>`INSERT INTO rank_runs (estate_version, score_run_id, model_version) VALUES (1, ${run.rows[0]!.id}, 'test-v1') RETURNING id`.execute(
    t.db,
  );
  const sites: BrowserEstate['sites'] = [];
  for (let i = 1; i <= 10; i += 1) {
    const ref = `NHSPS-B${String(i).padStart(3, '0')}`;
    const name = i === 3 ? SCRIPT_NAME : `Browser Health Centre ${i}`;
    const eastingM = 527000 + i * 400;
    const borough = i <= 5 ? 'E09000033' : 'E09000001';
    const r = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, address, postcode, borough_gss, sub_region, placed_by, tenure, site_area_ha, gia_m2, geom, record, record_sha256, first_upload_id, last_upload_id)
      VALUES ('nhsps', ${ref}, ${name}, ${`${i} High Street`}, 'SW1A 1AA', ${borough}, ${i <= 5 ? 'NWL' : 'NEL'}, 'coordinates', 'freehold', ${0.25 + i * 0.17}, ${800 + i * 150},
              ST_SetSRID(ST_MakePoint(${eastingM}::float8, 181000::float8), 27700), '{}', ${ref.padEnd(64, '0').slice(0, 64)}, ${uploadId}, ${uploadId})
      RETURNING id`.execute(t.db);
    const siteId = r.rows[0]!.id;
    const condition = {
      summary: `Physical grade C, functional B: ${CLASSES[i - 1]}.`,
      decidedBy: 'matrix',
      matrixCell: { physical: 'C', functional: 'B' },
      escalators: [],
      notes: [],
    };
    const surplus = {
      route: 'open_market',
      blockers: [],
      components: [
        {
          key: 'occupancy',
          label: 'Unoccupied floor area',
          status: 'scored',
          input: 35 - i,
          benchmark: 10,
          unit: '%',
          weight: 30,
          contribution: 20 - i,
          explanation: 'More of the building is empty than the London median.',
        },
        {
          key: 'land',
          label: 'Land not delivering services',
          status: 'no-data',
          input: null,
          benchmark: null,
          unit: 'ha',
          weight: 20,
          contribution: 0,
          explanation: 'The register does not say.',
        },
      ],
    };
    await sql`INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
              VALUES (${run.rows[0]!.id}, ${siteId}, 1, ${CLASSES[i - 1]}, ${30 + i * 5}, ${95 - i * 7}, ${JSON.stringify(condition)}::jsonb, ${JSON.stringify(surplus)}::jsonb)`.execute(
      t.db,
    );
    await sql`INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons)
              VALUES (${rankRun.rows[0]!.id}, ${siteId}, ${i}, ${100 - i}, 'open_market', ${JSON.stringify([`Surplus score ${95 - i * 7} of 100`, `Condition: ${CLASSES[i - 1]}`, `${35 - i}% of the floor area unoccupied`])}::jsonb)`.execute(
      t.db,
    );
    const working = {
      basis: 'residual',
      flags: ['borough-cil-unset'],
      working: [
        {
          line: 'Gross development value',
          amountPence: 2_500_000_000 + i,
          unit: 'pence',
          source: 'GLA London Plan AMR',
        },
        { line: 'Density', value: 180, unit: 'homes/ha' },
      ],
    };
    await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
              VALUES (${siteId}, 1, ${CLASSES[i - 1]}, 'valuation-v1', 'test-v1', ${20 + i * 9}, 100000000, ${150_000_000 * i}, ${150_000_000 * i}, ${140_000_000 * i}, ${JSON.stringify(working)}::jsonb)`.execute(
      t.db,
    );
    sites.push({ siteId, sourceRef: ref, name, eastingM });
  }
  await sql`INSERT INTO survey_blocks (site_ref, block, survey_date, record, upload_id) VALUES (${sites[0]!.sourceRef}, 'Main building', '2024-03-14', '{"physical":"C","functional":"B","statutory":"B"}', ${uploadId})`.execute(
    t.db,
  );

  const officer = { actor: 'seed-officer', role: 'officer' as const };
  const now = new Date();
  const toBoardReview = async (siteIndex: number): Promise<number> => {
    const { row } = await openCaseForSite(
      t.db,
      { site: sites[siteIndex]!.siteId, ...officer, reason: 'high on the ranked list' },
      now,
    );
    const act = (request: Record<string, unknown>) =>
      actOnCase(t.db, row.id, { ...officer, reason: 'on file', ...request } as CaseRequest, now);
    await act({ kind: 'record_fact', fact: { fact: 'commissioner_confirmation', commissioner: 'NW London ICB' } });
    await act({ kind: 'record_fact', fact: { fact: 'reprovision_plan', summary: 'services move to the new hub' } });
    await act({ kind: 'transition', to: 'surplus_declared' });
    await act({ kind: 'transition', to: 'board_review' });
    return row.id;
  };
  const reviewCaseId = await toBoardReview(0);
  for (const index of [5, 9]) {
    const caseId = await toBoardReview(index);
    await recordBoardDecision(
      t.db,
      {
        caseId,
        meetingId: 'LEB-SEED-1',
        decision: 'approve',
        actor: 'seed-board',
        reason: 'approved at the seed meeting',
      },
      now,
    );
  }
  await ownedByTestOrg(t.db);
  return { sites, reviewCaseId, pipelineSiteIds: [sites[5]!.siteId, sites[9]!.siteId] };
}

export interface BrowserSuite {
  t: TestDatabase;
  h: WebHarness;
  estate: BrowserEstate;
  /** A fresh browser context, closed with the suite. */
  userPage(viewport?: { width: number; height: number }): Promise<UserPage>;
}

/**
 * What every browser test file starts with: a database of its own with the seeded estate, the
 * real server and a browser, and every page it opened closed after. Filled in by beforeAll.
 */
export function seededBrowserSuite(): BrowserSuite {
  const pages: UserPage[] = [];
  const suite = {
    userPage: async (viewport?: { width: number; height: number }) => {
      const p = await openPage(suite.h, viewport);
      pages.push(p);
      return p;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    suite.t = await createTestDatabase();
    [suite.h, suite.estate] = await Promise.all([startWebHarness(suite.t), seedBrowserEstate(suite.t)]);
  });
  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await suite.h?.close();
    await obliterateQueues(suite.t.config);
    await suite.t.drop();
  });
  return suite;
}
