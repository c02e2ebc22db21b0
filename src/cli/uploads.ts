import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { rejectionReportCsv } from '../api/serialise/rejections.js';
import { eachRejection, listUploads, type RejectionRow, uploadSummary } from '../db/uploads.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { printUploadHuman, summaryJson } from './ingest.js';
import { printJson, printLine } from './output.js';
import { waitForUploads } from './wait.js';

const uploadIdArg = (text: string): number => {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new EstatesError('bad_input', `upload id must be a positive whole number, not "${text}"`);
  return id;
};

/** Every rejected row kept in full (at most REJECTION_LIMITS.rowsKeptInFull), read a page at a time. */
async function keptRejections(ctx: CliContext, uploadId: number): Promise<RejectionRow[]> {
  const rows: RejectionRow[] = [];
  for await (const r of eachRejection(await ctx.db(), uploadId)) rows.push(r);
  return rows;
}

/** The rejection report: the original row and every reason, one line per reason. */
export async function rejectionsCsv(ctx: CliContext, uploadId: number): Promise<string> {
  const db = await ctx.db();
  const upload = await uploadSummary(db, uploadId);
  if (!upload) throw new EstatesError('not_found', `no upload ${uploadId}`);
  return rejectionReportCsv(upload.filename, await keptRejections(ctx, uploadId));
}

export function registerUploads(program: Command, ctx: CliContext): void {
  const uploads = program
    .command('uploads')
    .description('list uploads with their status and row counts')
    .option('--json', 'print JSON: a list of { uploadId, status, read, accepted, rejected, ... }')
    .action(async (opts: { json?: boolean }) => {
      const list = await listUploads(await ctx.db());
      if (opts.json) return printJson(list.map(summaryJson));
      if (list.length === 0) return printLine('no uploads yet (estates ingest FILE --source S)');
      printLine('id     source      status      read  accepted  rejected  file');
      for (const u of list) {
        printLine(
          `${String(u.uploadId).padEnd(6)} ${u.source.padEnd(11)} ${u.status.padEnd(10)} ${String(u.read).padStart(5)} ${String(u.accepted).padStart(9)} ${String(u.rejected).padStart(9)}  ${u.filename}`,
        );
      }
    });

  uploads
    .command('show')
    .description("one upload's status and counts")
    .argument('<id>', 'upload id')
    .option('--wait', 'wait until it has gone through the whole pipeline')
    .option('--json', 'print JSON: uploadId, status, read, accepted, rejected')
    .action(async (idText: string, _opts: unknown, command: Command) => {
      // `--json` after `show` would otherwise be taken by `uploads` itself
      const opts = command.optsWithGlobals<{ wait?: boolean; json?: boolean }>();
      const id = uploadIdArg(idText);
      const summary = opts.wait ? (await waitForUploads(ctx, [id]))[0] : await uploadSummary(await ctx.db(), id);
      if (!summary) throw new EstatesError('not_found', `no upload ${id}`);
      if (opts.json) printJson(summaryJson(summary));
      else printUploadHuman(summary);
    });

  program
    .command('rejections')
    .description("an upload's rejected rows with every reason")
    .argument('<upload>', 'upload id')
    .option('--csv', 'write the rejection report as CSV (original row + reasons), safe to open in Excel')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--json', 'print JSON: a list of { row, raw, problems: [{ field, code, message }] }')
    .action(async (idText: string, opts: { csv?: boolean; out?: string; json?: boolean }) => {
      const id = uploadIdArg(idText);
      let text: string;
      if (opts.json) text = `${JSON.stringify(await keptRejections(ctx, id), null, 2)}\n`;
      else if (opts.csv || opts.out) text = await rejectionsCsv(ctx, id);
      else {
        const rejections = await keptRejections(ctx, id);
        text =
          rejections
            .flatMap((r) => r.problems.map((p) => `row ${r.row}: ${p.field}: ${p.code}: ${p.message}\n`))
            .join('') || 'no rejected rows\n';
      }
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });
}
