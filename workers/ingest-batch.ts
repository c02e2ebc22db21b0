import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema.js';
import {
  boroughsAtUsing,
  londonPostcodeDistricts,
  lookupOdsPostcodes,
  lookupPostcodes,
  type BoroughGrid,
} from '../src/db/placement.js';
import { bumpEstateVersion } from '../src/db/pipeline.js';
import {
  siteRowsToWrite,
  statedSiteAreas,
  upsertSites,
  touchSitesByRef,
  type PlacedSite,
  type SiteRows,
} from '../src/db/sites.js';
import { outlineAreaProblem } from '../src/domain/outline-area.js';
import type { Executor } from '../src/db/connect.js';
import { saveTrustAggregates, upsertSiteBoundaries, upsertSurveyBlocks } from '../src/db/surveys.js';
import { recordBatch, saveRejections, type RejectionRow } from '../src/db/uploads.js';
import { refusedWhole } from '../src/domain/rejection-limits.js';
import {
  boroughProblem,
  locateSite,
  placedBy,
  postcodeDistrict,
  type PlacementMethod,
} from '../src/domain/placement.js';
import type { BngPoint, SiteRecord, SurveyBlockRecord } from '../src/domain/records.js';
import type { IngestRecord, RowOutcome, SiteBoundary } from '../src/ingest/index.js';
import { postcodeKey } from '../geo/postcode.js';

/** One upload's rows, as the adapters give them, whatever the source. */
export type IngestOutcome = RowOutcome<IngestRecord>;

export interface BatchResult {
  read: number;
  accepted: number;
  rejected: number;
  changed: boolean;
  /** Set when the upload's first batch was mostly rejected: nothing but its rejections was written. */
  refused?: string;
}

/**
 * A batch as its transaction writes it: sites placed, hashed and serialised, rejections with
 * every reason. Made outside the transaction, from reference data only (postcodes, ODS,
 * boroughs), so the next batch is prepared while the last one is written.
 */
export interface PreparedBatch {
  firstRow: number;
  lastRow: number;
  read: number;
  sites: SiteRows;
  surveyBlocks: SurveyBlockRecord[];
  boundaries: SiteBoundary[];
  aggregates: Array<{ trustCode: string; record: Record<string, unknown> }>;
  rejections: RejectionRow[];
}

/** Sorts a batch's outcomes by what they are and places its sites (reads reference data only). */
export async function prepareBatch(
  db: Executor,
  outcomes: IngestOutcome[],
  boroughs: BoroughGrid,
): Promise<PreparedBatch> {
  const rejections: RejectionRow[] = [];
  const siteRows: Array<{ row: number; raw: Record<string, string>; record: SiteRecord }> = [];
  const surveyBlocks: SurveyBlockRecord[] = [];
  const boundaryRows: Array<{ row: number; raw: Record<string, string>; boundary: SiteBoundary }> = [];
  const aggregates: Array<{ trustCode: string; record: Record<string, unknown> }> = [];

  for (const outcome of outcomes) {
    if (outcome.kind === 'rejected') {
      rejections.push({ row: outcome.row, raw: outcome.raw, problems: outcome.problems });
      continue;
    }
    const record = outcome.record;
    switch (record.kind) {
      case 'site':
        siteRows.push({ row: outcome.row, raw: outcome.raw, record: record.site });
        break;
      case 'trust-aggregate':
        aggregates.push({ trustCode: record.trustCode, record: { ...record } });
        break;
      case 'survey-block':
        surveyBlocks.push(record.block);
        break;
      case 'boundary':
        boundaryRows.push({ row: outcome.row, raw: outcome.raw, boundary: record.boundary });
        break;
    }
  }

  const placed = await placeSites(db, siteRows, rejections, boroughs);
  const boundaries = await checkOutlineAreas(db, boundaryRows, rejections);
  return {
    firstRow: outcomes[0]?.row ?? 0,
    lastRow: outcomes[outcomes.length - 1]?.row ?? 0,
    read: outcomes.length,
    sites: siteRowsToWrite(placed),
    surveyBlocks,
    boundaries,
    aggregates,
    rejections,
  };
}

/**
 * Writes one prepared batch in the caller's transaction: sites upserted, survey blocks and
 * boundaries stored, rejections kept with every reason, and the upload's counters moved. Either
 * all of it commits or none of it does.
 */
