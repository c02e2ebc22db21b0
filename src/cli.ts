import { Command, CommanderError } from 'commander';
import { CliContext } from './cli/context.js';
import { registerAdmin } from './cli/admin.js';
import { registerIngest } from './cli/ingest.js';
import { registerOrganisations } from './cli/organisations.js';
import { registerAccessLog } from './cli/access-log.js';
import { registerUploads } from './cli/uploads.js';
import { registerDemo } from './cli/demo.js';
import { registerRank } from './cli/rank.js';
import { registerServe } from './cli/serve.js';
import { registerUsers } from './cli/users.js';
import { registerReference } from './cli/reference.js';
import { registerWorkflow } from './cli/workflow.js';
import { registerValuation } from './cli/valuation.js';
import { reportFailure } from './cli/output.js';

/** `estates`: one file per command family under src/cli/. */
export async function main(argv: string[]): Promise<number> {
  const ctx = new CliContext();
  const program = new Command('estates')
    .description("London Estates: turn London's NHS estate into released land faster")
    .showHelpAfterError()
    .exitOverride();
  registerAdmin(program, ctx);
  registerIngest(program, ctx);
  registerUploads(program, ctx);
  registerDemo(program, ctx);
  registerRank(program, ctx);
  registerServe(program, ctx);
  registerUsers(program, ctx);
  registerOrganisations(program, ctx);
  registerAccessLog(program, ctx);
  registerReference(program, ctx);
  registerValuation(program, ctx);
  registerWorkflow(program, ctx);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportFailure(e);
  } finally {
    await ctx.close().catch(() => undefined);
  }
}

const code = await main(process.argv);
process.exit(code);
