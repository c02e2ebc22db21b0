import { sql } from 'kysely';
import { EstatesError } from '../errors.js';
import { storedId } from './ids.js';
import type { Valuation } from '../domain/valuation.js';
import { restoreValuation, type RestoredValuation, type StoredValuation } from '../domain/valuation-record.js';
import { valuationAssumptionsById } from './assumptions.js';
import type { Executor } from './connect.js';

export interface SiteRef {
  siteId: number;
  source: string;
  sourceRef: string;
  name: string | null;
  boroughGss: string | null;
  dataVersion: number;
}

/** A site by its id or its source reference (NHSPS-H005); an ambiguous reference is refused. */
export async function findSite(db: Executor, idOrRef: string): Promise<SiteRef> {
  const byId = storedId(idOrRef);
  const rows = await db
    .selectFrom('sites')
    .select(['id', 'source', 'source_ref', 'name', 'borough_gss', 'data_version'])
    .where((eb) =>
      byId !== null ? eb.or([eb('id', '=', byId), eb('source_ref', '=', idOrRef)]) : eb('source_ref', '=', idOrRef),
    )
    .execute();
  if (rows.length === 0) throw new EstatesError('not_found', `no site with id or reference "${idOrRef}"`);
  const r = rows[0];
  if (r === undefined || rows.length > 1)
    throw new EstatesError(
      'bad_input',
      `"${idOrRef}" names ${rows.length} sites (${rows.map((r) => `${r.source} ${r.source_ref} = id ${r.id}`).join(', ')}): use the site id`,
    );
  return {
    siteId: r.id,
    source: r.source,
    sourceRef: r.source_ref,
    name: r.name,
    boroughGss: r.borough_gss,
    dataVersion: r.data_version,
  };
}

/** A stored valuation with its working lines re-derived under the assumption set it names. */
export async function withWorking(db: Executor, stored: StoredValuation | Valuation): Promise<RestoredValuation> {
  return restoreValuation(stored, await valuationAssumptionsById(db, stored.assumptionSetId));
}

/** The latest valuation of the site's current data version, with its full working. */
export async function currentValuation(
  db: Executor,
  site: SiteRef,
): Promise<(Valuation & { valuationId: number; computedAt: string; workingUnavailable: string | null }) | null> {
  const result = await sql<{ id: number; working: StoredValuation | Valuation; computed_at: Date }>`
    SELECT id, working, computed_at FROM valuations
    WHERE site_id = ${site.siteId} AND site_data_version = ${site.dataVersion}
    ORDER BY id DESC LIMIT 1
  `.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  const restored = await withWorking(db, row.working);
  return {
    ...restored.valuation,
    valuationId: row.id,
    computedAt: row.computed_at.toISOString(),
    workingUnavailable: restored.workingUnavailable,
  };
}

export interface ValuedSite {
  boroughGss: string;
  subRegion: string;
  conditionClass: string;
  giaM2: number | null;
  siteAreaHa: number;
  homes: number;
  marketValuePence: number;
  netReceiptPence: number;
  incomplete: boolean;
  sourceRef: string;
}

/** Every placed site with its latest score and current valuation, for portfolio figures. */
export async function valuedSites(db: Executor): Promise<ValuedSite[]> {
  const result = await sql<{
    borough_gss: string;
    sub_region: string;
    condition_class: string;
    gia_m2: string | null;
    site_area_ha: string | null;
    homes: number | null;
    market_value_pence: string | null;
    net_receipt_pence: string | null;
    incomplete: boolean | null;
    source_ref: string;
  }>`
    WITH run AS (SELECT id FROM score_runs ORDER BY estate_version DESC LIMIT 1)
    SELECT s.borough_gss, s.sub_region, sc.condition_class, s.gia_m2, s.site_area_ha, s.source_ref,
           v.homes, v.market_value_pence, v.net_receipt_pence, (v.working->>'incomplete')::boolean AS incomplete
    FROM sites s
    JOIN site_scores sc ON sc.site_id = s.id AND sc.score_run_id = (SELECT id FROM run)
    LEFT JOIN LATERAL (
      SELECT homes, market_value_pence, net_receipt_pence, working FROM valuations
      WHERE site_id = s.id AND site_data_version = s.data_version ORDER BY id DESC LIMIT 1
    ) v ON true
    ORDER BY s.id
  `.execute(db);
  return result.rows.map((r) => ({
    boroughGss: r.borough_gss,
    subRegion: r.sub_region,
    conditionClass: r.condition_class,
    giaM2: r.gia_m2 === null ? null : Number(r.gia_m2),
    siteAreaHa: r.site_area_ha === null ? 0 : Number(r.site_area_ha),
    homes: r.homes ?? 0,
    marketValuePence: r.market_value_pence === null ? 0 : Number(r.market_value_pence),
    netReceiptPence: r.net_receipt_pence === null ? 0 : Number(r.net_receipt_pence),
    incomplete: r.incomplete ?? true,
    sourceRef: r.source_ref,
  }));
}
