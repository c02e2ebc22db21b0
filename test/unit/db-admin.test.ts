import { describe, expect, it } from 'vitest';
import { dropDatabaseWhenFree } from '../../src/db/admin.js';

const failing = (code: string): Error & { code: string } => Object.assign(new Error(code), { code });

describe('dropDatabaseWhenFree', () => {
  it('waits out a database briefly held by a process it may not terminate', async () => {
    const statements: string[] = [];
    let calls = 0;
    await dropDatabaseWhenFree(async (text) => {
      statements.push(text);
      if (++calls < 3) throw failing('42501');
    }, 'estates_test_abc');
    expect(statements).toEqual(Array(3).fill('DROP DATABASE IF EXISTS estates_test_abc WITH (FORCE)'));
  });

  it('throws any other failure at once, and refuses a name that is not plain', async () => {
    let calls = 0;
    await expect(
      dropDatabaseWhenFree(async () => {
        calls++;
        throw failing('3D000');
      }, 'x_db'),
    ).rejects.toThrow('3D000');
    expect(calls).toBe(1);
    await expect(dropDatabaseWhenFree(async () => undefined, 'x; DROP TABLE y')).rejects.toThrow(
      /not a plain database name/,
    );
  });

  it('gives up after the attempts allowed', async () => {
    let calls = 0;
    await expect(
      dropDatabaseWhenFree(
        async () => {
          calls++;
          throw failing('55006');
        },
        'busy_db',
        2,
      ),
    ).rejects.toThrow('55006');
    expect(calls).toBe(2);
  });
});