export async function writeBatch(
  trx: Transaction<Database>,
  uploadId: number,
  batch: PreparedBatch,
  rowsCommittedAfter: number,
  before: { rowsCommitted: number; rowsRejected: number },
): Promise<BatchResult> {
  const rejected = batch.rejections.length;
  const counts = { read: batch.read, accepted: batch.read - rejected, rejected };
  await saveRejections(trx, uploadId, batch.rejections, before.rowsRejected);
  // A file that is mostly rejected from its first rows is the wrong file, or read wrongly: it is
  // refused whole, before any of its sites is written, with its rejections kept to say why.
  const refused = before.rowsCommitted === 0 ? refusedWhole(batch.read, batch.rejections) : null;
  if (refused !== null) {
    await recordBatch(trx, uploadId, { rowsCommitted: rowsCommittedAfter, ...counts, estateVersion: null });
    return { ...counts, changed: false, refused };
  }
  const sitesWritten = await upsertSites(trx, uploadId, batch.sites);
  const surveyed = await upsertSurveyBlocks(trx, uploadId, batch.surveyBlocks);
  const bounded = await upsertSiteBoundaries(trx, uploadId, batch.boundaries);
  await touchSitesByRef(trx, [...surveyed, ...bounded]);
  await saveTrustAggregates(trx, uploadId, batch.aggregates);

  const changed = sitesWritten.inserted + sitesWritten.updated + surveyed.length + bounded.length > 0;
  const estateVersion = changed ? await bumpEstateVersion(trx) : null;
  const result = { ...counts, changed };
  await recordBatch(trx, uploadId, {
    rowsCommitted: rowsCommittedAfter,
    read: result.read,
    accepted: result.accepted,
    rejected: result.rejected,
    estateVersion,
  });
  return result;
}

/** Looks up what placement needs for the whole batch in a few queries, then places each site. */
export async function placeSites(
  db: Executor,
  siteRows: Array<{ row: number; raw: Record<string, string>; record: SiteRecord }>,
  rejections: RejectionRow[],
  boroughGrid: BoroughGrid,
): Promise<PlacedSite[]> {
  const ericSites = siteRows.filter((s) => s.record.source === 'eric' && !s.record.location && !s.record.postcode);
  const trustCodeOf = (record: SiteRecord): string => String(record.attributes.organisationCode ?? '');
  const odsPostcodes = await lookupOdsPostcodes(db, [
    ...ericSites.map((s) => s.record.sourceRef),
    ...ericSites.map((s) => trustCodeOf(s.record)),
  ]);
  const postcodeFor = (record: SiteRecord): string | null =>
    record.postcode ?? odsPostcodes.get(record.sourceRef) ?? null;
  const postcodes = await lookupPostcodes(
    db,
    siteRows.flatMap((s) => {
      const pc = s.record.location ? null : postcodeFor(s.record);
      return pc ? [postcodeKey(pc)] : [];
    }),
  );
  // Districts are asked about only for postcodes the directory lacks: is each outside London, or just not found?
  const unfound = siteRows.flatMap((s) => {
    const pc = s.record.location ? null : postcodeFor(s.record);
    const trustPc = s.record.source === 'eric' ? odsPostcodes.get(trustCodeOf(s.record)) : null;
    return [pc && !postcodes.has(postcodeKey(pc)) ? pc : null, trustPc ?? null].flatMap((p) =>
      p ? [postcodeDistrict(p)] : [],
    );
  });
  const londonDistricts = await londonPostcodeDistricts(db, unfound);

  const located: Array<{
    site: (typeof siteRows)[number];
    point: BngPoint;
    postcode: string | null;
    method: PlacementMethod;
  }> = [];
  for (const s of siteRows) {
    const pc = postcodeFor(s.record);
    const placement = locateSite(s.record, {
      postcodePoint: pc ? (postcodes.get(postcodeKey(pc))?.point ?? null) : null,
      odsPostcode: odsPostcodes.get(s.record.sourceRef) ?? null,
      odsKnown: odsPostcodes.has(s.record.sourceRef),
      londonDistricts,
      trustPostcode: s.record.source === 'eric' ? (odsPostcodes.get(trustCodeOf(s.record)) ?? null) : null,
    });
    if (placement.ok)
      located.push({ site: s, point: placement.point, postcode: placement.postcode, method: placement.method });
    else rejections.push({ row: s.row, raw: s.raw, problems: placement.problems });
  }
  const boroughs = await boroughsAtUsing(
    db,
    boroughGrid,
    located.map((s) => s.point),
  );

  const placed: PlacedSite[] = [];
  located.forEach((s, i) => {
    const borough = boroughs[i] ?? null;
    const problem = boroughProblem(s.point, borough);
    if (problem || !borough) {
      rejections.push({ row: s.site.row, raw: s.site.raw, problems: problem ? [problem] : [] });
      return;
    }
    placed.push({
      record: s.site.record,
      point: s.point,
      postcode: s.postcode,
      boroughGss: borough.gssCode,
      subRegion: borough.subRegion,
      placedBy: placedBy(s.method, borough),
    });
  });
  rejections.sort((a, b) => a.row - b.row);
  return placed;
}

/**
 * Outlines whose area agrees with the site's stated area (src/domain/outline-area.ts), or whose
 * site states none or is not loaded yet; the others become rejections naming both areas.
 */
async function checkOutlineAreas(
  db: Executor,
  rows: Array<{ row: number; raw: Record<string, string>; boundary: SiteBoundary }>,
  rejections: RejectionRow[],
): Promise<SiteBoundary[]> {
  if (rows.length === 0) return [];
  const stated = await statedSiteAreas(
    db,
    rows.map((r) => r.boundary.siteRef),
  );
  const kept: SiteBoundary[] = [];
  for (const { row, raw, boundary } of rows) {
    const problem = outlineAreaProblem(boundary.geometry, stated.get(boundary.siteRef) ?? []);
    if (problem) rejections.push({ row, raw, problems: [problem] });
    else kept.push(boundary);
  }
  return kept;
}
