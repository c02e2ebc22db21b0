import { Worker } from 'node:worker_threads';
import type { Config } from '../src/config.js';
import { EstatesError, type ErrorCode } from '../src/errors.js';
import type { RunningWorkers } from './index.js';

export type ThreadMessage =
  | { kind: 'ready' }
  | { kind: 'stopped' }
  | { kind: 'failed'; code: ErrorCode; message: string };

export interface RunningWorkersThread extends RunningWorkers {
  /** Settles only if the thread ends on its own (out of memory, an uncaught error), with why. */
  died: Promise<Error>;
}

/**
 * Runs every processor in one worker thread whose heap limit is WORKER_HEAP_MB, so the process's
 * memory follows what the jobs hold rather than how lazily V8 collects (see the setting in
 * src/config.ts). Signals reach only the main thread, which asks the thread to stop in order.
 */
export async function startWorkersInThread(config: Config): Promise<RunningWorkersThread> {
  const thread = new Worker(new URL('./thread-entry.js', import.meta.url), {
    workerData: { config },
    resourceLimits: { maxOldGenerationSizeMb: config.WORKER_HEAP_MB },
  });
  let stopping = false;
  const setting = `WORKER_HEAP_MB=${config.WORKER_HEAP_MB}; raise it for a larger estate`;
  const died = new Promise<Error>((resolve) => {
    thread.once('error', (e) => resolve(new Error(`${e.message} (${setting})`)));
    thread.once('exit', (code) => {
      if (!stopping) resolve(new Error(`the workers thread exited (code ${code}; ${setting})`));
    });
  });
  const started = await Promise.race([
    new Promise<ThreadMessage>((resolve) => thread.once('message', resolve)),
    died.then((e) => ({ kind: 'failed', code: 'internal', message: e.message }) as const),
  ]);
  if (started.kind !== 'ready') {
    await thread.terminate();
    throw new EstatesError(
      started.kind === 'failed' ? started.code : 'internal',
      started.kind === 'failed' ? started.message : 'the workers thread did not start',
    );
  }
  return {
    died,
    stop: async () => {
      stopping = true;
      const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage('stop');
      await ended;
    },
  };
}
