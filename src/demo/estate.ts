import type { BoroughLocator } from '../../geo/borough-locator.js';
import { LONDON_BOROUGHS } from '../../geo/boroughs.js';
import { seededRandom, type Random } from '../domain/random.js';
import { EstatesError } from '../errors.js';
import {
  BAD_ROW_KINDS,
  canWriteBadRow,
  DEMO_FILE_NAMES,
  writeBadRow,
  type BadRowContext,
  type BadRowKind,
  type DemoBadRow,
  type DemoFileName,
} from './bad-rows.js';
import { BOROUGH_WEIGHTS } from './borough-weights.js';
import { calendarDay } from './calendar.js';
import { StreamedWorkbook } from '../export/xlsx.js';
import { CsvFile } from '../export/csv.js';
import { drawChpSite, drawNhspsSite, type DemoBorough, type DemoSite } from './demo-site.js';
import { CHP_SHARE, SURVEYED_SHARE, type Weighted } from './distributions.js';
import {
  CHP_HEADER,
  CHP_SHEET_NAME,
  chpRow,
  inHeaderOrder,
  NHSPS_HEADER,
  nhspsRow,
  SURVEY_HEADER,
  surveyRow,
} from './register-rows.js';
import { drawSurveyBlocks } from './survey-blocks.js';

export interface DemoManifest {
  seed: number;
  /** Good sites, NHSPS and CHP together; bad rows are extra to these. */
  sites: number;
  nhsps: number;
  chp: number;
  surveyedSites: number;
  /** Good survey rows, one per block. */
  surveyBlocks: number;
  /** A file's data rows are its good rows plus its entries here. */
  badRows: DemoBadRow[];
}

export interface DemoEstateFiles {
  nhspsRegisterCsv: Uint8Array;
  chpRegisterXlsx: Uint8Array;
  surveysCsv: Uint8Array;
  manifest: DemoManifest;
}

export interface DemoEstateOptions {
  sites: number;
  seed: number;
  boroughLocator: BoroughLocator;
}

/** The one date the workbook carries as its own (created, modified, zip stamps): fixed, so bytes repeat. */
export const DEMO_FILE_DATE = calendarDay(2020, 1, 1);
/** England's public estate is hundreds of thousands of sites (DESIGN.md); a million leaves room and bounds the run. */
export const MAX_DEMO_SITES = 1_000_000;
/** Sites between yields to the event loop, so the zip drains the sheet as it grows instead of at the end. */
const SITES_PER_YIELD = 1024;
/** Bad rows draw from their own stream, so adding or moving one leaves every good site as it was. */
const BAD_ROW_STREAM = 0x9e3779b9;

/** Register numbers zero-padded to at least three digits, wider when the estate needs it: NHSPS-H001. */
export function registerRef(prefix: string, n: number, sites: number): string {
  return `${prefix}${String(n).padStart(Math.max(3, String(sites).length), '0')}`;
}

function boroughTable(): Weighted<DemoBorough> {
  return LONDON_BOROUGHS.map((borough) => {
    const weight = BOROUGH_WEIGHTS.find((w) => w.gssCode === borough.gssCode);
    if (!weight) throw new EstatesError('internal', `no demo weight for ${borough.gssCode} ${borough.name}`);
    return [{ borough, hectares: weight.hectares }, weight.residents2011] as const;
  });
}

/** Where each bad row goes: after the site of that index, in BAD_ROW_KINDS order among equals. */
function badRowSchedule(random: Random, sites: number): Array<{ afterSite: number; kind: BadRowKind }> {
  return BAD_ROW_KINDS.map((kind) => ({ afterSite: random.int(0, sites - 1), kind })).sort(
    (a, b) => a.afterSite - b.afterSite || BAD_ROW_KINDS.indexOf(a.kind) - BAD_ROW_KINDS.indexOf(b.kind),
  );
}

const FILE_ORDER: readonly DemoFileName[] = Object.values(DEMO_FILE_NAMES);
const byFileAndRow = (a: DemoBadRow, b: DemoBadRow): number =>
  FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || a.row - b.row;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A synthetic London estate for `estates demo-data`: the NHSPS register (CSV), the CHP LIFT register (XLSX)
 * and condition surveys (CSV), with a handful of bad rows the manifest lists. Same seed and size, same bytes.
 * Sites are drawn and written one at a time and never kept, so memory holds the output and little else.
 * docs/demo-estate.md explains every distribution.
 */
