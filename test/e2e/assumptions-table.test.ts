import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, useTestEstate } from '../support/cli.js';

const estate = useTestEstate();

describe('estates assumptions load with the files users have', () => {
  it('loads the documented CSV layout with an id and date, and refuses bad rows naming row, field and code', async () => {
    const { env, dir } = estate;
    const csv = path.join(REPO, 'docs/examples/assumptions.csv');
    const unnamed = await runCli(['assumptions', 'load', csv], env);
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.stderr).toMatch(/is a table of figures: give the set its --id and --effective-from/);

    const loaded = await runCli(
      ['assumptions', 'load', csv, '--id', 'table-2026', '--effective-from', '2026-01-01', '--json'],
      env,
    );
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ id: 'table-2026', added: true });
    const shown = JSON.parse((await runCli(['assumptions', 'show', '--json'], env)).stdout) as {
      id: string;
      figures: Array<{ key: string; value: unknown; source: string }>;
    };
    expect(shown.id).toBe('table-2026');
    const byKey = Object.fromEntries(shown.figures.map((f) => [f.key, f]));
    expect(byKey['build.contingency']).toMatchObject({ value: 7.5 });
    expect(byKey['sales.value']?.value).toMatchObject({ E09000007: 1_450_000 });

    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'Figure,Value,Borough,Source\nsales.value,9000,Gotham,src\nbuild.period,,,src\n');
    const refused = await runCli(
      ['assumptions', 'load', bad, '--id', 'bad-set', '--effective-from', '2026-01-01'],
      env,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('row 2: Borough: bad_value: "Gotham" is not a London borough');
    expect(refused.stderr).toContain('row 3: Value: missing_required');
  }, 180_000);

  it('reads a JSON set saved with a byte-order mark, as Windows editors save it', async () => {
    const { env, dir } = estate;
    const file = path.join(dir, 'bom.json');
    const set = {
      id: 'bom-2026',
      effectiveFrom: '2026-02-01',
      figures: {
        'build.period': { value: 30, unit: 'months', source: 'none: our assumption', provenance: 'assumption' },
      },
    };
    await writeFile(file, `\uFEFF${JSON.stringify(set)}`);
    const loaded = await runCli(['assumptions', 'load', file, '--json'], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ id: 'bom-2026', added: true });
  });
});
