import { startWorkersInThread } from '../../workers/thread.js';
import { loadConfig } from '../config.js';
import { EstatesError } from '../errors.js';
import { reportFailure, say } from './output.js';
import { untilSignalled } from './signals.js';

/**
 * `estates workers` with a heap limit (WORKER_HEAP_MB > 0): this thread loads only what it needs
 * to host the workers thread, so the process is not the whole CLI twice over (an idle worker
 * process measured 296 MB that way). `estates workers --help`, and WORKER_HEAP_MB=0, go through
 * the full CLI (src/cli/admin.ts).
 */
export async function runWorkersCommand(): Promise<number> {
  try {
    const config = loadConfig();
    // Listening before the thread starts: a SIGTERM while it starts (it logs "workers started" first) stops in order too.
    const signalled = untilSignalled();
    const running = await startWorkersInThread(config);
    say(
      `workers running (queue prefix ${config.QUEUE_PREFIX}, heap limit ${config.WORKER_HEAP_MB} MB); Ctrl-C to stop`,
    );
    const ended = await Promise.race([signalled.then(() => null), running.died]);
    // A thread that died (out of memory) leaves its jobs to be retried; the process exits so a supervisor restarts it.
    if (ended) throw new EstatesError('internal', `the workers stopped: ${ended.message}`);
    say('stopping: finishing the jobs in hand');
    await running.stop();
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