export async function generateDemoEstate(options: DemoEstateOptions): Promise<DemoEstateFiles> {
  const { sites, seed, boroughLocator: locator } = options;
  if (!Number.isInteger(sites) || sites < 1 || sites > MAX_DEMO_SITES) {
    throw new EstatesError('bad_input', `sites must be a whole number from 1 to ${MAX_DEMO_SITES}, not ${sites}`);
  }
  if (!Number.isSafeInteger(seed)) throw new EstatesError('bad_input', `seed must be a whole number, not ${seed}`);

  const random = seededRandom(seed);
  const badRandom = seededRandom(seed ^ BAD_ROW_STREAM);
  const boroughs = boroughTable();
  const chpTotal = Math.round(sites * CHP_SHARE);
  const nhspsTotal = sites - chpTotal;
  const nhspsRef = (n: number): string => registerRef('NHSPS-H', n, sites);
  const chpRef = (n: number): string => registerRef('CHP-B', n, sites);

  const nhspsFile = new CsvFile(NHSPS_HEADER);
  const chpFile = await StreamedWorkbook.open(CHP_SHEET_NAME, CHP_HEADER, DEMO_FILE_DATE);
  const surveysFile = new CsvFile(SURVEY_HEADER);
  const schedule = badRowSchedule(badRandom, sites);
  const badRows: DemoBadRow[] = [];
  let nhspsWritten = 0;
  let chpWritten = 0;
  let surveyedSites = 0;
  let surveyBlocks = 0;
  let earlierNhsps: BadRowContext['earlierNhsps'] = null;

  const badRowContext = (lastSite: DemoSite): BadRowContext => ({
    random: badRandom,
    locator,
    nhsps: nhspsFile,
    chp: chpFile,
    surveys: surveysFile,
    drawNhsps: (ref) => drawNhspsSite(badRandom, ref, badRandom.pick(boroughs), locator),
    drawChp: (ref) => drawChpSite(badRandom, ref, badRandom.pick(boroughs), locator),
    earlierNhsps,
    lastSite,
    spareNhspsRef: (offset) => nhspsRef(nhspsTotal + offset),
    spareChpRef: (offset) => chpRef(chpTotal + offset),
  });

  for (let i = 0; i < sites; i++) {
    // Selection sampling: exactly chpTotal CHP sites, spread uniformly through the estate.
    const isChp = random.next() * (sites - i) < chpTotal - chpWritten;
    const where = random.pick(boroughs);
    let site: DemoSite;
    if (isChp) {
      const chpSite = drawChpSite(random, chpRef(++chpWritten), where, locator);
      chpFile.write(inHeaderOrder(CHP_HEADER, chpRow(chpSite)));
      site = chpSite;
    } else {
      const nhspsSite = drawNhspsSite(random, nhspsRef(++nhspsWritten), where, locator);
      const row = nhspsFile.write(inHeaderOrder(NHSPS_HEADER, nhspsRow(nhspsSite)));
      // Reservoir of one: the duplicate repeats a reference chosen uniformly from those written before it.
      if (badRandom.next() * nhspsWritten < 1) earlierNhsps = { ref: nhspsSite.ref, row };
      site = nhspsSite;
    }
    if (random.next() < SURVEYED_SHARE) {
      const blocks = drawSurveyBlocks(random, site);
      for (const block of blocks) surveysFile.write(inHeaderOrder(SURVEY_HEADER, surveyRow(block)));
      surveyedSites++;
      surveyBlocks += blocks.length;
    }
    while (schedule[0] && schedule[0].afterSite <= i) {
      const ctx = badRowContext(site);
      const ready = schedule.findIndex((s) => s.afterSite <= i && canWriteBadRow(s.kind, ctx));
      const next = schedule[ready];
      if (!next) {
        // Only a duplicate waits (no NHSPS row yet); it goes after the next site.
        for (const s of schedule) if (s.afterSite <= i) s.afterSite = i + 1;
        break;
      }
      schedule.splice(ready, 1);
      badRows.push(writeBadRow(next.kind, ctx));
    }
    if (i % SITES_PER_YIELD === SITES_PER_YIELD - 1) await yieldToEventLoop();
  }
  if (schedule.length > 0)
    throw new EstatesError('internal', `bad rows left unwritten: ${schedule.map((s) => s.kind).join(', ')}`);

  return {
    nhspsRegisterCsv: nhspsFile.toBytes(),
    surveysCsv: surveysFile.toBytes(),
    chpRegisterXlsx: await chpFile.toBytes(),
    manifest: {
      seed,
      sites,
      nhsps: nhspsWritten,
      chp: chpWritten,
      surveyedSites,
      surveyBlocks,
      badRows: badRows.sort(byFileAndRow),
    },
  };
}
