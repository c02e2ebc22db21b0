import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileUnreadable } from '../src/ingest/index.js';

const run = promisify(execFile);

/** What a site-outline upload is, by its first bytes: GeoPackage is SQLite; a Shapefile comes zipped. */
export function outlineFileKind(bytes: Uint8Array): 'geopackage' | 'zipped-shapefile' | 'geojson' {
  const head = Buffer.from(bytes.subarray(0, 16));
  if (head.toString('latin1').startsWith('SQLite format 3\0')) return 'geopackage';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zipped-shapefile';
  return 'geojson';
}

/**
 * A GeoPackage or zipped Shapefile of site outlines as the GeoJSON the outline reader takes, made
 * by GDAL's ogr2ogr (Debian's gdal-bin): its GeoJSON names the file's CRS in a `crs` member
 * (EPSG:27700 for a British National Grid layer), so the reader's one CRS rule still decides, and
 * coordinates are not transformed on the way. The first layer is read; GeoJSON passes through.
 */
export async function outlinesAsGeoJson(bytes: Uint8Array, filename: string): Promise<Uint8Array> {
  const kind = outlineFileKind(bytes);
  if (kind === 'geojson') return bytes;
  const dir = await mkdtemp(path.join(tmpdir(), 'estates-outlines-'));
  try {
    const file = path.join(dir, kind === 'geopackage' ? 'outlines.gpkg' : 'outlines.zip');
    await writeFile(file, bytes);
    const input = kind === 'geopackage' ? file : `/vsizip/${file}`;
    const layers = await gdal('ogrinfo', ['-ro', '-q', input], filename);
    const first = /^1: ([^\s(]+)/m.exec(layers)?.[1];
    if (!first) throw new FileUnreadable(`${filename} holds no layer GDAL can read`);
    return Buffer.from(await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', input, first], filename), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[], filename: string): Promise<string> {
  try {
    return (await run(tool, args, { maxBuffer: 512 * 2 ** 20, timeout: 120_000 })).stdout;
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT')
      throw new FileUnreadable(
        `${filename} is a GeoPackage or zipped Shapefile, which needs GDAL's ${tool} (Debian: apt-get install gdal-bin); upload GeoJSON instead`,
        { cause },
      );
    const said = (error.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? error.message;
    throw new FileUnreadable(`GDAL could not read ${filename}: ${said.trim()}`, { cause });
  }
}
