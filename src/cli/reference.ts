import { readInputFile } from './input-file.js';
import path from 'node:path';
import type { Command } from 'commander';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { postcodeKey } from '../../geo/postcode.js';
import { addToOutbox } from '../db/outbox.js';
import { bumpEstateVersion } from '../db/pipeline.js';
import {
  countSitesWithPractices,
  loadBoroughs,
  loadPopulationAreas,
  loadStations,
  upsertOdsOrganisations,
  upsertPostcodes,
  type OdsRow,
  type PostcodeRow,
  type StationRow,
} from '../db/reference.js';
import { readOdsDirectory, readPostcodeDirectory } from '../ingest/index.js';
import type { GeoJsonCrs } from '../ingest/geojson-crs.js';
import { readGeoJsonLayer, type GeoJsonLayer } from '../ingest/geojson-layer.js';
import type { GeoJsonReading } from '../ingest/outcome.js';
import { crsOption, describeGeoJson } from './format.js';
import { readStations } from '../ingest/stations.js';
import type { CliContext } from './context.js';
import { printJson, printLine, progressLine } from './output.js';
import { waitForEstateVersion } from './wait.js';

const readBytes = async (file: string): Promise<Buffer> => (await readInputFile(file)).bytes;

interface LayerLoaded {
  loaded: number;
  /** GeoJSON layers: the CRS the file was read in, and where it came from. */
  readAs?: GeoJsonReading;
}

interface LoadReport {
  file: string;
  loaded: number;
  rejected: number;
  firstRejections: string[];
  /** ods load: sites occupied by a loaded GP practice, by ODS code or postcode. */
  sitesLinked?: number;
}

