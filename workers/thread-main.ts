import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../src/app-context.js';
import type { Config } from '../src/config.js';
import { isEstatesError } from '../src/errors.js';
import { startWorkers } from './index.js';
import type { ThreadMessage } from './thread.js';

/** Inside the workers thread: start every processor, say so, and stop in order when told. */
const port = parentPort;
if (!port) throw new Error('workers/thread-main.ts runs only as a worker thread (see workers/thread.ts)');
const { config } = workerData as { config: Config };
const tell = (message: ThreadMessage): void => port.postMessage(message);

try {
  const db = await openDatabase(config);
  const running = await startWorkers(config, db);
  port.once('message', async () => {
    await running.stop();
    await db.destroy();
    tell({ kind: 'stopped' });
    port.close();
  });
  tell({ kind: 'ready' });
} catch (e) {
  tell({ kind: 'failed', code: isEstatesError(e) ? e.code : 'internal', message: (e as Error).message });
  port.close();
}
