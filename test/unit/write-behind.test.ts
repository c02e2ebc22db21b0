import { describe, expect, it } from 'vitest';
import { WriteBehind } from '../../src/jobs/write-behind.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('WriteBehind', () => {
  it('lets the caller go on while one write runs, and runs writes one at a time in order', async () => {
    const events: string[] = [];
    let running = 0;
    const write = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      running -= 1;
    };
    const writes = new WriteBehind();
    await writes.add(write('a'));
    events.push('computing b');
    await writes.add(write('b'));
    events.push('computing c');
    await writes.drain();
    expect(events).toEqual(['start a', 'computing b', 'end a', 'start b', 'computing c', 'end b']);
  });

  it('throws a failed write at the next hand-over, and never runs the writes after it', async () => {
    const writes = new WriteBehind();
    const ran: string[] = [];
    await writes.add(async () => {
      await tick();
      throw new Error('batch 1 refused');
    });
    await expect(writes.add(async () => ran.push('batch 2'))).rejects.toThrow('batch 1 refused');
    expect(ran).toEqual([]);
  });

  it('throws a failed last write at drain', async () => {
    const writes = new WriteBehind();
    await writes.add(() => Promise.reject(new Error('last batch refused')));
    await expect(writes.drain()).rejects.toThrow('last batch refused');
    await expect(writes.drain()).resolves.toBeUndefined();
  });
});
