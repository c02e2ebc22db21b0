import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BoroughLocator } from '../../geo/borough-locator.js';
import { migrateAndLoadReference, REPO_ROOT, SHIPPED_BOROUGHS } from '../app-context.js';
import { startServer } from '../api/server.js';
import { ensureDemoOrganisations, resetDemoAccounts } from '../db/demo-accounts.js';
import { seedDemoCases } from '../cases/demo-cases.js';
import { demoCasePlanner } from '../demo/case-history.js';
import { rankedList } from '../db/ranking.js';
import { generateDemoEstate } from '../demo/estate.js';
import { startWorkers } from '../../workers/index.js';
import type { CliContext } from './context.js';
import { ingestFiles } from './ingest.js';
import { printJson, printLine, say } from './output.js';
import { printRankedSites } from './rank.js';
import { untilSignalled } from './signals.js';
import { servicesUp } from './services.js';
import { waitForUploads } from './wait.js';
import { positiveInt } from './arguments.js';

/** Writes the demo estate's files; the same size and seed give the same bytes. */
export async function writeDemoEstate(
  sites: number,
  seed: number,
  outDir: string,
): Promise<{ files: Record<'nhsps' | 'chp' | 'survey' | 'manifest', string>; manifest: unknown }> {
  const boroughLocator = BoroughLocator.fromGeoJson(JSON.parse(await readFile(SHIPPED_BOROUGHS, 'utf8')));
  const estate = await generateDemoEstate({ sites, seed, boroughLocator });
  await mkdir(outDir, { recursive: true });
  const files: Record<'nhsps' | 'chp' | 'survey' | 'manifest', string> = {
    nhsps: path.join(outDir, 'nhsps-register.csv'),
    chp: path.join(outDir, 'chp-lift-register.xlsx'),
    survey: path.join(outDir, 'condition-surveys.csv'),
    manifest: path.join(outDir, 'manifest.json'),
  };
  await writeFile(files.nhsps, estate.nhspsRegisterCsv);
  await writeFile(files.chp, estate.chpRegisterXlsx);
  await writeFile(files.survey, estate.surveysCsv);
  await writeFile(files.manifest, `${JSON.stringify(estate.manifest, null, 2)}\n`);
  return { files, manifest: estate.manifest };
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo-data')
    .description(
      'write a deterministic synthetic London estate: NHSPS register CSV, CHP LIFT register XLSX, condition surveys CSV (same seed, same bytes)',
    )
    .option('--sites <n>', 'number of sites', '500')
    .option('--seed <s>', 'random seed', '2017')
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'print JSON: { files, manifest }')
    .action(async (opts: { sites: string; seed: string; out: string; json?: boolean }) => {
      const written = await writeDemoEstate(
        positiveInt(opts.sites, '--sites', 1_000_000),
        positiveInt(opts.seed, '--seed', 2 ** 31),
        opts.out,
      );
      if (opts.json) return printJson(written);
      for (const [kind, file] of Object.entries(written.files)) printLine(`${kind.padEnd(9)} ${file}`);
    });

  program
    .command('demo')
    .description(
      'services up, migrate, generate the demo estate, ingest it through the real workers, print the ranked list, then serve the API and UI',
    )
    .option('--sites <n>', 'number of demo sites', '500')
    .option('--seed <s>', 'random seed', '2017')
    .option('--no-serve', 'exit after printing the ranked list')
    .option('--port <port>', 'port to serve on (default PORT or 3000)')
    .action(async (opts: { sites: string; seed: string; serve: boolean; port?: string }) => {
      const sites = positiveInt(opts.sites, '--sites', 1_000_000);
      const seed = positiveInt(opts.seed, '--seed', 2 ** 31);
      say('1/5 services');
      await servicesUp(ctx.config, say);
      say('2/5 schema and reference geography');
      await migrateAndLoadReference(await ctx.db());
      await (await ctx.db()).transaction().execute((trx) => ensureDemoOrganisations(trx));
      say(`3/5 demo estate: ${sites} sites, seed ${seed}`);
      const { files } = await writeDemoEstate(sites, seed, path.join(REPO_ROOT, '.data', `demo-${sites}-${seed}`));
      const db = await ctx.db();
      const workers = await startWorkers(ctx.config, db);
      try {
        say('4/5 ingesting through the workers');
        const stored = await ingestFiles(
          ctx,
          [
            { file: files.nhsps, source: 'nhsps', org: 'NHSPS' },
            { file: files.chp, source: 'chp', org: 'CHP' },
            { file: files.survey, source: 'survey', org: 'NHSPS' },
          ],
          'demo',
        );
        const done = await waitForUploads(
          ctx,
          stored.map((s) => s.upload.uploadId),
        );
        for (const u of done)
          say(
            `   upload ${u.uploadId} ${u.filename}: ${u.status}, read ${u.read}, accepted ${u.accepted}, rejected ${u.rejected}`,
          );
        say('5/5 ranked disposal list');
        const list = await rankedList(db, { top: 10 });
        printLine(`top ${list.sites.length} of ${list.total} ranked sites (estate version ${list.estateVersion}):`);
        printRankedSites(list.sites);
        const cases = await seedDemoCases(db, { plan: demoCasePlanner(new Date(), seed) });
        say(
          `   disposal cases for the top-ranked sites: ${cases.opened} opened, ${cases.moved} moved through stages (estates cases, estates forecast)`,
        );
        if (!opts.serve) return;
        const accounts = await db
          .transaction()
          .execute((trx) => resetDemoAccounts(trx, new Date(), ctx.config.TOKEN_TTL_DAYS));
        const signalled = untilSignalled();
        const server = await startServer(
          ctx.config,
          db,
          opts.port ? positiveInt(opts.port, '--port', 65535) : ctx.config.PORT,
        );
        printLine('');
        printLine(
          `serving on ${server.url} (Ctrl-C to stop). Demo accounts, one per role (passwords and tokens are new each start):`,
        );
        for (const a of accounts)
          printLine(
            `  ${a.role.padEnd(8)} ${(a.org ?? '').padEnd(6)} user ${a.name.padEnd(17)} password ${a.password}  token ${a.token}`,
          );
        await signalled;
        await server.close();
      } finally {
        await workers.stop();
      }
    });
}
