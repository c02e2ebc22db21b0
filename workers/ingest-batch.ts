import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { boroughsAtUsing, lookupOdsPostcodes, lookupPostcodes, type BoroughGrid } from '../src/db/placement.js';
import { bumpEstateVersion } from '../src/db/pipeline.js';
import { upsertSites, touchSitesByRef, type PlacedSite } from '../src/db/sites.js';
import { saveTrustAggregates, upsertSiteBoundaries, upsertSurveyBlocks } from '../src/db/surveys.js';
import { recordBatch, saveRejections, type RejectionRow } from '../src/db/uploads.js';
import { boroughProblem, locateSite } from '../src/domain/placement.js';
import type { SiteRecord, SurveyBlockRecord } from '../src/domain/records.js';
import type { EricRow, RowOutcome, SiteBoundary } from '../src/ingest/index.js';
import { postcodeKey } from '../geo/postcode.js';

/** One upload's rows, as the adapters give them, whatever the source. */
export type IngestOutcome = RowOutcome<SiteRecord | EricRow | SurveyBlockRecord | SiteBoundary>;

export interface BatchResult {
  read: number;
  accepted: number;
  rejected: number;
  changed: boolean;
}

const isSurveyBlock = (r: unknown): r is SurveyBlockRecord => typeof r === 'object' && r !== null && 'block' in r && 'physical' in r;
const isBoundary = (r: unknown): r is SiteBoundary => typeof r === 'object' && r !== null && 'geometry' in r && 'siteRef' in r;
const isEricRow = (r: unknown): r is EricRow => typeof r === 'object' && r !== null && 'kind' in r && (r.kind === 'site' || r.kind === 'trust-aggregate');

/**
 * Writes one batch of row outcomes in the caller's transaction: sites placed and upserted,
 * survey blocks and boundaries stored, rejections kept with every reason, and the upload's
 * counters moved. Either all of it commits or none of it does.
 */
export async function writeBatch(
  trx: Transaction<Database>,
  uploadId: number,
  outcomes: IngestOutcome[],
  rowsCommittedAfter: number,
  boroughs: BoroughGrid,
): Promise<BatchResult> {
  const rejections: RejectionRow[] = [];
  const siteRows: Array<{ row: number; raw: Record<string, string>; record: SiteRecord }> = [];
  const surveyBlocks: SurveyBlockRecord[] = [];
  const boundaries: SiteBoundary[] = [];
  const aggregates: Array<{ trustCode: string; record: Record<string, unknown> }> = [];

  for (const outcome of outcomes) {
    if (outcome.kind === 'rejected') {
      rejections.push({ row: outcome.row, raw: outcome.raw, problems: outcome.problems });
      continue;
    }
    const record = outcome.record;
    if (isEricRow(record)) {
      if (record.kind === 'site') siteRows.push({ row: outcome.row, raw: outcome.raw, record: record.site });
      else aggregates.push({ trustCode: record.trustCode, record: { ...record } });
    } else if (isSurveyBlock(record)) surveyBlocks.push(record);
    else if (isBoundary(record)) boundaries.push(record);
    else siteRows.push({ row: outcome.row, raw: outcome.raw, record });
  }

  const placed = await placeSites(trx, siteRows, rejections, boroughs);
  const sitesWritten = await upsertSites(trx, uploadId, placed);
  const surveyed = await upsertSurveyBlocks(trx, uploadId, surveyBlocks);
  const bounded = await upsertSiteBoundaries(trx, uploadId, boundaries);
  await touchSitesByRef(trx, [...surveyed, ...bounded]);
  await saveTrustAggregates(trx, uploadId, aggregates);
  await saveRejections(trx, uploadId, rejections);

  const changed = sitesWritten.inserted + sitesWritten.updated + surveyed.length + bounded.length > 0;
  const estateVersion = changed ? await bumpEstateVersion(trx) : null;
  const result = { read: outcomes.length, accepted: outcomes.length - rejections.length, rejected: rejections.length, changed };
  await recordBatch(trx, uploadId, { rowsCommitted: rowsCommittedAfter, read: result.read, accepted: result.accepted, rejected: result.rejected, estateVersion });
  return result;
}

/** Looks up what placement needs for the whole batch in three queries, then places each site. */
export async function placeSites(
  trx: Transaction<Database>,
  siteRows: Array<{ row: number; raw: Record<string, string>; record: SiteRecord }>,
  rejections: RejectionRow[],
  boroughGrid: BoroughGrid,
): Promise<PlacedSite[]> {
  const ericRefs = siteRows.filter((s) => s.record.source === 'eric' && !s.record.location && !s.record.postcode).map((s) => s.record.sourceRef);
  const odsPostcodes = await lookupOdsPostcodes(trx, ericRefs);
  const postcodeFor = (record: SiteRecord): string | null => record.postcode ?? odsPostcodes.get(record.sourceRef) ?? null;
  const postcodes = await lookupPostcodes(
    trx,
    siteRows.flatMap((s) => {
      const pc = s.record.location ? null : postcodeFor(s.record);
      return pc ? [postcodeKey(pc)] : [];
    }),
  );

  const located = siteRows.map((s) => {
    const pc = postcodeFor(s.record);
    return {
      ...s,
      placement: locateSite(s.record, {
        postcodePoint: pc ? (postcodes.get(postcodeKey(pc))?.point ?? null) : null,
        odsPostcode: odsPostcodes.get(s.record.sourceRef) ?? null,
        odsKnown: odsPostcodes.has(s.record.sourceRef),
      }),
    };
  });
  const withPoints = located.flatMap((s) => (s.placement.ok ? [{ ...s, placement: s.placement }] : []));
  const boroughs = await boroughsAtUsing(trx, boroughGrid, withPoints.map((s) => s.placement.point));

  const placed: PlacedSite[] = [];
  for (const s of located) {
    if (!s.placement.ok) rejections.push({ row: s.row, raw: s.raw, problems: s.placement.problems });
  }
  withPoints.forEach((s, i) => {
    const borough = boroughs[i] ?? null;
    const problem = boroughProblem(s.placement.point, borough);
    if (problem || !borough) {
      rejections.push({ row: s.row, raw: s.raw, problems: problem ? [problem] : [] });
      return;
    }
    placed.push({
      record: s.record,
      point: s.placement.point,
      postcode: s.placement.postcode,
      boroughGss: borough.gssCode,
      subRegion: borough.subRegion,
      placedBy: borough.nearestWithinTolerance ? `${s.placement.method}+nearest-boundary` : s.placement.method,
    });
  });
  rejections.sort((a, b) => a.row - b.row);
  return placed;
}
