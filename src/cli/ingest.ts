import { readInputFile } from './input-file.js';
import type { Command } from 'commander';
import { storeUpload, listRejections, type UploadSummary } from '../db/uploads.js';
import type { UploadSource } from '../domain/records.js';
import { checkUploadOptions, type UploadOptions } from '../ingest/upload-options.js';
import { crsOption, describeReading } from './format.js';
import { EstatesError } from '../errors.js';
import { registeredOrganisation } from '../db/organisations.js';
import type { CliContext } from './context.js';
import { printJson, printLine, say } from './output.js';
import { waitForUploads } from './wait.js';

const SOURCES: UploadSource[] = ['nhsps', 'chp', 'eric', 'survey', 'boundaries'];

export interface IngestedFile {
  upload: UploadSummary;
  created: boolean;
}

/** Stores files as uploads (raw bytes kept, same bytes = same upload) and enqueues them. */
export async function ingestFiles(
  ctx: CliContext,
  files: Array<{ file: string; source: UploadSource; org?: string; options?: UploadOptions }>,
  uploadedBy: string,
): Promise<IngestedFile[]> {
  const db = await ctx.db();
  const stored: IngestedFile[] = [];
  for (const { file, source, org, options } of files) {
    const orgCode = org === undefined ? null : await registeredOrganisation(db, org);
    const { name: filename, bytes } = await readInputFile(file);
    stored.push(
      await db
        .transaction()
        .execute((trx) => storeUpload(trx, { source, filename, bytes, uploadedBy, orgCode, options })),
    );
  }
  await ctx.relay();
  return stored;
}

export const summaryJson = (u: UploadSummary) => ({
  uploadId: u.uploadId,
  source: u.source,
  filename: u.filename,
  sha256: u.sha256,
  status: u.status,
  read: u.read,
  accepted: u.accepted,
  rejected: u.rejected,
  waiting: u.waiting,
  sites: u.sites,
  trustTotals: u.trustTotals,
  rejectedByCode: u.rejectedByCode,
  error: u.error,
  options: u.options,
  readAs: u.readAs,
  createdAt: u.createdAt,
  finishedAt: u.finishedAt,
});

/** ERIC's accepted rows are sites and trust totals: say which, so nobody reads 139 as the number of sites. */
const acceptedAs = (u: UploadSummary): string =>
  u.trustTotals !== null && u.sites !== null ? ` (${u.sites} sites, ${u.trustTotals} trust totals)` : '';

export function printUploadHuman(u: UploadSummary): void {
  printLine(`upload ${u.uploadId}  ${u.source}  ${u.filename}`);
  printLine(`  status    ${u.status}${u.error ? ` (${u.error})` : ''}`);
  const options = Object.entries(u.options).map(([name, value]) => `${name} ${String(value)}`);
  if (options.length > 0) printLine(`  options   ${options.join(', ')}`);
  if (u.readAs) printLine(`  read as   ${describeReading(u.readAs)}`);
  printLine(`  read      ${u.read}`);
  printLine(`  accepted  ${u.accepted}${acceptedAs(u)}`);
  const byCode = Object.entries(u.rejectedByCode).map(([code, n]) => `${code} ${n}`);
  printLine(`  rejected  ${u.rejected}${byCode.length > 0 ? ` (${byCode.join(', ')})` : ''}`);
  if (u.waiting > 0)
    printLine(`  waiting   ${u.waiting} (accepted rows for sites not loaded yet: kept, applied when the site arrives)`);
}

export async function printFirstRejections(ctx: CliContext, uploadId: number, limit = 5): Promise<void> {
  const rejections = await listRejections(await ctx.db(), uploadId, limit);
  for (const r of rejections) {
    for (const p of r.problems) printLine(`  row ${r.row}: ${p.field}: ${p.code}: ${p.message}`);
  }
}

export function registerIngest(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description(
      'store a file as an upload (raw bytes kept; the same file with the same options twice is one upload) and queue it for the workers',
    )
    .argument('<file>', 'CSV, XLSX or GeoJSON file')
    .requiredOption('--source <source>', `one of ${SOURCES.join(', ')} (site-outlines: boundaries)`)
    .option('--crs <crs>', 'coordinate system of a boundaries file: EPSG:27700 or EPSG:4326 (otherwise from the file)')
    .option('--reference-property <name>', 'boundaries: the feature property naming the site reference')
    .option(
      '--wait',
      'wait until the upload has been ingested, placed, scored, valued and ranked (runs workers in-process if none is running)',
    )
    .option('--json', 'print JSON: uploadId, status, read, accepted, rejected')
    .option('--by <name>', 'who uploaded it', process.env.USER ?? 'cli')
    .option('--org <code>', "the uploader's organisation (estates orgs add), which comes to own the upload's sites")
    .action(
      async (
        file: string,
        opts: {
          source: string;
          crs?: string;
          referenceProperty?: string;
          wait?: boolean;
          json?: boolean;
          by: string;
          org?: string;
        },
      ) => {
        // `site-outlines` is what housing teams call them; they are stored as the boundaries source.
        if (opts.source === 'site-outlines') opts.source = 'boundaries';
        if (!SOURCES.includes(opts.source as UploadSource))
          throw new EstatesError('bad_input', `--source must be one of ${SOURCES.join(', ')}, not "${opts.source}"`);
        const crs = crsOption(opts.crs);
        const source = opts.source as UploadSource;
        const options = checkUploadOptions(source, { crs, referenceProperty: opts.referenceProperty });
        const [stored] = await ingestFiles(ctx, [{ file, source, org: opts.org, options }], opts.by);
        if (!stored) throw new Error('nothing stored');
        if (!opts.json)
          say(
            stored.created
              ? `upload ${stored.upload.uploadId} stored and queued`
              : `same file and options as upload ${stored.upload.uploadId}: nothing new stored`,
          );
        const final = opts.wait
          ? ((await waitForUploads(ctx, [stored.upload.uploadId]))[0] ?? stored.upload)
          : stored.upload;
        if (opts.json) return printJson(summaryJson(final));
        printUploadHuman(final);
        if (opts.wait && final.rejected > 0) {
          printLine(`first rejections (estates rejections ${final.uploadId} --csv for all):`);
          await printFirstRejections(ctx, final.uploadId);
        }
        if (final.status === 'failed') process.exitCode = 1;
      },
    );
}
