import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readUpload } from '../../../src/ingest/index.js';

const ROWS = 100_000;
/**
 * The issue asks for under ~100 MB. Streaming measures about 9 MB here; a reader that holds every outcome before
 * yielding measured 66 MB, which 100 MB would let pass, so the bound is set where that mistake fails.
 */
const HEAP_GROWTH_LIMIT_MB = 40;
const HEADER =
  'Property Reference,Property Name,Address,Postcode,Easting,Northing,Local Authority,Tenure,Site Area (ha),GIA (m2),Primary Use,Occupancy (%),Year Built,Listed Building,Annual Running Cost (GBP)';

function register(rows: number): Uint8Array {
  const lines = [HEADER];
  for (let i = 0; i < rows; i += 1) {
    // Every 97th row is refused (a postcode of the wrong shape) so rejections stream too.
    const postcode = i % 97 === 0 ? 'NOT A POSTCODE' : 'N19 5NF';
    lines.push(
      `P-${i},Health centre number ${i},"${i} High Street, London",${postcode},${520000 + (i % 20000)},${180000 + (i % 10000)},Islington,Freehold,0.42,1850,Health centre,87.5,1972,None,"£184,250.50"`,
    );
  }
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** References of 13 characters, as NHSPS's are, and 300-character addresses: a 41 MB file. */
function longRowRegister(rows: number): Uint8Array {
  const lines = [HEADER];
  const longAddress = 'Flat 1, '.repeat(40);
  for (let i = 0; i < rows; i += 1) {
    lines.push(
      `NHSPS-H${String(i).padStart(6, '0')},Centre,"${longAddress}${i}",N19 5NF,529110,186912,Islington,Freehold,0.42,1850,Health centre,87.5,1972,None,1`,
    );
  }
  return new TextEncoder().encode(lines.join('\n'));
}

describe('streaming', () => {
  it(`reads a ${ROWS.toLocaleString('en-GB')}-row NHSPS CSV with peak heap growth under ${HEAP_GROWTH_LIMIT_MB} MB`, async () => {
    const bytes = register(ROWS);
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let accepted = 0;
    let rejected = 0;
    for await (const outcome of readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'big.csv' })) {
      if (outcome.kind === 'accepted') accepted += 1;
      else rejected += 1;
      if ((accepted + rejected) % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const growthMb = (peak - baseline) / (1024 * 1024);
    console.info(
      `ingest streaming: ${ROWS} rows (${(bytes.length / 1048576).toFixed(1)} MB) read with peak heap growth ${growthMb.toFixed(1)} MB`,
    );
    expect(accepted + rejected).toBe(ROWS);
    expect(rejected).toBe(Math.ceil(ROWS / 97));
    expect(growthMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  }, 120_000);

  it('keeps no part of the file alive through the references it remembers for duplicate_in_file', async () => {
    // V8 keeps a cut of 13 characters or more as a view of the text it was cut from.
    const bytes = longRowRegister(ROWS);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let liveNearEndMb = 0;
    let read = 0;
    for await (const outcome of readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'long.csv' })) {
      read += outcome.kind === 'accepted' ? 1 : 0;
      if (read === ROWS - 10) {
        gc();
        liveNearEndMb = (process.memoryUsage().heapUsed - baseline) / (1024 * 1024);
      }
    }
    console.info(`${(bytes.length / 1048576).toFixed(0)} MB file: ${liveNearEndMb.toFixed(1)} MB live near its end`);
    expect(read).toBe(ROWS);
    // Measured: 10 MB live (the remembered references); 48 MB when each one held its slice of the text.
    expect(liveNearEndMb).toBeLessThan(25);
  }, 120_000);
});
