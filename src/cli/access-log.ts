import type { Command } from 'commander';
import { listAccessLog } from '../db/access-log.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { printJson, printLine } from './output.js';

/** A day (yyyy-mm-dd, from its UTC midnight) or an ISO instant; anything else, or a day not on the calendar, is bad input. */
function sinceOf(text: string): Date {
  const day = /^\d{4}-\d\d-\d\d$/.test(text);
  const at = new Date(day ? `${text}T00:00:00Z` : text);
  const valid =
    !Number.isNaN(at.getTime()) && (day ? at.toISOString().slice(0, 10) === text : /^\d{4}-\d\d-\d\dT/.test(text));
  if (!valid)
    throw new EstatesError('bad_input', `--since must be a day (yyyy-mm-dd) or an ISO instant, not "${text}"`);
  return at;
}

export function registerAccessLog(program: Command, ctx: CliContext): void {
  program
    .command('access-log')
    .description(
      'every read of a confidential figure (valuations, the ranked list with values, exports with values): who, their organisation, when, the route, which sites; newest first',
    )
    .option('--user <name>', "one user's reads")
    .option('--since <day>', 'reads from this day (yyyy-mm-dd, UTC) or instant on')
    .option('--limit <n>', 'at most this many', '500')
    .option('--json', 'print JSON: { entries: [{ id, at, user, role, org, route, url, what, siteIds }] }')
    .action(async (opts: { user?: string; since?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new EstatesError('bad_input', '--limit must be a whole number from 1 to 100000');
      const since = opts.since === undefined ? undefined : sinceOf(opts.since);
      const entries = await listAccessLog(await ctx.db(), { user: opts.user, since, limit });
      if (opts.json) return printJson({ entries });
      for (const e of entries)
        printLine(
          `${e.at}  ${e.user.padEnd(16)} ${e.role.padEnd(8)} ${(e.org ?? '-').padEnd(8)} ${e.what.padEnd(12)} ${e.route}  sites ${e.siteIds.length ? e.siteIds.join(',') : '(a total)'}`,
        );
    });
}
