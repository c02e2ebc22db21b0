import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { generateDemoEstate } from '../../../src/demo/estate.js';
import { shippedLocator } from './support.js';

/** A real collection before each reading, so a reading shows what is held, not garbage not yet swept. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

describe('demo estate at scale', () => {
  it('generates 100,000 sites holding only the output bytes once done (time and peak reported, not asserted)', async () => {
    const locator = shippedLocator();
    collectGarbage();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 5);
    const started = performance.now();
    const estate = await generateDemoEstate({ sites: 100_000, seed: 100_000, boroughLocator: locator });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    collectGarbage();
    const after = process.memoryUsage();
    const outputBytes = estate.nhspsRegisterCsv.length + estate.chpRegisterXlsx.length + estate.surveysCsv.length;
    const retainedHeapMb = (after.heapUsed - before.heapUsed) / MB;
    console.info(
      `100,000 sites in ${seconds.toFixed(1)} s: output ${(outputBytes / MB).toFixed(1)} MB ` +
        `(NHSPS ${(estate.nhspsRegisterCsv.length / MB).toFixed(1)}, CHP ${(estate.chpRegisterXlsx.length / MB).toFixed(1)}, surveys ${(estate.surveysCsv.length / MB).toFixed(1)}); ` +
        `heap retained ${retainedHeapMb.toFixed(1)} MB, peak heap above start ${((peakHeap - before.heapUsed) / MB).toFixed(1)} MB, ` +
        `array buffers retained ${((after.arrayBuffers - before.arrayBuffers) / MB).toFixed(1)} MB`,
    );
    expect(estate.manifest).toMatchObject({ sites: 100_000, nhsps: 85_000, chp: 15_000 });
    // 100,000 sites kept as objects would hold far more than this; the files live outside the heap as bytes.
    expect(retainedHeapMb).toBeLessThan(16);
    expect(after.arrayBuffers - before.arrayBuffers).toBeGreaterThanOrEqual(outputBytes);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(outputBytes + 16 * MB);
  }, 180_000);
});
