import type { Command } from 'commander';
import { rankedSiteFields } from '../api/serialise/ranked.js';
import { rankedList, type RankedSiteRow } from '../db/ranking.js';
import { penceToWholePounds } from '../domain/valuation.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { formatHa, formatPounds } from './format.js';
import { printJson, printLine } from './output.js';

const CLASSES = ['rebuild', 'refurbish', 'maintain', 'not-surveyed'];

const rankedSiteJson = (s: RankedSiteRow) => ({
  ...rankedSiteFields(s),
  marketValue: s.marketValuePence === null ? null : penceToWholePounds(s.marketValuePence),
});

export function printRankedSites(sites: RankedSiteRow[]): void {
  for (const s of sites) {
    printLine(
      `${String(s.rank).padStart(4)}. ${s.sourceRef.padEnd(12)} ${(s.name ?? '').slice(0, 34).padEnd(34)} ${(s.boroughName ?? '').padEnd(22)} ` +
        `${s.conditionClass.padEnd(12)} surplus ${s.surplusScore.toFixed(0).padStart(3)}  ${formatHa(s.siteAreaHa).padStart(9)}  ${String(s.homes ?? '—').padStart(4)} homes  ${formatPounds(s.marketValuePence).padStart(8)}  ${s.route}`,
    );
    for (const reason of s.reasons.slice(0, 3)) printLine(`        - ${reason}`);
  }
}

export function registerRank(program: Command, ctx: CliContext): void {
  program
    .command('rank')
    .description('the ranked disposal list, each site with its top three reasons')
    .option('--top <n>', 'how many sites', '20')
    .option('--borough <code>', 'GSS code (E09…) or borough name')
    .option('--class <class>', `condition class: ${CLASSES.join(', ')}`)
    .option(
      '--json',
      'print JSON: { estateVersion, total, sites: [{ rank, siteId, sourceRef, name, borough, conditionClass, surplusScore, reasons, homes, marketValue, ... }] }',
    )
    .action(async (opts: { top: string; borough?: string; class?: string; json?: boolean }) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 1 || top > 100_000)
        throw new EstatesError('bad_input', '--top must be a whole number from 1 to 100000');
      if (opts.class && !CLASSES.includes(opts.class))
        throw new EstatesError('bad_input', `--class must be one of ${CLASSES.join(', ')}`);
      const list = await rankedList(await ctx.db(), { top, borough: opts.borough, conditionClass: opts.class });
      if (opts.json)
        return printJson({
          estateVersion: list.estateVersion,
          total: list.total,
          sites: list.sites.map(rankedSiteJson),
        });
      if (list.estateVersion === null)
        return printLine(
          'no ranked list yet: ingest sites (estates ingest FILE --source nhsps --wait) or run estates demo',
        );
      printLine(
        `ranked disposal list (estate version ${list.estateVersion}): ${list.sites.length} of ${list.total} sites`,
      );
      printRankedSites(list.sites);
    });
}
