import type { Command } from 'commander';
import { addOrganisation, listOrganisations } from '../db/organisations.js';
import { ORGANISATION_KINDS } from '../domain/organisations.js';
import type { CliContext } from './context.js';
import { printJson, printLine } from './output.js';

export function registerOrganisations(program: Command, ctx: CliContext): void {
  const orgs = program
    .command('orgs')
    .description('the organisations users work for and records belong to; with no subcommand, list them')
    .option('--json', 'print JSON: [{ code, name, kind, createdAt }]')
    .action(async (opts: { json?: boolean }) => {
      const all = await listOrganisations(await ctx.db());
      if (opts.json) return printJson(all);
      for (const o of all) printLine(`${o.code.padEnd(16)} ${o.kind.padEnd(8)} ${o.name}`);
    });
  orgs
    .command('add')
    .description('register an organisation')
    .argument('<code>', 'its code: NHSPS, CHP, an ODS trust code (RJ1), a GSS code…; 2–16 letters, digits or hyphens')
    .requiredOption('--name <name>', 'its name')
    .option('--kind <kind>', ORGANISATION_KINDS.join('|'), 'other')
    .option('--json', 'print JSON: { code, name, kind, createdAt }')
    .action(async (code: string, opts: { name: string; kind: string; json?: boolean }) => {
      const db = await ctx.db();
      const org = await db.transaction().execute((trx) => addOrganisation(trx, { code, ...opts }));
      // `orgs --json` lists: commander hands a --json after the subcommand to the parent when both have one.
      if (opts.json || orgs.opts<{ json?: boolean }>().json) return printJson(org);
      printLine(`organisation ${org.code} (${org.kind}) registered: ${org.name}`);
    });
}