export function registerReference(program: Command, ctx: CliContext): void {
  const batchLoad = async <R, Row>(
    file: string,
    read: (
      bytes: Uint8Array,
      options: { filename: string },
    ) => AsyncIterable<
      | { kind: 'accepted'; row: number; record: R }
      | { kind: 'rejected'; row: number; problems: Array<{ field: string; code: string; message: string }> }
    >,
    toRow: (record: R) => Row,
    write: (rows: Row[]) => Promise<void>,
  ): Promise<LoadReport> => {
    const bytes = await readBytes(file);
    const report: LoadReport = { file: path.basename(file), loaded: 0, rejected: 0, firstRejections: [] };
    const line = progressLine();
    let batch: Row[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await write(batch);
      report.loaded += batch.length;
      batch = [];
      line.update(`${report.file}: loaded ${report.loaded}, rejected ${report.rejected}`);
    };
    for await (const outcome of read(bytes, { filename: report.file })) {
      if (outcome.kind === 'rejected') {
        report.rejected += 1;
        if (report.firstRejections.length < 5)
          report.firstRejections.push(
            `row ${outcome.row}: ${outcome.problems.map((p) => `${p.field}: ${p.code}: ${p.message}`).join('; ')}`,
          );
        continue;
      }
      batch.push(toRow(outcome.record));
      if (batch.length >= 5_000) await flush();
    }
    await flush();
    line.done();
    return report;
  };

  const printReport = (report: LoadReport, json?: boolean): void => {
    if (json) {
      printJson(report);
      return;
    }
    printLine(`${report.file}: loaded ${report.loaded}, rejected ${report.rejected}`);
    for (const r of report.firstRejections) printLine(`  ${r}`);
    if (report.sitesLinked !== undefined)
      printLine(
        `${report.sitesLinked} sites occupied by a GP practice in the directory (by ODS code or postcode)${report.sitesLinked > 0 ? '; the estate will be re-scored by the workers' : ''}`,
      );
  };

  /** `estates <directory> load FILE`: a directory file streamed in batches, rejected rows reported. */
  const directoryCommand = <R, Row>(
    directory: string,
    description: string,
    read: Parameters<typeof batchLoad<R, Row>>[1],
    toRow: (record: R) => Row,
    write: (trx: Transaction<Database>, rows: Row[]) => Promise<void>,
    afterLoad?: (report: LoadReport, wait: boolean) => Promise<LoadReport>,
  ): void => {
    const load = program.command(directory).description(description).command('load').argument('<file>', 'CSV file');
    if (afterLoad) load.option('--wait', 'wait until the estate has been re-scored and ranked with the sites linked');
    load
      .option('--json', `print JSON: { file, loaded, rejected, firstRejections${afterLoad ? ', sitesLinked' : ''} }`)
      .action(async (file: string, opts: { json?: boolean; wait?: boolean }) => {
        const db = await ctx.db();
        const report = await batchLoad(file, read, toRow, (rows) =>
          db.transaction().execute((trx) => write(trx, rows)),
        );
        printReport(afterLoad ? await afterLoad(report, opts.wait === true) : report, opts.json);
      });
  };

  /**
   * GP practices occupy sites (by ODS code, else postcode: migration 0470's view), and a closed or dormant one is
   * a surplus reason, so the estate is re-scored when any site has one; unchanged practices copy the last scores.
   */
  const linkPractices = async (report: LoadReport, wait: boolean): Promise<LoadReport> => {
    const db = await ctx.db();
    const { sitesLinked, estateVersion } = await db.transaction().execute(async (trx) => {
      const linked = await countSitesWithPractices(trx);
      if (linked === 0 || report.loaded === 0) return { sitesLinked: linked, estateVersion: null };
      const version = await bumpEstateVersion(trx);
      await addToOutbox(trx, 'score', { estateVersion: version });
      return { sitesLinked: linked, estateVersion: version };
    });
    if (estateVersion !== null) {
      await ctx.relay();
      if (wait) await waitForEstateVersion(ctx, estateVersion);
    }
    return { ...report, sitesLinked };
  };

  directoryCommand(
    'postcodes',
    'postcode directory: Code-Point Open or ONS Postcode Directory CSV, so sites with only a postcode are placed offline',
    readPostcodeDirectory,
    (p): PostcodeRow => ({
      postcode: p.postcode,
      postcodeKey: postcodeKey(p.postcode),
      eastingM: p.eastingM,
      northingM: p.northingM,
      localAuthorityCode: p.localAuthorityCode,
    }),
    upsertPostcodes,
  );
  directoryCommand(
    'ods',
    'NHS organisation directory (ODS etrust / epraccur CSV as published, no header row)',
    readOdsDirectory,
    (o): OdsRow => ({
      odsCode: o.odsCode,
      name: o.name,
      kind: o.kind,
      parentCode: o.parentCode,
      postcode: o.postcode,
      openDate: o.openDate,
      closeDate: o.closeDate,
      status: o.status,
    }),
    upsertOdsOrganisations,
    linkPractices,
  );

  /** `estates <layer> load FILE`: a whole reference layer replaced in one transaction. */
  const layerCommand = (
    layer: string,
    description: string,
    fileKind: string,
    what: string,
    load: (file: string, trx: Transaction<Database>, crs: GeoJsonCrs | undefined) => Promise<LayerLoaded>,
    options: { crs?: boolean } = {},
  ): void => {
    const command = program
      .command(layer)
      .description(description)
      .command('load')
      .argument('<file>', fileKind)
      .option('--json', `print JSON: { file, loaded${options.crs ? ', readAs' : ''} }`);
    if (options.crs)
      command.option(
        '--crs <crs>',
        'EPSG:27700 or EPSG:4326, for a file whose crs member is missing and whose coordinates do not say',
      );
    command.action(async (file: string, opts: { json?: boolean; crs?: string }) => {
      const crs = crsOption(opts.crs);
      const db = await ctx.db();
      const { loaded, readAs } = await db.transaction().execute((trx) => load(file, trx, crs));
      if (opts.json) printJson({ file: path.basename(file), loaded, ...(readAs ? { readAs } : {}) });
      else
        printLine(`${path.basename(file)}: loaded ${loaded} ${what}${readAs ? ` (${describeGeoJson(readAs)})` : ''}`);
    });
  };

  /** A GeoJSON layer through the one CRS rule, then into PostGIS. */
  const geoJsonLayer =
    (loader: (trx: Transaction<Database>, layer: GeoJsonLayer, source: string) => Promise<number>) =>
    async (file: string, trx: Transaction<Database>, crs: GeoJsonCrs | undefined): Promise<LayerLoaded> => {
      const layer = readGeoJsonLayer(await readBytes(file), path.basename(file), crs);
      return { loaded: await loader(trx, layer, path.basename(file)), readAs: layer.reading };
    };

  layerCommand(
    'boundaries',
    'London borough polygons with GSS codes (GeoJSON in lon/lat or British National Grid, e.g. the GLA boundary files)',
    'GeoJSON FeatureCollection',
    'borough boundaries',
    geoJsonLayer(loadBoroughs),
    { crs: true },
  );
  layerCommand(
    'areas',
    'population areas (GeoJSON in lon/lat or British National Grid with a residents count, e.g. census MSOAs) for the need component of the surplus score',
    'GeoJSON FeatureCollection',
    'population areas',
    geoJsonLayer(loadPopulationAreas),
    { crs: true },
  );
  // Stations replace the whole layer in one transaction: rows are read (rejections reported like a directory's),
  // then written together.
  program
    .command('stations')
    .description(
      'stations (CSV or XLSX with a code, a name and Easting/Northing in British National Grid or Latitude/Longitude, e.g. NaPTAN rail references) for the access component',
    )
    .command('load')
    .argument('<file>', 'CSV or XLSX file')
    .option('--json', 'print JSON: { file, loaded, rejected, firstRejections }')
    .action(async (file: string, opts: { json?: boolean }) => {
      const db = await ctx.db();
      const stations: StationRow[] = [];
      const report = await batchLoad(
        file,
        readStations,
        (s): StationRow => s,
        async (rows) => {
          stations.push(...rows);
        },
      );
      await db.transaction().execute((trx) => loadStations(trx, stations));
      printReport(report, opts.json);
    });
}
