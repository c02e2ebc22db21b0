import type { BoroughLocator } from '../../geo/borough-locator.js';
import type { RejectionCode } from '../domain/records.js';
import type { Random } from '../domain/random.js';
import type { StreamedWorkbook } from '../export/xlsx.js';
import type { CsvFile } from '../export/csv.js';
import type { ChpSite, DemoSite, NhspsSite } from './demo-site.js';
import {
  CHP_HEADER,
  chpRow,
  inHeaderOrder,
  NHSPS_HEADER,
  nhspsRow,
  SURVEY_HEADER,
  surveyRow,
} from './register-rows.js';
import { OUTSIDE_LONDON_PLACE, outsideLondonPoint } from './site-location.js';
import { drawSurveyBlocks } from './survey-blocks.js';

/** The names the CLI gives the three files; the manifest's bad rows say which file they are in by these. */
export const DEMO_FILE_NAMES = {
  nhspsRegisterCsv: 'nhsps-register.csv',
  chpRegisterXlsx: 'chp-lift-register.xlsx',
  surveysCsv: 'condition-surveys.csv',
} as const;
export type DemoFileName = (typeof DEMO_FILE_NAMES)[keyof typeof DEMO_FILE_NAMES];

/**
 * A row written wrong on purpose, and what the importer should say about it. `row` counts the header as row 1
 * (the number a spreadsheet shows, as src/ingest reports it); `field` is the column at fault as the importer names
 * it ('Location' for a point placement refuses).
 */
export interface DemoBadRow {
  file: DemoFileName;
  row: number;
  field: string;
  expectedCode: RejectionCode;
  note: string;
}

/** Every kind of bad row, one of each per estate, written in this order when two fall after the same site. */
export const BAD_ROW_KINDS = [
  'missing_reference',
  'duplicate_reference',
  'gia_not_a_number',
  'easting_outside_great_britain',
  'point_outside_london',
  'latlon_swapped',
  'survey_grade_e',
  'survey_impossible_date',
  'survey_unknown_site',
] as const;
export type BadRowKind = (typeof BAD_ROW_KINDS)[number];

/** What a bad row is made from: fresh sites drawn like good ones, so only the one fault stands out. */
export interface BadRowContext {
  random: Random;
  locator: BoroughLocator;
  nhsps: CsvFile;
  chp: StreamedWorkbook;
  surveys: CsvFile;
  drawNhsps(ref: string): NhspsSite;
  drawChp(ref: string): ChpSite;
  /** A reference and row already written to the NHSPS file, to repeat; null before the first. */
  earlierNhsps: { ref: string; row: number } | null;
  /** The last good site written, whose survey the bad survey rows imitate. */
  lastSite: DemoSite;
  /** References no good row uses: past the last good NHSPS and CHP numbers. */
  spareNhspsRef(offset: number): string;
  spareChpRef(offset: number): string;
}

/** Whether the kind can be written yet: a duplicate needs an earlier reference to repeat. */
export const canWriteBadRow = (kind: BadRowKind, ctx: Pick<BadRowContext, 'earlierNhsps'>): boolean =>
  kind !== 'duplicate_reference' || ctx.earlierNhsps !== null;

function nhspsBadRow(ctx: BadRowContext, ref: string, change: (row: ReturnType<typeof nhspsRow>) => void): number {
  const row = nhspsRow(ctx.drawNhsps(ref));
  change(row);
  return ctx.nhsps.write(inHeaderOrder(NHSPS_HEADER, row));
}

function surveyBadRow(ctx: BadRowContext, index: number, change: (row: ReturnType<typeof surveyRow>) => void): number {
  const [block] = drawSurveyBlocks(ctx.random, ctx.lastSite);
  if (!block) throw new RangeError('a survey visit drew no blocks');
  const row = surveyRow(block);
  // A block name of its own, so the row is faulty only in the way the manifest says, not also a duplicate.
  row.Block = `Annexe ${index + 1}`;
  change(row);
  return ctx.surveys.write(inHeaderOrder(SURVEY_HEADER, row));
}

