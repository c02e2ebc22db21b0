import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../src/api/auth.js';
import { startApiHarness, type ApiHarness } from './harness.js';

/**
 * The review's attack: a page on the same host, another port, posted an upload with the
 * officer's cookie (SameSite ignores ports). Writes signed in by cookie must now come from our
 * own origin (Origin, else Referer); bearer-token callers are unaffected.
 */
let h: ApiHarness;
let configured: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  configured = await startApiHarness({ PUBLIC_URL: 'https://estates.example.nhs.uk' });
});
afterAll(async () => {
  await h?.close();
  await configured?.close();
});

const boundary = '----same-origin-test';
const uploadForm = (content: string) =>
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );

async function sessionOf(app: ApiHarness, origin: string): Promise<string> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name: 'test-officer', password: app.accounts.officer.password },
    headers: { origin },
  });
  expect(res.statusCode).toBe(200);
  return res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
}

const upload = (app: ApiHarness, headers: Record<string, string>, session: string | null, content: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload: uploadForm(content),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
    ...(session ? { cookies: { [SESSION_COOKIE]: session } } : {}),
  });

const uploads = async (app: ApiHarness) => (await app.t.db.selectFrom('uploads').select('id').execute()).length;

describe('cookie-authenticated writes check where they came from', () => {
  it('a cross-origin POST with the cookie is 403 and stores nothing; from our own page it is stored', async () => {
    const own = h.app.publicUrl();
    const session = await sessionOf(h, own);
    const port = new URL(own).port;
    const otherPort = `http://127.0.0.1:${Number(port) + 1}`;
    const refused: Array<Record<string, string>> = [
      { origin: otherPort },
      { origin: 'https://evil.example.org' },
      { referer: `${otherPort}/upload.html` },
      {}, // neither Origin nor Referer
      { origin: 'null' }, // a sandboxed frame or a file: page
    ];
    for (const headers of refused) {
      const res = await upload(h, headers, session, 'ref,name\nA1,Cross Origin\n');
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/own pages/) });
    }
    expect(await uploads(h)).toBe(0);
    expect((await upload(h, { origin: own }, session, 'ref,name\nA2,Own Page\n')).statusCode).toBe(201);
    // Referer stands in for a proxy that strips Origin; localhost is the same loopback server.
    expect((await upload(h, { referer: `${own}/#upload` }, session, 'ref,name\nA3,Ref\n')).statusCode).toBe(201);
    const localhost = `http://localhost:${port}`;
    expect((await upload(h, { origin: localhost }, session, 'ref,name\nA4,Localhost\n')).statusCode).toBe(201);
    expect(await uploads(h)).toBe(3);
    // Signing out is a write too.
    const out = await h.app.inject({
      method: 'DELETE',
      url: '/api/session',
      cookies: { [SESSION_COOKIE]: session },
      headers: { origin: otherPort },
    });
    expect(out.statusCode).toBe(403);
  });

  it('reads with the cookie and writes with a bearer token are unaffected', async () => {
    const session = await sessionOf(h, h.app.publicUrl());
    const read = await h.app.inject({
      url: '/api/uploads',
      cookies: { [SESSION_COOKIE]: session },
      headers: { origin: 'https://evil.example.org' },
    });
    expect(read.statusCode).toBe(200);
    const scripted = await upload(h, { ...h.bearer('officer'), origin: 'https://evil.example.org' }, null, 'r\nB1\n');
    expect(scripted.statusCode).toBe(201);
  });

  it('a foreign page cannot sign a browser in', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'test-officer', password: h.accounts.officer.password },
      headers: { origin: 'https://evil.example.org' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies).toEqual([]);
  });

  it('with PUBLIC_URL set, only its origin is our own', async () => {
    const session = await sessionOf(configured, 'https://estates.example.nhs.uk');
    const port = new URL(configured.app.publicUrl()).port || '443';
    expect(port).toBe('443');
    const loopback = await upload(configured, { origin: 'http://localhost:3000' }, session, 'r\nC1\n');
    expect(loopback.statusCode).toBe(403);
    const own = await upload(configured, { origin: 'https://estates.example.nhs.uk' }, session, 'r\nC2\n');
    expect(own.statusCode).toBe(201);
  });
});
