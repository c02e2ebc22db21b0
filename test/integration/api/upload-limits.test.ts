import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_RETRY_AFTER_SECONDS } from '../../../src/api/upload-slots.js';
import { addUser } from '../../../src/db/users.js';
import { HARNESS_ORG, startApiHarness, type ApiHarness } from './harness.js';

/**
 * Uploads being received at once are limited per user and in all: an upload held open on a real
 * socket keeps its slot, and the next beyond a limit is 429 with Retry-After, reading nothing.
 */
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApiHarness({ UPLOADS_AT_ONCE: '2', UPLOADS_AT_ONCE_PER_USER: '1' });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => h?.close());

const boundary = '----upload-limits';
const head = (name: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n` +
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}.csv"\r\nContent-Type: text/csv\r\n\r\nProperty Reference,Name\r\n`;
const tail = (name: string) => `${name.toUpperCase()}-1,Clinic ${name}\r\n--${boundary}--\r\n`;

/** An upload whose body is sent in two parts, the second only when `finish` is called. */
function heldUpload(token: string, name: string): { finish(): Promise<number>; sent: Promise<void> } {
  let req: ClientRequest;
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req = httpRequest(`${base}/api/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', resolve).on('error', reject);
  });
  const sent = new Promise<void>((resolve) => req!.write(head(name), () => resolve()));
  return {
    sent,
    finish: async () => {
      req!.end(tail(name));
      const res = await answered;
      res.resume();
      return res.statusCode ?? 0;
    },
  };
}

const inject = (token: string, name: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: head(name) + tail(name),
  });

/** Until the server is reading the held uploads (their handlers hold the slots), with room for a loaded machine. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('concurrent uploads', () => {
  it('refuses a second upload by the same user while the first is received, then takes it', async () => {
    const first = heldUpload(h.accounts.officer.token, 'first');
    await first.sent;
    await settle();
    const second = await inject(h.accounts.officer.token, 'second');
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe(String(UPLOAD_RETRY_AFTER_SECONDS));
    expect(second.json()).toMatchObject({
      error: 'too_many_requests',
      message: expect.stringMatching(/being received/),
    });
    // another user still has room
    expect((await inject(h.accounts.admin.token, 'other-user')).statusCode).toBe(201);
    expect(await first.finish()).toBe(201);
    expect((await inject(h.accounts.officer.token, 'after')).statusCode).toBe(201);
    const names = (await h.t.db.selectFrom('uploads').select('filename').orderBy('id').execute()).map(
      (u) => u.filename,
    );
    expect(names).toEqual(['other-user.csv', 'first.csv', 'after.csv']);
  });

  it('refuses anyone once the process has its limit in hand', async () => {
    const third = await addUser(h.t.db, 'third-officer', 'officer', { org: HARNESS_ORG });
    const a = heldUpload(h.accounts.officer.token, 'held-a');
    const b = heldUpload(h.accounts.admin.token, 'held-b');
    await Promise.all([a.sent, b.sent]);
    await settle();
    const refused = await inject(third.token, 'refused');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/2 uploads are being received/);
    expect(await a.finish()).toBe(201);
    expect(await b.finish()).toBe(201);
    expect((await inject(third.token, 'in-turn')).statusCode).toBe(201);
  });
});