export function writeBadRow(kind: BadRowKind, ctx: BadRowContext): DemoBadRow {
  const index = BAD_ROW_KINDS.indexOf(kind);
  const nhsps = DEMO_FILE_NAMES.nhspsRegisterCsv;
  const surveys = DEMO_FILE_NAMES.surveysCsv;
  switch (kind) {
    case 'missing_reference': {
      const row = nhspsBadRow(ctx, '', () => undefined);
      return {
        file: nhsps,
        row,
        field: 'Property Reference',
        expectedCode: 'missing_required',
        note: 'Property Reference is empty',
      };
    }
    case 'duplicate_reference': {
      const earlier = ctx.earlierNhsps;
      if (!earlier) throw new RangeError('a duplicate reference needs an earlier row');
      const row = nhspsBadRow(ctx, earlier.ref, () => undefined);
      return {
        file: nhsps,
        row,
        field: 'Property Reference',
        expectedCode: 'duplicate_in_file',
        note: `repeats ${earlier.ref} of row ${earlier.row} for a different property; the earlier row is good`,
      };
    }
    case 'gia_not_a_number': {
      const row = nhspsBadRow(ctx, ctx.spareNhspsRef(1), (r) => {
        r['GIA (m2)'] = 'TBC';
      });
      return { file: nhsps, row, field: 'GIA (m2)', expectedCode: 'not_a_number', note: 'GIA (m2) is "TBC"' };
    }
    case 'easting_outside_great_britain': {
      let easting = 0;
      const row = nhspsBadRow(ctx, ctx.spareNhspsRef(2), (r) => {
        // A digit typed twice: ten times the real easting, far east of the grid's 700 km.
        easting = Number(r.Easting) * 10;
        r.Easting = easting;
      });
      return {
        file: nhsps,
        row,
        field: 'Easting',
        expectedCode: 'outside_great_britain',
        note: `Easting ${easting} is beyond the grid's 0–700,000 m`,
      };
    }
    case 'point_outside_london': {
      const point = outsideLondonPoint(ctx.locator);
      const row = nhspsBadRow(ctx, ctx.spareNhspsRef(3), (r) => {
        r.Easting = point.eastingM;
        r.Northing = point.northingM;
      });
      return {
        file: nhsps,
        row,
        // Placement, not the adapter, refuses it, naming the point as a whole.
        field: 'Location',
        expectedCode: 'outside_london',
        note: `(${point.eastingM}, ${point.northingM}) is ${OUTSIDE_LONDON_PLACE.name}, outside Greater London`,
      };
    }
    case 'latlon_swapped': {
      const ref = ctx.spareChpRef(1);
      const row = chpRow(ctx.drawChp(ref));
      const { Latitude: lat, Longitude: lon } = row;
      row.Latitude = lon;
      row.Longitude = lat;
      return {
        file: DEMO_FILE_NAMES.chpRegisterXlsx,
        row: ctx.chp.write(inHeaderOrder(CHP_HEADER, row)),
        field: 'Latitude',
        expectedCode: 'latlon_swapped',
        note: `${ref} has Latitude ${String(lon)} and Longitude ${String(lat)}: the two are swapped`,
      };
    }
    case 'survey_grade_e': {
      const row = surveyBadRow(ctx, index, (r) => {
        r['Physical Condition'] = 'E';
      });
      return {
        file: surveys,
        row,
        field: 'Physical Condition',
        expectedCode: 'bad_grade',
        note: `grade "E" for ${ctx.lastSite.ref}; grades run A–D`,
      };
    }
    case 'survey_impossible_date': {
      const row = surveyBadRow(ctx, index, (r) => {
        r['Survey Date'] = '31/02/2021';
      });
      return {
        file: surveys,
        row,
        field: 'Survey Date',
        expectedCode: 'bad_date',
        note: `31/02/2021 for ${ctx.lastSite.ref}: February has no 31st`,
      };
    }
    case 'survey_unknown_site': {
      const ref = ctx.spareNhspsRef(4);
      const row = surveyBadRow(ctx, index, (r) => {
        r['Site Reference'] = ref;
        r.Block = 'Block A';
      });
      return {
        file: surveys,
        row,
        field: 'Site Reference',
        expectedCode: 'unknown_site',
        note: `${ref} is in neither register: the survey waits for the site (never rejected outright)`,
      };
    }
  }
}
