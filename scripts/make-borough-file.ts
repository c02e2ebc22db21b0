/**
 * Makes geo/data/london-boroughs.geojson, the simplified borough polygons the product ships so that a fresh
 * machine can place sites, from the GLA London Datastore's full-resolution Statistical GIS Boundary File (OGL v3;
 * attribution in NOTICE), which the repo ships in data/reference/. Run: npx tsx scripts/make-borough-file.ts [in] [out]
 * (in: a GeoJSON file, gzip or not; default the shipped copy, checked against its manifest).
 *
 * Each borough is simplified on its own (turf.simplify: Ramer-Douglas-Peucker, highQuality), so neighbours
 * may gain slivers of gap or overlap a few metres wide; BoroughLocator's test measures what that costs on real
 * postcodes. The script refuses to write a file in which any borough lost its shape.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simplify } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { geometryProblems, planarAreaM2 } from '../geo/area.js';
import { geometryToBng } from '../geo/transform.js';
import { readInputFile } from '../src/cli/input-file.js';
import { readShippedData } from '../src/reference/shipped-data.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUTPUT = resolve(repoRoot, 'geo/data/london-boroughs.geojson');

/**
 * Degrees: about 11 m of latitude, 7 m of longitude. Gives a file of about 210 kB (from 2.1 MB) in which every
 * borough keeps its area within 0.1% and 99.98% of Code-Point postcodes land in their own borough (the full
 * file: 99.99%); 0.0002 would halve the file again but misplace three times as many postcodes.
 */
const TOLERANCE_DEG = 0.0001;
/** RFC 7946 suggests 6 decimal places: about 0.1 m, far finer than the simplification. */
const DECIMALS = 6;
const MAX_AREA_CHANGE = 0.005;

type BoroughGeometry = Polygon | MultiPolygon;

const round = (value: number): number => Number(value.toFixed(DECIMALS));

function roundRing(ring: Position[]): Position[] {
  const rounded = ring.map(([x = NaN, y = NaN]) => [round(x), round(y)]);
  // Rounding can make neighbouring vertices equal; repeats carry no shape.
  return rounded.filter((p, i) => i === 0 || p[0] !== rounded[i - 1]?.[0] || p[1] !== rounded[i - 1]?.[1]);
}

function roundGeometry(g: BoroughGeometry): BoroughGeometry {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(roundRing) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((rings) => rings.map(roundRing)) };
}

const partCount = (g: BoroughGeometry): number => (g.type === 'Polygon' ? 1 : g.coordinates.length);
const vertexCount = (g: BoroughGeometry): number =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).length;

function simplifyBorough(
  feature: Feature<BoroughGeometry>,
): Feature<BoroughGeometry, { GSS_CODE: string; NAME: string }> {
  const { GSS_CODE, NAME } = feature.properties ?? {};
  if (typeof GSS_CODE !== 'string' || typeof NAME !== 'string') throw new Error('a feature lacks GSS_CODE or NAME');
  const simplified = simplify(feature, { tolerance: TOLERANCE_DEG, highQuality: true, mutate: false });
  const geometry = roundGeometry(simplified.geometry);

  const before = planarAreaM2(geometryToBng(feature.geometry));
  const after = planarAreaM2(geometryToBng(geometry));
  const change = Math.abs(after - before) / before;
  const problems = geometryProblems(geometry);
  if (problems.length > 0 || change > MAX_AREA_CHANGE || partCount(geometry) !== partCount(feature.geometry)) {
    throw new Error(
      `${NAME} lost its shape: ${problems.join('; ') || `area changed by ${(change * 100).toFixed(2)}%`}`,
    );
  }
  process.stderr.write(
    `${GSS_CODE} ${NAME}: ${vertexCount(feature.geometry)} → ${vertexCount(geometry)} vertices, area ${(change * 100).toFixed(3)}% off\n`,
  );
  return { type: 'Feature', properties: { GSS_CODE, NAME }, geometry };
}

async function main(inputPath: string | undefined, outputPath = DEFAULT_OUTPUT): Promise<void> {
  const bytes =
    inputPath === undefined
      ? await readShippedData('london_boroughs_gla_2011.geojson')
      : (await readInputFile(inputPath)).bytes;
  const source = JSON.parse(bytes.toString('utf8')) as FeatureCollection<BoroughGeometry>;
  const features = source.features
    .map(simplifyBorough)
    .sort((a, b) => a.properties.GSS_CODE.localeCompare(b.properties.GSS_CODE));
  // One feature per line keeps a regenerated file's diff readable; CRS84 is declared as the source does.
  const text =
    '{"type":"FeatureCollection",' +
    '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},' +
    '"features":[\n' +
    features.map((f) => JSON.stringify(f)).join(',\n') +
    '\n]}\n';
  writeFileSync(outputPath, text);
  process.stderr.write(`wrote ${features.length} boroughs, ${text.length} bytes, to ${outputPath}\n`);
}

await main(process.argv[2] === '-' ? undefined : process.argv[2], process.argv[3]);
