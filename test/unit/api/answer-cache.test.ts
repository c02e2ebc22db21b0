import { describe, expect, it } from 'vitest';
import { AnswerCache, FreshVersion } from '../../../src/api/answer-cache.js';

const strings = (maxEntries: number, maxSize: number) =>
  new AnswerCache<string>({ maxEntries, maxSize, sizeOf: (s) => s.length });

/** A promise settled from outside, so a test decides when a "query" returns. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AnswerCache', () => {
  it('answers a question again from what it kept while the version is the same, and asks again when it moves on', async () => {
    const cache = strings(10, 1_000);
    let computed = 0;
    const compute = (text: string) => async () => {
      computed++;
      return text;
    };
    expect(await cache.answer('camden', 'v1', compute('old list'))).toBe('old list');
    expect(await cache.answer('camden', 'v1', compute('not asked'))).toBe('old list');
    expect(computed).toBe(1);
    expect(await cache.answer('camden', 'v2', compute('new list'))).toBe('new list');
    expect(await cache.answer('camden', 'v2', compute('not asked'))).toBe('new list');
    expect(computed).toBe(2);
    expect(cache.held).toEqual({ entries: 1, size: 'new list'.length });
  });

  it('computes once for many concurrent requests for the same question and version', async () => {
    const cache = strings(10, 1_000);
    const query = deferred<string>();
    let computed = 0;
    const compute = () => {
      computed++;
      return query.promise;
    };
    const answers = Promise.all(Array.from({ length: 50 }, () => cache.answer('land near Angel', 'v1', compute)));
    query.resolve('18 sites');
    expect(await answers).toEqual(Array(50).fill('18 sites'));
    expect(computed).toBe(1);
  });

  it('does not share a computation between versions', async () => {
    const cache = strings(10, 1_000);
    const old = deferred<string>();
    const first = cache.answer('q', 'v1', () => old.promise);
    const second = cache.answer('q', 'v2', async () => 'new');
    expect(await second).toBe('new');
    old.resolve('old');
    expect(await first).toBe('old');
  });

  it('keeps no failure: the next request computes again', async () => {
    const cache = strings(10, 1_000);
    await expect(cache.answer('q', 'v1', async () => Promise.reject(new Error('connection lost')))).rejects.toThrow(
      'connection lost',
    );
    expect(await cache.answer('q', 'v1', async () => 'answer')).toBe('answer');
    expect(cache.held.entries).toBe(1);
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const cache = strings(2, 1_000);
    await cache.answer('a', 'v1', async () => 'A');
    await cache.answer('b', 'v1', async () => 'B');
    await cache.answer('a', 'v1', async () => 'not asked'); // a is now the most recently used
    await cache.answer('c', 'v1', async () => 'C');
    expect(cache.held.entries).toBe(2);
    expect(await cache.answer('a', 'v1', async () => 'recomputed A')).toBe('A');
    expect(await cache.answer('b', 'v1', async () => 'recomputed B')).toBe('recomputed B');
  });

  it('holds at most maxSize, and never keeps one answer bigger than a quarter of it', async () => {
    const cache = strings(100, 100);
    for (const q of ['a', 'b', 'c', 'd', 'e']) await cache.answer(q, 'v1', async () => q.repeat(25));
    expect(cache.held).toEqual({ entries: 4, size: 100 });
    expect(await cache.answer('a', 'v1', async () => 'recomputed')).toBe('recomputed'); // the oldest went
    expect(await cache.answer('export', 'v1', async () => 'x'.repeat(26))).toHaveLength(26);
    expect(await cache.answer('export', 'v1', async () => 'computed again')).toBe('computed again');
  });
});

describe('FreshVersion', () => {
  it('never answers a request with a read that began before it arrived', async () => {
    const reads: Array<ReturnType<typeof deferred<string>>> = [];
    const version = new FreshVersion(() => {
      const read = deferred<string>();
      reads.push(read);
      return read.promise;
    });
    const first = version.current();
    expect(reads).toHaveLength(1);
    // Three requests arrive while the first read is in flight: they wait for the next read.
    const later = [version.current(), version.current(), version.current()];
    expect(reads).toHaveLength(1);
    reads[0]!.resolve('v1');
    expect(await first).toBe('v1');
    await new Promise((r) => setImmediate(r));
    expect(reads).toHaveLength(2);
    // One more arrives while the second read is in flight: it gets a third read, not the second.
    const last = version.current();
    reads[1]!.resolve('v2');
    expect(await Promise.all(later)).toEqual(['v2', 'v2', 'v2']);
    await new Promise((r) => setImmediate(r));
    expect(reads).toHaveLength(3);
    reads[2]!.resolve('v3');
    expect(await last).toBe('v3');
    // Nothing in flight: the next request reads at once.
    const alone = version.current();
    expect(reads).toHaveLength(4);
    reads[3]!.resolve('v4');
    expect(await alone).toBe('v4');
  });

  it('passes a failed read to the requests that waited for it, and reads afresh after', async () => {
    let n = 0;
    const version = new FreshVersion(async () => {
      n++;
      if (n === 1) throw new Error('connection lost');
      return `v${n}`;
    });
    await expect(version.current()).rejects.toThrow('connection lost');
    expect(await version.current()).toBe('v2');
  });
});
