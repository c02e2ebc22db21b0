import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDemoEstate } from '../../src/cli/demo.js';
import { REPO } from './worker-processes.js';

export const WORK_DIR = path.join(REPO, 'bench/.work');

/** The demo generator puts 85% of its sites in the NHSPS register: ask for enough to get `registerRows`. */
const NHSPS_SHARE = 0.85;

export interface DemoFiles {
  dir: string;
  nhsps: string;
  survey: string;
  registerRows: number;
}

/** The deterministic demo estate whose NHSPS register has `registerRows` rows (made once, kept in bench/.work). */
export async function demoFiles(registerRows: number, seed = 2017): Promise<DemoFiles> {
  const dir = path.join(WORK_DIR, `demo-${registerRows}-${seed}`);
  const nhsps = path.join(dir, 'nhsps-register.csv');
  const survey = path.join(dir, 'condition-surveys.csv');
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    // Made aside and renamed into place, so a concurrent run (two test suites) never reads a half-written file.
    const aside = `${dir}.tmp-${process.pid}`;
    await writeDemoEstate(Math.ceil(registerRows / NHSPS_SHARE), seed, aside);
    await rename(aside, dir).catch(() => rm(aside, { recursive: true, force: true }));
  }
  return { dir, nhsps, survey, registerRows };
}

/** Splits a CSV into `parts` files, each with the header, for the several-uploads scale-out case. */
export async function splitCsv(file: string, parts: number): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  // The demo register quotes addresses but never puts a newline inside a field, so lines are rows.
  const [header, ...rows] = text.replace(/\n$/, '').split('\n');
  const size = Math.ceil(rows.length / parts);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) {
    const target = file.replace(/\.csv$/, `.part${i + 1}of${parts}.csv`);
    if (!existsSync(target)) {
      await writeFile(
        `${target}.tmp-${process.pid}`,
        `${header}\n${rows.slice(i * size, (i + 1) * size).join('\n')}\n`,
      );
      await rename(`${target}.tmp-${process.pid}`, target);
    }
    out.push(target);
  }
  return out;
}
