import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { connectDb, type Db } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { countBoroughs, loadBoroughs } from './db/reference.js';
import { EstatesError } from './errors.js';
import { readGeoJsonLayer } from './ingest/geojson-layer.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHIPPED_BOROUGHS = path.join(REPO_ROOT, 'geo/data/london-boroughs.geojson');

/** Opens the database and proves it answers, turning a refused connection into one clear message. */
export async function openDatabase(config: Config, options: { maxConnections?: number } = {}): Promise<Db> {
  const db = connectDb(config.DATABASE_URL, options);
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
  } catch (e) {
    await db.destroy();
    throw new EstatesError(
      'service_unavailable',
      `PostgreSQL at ${config.DATABASE_URL.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')} is not reachable (${(e as Error).message}). ` +
        'Run `npx estates services up` (installs and starts PostgreSQL+PostGIS and Redis on Debian), or `docker compose up -d`.',
      { cause: e },
    );
  }
  return db;
}

/** `estates migrate`: the schema, then the reference geography the product ships when it is absent. */
export async function migrateAndLoadReference(db: Db): Promise<{ applied: string[]; boroughsLoaded: number }> {
  const { applied } = await migrateToLatest(db);
  let boroughsLoaded = 0;
  if ((await countBoroughs(db)) === 0) {
    const layer = readGeoJsonLayer(await readFile(SHIPPED_BOROUGHS), path.basename(SHIPPED_BOROUGHS));
    boroughsLoaded = await db
      .transaction()
      .execute((trx) => loadBoroughs(trx, layer, 'shipped: geo/data/london-boroughs.geojson (GLA 2011, simplified)'));
  }
  return { applied, boroughsLoaded };
}
